// Router: maps method + path pattern to a handler. Patterns are '/'-separated literal segments,
// `{name}` parameters (one segment) and a trailing `{name...}` (the rest of the path, possibly
// containing '/'; at least one character). A trailing slash on the request path is ignored.
// Literal segments compare with the raw (still percent-encoded) path. Unknown path → 404, known
// path with another method → 405 with Allow, both in the JSON error format.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "http/message.h"

namespace vitrine::http {

// A route's handler. A failed Result is answered by the server as the JSON error response (with
// the request id), so handlers write `VITRINE_ASSIGN(auto x, step(...));` instead of checking.
using Handler = std::function<Result<Response>(Request&)>;

// Where a handler runs. kInline runs on the I/O thread: only for handlers that never block
// (memory lookups, such as cached assets). kBlocking runs on a worker pool: database, disk, sync.
enum class Dispatch { kInline, kBlocking };

class Router {
 public:
  // Registers `handler` for `method` ("GET", "POST", ...) on `pattern`. GET routes also answer
  // HEAD (the server drops the body). Routes are matched in registration order.
  void add(std::string method, std::string pattern, Handler handler,
           Dispatch dispatch = Dispatch::kBlocking);

  struct Match {
    const Handler* handler = nullptr;  // null when nothing matched
    Dispatch dispatch = Dispatch::kInline;
    std::map<std::string, std::string> params;
    std::string allow;  // for 405: the methods the path accepts, "GET, HEAD"
  };

  // Finds the route for a request; params are percent-decoded. A malformed escape in a
  // parameter fails to match. HEAD matches GET routes. When no route has this method but some
  // route matches the path, `handler` is null and `allow` lists the path's methods (405);
  // when nothing matches the path, both are empty (404). Thread-safe once routes are added.
  Match match(std::string_view method, std::string_view path) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    Handler handler;
    Dispatch dispatch;
  };
  std::vector<Route> routes_;
};

// True when `path` (without its query) matches the route pattern `pattern`, by the rules above.
bool path_matches(std::string_view pattern, std::string_view path);

}  // namespace vitrine::http
