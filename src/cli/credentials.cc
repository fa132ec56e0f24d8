#include "cli/credentials.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/text.h"
#include "core/url.h"

namespace vitrine::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

Result<fs::path> credentials_path() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg != nullptr && xdg[0] == '/') return fs::path(xdg) / "vitrine" / "credentials";
  const char* home = std::getenv("HOME");
  if (home == nullptr || home[0] == '\0')
    return fail(errc::kConfig,
                "neither XDG_CONFIG_HOME nor HOME is set: nowhere to keep credentials");
  return fs::path(home) / ".config" / "vitrine" / "credentials";
}

// Creates the missing folders of `dir` with mode 0700: they hold a secret.
Status make_private_dirs(const fs::path& dir) {
  fs::path cur;
  for (const auto& part : dir) {
    cur /= part;
    if (::mkdir(cur.c_str(), 0700) != 0 && errno != EEXIST)
      return fail(errc::kIo, "cannot create " + cur.string() + ": " + std::strerror(errno));
  }
  return {};
}

}  // namespace

Result<std::optional<Credentials>> load_credentials() {
  VITRINE_ASSIGN(fs::path path, credentials_path());
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::optional<Credentials>();
  VITRINE_ASSIGN(std::string text, read_file(path));
  json j = json::parse(text, nullptr, false);
  if (!j.is_object() || !j.value("server", json()).is_string() ||
      !j.value("token", json()).is_string())
    return fail(errc::kConfig, path.string() + " is damaged: run vitrine theme login again");
  return std::optional<Credentials>(Credentials{j["server"], j["token"]});
}

Status save_credentials(const Credentials& c) {
  VITRINE_ASSIGN(fs::path path, credentials_path());
  VITRINE_TRY(make_private_dirs(path.parent_path()));
  return write_file_atomic(path, json{{"server", c.server}, {"token", c.token}}.dump(2) + "\n",
                           0600);
}

Result<std::string> normalize_server(std::string url) {
  while (url.ends_with('/')) url.pop_back();
  auto parts = parse_url(url);
  if (!parts.ok() || (parts->scheme != "http" && parts->scheme != "https") || parts->host.empty())
    return fail(errc::kInvalidArgument,
                "--server must be an http:// or https:// URL with a host (got '" + url + "')");
  return url;
}

}  // namespace vitrine::cli
