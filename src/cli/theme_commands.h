// `vitrine theme login|push|list|link`: the theme author's client of a Vitrine server, over HTTP
// (libcurl). The server and token come from --server/--token, else $VITRINE_SERVER and
// $VITRINE_TOKEN (for CI), else the credentials `theme login` stored in
// $XDG_CONFIG_HOME/vitrine/credentials (default ~/.config/vitrine/credentials, mode 0600).
// These commands never open the local database or data folder.
#pragma once

#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace vitrine::cli {

class ThemeClientCommands {
 public:
  // Declares login, push, list and link with their options under `theme` (`vitrine theme`).
  explicit ThemeClientCommands(CLI::App& theme);
  ThemeClientCommands(const ThemeClientCommands&) = delete;  // CLI11 holds pointers into it
  ThemeClientCommands& operator=(const ThemeClientCommands&) = delete;

  // Runs the subcommand that was parsed and returns the process exit code (0 ok, 1 the server
  // or the connection failed, 2 bad arguments or not logged in); nullopt when none was parsed.
  std::optional<int> run() const;

  struct Options {
    std::string server, token, email, dir, slug, repo;
    bool password_stdin = false, draft = false;
  };

 private:
  Options o_;
  CLI::App* login_ = nullptr;
  CLI::App* push_ = nullptr;
  CLI::App* list_ = nullptr;
  CLI::App* link_ = nullptr;
};

}  // namespace vitrine::cli
