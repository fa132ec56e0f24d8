// http::etag_matches, the one If-None-Match implementation (the CDN and cached pages use it).
#include <gtest/gtest.h>

#include "http/message.h"

namespace vitrine::http {
namespace {

TEST(EtagMatchesTest, ExactTagMatches) {
  EXPECT_TRUE(etag_matches("\"abc\"", "\"abc\""));
  EXPECT_FALSE(etag_matches("\"abd\"", "\"abc\""));
  EXPECT_FALSE(etag_matches("\"ab\"", "\"abc\""));
}

TEST(EtagMatchesTest, AnyMemberOfAListMatches) {
  EXPECT_TRUE(etag_matches("\"x\", \"abc\"", "\"abc\""));
  EXPECT_TRUE(etag_matches("\"x\",\"abc\",\"y\"", "\"abc\""));
  EXPECT_TRUE(etag_matches(" \t\"x\" ,\t \"abc\"  ", "\"abc\""));
  EXPECT_FALSE(etag_matches("\"x\", \"y\"", "\"abc\""));
}

TEST(EtagMatchesTest, StarMatchesAnyRepresentation) {
  EXPECT_TRUE(etag_matches("*", "\"abc\""));
  EXPECT_TRUE(etag_matches(" * ", "\"abc\""));
  EXPECT_FALSE(etag_matches("*abc", "\"abc\""));
}

TEST(EtagMatchesTest, ComparisonIsWeak) {
  // RFC 9110 §13.1.2: If-None-Match uses the weak comparison, W/ is ignored on both sides.
  EXPECT_TRUE(etag_matches("W/\"abc\"", "\"abc\""));
  EXPECT_TRUE(etag_matches("\"abc\"", "W/\"abc\""));
  EXPECT_TRUE(etag_matches("\"x\", W/\"abc\"", "W/\"abc\""));
  EXPECT_FALSE(etag_matches("W/\"abd\"", "\"abc\""));
}

TEST(EtagMatchesTest, CommaInsideATagIsPartOfTheTag) {
  EXPECT_TRUE(etag_matches("W/\"a,b\"", "\"a,b\""));
  EXPECT_TRUE(etag_matches("\"x\", \"a,b\"", "\"a,b\""));
  EXPECT_FALSE(etag_matches("\"a,b\"", "\"b\""));
}

TEST(EtagMatchesTest, MalformedMembersNeverMatch) {
  EXPECT_FALSE(etag_matches("", "\"abc\""));
  EXPECT_FALSE(etag_matches("abc", "\"abc\""));        // unquoted
  EXPECT_FALSE(etag_matches("\"abc", "\"abc\""));      // unterminated
  EXPECT_FALSE(etag_matches("w/\"abc\"", "\"abc\""));  // the weak prefix is case-sensitive
  // A malformed member does not hide a later good one.
  EXPECT_TRUE(etag_matches("garbage, \"abc\"", "\"abc\""));
}

}  // namespace
}  // namespace vitrine::http
