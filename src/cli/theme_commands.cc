#include "cli/theme_commands.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "cli/api_client.h"
#include "cli/credentials.h"
#include "core/result.h"
#include "core/semver.h"
#include "core/text.h"
#include "core/url.h"
#include "theme_push/archive.h"

namespace vitrine::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

std::string human_bytes(int64_t n) {
  char buf[32];
  if (n < 1024) return std::to_string(n) + " B";
  if (n < 1024 * 1024) {
    std::snprintf(buf, sizeof buf, "%.0f KB", n / 1024.0);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f MB", n / (1024.0 * 1024.0));
  }
  return buf;
}

std::string problem_line(const json& p) {
  auto text = [&p](const char* key) {
    return p.contains(key) && p[key].is_string() ? p[key].get<std::string>() : std::string();
  };
  std::string location = text("location");
  return text("file") + ": " + (location.empty() ? "" : location + ": ") + text("message");
}

int print_failure(const Error& e, const std::string& server = "") {
  std::fprintf(stderr, "error: %s\n", e.message.c_str());
  if (e.details.is_object() && e.details.contains("problems") && e.details["problems"].is_array()) {
    for (const auto& p : e.details["problems"])
      std::fprintf(stderr, "  %s\n", problem_line(p).c_str());
  }
  if (e.code == errc::kUnauthorized && !server.empty()) {
    std::fprintf(stderr, "hint: log in again: vitrine theme login --server %s\n", server.c_str());
  }
  return kExitFailed;
}

struct Target {
  std::string server, token;
};

std::string env_or_empty(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? v : "";
}

// Which server to talk to and with which token: flags, then the environment, then the stored
// credentials (whose token is used only for the server it was issued by).
Result<Target> resolve_target(const ThemeClientCommands::Options& o, bool need_token) {
  Target t{o.server, o.token};
  if (t.server.empty()) t.server = env_or_empty("VITRINE_SERVER");
  if (t.token.empty()) t.token = env_or_empty("VITRINE_TOKEN");
  if (t.server.empty() || t.token.empty()) {
    VITRINE_ASSIGN(auto stored, load_credentials());
    if (stored) {
      if (t.server.empty()) t.server = stored->server;
      VITRINE_ASSIGN(std::string stored_server, normalize_server(stored->server));
      VITRINE_ASSIGN(std::string wanted, normalize_server(t.server));
      if (t.token.empty() && stored_server == wanted) t.token = stored->token;
    }
  }
  if (t.server.empty())
    return fail(errc::kConfig, "not logged in: run vitrine theme login --server URL");
  VITRINE_ASSIGN(t.server, normalize_server(t.server));
  if (need_token && t.token.empty())
    return fail(errc::kConfig,
                "not logged in to " + t.server + ": run vitrine theme login --server " + t.server);
  return t;
}

int usage_error(const Error& e) {
  std::fprintf(stderr, "error: %s\n", e.message.c_str());
  return kExitUsage;
}

// --- login ---

// Turns terminal echo off while alive (for typing a password), and back on.
class NoEcho {
 public:
  NoEcho() {
    if (::tcgetattr(STDIN_FILENO, &saved_) != 0) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    active_ = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
  }
  ~NoEcho() {
    if (active_) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
  }
  NoEcho(const NoEcho&) = delete;
  NoEcho& operator=(const NoEcho&) = delete;

 private:
  termios saved_{};
  bool active_ = false;
};

std::optional<std::string> read_line() {
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  if (line.ends_with('\r')) line.pop_back();
  return line;
}

int login(const ThemeClientCommands::Options& o) {
  if (o.server.empty()) {
    std::fprintf(stderr, "error: theme login needs --server URL\n");
    return kExitUsage;
  }
  auto server = normalize_server(o.server);
  if (!server.ok()) return usage_error(server.error());
  std::string token = o.token;
  if (token.empty()) {
    std::string email = o.email;
    const bool tty = ::isatty(STDIN_FILENO) == 1;
    if (email.empty()) {
      // Prompts only on a terminal: piped input gets no half-lines mixed into stderr.
      if (tty) {
        std::fprintf(stderr, "email: ");
        std::fflush(stderr);
      }
      auto line = read_line();
      if (!line || line->empty()) {
        std::fprintf(stderr, "error: no email given\n");
        return kExitUsage;
      }
      email = *line;
    }
    std::optional<std::string> password;
    if (o.password_stdin || !tty) {
      password = read_line();
    } else {
      std::fprintf(stderr, "password: ");
      std::fflush(stderr);
      NoEcho quiet;
      password = read_line();
      std::fprintf(stderr, "\n");
    }
    if (!password || password->empty()) {
      std::fprintf(stderr, "error: no password given\n");
      return kExitUsage;
    }
    std::string body = json{{"email", email}, {"password", *password}}.dump();
    auto answer = expect_json(
        api_request("POST", *server + "/api/auth/login", "", &body, "application/json"));
    if (!answer.ok()) return print_failure(answer.error());
    if (!answer->value("token", json()).is_string()) {
      std::fprintf(stderr, "error: the server's login answer has no token\n");
      return kExitFailed;
    }
    token = (*answer)["token"].get<std::string>();
  }
  // The token is checked before it is stored, so a typo never replaces working credentials.
  auto me = expect_json(api_request("GET", *server + "/api/auth/me", token, nullptr));
  if (!me.ok()) return print_failure(me.error());
  std::string who = "admin";
  if (me->contains("user") && (*me)["user"].is_object())
    who = (*me)["user"].value("email", std::string("?"));
  if (Status saved = save_credentials({*server, token}); !saved.ok())
    return print_failure(saved.error());
  std::printf("logged in to %s as %s\n", server->c_str(), who.c_str());
  return kExitOk;
}

// --- push ---

// Version folders under a theme folder ("v0.1.0", "v1.2.0"), sorted.
std::vector<std::string> version_subfolders(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    if (name.size() > 1 && name[0] == 'v' && std::isdigit(static_cast<unsigned char>(name[1])) &&
        e.is_directory(ec))
      out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Upload progress on stderr: a bar redrawn in place on a terminal; nothing until the end
// otherwise (a log file gets one line, not hundreds).
class ProgressBar {
 public:
  ProgressBar() : tty_(::isatty(STDERR_FILENO) == 1) {}

  void update(uint64_t sent, uint64_t total) {
    if (!tty_ || total == 0) return;
    int permille = static_cast<int>(sent * 1000 / total);
    if (permille == last_) return;
    last_ = permille;
    constexpr int kWidth = 30;
    std::string bar(static_cast<size_t>(kWidth * permille / 1000), '#');
    bar.resize(kWidth, '.');
    std::fprintf(stderr, "\r\033[Kuploading [%s] %3d%%  %s / %s", bar.c_str(), permille / 10,
                 human_bytes(static_cast<int64_t>(sent)).c_str(),
                 human_bytes(static_cast<int64_t>(total)).c_str());
    std::fflush(stderr);
    drawn_ = true;
  }

  void finish(uint64_t sent) {
    if (drawn_) std::fprintf(stderr, "\r\033[K");
    std::fprintf(stderr, "uploaded %llu bytes\n", static_cast<unsigned long long>(sent));
  }

 private:
  bool tty_;
  bool drawn_ = false;
  int last_ = -1;
};

void print_pushed(const json& j, const Target& t) {
  const std::string slug = j.value("slug", ""), version = j.value("version", "");
  const bool draft = j.value("draft", false);
  std::printf("pushed %s%s %s (%lld files, %s)\n", draft ? "draft " : "", slug.c_str(),
              version.c_str(), static_cast<long long>(j.value("files", int64_t{0})),
              human_bytes(j.value("bytes", int64_t{0})).c_str());
  if (j.contains("generated") && j["generated"].is_array() && !j["generated"].empty()) {
    std::string list;
    for (const auto& g : j["generated"])
      if (g.is_string()) list += (list.empty() ? "" : ", ") + g.get<std::string>();
    std::printf("  generated: %s\n", list.c_str());
  }
  if (j.contains("cdn_base") && j["cdn_base"].is_string())
    std::printf("  served at %s%s\n", t.server.c_str(), j["cdn_base"].get<std::string>().c_str());
  if (draft) {
    const std::string base =
        t.server + "/api/themes/" + percent_encode(slug) + "/drafts/" + percent_encode(version);
    std::printf(
        "  drafts are private; a preview link (valid 15 minutes):\n"
        "    curl -H \"Authorization: Bearer $TOKEN\" %s/url\n"
        "  publish it:\n"
        "    curl -X POST -H \"Authorization: Bearer $TOKEN\" %s/publish\n",
        base.c_str(), base.c_str());
  }
  if (j.contains("warnings") && j["warnings"].is_array())
    for (const auto& w : j["warnings"])
      std::fprintf(stderr, "warning: %s\n", problem_line(w).c_str());
}

int push(const ThemeClientCommands::Options& o) {
  fs::path dir = o.dir;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    std::fprintf(stderr, "error: '%s' is not a folder\n", o.dir.c_str());
    return kExitUsage;
  }
  if (!fs::exists(dir / "theme-metadata.json", ec)) {
    auto versions = version_subfolders(dir);
    if (!versions.empty()) {
      std::string list;
      for (const auto& v : versions) list += "\n  " + (dir / v).string();
      std::fprintf(stderr, "error: '%s' is a theme folder; push one of its version folders:%s\n",
                   o.dir.c_str(), list.c_str());
    } else {
      std::fprintf(stderr,
                   "error: '%s' has no theme-metadata.json; push a version folder "
                   "(themes/<slug>/v<version>/)\n",
                   o.dir.c_str());
    }
    return kExitUsage;
  }
  auto target = resolve_target(o, /*need_token=*/true);
  if (!target.ok()) return usage_error(target.error());
  auto archive = theme_push::pack_theme_folder(dir);
  if (!archive.ok()) return usage_error(archive.error());

  ProgressBar bar;
  auto answer =
      api_request("POST", target->server + "/api/themes/push" + (o.draft ? "?draft=true" : ""),
                  target->token, &*archive, "application/gzip",
                  [&bar](uint64_t sent, uint64_t total) { bar.update(sent, total); });
  if (answer.ok()) bar.finish(answer->uploaded);
  auto j = expect_json(answer);
  if (!j.ok()) return print_failure(j.error(), target->server);
  print_pushed(*j, *target);
  return kExitOk;
}

// --- list ---

int list(const ThemeClientCommands::Options& o) {
  auto target = resolve_target(o, /*need_token=*/false);
  if (!target.ok()) return usage_error(target.error());
  struct Row {
    std::string slug, name, versions;
  };
  std::vector<Row> rows;
  for (int64_t page = 1, pages = 1; page <= pages; ++page) {
    auto j = expect_json(api_request(
        "GET", target->server + "/api/themes?page_size=100&sort=name&page=" + std::to_string(page),
        target->token, nullptr));
    if (!j.ok()) return print_failure(j.error(), target->server);
    pages = j->value("total_pages", int64_t{1});
    for (const auto& item : j->value("items", json::array())) {
      Row row{item.value("slug", ""), item.value("name", ""), ""};
      auto detail =
          expect_json(api_request("GET", target->server + "/api/themes/" + percent_encode(row.slug),
                                  target->token, nullptr));
      if (!detail.ok()) return print_failure(detail.error(), target->server);
      struct V {
        Version semver;
        std::string text;
        bool latest;
      };
      std::vector<V> versions;
      for (const auto& v : detail->value("versions", json::array())) {
        std::string text = v.value("version", "");
        versions.push_back(
            {parse_version(text).value_or(Version{}), text, v.value("is_latest", false)});
      }
      std::stable_sort(versions.begin(), versions.end(),
                       [](const V& a, const V& b) { return a.semver > b.semver; });
      for (const auto& v : versions)
        row.versions += (row.versions.empty() ? "" : ", ") + v.text + (v.latest ? " (latest)" : "");
      if (row.versions.empty()) row.versions = "-";
      rows.push_back(std::move(row));
    }
  }
  if (rows.empty()) {
    std::printf("no themes on %s\n", target->server.c_str());
    return kExitOk;
  }
  size_t w_slug = 4, w_name = 4;
  for (const auto& r : rows) {
    w_slug = std::max(w_slug, r.slug.size());
    w_name = std::max(w_name, r.name.size());
  }
  std::printf("%-*s  %-*s  %s\n", static_cast<int>(w_slug), "SLUG", static_cast<int>(w_name),
              "NAME", "VERSIONS");
  for (const auto& r : rows)
    std::printf("%-*s  %-*s  %s\n", static_cast<int>(w_slug), r.slug.c_str(),
                static_cast<int>(w_name), r.name.c_str(), r.versions.c_str());
  return kExitOk;
}

// --- link ---

int link(const ThemeClientCommands::Options& o) {
  std::string repo = o.repo;
  if (repo.starts_with("https://github.com/")) repo = repo.substr(19);
  if (repo.starts_with("github.com/")) repo = repo.substr(11);
  if (repo.ends_with(".git")) repo.resize(repo.size() - 4);
  size_t slash = repo.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == repo.size() ||
      repo.find('/', slash + 1) != std::string::npos) {
    std::fprintf(stderr, "error: --repo must be owner/name (got '%s')\n", o.repo.c_str());
    return kExitUsage;
  }
  auto target = resolve_target(o, /*need_token=*/true);
  if (!target.ok()) return usage_error(target.error());
  std::string body = json{{"repo", repo}}.dump();
  auto j = expect_json(
      api_request("PUT", target->server + "/api/themes/" + percent_encode(o.slug) + "/repository",
                  target->token, &body, "application/json"));
  if (!j.ok()) return print_failure(j.error(), target->server);
  std::printf("linked %s to github.com/%s\n", j->value("slug", o.slug).c_str(),
              j->value("repo", repo).c_str());
  return kExitOk;
}

void add_server_options(CLI::App* cmd, ThemeClientCommands::Options& o) {
  cmd->add_option("--server", o.server, "the Vitrine server (default: the one logged in to)");
  cmd->add_option("--token", o.token, "an API token (default: the stored one)");
}

}  // namespace

ThemeClientCommands::ThemeClientCommands(CLI::App& theme) {
  login_ = theme.add_subcommand("login", "store a token for a Vitrine server");
  login_->add_option("--server", o_.server, "the server's URL, e.g. https://vitrine.example.com")
      ->required();
  login_->add_option("--token", o_.token, "an API token to store instead of logging in");
  login_->add_option("--email", o_.email, "the account's email (asked when missing)");
  login_->add_flag("--password-stdin", o_.password_stdin,
                   "read the password as one line from standard input");

  push_ = theme.add_subcommand("push", "pack a version folder and publish it on the server");
  push_->add_option("dir", o_.dir, "the version folder (holding theme-metadata.json)")->required();
  push_->add_flag("--draft", o_.draft, "store it as a private draft to preview and publish later");
  add_server_options(push_, o_);

  list_ = theme.add_subcommand("list", "list the server's themes and their versions");
  add_server_options(list_, o_);

  link_ = theme.add_subcommand("link", "map a theme to its GitHub repository (for the webhook)");
  link_->add_option("slug", o_.slug, "the theme")->required();
  link_->add_option("--repo", o_.repo, "owner/name on GitHub")->required();
  add_server_options(link_, o_);
}

std::optional<int> ThemeClientCommands::run() const {
  if (login_->parsed()) return login(o_);
  if (push_->parsed()) return push(o_);
  if (list_->parsed()) return list(o_);
  if (link_->parsed()) return link(o_);
  return std::nullopt;
}

}  // namespace vitrine::cli
