// A small blocking HTTP client for tests (libcurl), plus a raw TCP exchange for requests that a
// real client would refuse to send.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

struct HttpResult {
  // The final response's status; 0 when no response arrived (then `body` holds curl's error).
  long status = 0;
  // Header names lower-case; a repeated header's values are joined with ", " (Set-Cookie with
  // "\n"). Only the final response's headers (not those of a 100 Continue).
  std::map<std::string, std::string> headers;
  std::string body;
};

// Sends one request on a fresh connection and waits for the whole response (30 s timeout).
// `method` is sent as given; HEAD does not wait for a body. `headers` are sent as given (an
// empty value sends an empty header). No redirects are followed, no proxy is used and no
// Content-Encoding is decoded: the body is exactly what the server sent.
HttpResult http_request(const std::string& method, const std::string& url,
                        const std::vector<std::pair<std::string, std::string>>& headers = {},
                        const std::string& body = "");

// http_request("GET", url, headers).
HttpResult http_get(const std::string& url,
                    const std::vector<std::pair<std::string, std::string>>& headers = {});

// Connects to 127.0.0.1:port, sends `bytes` and returns everything read until the peer closes
// the connection (or resets it) or `timeout_ms` passes since the connection was made. When
// `peer_closed` is given it is set to true when the peer closed (or reset) the connection and
// false when the timeout ended the exchange. Returns "" when the connection fails.
std::string raw_tcp_exchange(uint16_t port, const std::string& bytes, int timeout_ms,
                             bool* peer_closed = nullptr);
