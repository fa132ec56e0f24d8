#include "admin/admin_ui.h"

#include <map>
#include <memory>
#include <mutex>

#include "admin/embedded_files.h"
#include "themes/compress.h"
#include "themes/package.h"

namespace vitrine::admin {

namespace {

constexpr const char* kNotBuilt = R"html(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Vitrine admin: not in this build</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto">
<h1>The admin app is not in this build</h1>
<p>This <code>vitrine</code> binary was built without the admin web app (web/), because Node.js
20.19 or newer and npm were missing when it was built. Install them and run
<code>scripts/build.sh</code>: it builds the app and embeds it in the binary.</p>
<p>The API under <code>/api</code> works as usual.</p>
</body></html>
)html";

// One embedded file and the compressed copies made of it so far.
struct Served {
  std::string content_type;
  bool immutable = false;
  std::shared_ptr<const std::string> identity, gzip, brotli;
  bool compressed = false;
};

class Catalogue {
 public:
  Catalogue() {
    for (size_t i = 0; i < internal::kEmbeddedFileCount; ++i) {
      const auto& f = internal::kEmbeddedFiles[i];
      Served s;
      s.content_type = themes::content_type_for(f.path);
      s.immutable = std::string_view(f.path).starts_with("assets/");
      s.identity = std::make_shared<const std::string>(f.begin, f.end);
      files_.emplace(f.path, std::move(s));
    }
  }

  bool empty() const { return files_.empty(); }

  // The file at `path` with its compressed copies made, or null.
  const Served* find(const std::string& path) {
    auto it = files_.find(path);
    if (it == files_.end()) return nullptr;
    std::lock_guard lock(mu_);
    Served& s = it->second;
    if (!s.compressed) {
      if (s.identity->size() >= themes::kMinCompressBytes && themes::is_compressible(path)) {
        if (auto gz = themes::gzip_compress(*s.identity))
          s.gzip = std::make_shared<const std::string>(std::move(*gz));
        if (auto br = themes::brotli_compress(*s.identity))
          s.brotli = std::make_shared<const std::string>(std::move(*br));
      }
      s.compressed = true;
    }
    return &s;
  }

 private:
  std::map<std::string, Served, std::less<>> files_;
  std::mutex mu_;  // guards the compressed copies
};

Catalogue& catalogue() {
  static Catalogue c;
  return c;
}

http::Response respond(const Served& s, std::string_view accept_encoding) {
  http::Response r;
  std::shared_ptr<const std::string> data = s.identity;
  if (s.brotli && http::accepts_coding(accept_encoding, "br")) {
    data = s.brotli;
    r.headers.set("Content-Encoding", "br");
  } else if (s.gzip && http::accepts_coding(accept_encoding, "gzip")) {
    data = s.gzip;
    r.headers.set("Content-Encoding", "gzip");
  }
  if (s.gzip || s.brotli) r.headers.set("Vary", "Accept-Encoding");
  r.headers.set("Content-Type", s.content_type);
  r.headers.set("Cache-Control", s.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  r.headers.set("X-Content-Type-Options", "nosniff");
  const size_t n = data->size();
  r.body = http::Body{std::move(data), 0, n};
  return r;
}

}  // namespace

std::optional<http::Response> admin_file(std::string_view path, std::string_view accept_encoding) {
  Catalogue& files = catalogue();
  if (files.empty()) return http::Response::text(503, kNotBuilt, "text/html; charset=utf-8");
  if (const Served* s = files.find(std::string(path))) return respond(*s, accept_encoding);
  if (path.starts_with("assets/")) return std::nullopt;
  const Served* index = files.find("index.html");
  if (!index) return std::nullopt;
  http::Response r = respond(*index, accept_encoding);
  // The app's pages are the user's own data: never kept by shared caches.
  r.headers.set("Cache-Control", "no-cache, private");
  return r;
}

}  // namespace vitrine::admin
