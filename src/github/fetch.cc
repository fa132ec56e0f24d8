#include "github/fetch.h"

#include "http/client.h"

namespace vitrine::github {

Result<std::string> fetch_url(const std::string& url, const FetchOptions& options) {
  if (!url.starts_with("http://") && !url.starts_with("https://") && !url.starts_with("file://"))
    return fail(errc::kInvalidArgument, url + ": expected an http, https or file URL");
  http::ClientRequest request;
  request.url = url;
  if (!options.bearer_token.empty())
    request.headers.push_back("Authorization: Bearer " + options.bearer_token);
  // GitHub's API hands out release assets as octet-stream only when asked; others ignore it.
  request.headers.push_back("Accept: application/octet-stream");
  request.user_agent = "vitrine-github-integration";
  request.protocols = "http,https,file";
  request.follow_redirects = true;
  request.timeout = options.timeout;
  request.max_body_bytes = options.max_bytes;
  request.cancel = options.cancel;
  auto response = http::send_request(request);
  if (!response) {
    Error e = response.error();
    if (e.code == errc::kPayloadTooLarge) {
      return fail(
          errc::kPayloadTooLarge,
          url + ": the archive is larger than " + std::to_string(options.max_bytes) + " bytes",
          {{"limit", "max_archive_bytes"}, {"max_bytes", options.max_bytes}});
    }
    if (e.details.value("cancelled", false))
      return fail(errc::kUnavailable, "GET " + url + ": cancelled (the server is stopping)",
                  {{"url", url}, {"cancelled", true}});
    return fail(errc::kUnavailable, e.message, {{"url", url}});
  }
  if (response->status >= 400) {  // file:// answers 0
    return fail(errc::kUnavailable, "GET " + url + ": HTTP " + std::to_string(response->status),
                {{"url", url}, {"status", response->status}});
  }
  return std::move(response->body);
}

}  // namespace vitrine::github
