// Random identifiers: UUIDs for rows, opaque tokens for credentials. Both use OpenSSL's CSPRNG.
#pragma once

#include <string>

namespace vitrine {

// A version 7 UUID (RFC 9562: the time in milliseconds, then 74 random bits) in canonical
// lower-case form, e.g. "019af3c2-…-7…". Later ids sort after earlier ones, so new rows land at
// the end of every index on an id instead of on a random page of it.
std::string new_uuid();

// `bytes` random bytes as lower-case hex (2*bytes characters).
std::string random_hex(size_t bytes);

// `n` random characters from [a-z0-9], for human-visible suffixes such as slugs.
std::string random_alnum(size_t n);

// True when `s` is a canonical UUID (8-4-4-4-12 hex digits).
bool is_uuid(std::string_view s);

}  // namespace vitrine
