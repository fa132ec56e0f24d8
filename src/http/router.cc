#include "http/router.h"

#include <algorithm>

#include "core/url.h"

namespace vitrine::http {
namespace {

// Splits a path on '/' after dropping the leading slash and one trailing slash: "/a/b/" → {a, b},
// "/" → {}. Inner empty segments ("/a//b") are kept, so they only match empty parameters... which
// never match, since a parameter needs at least one character.
template <typename Out>
void split_path(std::string_view path, Out& out) {
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (path.empty()) return;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) {
      out.emplace_back(path.substr(start));
      return;
    }
    out.emplace_back(path.substr(start, slash - start));
    start = slash + 1;
  }
}

bool is_param(std::string_view seg) {
  return seg.size() >= 3 && seg.front() == '{' && seg.back() == '}';
}

bool is_rest_param(std::string_view seg) {
  return is_param(seg) && seg.size() > 5 && seg.substr(seg.size() - 4) == "...}";
}

std::string param_name(std::string_view seg) {
  std::string_view inner = seg.substr(1, seg.size() - 2);
  if (inner.size() > 3 && inner.substr(inner.size() - 3) == "...") inner.remove_suffix(3);
  return std::string(inner);
}

// Matches `segs` (the request path's segments) against a route's pattern segments. Fills
// `params` when `params` is non-null. Returns false on a mismatch or a malformed escape.
bool match_segments(const std::vector<std::string>& pattern,
                    const std::vector<std::string_view>& segs, std::string_view path,
                    std::map<std::string, std::string>* params) {
  size_t n = pattern.size();
  bool rest = n > 0 && is_rest_param(pattern.back());
  if (rest) {
    if (segs.size() < n) return false;
  } else if (segs.size() != n) {
    return false;
  }
  size_t fixed = rest ? n - 1 : n;
  for (size_t i = 0; i < fixed; ++i) {
    const std::string& p = pattern[i];
    if (is_param(p)) {
      if (segs[i].empty()) return false;
      auto decoded = percent_decode(segs[i]);
      if (!decoded) return false;
      if (params) (*params)[param_name(p)] = std::move(*decoded);
    } else if (p != segs[i]) {
      return false;
    }
  }
  if (rest) {
    // The rest starts at the first unmatched segment and runs to the end of the path (without
    // the ignored trailing slash).
    std::string_view first = segs[fixed];
    size_t begin = static_cast<size_t>(first.data() - path.data());
    std::string_view tail = path.substr(begin);
    if (!tail.empty() && tail.back() == '/') tail.remove_suffix(1);
    if (tail.empty()) return false;
    auto decoded = percent_decode(tail);
    if (!decoded) return false;
    if (params) (*params)[param_name(pattern.back())] = std::move(*decoded);
  }
  return true;
}

void add_allowed(std::vector<std::string_view>& allowed, std::string_view method) {
  if (std::find(allowed.begin(), allowed.end(), method) == allowed.end()) allowed.push_back(method);
}

}  // namespace

bool path_matches(std::string_view pattern, std::string_view path) {
  std::vector<std::string> pattern_segments;
  split_path(pattern, pattern_segments);
  std::vector<std::string_view> segs;
  split_path(path, segs);
  return match_segments(pattern_segments, segs, path, nullptr);
}

void Router::add(std::string method, std::string pattern, Handler handler, Dispatch dispatch) {
  Route r{std::move(method), {}, std::move(handler), dispatch};
  split_path(pattern, r.segments);
  routes_.push_back(std::move(r));
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
  Match m;
  // Segments point into `path`; small paths fit without reallocations after the first.
  std::vector<std::string_view> segs;
  segs.reserve(8);
  split_path(path, segs);

  bool head = method == "HEAD";
  bool path_known = false;
  for (const Route& r : routes_) {
    bool method_ok = r.method == method || (head && r.method == "GET");
    if (method_ok) {
      std::map<std::string, std::string> params;
      if (match_segments(r.segments, segs, path, &params)) {
        m.handler = &r.handler;
        m.dispatch = r.dispatch;
        m.params = std::move(params);
        return m;
      }
    } else if (!path_known && match_segments(r.segments, segs, path, nullptr)) {
      path_known = true;
    }
  }
  if (!path_known) return m;

  std::vector<std::string_view> allowed;
  for (const Route& r : routes_) {
    if (!match_segments(r.segments, segs, path, nullptr)) continue;
    add_allowed(allowed, r.method);
    if (r.method == "GET") add_allowed(allowed, "HEAD");
  }
  for (std::string_view a : allowed) {
    if (!m.allow.empty()) m.allow += ", ";
    m.allow += a;
  }
  return m;
}

}  // namespace vitrine::http
