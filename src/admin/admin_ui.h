// The admin web app (web/: React and the Puck editor), built by scripts/build.sh into
// build/web-dist and embedded in the binary at link time, served under /admin. A binary built
// without it (no Node.js when it was built) still answers /admin, with a page that says so.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/message.h"

namespace vitrine::admin {

// The answer to GET /admin/<path> ("" for /admin itself): a built file ("assets/index-1a2b.js",
// in the best encoding `accept_encoding` allows: brotli, gzip or none); index.html for any path
// that names no file (the app routes in the browser); nullopt for a missing file under assets/
// (a stale hashed name). Files under assets/ have content hashes in their names and are
// immutable for a year; index.html is revalidated (no-cache) so a new build is picked up.
// Without a built app: 503 with a page saying how to build it. Thread-safe; a file's
// compressed copies are made on first request and kept.
std::optional<http::Response> admin_file(std::string_view path, std::string_view accept_encoding);

}  // namespace vitrine::admin
