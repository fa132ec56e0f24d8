// Request and Response as handlers see them: plain structs, independent of Beast, so modules
// and tests can build them directly. The server converts to and from the wire.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/result.h"

namespace vitrine::http {

// Header names are compared case-insensitively; stored lower-case.
class Headers {
 public:
  // Replaces every value of `name` with `value`.
  void set(std::string_view name, std::string value);
  // Appends a value (for headers that may repeat, such as Set-Cookie).
  void add(std::string_view name, std::string value);
  // The first value of `name`, if present.
  std::optional<std::string_view> get(std::string_view name) const;
  // Removes every value of `name`.
  void remove(std::string_view name);
  const std::vector<std::pair<std::string, std::string>>& all() const { return items_; }

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

struct Request {
  std::string method;  // "GET", "HEAD", ...
  std::string target;  // raw request target, "/cdn/themes/x/1.0.0/a.css?v=1"
  std::string path;    // target without the query, still percent-encoded
  std::string query;   // after '?', without it
  Headers headers;
  std::string body;
  std::string request_id;  // from X-Request-Id when sane, else generated
  std::string remote_address;
  std::map<std::string, std::string> params;  // route parameters, percent-decoded
  // True when the handler runs on the blocking worker pool (Dispatch::kBlocking, or a retry
  // requested with Response::retry_on_worker): blocking I/O is allowed.
  bool on_worker = false;

  // The decoded value of query parameter `name`, if present: the first occurrence whose value
  // decodes ('+' is a space, %XX escapes are decoded). `?flag` yields an empty string.
  std::optional<std::string> query_param(std::string_view name) const;
  // The value of cookie `name` from the Cookie header (first occurrence, quotes removed).
  std::optional<std::string> cookie(std::string_view name) const;
};

// A response body shared between responses: cached assets are sent without copying.
struct Body {
  std::shared_ptr<const std::string> data;
  size_t offset = 0;
  size_t length = 0;

  static Body of(std::string s) {
    auto p = std::make_shared<const std::string>(std::move(s));
    size_t n = p->size();
    return Body{std::move(p), 0, n};
  }
  std::string_view view() const {
    return data ? std::string_view(*data).substr(offset, length) : std::string_view();
  }
};

// A body read piece by piece while it is sent, for responses too large to hold in memory (CDN
// assets streamed from the blob store). The server calls read() on its blocking worker pool,
// never on an I/O thread, asks for at most ServerOptions::stream_chunk_bytes at a time and
// keeps only the chunk being written, so a response costs one chunk of memory whatever its size.
class BodySource {
 public:
  virtual ~BodySource();

  // Total length in bytes; must not change while a response uses the source.
  virtual uint64_t size() const = 0;

  // Between 1 and `max_bytes` bytes starting at `offset` (< size()); may block. A shorter result
  // is fine (the server asks again for the rest). Calls for one response never overlap. An error
  // or an empty result ends the response: before the headers went out the client gets the error
  // in the one error format, after that the connection is closed (and the failure logged).
  virtual Result<std::string> read(uint64_t offset, size_t max_bytes) = 0;

  // For open-ended streams (StreamBody::kOpenEnded): true once the stream has no more to send.
  virtual bool finished() const { return false; }
};

// A streamed body: `length` bytes of `source` from `offset` (a byte range of it for a 206).
struct StreamBody {
  std::shared_ptr<BodySource> source;
  uint64_t offset = 0;
  uint64_t length = 0;

  // A length for a stream that ends when it ends (Server-Sent Events): sent with chunked
  // transfer coding to HTTP/1.1 clients. An empty read means "nothing yet": the server asks
  // again after kOpenEndedPollMs without holding a worker thread, until finished() is true.
  static constexpr uint64_t kOpenEnded = UINT64_MAX;
  static constexpr int kOpenEndedPollMs = 250;
  static StreamBody open_ended(std::shared_ptr<BodySource> source) {
    return StreamBody{std::move(source), 0, kOpenEnded};
  }

  // The whole of `source`.
  static StreamBody of(std::shared_ptr<BodySource> source) {
    uint64_t n = source->size();
    return StreamBody{std::move(source), 0, n};
  }
};

struct Response {
  int status = 200;
  Headers headers;
  Body body;
  // When `stream.source` is set it is the body (`body` is ignored): Content-Length is
  // stream.length and the bytes are read while being sent. HEAD and 304 read nothing.
  StreamBody stream;
  // For HEAD or 304 responses: the Content-Length to announce when body is empty.
  std::optional<uint64_t> content_length_override;

  static Response json(int status, const nlohmann::json& j);
  static Response text(int status, std::string body,
                       std::string content_type = "text/plain; charset=utf-8");
  // The one error format: {"error":{"code","message","details","timestamp","request_id"}}.
  static Response error(const Error& e, std::string_view request_id);

  // Returned by an inline handler that found it needs blocking I/O (a cache miss): the server
  // runs the same handler again on the worker pool with Request::on_worker set. Keeps the hot
  // path on the I/O thread without ever blocking it.
  static Response retry_on_worker() {
    Response r;
    r.wants_worker = true;
    return r;
  }
  bool wants_worker = false;
};

// Whether an If-None-Match field value matches `etag` (RFC 9110 §13.1.2): "*" matches any
// current representation; otherwise a comma-separated list of entity tags compared weakly (a
// "W/" prefix on either side is ignored). Malformed members never match.
bool etag_matches(std::string_view if_none_match, std::string_view etag);

// Whether an Accept-Encoding field value lists `coding` ("br", "gzip") or "*" with a non-zero q.
bool accepts_coding(std::string_view accept_encoding, std::string_view coding);

}  // namespace vitrine::http
