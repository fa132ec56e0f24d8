// `vitrine sync`, `vitrine status` and `vitrine token` as an operator runs them.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include "e2e_support.h"

extern char** environ;

namespace vitrine::e2e {
namespace {

using testing::write_text;
using testing::write_theme;

TEST_F(E2eTest, SyncRegistersThemesAndASecondRunSaysNothingChanged) {
  write_theme(themes(), "shop", "1.0.0");
  write_theme(themes(), "shop", "1.1.0");
  write_theme(themes(), "cafe", "1.0.0");
  auto first = vitrine({"sync", "--all"});
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_NE(first.out.find("3 registered"), std::string::npos) << first.out;
  // Output is not a terminal here: progress comes as plain lines with counts.
  EXPECT_NE(first.err.find("synced 1/2"), std::string::npos) << first.err;
  EXPECT_NE(first.err.find("synced 2/2"), std::string::npos) << first.err;
  EXPECT_EQ(first.err.find('\r'), std::string::npos) << "no progress bar redraws off a terminal";
  EXPECT_TRUE(std::filesystem::exists(themes() / "sync-manifest.json"));

  auto second = vitrine({"sync", "--all"});
  EXPECT_EQ(second.exit_code, 0);
  EXPECT_NE(second.out.find("Nothing changed: 3 unchanged"), std::string::npos) << second.out;

  auto one = vitrine({"sync", "shop"});
  EXPECT_EQ(one.exit_code, 0);
  EXPECT_NE(one.out.find("2 unchanged"), std::string::npos) << one.out;
}

TEST_F(E2eTest, ThemeCreateScaffoldsAThemeThatSyncs) {
  auto made = run_process({vitrine_binary(), "theme", "create", "corner-shop", "--type", "blog",
                           "--dir", themes().string()});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_NE(made.out.find("corner-shop/v0.1.0"), std::string::npos) << made.out;
  auto synced = vitrine({"sync", "corner-shop"});
  EXPECT_EQ(synced.exit_code, 0) << synced.out << synced.err;
  EXPECT_NE(synced.out.find("1 registered"), std::string::npos) << synced.out;

  auto again =
      run_process({vitrine_binary(), "theme", "create", "corner-shop", "--dir", themes().string()});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("already exists"), std::string::npos) << again.err;
  auto bad = run_process({vitrine_binary(), "theme", "create", "Corner Shop"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("lower-case letters"), std::string::npos) << bad.err;
}

TEST_F(E2eTest, SyncNeedsASlugOrAll) {
  EXPECT_EQ(vitrine({"sync"}).exit_code, 2);
  EXPECT_EQ(vitrine({"sync", "shop", "--all"}).exit_code, 2);
  auto unknown = vitrine({"sync", "nope"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("theme 'nope' is neither"), std::string::npos) << unknown.err;
}

TEST_F(E2eTest, BrokenThemeIsReportedPreciselyAndDoesNotStopOthers) {
  write_theme(themes(), "good", "1.0.0");
  write_theme(themes(), "shop", "1.1.0", {{"price_tier", "cheap"}, {"name", nullptr}});
  write_text(themes() / "broken" / "v1.0.0" / "theme-metadata.json",
             "{\n  \"slug\": \"broken\",\n}");
  auto r = vitrine({"sync", "--all"});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("themes/shop/v1.1.0/theme-metadata.json: /price_tier: must be one of free, "
                       "paid, exclusive"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("themes/shop/v1.1.0/theme-metadata.json: /name: is required"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("themes/broken/v1.0.0/theme-metadata.json: line 3, column 1"),
            std::string::npos)
      << r.out;
  auto status = vitrine({"status", "--json"});
  auto j = nlohmann::json::parse(status.out);
  bool good_registered = false;
  for (const auto& v : j["versions"])
    if (v["slug"] == "good") good_registered = v["state"] == "unchanged";
  EXPECT_TRUE(good_registered) << status.out;
}

TEST_F(E2eTest, StatusShowsEveryVersionHashAndProblem) {
  auto v1 = write_theme(themes(), "shop", "1.0.0");
  auto v2 = write_theme(themes(), "shop", "1.1.0");
  write_theme(themes(), "shop", "1.2.0");
  ASSERT_EQ(vitrine({"sync", "--all"}).exit_code, 0);
  write_theme(themes(), "shop", "1.3.0");                     // new, not synced yet
  write_text(v2 / "build" / "theme.css", "body{color:red}");  // edited after registration
  std::filesystem::remove_all(v1);                            // deleted source

  auto r = vitrine({"status"});
  EXPECT_EQ(r.exit_code, 1) << "a modified registered version is a problem";
  EXPECT_NE(r.out.find("THEME"), std::string::npos);
  EXPECT_NE(r.out.find("missing from source"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("modified after registration"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("not synced"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("themes/shop/v1.1.0/build/theme.css: : content changed"), std::string::npos)
      << r.out;

  auto js = vitrine({"status", "--json"});
  auto j = nlohmann::json::parse(js.out);
  EXPECT_FALSE(j["ok"].get<bool>());
  ASSERT_EQ(j["versions"].size(), 4u);
  for (const auto& v : j["versions"]) {
    if (v["version"] != "1.3.0") {
      EXPECT_EQ(v["content_hash"].get<std::string>().size(), 64u) << v.dump();
    }
  }

  auto sync = vitrine({"sync", "shop"});
  EXPECT_EQ(sync.exit_code, 1) << "sync keeps failing while a registered version is modified";
  EXPECT_NE(sync.out.find("1 registered"), std::string::npos)
      << "1.3.0 still registers: " << sync.out;
}

TEST_F(E2eTest, TokenIsPrintedOnceAndWorks) {
  auto a = admin_token();
  auto b = admin_token();
  EXPECT_EQ(a.rfind("vt_", 0), 0u) << a;
  EXPECT_NE(a, b);
  EXPECT_EQ(vitrine({"token", "create"}).exit_code, 2) << "--admin is required for now";
}

TEST_F(E2eTest, ConfigurationErrorsNameTheirSource) {
  write_text(tmp.path() / "vitrine.toml", "log_format = \"xml\"\n");
  auto r = vitrine({"status"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("log_format"), std::string::npos) << r.err;
}

// Starts `vitrine sync --all` without waiting for it.
pid_t spawn_sync(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  return pid;
}

TEST_F(E2eTest, KillDuringSyncLeavesNoHalfRegisteredVersion) {
  // Enough work that a kill lands in the middle: 24 themes x 3 versions x 40 files.
  for (int t = 0; t < 24; ++t) {
    for (int v = 0; v < 3; ++v) {
      std::string slug = "theme-" + std::to_string(t);
      auto dir = write_theme(themes(), slug, "1." + std::to_string(v) + ".0");
      for (int f = 0; f < 34; ++f)
        write_text(dir / "build" / ("part-" + std::to_string(f) + ".css"),
                   testing::sample_css(slug + std::to_string(v) + "-" + std::to_string(f)) +
                       std::string(4000, ' '));
    }
  }
  std::vector<std::string> args{vitrine_binary(), "sync", "--all"};
  for (const auto& f : instance_flags()) args.push_back(f);

  // Kill the sync again and again, each time a little later, until everything got registered.
  int partial_rounds = 0;
  for (int delay_ms = 100; delay_ms < 3000; delay_ms += 150) {
    pid_t pid = spawn_sync(args);
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);

    // Whatever the registry holds now must be whole: every version it lists has every file.
    auto st = vitrine({"status", "--json"});
    auto j = nlohmann::json::parse(st.out);
    int registered = 0, pending = 0;
    for (const auto& v : j["versions"]) {
      if (v["state"] == "unchanged") {
        ++registered;
        EXPECT_EQ(v["files"], 40) << v.dump();
      } else {
        EXPECT_EQ(v["state"], "not synced") << "a killed sync must not leave " << v.dump();
        ++pending;
      }
    }
    if (registered > 0 && pending > 0) ++partial_rounds;
    if (pending == 0) break;
  }
  EXPECT_GT(partial_rounds, 0) << "at least one kill should have landed mid-sync";

  auto finish = vitrine({"sync", "--all"});
  EXPECT_EQ(finish.exit_code, 0) << finish.out;
  auto server = serve();
  ASSERT_TRUE(server->started());
  for (int t = 0; t < 24; t += 5) {
    std::string slug = "theme-" + std::to_string(t);
    auto r = http_get(server->url("/cdn/themes/" + slug + "/1.2.0/build/part-33.css"));
    EXPECT_EQ(r.status, 200) << slug;
    EXPECT_NE(r.body.find(slug + "2-33"), std::string::npos);
  }
}

}  // namespace
}  // namespace vitrine::e2e
