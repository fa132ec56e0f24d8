#include "auth/passwords.h"

#include <sodium.h>

#include <cstdlib>

#include "core/ids.h"

namespace vitrine::auth {
namespace {

// sodium_init() must run before any other libsodium call; it is idempotent and thread-safe,
// the static only avoids repeating it.
void ensure_sodium() {
  static const int initialised = [] {
    if (sodium_init() < 0) std::abort();  // no usable randomness: nothing secure can run
    return 1;
  }();
  (void)initialised;
}

}  // namespace

Status check_password_policy(std::string_view password) {
  if (password.size() < kMinPasswordLength)
    return fail(errc::kInvalidArgument,
                "/password: must be at least " + std::to_string(kMinPasswordLength) + " characters",
                {{"pointer", "/password"}, {"min_length", kMinPasswordLength}});
  if (password.size() > kMaxPasswordLength)
    return fail(errc::kInvalidArgument,
                "/password: must be at most " + std::to_string(kMaxPasswordLength) + " bytes",
                {{"pointer", "/password"}, {"max_length", kMaxPasswordLength}});
  return {};
}

Result<std::string> hash_password(std::string_view password) {
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return fail(errc::kInternal, "password hashing ran out of memory");
  return std::string(out);
}

bool verify_password(std::string_view password, const std::string& hash) {
  ensure_sodium();
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

const std::string& dummy_password_hash() {
  static const std::string hash = [] {
    auto h = hash_password(random_hex(16));
    return h.ok() ? *h : std::string();
  }();
  return hash;
}

}  // namespace vitrine::auth
