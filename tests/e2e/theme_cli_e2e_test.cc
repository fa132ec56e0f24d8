// `vitrine theme login|push|list|link` against the real `vitrine serve`: a theme author logs in,
// scaffolds a theme, pushes it and finds it on the CDN and in the catalogue.
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "e2e_support.h"

namespace vitrine::e2e {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::write_text;

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

mode_t mode_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
  return st.st_mode & 07777;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class ThemeCliTest : public E2eTest {
 protected:
  void SetUp() override {
    server = serve();
    ASSERT_TRUE(server->started());
    base = server->url("");
    while (base.ends_with('/')) base.pop_back();
  }
  void TearDown() override {
    if (server) {
      EXPECT_EQ(server->stop(), 0);
    }
  }

  fs::path home() const { return tmp.path() / "home"; }
  fs::path default_credentials() const { return home() / ".config" / "vitrine" / "credentials"; }

  // `vitrine theme <args...>` as an author runs it: HOME in the test folder, no XDG_CONFIG_HOME
  // unless `xdg` is given, `input` on stdin.
  RunResult theme(std::vector<std::string> args, const std::string& input = "",
                  const std::string& xdg = "") const {
    args.insert(args.begin(), {vitrine_binary(), "theme"});
    return run_process(args,
                       {{"HOME", home().string()},
                        {"XDG_CONFIG_HOME", xdg},
                        {"VITRINE_SERVER", ""},
                        {"VITRINE_TOKEN", ""}},
                       tmp.path().string(), input);
  }

  RunResult create_user(const std::string& email, const std::string& password) const {
    std::vector<std::string> argv{vitrine_binary(), "user", "create",
                                  "--email",        email,  "--password-stdin"};
    auto flags = instance_flags();
    argv.insert(argv.end(), flags.begin(), flags.end());
    return run_process(argv, {}, tmp.path().string(), password + "\n");
  }

  void login_as_admin() {
    admin = admin_token();
    auto r = theme({"login", "--server", base, "--token", admin});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  // `vitrine theme create <slug>` under tmp/src; returns the version folder.
  fs::path scaffold(const std::string& slug) const {
    auto r = theme({"create", slug, "--dir", (tmp.path() / "src").string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return tmp.path() / "src" / slug / "v0.1.0";
  }

  std::unique_ptr<ServerProcess> server;
  std::string base;   // http://127.0.0.1:PORT
  std::string admin;  // the token login_as_admin() stored
};

TEST_F(ThemeCliTest, LoginWithATokenStoresItPrivately) {
  const std::string token = admin_token();
  auto r = theme({"login", "--server", base + "/", "--token", token});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "logged in to " + base + " as admin\n");
  ASSERT_TRUE(fs::exists(default_credentials()));
  EXPECT_EQ(mode_of(default_credentials()), 0600u);
  EXPECT_EQ(mode_of(default_credentials().parent_path()), 0700u);
  auto stored = json::parse(read_text(default_credentials()));
  EXPECT_EQ(stored["server"], base);
  EXPECT_EQ(stored["token"], token);

  // A refused token is not stored: the working credentials stay.
  auto bad = theme({"login", "--server", base, "--token", "vt_not-a-real-token"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_TRUE(contains(bad.err, "error: ")) << bad.err;
  EXPECT_EQ(json::parse(read_text(default_credentials()))["token"], token);

  auto no_server = theme({"login", "--token", token});
  EXPECT_EQ(no_server.exit_code, 2);
  auto not_http = theme({"login", "--server", "ftp://example.com", "--token", token});
  EXPECT_EQ(not_http.exit_code, 2);
  EXPECT_TRUE(contains(not_http.err, "http://")) << not_http.err;
}

TEST_F(ThemeCliTest, LoginWithEmailAndPasswordOverStdin) {
  ASSERT_EQ(create_user("ann@example.com", "correct horse").exit_code, 0);
  const fs::path xdg = tmp.path() / "xdg";
  auto r = theme({"login", "--server", base}, "ann@example.com\ncorrect horse\n", xdg.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "logged in to " + base + " as ann@example.com\n");
  const fs::path file = xdg / "vitrine" / "credentials";
  ASSERT_TRUE(fs::exists(file));
  EXPECT_FALSE(fs::exists(default_credentials())) << "XDG_CONFIG_HOME wins over HOME";
  EXPECT_EQ(mode_of(file), 0600u);
  EXPECT_EQ(mode_of(file.parent_path()), 0700u);
  EXPECT_FALSE(contains(read_text(file), "correct horse")) << "the password is never stored";
  // The stored token is a working session of that user.
  auto me = api_call(*server, "GET", "/api/auth/me", json::parse(read_text(file))["token"]);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(json_of(me)["user"]["email"], "ann@example.com");

  auto piped = theme({"login", "--server", base, "--email", "ann@example.com", "--password-stdin"},
                     "correct horse\n");
  EXPECT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_TRUE(fs::exists(default_credentials()));

  auto wrong = theme({"login", "--server", base, "--email", "ann@example.com", "--password-stdin"},
                     "wrong horse\n", xdg.string());
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_TRUE(contains(wrong.err, "error: ")) << wrong.err;
  auto empty = theme({"login", "--server", base}, "", xdg.string());
  EXPECT_EQ(empty.exit_code, 2);
}

TEST_F(ThemeCliTest, PushedThemeIsServedByTheCdnAndListed) {
  login_as_admin();
  const fs::path dir = scaffold("corner-shop");
  auto r = theme({"push", dir.string()});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "pushed corner-shop 0.1.0 (")) << r.out;
  // stderr is not a terminal: one final progress line, no redraws.
  EXPECT_TRUE(contains(r.err, "uploaded ")) << r.err;
  EXPECT_FALSE(contains(r.err, "\r")) << r.err;

  // The answer's CDN base serves the theme's CSS exactly as pushed.
  const std::string served_at = "served at ";
  size_t at = r.out.find(served_at);
  ASSERT_NE(at, std::string::npos) << r.out;
  std::string cdn = r.out.substr(at + served_at.size());
  cdn = cdn.substr(0, cdn.find('\n'));
  EXPECT_EQ(cdn, base + "/cdn/themes/corner-shop/0.1.0/");
  auto css = http_get(cdn + "build/theme.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.body, read_text(dir / "build" / "theme.css"));

  auto listed = theme({"list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_TRUE(contains(listed.out, "corner-shop")) << listed.out;
  EXPECT_TRUE(contains(listed.out, "Corner Shop")) << listed.out;
  EXPECT_TRUE(contains(listed.out, "0.1.0 (latest)")) << listed.out;

  // Versions are immutable: the same version again is refused with the server's reason.
  auto again = theme({"push", dir.string()});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_TRUE(contains(again.err, "already registered")) << again.err;

  // A newer version, then the list shows both, newest first.
  fs::path next = dir.parent_path() / "v0.2.0";
  fs::copy(dir, next, fs::copy_options::recursive);
  auto meta = json::parse(read_text(next / "theme-metadata.json"));
  meta["version"] = "0.2.0";
  write_text(next / "theme-metadata.json", meta.dump(2));
  ASSERT_EQ(theme({"push", next.string()}).exit_code, 0);
  listed = theme({"list"});
  EXPECT_TRUE(contains(listed.out, "0.2.0 (latest), 0.1.0")) << listed.out;
}

TEST_F(ThemeCliTest, DraftPushIsNotPublished) {
  login_as_admin();
  const fs::path dir = scaffold("atelier");
  auto r = theme({"push", dir.string(), "--draft"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "pushed draft atelier 0.1.0")) << r.out;
  EXPECT_TRUE(contains(r.out, base + "/api/themes/atelier/drafts/0.1.0/url")) << r.out;
  EXPECT_FALSE(contains(r.out, "served at")) << r.out;
  EXPECT_EQ(http_get(base + "/cdn/themes/atelier/0.1.0/build/theme.css").status, 404);
}

TEST_F(ThemeCliTest, BrokenThemeIsRefusedWithEveryProblem) {
  login_as_admin();
  const fs::path dir = scaffold("cafe");
  auto meta = json::parse(read_text(dir / "theme-metadata.json"));
  meta["price_tier"] = "cheap";
  meta.erase("name");
  write_text(dir / "theme-metadata.json", meta.dump(2));
  auto r = theme({"push", dir.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(
      contains(r.err, "theme-metadata.json: /price_tier: must be one of free, paid, exclusive"))
      << r.err;
  EXPECT_TRUE(contains(r.err, "theme-metadata.json: /name: is required")) << r.err;
  EXPECT_EQ(api_call(*server, "GET", "/api/themes/cafe", "").status, 404);

  // A CSS syntax error names the file, line and column.
  const fs::path bar = scaffold("bar");
  {
    std::ofstream css(bar / "build" / "theme.css", std::ios::app);
    css << "\n.broken { color: red\n";
  }
  r = theme({"push", bar.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "build/theme.css: line ")) << r.err;
  EXPECT_TRUE(contains(r.err, ", column ")) << r.err;
}

TEST_F(ThemeCliTest, PushRefusesAThemeFolderAndNeedsALogin) {
  const fs::path dir = scaffold("shop");
  auto r = theme({"push", dir.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "not logged in: run vitrine theme login --server URL")) << r.err;
  r = theme({"push", dir.string(), "--server", base});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "not logged in to " + base)) << r.err;

  login_as_admin();
  r = theme({"push", dir.parent_path().string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "is a theme folder")) << r.err;
  EXPECT_TRUE(contains(r.err, (dir.parent_path() / "v0.1.0").string())) << r.err;
  r = theme({"push", (tmp.path() / "nope").string()});
  EXPECT_EQ(r.exit_code, 2);

  // A token the server refuses, and a server that is not there.
  r = theme({"push", dir.string(), "--token", "vt_revoked"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "theme login --server " + base)) << r.err;
  r = theme({"push", dir.string(), "--token", "vt_any", "--server",
             "http://127.0.0.1:" + std::to_string(free_local_port())});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "cannot reach")) << r.err;
  EXPECT_EQ(api_call(*server, "GET", "/api/themes/shop", "").status, 404);
}

TEST_F(ThemeCliTest, LinkMapsAThemeToItsRepository) {
  login_as_admin();
  ASSERT_EQ(theme({"push", scaffold("shop").string()}).exit_code, 0);
  auto r = theme({"link", "shop", "--repo", "acme/shop-theme"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "linked shop to github.com/acme/shop-theme\n");
  auto link = api_call(*server, "GET", "/api/themes/shop/repository", admin);
  ASSERT_EQ(link.status, 200) << link.body;
  EXPECT_EQ(json_of(link)["repo"], "acme/shop-theme");
  EXPECT_EQ(theme({"link", "shop", "--repo", "not a repo"}).exit_code, 2);
}

}  // namespace
}  // namespace vitrine::e2e
