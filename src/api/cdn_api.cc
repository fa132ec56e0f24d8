#include <charconv>

#include "api/api.h"
#include "api/request_helpers.h"
#include "core/text.h"

namespace vitrine::api {
namespace {

using http::Request;
using http::Response;

constexpr const char* kImmutable = "public, max-age=31536000, immutable";
constexpr const char* kAlias = "public, max-age=60";

struct ByteRange {
  uint64_t first = 0, last = 0;
};

// Parses a single "bytes=a-b", "bytes=a-" or "bytes=-n" range against `size`. nullopt when the
// header should be ignored (multiple ranges, other units, garbage); {0,0} with ok=false when it is
// unsatisfiable.
std::optional<std::optional<ByteRange>> parse_range(std::string_view h, uint64_t size) {
  if (!h.starts_with("bytes=")) return std::nullopt;
  h.remove_prefix(6);
  if (h.find(',') != std::string_view::npos) return std::nullopt;
  auto dash = h.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  auto num = [](std::string_view s, uint64_t& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size() && !s.empty();
  };
  std::string_view a = h.substr(0, dash), b = h.substr(dash + 1);
  ByteRange r;
  if (a.empty()) {
    uint64_t n;
    if (!num(b, n)) return std::nullopt;
    if (n == 0 || size == 0) return std::optional<ByteRange>();
    r.first = n >= size ? 0 : size - n;
    r.last = size - 1;
    return std::optional<ByteRange>(r);
  }
  if (!num(a, r.first)) return std::nullopt;
  if (b.empty()) {
    r.last = size == 0 ? 0 : size - 1;
  } else if (!num(b, r.last) || r.last < r.first) {
    return std::nullopt;
  }
  if (r.first >= size) return std::optional<ByteRange>();
  if (r.last >= size) r.last = size - 1;
  return std::optional<ByteRange>(r);
}

Response serve_asset(Services& s, Request& req) {
  const bool has_range = req.headers.get("range").has_value();
  const std::string_view ae = req.headers.get("accept-encoding").value_or("");
  themes::AssetQuery q{req.params["slug"], req.params["version"], req.params["path"],
                       !has_range && http::accepts_coding(ae, "br"),
                       !has_range && http::accepts_coding(ae, "gzip")};
  auto found = s.cdn.lookup(q, req.on_worker);
  if (!found.ok()) return Response::error(found.error(), req.request_id);
  using Kind = themes::AssetLookup::Kind;
  if (found->kind == Kind::kNeedsIo) return Response::retry_on_worker();
  if (found->kind == Kind::kRedirect) {
    Response r;
    r.status = 302;
    r.headers.set("location", found->redirect_path);
    r.headers.set("cache-control", kAlias);
    return r;
  }

  const themes::Asset& a = found->asset;
  Response r;
  r.headers.set("cache-control", kImmutable);
  r.headers.set("etag", a.etag);
  if (a.has_variants) r.headers.set("vary", "Accept-Encoding");
  if (auto inm = req.headers.get("if-none-match"); inm && http::etag_matches(*inm, a.etag)) {
    r.status = 304;
    return r;
  }
  r.headers.set("content-type", a.content_type);
  if (!a.encoding.empty()) r.headers.set("content-encoding", a.encoding);
  const uint64_t size = a.size;
  std::shared_ptr<http::BodySource> source;
  if (a.bytes) {
    r.body = http::Body{a.bytes, 0, size};
  } else {
    source = asset_stream(s.cdn, a);
    r.stream = http::StreamBody{source, 0, size};
  }
  if (a.encoding.empty()) r.headers.set("accept-ranges", "bytes");
  if (!has_range || !a.encoding.empty()) return r;
  // If-Range with a different validator: the client's partial copy is stale, send it whole.
  if (auto ir = req.headers.get("if-range"); ir && *ir != a.etag) return r;
  auto range = parse_range(*req.headers.get("range"), size);
  if (!range) return r;
  if (!*range) {
    Response e = Response::error(
        make_error(errc::kInvalidArgument, "requested range is outside the file", {{"size", size}}),
        req.request_id);
    e.status = 416;
    e.headers.set("content-range", "bytes */" + std::to_string(size));
    return e;
  }
  const ByteRange br = **range;
  r.status = 206;
  if (source)
    r.stream = http::StreamBody{source, br.first, br.last - br.first + 1};
  else
    r.body = http::Body{a.bytes, br.first, br.last - br.first + 1};
  r.headers.set("content-range", "bytes " + std::to_string(br.first) + "-" +
                                     std::to_string(br.last) + "/" + std::to_string(size));
  return r;
}

}  // namespace

void register_cdn_routes(http::Router& router, Services& s) {
  // Inline: cached assets are answered on the I/O thread; a cache miss asks to be re-run on the
  // worker pool (Response::retry_on_worker) so the blob read never blocks other connections.
  // Large assets are answered inline too, as a stream the server reads on the worker pool.
  router.add(
      "GET", "/cdn/themes/{slug}/{version}/{path...}",
      [&s](Request& req) -> Result<Response> { return serve_asset(s, req); },
      http::Dispatch::kInline);
}

}  // namespace vitrine::api
