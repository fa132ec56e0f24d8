// Config: one struct for every setting. Sources, later ones winning: built-in defaults,
// vitrine.toml (or the file given with --config), VITRINE_* environment variables, flags.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vitrine {

struct Config {
  std::string listen = "127.0.0.1:8080";  // host:port; port 0 picks a free port
  std::string data_dir = "./data";
  std::string themes_dir = "./themes";
  std::string database_url;  // default sqlite://<data_dir>/vitrine.db
  std::string blob_url;      // default file://<data_dir>/blobs
  std::string base_domain = "localhost";
  // DNS server(s) for custom-domain verification: "" = the system resolver (/etc/resolv.conf),
  // else IP[:port] or [IPv6]:port, comma-separated ("127.0.0.1:5353").
  std::string dns_resolver;
  std::string log_format = "text";  // text | json
  std::string log_level = "info";   // trace | debug | info | warn | error | off
  std::string public_url;           // how clients reach this server; default http://<listen>

  int threads = 0;                    // io threads; 0 = one per core
  uint64_t max_body_bytes = 1 << 20;  // request body limit for the API
  // Body limit of POST /api/themes/push alone: theme archives are far larger than API requests.
  uint64_t theme_push_max_bytes = 50ull << 20;
  uint64_t max_header_bytes = 16 << 10;  // request line + headers
  int header_timeout_ms = 10'000;        // time to receive a complete request head
  int idle_timeout_ms = 60'000;          // keep-alive connection idle time
  int shutdown_grace_ms = 10'000;        // SIGTERM: time for in-flight requests

  uint64_t theme_max_file_bytes = 20ull << 20;  // per file in a theme version
  int theme_max_files = 2000;                   // files per theme version
  uint64_t cdn_cache_bytes = 256ull << 20;      // in-memory asset cache budget

  // Storefront rendering (src/site/, src/sandbox/).
  uint64_t render_cache_bytes = 256ull << 20;  // rendered-page cache budget; 0 disables it
  int page_ttl_seconds = 60;      // a cached page is fresh this long, then served stale once
  int render_workers = 2;         // V8 worker processes for shared (basic/pro) sites
  int render_silo_workers = 1;    // per enterprise (silo) site, started on its first request
  int render_time_limit_ms = 50;  // CPU time per block; at most 1000
  int render_heap_mb = 64;        // V8 heap per worker process
  // "on": each site's plan rate limit applies to its storefront; "off" admits everything
  // (benchmarks, or when a proxy in front enforces limits).
  std::string site_rate_limits = "on";
  // The binary run as `<it> render-worker`; "" = this executable (/proc/self/exe).
  std::string render_worker_binary;

  // Signs draft preview URLs (HMAC-SHA256). "" = a random secret created once in the database,
  // shared by every node using it. Shown masked by `vitrine config`.
  std::string draft_url_secret;

  // GitHub integration (src/github/). The webhook's secret ("" = POST /api/webhooks/github
  // answers 503), the URL template of a version's tar.gz ({repo}, {owner}, {name}, {tag},
  // {version}, {slug}; "" = sync the local folder themes_dir/<slug>/v<version>) and the token
  // sent as a bearer when downloading it. The secret and token are shown masked.
  std::string github_webhook_secret;
  std::string github_archive_url;
  std::string github_token;

  // Outgoing e-mail (src/mail/): "smtp://host:port" or "smtps://user:password@host:port"; ""
  // logs every e-mail as a warning instead of sending it. mail_from is the sender ("" =
  // "shop@<base_domain>").
  std::string smtp_url;
  std::string mail_from;

  // Base URL of Stripe's API for shops paying with Stripe (src/payments/). Only tests point it
  // elsewhere: at the local server that answers as Stripe does.
  std::string stripe_api_url = "https://api.stripe.com";

  // The key → value pairs as effective after all sources, for `vitrine config` and logs.
  std::map<std::string, std::string> describe() const;
};

// A `listen` value split into host (IPv6 without brackets) and port.
struct ListenAddress {
  std::string host;
  uint16_t port = 0;
};

// Parses "host:port" / "[v6]:port" with a port from 0 to 65535; nullopt when malformed.
std::optional<ListenAddress> parse_listen(std::string_view value);

// Flag values given on the command line; unset ones leave lower sources in force.
using ConfigOverrides = std::map<std::string, std::string>;

// Loads the configuration. `file` is the TOML path: when empty, ./vitrine.toml is read if it
// exists. Unknown keys and bad values fail with config_error naming the source and key.
// Environment variables are VITRINE_<KEY> (empty ones count as unset); flag keys are the field
// names, with '-' accepted for '_'. Empty database_url, blob_url and public_url are derived.
Result<Config> load_config(const std::string& file, const ConfigOverrides& flags);

}  // namespace vitrine
