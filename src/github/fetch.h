// Downloads one theme archive for the GitHub integration (libcurl): http, https and file URLs,
// redirects followed (to http and https only), a size limit and a timeout.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

#include "core/result.h"

namespace vitrine::github {

struct FetchOptions {
  std::string bearer_token;  // sent as "Authorization: Bearer <it>" when non-empty
  uint64_t max_bytes = 50ull << 20;
  std::chrono::seconds timeout{120};
  const std::atomic<bool>* cancel = nullptr;  // when it turns true the download stops
};

// The body at `url`. payload_too_large (details.limit) beyond max_bytes; unavailable for
// network failures, timeouts and HTTP statuses of 400 and above (the message names the URL and
// what happened, never the token); invalid_argument for other schemes; unavailable with
// details.cancelled = true when `cancel` stopped it.
Result<std::string> fetch_url(const std::string& url, const FetchOptions& options);

}  // namespace vitrine::github
