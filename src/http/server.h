// HttpServer: HTTP/1.1 on Boost.Beast with C++20 coroutines. One io_context per thread, each
// with its own SO_REUSEPORT acceptor; keep-alive; header and idle timeouts; header and body size
// limits; X-Request-Id on every response; graceful stop (SIGTERM) that finishes in-flight
// requests within a grace period.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "http/router.h"

namespace vitrine::http {

// A request body limit for one route instead of ServerOptions::max_body_bytes (uploads that
// need more, such as theme archives). A body over it gets 413 payload_too_large whose message
// reads "<body_name> exceeds <max_bytes> bytes (<setting>)", with details.limit.
struct RouteBodyLimit {
  std::string method;  // "POST"
  std::string path;    // a route pattern ("/api/themes/push", "/api/cms/{id}/media"), matched
                       // against the path without the query as the router does
  uint64_t max_bytes = 0;
  std::string body_name = "request body";  // what the client sent, for the message
  std::string setting;                     // the configuration key that sets the limit, or ""
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 = an ephemeral port, see HttpServer::port()
  int io_threads = 0;    // 0 = std::thread::hardware_concurrency()
  int blocking_threads = 4;
  uint64_t max_header_bytes = 16 << 10;
  uint64_t max_body_bytes = 1 << 20;
  // Routes whose bodies may be larger (or must be smaller) than max_body_bytes. The limit is
  // chosen once the request head is read, before any body byte is accepted.
  std::vector<RouteBodyLimit> route_body_limits;
  // Streamed responses (Response::stream) are read and written in chunks of at most this many
  // bytes: the memory one streamed response holds.
  size_t stream_chunk_bytes = 256 << 10;
  int header_timeout_ms = 10'000;
  int idle_timeout_ms = 60'000;
  int shutdown_grace_ms = 10'000;
  // Called before routing, for every request, on the I/O thread: it must not block (memory
  // lookups only). nullopt routes the request as usual (also when the hook changed its method
  // or path); a Response is sent as is; Response::retry_on_worker() calls the hook once more on
  // the worker pool with Request::on_worker set, where it may block, and uses that answer
  // (nullopt there routes the request too). Host routing (the storefront) lives here. May be
  // empty.
  std::function<std::optional<Response>(Request&)> before_route;
};

class HttpServer {
 public:
  HttpServer(ServerOptions options, const Router& router);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens. Fails with io_error naming the address when it cannot bind.
  Status listen();
  // The bound port (useful with port 0). Valid after listen().
  uint16_t port() const;
  // Serves until stop() or SIGTERM/SIGINT; returns after in-flight requests finished or the grace
  // period ran out (then the remaining connections are closed). Call once, after listen(). When
  // it returns the port is no longer listening.
  void run();
  // Asks run() to return, gracefully: the listeners close at once, idle keep-alive connections
  // are closed, requests in flight finish and are answered with Connection: close. Safe from any
  // thread (including handlers) and before run(); not async-signal-safe (run() handles SIGTERM
  // and SIGINT itself).
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vitrine::http
