// Registry, sync and CDN index working together on a real database (SQLite, or PostgreSQL in the
// suite's PostgreSQL pass) and a real blob store (a folder, or S3 in the suite's S3 pass).
#include "themes/sync.h"

#include <gtest/gtest.h>

#include <thread>

#include "blob/blob_store.h"
#include "core/text.h"
#include "db/database.h"
#include "testing/blob.h"
#include "testing/database.h"
#include "testing/matchers.h"
#include "testing/temp_dir.h"
#include "theme_fixture.h"
#include "themes/cdn.h"
#include "themes/compress.h"
#include "themes/registry.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::themes {
namespace {

namespace fs = std::filesystem;
using testing::write_text;
using testing::write_theme;
using S = VersionState;

class SyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    themes_dir = tmp.path() / "themes";
    fs::create_directories(themes_dir);
    auto opened = db::Database::open(vitrine::testing::test_database_url(tmp));
    ASSERT_THAT(opened, IsOk());
    db = std::move(opened).value();
    ASSERT_THAT(db::migrate(*db, ThemeRegistry::migrations()), IsOk());
    auto opened_blobs = blob::BlobStore::open(vitrine::testing::test_blob_url(tmp));
    ASSERT_THAT(opened_blobs, IsOk());
    blobs = std::move(opened_blobs).value();
    registry = std::make_unique<ThemeRegistry>(*db);
    sync = std::make_unique<ThemeSync>(*registry, *blobs, themes_dir, ValidationLimits{});
    cdn = std::make_unique<ThemeCdn>(*registry, *blobs, 1 << 20);
  }

  SyncReport sync_all() {
    auto r = sync->sync(std::nullopt);
    EXPECT_THAT(r, IsOk());
    return std::move(r).value();
  }

  const VersionReport* find(const SyncReport& r, const std::string& slug, const std::string& v) {
    for (const auto& x : r.versions)
      if (x.slug == slug && x.version == v) return &x;
    return nullptr;
  }

  std::string asset(const std::string& slug, const std::string& version, const std::string& path,
                    bool br = false, bool gz = false) {
    EXPECT_THAT(cdn->refresh(), IsOk());
    auto r = cdn->lookup(AssetQuery{slug, version, path, br, gz}, true);
    if (!r.ok()) return "error:" + r.error().code;
    if (r->kind == AssetLookup::Kind::kRedirect) return "redirect:" + r->redirect_path;
    return *r->asset.bytes;
  }

  TempDir tmp;
  fs::path themes_dir;
  std::unique_ptr<db::Database> db;
  std::unique_ptr<blob::BlobStore> blobs;
  std::unique_ptr<ThemeRegistry> registry;
  std::unique_ptr<ThemeSync> sync;
  std::unique_ptr<ThemeCdn> cdn;
};

TEST_F(SyncTest, NewVersionIsStoredCompressedRegisteredAndListedInTheManifest) {
  auto dir = write_theme(themes_dir, "shop", "1.0.0");
  auto report = sync_all();
  ASSERT_THAT(report, IsOk());
  auto* v = find(report, "shop", "1.0.0");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->state, S::kRegistered);
  EXPECT_EQ(v->content_hash.size(), 64u);
  EXPECT_EQ(v->files, 6);

  auto css = read_file(dir / "build/theme.css").value();
  EXPECT_EQ(*blobs->get("themes/published/shop/v1.0.0/build/theme.css"), css);
  auto br = blobs->get("themes/published/shop/v1.0.0/build/theme.css.br");
  ASSERT_THAT(br, IsOk());
  EXPECT_EQ(*brotli_decompress(*br), css);
  EXPECT_EQ(*gzip_decompress(*blobs->get("themes/published/shop/v1.0.0/build/theme.css.gz")), css);
  EXPECT_FALSE(blobs->head("themes/published/shop/v1.0.0/build/logo.png.gz").ok())
      << "binary files are not precompressed";

  auto detail = registry->get("shop");
  ASSERT_THAT(detail, IsOk());
  EXPECT_EQ(detail->theme.latest_version, "1.0.0");
  EXPECT_EQ(detail->theme.status, "published");
  ASSERT_EQ(detail->versions.size(), 1u);
  EXPECT_EQ(detail->versions[0].changelog, "Release 1.0.0");
  EXPECT_EQ(detail->puck_config["components"]["Hero"]["defaultProps"]["title"], "Welcome");

  auto manifest = parse_json(*read_file(themes_dir / "sync-manifest.json"));
  ASSERT_THAT(manifest, IsOk());
  EXPECT_EQ((*manifest)["themes"]["shop"]["latest"], "1.0.0");
  EXPECT_EQ((*manifest)["themes"]["shop"]["versions"]["1.0.0"]["content_hash"], v->content_hash);
}

TEST_F(SyncTest, ResyncWithNothingChangedChangesNothing) {
  write_theme(themes_dir, "shop", "1.0.0");
  write_theme(themes_dir, "cafe", "2.0.0");
  sync_all();
  auto gen = *registry->generation();
  auto manifest_time = fs::last_write_time(themes_dir / "sync-manifest.json");
  auto results_before = *registry->sync_results();

  auto again = sync_all();
  EXPECT_THAT(again, IsOk());
  EXPECT_EQ(again.count(S::kRegistered), 0u);
  EXPECT_EQ(again.count(S::kUnchanged), 2u);
  EXPECT_EQ(*registry->generation(), gen);
  EXPECT_EQ(fs::last_write_time(themes_dir / "sync-manifest.json"), manifest_time);
  auto results_after = *registry->sync_results();
  ASSERT_EQ(results_after.size(), results_before.size());
  for (size_t i = 0; i < results_after.size(); ++i)
    EXPECT_EQ(results_after[i].at, results_before[i].at);
}

TEST_F(SyncTest, ModifiedRegisteredVersionIsReportedAndOldContentKeepsBeingServed) {
  auto dir = write_theme(themes_dir, "shop", "1.0.0");
  sync_all();
  std::string original = asset("shop", "1.0.0", "build/theme.css");
  write_text(dir / "build/theme.css", "body { color: red; }\n");
  write_text(dir / "build/extra.css", "p{}");

  auto report = sync_all();
  EXPECT_THAT(report, Not(IsOk()));
  auto* v = find(report, "shop", "1.0.0");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->state, S::kModified);
  EXPECT_STREQ(state_name(v->state), "modified after registration");
  std::string all;
  for (const auto& p : v->problems) all += p.str() + "\n";
  EXPECT_NE(all.find("build/theme.css: : content changed"), std::string::npos) << all;
  EXPECT_NE(all.find("build/extra.css: : file added"), std::string::npos) << all;
  EXPECT_EQ(asset("shop", "1.0.0", "build/theme.css"), original);
  EXPECT_EQ(*blobs->get("themes/published/shop/v1.0.0/build/theme.css"), original);
}

TEST_F(SyncTest, TouchedButIdenticalFilesAreNotModifications) {
  auto dir = write_theme(themes_dir, "shop", "1.0.0");
  sync_all();
  auto css = *read_file(dir / "build/theme.css");
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  write_text(dir / "build/theme.css", css);  // same bytes, new mtime
  auto report = sync_all();
  EXPECT_THAT(report, IsOk());
  EXPECT_EQ(find(report, "shop", "1.0.0")->state, S::kUnchanged);
}

TEST_F(SyncTest, DeletedVersionFolderStaysRegisteredAndServed) {
  auto dir = write_theme(themes_dir, "shop", "1.0.0");
  write_theme(themes_dir, "shop", "1.1.0");
  sync_all();
  std::string css = asset("shop", "1.0.0", "build/theme.css");
  fs::remove_all(dir);
  auto report = sync_all();
  EXPECT_THAT(report, IsOk()) << "a missing source is not a failure";
  EXPECT_EQ(find(report, "shop", "1.0.0")->state, S::kMissing);
  EXPECT_STREQ(state_name(S::kMissing), "missing from source");
  EXPECT_EQ(asset("shop", "1.0.0", "build/theme.css"), css);
  auto status = sync->inspect(std::nullopt);
  EXPECT_EQ(find(*status, "shop", "1.0.0")->state, S::kMissing);
}

TEST_F(SyncTest, OneBrokenThemeDoesNotStopTheOthers) {
  write_theme(themes_dir, "good", "1.0.0");
  write_theme(themes_dir, "bad", "1.0.0", {{"price_tier", "cheap"}});
  write_text(themes_dir / "Bad_Folder" / "v1.0.0" / "x.txt", "x");
  auto report = sync_all();
  EXPECT_THAT(report, Not(IsOk()));
  EXPECT_EQ(find(report, "good", "1.0.0")->state, S::kRegistered);
  auto* bad = find(report, "bad", "1.0.0");
  ASSERT_NE(bad, nullptr);
  EXPECT_EQ(bad->state, S::kInvalid);
  ASSERT_FALSE(bad->problems.empty());
  EXPECT_EQ(bad->problems[0].str(),
            "themes/bad/v1.0.0/theme-metadata.json: /price_tier: must be one of free, paid, "
            "exclusive");
  auto* folder = find(report, "Bad_Folder", "");
  ASSERT_NE(folder, nullptr);
  EXPECT_EQ(folder->state, S::kInvalid);
  EXPECT_THAT(registry->get("bad"), Not(IsOk())) << "nothing of an invalid theme is registered";
  EXPECT_FALSE(blobs->head("themes/published/bad/v1.0.0/build/theme.css").ok())
      << "nothing of an invalid theme is stored";
}

TEST_F(SyncTest, FilesNamedLikeACompressedCopyAreRefused) {
  auto dir = write_theme(themes_dir, "shop", "1.0.0");
  write_text(dir / "build/theme.css.gz", "not really gzip");
  auto report = sync_all();
  auto* v = find(report, "shop", "1.0.0");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->state, S::kInvalid);
  ASSERT_EQ(v->problems.size(), 1u);
  EXPECT_EQ(v->problems[0].file, "themes/shop/v1.0.0/build/theme.css.gz");
  EXPECT_THAT(blobs->head("themes/published/shop/v1.0.0/build/theme.css"), Not(IsOk()));
}

TEST_F(SyncTest, LatestIsTheHighestStableVersionWhateverTheOrder) {
  write_theme(themes_dir, "shop", "2.0.0-beta.1");
  ASSERT_THAT(sync->sync(std::string("shop")), IsOk());
  EXPECT_EQ(registry->get("shop")->theme.latest_version, "2.0.0-beta.1")
      << "a pre-release is latest only when nothing else exists";
  write_theme(themes_dir, "shop", "1.1.0", {{"name", "Shop One One"}});
  write_theme(themes_dir, "shop", "1.0.0", {{"name", "Shop One"}});
  sync_all();
  auto d = *registry->get("shop");
  EXPECT_EQ(d.theme.latest_version, "1.1.0");
  EXPECT_EQ(d.theme.name, "Shop One One") << "the template row mirrors its latest version";
  ASSERT_EQ(d.versions.size(), 3u);
  EXPECT_EQ(d.versions[0].version, "2.0.0-beta.1");
  EXPECT_EQ(d.versions[2].version, "1.0.0");
}

TEST_F(SyncTest, SyncOfUnknownSlugIsNotFound) {
  auto r = sync->sync(std::string("nope"));
  ASSERT_THAT(r, StatusIs(errc::kNotFound));
  auto bad = sync->sync(std::string("../etc"));
  ASSERT_THAT(bad, StatusIs(errc::kInvalidArgument));
}

TEST_F(SyncTest, StatusWritesNothing) {
  write_theme(themes_dir, "shop", "1.0.0");
  auto report = sync->inspect(std::nullopt);
  ASSERT_THAT(report, IsOk());
  EXPECT_EQ(find(*report, "shop", "1.0.0")->state, S::kPending);
  EXPECT_THAT(registry->get("shop"), Not(IsOk()));
  EXPECT_FALSE(fs::exists(themes_dir / "sync-manifest.json"));
  EXPECT_TRUE(blobs->list("themes/")->empty());
}

TEST_F(SyncTest, CdnResolvesExactVersionsRangesAndEncodings) {
  write_theme(themes_dir, "shop", "1.0.0");
  write_theme(themes_dir, "shop", "1.1.0");
  write_theme(themes_dir, "shop", "1.1.3");
  write_theme(themes_dir, "shop", "2.0.0");
  sync_all();
  EXPECT_EQ(asset("shop", "latest", "build/theme.css"),
            "redirect:/cdn/themes/shop/2.0.0/build/theme.css");
  EXPECT_EQ(asset("shop", "1", "build/theme.css"),
            "redirect:/cdn/themes/shop/1.1.3/build/theme.css");
  EXPECT_EQ(asset("shop", "1.1", "a/b.css"), "redirect:/cdn/themes/shop/1.1.3/a/b.css");
  EXPECT_EQ(asset("shop", "^1.0", "build/theme.css"),
            "redirect:/cdn/themes/shop/1.1.3/build/theme.css");
  EXPECT_EQ(asset("shop", "~1.0", "build/theme.css"),
            "redirect:/cdn/themes/shop/1.0.0/build/theme.css");
  EXPECT_NE(asset("shop", "1.1.0", "build/theme.css").find("shop 1.1.0"), std::string::npos);
  EXPECT_EQ(asset("shop", "3", "build/theme.css"), "error:not_found");
  EXPECT_EQ(asset("shop", "1.2.0", "build/theme.css"), "error:not_found");
  EXPECT_EQ(asset("nope", "1.0.0", "build/theme.css"), "error:not_found");
  EXPECT_EQ(asset("shop", "1.0.0", "build/missing.css"), "error:not_found");
  for (const char* evil : {"../v1.1.0/build/theme.css", "build/../../x", "/etc/passwd",
                           "build\\theme.css", "build//theme.css", "./build/theme.css"})
    EXPECT_EQ(asset("shop", "1.0.0", evil), "error:invalid_argument") << evil;
  EXPECT_EQ(asset("shop", "1.0.0", std::string("build/theme.css\0x", 17)),
            "error:invalid_argument");

  auto plain = cdn->lookup(AssetQuery{"shop", "1.0.0", "build/theme.css", false, false}, true);
  auto br = cdn->lookup(AssetQuery{"shop", "1.0.0", "build/theme.css", true, true}, true);
  auto gz = cdn->lookup(AssetQuery{"shop", "1.0.0", "build/theme.css", false, true}, true);
  EXPECT_EQ(plain->asset.encoding, "");
  EXPECT_EQ(br->asset.encoding, "br");
  EXPECT_EQ(gz->asset.encoding, "gzip");
  EXPECT_EQ(*brotli_decompress(*br->asset.bytes), *plain->asset.bytes);
  EXPECT_NE(plain->asset.etag, br->asset.etag) << "each representation has its own strong ETag";
  EXPECT_EQ(plain->asset.content_type, "text/css; charset=utf-8");
  EXPECT_TRUE(plain->asset.has_variants);
}

TEST_F(SyncTest, CdnAnswersFromMemoryOnceLoaded) {
  write_theme(themes_dir, "shop", "1.0.0");
  sync_all();
  ASSERT_THAT(cdn->refresh(), IsOk());
  AssetQuery q{"shop", "1.0.0", "build/theme.css", false, false};
  EXPECT_EQ(cdn->lookup(q, false)->kind, AssetLookup::Kind::kNeedsIo);
  EXPECT_EQ(cdn->lookup(q, true)->kind, AssetLookup::Kind::kAsset);
  EXPECT_EQ(cdn->lookup(q, false)->kind, AssetLookup::Kind::kAsset);
  EXPECT_GT(cdn->cached_bytes(), 0u);
}

TEST_F(SyncTest, CatalogueListFiltersSortsPagesAndSearches) {
  write_theme(themes_dir, "alpha", "1.0.0",
              {{"name", "Alpha Market"},
               {"tags", {"grocery", "fresh"}},
               {"price_tier", "paid"},
               {"price_amount", 19}});
  write_theme(themes_dir, "bistro", "1.0.0",
              {{"name", "Bistro"},
               {"template_type", "restaurant"},
               {"description", "Menus, reservations and opening hours"},
               {"tags", {"food"}}});
  write_theme(themes_dir, "chronicle", "1.0.0",
              {{"name", "Chronicle"}, {"template_type", "blog"}, {"tags", {"writing", "fresh"}}});
  sync_all();

  auto all = *registry->list(ListQuery{});
  ASSERT_EQ(all.total, 3);
  EXPECT_EQ(all.items[0].slug, "alpha");
  ListQuery desc;
  desc.sort = "-name";
  EXPECT_EQ(registry->list(desc)->items[0].slug, "chronicle");
  ListQuery page2;
  page2.page = 2;
  page2.page_size = 2;
  auto p2 = *registry->list(page2);
  EXPECT_EQ(p2.total, 3);
  ASSERT_EQ(p2.items.size(), 1u);
  EXPECT_EQ(p2.items[0].slug, "chronicle");

  ListQuery restaurants;
  restaurants.template_type = "restaurant";
  EXPECT_EQ(registry->list(restaurants)->items.at(0).slug, "bistro");
  ListQuery fresh;
  fresh.tag = "fresh";
  EXPECT_EQ(registry->list(fresh)->total, 2);
  ListQuery paid;
  paid.price_tier = "paid";
  EXPECT_EQ(registry->list(paid)->items.at(0).price_amount, 19);

  EXPECT_EQ(registry->search("reserv", ListQuery{})->items.at(0).slug, "bistro")
      << "prefix match over the description";
  EXPECT_EQ(registry->search("grocery", ListQuery{})->items.at(0).slug, "alpha") << "tags";
  EXPECT_EQ(registry->search("chron", ListQuery{})->items.at(0).slug, "chronicle") << "names";
  EXPECT_EQ(registry->search("fresh", fresh)->total, 2);
  EXPECT_EQ(registry->search("fresh", restaurants)->total, 0);
  EXPECT_EQ(registry->search("\") OR 1=1 --", ListQuery{})->total, 0)
      << "search syntax in user input is treated as words";
}

TEST_F(SyncTest, SearchMatchesWordPrefixesTheSameWayOnEveryDatabase) {
  write_theme(themes_dir, "cafe", "1.0.0",
              {{"name", "Caf\xC3\xA9 Cr\xC3\xA8me"},
               {"description", "Espresso-bar layout for coffee.shops, v2.5 ready"},
               {"tags", {"drinks", "latte_art"}}});
  write_theme(themes_dir, "bakery", "1.0.0",
              {{"name", "Bakery"}, {"description", "Bread and coffee"}, {"tags", {"food"}}});
  write_theme(themes_dir, "creamery", "1.0.0",
              {{"name", "Creamery"}, {"description", "Ice cream parlour"}, {"tags", {"food"}}});
  sync_all();

  auto slugs = [&](const std::string& q) {
    std::vector<std::string> out;
    auto r = registry->search(q, ListQuery{});
    EXPECT_THAT(r, IsOk()) << q << ": " << (r.ok() ? "" : r.error().message);
    if (r.ok())
      for (const auto& t : r->items) out.push_back(t.slug);
    return out;
  };
  using Slugs = std::vector<std::string>;
  EXPECT_EQ(slugs("coffee"), (Slugs{"bakery", "cafe"}));
  EXPECT_EQ(slugs("COF"), (Slugs{"bakery", "cafe"})) << "case-insensitive prefixes";
  EXPECT_EQ(slugs("coffee espres"), (Slugs{"cafe"})) << "every word must match";
  EXPECT_EQ(slugs("cafe"), (Slugs{"cafe"})) << "diacritics are ignored";
  EXPECT_EQ(slugs("caf\xC3\xA9"), (Slugs{"cafe"}));
  EXPECT_EQ(slugs("cre"), (Slugs{"cafe", "creamery"})) << "Cr\xC3\xA8me and Creamery";
  EXPECT_EQ(slugs("bar"), (Slugs{"cafe"})) << "hyphenated words are separate words";
  EXPECT_EQ(slugs("shops"), (Slugs{"cafe"}));
  EXPECT_EQ(slugs("5"), (Slugs{"cafe"})) << "numbers split at the dot";
  EXPECT_EQ(slugs("art"), (Slugs{"cafe"})) << "tags split at underscores";
  EXPECT_EQ(slugs("latte_art"), (Slugs{"cafe"}));
  EXPECT_EQ(slugs("tea"), Slugs{});
  EXPECT_EQ(slugs("' & ! :* |"), Slugs{}) << "query syntax is never interpreted";
  EXPECT_EQ(slugs(""), Slugs{});
}

}  // namespace
}  // namespace vitrine::themes
