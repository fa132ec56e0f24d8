// Shared set-up for GitHub integration tests: a migrated database (SQLite, or PostgreSQL in the
// suite's second pass), a local blob store, the real registry, CDN, folder sync and push pipeline,
// and a GithubIntegration on top; plus builders of signed webhook requests.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "blob/blob_store.h"
#include "core/hash.h"
#include "db/database.h"
#include "github/github_integration.h"
#include "testing/blob.h"
#include "testing/database.h"
#include "testing/matchers.h"
#include "testing/temp_dir.h"
#include "theme_push/archive.h"
#include "theme_push/pipeline.h"
#include "themes/cdn.h"
#include "themes/registry.h"
#include "themes/sync.h"
#include "themes/theme_fixture.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::github {

inline constexpr const char* kSecret = "It's a Secret to Everybody";

class GithubTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = vitrine::testing::test_database_url(tmp_);
    auto db = db::Database::open(url_);
    ASSERT_THAT(db, IsOk());
    db_ = std::move(*db);
    std::vector<db::Migration> m = themes::ThemeRegistry::migrations();
    for (auto& x : theme_push::ThemePushPipeline::migrations()) m.push_back(std::move(x));
    for (auto& x : GithubIntegration::migrations()) m.push_back(std::move(x));
    auto st = db::migrate(*db_, m);
    ASSERT_THAT(st, IsOk());
    blobs_ = std::move(blob::BlobStore::open(testing::test_blob_url(tmp_))).value();
    registry_ = std::make_unique<themes::ThemeRegistry>(*db_);
    cdn_ = std::make_unique<themes::ThemeCdn>(*registry_, *blobs_, 64 << 20);
    sync_ = std::make_unique<themes::ThemeSync>(*registry_, *blobs_, themes_dir(),
                                                themes::ValidationLimits{});
    theme_push_ = std::make_unique<theme_push::ThemePushPipeline>(
        *db_, *registry_, *cdn_, *blobs_, tmp_.path() / "work", theme_push::ArchiveLimits{},
        themes::ValidationLimits{});
    settings_.webhook_secret = kSecret;
    make_github();
  }

  // Rebuilds github_ with the current settings_ (after a test changed them).
  void make_github() {
    github_.reset();
    github_ = std::make_unique<GithubIntegration>(*db_, *theme_push_, *sync_, *registry_, *cdn_,
                                                  themes_dir(), settings_);
  }

  std::filesystem::path themes_dir() const { return tmp_.path() / "themes"; }

  static theme_push::Pusher admin() { return theme_push::Pusher{"", true}; }
  static theme_push::Pusher user(const std::string& id) { return theme_push::Pusher{id, false}; }

  void link(const std::string& slug, const std::string& repo,
            const theme_push::Pusher& who = admin()) {
    auto l = github_->link(slug, repo, who);
    ASSERT_THAT(l, IsOk());
  }

  static std::string sign(const std::string& body, const std::string& secret = kSecret) {
    return "sha256=" + hmac_sha256_hex(secret, body);
  }

  static nlohmann::json push_payload(const std::string& repo, const std::string& ref) {
    return {{"ref", ref},
            {"before", std::string(40, '0')},
            {"after", std::string(40, 'a')},
            {"deleted", false},
            {"repository", {{"full_name", repo}, {"name", repo.substr(repo.find('/') + 1)}}},
            {"pusher", {{"name", "octocat"}}}};
  }

  static nlohmann::json release_payload(const std::string& repo, const std::string& action,
                                        const std::string& tag) {
    return {{"action", action},
            {"release", {{"tag_name", tag}, {"draft", false}, {"prerelease", false}}},
            {"repository", {{"full_name", repo}}}};
  }

  // Sends `payload` as GitHub would: signed, with the event and delivery headers.
  Result<WebhookOutcome> deliver(const std::string& event, const nlohmann::json& payload,
                                 const std::string& delivery_id) {
    body_ = payload.dump();
    return github_->receive(
        WebhookRequest{event, delivery_id, sign(body_), "application/json", body_});
  }

  // The delivery as recorded; fails the test when it is not.
  Delivery recorded(const std::string& id) {
    auto d = github_->delivery(id);
    EXPECT_THAT(d, IsOk()) << (d.ok() ? "" : d.error().message);
    return d.ok() ? *d : Delivery{};
  }

  size_t delivery_count() {
    auto all = github_->deliveries(200);
    EXPECT_THAT(all, IsOk());
    return all.ok() ? all->size() : 0;
  }

  // Processes every queued delivery; returns how many ran.
  int process_all() {
    int n = 0;
    while (true) {
      auto more = github_->process_next();
      EXPECT_THAT(more, IsOk()) << (more.ok() ? "" : more.error().message);
      if (!more.ok() || !*more) return n;
      ++n;
    }
  }

  // The bytes the CDN serves for slug@version/path, or "ERROR <why>".
  std::string served(const std::string& slug, const std::string& version, const std::string& path) {
    auto st = cdn_->refresh();
    if (!st.ok()) return "ERROR " + st.error().message;
    auto r = cdn_->lookup(themes::AssetQuery{slug, version, path}, true);
    if (!r.ok()) return "ERROR " + r.error().message;
    return *r->asset.bytes;
  }

  bool registered(const std::string& slug, const std::string& version) {
    auto t = registry_->get(slug);
    if (!t.ok()) return false;
    for (const auto& v : t->versions)
      if (v.version == version) return true;
    return false;
  }

  TempDir tmp_;
  std::string url_;
  std::string body_;  // the last delivered body (receive() keeps a view of it)
  Settings settings_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<blob::BlobStore> blobs_;
  std::unique_ptr<themes::ThemeRegistry> registry_;
  std::unique_ptr<themes::ThemeCdn> cdn_;
  std::unique_ptr<themes::ThemeSync> sync_;
  std::unique_ptr<theme_push::ThemePushPipeline> theme_push_;
  std::unique_ptr<GithubIntegration> github_;
};

}  // namespace vitrine::github
