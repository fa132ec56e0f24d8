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

#include "core/result.h"
#include "core/semver.h"
#include "core/text.h"
#include "core/url.h"
#include "http/client.h"
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

std::string errno_text(int err) { return std::strerror(err); }

// --- HTTP ---

struct HttpAnswer {
  long status = 0;
  std::string body;
  uint64_t uploaded = 0;  // request body bytes sent
};

// Called with (bytes sent, bytes to send) while a request body uploads.
using UploadProgress = std::function<void(uint64_t, uint64_t)>;

// One request. `body` is sent when not null (with `content_type`); `token` as the bearer when
// not empty. Any answer is a value, whatever its status; unavailable when no answer came.
Result<HttpAnswer> http(const std::string& method, const std::string& url, const std::string& token,
                        const std::string* body, const std::string& content_type = "",
                        const UploadProgress& progress = {}) {
  http::ClientRequest request;
  request.method = method;
  request.url = url;
  request.headers.push_back("Accept: application/json");
  // Without this, curl waits for a "100 Continue" before sending bodies over 1 MB.
  request.headers.push_back("Expect:");
  if (!token.empty()) request.headers.push_back("Authorization: Bearer " + token);
  if (body != nullptr) {
    request.body = *body;
    if (!content_type.empty()) request.headers.push_back("Content-Type: " + content_type);
  }
  request.user_agent = "vitrine-cli/" VITRINE_CORE_VERSION;
  request.connect_timeout = std::chrono::seconds(15);
  // No overall timeout (big uploads on slow links are fine), but a stalled one ends.
  request.stall_timeout = std::chrono::seconds(120);
  request.on_upload = progress;
  auto response = http::send_request(request);
  if (!response.ok()) {
    const json& details = response.error().details;
    std::string why = details.contains("reason") ? details["reason"].get<std::string>()
                                                 : response.error().message;
    return fail(errc::kUnavailable, "cannot reach " + url + ": " + why);
  }
  return HttpAnswer{response->status, std::move(response->body), response->uploaded};
}

// The API's one error format, or a plain description for anything else (a proxy's HTML page).
Error answer_error(const HttpAnswer& a) {
  json j = json::parse(a.body, nullptr, false);
  if (j.is_object() && j.contains("error") && j["error"].is_object()) {
    const json& e = j["error"];
    return make_error(e.value("code", "error"), e.value("message", "(no message)"),
                      e.contains("details") ? e["details"] : json());
  }
  std::string snippet = a.body.substr(0, 200);
  return make_error(a.status >= 500 ? errc::kUnavailable : errc::kInvalidArgument,
                    "the server answered HTTP " + std::to_string(a.status) +
                        (snippet.empty() ? "" : ": " + snippet));
}

// A 2xx answer's JSON body, or the error the answer carries.
Result<json> expect_json(const Result<HttpAnswer>& answer) {
  if (!answer.ok()) return answer.error();
  if (answer->status < 200 || answer->status >= 300) return answer_error(*answer);
  json j = json::parse(answer->body, nullptr, false);
  if (j.is_discarded())
    return fail(errc::kInvalidJson,
                "the server's answer is not JSON: " + answer->body.substr(0, 200));
  return j;
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

// --- credentials ---

struct Credentials {
  std::string server, token;
};

Result<fs::path> credentials_path() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg != nullptr && xdg[0] == '/') return fs::path(xdg) / "vitrine" / "credentials";
  const char* home = std::getenv("HOME");
  if (home == nullptr || home[0] == '\0')
    return fail(errc::kConfig,
                "neither XDG_CONFIG_HOME nor HOME is set: nowhere to keep credentials");
  return fs::path(home) / ".config" / "vitrine" / "credentials";
}

// The stored credentials; nullopt when there are none yet.
Result<std::optional<Credentials>> load_credentials() {
  VITRINE_ASSIGN(fs::path path, credentials_path());
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::optional<Credentials>();
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr)
    return fail(errc::kIo, "cannot read " + path.string() + ": " + errno_text(errno));
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> closer(f, &std::fclose);
  std::string text;
  char buf[4096];
  while (size_t n = std::fread(buf, 1, sizeof buf, f)) text.append(buf, n);
  json j = json::parse(text, nullptr, false);
  if (!j.is_object() || !j.value("server", json()).is_string() ||
      !j.value("token", json()).is_string())
    return fail(errc::kConfig, path.string() + " is damaged: run vitrine theme login again");
  return std::optional<Credentials>(Credentials{j["server"], j["token"]});
}

// Creates the missing folders of `dir` with mode 0700: they hold a secret.
Status make_private_dirs(const fs::path& dir) {
  fs::path cur;
  for (const auto& part : dir) {
    cur /= part;
    if (::mkdir(cur.c_str(), 0700) != 0 && errno != EEXIST)
      return fail(errc::kIo, "cannot create " + cur.string() + ": " + errno_text(errno));
  }
  return {};
}

// A file being written next to its final name: closed, and removed unless committed, when it
// goes out of scope.
class PendingFile {
 public:
  explicit PendingFile(fs::path path)
      : path_(std::move(path)),
        fd_(::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600)) {}
  ~PendingFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlink(path_.c_str());
  }
  PendingFile(const PendingFile&) = delete;
  PendingFile& operator=(const PendingFile&) = delete;

  bool opened() const { return fd_ >= 0; }
  // Writes everything, syncs and closes; false with errno set on failure.
  bool write_and_close(const std::string& text) {
    // An old leftover of the same name may have had other permissions.
    if (::fchmod(fd_, 0600) != 0) return false;
    for (size_t done = 0; done < text.size();) {
      ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      done += static_cast<size_t>(n);
    }
    if (::fsync(fd_) != 0) return false;
    return ::close(std::exchange(fd_, -1)) == 0;
  }
  // Renames it over `target`; false with errno set on failure.
  bool commit(const fs::path& target) {
    committed_ = ::rename(path_.c_str(), target.c_str()) == 0;
    return committed_;
  }

 private:
  fs::path path_;
  int fd_;
  bool committed_ = false;
};

// Writes the credentials atomically: a 0600 temporary file, synced, renamed over the old one.
Status save_credentials(const Credentials& c) {
  VITRINE_ASSIGN(fs::path path, credentials_path());
  VITRINE_TRY(make_private_dirs(path.parent_path()));
  fs::path temp = path;
  temp += ".tmp-" + std::to_string(::getpid());
  PendingFile file(temp);
  const std::string text = json{{"server", c.server}, {"token", c.token}}.dump(2) + "\n";
  if (!file.opened() || !file.write_and_close(text) || !file.commit(path))
    return fail(errc::kIo, "cannot write " + path.string() + ": " + errno_text(errno));
  return {};
}

// "http://host:8080/" → "http://host:8080"; invalid_argument for anything but http(s) URLs.
Result<std::string> normalize_server(std::string url) {
  while (url.ends_with('/')) url.pop_back();
  auto parts = parse_url(url);
  if (!parts.ok() || (parts->scheme != "http" && parts->scheme != "https") || parts->host.empty())
    return fail(errc::kInvalidArgument,
                "--server must be an http:// or https:// URL with a host (got '" + url + "')");
  return url;
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
    auto answer =
        expect_json(http("POST", *server + "/api/auth/login", "", &body, "application/json"));
    if (!answer.ok()) return print_failure(answer.error());
    if (!answer->value("token", json()).is_string()) {
      std::fprintf(stderr, "error: the server's login answer has no token\n");
      return kExitFailed;
    }
    token = (*answer)["token"].get<std::string>();
  }
  // The token is checked before it is stored, so a typo never replaces working credentials.
  auto me = expect_json(http("GET", *server + "/api/auth/me", token, nullptr));
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
  auto answer = http("POST", target->server + "/api/themes/push" + (o.draft ? "?draft=true" : ""),
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
    auto j = expect_json(http(
        "GET", target->server + "/api/themes?page_size=100&sort=name&page=" + std::to_string(page),
        target->token, nullptr));
    if (!j.ok()) return print_failure(j.error(), target->server);
    pages = j->value("total_pages", int64_t{1});
    for (const auto& item : j->value("items", json::array())) {
      Row row{item.value("slug", ""), item.value("name", ""), ""};
      auto detail =
          expect_json(http("GET", target->server + "/api/themes/" + percent_encode(row.slug),
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
      http("PUT", target->server + "/api/themes/" + percent_encode(o.slug) + "/repository",
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
