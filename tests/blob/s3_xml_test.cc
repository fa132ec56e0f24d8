#include "blob/s3_xml.h"

#include <gtest/gtest.h>

#include "testing/matchers.h"

namespace vitrine::blob::internal {
namespace {

using ::vitrine::IsOk;
using ::vitrine::StatusIs;

// What ListObjectsV2 answers (trimmed), with keys that need escaping in XML.
constexpr std::string_view kListing = R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>shop</Name>
  <Contents><Key>themes/a&amp;b &lt;1&gt;.css</Key><Size>12</Size></Contents>
  <Contents><Key>caf&#xE9;&#13;.txt</Key><Size>3</Size></Contents>
  <IsTruncated>true</IsTruncated>
  <NextContinuationToken>tok+/=</NextContinuationToken>
</ListBucketResult>)";

TEST(S3Xml, ElementsComeWithTheirPathsChildrenFirstAndEntitiesDecoded) {
  auto elements = parse_s3_xml(kListing);
  ASSERT_THAT(elements, IsOk());
  std::vector<std::string> keys;
  for (const S3XmlElement& e : *elements)
    if (e.path == "ListBucketResult/Contents/Key") keys.push_back(e.text);
  EXPECT_EQ(keys, (std::vector<std::string>{"themes/a&b <1>.css", "caf\xC3\xA9\r.txt"}));
  // A <Contents> closes after its Key and Size, so a reader can take the entry there.
  ASSERT_GE(elements->size(), 4u);
  EXPECT_EQ((*elements)[1].path, "ListBucketResult/Contents/Key");
  EXPECT_EQ((*elements)[2].path, "ListBucketResult/Contents/Size");
  EXPECT_EQ((*elements)[3].path, "ListBucketResult/Contents");
  EXPECT_EQ(s3_xml_text(kListing, "ListBucketResult/NextContinuationToken"), "tok+/=");
  EXPECT_EQ(s3_xml_text(kListing, "ListBucketResult/Missing"), "");
}

TEST(S3Xml, AnErrorAnswerGivesItsCodeAndMessage) {
  constexpr std::string_view error =
      "<Error><Code>NoSuchBucket</Code><Message>The bucket does not exist</Message></Error>";
  EXPECT_EQ(s3_xml_text(error, "Error/Code"), "NoSuchBucket");
  EXPECT_EQ(s3_xml_text(error, "Error/Message"), "The bucket does not exist");
}

TEST(S3Xml, MalformedXmlIsAnErrorNamingLineAndColumn) {
  auto elements = parse_s3_xml("<ListBucketResult>\n  <Contents><Key>a</Contents>\n");
  ASSERT_THAT(elements, StatusIs(errc::kIo));
  EXPECT_EQ(elements.error().details["line"], 2);
  EXPECT_NE(elements.error().message.find("line 2"), std::string::npos) << elements.error().message;
  EXPECT_EQ(s3_xml_text("<html>proxy error", "Error/Code"), "");
}

}  // namespace
}  // namespace vitrine::blob::internal
