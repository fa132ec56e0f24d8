#include "config/config.h"

#include <arpa/inet.h>
#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <climits>
#include <cstdlib>
#include <filesystem>
#include <string_view>
#include <variant>
#include <vector>

#include "core/text.h"
#include "core/url.h"

namespace vitrine {
namespace {

namespace fs = std::filesystem;

constexpr uint64_t kMaxU64Setting = static_cast<uint64_t>(INT64_MAX);  // what TOML can express

// Checks a string setting; returns "" when fine, else what would be accepted.
using StringCheck = std::string (*)(std::string_view);

std::string check_listen(std::string_view v) {
  const std::string accepted = "expected host:port with a port from 0 to 65535";
  if (parse_listen(v)) return "";
  size_t colon = v.rfind(':');
  if (colon != std::string_view::npos && v.front() != '[' &&
      v.substr(0, colon).find(':') != std::string_view::npos)
    return accepted + " (write IPv6 hosts in brackets: [::1]:8080)";
  return accepted;
}

std::string check_non_empty(std::string_view v) {
  return v.empty() ? "expected a non-empty path" : "";
}

std::string check_log_format(std::string_view v) {
  return v == "text" || v == "json" ? "" : "expected one of text, json";
}

std::string check_on_off(std::string_view v) {
  return v == "on" || v == "off" ? "" : "expected one of on, off";
}

std::string check_log_level(std::string_view v) {
  for (std::string_view level : {"trace", "debug", "info", "warn", "error", "off"}) {
    if (v == level) return "";
  }
  return "expected one of trace, debug, info, warn, error, off";
}

std::string check_public_url(std::string_view v) {
  if (v.empty() || v.starts_with("http://") || v.starts_with("https://")) return "";
  return "expected an http:// or https:// URL";
}

// "" or a comma-separated list of IP[:port] / [IPv6]:port, the forms c-ares accepts. Host
// names are refused: the resolver itself cannot be looked up by name.
std::string check_dns_resolver(std::string_view v) {
  const std::string accepted =
      "expected \"\" (the system resolver) or IP[:port] / [IPv6]:port, comma-separated";
  if (v.empty()) return "";
  for (std::string_view server : split(v, ',')) {
    std::string host(server);
    std::string_view port;
    if (server.starts_with('[')) {
      size_t close = server.find(']');
      if (close == std::string_view::npos) return accepted;
      host = std::string(server.substr(1, close - 1));
      std::string_view rest = server.substr(close + 1);
      if (!rest.empty() && !rest.starts_with(':')) return accepted;
      if (!rest.empty()) port = rest.substr(1);
    } else if (size_t colon = server.find(':');
               colon != std::string_view::npos &&
               server.find(':', colon + 1) == std::string_view::npos) {
      host = std::string(server.substr(0, colon));
      port = server.substr(colon + 1);
    }
    in6_addr addr{};
    if (::inet_pton(AF_INET, host.c_str(), &addr) != 1 &&
        ::inet_pton(AF_INET6, host.c_str(), &addr) != 1)
      return accepted;
    if (!port.empty() || server.ends_with(':')) {
      unsigned value = 0;
      auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
      if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value == 0 ||
          value > 65535)
        return accepted;
    }
  }
  return "";
}

// "" or an http(s)/file URL template whose {placeholders} are the ones the GitHub integration
// fills in: a typo would otherwise only show as a failed download after the next release.
std::string check_http_url(std::string_view v) {
  if (!v.starts_with("http://") && !v.starts_with("https://")) return "expected an http(s) URL";
  return parse_url(v).ok() ? "" : "expected an http(s) URL";
}

std::string check_archive_url(std::string_view v) {
  if (v.empty()) return "";
  if (!v.starts_with("http://") && !v.starts_with("https://") && !v.starts_with("file://"))
    return "expected \"\" or an http://, https:// or file:// URL template";
  for (size_t open = v.find('{'); open != std::string_view::npos; open = v.find('{', open + 1)) {
    size_t close = v.find('}', open);
    std::string_view name = v.substr(open, close == std::string_view::npos ? 1 : close - open + 1);
    bool known = false;
    for (std::string_view p : {"{repo}", "{owner}", "{name}", "{tag}", "{version}", "{slug}"})
      known = known || name == p;
    if (!known)
      return "unknown placeholder " + std::string(name) +
             " (accepted: {repo}, {owner}, {name}, {tag}, {version}, {slug})";
  }
  return "";
}

using Member = std::variant<std::string Config::*, int Config::*, uint64_t Config::*>;

struct Field {
  std::string_view name;
  Member member;
  StringCheck check = nullptr;  // string settings
  uint64_t min = 0;             // number settings, inclusive range
  uint64_t max = 0;
};

const std::vector<Field>& fields() {
  static const std::vector<Field> kFields = {
      {"listen", &Config::listen, check_listen},
      {"data_dir", &Config::data_dir, check_non_empty},
      {"themes_dir", &Config::themes_dir, check_non_empty},
      {"database_url", &Config::database_url},
      {"blob_url", &Config::blob_url},
      {"base_domain", &Config::base_domain},
      {"dns_resolver", &Config::dns_resolver, check_dns_resolver},
      {"log_format", &Config::log_format, check_log_format},
      {"log_level", &Config::log_level, check_log_level},
      {"public_url", &Config::public_url, check_public_url},
      {"threads", &Config::threads, nullptr, 0, 1024},
      {"max_body_bytes", &Config::max_body_bytes, nullptr, 1, kMaxU64Setting},
      {"theme_push_max_bytes", &Config::theme_push_max_bytes, nullptr, 1, kMaxU64Setting},
      {"max_header_bytes", &Config::max_header_bytes, nullptr, 1, kMaxU64Setting},
      {"header_timeout_ms", &Config::header_timeout_ms, nullptr, 1, INT_MAX},
      {"idle_timeout_ms", &Config::idle_timeout_ms, nullptr, 1, INT_MAX},
      {"shutdown_grace_ms", &Config::shutdown_grace_ms, nullptr, 0, INT_MAX},
      {"theme_max_file_bytes", &Config::theme_max_file_bytes, nullptr, 1, kMaxU64Setting},
      {"theme_max_files", &Config::theme_max_files, nullptr, 1, INT_MAX},
      {"cdn_cache_bytes", &Config::cdn_cache_bytes, nullptr, 0, kMaxU64Setting},
      {"render_cache_bytes", &Config::render_cache_bytes, nullptr, 0, kMaxU64Setting},
      {"page_ttl_seconds", &Config::page_ttl_seconds, nullptr, 1, 86'400},
      {"render_workers", &Config::render_workers, nullptr, 1, 256},
      {"render_silo_workers", &Config::render_silo_workers, nullptr, 1, 64},
      {"render_time_limit_ms", &Config::render_time_limit_ms, nullptr, 1, 1000},
      {"render_heap_mb", &Config::render_heap_mb, nullptr, 16, 4096},
      {"render_worker_binary", &Config::render_worker_binary},
      {"site_rate_limits", &Config::site_rate_limits, check_on_off},
      {"draft_url_secret", &Config::draft_url_secret},
      {"github_webhook_secret", &Config::github_webhook_secret},
      {"github_archive_url", &Config::github_archive_url, check_archive_url},
      {"github_token", &Config::github_token},
      {"smtp_url", &Config::smtp_url},
      {"mail_from", &Config::mail_from},
      {"stripe_api_url", &Config::stripe_api_url, check_http_url},
  };
  return kFields;
}

const Field* find_field(std::string_view name) {
  for (const Field& f : fields()) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::string accepted_keys() {
  std::string out;
  for (const Field& f : fields()) {
    if (!out.empty()) out += ", ";
    out += f.name;
  }
  return out;
}

Unexpected config_error(const std::string& source, const std::string& problem,
                        nlohmann::json details = nlohmann::json::object()) {
  details["source"] = source;
  return fail(errc::kConfig, source + ": " + problem, std::move(details));
}

std::string in_quotes(std::string_view v) { return "\"" + std::string(v) + "\""; }

Status set_number(Config& c, const Field& f, uint64_t value, const std::string& source,
                  std::string_view shown) {
  if (value < f.min || value > f.max) {
    return config_error(source, "expected an integer from " + std::to_string(f.min) + " to " +
                                    std::to_string(f.max) + "; got " + std::string(shown));
  }
  if (auto* m = std::get_if<int Config::*>(&f.member)) {
    c.*(*m) = static_cast<int>(value);
  } else {
    c.*std::get<uint64_t Config::*>(f.member) = value;
  }
  return {};
}

Status set_string(Config& c, const Field& f, std::string value, const std::string& source) {
  if (f.check) {
    if (std::string problem = f.check(value); !problem.empty()) {
      return config_error(source, problem + "; got " + in_quotes(value));
    }
  }
  c.*std::get<std::string Config::*>(f.member) = std::move(value);
  return {};
}

// A value from the environment or a flag: text, parsed by the setting's type.
Status set_from_text(Config& c, const Field& f, std::string_view text, const std::string& source) {
  if (std::holds_alternative<std::string Config::*>(f.member)) {
    return set_string(c, f, std::string(text), source);
  }
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    return config_error(source, "expected an integer from " + std::to_string(f.min) + " to " +
                                    std::to_string(f.max) + "; got " + in_quotes(text));
  }
  return set_number(c, f, value, source, in_quotes(text));
}

std::string toml_type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    default:
      return "a date/time";
  }
}

Status set_from_toml(Config& c, const Field& f, const toml::node& node, const std::string& source) {
  if (std::holds_alternative<std::string Config::*>(f.member)) {
    const auto* s = node.as_string();
    if (s == nullptr) return config_error(source, "expected a string; got " + toml_type_name(node));
    return set_string(c, f, s->get(), source);
  }
  const auto* i = node.as_integer();
  std::string range =
      "expected an integer from " + std::to_string(f.min) + " to " + std::to_string(f.max);
  if (i == nullptr) return config_error(source, range + "; got " + toml_type_name(node));
  int64_t v = i->get();
  if (v < 0) return config_error(source, range + "; got " + std::to_string(v));
  return set_number(c, f, static_cast<uint64_t>(v), source, std::to_string(v));
}

Status apply_toml(Config& c, const std::string& file_name, const std::string& text) {
  toml::table table;
  try {
    table = toml::parse(text, std::string_view(file_name));
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    return fail(errc::kConfig,
                file_name + ": line " + std::to_string(where.line) + ", column " +
                    std::to_string(where.column) + ": " + std::string(e.description()),
                {{"source", file_name}, {"line", where.line}, {"column", where.column}});
  }
  for (const auto& [key, node] : table) {
    std::string source = file_name + ": " + std::string(key.str());
    const Field* f = find_field(key.str());
    if (f == nullptr) {
      return config_error(source, "unknown key; accepted keys: " + accepted_keys(),
                          {{"key", key.str()}});
    }
    Status st = set_from_toml(c, *f, node, source);
    if (!st.ok()) {
      st.error().message += " (line " + std::to_string(node.source().begin.line) + ")";
      return st;
    }
  }
  return {};
}

std::string env_name(std::string_view key) {
  std::string out = "VITRINE_";
  for (char ch : key)
    out.push_back(ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 'a' + 'A') : ch);
  return out;
}

std::string strip_trailing_slashes(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

}  // namespace

std::map<std::string, std::string> Config::describe() const {
  std::map<std::string, std::string> out;
  for (const Field& f : fields()) {
    std::visit(
        [&](auto member) {
          const auto& value = this->*member;
          if constexpr (std::is_same_v<std::decay_t<decltype(value)>, std::string>) {
            if (f.name.ends_with("_secret") || f.name.ends_with("_token"))
              out[std::string(f.name)] = value.empty() ? "" : "(set, hidden)";
            else
              out[std::string(f.name)] =
                  f.name.ends_with("_url") ? redact_url_password(value) : value;
          } else {
            out[std::string(f.name)] = std::to_string(value);
          }
        },
        f.member);
  }
  return out;
}

std::optional<ListenAddress> parse_listen(std::string_view v) {
  size_t colon = v.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string_view host = v.substr(0, colon);
  std::string_view port = v.substr(colon + 1);
  if (host.empty()) return std::nullopt;
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return std::nullopt;
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return std::nullopt;
  }
  if (port.empty() || port.size() > 5) return std::nullopt;
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc() || end != port.data() + port.size() || value > 65535) return std::nullopt;
  return ListenAddress{std::string(host), static_cast<uint16_t>(value)};
}

Result<Config> load_config(const std::string& file, const ConfigOverrides& flags) {
  Config c;

  // 1. The TOML file: the one given, else ./vitrine.toml when it exists.
  std::string file_name = file;
  if (file_name.empty()) {
    std::error_code ec;
    if (fs::exists("vitrine.toml", ec)) file_name = "vitrine.toml";
  } else if (std::error_code ec; !fs::exists(file_name, ec)) {
    return fail(errc::kConfig, file_name + ": config file not found", {{"source", file_name}});
  }
  if (!file_name.empty()) {
    if (fs::is_directory(file_name)) {
      return fail(errc::kConfig, file_name + ": is a folder, not a config file",
                  {{"source", file_name}});
    }
    auto text = read_file(file_name);
    if (!text.ok()) return fail(errc::kConfig, text.error().message, {{"source", file_name}});
    VITRINE_TRY(apply_toml(c, file_name, *text));
  }

  // 2. VITRINE_<KEY> environment variables; empty ones count as unset.
  for (const Field& f : fields()) {
    std::string name = env_name(f.name);
    const char* value = std::getenv(name.c_str());
    if (value == nullptr || *value == '\0') continue;
    VITRINE_TRY(set_from_text(c, f, value, "environment " + name));
  }

  // 3. Flags, by key name ("max_body_bytes" or "max-body-bytes").
  for (const auto& [raw_key, value] : flags) {
    std::string key = raw_key;
    for (char& ch : key) {
      if (ch == '-') ch = '_';
    }
    std::string source = "flag --" + raw_key;
    const Field* f = find_field(key);
    if (f == nullptr) {
      return config_error(source, "unknown setting; accepted: " + accepted_keys(),
                          {{"key", raw_key}});
    }
    VITRINE_TRY(set_from_text(c, *f, value, source));
  }

  // 4. Settings derived from others, unless given.
  std::string data_dir = strip_trailing_slashes(c.data_dir);
  if (c.database_url.empty()) c.database_url = "sqlite://" + data_dir + "/vitrine.db";
  if (c.blob_url.empty()) c.blob_url = "file://" + data_dir + "/blobs";
  if (c.public_url.empty()) c.public_url = "http://" + c.listen;
  return c;
}

}  // namespace vitrine
