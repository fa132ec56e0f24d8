#include "http/message.h"

#include <gtest/gtest.h>

namespace vitrine::http {
namespace {

TEST(HeadersTest, NamesAreCaseInsensitiveAndStoredLowerCase) {
  Headers h;
  h.set("Content-Type", "text/css");
  EXPECT_EQ(h.get("content-type"), "text/css");
  EXPECT_EQ(h.get("CONTENT-TYPE"), "text/css");
  ASSERT_EQ(h.all().size(), 1u);
  EXPECT_EQ(h.all()[0].first, "content-type");
}

TEST(HeadersTest, SetReplacesEveryValueAndAddAppends) {
  Headers h;
  h.add("Set-Cookie", "a=1");
  h.add("set-cookie", "b=2");
  EXPECT_EQ(h.all().size(), 2u);
  EXPECT_EQ(h.get("Set-Cookie"), "a=1");
  h.set("SET-COOKIE", "c=3");
  ASSERT_EQ(h.all().size(), 1u);
  EXPECT_EQ(h.get("set-cookie"), "c=3");
  h.remove("Set-Cookie");
  EXPECT_FALSE(h.get("set-cookie").has_value());
}

TEST(RequestTest, QueryParametersAreDecoded) {
  Request r;
  r.query = "q=hello+world&path=a%2Fb&flag&empty=&q=second";
  EXPECT_EQ(r.query_param("q"), "hello world");
  EXPECT_EQ(r.query_param("path"), "a/b");
  EXPECT_EQ(r.query_param("flag"), "");
  EXPECT_EQ(r.query_param("empty"), "");
  EXPECT_FALSE(r.query_param("missing").has_value());
}

TEST(ResponseTest, ErrorHasTheOneJsonFormat) {
  Response r = Response::error(make_error(errc::kNotFound, "theme 'x' not found"), "req-1");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.headers.get("content-type"), "application/json");
  auto j = nlohmann::json::parse(r.body.view());
  const auto& e = j.at("error");
  EXPECT_EQ(e.at("code"), "not_found");
  EXPECT_EQ(e.at("message"), "theme 'x' not found");
  EXPECT_TRUE(e.at("details").is_object());
  EXPECT_TRUE(e.at("details").empty());
  EXPECT_EQ(e.at("request_id"), "req-1");
  std::string ts = e.at("timestamp");
  EXPECT_EQ(ts.size(), 24u);  // 2026-11-22T10:04:05.123Z
  EXPECT_EQ(ts.back(), 'Z');
}

TEST(ResponseTest, ErrorKeepsDetails) {
  Response r =
      Response::error(make_error(errc::kValidationFailed, "bad", {{"pointer", "/a"}}), "id");
  EXPECT_EQ(r.status, 422);
  auto j = nlohmann::json::parse(r.body.view());
  EXPECT_EQ(j["error"]["details"]["pointer"], "/a");
}

TEST(ResponseTest, JsonSetsContentType) {
  Response r = Response::json(201, {{"a", 1}});
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.headers.get("content-type"), "application/json");
  EXPECT_EQ(r.body.view(), R"({"a":1})");
}

TEST(ResponseTest, BodySharesItsBuffer) {
  Body b = Body::of("hello world");
  Body slice{b.data, 6, 5};
  EXPECT_EQ(slice.view(), "world");
  EXPECT_EQ(slice.data.get(), b.data.get());
  EXPECT_EQ(Body{}.view(), "");
}

}  // namespace
}  // namespace vitrine::http
