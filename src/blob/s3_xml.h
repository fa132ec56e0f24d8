// The XML of S3's answers (ListObjectsV2, CreateMultipartUpload, errors), read with expat.
// Internal to the S3 store.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vitrine::blob::internal {

// One element of an S3 answer: its path from the root ("ListBucketResult/Contents/Key") and its
// text, entities and character references decoded.
struct S3XmlElement {
  std::string path;
  std::string text;
};

// Every element of `xml`, in the order they close (children before their parent), so a reader
// can collect a <Contents>'s fields and take the entry when "…/Contents" itself arrives.
// io_error naming the line and column when `xml` is not well-formed.
Result<std::vector<S3XmlElement>> parse_s3_xml(std::string_view xml);

// The text of the first element at `path`, or "" (also when `xml` is not well-formed).
std::string s3_xml_text(std::string_view xml, std::string_view path);

}  // namespace vitrine::blob::internal
