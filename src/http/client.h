// HttpClient: the one outgoing HTTP client (libcurl), used by the S3 blob store, the GitHub
// archive fetch, the `vitrine theme …` commands and the tests. A transfer failure is an error
// value; any HTTP answer, whatever its status, is a response.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace vitrine::http {

// One request for HttpClient::send. Strings viewed here must outlive the call.
struct ClientRequest {
  std::string method = "GET";  // sent as given; HEAD reads no body
  std::string url;
  // "Name: value" lines sent as given; "Name:" removes a header curl would add, "Name;" sends
  // an empty value.
  std::vector<std::string> headers;
  // Sent with a Content-Length when set (even empty), read in place, never copied.
  std::optional<std::string_view> body;
  std::string user_agent;   // empty: no User-Agent header
  std::string aws_sigv4;    // "aws:amz:<region>:<service>": libcurl signs with AWS SigV4
  std::string credentials;  // "user:password" (for SigV4: key id and secret)
  std::string protocols = "http,https";  // schemes `url` may use ("http,https,file" ...)
  bool follow_redirects = false;         // up to 10, to http and https only
  bool use_proxy = true;                 // false: ignore the *_proxy environment
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds timeout{0};   // the whole transfer; 0: no limit
  std::chrono::seconds stall_timeout{0};  // fail when no byte moved for this long; 0: never
  uint64_t max_body_bytes = 0;            // a longer response body fails; 0: no limit
  // Called while the request body uploads with (bytes sent, bytes to send).
  std::function<void(uint64_t sent, uint64_t total)> on_upload;
  const std::atomic<bool>* cancel = nullptr;  // when it turns true the transfer stops
};

struct ClientResponse {
  long status = 0;  // 0 for file:// URLs
  // The final response's headers (not those of a 100 Continue or a redirect), names lower-case,
  // values trimmed, in the order received.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  uint64_t uploaded = 0;  // request body bytes sent

  // The first value of header `name` (lower-case), or nullptr.
  const std::string* header(std::string_view name) const;
};

class HttpClient {
 public:
  HttpClient();
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends `request` and waits for the whole response. Connections are kept for the next send()
  // of this client; one client is not safe for concurrent use (keep one per thread). Errors:
  // unavailable (details.url, details.reason) when no complete answer came — connection,
  // timeout, stall, scheme refused; with details.cancelled = true when `cancel` stopped it;
  // payload_too_large (details.max_bytes) past max_body_bytes. Messages never hold credentials.
  Result<ClientResponse> send(const ClientRequest& request);

 private:
  struct Handle;
  std::unique_ptr<Handle> handle_;
};

// HttpClient().send(request): one request on a connection of its own.
Result<ClientResponse> send_request(const ClientRequest& request);

}  // namespace vitrine::http
