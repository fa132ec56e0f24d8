// Internal to the http module: HttpServer's implementation, shared by server.cc (listening,
// sessions, request parsing and dispatch) and response_writer.cc (writing responses, in memory or
// streamed, and closing connections).
#pragma once

// clang-format off
// <utility> must precede the Asio headers (awaitable.hpp relies on it with GCC 12).
#include <utility>
// clang-format on

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>
#include <vector>

#include "core/clock.h"
#include "core/ids.h"
#include "core/text.h"
#include "http/server.h"

namespace vitrine::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using SpanBody = bhttp::span_body<const char>;
using ReusePort = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr size_t kReadChunk = 8 << 10;
// After an error response or Connection: close, unread input is drained for at most this long
// (and this many bytes) so that closing does not reset the connection before the client has
// read the response.
constexpr int kLingerMs = 1000;
constexpr size_t kLingerBytes = 8 << 20;

namespace detail {
// The Date header value, formatted once per second per thread.
std::string_view cached_date();

// Headers the server computes itself; a handler's values for them are ignored.
bool server_owned_header(std::string_view lower_name);
}  // namespace detail

// ---------------------------------------------------------------------------------------------

struct HttpServer::Impl {
  // Per-connection state that stop() can see; lives in the session coroutine's frame.
  struct SessionState {
    beast::tcp_stream* stream = nullptr;
    bool idle = true;  // waiting for the first byte of a request
  };

  // One I/O thread: its own io_context and SO_REUSEPORT acceptor. Member order matters: the
  // io_context (and the coroutine frames it owns) goes before `sessions`, which they update.
  struct Worker {
    std::unordered_set<SessionState*> sessions;  // touched only on this worker's thread
    asio::io_context ioc{1};
    tcp::acceptor acceptor{ioc};
    std::thread thread;
  };

  Impl(ServerOptions o, const Router& r) : opts(std::move(o)), router(r) {
    largest_body_limit = opts.max_body_bytes;
    for (const RouteBodyLimit& l : opts.route_body_limits)
      largest_body_limit = std::max(largest_body_limit, l.max_bytes);
  }

  ServerOptions opts;
  const Router& router;
  // The largest body any route accepts: the parser's limit until the request's route is known.
  uint64_t largest_body_limit = 0;

  std::mutex mu;
  std::condition_variable cv;
  bool stop_requested = false;  // guarded by mu
  bool ran = false;             // guarded by mu
  std::atomic<bool> stopping{false};
  std::atomic<int> active_sessions{0};
  size_t acceptors_closed = 0;  // guarded by mu; workers that have processed stop()
  bool stop_posted = false;     // guarded by mu; the per-worker stop handlers were posted

  bool listening = false;
  uint16_t bound_port = 0;
  std::vector<std::unique_ptr<Worker>> workers;
  // Declared last so it is joined first: blocking handlers finish before the io_contexts (and
  // the coroutine frames waiting for them) go away.
  std::unique_ptr<asio::thread_pool> pool;

  Status listen();
  void run();
  void request_stop();
  // Posts to every worker: close the acceptor, close idle connections. Once.
  void post_stop_handlers();

  asio::awaitable<void> accept_loop(Worker& w);
  asio::awaitable<void> session(Worker& w, tcp::socket socket);
  asio::awaitable<void> serve(Worker& w, beast::tcp_stream& stream, SessionState& state);
  // Runs the matched handler: its error, or 404/405 when none matched, in the error format.
  Response handle(Request& req, Router::Match& match);
  // Runs handle() wherever it is co_spawned (the blocking pool); completion resumes the caller
  // on its own io_context.
  asio::awaitable<void> run_blocking(Request* req, Router::Match* match, Response* out);
  // Runs the before_route hook, turning an exception into a 500.
  std::optional<Response> run_hook(Request& req);
  asio::awaitable<void> run_hook_blocking(Request* req, std::optional<Response>* out);
  // The route-specific body limit for `method` `target`, or nullptr for max_body_bytes.
  const RouteBodyLimit* route_body_limit(std::string_view method, std::string_view target) const;
  // The 413 error for a body over the limit of `rule` (nullptr: max_body_bytes).
  Error body_limit_error(const RouteBodyLimit* rule) const;
  // Sends a response whose body, if any, is in memory (a streamed one gets its head only: HEAD
  // and bodyless statuses).
  asio::awaitable<beast::error_code> write_response(beast::tcp_stream& stream, const Response& res,
                                                    unsigned version, bool keep_alive, bool head,
                                                    std::string_view request_id);
  // Sends a response with a streamed body, reading it chunk by chunk on the worker pool. A read
  // failure before the head went out becomes an error response; after it, an error code (the
  // caller closes the connection, the client sees a short body).
  asio::awaitable<beast::error_code> write_streamed(beast::tcp_stream& stream, const Response& res,
                                                    unsigned version, bool keep_alive,
                                                    const Request& req);
  // An open-ended stream (StreamBody::kOpenEnded): chunked to HTTP/1.1 clients, until the
  // source's first empty read or the client going away.
  asio::awaitable<beast::error_code> write_open_ended(beast::tcp_stream& stream,
                                                      const Response& res, unsigned version,
                                                      bool keep_alive, const Request& req);
  // Reads the next chunk of `body` (at most stream_chunk_bytes, from `done` bytes in) on the
  // worker pool into *out; a source that returns nothing or too much is an error.
  asio::awaitable<void> read_chunk(const StreamBody& body, uint64_t done,
                                   std::optional<Result<std::string>>* out);
  asio::awaitable<void> send_error_and_close(beast::tcp_stream& stream, const Error& e,
                                             std::string_view request_id);
  asio::awaitable<void> linger_close(beast::tcp_stream& stream);
  void session_ended(Worker& w, SessionState* state);
};

}  // namespace vitrine::http
