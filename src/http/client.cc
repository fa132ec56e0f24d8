#include "http/client.h"

#include <curl/curl.h>

#include <mutex>

namespace vitrine::http {
namespace {

struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

// What the callbacks of one transfer write into.
struct Transfer {
  const ClientRequest* request = nullptr;
  ClientResponse response;
  long status_line = 0;  // the status of the response whose headers are being read
  bool too_large = false;
  bool empty_range = false;
};

size_t on_body(char* data, size_t size, size_t count, void* out) {
  auto* t = static_cast<Transfer*>(out);
  size_t n = size * count;
  uint64_t limit = t->request->max_body_bytes;
  if (limit != 0 && t->response.body.size() + n > limit) {
    t->too_large = true;
    return 0;  // aborts with CURLE_WRITE_ERROR
  }
  t->response.body.append(data, n);
  return n;
}

size_t on_header(char* data, size_t size, size_t count, void* out) {
  auto* t = static_cast<Transfer*>(out);
  size_t n = size * count;
  std::string_view line(data, n);
  if (line.starts_with("HTTP/")) {  // a new response starts (after 100 Continue or a redirect)
    t->response.headers.clear();
    size_t sp = line.find(' ');
    t->status_line =
        sp == std::string_view::npos ? 0 : std::atol(std::string(line.substr(sp + 1, 3)).c_str());
    return n;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  std::string name(trim(line.substr(0, colon)));
  for (char& c : name)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  std::string_view value = trim(line.substr(colon + 1));
  t->response.headers.emplace_back(std::move(name), std::string(value));
  // A range of an empty representation ("bytes 0-0/0", as s3rver sends with a Content-Length of
  // 1 it never sends) has no body by definition: stop here instead of waiting for the timeout.
  if (t->response.headers.back().first == "content-range" && value.ends_with("/0")) {
    t->empty_range = true;
    return 0;
  }
  return n;
}

int on_progress(void* out, curl_off_t, curl_off_t, curl_off_t ultotal, curl_off_t ulnow) {
  const ClientRequest& r = *static_cast<Transfer*>(out)->request;
  if (r.cancel != nullptr && r.cancel->load()) return 1;
  if (r.on_upload && ultotal > 0)
    r.on_upload(static_cast<uint64_t>(ulnow), static_cast<uint64_t>(ultotal));
  return 0;
}

}  // namespace

struct HttpClient::Handle {
  CURL* curl = nullptr;
  Handle() {
    static std::once_flag global_init;
    std::call_once(global_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    curl = curl_easy_init();
  }
  ~Handle() {
    if (curl != nullptr) curl_easy_cleanup(curl);
  }
};

const std::string* ClientResponse::header(std::string_view name) const {
  for (const auto& [n, v] : headers)
    if (n == name) return &v;
  return nullptr;
}

HttpClient::HttpClient() : handle_(std::make_unique<Handle>()) {}
HttpClient::~HttpClient() = default;

Result<ClientResponse> HttpClient::send(const ClientRequest& request) {
  CURL* c = handle_->curl;
  auto unavailable = [&](std::string reason, nlohmann::json extra = nlohmann::json::object()) {
    extra["url"] = request.url;
    extra["reason"] = reason;
    return fail(errc::kUnavailable, request.method + " " + request.url + ": " + reason,
                std::move(extra));
  };
  if (c == nullptr) return unavailable("cannot create a libcurl handle");
  curl_easy_reset(c);  // keeps the connection cache, drops the previous request's options

  Transfer t;
  t.request = &request;
  std::unique_ptr<curl_slist, SlistDeleter> headers;
  for (const std::string& h : request.headers)
    headers.reset(curl_slist_append(headers.release(), h.c_str()));

  curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, request.protocols.c_str());
  if (request.follow_redirects) {
    // A redirect may not reach local files; curl drops Authorization when the host changes.
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
  }
  if (!request.use_proxy) curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
  // The body is exactly what the server sent: no Content-Encoding is undone.
  curl_easy_setopt(c, CURLOPT_HTTP_CONTENT_DECODING, 0L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(request.connect_timeout.count()));
  if (request.timeout.count() > 0)
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  if (request.stall_timeout.count() > 0) {
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, static_cast<long>(request.stall_timeout.count()));
  }
  if (request.max_body_bytes != 0)
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(request.max_body_bytes));
  if (!request.user_agent.empty())
    curl_easy_setopt(c, CURLOPT_USERAGENT, request.user_agent.c_str());
  if (!request.aws_sigv4.empty()) curl_easy_setopt(c, CURLOPT_AWS_SIGV4, request.aws_sigv4.c_str());
  if (!request.credentials.empty())
    curl_easy_setopt(c, CURLOPT_USERPWD, request.credentials.c_str());

  if (request.method == "HEAD") {
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  } else {
    if (request.body) {
      // POSTFIELDS (not a read callback): sent from memory, and SigV4 can sign it.
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body->size()));
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body->data());
    }
    if (request.method != "GET" || request.body)
      curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
  if (request.on_upload || request.cancel != nullptr) {
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);
  }
  char error_buffer[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_buffer);

  CURLcode rc = curl_easy_perform(c);
  // The handle outlives this call: it must not keep pointers into it.
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, nullptr);

  if (t.empty_range) {
    t.response.status = t.status_line;
    t.response.body.clear();
    return std::move(t.response);
  }
  if (t.too_large || rc == CURLE_FILESIZE_EXCEEDED) {
    return fail(errc::kPayloadTooLarge,
                request.method + " " + request.url + ": the response is larger than " +
                    std::to_string(request.max_body_bytes) + " bytes",
                {{"url", request.url}, {"max_bytes", request.max_body_bytes}});
  }
  if (rc == CURLE_ABORTED_BY_CALLBACK) return unavailable("cancelled", {{"cancelled", true}});
  if (rc != CURLE_OK)
    return unavailable(error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(rc));
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &t.response.status);
  curl_off_t uploaded = 0;
  curl_easy_getinfo(c, CURLINFO_SIZE_UPLOAD_T, &uploaded);
  t.response.uploaded = static_cast<uint64_t>(uploaded);
  return std::move(t.response);
}

Result<ClientResponse> send_request(const ClientRequest& request) {
  HttpClient client;
  return client.send(request);
}

}  // namespace vitrine::http
