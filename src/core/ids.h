// Random identifiers: UUIDs for rows, opaque tokens for credentials. Both use OpenSSL's CSPRNG.
#pragma once

#include <string>

namespace vitrine {

// A random (version 4) UUID in canonical lower-case form, e.g. "3f0c…-4…".
std::string new_uuid();

// `bytes` random bytes as lower-case hex (2*bytes characters).
std::string random_hex(size_t bytes);

// `n` random characters from [a-z0-9], for human-visible suffixes such as slugs.
std::string random_alnum(size_t n);

// True when `s` is a canonical UUID (8-4-4-4-12 hex digits).
bool is_uuid(std::string_view s);

}  // namespace vitrine
