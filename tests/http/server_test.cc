// The HTTP server as a client sees it: an in-process HttpServer on an ephemeral port, driven
// with libcurl and raw sockets.
#include "http/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "testing/http_client.h"
#include "testing/matchers.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::http {
namespace {

using namespace std::chrono_literals;

// How long a test waits for something that should happen promptly before declaring a hang.
constexpr auto kHangGuard = 30s;

std::string thread_id_string() {
  std::ostringstream s;
  s << std::this_thread::get_id();
  return s.str();
}

// Counts occurrences of `needle` in `hay`.
size_t count_of(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

// True when a TCP connection to 127.0.0.1:port is refused.
bool connection_refused(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool refused = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0;
  ::close(fd);
  return refused;
}

// A client socket for step-by-step exchanges.
class RawConnection {
 public:
  explicit RawConnection(uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval tv{static_cast<time_t>(kHangGuard.count()), 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawConnection() { ::close(fd_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool send(const std::string& bytes) {
    return connected_ && ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
                             static_cast<ssize_t>(bytes.size());
  }
  // Reads until `marker` was received (or the peer closed, or the hang guard passed).
  std::string read_until(const std::string& marker) {
    std::string out;
    char buf[4096];
    while (out.find(marker) == std::string::npos) {
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<size_t>(n));
    }
    return out;
  }
  // Reads until the peer closes; `closed` is false when the hang guard ended the wait instead.
  std::string read_until_close(bool* closed) {
    std::string out;
    char buf[4096];
    *closed = false;
    while (true) {
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n > 0) {
        out.append(buf, static_cast<size_t>(n));
        continue;
      }
      *closed = n == 0 || errno == ECONNRESET;
      return out;
    }
  }

 private:
  int fd_;
  bool connected_ = false;
};

nlohmann::json error_of(const HttpResult& r) {
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_discarded() || !j.contains("error")) return nlohmann::json::object();
  return j["error"];
}

// Byte `i` of the test bodies: varied enough that a misplaced or repeated chunk shows.
char pattern_byte(uint64_t i) { return static_cast<char>((i * 2654435761u) >> 13); }

std::string pattern(uint64_t offset, uint64_t n) {
  std::string out(n, '\0');
  for (uint64_t i = 0; i < n; ++i) out[i] = pattern_byte(offset + i);
  return out;
}

// A body source of pattern() bytes that records every read, to see how the server streams it.
// Reads at or past `fail_at` fail.
class RecordingSource : public BodySource {
 public:
  explicit RecordingSource(uint64_t size, uint64_t fail_at = UINT64_MAX)
      : size_(size), fail_at_(fail_at) {}

  uint64_t size() const override { return size_; }

  Result<std::string> read(uint64_t offset, size_t max_bytes) override {
    std::lock_guard lock(mu_);
    ++reads_;
    largest_request_ = std::max(largest_request_, max_bytes);
    threads_.insert(thread_id_string());
    if (offset >= fail_at_) return fail(errc::kIo, "the disk went away");
    uint64_t n = std::min<uint64_t>(max_bytes, size_ - offset);
    bytes_read_ += n;
    return pattern(offset, n);
  }

  int reads() const {
    std::lock_guard lock(mu_);
    return reads_;
  }
  size_t largest_request() const {
    std::lock_guard lock(mu_);
    return largest_request_;
  }
  uint64_t bytes_read() const {
    std::lock_guard lock(mu_);
    return bytes_read_;
  }
  std::set<std::string> threads() const {
    std::lock_guard lock(mu_);
    return threads_;
  }

 private:
  const uint64_t size_, fail_at_;
  mutable std::mutex mu_;
  int reads_ = 0;
  size_t largest_request_ = 0;
  uint64_t bytes_read_ = 0;
  std::set<std::string> threads_;
};

class ServerTest : public ::testing::Test {
 protected:
  ServerTest() {
    router.add(
        "GET", "/hello", [](Request&) { return Response::text(200, "hello"); }, Dispatch::kInline);
    router.add("GET", "/themes/{slug}/versions/{version}", [](Request& r) {
      return Response::json(200, {{"slug", r.params["slug"]}, {"version", r.params["version"]}});
    });
    router.add(
        "GET", "/cdn/{slug}/{path...}",
        [](Request& r) {
          return Response::json(200, {{"slug", r.params["slug"]}, {"path", r.params["path"]}});
        },
        Dispatch::kInline);
    router.add("POST", "/echo", [](Request& r) {
      Response res = Response::text(200, r.body, "application/octet-stream");
      res.headers.set("X-Seen-Method", r.method);
      return res;
    });
    router.add("GET", "/query", [](Request& r) {
      return Response::text(200, r.query_param("q").value_or("<none>"));
    });
    router.add("GET", "/throw", [](Request&) -> Response { throw std::runtime_error("boom"); });
    router.add(
        "GET", "/thread/inline", [](Request&) { return Response::text(200, thread_id_string()); },
        Dispatch::kInline);
    router.add(
        "GET", "/thread/blocking", [](Request&) { return Response::text(200, thread_id_string()); },
        Dispatch::kBlocking);
    router.add("GET", "/slow", [this](Request&) {
      slow_started.set_value();
      bool released = slow_release_future.wait_for(kHangGuard) == std::future_status::ready;
      run_returned_when_slow_finished = run_returned.load();
      return Response::text(200, released ? "finished" : "never released");
    });
  }

  ~ServerTest() override { shutdown(); }

  // Starts the server on an ephemeral port with `opts` (host and port are overridden).
  void start(ServerOptions opts = {}) {
    opts.host = "127.0.0.1";
    opts.port = 0;
    if (opts.io_threads == 0) opts.io_threads = 2;
    server = std::make_unique<HttpServer>(std::move(opts), router);
    Status st = server->listen();
    ASSERT_THAT(st, IsOk());
    ASSERT_NE(server->port(), 0);
    runner = std::thread([this] {
      server->run();
      run_returned = true;
    });
  }

  void shutdown() {
    if (!server) return;
    server->stop();
    if (runner.joinable()) runner.join();
    server.reset();
  }

  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(server->port()) + path;
  }

  Router router;
  std::unique_ptr<HttpServer> server;
  std::thread runner;
  std::atomic<bool> run_returned{false};

  std::promise<void> slow_started;
  std::promise<void> slow_release;
  std::shared_future<void> slow_release_future = slow_release.get_future().share();
  std::atomic<bool> run_returned_when_slow_finished{true};
};

TEST_F(ServerTest, RoutesWithDecodedParameters) {
  start();
  auto r = http_get(url("/themes/kendu%20store/versions/1.2.0"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers["content-type"], "application/json");
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["slug"], "kendu store");
  EXPECT_EQ(j["version"], "1.2.0");
}

TEST_F(ServerTest, RestParameterCarriesTheRemainingPath) {
  start();
  auto r = http_get(url("/cdn/kendu/build/css/app.css?v=3"));
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["slug"], "kendu");
  EXPECT_EQ(j["path"], "build/css/app.css");
}

TEST_F(ServerTest, TrailingSlashIsAccepted) {
  start();
  auto r = http_get(url("/hello/"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "hello");
}

TEST_F(ServerTest, QueryParametersReachTheHandler) {
  start();
  EXPECT_EQ(http_get(url("/query?q=a+b%21")).body, "a b!");
  EXPECT_EQ(http_get(url("/query")).body, "<none>");
}

TEST_F(ServerTest, UnknownPathIs404InTheJsonErrorFormat) {
  start();
  auto r = http_get(url("/no/such/thing"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.headers["content-type"], "application/json");
  auto e = error_of(r);
  EXPECT_EQ(e["code"], "not_found");
  EXPECT_TRUE(e["message"].is_string());
  EXPECT_TRUE(e["details"].is_object());
  EXPECT_TRUE(e["timestamp"].is_string());
  EXPECT_EQ(e["request_id"], r.headers["x-request-id"]);
}

TEST_F(ServerTest, WrongMethodIs405WithAllow) {
  start();
  auto r = http_request("DELETE", url("/hello"));
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.headers["allow"], "GET, HEAD");
  EXPECT_EQ(error_of(r)["code"], "method_not_allowed");
}

TEST_F(ServerTest, EveryResponseCarriesAGeneratedRequestId) {
  start();
  auto a = http_get(url("/hello"));
  auto b = http_get(url("/no/such/thing"));
  std::regex hex16("[0-9a-f]{16}");
  EXPECT_TRUE(std::regex_match(a.headers["x-request-id"], hex16)) << a.headers["x-request-id"];
  EXPECT_TRUE(std::regex_match(b.headers["x-request-id"], hex16)) << b.headers["x-request-id"];
  EXPECT_NE(a.headers["x-request-id"], b.headers["x-request-id"]);
  EXPECT_FALSE(a.headers["date"].empty());
  EXPECT_EQ(a.headers["server"], "vitrine");
}

TEST_F(ServerTest, SaneClientRequestIdIsEchoedAndOthersReplaced) {
  start();
  auto echoed = http_get(url("/no/such/thing"), {{"X-Request-Id", "trace-42.a_b"}});
  EXPECT_EQ(echoed.headers["x-request-id"], "trace-42.a_b");
  EXPECT_EQ(error_of(echoed)["request_id"], "trace-42.a_b");

  auto bad = http_get(url("/hello"), {{"X-Request-Id", "has spaces/and<html>"}});
  EXPECT_NE(bad.headers["x-request-id"], "has spaces/and<html>");
  EXPECT_EQ(bad.headers["x-request-id"].size(), 16u);

  auto too_long = http_get(url("/hello"), {{"X-Request-Id", std::string(65, 'a')}});
  EXPECT_EQ(too_long.headers["x-request-id"].size(), 16u);
}

TEST_F(ServerTest, HeadHasHeadersButNoBody) {
  start();
  auto r = http_request("HEAD", url("/hello"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["content-length"], "5");
  EXPECT_EQ(r.headers["content-type"], "text/plain; charset=utf-8");
  EXPECT_TRUE(r.body.empty());

  // On the wire: nothing follows the blank line, although Content-Length says 5.
  bool closed = false;
  std::string raw = raw_tcp_exchange(server->port(),
                                     "HEAD /hello HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
                                     10000, &closed);
  EXPECT_TRUE(closed);
  ASSERT_NE(raw.find("\r\n\r\n"), std::string::npos) << raw;
  EXPECT_EQ(raw.substr(raw.find("\r\n\r\n") + 4), "");
  EXPECT_NE(raw.find("Content-Length: 5"), std::string::npos) << raw;
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  start();
  bool closed = false;
  std::string raw = raw_tcp_exchange(server->port(),
                                     "GET /hello HTTP/1.1\r\nHost: t\r\n\r\n"
                                     "GET /no/such/thing HTTP/1.1\r\nHost: t\r\n\r\n"
                                     "GET /hello HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
                                     10000, &closed);
  EXPECT_TRUE(closed) << "the server should close after Connection: close";
  EXPECT_EQ(count_of(raw, "HTTP/1.1 200 OK\r\n"), 2u) << raw;
  EXPECT_EQ(count_of(raw, "HTTP/1.1 404 Not Found\r\n"), 1u) << raw;
  EXPECT_EQ(count_of(raw, "X-Request-Id: "), 3u) << raw;
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosedAfterIdleTimeout) {
  ServerOptions o;
  o.idle_timeout_ms = 200;
  start(o);
  bool closed = false;
  std::string raw =
      raw_tcp_exchange(server->port(), "GET /hello HTTP/1.1\r\nHost: t\r\n\r\n", 20000, &closed);
  EXPECT_TRUE(closed);
  EXPECT_EQ(count_of(raw, "HTTP/1.1 200 OK\r\n"), 1u) << raw;
}

TEST_F(ServerTest, BodyWithinLimitReachesTheHandler) {
  ServerOptions o;
  o.max_body_bytes = 4096;
  start(o);
  std::string body(4096, 'x');
  auto r = http_request("POST", url("/echo"), {{"Content-Type", "text/plain"}}, body);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, body);
  EXPECT_EQ(r.headers["x-seen-method"], "POST");
}

TEST_F(ServerTest, ExpectContinueGetsAn100Response) {
  ServerOptions o;
  o.idle_timeout_ms = 300;
  start(o);
  bool closed = false;
  std::string raw = raw_tcp_exchange(
      server->port(),
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n", 20000,
      &closed);
  EXPECT_EQ(raw.rfind("HTTP/1.1 100 Continue\r\n\r\n", 0), 0u) << raw;

  auto r = http_request("POST", url("/echo"), {{"Expect", "100-continue"}}, "hello");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "hello");
}

TEST_F(ServerTest, BodyOverLimitIs413) {
  ServerOptions o;
  o.max_body_bytes = 1024;
  start(o);
  auto r = http_request("POST", url("/echo"), {}, std::string(2048, 'x'));
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(error_of(r)["code"], "payload_too_large");
  EXPECT_EQ(r.headers["connection"], "close");

  // A chunked body that grows past the limit is refused as well.
  std::string chunk(800, 'y');
  std::string raw = raw_tcp_exchange(server->port(),
                                     "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: "
                                     "chunked\r\n\r\n320\r\n" +
                                         chunk + "\r\n320\r\n" + chunk + "\r\n0\r\n\r\n",
                                     10000);
  EXPECT_EQ(raw.rfind("HTTP/1.1 413 Payload Too Large\r\n", 0), 0u) << raw;
  EXPECT_NE(raw.find("payload_too_large"), std::string::npos) << raw;

  // The server still serves.
  EXPECT_EQ(http_get(url("/hello")).status, 200);
}

TEST_F(ServerTest, HeadersOverLimitAre431) {
  ServerOptions o;
  o.max_header_bytes = 1024;
  start(o);
  auto r = http_get(url("/hello"), {{"X-Big", std::string(2000, 'a')}});
  EXPECT_EQ(r.status, 431);
  EXPECT_EQ(error_of(r)["code"], "header_too_large");
  EXPECT_EQ(http_get(url("/hello")).status, 200);
}

TEST_F(ServerTest, MalformedRequestLineIs400AndCloses) {
  start();
  bool closed = false;
  std::string raw = raw_tcp_exchange(server->port(), "THIS IS NOT HTTP\r\n\r\n", 10000, &closed);
  EXPECT_TRUE(closed);
  EXPECT_EQ(raw.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u) << raw;
  EXPECT_NE(raw.find("\"code\":\"invalid_argument\""), std::string::npos) << raw;
  EXPECT_NE(raw.find("Connection: close"), std::string::npos) << raw;
}

TEST_F(ServerTest, ClientThatStopsMidHeaderIsDisconnected) {
  ServerOptions o;
  o.header_timeout_ms = 200;
  start(o);
  bool closed = false;
  std::string raw =
      raw_tcp_exchange(server->port(), "GET /hello HTTP/1.1\r\nHost: t\r\n", 20000, &closed);
  EXPECT_TRUE(closed) << "the server should hang up on a stalled request head";
  EXPECT_EQ(raw, "");
  EXPECT_EQ(http_get(url("/hello")).status, 200);
}

TEST_F(ServerTest, ClientThatSendsNothingIsDisconnected) {
  ServerOptions o;
  o.header_timeout_ms = 200;
  start(o);
  bool closed = false;
  std::string raw = raw_tcp_exchange(server->port(), "", 20000, &closed);
  EXPECT_TRUE(closed);
  EXPECT_EQ(raw, "");
}

TEST_F(ServerTest, BlockingHandlersRunOffTheIoThread) {
  ServerOptions o;
  o.io_threads = 1;
  o.blocking_threads = 2;
  start(o);
  auto inline_thread = http_get(url("/thread/inline")).body;
  auto blocking_thread = http_get(url("/thread/blocking")).body;
  ASSERT_FALSE(inline_thread.empty());
  ASSERT_FALSE(blocking_thread.empty());
  EXPECT_NE(inline_thread, blocking_thread);

  // While a blocking handler is stuck, the only I/O thread keeps serving other requests.
  auto slow = std::async(std::launch::async, [&] { return http_get(url("/slow")); });
  ASSERT_EQ(slow_started.get_future().wait_for(kHangGuard), std::future_status::ready);
  auto other = http_get(url("/hello"));
  EXPECT_EQ(other.status, 200);
  EXPECT_EQ(slow.wait_for(0s), std::future_status::timeout) << "slow request ended early";
  slow_release.set_value();
  auto slow_result = slow.get();
  EXPECT_EQ(slow_result.status, 200);
  EXPECT_EQ(slow_result.body, "finished");
}

TEST_F(ServerTest, InlineHandlerCanRetryOnTheWorkerPool) {
  std::atomic<int> hook_calls{0};
  router.add(
      "GET", "/maybe-io/{name}",
      [](Request& r) {
        if (!r.on_worker) return Response::retry_on_worker();
        return Response::json(200, {{"name", r.params["name"]}, {"thread", thread_id_string()}});
      },
      Dispatch::kInline);
  ServerOptions o;
  o.io_threads = 1;
  o.before_route = [&](Request&) -> std::optional<Response> {
    ++hook_calls;
    return std::nullopt;
  };
  start(o);
  auto inline_thread = http_get(url("/thread/inline")).body;
  int hooks_before = hook_calls.load();
  auto r = http_get(url("/maybe-io/kendu%20shop"));
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["name"], "kendu shop");
  EXPECT_NE(j["thread"], inline_thread);
  EXPECT_EQ(hook_calls.load() - hooks_before, 1) << "the hook runs once per request";
}

TEST_F(ServerTest, BeforeRouteRunsInlineAndCanMoveToTheWorkerPool) {
  ServerOptions o;
  o.io_threads = 1;
  o.before_route = [](Request& r) -> std::optional<Response> {
    if (!r.path.starts_with("/shop")) return std::nullopt;
    // A cache hit answers on the I/O thread; a miss needs the pool (it may render or query).
    if (r.path == "/shop/miss" && !r.on_worker) return Response::retry_on_worker();
    return Response::json(200, {{"thread", thread_id_string()}, {"on_worker", r.on_worker}});
  };
  start(o);
  auto inline_thread = http_get(url("/thread/inline")).body;
  auto hit = nlohmann::json::parse(http_get(url("/shop/hit")).body);
  EXPECT_EQ(hit["thread"], inline_thread);
  EXPECT_EQ(hit["on_worker"], false);
  auto miss = nlohmann::json::parse(http_get(url("/shop/miss")).body);
  EXPECT_NE(miss["thread"], inline_thread);
  EXPECT_EQ(miss["on_worker"], true);
  EXPECT_EQ(http_get(url("/hello")).body, "hello");
}

TEST_F(ServerTest, BeforeRouteThatThrowsGives500) {
  ServerOptions o;
  o.before_route = [](Request& r) -> std::optional<Response> {
    if (r.path == "/boom") throw std::runtime_error("hook failed");
    return std::nullopt;
  };
  start(o);
  auto r = http_get(url("/boom"));
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(error_of(r)["code"], "internal_error");
  EXPECT_EQ(http_get(url("/hello")).status, 200);
}

TEST_F(ServerTest, HandlerThatThrowsGives500AndServerKeepsServing) {
  start();
  auto r = http_get(url("/throw"), {{"X-Request-Id", "oops-1"}});
  EXPECT_EQ(r.status, 500);
  auto e = error_of(r);
  EXPECT_EQ(e["code"], "internal_error");
  EXPECT_EQ(e["request_id"], "oops-1");
  EXPECT_EQ(r.body.find("boom"), std::string::npos) << "exception text must not leak";
  EXPECT_EQ(http_get(url("/hello")).status, 200);
}

TEST_F(ServerTest, BeforeRouteCanAnswerOrPassThrough) {
  ServerOptions o;
  o.before_route = [](Request& r) -> std::optional<Response> {
    if (r.headers.get("host").value_or("").starts_with("shop.example")) {
      return Response::text(200, "storefront " + r.path);
    }
    return std::nullopt;
  };
  start(o);
  auto shop = http_get(url("/hello"), {{"Host", "shop.example.com"}});
  EXPECT_EQ(shop.body, "storefront /hello");
  auto shop404 = http_get(url("/no/route"), {{"Host", "shop.example.com"}});
  EXPECT_EQ(shop404.body, "storefront /no/route");
  auto plain = http_get(url("/hello"));
  EXPECT_EQ(plain.body, "hello");
  EXPECT_EQ(http_get(url("/no/route")).status, 404);
}

TEST_F(ServerTest, ListenFailsWhenThePortIsTaken) {
  start();
  ServerOptions o;
  o.host = "127.0.0.1";
  o.port = server->port();
  o.io_threads = 1;
  HttpServer second(o, router);
  Status st = second.listen();
  ASSERT_THAT(st, StatusIs("io_error"));
  EXPECT_NE(st.error().message.find("127.0.0.1:" + std::to_string(server->port())),
            std::string::npos)
      << st.error().message;
}

TEST_F(ServerTest, StopLetsInFlightRequestFinishThenRunReturns) {
  ServerOptions o;
  o.blocking_threads = 2;
  start(o);
  uint16_t port = server->port();
  auto slow = std::async(std::launch::async, [&] { return http_get(url("/slow")); });
  ASSERT_EQ(slow_started.get_future().wait_for(kHangGuard), std::future_status::ready);

  server->stop();
  // New clients get no response any more (refused, or closed before a request is read).
  auto late = http_get(url("/hello"));
  EXPECT_EQ(late.status, 0) << late.body;
  EXPECT_FALSE(run_returned.load()) << "run() returned while a request was in flight";

  slow_release.set_value();
  auto r = slow.get();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "finished");
  EXPECT_EQ(r.headers["connection"], "close");
  EXPECT_FALSE(run_returned_when_slow_finished.load());
  runner.join();
  EXPECT_TRUE(run_returned.load());
  EXPECT_TRUE(connection_refused(port));
}

TEST_F(ServerTest, StopBeforeRunMakesRunReturn) {
  ServerOptions o;
  o.host = "127.0.0.1";
  o.port = 0;
  o.shutdown_grace_ms = 60'000;  // a run() that waited for the grace period would be a bug
  HttpServer early(o, router);
  ASSERT_THAT(early.listen(), IsOk());
  early.stop();
  auto ran = std::async(std::launch::async, [&] { early.run(); });
  EXPECT_EQ(ran.wait_for(kHangGuard), std::future_status::ready);
  ran.get();
  EXPECT_TRUE(connection_refused(early.port()));
}

TEST_F(ServerTest, StopClosesIdleKeepAliveConnections) {
  ServerOptions o;
  o.idle_timeout_ms = 60'000;
  start(o);
  RawConnection conn(server->port());
  ASSERT_TRUE(conn.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n"));
  std::string first = conn.read_until("hello");
  ASSERT_NE(first.find("hello"), std::string::npos) << first;
  // The connection is now idle between keep-alive requests.
  server->stop();
  bool closed = false;
  std::string rest = conn.read_until_close(&closed);
  EXPECT_TRUE(closed) << "an idle keep-alive connection should be closed by stop()";
  EXPECT_EQ(rest, "");
  runner.join();
}

// ---- Streamed bodies ------------------------------------------------------------------------

constexpr uint64_t kStreamSize = 5 << 20;
constexpr size_t kChunk = 256 << 10;

class StreamTest : public ServerTest {
 protected:
  StreamTest() {
    // Inline, so the handler runs on the I/O thread: the reads must still happen elsewhere.
    router.add(
        "GET", "/stream",
        [this](Request& r) {
          Response res;
          res.headers.set("content-type", "application/octet-stream");
          res.headers.set("x-handler-thread", thread_id_string());
          if (auto range = r.query_param("range")) {  // "first-last"
            uint64_t first = std::stoull(*range),
                     last = std::stoull(range->substr(range->find('-') + 1));
            res.status = 206;
            res.stream = StreamBody{source, first, last - first + 1};
          } else {
            res.stream = StreamBody::of(source);
          }
          return res;
        },
        Dispatch::kInline);
  }

  std::shared_ptr<RecordingSource> source = std::make_shared<RecordingSource>(kStreamSize);
};

TEST_F(StreamTest, StreamedBodyArrivesWholeFromBoundedReadsOffTheIoThread) {
  start();
  auto r = http_get(url("/stream"));
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 200);
  EXPECT_EQ(r.headers["content-length"], std::to_string(kStreamSize));
  ASSERT_EQ(r.body.size(), kStreamSize);
  EXPECT_TRUE(r.body == pattern(0, kStreamSize)) << "the streamed bytes differ from the source";
  // Never the whole body at once: chunk-sized reads, each byte read once.
  EXPECT_LE(source->largest_request(), kChunk);
  EXPECT_GE(source->reads(), static_cast<int>(kStreamSize / kChunk));
  EXPECT_EQ(source->bytes_read(), kStreamSize);
  EXPECT_EQ(source->threads().count(r.headers["x-handler-thread"]), 0u)
      << "a chunk was read on the I/O thread";
}

TEST_F(StreamTest, ChunkSizeIsConfigurable) {
  ServerOptions o;
  o.stream_chunk_bytes = 100'000;
  start(o);
  auto r = http_get(url("/stream"));
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(r.body == pattern(0, kStreamSize));
  EXPECT_LE(source->largest_request(), 100'000u);
  EXPECT_GE(source->reads(), static_cast<int>(kStreamSize / 100'000));
}

TEST_F(StreamTest, StreamedRangeReadsAndSendsOnlyTheRange) {
  start();
  const uint64_t first = 1'000'003, last = 3'500'000;
  auto r = http_get(url("/stream?range=" + std::to_string(first) + "-" + std::to_string(last)));
  ASSERT_EQ(r.status, 206);
  EXPECT_EQ(r.headers["content-length"], std::to_string(last - first + 1));
  EXPECT_TRUE(r.body == pattern(first, last - first + 1)) << "range bytes differ";
  EXPECT_EQ(source->bytes_read(), last - first + 1) << "bytes outside the range were read";
  EXPECT_LE(source->largest_request(), kChunk);
}

TEST_F(StreamTest, HeadAnnouncesTheLengthAndReadsNothing) {
  start();
  auto r = http_request("HEAD", url("/stream"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["content-length"], std::to_string(kStreamSize));
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(source->reads(), 0);

  // On the wire nothing follows the head, and the connection serves the next request.
  RawConnection conn(server->port());
  ASSERT_TRUE(
      conn.send("HEAD /stream HTTP/1.1\r\nHost: t\r\n\r\nGET /hello HTTP/1.1\r\nHost: t\r\n\r\n"));
  std::string raw = conn.read_until("hello");
  EXPECT_EQ(count_of(raw, "HTTP/1.1 200 OK\r\n"), 2u) << raw;
  EXPECT_EQ(source->reads(), 0);
}

TEST_F(StreamTest, ReadErrorMidStreamClosesTheConnectionAfterAShortBody) {
  source = std::make_shared<RecordingSource>(kStreamSize, 2 << 20);
  start();
  RawConnection conn(server->port());
  ASSERT_TRUE(conn.send("GET /stream HTTP/1.1\r\nHost: t\r\n\r\n"));
  bool closed = false;
  std::string raw = conn.read_until_close(&closed);
  EXPECT_TRUE(closed) << "the connection must close when the body cannot be finished";
  ASSERT_EQ(raw.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << raw.substr(0, 300);
  EXPECT_NE(raw.find("Content-Length: " + std::to_string(kStreamSize)), std::string::npos);
  size_t body_at = raw.find("\r\n\r\n") + 4;
  EXPECT_EQ(raw.size() - body_at, uint64_t{2} << 20) << "everything before the failure is sent";
  EXPECT_TRUE(raw.compare(body_at, std::string::npos, pattern(0, 2 << 20)) == 0);
  // The server keeps serving.
  EXPECT_EQ(http_get(url("/hello")).status, 200);
}

TEST_F(StreamTest, ReadErrorBeforeTheFirstByteIsAnErrorResponse) {
  source = std::make_shared<RecordingSource>(kStreamSize, 0);
  start();
  auto r = http_get(url("/stream"));
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(error_of(r)["code"], "io_error");
  EXPECT_NE(error_of(r)["message"].get<std::string>().find("disk went away"), std::string::npos);
  EXPECT_EQ(http_get(url("/hello")).status, 200);
}

// ---- Per-route body limits ------------------------------------------------------------------

class RouteBodyLimitTest : public ServerTest {
 protected:
  RouteBodyLimitTest() {
    router.add("POST", "/upload", [](Request& r) {
      return Response::json(
          200, {{"received", r.body.size()}, {"intact", r.body == pattern(0, r.body.size())}});
    });
    router.add("PUT", "/upload", [](Request&) { return Response::text(200, "put"); });
  }

  void start_with_limits() {
    ServerOptions o;
    o.max_body_bytes = 1024;
    o.route_body_limits.push_back(
        {"POST", "/upload", 64 << 10, "theme archive", "theme_push_max_bytes"});
    start(o);
  }
};

TEST_F(RouteBodyLimitTest, ConfiguredRouteAcceptsBodiesUpToItsOwnLimit) {
  start_with_limits();
  for (const char* path : {"/upload", "/upload/", "/upload?draft=1"}) {
    auto r = http_request("POST", url(path), {{"Content-Type", "application/gzip"}},
                          pattern(0, 64 << 10));
    ASSERT_EQ(r.status, 200) << path << ": " << r.body;
    auto j = nlohmann::json::parse(r.body);
    EXPECT_EQ(j["received"], 64 << 10) << path;
    EXPECT_EQ(j["intact"], true) << path;
  }
}

TEST_F(RouteBodyLimitTest, OtherRoutesKeepTheGeneralLimit) {
  start_with_limits();
  auto r = http_request("POST", url("/echo"), {}, std::string(32 << 10, 'x'));
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(error_of(r)["code"], "payload_too_large");
  EXPECT_EQ(error_of(r)["details"]["limit"], 1024);
  EXPECT_EQ(error_of(r)["message"], "request body exceeds 1024 bytes");
  // Another method on the same path is not the configured route either.
  auto put = http_request("PUT", url("/upload"), {}, std::string(32 << 10, 'x'));
  EXPECT_EQ(put.status, 413);
  EXPECT_EQ(error_of(put)["details"]["limit"], 1024);
}

TEST_F(RouteBodyLimitTest, BodyOverTheRouteLimitIs413NamingTheSetting) {
  start_with_limits();
  auto r = http_request("POST", url("/upload"), {}, pattern(0, (64 << 10) + 1));
  EXPECT_EQ(r.status, 413);
  auto e = error_of(r);
  EXPECT_EQ(e["code"], "payload_too_large");
  EXPECT_EQ(e["details"]["limit"], 64 << 10);
  EXPECT_EQ(e["message"], "theme archive exceeds 65536 bytes (theme_push_max_bytes)");
  EXPECT_EQ(r.headers["connection"], "close");

  // A chunked body (no Content-Length) is cut off at the route's limit as well.
  std::string chunk(40 << 10, 'y');
  std::string chunk_head = "A000\r\n";  // 40 KiB in hex
  std::string raw =
      raw_tcp_exchange(server->port(),
                       "POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" +
                           chunk_head + chunk + "\r\n" + chunk_head + chunk + "\r\n0\r\n\r\n",
                       10000);
  EXPECT_EQ(raw.rfind("HTTP/1.1 413 Payload Too Large\r\n", 0), 0u) << raw.substr(0, 300);
  EXPECT_NE(raw.find("theme_push_max_bytes"), std::string::npos) << raw;

  // A declared length over the limit is refused before 100 Continue: the body need not be sent.
  bool closed = false;
  std::string early = raw_tcp_exchange(server->port(),
                                       "POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: "
                                       "99999999\r\nExpect: 100-continue\r\n\r\n",
                                       10000, &closed);
  EXPECT_TRUE(closed);
  EXPECT_EQ(early.rfind("HTTP/1.1 413 Payload Too Large\r\n", 0), 0u) << early;
  EXPECT_EQ(early.find("100 Continue"), std::string::npos) << early;

  EXPECT_EQ(http_get(url("/hello")).status, 200);
}

}  // namespace
}  // namespace vitrine::http
