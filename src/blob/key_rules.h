// Private to src/blob: the key rules shared by validate_key() and the backends.
#pragma once

#include <string_view>

#include "core/result.h"

namespace vitrine::blob::internal {

// Segments starting with this are the local backend's temporary files; keys may not use it.
inline constexpr std::string_view kReservedSegmentPrefix = ".vitrine-tmp-";

// Longest key (S3's limit) and longest segment (a file name on common file systems), in bytes.
inline constexpr size_t kMaxKeyBytes = 1024;
inline constexpr size_t kMaxSegmentBytes = 255;

// True when `segment` is a valid complete key segment.
bool is_valid_segment(std::string_view segment);

// Checks a list() prefix: "" (everything), "a/b/" (a folder) or "a/b/pa" (ending mid-segment).
// Every complete segment follows the key rules; the last, partial one may be empty or any
// text without '/', backslashes or control characters. invalid_argument otherwise.
Status validate_prefix(std::string_view prefix);

}  // namespace vitrine::blob::internal
