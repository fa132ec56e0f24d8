#include "core/url.h"

#include <gtest/gtest.h>

#include "testing/matchers.h"

namespace vitrine {
namespace {

TEST(Url, PercentDecodingRejectsMalformedEscapesAndKeepsPlus) {
  EXPECT_EQ(*percent_decode("a%2e%2E%2Fb"), "a../b");
  EXPECT_EQ(*percent_decode("a+b"), "a+b");
  EXPECT_FALSE(percent_decode("a%2"));
  EXPECT_FALSE(percent_decode("a%zz"));
  EXPECT_FALSE(percent_decode("%"));
  EXPECT_EQ(percent_encode("a b/c"), "a%20b%2Fc");
  EXPECT_EQ(percent_encode("themes/a b/c.css", "/"), "themes/a%20b/c.css");
}

TEST(Url, FormDecodingReadsPlusAsASpace) {
  EXPECT_EQ(*form_decode("red+shoes%2Bsocks"), "red shoes+socks");
  EXPECT_FALSE(form_decode("100%"));
}

TEST(Url, ParseSplitsAnAbsoluteUrlIntoDecodedParts) {
  auto u = parse_url("HTTPS://shop:p%40ss@Admin.Example.com:8443/a%20b?x=1&y=a+b&flag");
  ASSERT_THAT(u, IsOk());
  EXPECT_EQ(u->scheme, "https");
  EXPECT_EQ(u->host, "Admin.Example.com");
  EXPECT_EQ(u->port, "8443");
  EXPECT_TRUE(u->has_password);
  EXPECT_EQ(u->password, "p@ss");
  EXPECT_EQ(u->encoded_password, "p%40ss");
  EXPECT_EQ(u->path, "/a b");
  ASSERT_EQ(u->params.size(), 3u);
  EXPECT_EQ(u->params[1], (std::pair<std::string, std::string>{"y", "a+b"}));
  EXPECT_EQ(u->params[2], (std::pair<std::string, std::string>{"flag", ""}));

  auto v6 = parse_url("http://[::1]:8080/");
  ASSERT_THAT(v6, IsOk());
  EXPECT_EQ(v6->host, "[::1]");
  EXPECT_EQ(v6->port, "8080");
}

TEST(Url, ParseRefusesWhatIsNotAnAbsoluteUrlWithoutEchoingIt) {
  for (const char* bad : {"", "example.com/x", "http://sec ret@host/", "http://[::1/"}) {
    auto u = parse_url(bad);
    ASSERT_THAT(u, StatusIs(errc::kInvalidArgument)) << bad;
    EXPECT_EQ(u.error().message.find("sec ret"), std::string::npos) << u.error().message;
  }
}

TEST(Url, RedactionHidesUserinfoAndQueryPasswords) {
  EXPECT_EQ(redact_url_password("postgresql://shop:s3cret@db:5432/v?sslmode=require"),
            "postgresql://shop:***@db:5432/v?sslmode=require");
  EXPECT_EQ(redact_url_password("postgresql://shop@db/v?password=s3cret&pool_size=4"),
            "postgresql://shop@db/v?password=***&pool_size=4");
  EXPECT_EQ(redact_url_password("sqlite:///var/lib/vitrine/db.sqlite"),
            "sqlite:///var/lib/vitrine/db.sqlite");
  EXPECT_EQ(redact_url_password("host=db password=s3cret"), "host=db password=***");
}

TEST(Url, RemovingAQueryParameterKeepsTheRestAsWritten) {
  EXPECT_EQ(remove_query_param("postgresql://u@h/db?pool_size=4&sslmode=require", "pool_size"),
            "postgresql://u@h/db?sslmode=require");
  EXPECT_EQ(remove_query_param("postgresql://u@h/db?pool_size=4", "pool_size"),
            "postgresql://u@h/db");
  EXPECT_EQ(remove_query_param("postgresql://u@h/db?a=%2F", "pool_size"),
            "postgresql://u@h/db?a=%2F");
}

}  // namespace
}  // namespace vitrine
