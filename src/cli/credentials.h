// Where `vitrine theme login` keeps the server and token it was given: one JSON file,
// $XDG_CONFIG_HOME/vitrine/credentials or ~/.config/vitrine/credentials, mode 0600 in 0700
// folders.
#pragma once

#include <optional>
#include <string>

#include "core/result.h"

namespace vitrine::cli {

struct Credentials {
  std::string server, token;
};

// The stored credentials; nullopt when there are none yet. config error when the file is
// damaged or there is no home folder; io_error when it cannot be read.
Result<std::optional<Credentials>> load_credentials();

// Writes the credentials atomically (a 0600 file, synced, renamed over the old one), creating
// missing folders with mode 0700.
Status save_credentials(const Credentials& c);

// "http://host:8080/" → "http://host:8080"; invalid_argument for anything but http(s) URLs.
Result<std::string> normalize_server(std::string url);

}  // namespace vitrine::cli
