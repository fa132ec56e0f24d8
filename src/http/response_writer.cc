// clang-format off
// <utility> must precede the Asio headers (awaitable.hpp relies on it with GCC 12).
#include <utility>
// clang-format on

#include "http/server_impl.h"

// Writing responses (in memory or streamed from a BodySource) and closing connections.
namespace vitrine::http {

using detail::cached_date;
using detail::server_owned_header;

namespace {

// The status line and headers of `res`, without Content-Length.
bhttp::response<SpanBody> response_head(const Response& res, unsigned version, bool keep_alive,
                                        std::string_view request_id) {
  bhttp::response<SpanBody> out;
  out.version(version);
  out.result(static_cast<unsigned>(res.status));
  bool has_date = false, has_server = false;
  for (const auto& [name, value] : res.headers.all()) {
    if (server_owned_header(name)) continue;
    if (name == "date") has_date = true;
    if (name == "server") has_server = true;
    bhttp::field f = bhttp::string_to_field(name);
    if (f != bhttp::field::unknown)
      out.insert(f, value);  // canonical spelling on the wire ("Content-Type")
    else
      out.insert(name, value);
  }
  if (!has_date) out.set(bhttp::field::date, cached_date());
  if (!has_server) out.set(bhttp::field::server, "vitrine");
  out.set("X-Request-Id", request_id);
  out.keep_alive(keep_alive);
  return out;
}

// Runs one BodySource::read on the thread it is spawned on (the worker pool).
asio::awaitable<void> read_source(BodySource* source, uint64_t offset, size_t max_bytes,
                                  std::optional<Result<std::string>>* out) {
  try {
    out->emplace(source->read(offset, max_bytes));
  } catch (const std::exception& e) {
    out->emplace(fail(errc::kInternal, std::string("body source threw: ") + e.what()));
  } catch (...) {
    out->emplace(fail(errc::kInternal, "body source threw a non-exception"));
  }
  co_return;
}

}  // namespace

asio::awaitable<void> HttpServer::Impl::read_chunk(const StreamBody& body, uint64_t done,
                                                   std::optional<Result<std::string>>* out) {
  const size_t want = static_cast<size_t>(
      std::min<uint64_t>(std::max<size_t>(1, opts.stream_chunk_bytes), body.length - done));
  const uint64_t offset = body.offset + done;
  co_await asio::co_spawn(pool->get_executor(), read_source(body.source.get(), offset, want, out),
                          asio::use_awaitable);
  if (!(*out)->ok()) co_return;
  const size_t got = (**out)->size();
  if (got == 0 && body.length == StreamBody::kOpenEnded) co_return;  // nothing yet, or the end
  if (got == 0 || got > want)
    out->emplace(fail(errc::kInternal,
                      "body source returned " + std::to_string(got) + " bytes at offset " +
                          std::to_string(offset) + " when asked for at most " +
                          std::to_string(want),
                      {{"offset", offset}, {"requested", want}, {"returned", got}}));
}

asio::awaitable<beast::error_code> HttpServer::Impl::write_streamed(beast::tcp_stream& stream,
                                                                    const Response& res,
                                                                    unsigned version,
                                                                    bool keep_alive,
                                                                    const Request& req) {
  const StreamBody& body = res.stream;
  if (body.length == StreamBody::kOpenEnded)
    co_return co_await write_open_ended(stream, res, version, keep_alive, req);
  std::optional<Result<std::string>> chunk;
  // The first chunk is read before the head goes out, so a source that cannot be read at all
  // (a blob gone missing) still gets a proper error response rather than a cut connection.
  if (body.length > 0) {
    co_await read_chunk(body, 0, &chunk);
    if (!chunk->ok()) {
      spdlog::error("http: streamed body of {} {} could not be read (request {}): {}", req.method,
                    req.target, req.request_id, chunk->error().message);
      Response failed = Response::error(chunk->error(), req.request_id);
      co_return co_await write_response(stream, failed, version, keep_alive, false, req.request_id);
    }
  }

  auto out = response_head(res, version, keep_alive, req.request_id);
  out.content_length(body.length);
  bhttp::response_serializer<SpanBody> sr(out);
  sr.split(true);
  const auto timeout = std::chrono::milliseconds(opts.idle_timeout_ms);
  while (!sr.is_header_done()) {
    stream.expires_after(timeout);
    auto [ec, n] = co_await bhttp::async_write_some(stream, sr, kNoThrow);
    if (ec) co_return ec;
  }
  uint64_t sent = 0;
  while (sent < body.length) {
    if (sent > 0) {
      co_await read_chunk(body, sent, &chunk);
      if (!chunk->ok()) {
        // The head promised more bytes than will come: closing is the only honest signal left.
        spdlog::error("http: streamed body of {} {} failed after {} of {} bytes (request {}): {}",
                      req.method, req.target, sent, body.length, req.request_id,
                      chunk->error().message);
        co_return asio::error::connection_aborted;
      }
    }
    const std::string& bytes = **chunk;
    // A deadline per chunk: an inactivity timeout, so slow clients of big files are not cut off.
    stream.expires_after(timeout);
    auto [ec, n] = co_await asio::async_write(stream, asio::buffer(bytes), kNoThrow);
    if (ec) co_return ec;
    sent += bytes.size();
  }
  co_return beast::error_code{};
}

asio::awaitable<beast::error_code> HttpServer::Impl::write_open_ended(beast::tcp_stream& stream,
                                                                      const Response& res,
                                                                      unsigned version,
                                                                      bool keep_alive,
                                                                      const Request& req) {
  // Without chunked coding (HTTP/1.0) the end of the body is the end of the connection.
  const bool chunked = version >= 11;
  auto out = response_head(res, version, chunked && keep_alive, req.request_id);
  if (chunked) out.chunked(true);
  bhttp::response_serializer<SpanBody> sr(out);
  sr.split(true);
  const auto timeout = std::chrono::milliseconds(opts.idle_timeout_ms);
  while (!sr.is_header_done()) {
    stream.expires_after(timeout);
    auto [ec, n] = co_await bhttp::async_write_some(stream, sr, kNoThrow);
    if (ec) co_return ec;
  }
  std::optional<Result<std::string>> chunk;
  for (uint64_t sent = 0;;) {
    co_await read_chunk(res.stream, sent, &chunk);
    if (!chunk->ok()) {
      spdlog::error("http: stream of {} {} failed after {} bytes (request {}): {}", req.method,
                    req.target, sent, req.request_id, chunk->error().message);
      co_return asio::error::connection_aborted;
    }
    const std::string& bytes = **chunk;
    // A stopping server ends its streams at once (clients reconnect to the next process).
    const bool last = bytes.empty() && (res.stream.source->finished() || stopping.load());
    if (bytes.empty() && !last) {
      // Nothing yet: wait on the I/O thread, not on a worker.
      asio::steady_timer wait(stream.get_executor(),
                              std::chrono::milliseconds(StreamBody::kOpenEndedPollMs));
      co_await wait.async_wait(kNoThrow);
      continue;
    }
    std::string framed;
    if (chunked) {
      char size[20];
      const int n = std::snprintf(size, sizeof size, "%zx\r\n", bytes.size());
      framed.assign(size, static_cast<size_t>(n));
      framed += bytes;
      framed += "\r\n";
    } else {
      framed = bytes;
    }
    stream.expires_after(timeout);
    auto [ec, n] = co_await asio::async_write(stream, asio::buffer(framed), kNoThrow);
    if (ec) co_return ec;
    if (last) co_return chunked ? beast::error_code{} : asio::error::eof;
    sent += bytes.size();
  }
}

asio::awaitable<beast::error_code> HttpServer::Impl::write_response(beast::tcp_stream& stream,
                                                                    const Response& res,
                                                                    unsigned version,
                                                                    bool keep_alive, bool head,
                                                                    std::string_view request_id) {
  auto out = response_head(res, version, keep_alive, request_id);

  const int status = res.status;
  const bool bodyless_status = status / 100 == 1 || status == 204 || status == 304;
  std::string_view body = res.body.view();
  bool send_body = !head && !bodyless_status;
  if (send_body) {
    out.body() = SpanBody::value_type(body.data(), body.size());
    out.content_length(body.size());
  } else if (status / 100 != 1 && status != 204) {
    if (res.stream.source && status != 304)
      out.content_length(res.stream.length);  // HEAD of a streamed body
    else if (!body.empty() && status != 304)
      out.content_length(body.size());
    else if (res.content_length_override)
      out.content_length(*res.content_length_override);
    else if (status != 304)
      out.content_length(0);
  }

  bhttp::response_serializer<SpanBody> sr(out);
  if (!send_body) sr.split(true);
  const auto timeout = std::chrono::milliseconds(opts.idle_timeout_ms);
  // Renewing the deadline after each chunk makes it an inactivity timeout, so large bodies to
  // slow clients are not cut off.
  while (send_body ? !sr.is_done() : !sr.is_header_done()) {
    stream.expires_after(timeout);
    auto [ec, n] = co_await bhttp::async_write_some(stream, sr, kNoThrow);
    if (ec) co_return ec;
  }
  co_return beast::error_code{};
}

asio::awaitable<void> HttpServer::Impl::send_error_and_close(beast::tcp_stream& stream,
                                                             const Error& e,
                                                             std::string_view request_id) {
  Response res = Response::error(e, request_id);
  spdlog::debug("http: rejected request ({}): {} (request {})", res.status, e.message, request_id);
  beast::error_code ec = co_await write_response(stream, res, 11, false, false, request_id);
  if (!ec) co_await linger_close(stream);
}

asio::awaitable<void> HttpServer::Impl::linger_close(beast::tcp_stream& stream) {
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream.expires_after(std::chrono::milliseconds(std::min(kLingerMs, opts.header_timeout_ms)));
  std::array<char, 4096> sink;
  size_t total = 0;
  while (total < kLingerBytes) {
    auto [ec, n] = co_await stream.async_read_some(asio::buffer(sink), kNoThrow);
    if (ec) break;
    total += n;
  }
  stream.socket().close(ignored);
}

}  // namespace vitrine::http
