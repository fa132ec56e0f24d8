#include "http/router.h"

#include <gtest/gtest.h>

namespace vitrine::http {
namespace {

Response ok(Request&) { return Response::text(200, "ok"); }

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router.add("GET", "/", ok);
    router.add("GET", "/themes", ok);
    router.add("POST", "/themes", ok);
    router.add("GET", "/themes/{slug}", ok, Dispatch::kInline);
    router.add("DELETE", "/themes/{slug}", ok);
    router.add("GET", "/themes/{slug}/versions/{version}", ok);
    router.add("GET", "/cdn/themes/{slug}/{version}/{path...}", ok, Dispatch::kInline);
  }
  Router router;
};

TEST_F(RouterTest, MatchesLiteralRoutes) {
  auto m = router.match("GET", "/themes");
  ASSERT_NE(m.handler, nullptr);
  EXPECT_TRUE(m.params.empty());
  EXPECT_EQ(m.dispatch, Dispatch::kBlocking);
  EXPECT_NE(router.match("GET", "/").handler, nullptr);
}

TEST_F(RouterTest, ExtractsDecodedParameters) {
  auto m = router.match("GET", "/themes/kendu%20store/versions/1.2.0");
  ASSERT_NE(m.handler, nullptr);
  EXPECT_EQ(m.params.at("slug"), "kendu store");
  EXPECT_EQ(m.params.at("version"), "1.2.0");
}

TEST_F(RouterTest, RestParameterTakesTheRemainingPath) {
  auto m = router.match("GET", "/cdn/themes/kendu/1.0.0/build/css/app.css");
  ASSERT_NE(m.handler, nullptr);
  EXPECT_EQ(m.dispatch, Dispatch::kInline);
  EXPECT_EQ(m.params.at("slug"), "kendu");
  EXPECT_EQ(m.params.at("version"), "1.0.0");
  EXPECT_EQ(m.params.at("path"), "build/css/app.css");
}

TEST_F(RouterTest, RestParameterNeedsAtLeastOneCharacter) {
  EXPECT_EQ(router.match("GET", "/cdn/themes/kendu/1.0.0").handler, nullptr);
  EXPECT_EQ(router.match("GET", "/cdn/themes/kendu/1.0.0/").handler, nullptr);
}

TEST_F(RouterTest, TrailingSlashIsIgnored) {
  EXPECT_NE(router.match("GET", "/themes/").handler, nullptr);
  auto m = router.match("GET", "/themes/kendu/");
  ASSERT_NE(m.handler, nullptr);
  EXPECT_EQ(m.params.at("slug"), "kendu");
}

TEST_F(RouterTest, HeadUsesGetRoutes) {
  EXPECT_NE(router.match("HEAD", "/themes/kendu").handler, nullptr);
}

TEST_F(RouterTest, UnknownPathHasNoHandlerAndNoAllow) {
  auto m = router.match("GET", "/nothing/here");
  EXPECT_EQ(m.handler, nullptr);
  EXPECT_TRUE(m.allow.empty());
  EXPECT_EQ(router.match("GET", "/themes/a/b").handler, nullptr);
}

TEST_F(RouterTest, KnownPathWithOtherMethodListsAllowedMethods) {
  auto m = router.match("PUT", "/themes/kendu");
  EXPECT_EQ(m.handler, nullptr);
  EXPECT_EQ(m.allow, "GET, HEAD, DELETE");
  EXPECT_EQ(router.match("PATCH", "/themes").allow, "GET, HEAD, POST");
}

TEST_F(RouterTest, MalformedEscapeInParameterDoesNotMatch) {
  auto m = router.match("GET", "/themes/bad%zz");
  EXPECT_EQ(m.handler, nullptr);
  EXPECT_EQ(router.match("GET", "/cdn/themes/a/1.0.0/x%2").handler, nullptr);
}

TEST_F(RouterTest, FirstRegisteredRouteWins) {
  Router r;
  int which = 0;
  r.add("GET", "/a/{x}", [&](Request&) {
    which = 1;
    return Response::text(200, "");
  });
  r.add("GET", "/a/b", [&](Request&) {
    which = 2;
    return Response::text(200, "");
  });
  auto m = r.match("GET", "/a/b");
  ASSERT_NE(m.handler, nullptr);
  Request req;
  (void)(*m.handler)(req);
  EXPECT_EQ(which, 1);
}

}  // namespace
}  // namespace vitrine::http
