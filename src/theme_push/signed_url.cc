#include "theme_push/signed_url.h"

#include <charconv>

#include "core/hash.h"

namespace vitrine::theme_push {
namespace {

std::string signed_text(const std::string& slug, const std::string& version, int64_t expires) {
  // Newline-separated: slugs and versions never contain one, so no two drafts sign alike.
  return "drafts\n" + slug + "\n" + version + "\n" + std::to_string(expires);
}

}  // namespace

std::string draft_cdn_base(const std::string& slug, const std::string& version) {
  return "/cdn/drafts/" + slug + "/" + version + "/";
}

std::string sign_draft_query(std::string_view secret, const std::string& slug,
                             const std::string& version, int64_t expires_unix) {
  return "expires=" + std::to_string(expires_unix) +
         "&sig=" + hmac_sha256_hex(secret, signed_text(slug, version, expires_unix));
}

Status verify_draft_query(std::string_view secret, const std::string& slug,
                          const std::string& version, std::string_view expires,
                          std::string_view sig, int64_t now_unix) {
  int64_t at = 0;
  auto [end, ec] = std::from_chars(expires.data(), expires.data() + expires.size(), at);
  if (expires.empty() || sig.empty() || ec != std::errc() || end != expires.data() + expires.size())
    return fail(errc::kForbidden,
                "draft files need a signed URL (expires and sig query parameters); ask "
                "GET /api/themes/{id}/drafts/{version}/url for one");
  const std::string expected = hmac_sha256_hex(secret, signed_text(slug, version, at));
  if (!constant_time_equal(expected, sig))
    return fail(errc::kForbidden, "the signature of this draft URL is not valid");
  if (at < now_unix)
    return fail(errc::kForbidden, "this draft URL expired; ask for a new one",
                {{"expired_at", at}});
  return {};
}

}  // namespace vitrine::theme_push
