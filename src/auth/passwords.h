// Password hashing with argon2id (libsodium's crypto_pwhash_str at the "interactive" cost, about
// 64 MiB and a fraction of a second per hash). The stored string carries algorithm, salt and
// cost, so stronger settings later still verify old hashes.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace vitrine::auth {

inline constexpr size_t kMinPasswordLength = 8;
inline constexpr size_t kMaxPasswordLength = 1024;  // bounds the work a login request can cause

// invalid_argument (pointer "/password") unless `password` has 8 to 1024 bytes.
Status check_password_policy(std::string_view password);

// The argon2id hash string ("$argon2id$v=19$m=...") of `password` with a fresh random salt.
// internal_error only when the system cannot allocate the memory argon2id needs.
Result<std::string> hash_password(std::string_view password);

// True when `password` matches `hash` (a string from hash_password). False for a wrong password
// and for a malformed hash.
bool verify_password(std::string_view password, const std::string& hash);

// A valid hash of a password nobody knows, computed once. Logins for unknown emails verify
// against it so that they take as long as a wrong password for a real account.
const std::string& dummy_password_hash();

}  // namespace vitrine::auth
