#include "blob/blob_store.h"

#include <cstdio>

#include "blob/key_rules.h"
#include "blob/local_blob_store.h"
#include "blob/s3_blob_store.h"
#include "core/text.h"

namespace vitrine::blob {
namespace {

bool is_valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    uint32_t cp = 0;
    if (c >= 0xc2 && c <= 0xdf) {
      len = 2, cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      len = 3, cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      len = 4, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3f);
    }
    if (len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) return false;
    if (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) return false;
    i += len;
  }
  return true;
}

// The key as it can be shown in a message: control characters (and, when the key is not
// UTF-8, every non-ASCII byte) escaped as \xNN, cut after 200 bytes.
std::string printable(std::string_view key) {
  bool utf8 = is_valid_utf8(key);
  std::string out;
  for (size_t i = 0; i < key.size() && i < 200; ++i) {
    auto c = static_cast<unsigned char>(key[i]);
    if (c < 0x20 || c == 0x7f || (!utf8 && c >= 0x80)) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  if (key.size() > 200) out += "...";
  return out;
}

Unexpected invalid(std::string_view what, std::string_view key, const std::string& why) {
  std::string shown = printable(key);
  return fail(errc::kInvalidArgument,
              "invalid blob " + std::string(what) + " \"" + shown + "\": " + why, {{"key", shown}});
}

// Character-level rules shared by keys and prefixes; empty string when they hold.
std::string check_characters(std::string_view key) {
  for (size_t i = 0; i < key.size(); ++i) {
    auto c = static_cast<unsigned char>(key[i]);
    if (c < 0x20 || c == 0x7f) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "control character \\x%02x at byte %zu", c, i);
      return buf;
    }
    if (c == '\\') return "backslash at byte " + std::to_string(i) + "; keys use '/'";
  }
  if (!is_valid_utf8(key)) return "not valid UTF-8";
  if (!key.empty() && key.front() == '/') return "must be relative, not start with '/'";
  return "";
}

std::string check_segment(std::string_view segment) {
  if (segment.empty()) return "empty segment (\"//\" or a trailing '/')";
  if (segment == "." || segment == "..")
    return "segment \"" + std::string(segment) + "\" is not allowed";
  if (segment.starts_with(internal::kReservedSegmentPrefix)) {
    return "segments starting with \"" + std::string(internal::kReservedSegmentPrefix) +
           "\" are reserved";
  }
  if (segment.size() > internal::kMaxSegmentBytes) {
    return "segment longer than " + std::to_string(internal::kMaxSegmentBytes) + " bytes";
  }
  return "";
}

}  // namespace

namespace internal {

bool is_valid_segment(std::string_view segment) {
  return check_segment(segment).empty() && check_characters(segment).empty();
}

Status validate_prefix(std::string_view prefix) {
  if (prefix.empty()) return {};
  if (prefix.size() > kMaxKeyBytes) {
    return invalid("prefix", prefix, "longer than " + std::to_string(kMaxKeyBytes) + " bytes");
  }
  if (std::string why = check_characters(prefix); !why.empty()) {
    return invalid("prefix", prefix, why);
  }
  std::vector<std::string_view> segments = split(prefix, '/');
  for (size_t i = 0; i + 1 < segments.size(); ++i) {
    if (std::string why = check_segment(segments[i]); !why.empty()) {
      return invalid("prefix", prefix, why);
    }
  }
  if (segments.back().size() > kMaxSegmentBytes) {
    return invalid("prefix", prefix,
                   "segment longer than " + std::to_string(kMaxSegmentBytes) + " bytes");
  }
  return {};
}

}  // namespace internal

Status validate_key(std::string_view key) {
  if (key.empty()) return invalid("key", key, "must not be empty");
  if (key.size() > internal::kMaxKeyBytes) {
    return invalid("key", key, "longer than " + std::to_string(internal::kMaxKeyBytes) + " bytes");
  }
  if (std::string why = check_characters(key); !why.empty()) return invalid("key", key, why);
  for (std::string_view segment : split(key, '/')) {
    if (std::string why = check_segment(segment); !why.empty()) return invalid("key", key, why);
  }
  return {};
}

Result<std::unique_ptr<BlobStore>> BlobStore::open(const std::string& url) {
  std::string_view u = url;
  if (u.starts_with("file://")) {
    std::string_view path = u.substr(7);
    if (path.empty()) {
      return fail(errc::kConfig, "blob URL '" + url +
                                     "' has no folder: expected file:///abs/dir or file://rel/dir");
    }
    VITRINE_ASSIGN(auto store, LocalBlobStore::open_dir(std::filesystem::path(path)));
    return std::unique_ptr<BlobStore>(std::move(store));
  }
  if (u.starts_with("s3://")) {
    VITRINE_ASSIGN(auto store, S3BlobStore::open_url(url));
    return std::unique_ptr<BlobStore>(std::move(store));
  }
  size_t colon = u.find(':');
  std::string scheme(colon == std::string_view::npos ? u : u.substr(0, colon));
  return fail(errc::kConfig,
              "unsupported blob URL scheme '" + scheme +
                  "': expected file:///abs/dir, file://rel/dir or s3://bucket/prefix");
}

}  // namespace vitrine::blob
