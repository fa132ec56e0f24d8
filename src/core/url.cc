#include "core/url.h"

#include <algorithm>

// Boost.URL is compiled here, once, instead of being linked: Debian ships it header-only.
#include <boost/url.hpp>
#include <boost/url/src.hpp>

namespace vitrine {
namespace {

namespace urls = boost::urls;

std::optional<std::string> decode(std::string_view s, bool space_as_plus) {
  auto pct = urls::make_pct_string_view(urls::string_view(s.data(), s.size()));
  if (!pct) return std::nullopt;
  urls::encoding_opts opts;
  opts.space_as_plus = space_as_plus;
  return pct->decode(opts);
}

std::string to_string(urls::string_view s) { return std::string(s.data(), s.size()); }

// Replaces the value of every password= parameter of an unparsed query-like text.
std::string redact_password_params(std::string text) {
  for (size_t p = text.find("password="); p != std::string::npos;
       p = text.find("password=", p + 1)) {
    size_t value = p + 9;
    text.replace(value, std::min(text.find('&', value), text.size()) - value, "***");
  }
  return text;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view s) { return decode(s, false); }

std::optional<std::string> form_decode(std::string_view s) { return decode(s, true); }

std::string percent_encode(std::string_view s, std::string_view keep) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~' ||
        keep.find(static_cast<char>(c)) != std::string_view::npos) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    }
  }
  return out;
}

Result<UrlParts> parse_url(std::string_view url) {
  auto parsed = urls::parse_absolute_uri(urls::string_view(url.data(), url.size()));
  if (!parsed) {
    return fail(errc::kInvalidArgument,
                "not an absolute URL (scheme://host/path): " + parsed.error().message());
  }
  const urls::url_view& u = *parsed;
  UrlParts parts;
  parts.scheme = to_string(u.scheme());
  for (char& c : parts.scheme)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  parts.host = to_string(u.encoded_host());
  parts.port = to_string(u.port());
  parts.has_password = u.has_password();
  parts.password = u.password();
  parts.encoded_password = to_string(u.encoded_password());
  parts.path = u.path();
  for (const urls::param& p : u.params(urls::encoding_opts(false)))
    parts.params.emplace_back(p.key, p.has_value ? p.value : std::string());
  return parts;
}

std::string redact_url_password(std::string_view url) {
  auto parsed = urls::parse_uri_reference(urls::string_view(url.data(), url.size()));
  if (!parsed) return redact_password_params(std::string(url));
  urls::url u(*parsed);
  if (u.has_password()) u.set_encoded_password("***");
  for (auto it = u.encoded_params().begin(); it != u.encoded_params().end(); ++it) {
    if ((*it).key == "password") it = u.encoded_params().set(it, "***");
  }
  return to_string(u.buffer());
}

std::string remove_query_param(std::string_view url, std::string_view name) {
  auto parsed = urls::parse_uri_reference(urls::string_view(url.data(), url.size()));
  if (!parsed) return std::string(url);
  urls::url u(*parsed);
  auto params = u.params(urls::encoding_opts(false));
  if (params.find(urls::string_view(name.data(), name.size())) == params.end())
    return std::string(url);
  params.erase(urls::string_view(name.data(), name.size()));
  if (params.empty()) u.remove_query();
  return to_string(u.buffer());
}

std::optional<std::string> form_field(std::string_view q, std::string_view name) {
  while (!q.empty()) {
    size_t amp = q.find('&');
    std::string_view pair = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view() : q.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string_view raw_key = pair.substr(0, eq);
    std::string_view raw_value =
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    auto key = form_decode(raw_key);
    if (!key || *key != name) continue;
    auto value = form_decode(raw_value);
    if (value) return value;
  }
  return std::nullopt;
}

UrlOrigin url_origin(std::string_view url) {
  UrlOrigin origin;
  auto parsed = parse_url(url);
  if (!parsed.ok()) return origin;
  origin.scheme = parsed->scheme;
  if (!parsed->port.empty() && parsed->port != (origin.scheme == "https" ? "443" : "80"))
    origin.port_suffix = ":" + parsed->port;
  return origin;
}

std::string UrlOrigin::for_host(std::string_view host) const {
  return scheme + "://" + std::string(host) + port_suffix;
}

bool is_page_link(std::string_view url, size_t max_bytes) {
  const bool has_control = std::any_of(url.begin(), url.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f;
  });
  const bool relative = !url.empty() && url[0] == '/' && (url.size() < 2 || url[1] != '/');
  const bool absolute = url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
  return url.size() <= max_bytes && !has_control && (relative || absolute);
}

}  // namespace vitrine
