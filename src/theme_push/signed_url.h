// Signed URLs for draft theme versions: drafts are private, and a preview link grants read
// access to one draft version until it expires. The signature is HMAC-SHA256 over the draft and
// the expiry, so the link cannot be moved to another draft or extended.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vitrine::theme_push {

inline constexpr int64_t kDefaultDraftUrlSeconds = 15 * 60;
inline constexpr int64_t kMaxDraftUrlSeconds = 7 * 24 * 3600;

// The CDN path of a draft version: "/cdn/drafts/<slug>/<version>/".
std::string draft_cdn_base(const std::string& slug, const std::string& version);

// The query string that grants access to every file of the draft until `expires_unix`:
// "expires=<unix seconds>&sig=<hex>".
std::string sign_draft_query(std::string_view secret, const std::string& slug,
                             const std::string& version, int64_t expires_unix);

// Checks a request's expires/sig against the draft. forbidden when a value is missing or
// malformed, the signature does not match (tampered, or for another draft), or the link expired
// before `now_unix` (the message says which).
Status verify_draft_query(std::string_view secret, const std::string& slug,
                          const std::string& version, std::string_view expires,
                          std::string_view sig, int64_t now_unix);

}  // namespace vitrine::theme_push
