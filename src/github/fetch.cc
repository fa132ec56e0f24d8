#include "github/fetch.h"

#include <curl/curl.h>

#include <memory>
#include <mutex>

namespace vitrine::github {
namespace {

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

struct Sink {
  std::string body;
  uint64_t max_bytes = 0;
  bool too_large = false;
};

// Stops the transfer as soon as the body would pass the limit: servers that announce no
// Content-Length (or lie about it) cannot make us buffer more.
size_t append_limited(char* data, size_t size, size_t count, void* out) {
  auto* sink = static_cast<Sink*>(out);
  size_t n = size * count;
  if (sink->body.size() + n > sink->max_bytes) {
    sink->too_large = true;
    return 0;  // aborts with CURLE_WRITE_ERROR
  }
  sink->body.append(data, n);
  return n;
}

int check_cancel(void* cancel, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<const std::atomic<bool>*>(cancel)->load() ? 1 : 0;
}

Unexpected too_large(const std::string& url, uint64_t limit) {
  return fail(errc::kPayloadTooLarge,
              url + ": the archive is larger than " + std::to_string(limit) + " bytes",
              {{"limit", "max_archive_bytes"}, {"max_bytes", limit}});
}

}  // namespace

Result<std::string> fetch_url(const std::string& url, const FetchOptions& options) {
  if (!url.starts_with("http://") && !url.starts_with("https://") && !url.starts_with("file://"))
    return fail(errc::kInvalidArgument, url + ": expected an http, https or file URL");
  static std::once_flag global_init;
  std::call_once(global_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return fail(errc::kInternal, "curl_easy_init failed");
  CURL* c = curl.get();
  Sink sink;
  sink.max_bytes = options.max_bytes;
  std::unique_ptr<curl_slist, SlistDeleter> headers;
  if (!options.bearer_token.empty()) {
    std::string auth = "Authorization: Bearer " + options.bearer_token;
    headers.reset(curl_slist_append(headers.release(), auth.c_str()));
  }
  // GitHub's API hands out release assets as octet-stream only when asked; others ignore it.
  headers.reset(curl_slist_append(headers.release(), "Accept: application/octet-stream"));
  headers.reset(curl_slist_append(headers.release(), "User-Agent: vitrine-github-integration"));
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https,file");
  // A redirect may not reach local files; curl drops the Authorization header when a redirect
  // changes host, so the token never leaves for a CDN.
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(options.timeout.count()));
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_bytes));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, append_limited);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  if (options.cancel != nullptr) {
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, check_cancel);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, options.cancel);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  }
  char error_buffer[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_buffer);

  CURLcode rc = curl_easy_perform(c);
  if (sink.too_large || rc == CURLE_FILESIZE_EXCEEDED) return too_large(url, options.max_bytes);
  if (rc == CURLE_ABORTED_BY_CALLBACK)
    return fail(errc::kUnavailable, "GET " + url + ": cancelled (the server is stopping)",
                {{"url", url}, {"cancelled", true}});
  if (rc != CURLE_OK) {
    std::string why = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(rc);
    return fail(errc::kUnavailable, "GET " + url + ": " + why, {{"url", url}});
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status >= 400) {  // file:// answers 0
    return fail(errc::kUnavailable, "GET " + url + ": HTTP " + std::to_string(status),
                {{"url", url}, {"status", status}});
  }
  return std::move(sink.body);
}

}  // namespace vitrine::github
