// The push pipeline on a real database (SQLite, or PostgreSQL in the suite's second pass), a
// real blob store, libarchive, libsass, libvips and cmark: what an author pushes is what the CDN
// serves, and whatever is rejected leaves nothing behind.
#include "theme_push/pipeline.h"

#include <gtest/gtest.h>
#include <vips/vips.h>

#include <chrono>
#include <filesystem>

#include "db/database.h"
#include "testing/blob.h"
#include "testing/database.h"
#include "testing/matchers.h"
#include "testing/temp_dir.h"
#include "theme_push/assets.h"
#include "theme_push/signed_url.h"
#include "themes/theme_fixture.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::theme_push {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::write_text;

// A PNG of w×h pixels made with libvips.
std::string png_image(int w, int h) {
  init_image_library();
  VipsImage* img = nullptr;
  EXPECT_EQ(vips_black(&img, w, h, "bands", 3, nullptr), 0);
  void* buf = nullptr;
  size_t len = 0;
  EXPECT_EQ(vips_pngsave_buffer(img, &buf, &len, nullptr), 0);
  g_object_unref(img);
  std::string out(static_cast<const char*>(buf), len);
  g_free(buf);
  return out;
}

class PublisherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::move(db::Database::open(testing::test_database_url(tmp_))).value();
    std::vector<db::Migration> m = themes::ThemeRegistry::migrations();
    for (auto& x : ThemePushPipeline::migrations()) m.push_back(std::move(x));
    ASSERT_THAT(db::migrate(*db_, m), IsOk());
    blobs_ = std::move(blob::BlobStore::open(testing::test_blob_url(tmp_))).value();
    registry_ = std::make_unique<themes::ThemeRegistry>(*db_);
    cdn_ = std::make_unique<themes::ThemeCdn>(*registry_, *blobs_, 64 << 20);
    theme_push_ = std::make_unique<ThemePushPipeline>(*db_, *registry_, *cdn_, *blobs_, work(),
                                                      ArchiveLimits{}, themes::ValidationLimits{});
  }

  fs::path work() const { return tmp_.path() / "work"; }

  // A valid version folder with a stylesheet, a preview image and a docs page.
  fs::path theme(const std::string& slug, const std::string& version, bool previews = true) {
    fs::path dir = testing::write_theme(tmp_.path() / "src", slug, version);
    if (previews) write_text(dir / "previews/desktop.png", png_image(1800, 1200));
    write_text(dir / "docs/setup.md", "# Setting up\n\nRun **this**.\n<script>x()</script>\n");
    return dir;
  }

  std::string archive_of(const fs::path& dir) { return std::move(pack_theme_folder(dir)).value(); }

  Result<PushOutcome> push(const fs::path& dir, const Pusher& who = admin(), bool draft = false) {
    return theme_push_->push(archive_of(dir), who, PushOptions{draft});
  }

  static Pusher admin() { return Pusher{"", true}; }
  static Pusher user(const std::string& id) { return Pusher{id, false}; }

  // Every blob key, and every row of this module's tables: compared before and after a
  // rejected push.
  std::vector<std::string> blob_keys() {
    std::vector<std::string> out;
    auto listed = blobs_->list("");
    EXPECT_THAT(listed, IsOk());
    if (listed.ok())
      for (const auto& b : *listed) out.push_back(b.key);
    return out;
  }
  int64_t rows(const std::string& table) {
    return db_->exec("SELECT COUNT(*) AS n FROM " + table, {})->integer(0, "n");
  }
  std::string state() {
    std::string s;
    for (const auto& k : blob_keys()) s += k + "\n";
    for (const char* t : {"theme_owners", "theme_drafts", "push_claims", "templates",
                          "template_versions", "template_files"})
      s += std::string(t) + "=" + std::to_string(rows(t)) + "\n";
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(work(), ec))
      s += e.path().string() + "\n";
    return s;
  }

  std::string served(const std::string& slug, const std::string& version, const std::string& path) {
    auto r = cdn_->lookup(themes::AssetQuery{slug, version, path}, true);
    if (!r.ok()) return "ERROR " + r.error().message;
    return *r->asset.bytes;
  }

  TempDir tmp_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<blob::BlobStore> blobs_;
  std::unique_ptr<themes::ThemeRegistry> registry_;
  std::unique_ptr<themes::ThemeCdn> cdn_;
  std::unique_ptr<ThemePushPipeline> theme_push_;
};

TEST_F(PublisherTest, PushRunsThePipelineAndTheCdnServesTheResult) {
  auto out = push(theme("shop", "1.0.0"));
  ASSERT_THAT(out, IsOk()) << out.error().message << " " << out.error().details.dump();
  EXPECT_EQ(out->slug, "shop");
  EXPECT_EQ(out->version, "1.0.0");
  EXPECT_TRUE(out->warnings.empty());
  std::vector<std::string> expected{"build/theme.min.css", "docs/setup.html",
                                    "previews/desktop.full.jpg", "previews/desktop.thumbnail.jpg"};
  auto generated = out->generated;
  std::sort(generated.begin(), generated.end());
  EXPECT_EQ(generated, expected);

  // Registered, with the pipeline's output in the metadata and served by the CDN at once.
  auto detail = registry_->get("shop");
  ASSERT_THAT(detail, IsOk());
  ASSERT_EQ(detail->versions.size(), 1u);
  EXPECT_EQ(detail->theme.latest_version, "1.0.0");
  const json& meta = detail->theme.metadata;
  EXPECT_EQ(meta["previews"]["thumbnail"], "previews/desktop.thumbnail.jpg");
  EXPECT_EQ(meta["previews"]["images"][0]["width"], 1600);
  EXPECT_EQ(meta["documentation"][0]["title"], "Setting up");

  const std::string css = served("shop", "1.0.0", "build/theme.css");
  const std::string min = served("shop", "1.0.0", "build/theme.min.css");
  EXPECT_NE(css.find(".block-1 {"), std::string::npos);
  EXPECT_LT(min.size(), css.size());
  EXPECT_NE(min.find(".block-1{"), std::string::npos);
  const std::string html = served("shop", "1.0.0", "docs/setup.html");
  EXPECT_NE(html.find("<h1>Setting up</h1>"), std::string::npos);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  const std::string thumb = served("shop", "1.0.0", "previews/desktop.thumbnail.jpg");
  ASSERT_GT(thumb.size(), 3u);
  EXPECT_EQ(thumb.substr(0, 3), "\xFF\xD8\xFF");  // JPEG

  // The moving alias follows the new version, and temporary storage is gone.
  auto alias = cdn_->lookup(themes::AssetQuery{"shop", "latest", "build/theme.css"}, true);
  ASSERT_THAT(alias, IsOk());
  EXPECT_EQ(alias->redirect_path, "/cdn/themes/shop/1.0.0/build/theme.css");
  for (const auto& k : blob_keys()) EXPECT_FALSE(k.starts_with("themes/uploads/")) << k;
  EXPECT_TRUE(fs::is_empty(work()));

  ASSERT_THAT(push(theme("shop", "1.1.0")), IsOk());
  alias = cdn_->lookup(themes::AssetQuery{"shop", "latest", "build/theme.css"}, true);
  EXPECT_EQ(alias->redirect_path, "/cdn/themes/shop/1.1.0/build/theme.css");
}

TEST_F(PublisherTest, MissingPreviewsAreAWarningNotAnError) {
  auto out = push(theme("plain", "1.0.0", /*previews=*/false));
  ASSERT_THAT(out, IsOk());
  ASSERT_EQ(out->warnings.size(), 1u);
  EXPECT_EQ(out->warnings[0].file, "previews/");
  EXPECT_NE(out->warnings[0].message.find("no preview images"), std::string::npos);
}

TEST_F(PublisherTest, InvalidCssIsRejectedWithLineAndColumnAndLeavesNothing) {
  ASSERT_THAT(push(theme("shop", "1.0.0")), IsOk());
  const std::string before = state();
  fs::path dir = theme("shop", "1.1.0");
  write_text(dir / "build/theme.css", ".a { color: red; }\n.b { color: blue;\n");
  auto out = push(dir);
  ASSERT_THAT(out, StatusIs(errc::kValidationFailed));
  const json& problems = out.error().details["problems"];
  ASSERT_EQ(problems.size(), 1u) << problems.dump();
  EXPECT_EQ(problems[0]["file"], "build/theme.css");
  EXPECT_NE(problems[0]["location"].get<std::string>().find("line "), std::string::npos);
  EXPECT_EQ(state(), before);
}

TEST_F(PublisherTest, EveryValidationProblemIsListedAtOnce) {
  fs::path dir =
      testing::write_theme(tmp_.path() / "src", "broken", "1.0.0",
                           {{"price_tier", "gold"}, {"stylesheets", {"build/nope.css"}}});
  fs::remove(dir / "components/Hero.js");
  write_text(dir / "build/extra.css", "a { color: }}");
  const std::string before = state();
  auto out = push(dir);
  ASSERT_THAT(out, StatusIs(errc::kValidationFailed));
  const std::string all = out.error().details["problems"].dump();
  EXPECT_NE(all.find("/price_tier"), std::string::npos) << all;
  EXPECT_NE(all.find("build/nope.css"), std::string::npos) << all;
  EXPECT_NE(all.find("components/Hero.js"), std::string::npos) << all;
  EXPECT_NE(all.find("build/extra.css"), std::string::npos) << all;
  EXPECT_EQ(state(), before);
}

TEST_F(PublisherTest, ArchivesWithoutMetadataOrNotGzipAreRefused) {
  const std::string before = state();
  fs::path dir = tmp_.path() / "empty-ish";
  write_text(dir / "README.md", "hello");
  auto out = push(dir);
  ASSERT_THAT(out, StatusIs(errc::kValidationFailed));
  EXPECT_EQ(out.error().details["problems"][0]["file"], "theme-metadata.json");

  auto garbage = theme_push_->push("this is not an archive", admin(), {});
  ASSERT_THAT(garbage, StatusIs(errc::kInvalidArgument));
  EXPECT_EQ(state(), before);
}

TEST_F(PublisherTest, RegisteredVersionsAreImmutable) {
  ASSERT_THAT(push(theme("shop", "1.0.0")), IsOk());
  const std::string before = state();
  fs::path dir = theme("shop", "1.0.0");
  write_text(dir / "build/theme.css", ".changed { color: red; }\n");
  auto again = push(dir);
  ASSERT_THAT(again, StatusIs(errc::kConflict));
  EXPECT_EQ(again.error().http_status(), 409);
  EXPECT_EQ(state(), before);
  EXPECT_NE(served("shop", "1.0.0", "build/theme.css").find(".block-1"), std::string::npos);
}

TEST_F(PublisherTest, OnlyTheOwnerOrAnAdminPushesATheme) {
  ASSERT_THAT(push(theme("alices", "1.0.0"), user("alice")), IsOk());
  auto bob = push(theme("alices", "1.1.0"), user("bob"));
  ASSERT_THAT(bob, StatusIs(errc::kForbidden));
  EXPECT_THAT(push(theme("alices", "1.1.0"), user("alice")), IsOk());
  EXPECT_THAT(push(theme("alices", "1.2.0"), admin()), IsOk());

  // A platform theme (pushed or synced by an operator, owned by nobody) is not up for grabs.
  ASSERT_THAT(push(theme("platform", "1.0.0"), admin()), IsOk());
  auto grab = push(theme("platform", "2.0.0"), user("alice"));
  ASSERT_THAT(grab, StatusIs(errc::kForbidden));
  EXPECT_THAT(theme_push_->authorize_author("brand-new", user("bob")), IsOk());
}

TEST_F(PublisherTest, DraftsArePrivateUntilPublished) {
  auto out = push(theme("shop", "2.0.0"), user("alice"), /*draft=*/true);
  ASSERT_THAT(out, IsOk());
  EXPECT_TRUE(out->draft);
  EXPECT_FALSE(out->to_json().contains("cdn_base"));

  // Not in the catalogue, not on the public CDN path, not visible to another author.
  EXPECT_THAT(registry_->get("shop"), Not(IsOk()));
  EXPECT_EQ(served("shop", "2.0.0", "build/theme.css").substr(0, 5), "ERROR");
  EXPECT_THAT(theme_push_->draft("shop", "2.0.0", user("alice")), IsOk());
  auto other = theme_push_->draft("shop", "2.0.0", user("bob"));
  ASSERT_THAT(other, StatusIs(errc::kNotFound));
  EXPECT_TRUE(theme_push_->drafts("shop", user("bob"))->empty());
  ASSERT_EQ(theme_push_->drafts("shop", user("alice"))->size(), 1u);

  auto file = theme_push_->draft_file("shop", "2.0.0", "build/theme.css");
  ASSERT_THAT(file, IsOk());
  EXPECT_EQ(file->content_type, "text/css; charset=utf-8");
  themes::Asset draft_asset;  // how /cdn/drafts/ reads it: streamed by key and size
  draft_asset.stream_key = file->key;
  draft_asset.size = file->size;
  auto css = cdn_->read_stream(draft_asset, 0, file->size);
  ASSERT_THAT(css, IsOk());
  EXPECT_EQ(css->size(), file->size);
  EXPECT_NE(css->find(".block-1"), std::string::npos);
  auto tail = cdn_->read_stream(draft_asset, file->size - 10, 1 << 20);
  EXPECT_EQ(*tail, css->substr(css->size() - 10));
  EXPECT_EQ(theme_push_->draft_file("shop", "2.0.0", "../x").error().code, errc::kInvalidArgument);
  EXPECT_EQ(theme_push_->draft_file("shop", "2.0.0", "nope.css").error().code, errc::kNotFound);

  // The same version cannot be pushed again while it is a draft.
  auto again = push(theme("shop", "2.0.0"), user("alice"), true);
  ASSERT_THAT(again, StatusIs(errc::kConflict));

  EXPECT_EQ(theme_push_->publish_draft("shop", "2.0.0", user("bob")).error().code, errc::kNotFound);
  auto published = theme_push_->publish_draft("shop", "2.0.0", user("alice"));
  ASSERT_THAT(published, IsOk());
  EXPECT_NE(served("shop", "2.0.0", "build/theme.css").find(".block-1"), std::string::npos);
  EXPECT_EQ(registry_->get("shop")->theme.metadata["previews"]["full_preview"],
            "previews/desktop.full.jpg");
  for (const auto& k : blob_keys()) EXPECT_FALSE(k.starts_with("themes/drafts/")) << k;
  EXPECT_EQ(rows("theme_drafts"), 0);
  EXPECT_EQ(theme_push_->publish_draft("shop", "2.0.0", user("alice")).error().code,
            errc::kNotFound);
}

TEST_F(PublisherTest, DraftUrlSecretIsCreatedOnceAndShared) {
  auto a = theme_push_->draft_url_secret();
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ(a->size(), 64u);
  ThemePushPipeline other(*db_, *registry_, *cdn_, *blobs_, work(), ArchiveLimits{},
                          themes::ValidationLimits{});
  EXPECT_EQ(*other.draft_url_secret(), *a);
  ThemePushPipeline configured(*db_, *registry_, *cdn_, *blobs_, work(), ArchiveLimits{},
                               themes::ValidationLimits{}, "from-config");
  EXPECT_EQ(*configured.draft_url_secret(), "from-config");
}

TEST(SignedUrlTest, ValidExpiredAndTamperedLinks) {
  const int64_t now = 1'800'000'000;
  const std::string q = sign_draft_query("k", "shop", "2.0.0", now + 900);
  auto param = [&](const std::string& name) {
    auto p = q.find(name + "=");
    auto e = q.find('&', p);
    return q.substr(p + name.size() + 1, e == std::string::npos ? e : e - p - name.size() - 1);
  };
  const std::string expires = param("expires"), sig = param("sig");
  EXPECT_THAT(verify_draft_query("k", "shop", "2.0.0", expires, sig, now), IsOk());

  auto expired = verify_draft_query("k", "shop", "2.0.0", expires, sig, now + 901);
  ASSERT_THAT(expired, StatusIs(errc::kForbidden));
  EXPECT_NE(expired.error().message.find("expired"), std::string::npos);

  std::string flipped = sig;
  flipped[0] = flipped[0] == 'a' ? 'b' : 'a';
  for (auto st : {verify_draft_query("k", "shop", "2.0.0", expires, flipped, now),
                  verify_draft_query("k", "shop", "2.0.0", std::to_string(now + 99999), sig, now),
                  verify_draft_query("k", "shop", "2.0.1", expires, sig, now),
                  verify_draft_query("other", "shop", "2.0.0", expires, sig, now),
                  verify_draft_query("k", "shop", "2.0.0", "", sig, now),
                  verify_draft_query("k", "shop", "2.0.0", "12x", sig, now)}) {
    ASSERT_THAT(st, StatusIs(errc::kForbidden));
  }
}

}  // namespace
}  // namespace vitrine::theme_push
