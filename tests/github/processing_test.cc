// The queued sync: a delivery is claimed once, then the version's archive is downloaded and
// pushed through the real pipeline, or the local folder is synced; the outcome is recorded.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <thread>

#include "core/clock.h"
#include "github/fetch.h"
#include "github/github_fixture.h"
#include "testing/matchers.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::github {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class ProcessingTest : public GithubTest {
 protected:
  fs::path releases() const { return tmp_.path() / "releases"; }

  // Serves archives from releases()/<owner>/<name>/<tag>.tar.gz, as a release asset URL would.
  void use_archive_template() {
    settings_.archive_url = "file://" + releases().string() + "/{owner}/{name}/{tag}.tar.gz";
    make_github();
  }

  // Packs a theme version (written by the fixture, `patch` merged into its metadata) into the
  // place use_archive_template() downloads from.
  void release_archive(const std::string& repo, const std::string& slug, const std::string& version,
                       const json& patch = json::object()) {
    auto dir = vitrine::testing::write_theme(tmp_.path() / "src", slug, version, patch);
    auto archive = theme_push::pack_theme_folder(dir);
    ASSERT_THAT(archive, IsOk());
    fs::path out = releases() / repo / ("v" + version + ".tar.gz");
    fs::create_directories(out.parent_path());
    std::ofstream(out, std::ios::binary) << *archive;
  }

  void queue_tag(const std::string& repo, const std::string& version, const std::string& id) {
    auto r = deliver("push", push_payload(repo, "refs/tags/v" + version), id);
    ASSERT_THAT(r, IsOk());
    ASSERT_EQ(r->status, "queued") << r->reason;
  }
};

TEST_F(ProcessingTest, ArchiveIsDownloadedPushedAndServed) {
  use_archive_template();
  link("shop", "octo/shop");
  release_archive("octo/shop", "shop", "1.2.0");
  queue_tag("octo/shop", "1.2.0", "d-archive");
  EXPECT_EQ(process_all(), 1);
  Delivery d = recorded("d-archive");
  EXPECT_EQ(d.state, "done") << d.error << " " << d.error_details.dump();
  EXPECT_EQ(d.attempts, 1);
  EXPECT_FALSE(d.started_at.empty());
  EXPECT_FALSE(d.finished_at.empty());
  EXPECT_EQ(d.result["slug"], "shop");
  EXPECT_EQ(d.result["version"], "1.2.0");
  EXPECT_EQ(d.result["archive_url"], "file://" + (releases() / "octo/shop/v1.2.0.tar.gz").string());
  EXPECT_TRUE(registered("shop", "1.2.0"));
  EXPECT_NE(served("shop", "1.2.0", "build/theme.css").find("shop 1.2.0"), std::string::npos);
}

TEST_F(ProcessingTest, ArchivePushRunsAsTheUserWhoLinked) {
  // Ann links a repository to her new theme; the first release makes her its owner, so Bob
  // cannot take the slug over afterwards.
  use_archive_template();
  link("ann-theme", "ann/ann-theme", user("user-ann"));
  release_archive("ann/ann-theme", "ann-theme", "1.0.0");
  queue_tag("ann/ann-theme", "1.0.0", "d-ann");
  process_all();
  EXPECT_EQ(recorded("d-ann").state, "done") << recorded("d-ann").error;
  auto bob = theme_push_->authorize_author("ann-theme", user("user-bob"));
  ASSERT_THAT(bob, StatusIs(errc::kForbidden));

  // An archive naming someone else's theme is refused like a CLI push of it would be.
  link("bob-theme", "bob/bob-theme", user("user-bob"));
  release_archive("bob/bob-theme", "ann-theme", "2.0.0");
  queue_tag("bob/bob-theme", "2.0.0", "d-hijack");
  process_all();
  Delivery d = recorded("d-hijack");
  EXPECT_EQ(d.state, "failed");
  EXPECT_EQ(d.error_details["code"], errc::kForbidden);
  EXPECT_FALSE(registered("ann-theme", "2.0.0"));
}

TEST_F(ProcessingTest, InvalidArchiveFailsWithEveryProblem) {
  use_archive_template();
  link("shop", "octo/shop");
  release_archive("octo/shop", "shop", "1.0.0", {{"price_tier", "priceless"}});
  queue_tag("octo/shop", "1.0.0", "d-invalid");
  process_all();
  Delivery d = recorded("d-invalid");
  EXPECT_EQ(d.state, "failed");
  EXPECT_EQ(d.error_details["code"], errc::kValidationFailed);
  ASSERT_TRUE(d.error_details["problems"].is_array()) << d.error_details.dump();
  EXPECT_NE(d.error_details["problems"].dump().find("/price_tier"), std::string::npos)
      << d.error_details.dump();
  EXPECT_TRUE(d.result.is_null());
  EXPECT_FALSE(registered("shop", "1.0.0"));
}

TEST_F(ProcessingTest, MissingArchiveFailsNamingTheUrl) {
  use_archive_template();
  link("shop", "octo/shop");
  queue_tag("octo/shop", "1.0.0", "d-missing");
  process_all();
  Delivery d = recorded("d-missing");
  EXPECT_EQ(d.state, "failed");
  EXPECT_NE(d.error.find((releases() / "octo/shop/v1.0.0.tar.gz").string()), std::string::npos)
      << d.error;
  EXPECT_EQ(d.error_details["code"], errc::kUnavailable);
}

TEST_F(ProcessingTest, OversizedArchiveFails) {
  settings_.max_archive_bytes = 1024;
  use_archive_template();
  link("shop", "octo/shop");
  release_archive("octo/shop", "shop", "1.0.0");
  queue_tag("octo/shop", "1.0.0", "d-big");
  process_all();
  Delivery d = recorded("d-big");
  EXPECT_EQ(d.state, "failed");
  EXPECT_EQ(d.error_details["code"], errc::kPayloadTooLarge);
  EXPECT_NE(d.error.find("1024 bytes"), std::string::npos) << d.error;
}

TEST_F(ProcessingTest, LocalFolderIsSyncedWithoutAnArchiveUrl) {
  link("shop", "octo/shop");
  vitrine::testing::write_theme(themes_dir(), "shop", "1.1.0");
  queue_tag("octo/shop", "1.1.0", "d-folder");
  EXPECT_EQ(process_all(), 1);
  Delivery d = recorded("d-folder");
  EXPECT_EQ(d.state, "done") << d.error << " " << d.error_details.dump();
  EXPECT_EQ(d.result["state"], "registered");
  EXPECT_EQ(d.result["version"], "1.1.0");
  EXPECT_TRUE(registered("shop", "1.1.0"));
  EXPECT_NE(served("shop", "1.1.0", "build/theme.css").find("shop 1.1.0"), std::string::npos);
}

TEST_F(ProcessingTest, InvalidLocalFolderFailsWithItsProblems) {
  link("shop", "octo/shop");
  vitrine::testing::write_theme(themes_dir(), "shop", "1.0.0", {{"template_type", "bakery"}});
  queue_tag("octo/shop", "1.0.0", "d-folder-bad");
  process_all();
  Delivery d = recorded("d-folder-bad");
  EXPECT_EQ(d.state, "failed");
  EXPECT_EQ(d.error_details["code"], errc::kValidationFailed);
  EXPECT_NE(d.error_details["problems"].dump().find("/template_type"), std::string::npos);
}

TEST_F(ProcessingTest, NothingToSyncFailsClearly) {
  link("shop", "octo/shop");
  queue_tag("octo/shop", "4.0.0", "d-nothing");
  process_all();
  Delivery d = recorded("d-nothing");
  EXPECT_EQ(d.state, "failed");
  EXPECT_NE(d.error.find("github_archive_url is not set"), std::string::npos) << d.error;
  EXPECT_NE(d.error.find((themes_dir() / "shop" / "v4.0.0").string()), std::string::npos);
}

TEST_F(ProcessingTest, UnlinkedBeforeProcessingFails) {
  link("shop", "octo/shop");
  vitrine::testing::write_theme(themes_dir(), "shop", "1.0.0");
  queue_tag("octo/shop", "1.0.0", "d-unlinked");
  ASSERT_THAT(github_->unlink("shop", admin()), IsOk());
  process_all();
  Delivery d = recorded("d-unlinked");
  EXPECT_EQ(d.state, "failed");
  EXPECT_NE(d.error.find("no longer linked"), std::string::npos);
  EXPECT_FALSE(registered("shop", "1.0.0"));
}

TEST_F(ProcessingTest, ADeliveryIsClaimedByOneProcessOnly) {
  link("shop", "octo/shop");
  vitrine::testing::write_theme(themes_dir(), "shop", "1.0.0");
  queue_tag("octo/shop", "1.0.0", "d-claim");
  // A second node: its own connection and services on the same database.
  auto other_db = std::move(db::Database::open(url_)).value();
  themes::ThemeRegistry other_registry(*other_db);
  themes::ThemeCdn other_cdn(other_registry, *blobs_, 1 << 20);
  themes::ThemeSync other_sync(other_registry, *blobs_, themes_dir(), themes::ValidationLimits{});
  theme_push::ThemePushPipeline other_publisher(*other_db, other_registry, other_cdn, *blobs_,
                                                tmp_.path() / "work2", theme_push::ArchiveLimits{},
                                                themes::ValidationLimits{});
  GithubIntegration other(*other_db, other_publisher, other_sync, other_registry, other_cdn,
                          themes_dir(), settings_);
  std::atomic<int> ran{0};
  auto worker = [&](GithubIntegration& g) {
    while (true) {
      auto more = g.process_next();
      if (!more.ok() || !*more) return;
      ++ran;
    }
  };
  std::thread a([&] { worker(*github_); });
  std::thread b([&] { worker(other); });
  a.join();
  b.join();
  EXPECT_EQ(ran.load(), 1);
  Delivery d = recorded("d-claim");
  EXPECT_EQ(d.state, "done") << d.error;
  EXPECT_EQ(d.attempts, 1);
}

TEST_F(ProcessingTest, AnAbandonedRunIsTakenOverAndGivenUpAfterMaxAttempts) {
  link("shop", "octo/shop");
  vitrine::testing::write_theme(themes_dir(), "shop", "1.0.0");
  queue_tag("octo/shop", "1.0.0", "d-crashed");
  // As a process that claimed it and died would leave it: running, long ago.
  ASSERT_THAT(db_->exec("UPDATE github_deliveries SET state = 'running', attempts = 1, "
                        "started_at = '2020-01-01T00:00:00.000Z' WHERE id = 'd-crashed'"),
              IsOk());
  EXPECT_EQ(process_all(), 1);
  EXPECT_EQ(recorded("d-crashed").state, "done");
  EXPECT_EQ(recorded("d-crashed").attempts, 2);

  queue_tag("octo/shop", "2.0.0", "d-crash-loop");
  ASSERT_THAT(db_->exec("UPDATE github_deliveries SET state = 'running', attempts = 3, "
                        "started_at = '2020-01-01T00:00:00.000Z' WHERE id = 'd-crash-loop'"),
              IsOk());
  EXPECT_EQ(process_all(), 1);
  Delivery d = recorded("d-crash-loop");
  EXPECT_EQ(d.state, "failed");
  EXPECT_NE(d.error.find("gave up after 3 attempts"), std::string::npos) << d.error;

  // A run still within its lease is left alone.
  queue_tag("octo/shop", "3.0.0", "d-running");
  ASSERT_THAT(db_->exec("UPDATE github_deliveries SET state = 'running', attempts = 1, "
                        "started_at = ? WHERE id = 'd-running'",
                        {now_iso8601()}),
              IsOk());
  EXPECT_EQ(process_all(), 0);
  EXPECT_EQ(recorded("d-running").state, "running");
}

TEST_F(ProcessingTest, TheWorkerProcessesWhatTheWebhookQueues) {
  // A poll period no test would wait for: only receive()'s wake-up can get it done in time.
  settings_.poll = std::chrono::hours(1);
  make_github();
  link("shop", "octo/shop");
  vitrine::testing::write_theme(themes_dir(), "shop", "1.0.0");
  github_->start();
  queue_tag("octo/shop", "1.0.0", "d-worker");
  bool done = false;
  for (int i = 0; i < 400 && !done; ++i) {
    done = recorded("d-worker").state == "done";
    if (!done) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  github_->stop();
  EXPECT_TRUE(done) << recorded("d-worker").state << " " << recorded("d-worker").error;
  EXPECT_TRUE(registered("shop", "1.0.0"));
}

TEST(FetchTest, ReadsFilesAndEnforcesTheLimit) {
  TempDir tmp;
  fs::path f = tmp.path() / "a.tar.gz";
  std::ofstream(f, std::ios::binary) << std::string(2000, 'x');
  auto ok = fetch_url("file://" + f.string(), FetchOptions{});
  ASSERT_THAT(ok, IsOk());
  EXPECT_EQ(ok->size(), 2000u);
  auto big = fetch_url("file://" + f.string(), FetchOptions{"", 1999});
  ASSERT_THAT(big, StatusIs(errc::kPayloadTooLarge));
  auto missing = fetch_url("file://" + (tmp.path() / "nope").string(), FetchOptions{});
  ASSERT_THAT(missing, StatusIs(errc::kUnavailable));
  // Stopping the server abandons a download, saying so.
  std::atomic<bool> stopping{true};
  auto cancelled = fetch_url("file://" + f.string(),
                             FetchOptions{"", 1 << 20, std::chrono::seconds(10), &stopping});
  ASSERT_THAT(cancelled, Not(IsOk()));
  EXPECT_EQ(cancelled.error().details["cancelled"], true);
  auto scheme = fetch_url("ftp://example.com/a.tar.gz", FetchOptions{});
  ASSERT_THAT(scheme, StatusIs(errc::kInvalidArgument));
}

}  // namespace
}  // namespace vitrine::github
