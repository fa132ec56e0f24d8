#include "hosting/hostnames.h"

#include <algorithm>
#include <vector>

#include "core/text.h"

namespace vitrine::hosting {
namespace {

Unexpected invalid(std::string_view hostname, const std::string& problem) {
  return fail(
      errc::kInvalidArgument, "hostname '" + std::string(hostname) + "': " + problem,
      {{"pointer", "/hostname"}, {"hostname", std::string(hostname)}, {"problem", problem}});
}

bool is_label_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

std::string strip_trailing_dot(std::string s) {
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

std::string normalize_request_host(std::string_view host) {
  std::string h = ascii_lower(host);
  if (!h.empty() && h.front() == '[') {
    size_t close = h.find(']');
    return close == std::string::npos ? h : h.substr(0, close + 1);
  }
  size_t colon = h.find(':');
  if (colon != std::string::npos && h.find(':', colon + 1) == std::string::npos) h.resize(colon);
  return strip_trailing_dot(std::move(h));
}

Result<std::string> normalize_custom_hostname(std::string_view raw, std::string_view base_domain) {
  if (raw.empty()) return invalid(raw, "must not be empty");
  if (raw.find("://") != std::string_view::npos)
    return invalid(raw, "must be a bare hostname without a scheme such as https://");
  if (raw.find('/') != std::string_view::npos || raw.find('?') != std::string_view::npos ||
      raw.find('#') != std::string_view::npos)
    return invalid(raw, "must not contain a path, query or fragment");
  if (raw.find(':') != std::string_view::npos) return invalid(raw, "must not contain a port");
  if (raw.find('*') != std::string_view::npos)
    return invalid(raw, "wildcards are not supported; add each hostname on its own");
  std::string host = strip_trailing_dot(ascii_lower(raw));
  if (host.empty()) return invalid(raw, "must not be empty");
  if (host.size() > 253) return invalid(raw, "is longer than 253 characters");

  std::vector<std::string_view> labels = split(host, '.');
  for (size_t i = 0; i < labels.size(); ++i) {
    std::string_view label = labels[i];
    std::string where = "label " + std::to_string(i + 1);
    if (label.empty())
      return invalid(raw, "has an empty label (a leading dot or two dots in a row)");
    if (label.size() > 63)
      return invalid(raw, where + " '" + std::string(label) + "' is longer than 63 characters");
    auto bad = std::find_if_not(label.begin(), label.end(), is_label_char);
    if (bad != label.end()) {
      return invalid(raw, where + " '" + std::string(label) + "' contains '" +
                              std::string(1, *bad) +
                              "'; only letters, digits and hyphens are allowed");
    }
    if (label.front() == '-' || label.back() == '-')
      return invalid(raw, where + " '" + std::string(label) + "' starts or ends with a hyphen");
  }
  if (labels.size() < 2)
    return invalid(raw, "needs at least two labels, such as shop.example.com or example.com");
  const std::string_view tld = labels.back();
  if (std::all_of(tld.begin(), tld.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return invalid(raw, "IP addresses are not custom domains; use a DNS name");

  std::string base = strip_trailing_dot(ascii_lower(base_domain));
  if (!base.empty() && (host == base || host.ends_with("." + base))) {
    return invalid(raw, "names under the platform domain '" + base +
                            "' are assigned by the platform, not added as custom domains");
  }
  return host;
}

}  // namespace vitrine::hosting
