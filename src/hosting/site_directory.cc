#include "hosting/site_directory.h"

namespace vitrine::hosting {

std::optional<std::string_view> normalize_host_into(std::string_view host,
                                                    std::array<char, kMaxHostLength>& buffer) {
  // "[::1]:8080" and bare "::1" are IP literals: no site is ever named by one.
  if (host.empty() || host.front() == '[') return std::nullopt;
  if (size_t colon = host.find(':'); colon != std::string_view::npos) {
    if (host.find(':', colon + 1) != std::string_view::npos) return std::nullopt;
    host = host.substr(0, colon);
  }
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  if (host.empty() || host.size() > buffer.size()) return std::nullopt;
  for (size_t i = 0; i < host.size(); ++i) {
    char c = host[i];
    buffer[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return std::string_view(buffer.data(), host.size());
}

SiteDirectory::SiteDirectory(std::string base_domain) : dot_base_("." + std::move(base_domain)) {}

HostMatch SiteDirectory::lookup(std::string_view raw_host) const {
  std::array<char, kMaxHostLength> buffer;
  std::optional<std::string_view> host = normalize_host_into(raw_host, buffer);
  if (!host) return {};
  std::shared_ptr<const DirectorySnapshot> snapshot = snapshot_.load(std::memory_order_acquire);
  if (host->size() > dot_base_.size() && host->ends_with(dot_base_)) {
    // Platform hosts are exactly one label under the base domain; deeper names are unknown.
    std::string_view subdomain = host->substr(0, host->size() - dot_base_.size());
    if (snapshot && subdomain.find('.') == std::string_view::npos) {
      auto it = snapshot->by_subdomain.find(subdomain);
      if (it != snapshot->by_subdomain.end()) return {HostKind::kSite, it->second};
    }
    return {HostKind::kUnknownSubdomain, nullptr};
  }
  if (snapshot) {
    auto it = snapshot->by_custom_host.find(*host);
    if (it != snapshot->by_custom_host.end()) return {HostKind::kSite, it->second};
  }
  return {};
}

void SiteDirectory::publish(std::shared_ptr<const DirectorySnapshot> snapshot) {
  snapshot_.store(std::move(snapshot), std::memory_order_release);
}

std::optional<int64_t> SiteDirectory::generation() const {
  auto snapshot = snapshot_.load(std::memory_order_acquire);
  if (!snapshot) return std::nullopt;
  return snapshot->generation;
}

}  // namespace vitrine::hosting
