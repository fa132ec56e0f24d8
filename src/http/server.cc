// clang-format off
// <utility> must precede the Asio headers (awaitable.hpp relies on it with GCC 12).
#include <utility>
// clang-format on

#include "http/server_impl.h"

// GCC 12 warns that Asio's awaitable frames are freed by a "mismatched" operator delete when a
// coroutine awaits one defined in another file (response_writer.cc): both operators are
// awaitable_frame_base's own pair (a recycling allocator), so the warning is a false positive.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace vitrine::http {

namespace detail {

// The Date header value, formatted once per second per thread.
std::string_view cached_date() {
  thread_local std::time_t cached_second = -1;
  thread_local std::string cached_value;
  auto now = std::chrono::system_clock::now();
  std::time_t second = std::chrono::system_clock::to_time_t(now);
  if (second != cached_second) {
    cached_second = second;
    cached_value = http_date(now);
  }
  return cached_value;
}

bool server_owned_header(std::string_view lower_name) {
  return lower_name == "content-length" || lower_name == "transfer-encoding" ||
         lower_name == "connection" || lower_name == "x-request-id" || lower_name == "keep-alive";
}

}  // namespace detail

namespace {

using detail::cached_date;
using detail::server_owned_header;

// True for [A-Za-z0-9._-]{1,64}.
bool sane_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = is_ascii_alnum(c) || c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// A request id for a client that sent none: 16 lower-case hex digits, like random_hex(8).
// Request ids only need to be unique, not secret, so a per-thread splitmix64 sequence seeded
// once from the CSPRNG replaces a CSPRNG call per request (measurable on the hot path).
std::string new_request_id() {
  thread_local uint64_t state = [] {
    uint64_t seed = 0;
    for (char c : random_hex(8))
      seed = seed * 16 + static_cast<uint64_t>(c <= '9' ? c - '0' : c - 'a' + 10);
    return seed;
  }();
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(16, '0');
  for (int i = 15; i >= 0; --i, z >>= 4) id[static_cast<size_t>(i)] = kHex[z & 0xf];
  return id;
}

std::string format_address(const std::string& host, uint16_t port) {
  if (host.find(':') != std::string::npos) return "[" + host + "]:" + std::to_string(port);
  return host + ":" + std::to_string(port);
}

}  // namespace

Status HttpServer::Impl::listen() {
  if (listening) return {};
  beast::error_code ec;
  asio::ip::address addr = asio::ip::make_address(opts.host, ec);
  if (ec) {
    asio::io_context tmp;
    tcp::resolver resolver(tmp);
    auto results = resolver.resolve(opts.host, std::to_string(opts.port), ec);
    if (ec || results.empty())
      return fail(errc::kIo,
                  "cannot listen on " + format_address(opts.host, opts.port) +
                      ": cannot resolve host: " + (ec ? ec.message() : "no address"),
                  {{"address", opts.host}, {"port", opts.port}});
    addr = results.begin()->endpoint().address();
  }
  auto bind_error = [&](const beast::error_code& e, uint16_t port) {
    return fail(errc::kIo,
                "cannot listen on " + format_address(opts.host, port) + ": " + e.message(),
                {{"address", opts.host}, {"port", port}});
  };

  // SO_REUSEPORT would let us share a port with another server that also set it; probe with a
  // plain socket first so that "address in use" is reported instead.
  if (opts.port != 0) {
    asio::io_context tmp;
    tcp::acceptor probe(tmp);
    tcp::endpoint ep(addr, opts.port);
    probe.open(ep.protocol(), ec);
    if (!ec) probe.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) probe.bind(ep, ec);
    if (ec) return bind_error(ec, opts.port);
  }

  int n = opts.io_threads > 0 ? opts.io_threads
                              : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  uint16_t port = opts.port;
  std::vector<std::unique_ptr<Worker>> ws;
  for (int i = 0; i < n; ++i) {
    auto w = std::make_unique<Worker>();
    tcp::endpoint ep(addr, port);
    w->acceptor.open(ep.protocol(), ec);
    if (!ec) w->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) w->acceptor.set_option(ReusePort(true), ec);
    if (!ec) w->acceptor.bind(ep, ec);
    if (!ec) w->acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return bind_error(ec, port);
    if (i == 0) port = w->acceptor.local_endpoint().port();
    ws.push_back(std::move(w));
  }
  workers = std::move(ws);
  bound_port = port;
  pool = std::make_unique<asio::thread_pool>(std::max(1, opts.blocking_threads));
  listening = true;
  return {};
}

void HttpServer::Impl::run() {
  {
    std::lock_guard lk(mu);
    if (!listening || ran) {
      if (!listening) spdlog::error("HttpServer::run() called without a successful listen()");
      return;
    }
    ran = true;
  }
  // stop() may have come before listen() created the workers.
  if (stopping.load()) post_stop_handlers();
  using WorkGuard = asio::executor_work_guard<asio::io_context::executor_type>;
  std::vector<WorkGuard> guards;
  for (auto& w : workers) {
    guards.push_back(asio::make_work_guard(w->ioc));
    asio::co_spawn(w->ioc, accept_loop(*w), asio::detached);
  }
  asio::signal_set signals(workers.front()->ioc, SIGINT, SIGTERM);
  signals.async_wait([this](const beast::error_code& ec, int sig) {
    if (ec) return;
    spdlog::info("received signal {}, stopping", sig);
    request_stop();
  });
  for (auto& w : workers) {
    Worker* wp = w.get();
    w->thread = std::thread([wp] {
      for (;;) {
        try {
          wp->ioc.run();
          return;
        } catch (const std::exception& e) {
          spdlog::error("http: unexpected exception on an I/O thread: {}", e.what());
        }
      }
    });
  }

  {
    std::unique_lock lk(mu);
    cv.wait(lk, [&] { return stop_requested; });
    auto deadline = std::chrono::steady_clock::now() +
                    std::chrono::milliseconds(std::max(0, opts.shutdown_grace_ms));
    // Done when every worker has closed its acceptor (so nothing new can arrive) and the last
    // connection has finished.
    auto drained_pred = [&] {
      return acceptors_closed == workers.size() && active_sessions.load() == 0;
    };
    bool drained = cv.wait_until(lk, deadline, drained_pred);
    if (!drained) {
      spdlog::warn("http: {} connection(s) still open after the {} ms grace period; closing",
                   active_sessions.load(), opts.shutdown_grace_ms);
      lk.unlock();
      for (auto& w : workers) {
        Worker* wp = w.get();
        asio::post(wp->ioc, [wp] {
          for (SessionState* s : wp->sessions) {
            beast::error_code ignored;
            s->stream->socket().close(ignored);
          }
        });
      }
      lk.lock();
      // Sessions unblock at once unless a blocking handler still runs; give them a moment.
      cv.wait_for(lk, std::chrono::milliseconds(200), drained_pred);
    }
  }

  for (auto& w : workers) w->ioc.stop();
  for (auto& w : workers)
    if (w->thread.joinable()) w->thread.join();
  guards.clear();
  // No I/O thread runs now: release the port even if a worker never got to its stop handler.
  beast::error_code ignored;
  for (auto& w : workers) w->acceptor.close(ignored);
  signals.cancel(ignored);
}

void HttpServer::Impl::request_stop() {
  {
    std::lock_guard lk(mu);
    if (stop_requested) return;
    stop_requested = true;
    stopping.store(true);
  }
  cv.notify_all();
  post_stop_handlers();
}

void HttpServer::Impl::post_stop_handlers() {
  {
    std::lock_guard lk(mu);
    if (stop_posted || workers.empty()) return;
    stop_posted = true;
  }
  for (auto& w : workers) {
    Worker* wp = w.get();
    asio::post(wp->ioc, [this, wp] {
      beast::error_code ignored;
      wp->acceptor.close(ignored);
      // Idle keep-alive connections are closed now; busy ones close after their response.
      for (SessionState* s : wp->sessions)
        if (s->idle) s->stream->cancel();
      std::lock_guard lk(mu);
      ++acceptors_closed;
      cv.notify_all();
    });
  }
}

asio::awaitable<void> HttpServer::Impl::accept_loop(Worker& w) {
  for (;;) {
    auto [ec, socket] = co_await w.acceptor.async_accept(kNoThrow);
    if (stopping.load()) break;
    if (ec) {
      if (ec == asio::error::operation_aborted || !w.acceptor.is_open()) break;
      spdlog::warn("http: accept failed: {}", ec.message());
      // For example out of file descriptors: back off instead of spinning.
      asio::steady_timer pause(w.ioc, std::chrono::milliseconds(50));
      co_await pause.async_wait(kNoThrow);
      continue;
    }
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    active_sessions.fetch_add(1);
    asio::co_spawn(w.ioc, session(w, std::move(socket)), asio::detached);
  }
}

void HttpServer::Impl::session_ended(Worker& w, SessionState* state) {
  w.sessions.erase(state);
  if (active_sessions.fetch_sub(1) == 1 && stopping.load()) {
    std::lock_guard lk(mu);
    cv.notify_all();
  }
}

asio::awaitable<void> HttpServer::Impl::session(Worker& w, tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  SessionState state{&stream, true};
  w.sessions.insert(&state);
  struct Guard {
    Impl* impl;
    Worker* w;
    SessionState* s;
    ~Guard() { impl->session_ended(*w, s); }
  } guard{this, &w, &state};
  try {
    co_await serve(w, stream, state);
  } catch (const std::exception& e) {
    spdlog::error("http: connection failed: {}", e.what());
  }
  beast::error_code ignored;
  stream.socket().close(ignored);
}

asio::awaitable<void> HttpServer::Impl::serve(Worker& w, beast::tcp_stream& stream,
                                              SessionState& state) {
  const auto header_timeout = std::chrono::milliseconds(opts.header_timeout_ms);
  const auto idle_timeout = std::chrono::milliseconds(opts.idle_timeout_ms);
  beast::error_code ec;
  std::string remote = stream.socket().remote_endpoint(ec).address().to_string();
  beast::flat_buffer buffer;  // reused for every request on this connection
  bool first = true;

  for (;;) {
    // Wait for the first byte of the next request: the header timeout covers the first request
    // from accept on, the idle timeout the pause between keep-alive requests.
    if (first) stream.expires_after(header_timeout);
    if (buffer.size() == 0) {
      if (!first) stream.expires_after(idle_timeout);
      state.idle = true;
      if (stopping.load()) co_return;
      auto [rec, n] = co_await stream.async_read_some(buffer.prepare(kReadChunk), kNoThrow);
      state.idle = false;
      if (rec) co_return;  // closed, timed out, or stop() while idle
      buffer.commit(n);
    }
    state.idle = false;
    if (!first) stream.expires_after(header_timeout);
    first = false;

    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(
        std::min<uint64_t>(opts.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
    // Until the route is known the largest limit of any route applies; the request's own limit
    // is set (and a declared Content-Length checked against it) as soon as the head is read.
    parser.body_limit(largest_body_limit);

    auto classify = [&](const beast::error_code& e) -> std::optional<Error> {
      if (e == bhttp::error::header_limit)
        return make_error(
            errc::kHeaderTooLarge,
            "request headers exceed " + std::to_string(opts.max_header_bytes) + " bytes",
            {{"limit", opts.max_header_bytes}});
      if (e == bhttp::error::body_limit)  // the request line is parsed by now
        return body_limit_error(
            route_body_limit(parser.get().method_string(), parser.get().target()));
      if (e == bhttp::error::end_of_stream || e == bhttp::error::partial_message)
        return std::nullopt;  // the client went away
      if (&e.category() == &bhttp::make_error_code(bhttp::error::bad_target).category())
        return make_error(errc::kInvalidArgument, "malformed HTTP request: " + e.message());
      return std::nullopt;  // socket errors and timeouts: just close
    };
    auto client_request_id = [&]() -> std::string {
      if (parser.is_header_done()) {
        auto it = parser.get().find("x-request-id");
        if (it != parser.get().end() && sane_request_id(it->value()))
          return std::string(it->value());
      }
      return new_request_id();
    };

    {
      auto [hec, hn] = co_await bhttp::async_read_header(stream, buffer, parser, kNoThrow);
      if (hec) {
        if (auto err = classify(hec))
          co_await send_error_and_close(stream, *err, client_request_id());
        co_return;
      }
    }

    auto& msg = parser.get();
    if (!parser.is_done()) {
      // Before 100 Continue: a client that declared too large a body need not send it.
      const RouteBodyLimit* rule = route_body_limit(msg.method_string(), msg.target());
      const uint64_t limit = rule ? rule->max_bytes : opts.max_body_bytes;
      if (auto declared = parser.content_length(); declared && *declared > limit) {
        co_await send_error_and_close(stream, body_limit_error(rule), client_request_id());
        co_return;
      }
      parser.body_limit(limit);
      auto expect = msg[bhttp::field::expect];
      if (iequals_ascii(expect, "100-continue") && msg.version() >= 11) {
        static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        auto [cec, cn] = co_await asio::async_write(
            stream, asio::buffer(kContinue.data(), kContinue.size()), kNoThrow);
        if (cec) co_return;
      }
      while (!parser.is_done()) {
        stream.expires_after(idle_timeout);
        auto [bec, bn] = co_await bhttp::async_read_some(stream, buffer, parser, kNoThrow);
        if (bec) {
          if (auto err = classify(bec))
            co_await send_error_and_close(stream, *err, client_request_id());
          co_return;
        }
      }
    }

    bool keep_alive = msg.keep_alive();
    unsigned version = msg.version();

    Request req;
    req.method = std::string(msg.method_string());
    req.target = std::string(msg.target());
    if (size_t q = req.target.find('?'); q != std::string::npos) {
      req.path = req.target.substr(0, q);
      req.query = req.target.substr(q + 1);
    } else {
      req.path = req.target;
    }
    for (const auto& field : msg) req.headers.add(field.name_string(), std::string(field.value()));
    if (auto id = req.headers.get("x-request-id"); id && sane_request_id(*id))
      req.request_id = std::string(*id);
    else
      req.request_id = new_request_id();
    req.body = std::move(msg.body());
    req.remote_address = remote;

    Response res;
    bool answered = false;
    if (opts.before_route) {
      // The hook runs on the I/O thread first; it asks for the worker pool when it must block.
      std::optional<Response> hooked = run_hook(req);
      if (hooked && hooked->wants_worker) {
        req.on_worker = true;
        co_await asio::co_spawn(pool->get_executor(), run_hook_blocking(&req, &hooked),
                                asio::use_awaitable);
        req.on_worker = false;
      }
      if (hooked) {
        res = std::move(*hooked);
        answered = true;
      }
    }
    if (!answered) {
      Router::Match match = router.match(req.method, req.path);
      Dispatch dispatch = match.handler ? match.dispatch : Dispatch::kInline;
      bool retry = false;
      if (dispatch == Dispatch::kInline) {
        res = handle(req, match);
        // An inline handler that needs blocking I/O asks to run again on the worker pool.
        retry = res.wants_worker;
      }
      if (dispatch == Dispatch::kBlocking || retry) {
        req.on_worker = true;
        co_await asio::co_spawn(pool->get_executor(), run_blocking(&req, &match, &res),
                                asio::use_awaitable);
      }
    }

    if (stopping.load()) keep_alive = false;
    if (auto c = res.headers.get("connection"); c && iequals_ascii(*c, "close")) keep_alive = false;
    bool head = req.method == "HEAD";
    const bool bodyless_status = res.status / 100 == 1 || res.status == 204 || res.status == 304;
    beast::error_code wec =
        res.stream.source && !head && !bodyless_status
            ? co_await write_streamed(stream, res, version, keep_alive, req)
            : co_await write_response(stream, res, version, keep_alive, head, req.request_id);

    if (res.status >= 500)
      spdlog::warn("{} {} {} -> {} (request {})", remote, req.method, req.target, res.status,
                   req.request_id);
    else
      spdlog::debug("{} {} {} -> {} (request {})", remote, req.method, req.target, res.status,
                    req.request_id);

    if (wec) co_return;
    if (!keep_alive) {
      co_await linger_close(stream);
      co_return;
    }
  }
}

Response HttpServer::Impl::handle(Request& req, Router::Match& match) {
  try {
    if (match.handler) {
      if (!match.params.empty()) {  // empty on a retry: the request already holds them
        req.params = std::move(match.params);
        match.params.clear();
      }
      Result<Response> answered = (*match.handler)(req);
      if (!answered.ok()) return Response::error(answered.error(), req.request_id);
      Response r = std::move(*answered);
      if (r.wants_worker && req.on_worker)  // already on the pool: a handler bug, not a loop
        return Response::error(make_error(errc::kInternal, "handler asked for the worker twice"),
                               req.request_id);
      return r;
    }
    if (!match.allow.empty()) {
      Response r =
          Response::error(make_error(errc::kMethodNotAllowed,
                                     "method " + req.method + " is not allowed on " + req.path,
                                     {{"method", req.method}, {"allow", match.allow}}),
                          req.request_id);
      r.headers.set("allow", match.allow);
      return r;
    }
    return Response::error(make_error(errc::kNotFound, "no route for " + req.path,
                                      {{"method", req.method}, {"path", req.path}}),
                           req.request_id);
  } catch (const std::exception& e) {
    spdlog::error("http: handler for {} {} threw (request {}): {}", req.method, req.path,
                  req.request_id, e.what());
  } catch (...) {
    spdlog::error("http: handler for {} {} threw a non-exception (request {})", req.method,
                  req.path, req.request_id);
  }
  return Response::error(make_error(errc::kInternal, "internal server error"), req.request_id);
}

asio::awaitable<void> HttpServer::Impl::run_blocking(Request* req, Router::Match* match,
                                                     Response* out) {
  *out = handle(*req, *match);
  co_return;
}

std::optional<Response> HttpServer::Impl::run_hook(Request& req) {
  try {
    std::optional<Response> r = opts.before_route(req);
    if (r && r->wants_worker && req.on_worker)  // already on the pool: a hook bug, not a loop
      return Response::error(make_error(errc::kInternal, "before_route asked for the worker twice"),
                             req.request_id);
    return r;
  } catch (const std::exception& e) {
    spdlog::error("http: before_route for {} {} threw (request {}): {}", req.method, req.path,
                  req.request_id, e.what());
  } catch (...) {
    spdlog::error("http: before_route for {} {} threw a non-exception (request {})", req.method,
                  req.path, req.request_id);
  }
  return Response::error(make_error(errc::kInternal, "internal server error"), req.request_id);
}

asio::awaitable<void> HttpServer::Impl::run_hook_blocking(Request* req,
                                                          std::optional<Response>* out) {
  *out = run_hook(*req);
  co_return;
}

const RouteBodyLimit* HttpServer::Impl::route_body_limit(std::string_view method,
                                                         std::string_view target) const {
  if (opts.route_body_limits.empty()) return nullptr;
  std::string_view path = target.substr(0, target.find('?'));
  for (const RouteBodyLimit& l : opts.route_body_limits)
    if (l.method == method && path_matches(l.path, path)) return &l;
  return nullptr;
}

Error HttpServer::Impl::body_limit_error(const RouteBodyLimit* rule) const {
  if (!rule)
    return make_error(errc::kPayloadTooLarge,
                      "request body exceeds " + std::to_string(opts.max_body_bytes) + " bytes",
                      {{"limit", opts.max_body_bytes}});
  nlohmann::json details = {{"limit", rule->max_bytes}};
  std::string message = rule->body_name + " exceeds " + std::to_string(rule->max_bytes) + " bytes";
  if (!rule->setting.empty()) {
    message += " (" + rule->setting + ")";
    details["setting"] = rule->setting;
  }
  return make_error(errc::kPayloadTooLarge, std::move(message), std::move(details));
}

// ---------------------------------------------------------------------------------------------

HttpServer::HttpServer(ServerOptions options, const Router& router)
    : impl_(std::make_unique<Impl>(std::move(options), router)) {}

HttpServer::~HttpServer() {
  if (!impl_) return;
  // Wake a run() that never got stop(); it must have returned before destruction anyway.
  impl_->request_stop();
}

Status HttpServer::listen() { return impl_->listen(); }

uint16_t HttpServer::port() const { return impl_->bound_port; }

void HttpServer::run() { impl_->run(); }

void HttpServer::stop() { impl_->request_stop(); }

}  // namespace vitrine::http
