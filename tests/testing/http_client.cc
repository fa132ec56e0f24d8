#include "testing/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <string_view>

#include "http/client.h"

HttpResult http_request(const std::string& method, const std::string& url,
                        const std::vector<std::pair<std::string, std::string>>& headers,
                        const std::string& body) {
  vitrine::http::ClientRequest request;
  request.method = method;
  request.url = url;
  request.use_proxy = false;
  request.timeout = std::chrono::seconds(30);
  for (const auto& [name, value] : headers) {
    // "Name;" is curl's way to send a header with an empty value ("Name:" would remove it).
    request.headers.push_back(value.empty() ? name + ";" : name + ": " + value);
  }
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH")
    request.body = body;
  HttpResult result;
  auto response = vitrine::http::send_request(request);
  if (!response.ok()) {
    const nlohmann::json& details = response.error().details;
    result.body = "curl: " + (details.contains("reason") ? details["reason"].get<std::string>()
                                                         : response.error().message);
    return result;
  }
  result.status = response->status;
  result.body = std::move(response->body);
  for (auto& [name, value] : response->headers) {
    auto [it, inserted] = result.headers.emplace(name, value);
    if (!inserted) it->second += (name == "set-cookie" ? "\n" : ", ") + value;
  }
  return result;
}

HttpResult http_get(const std::string& url,
                    const std::vector<std::pair<std::string, std::string>>& headers) {
  return http_request("GET", url, headers);
}

std::string raw_tcp_exchange(uint16_t port, const std::string& bytes, int timeout_ms,
                             bool* peer_closed) {
  if (peer_closed) *peer_closed = false;
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return "";
  struct FdGuard {
    int fd;
    ~FdGuard() { ::close(fd); }
  } guard{fd};

  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return "";

  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  auto remaining_ms = [&] {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    return static_cast<int>(std::max<int64_t>(0, left.count()));
  };

  // Send and read at the same time, so a server answering early (413...) cannot deadlock us.
  size_t sent = 0;
  std::string out;
  char buf[16384];
  while (true) {
    int left = remaining_ms();
    if (left == 0) return out;
    pollfd p{fd, static_cast<short>(POLLIN | (sent < bytes.size() ? POLLOUT : 0)), 0};
    int r = ::poll(&p, 1, left);
    if (r < 0) {
      if (errno == EINTR) continue;
      return out;
    }
    if (r == 0) return out;
    if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
      if (n > 0) {
        out.append(buf, static_cast<size_t>(n));
        continue;
      }
      if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
        if (peer_closed) *peer_closed = true;
        return out;
      }
      continue;
    }
    if ((p.revents & POLLOUT) && sent < bytes.size()) {
      ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        sent += static_cast<size_t>(n);
      } else if (n < 0 && errno != EINTR && errno != EAGAIN) {
        sent = bytes.size();  // the peer is gone; keep reading what it sent before
      }
    }
  }
}
