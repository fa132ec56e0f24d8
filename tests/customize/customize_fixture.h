// Shared set-up for customize tests: a database (SQLite, or PostgreSQL when the suite runs on it),
// a themes folder registered through the real ThemeSync, and the service under test.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "blob/blob_store.h"
#include "customize/customizations.h"
#include "db/database.h"
#include "testing/blob.h"
#include "testing/database.h"
#include "testing/matchers.h"
#include "testing/temp_dir.h"
#include "themes/registry.h"
#include "themes/sync.h"
#include "themes/theme_fixture.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::customize::testing {

using nlohmann::json;

// A Puck config with every field kind the validator distinguishes. `extra` is merged into
// "components" (null removes a component).
inline json shop_config(const json& extra = json::object()) {
  json components = {
      {"Hero",
       {{"label", "Hero"},
        {"fields",
         {{"title", {{"type", "text"}}},
          {"subtitle", {{"type", "textarea"}}},
          {"layout",
           {{"type", "radio"},
            {"options",
             {{{"label", "Split"}, {"value", "split"}},
              {{"label", "Centered"}, {"value", "centered"}}}}}},
          {"columns",
           {{"type", "select"},
            {"options", {{{"label", "2"}, {"value", 2}}, {{"label", "3"}, {"value", 3}}}}}},
          {"limit", {{"type", "number"}, {"min", 1}, {"max", 24}}},
          {"style", {{"type", "object"}, {"objectFields", {{"tone", {{"type", "text"}}}}}}},
          {"picker", {{"type", "external"}}}}},
        {"defaultProps", {{"title", "Welcome"}, {"layout", "split"}}}}},
      {"Header",
       {{"label", "Header"},
        {"fields",
         {{"links",
           {{"type", "array"},
            {"arrayFields",
             {{"label", {{"type", "text"}}},
              {"url", {{"type", "text"}}},
              {"children",
               {{"type", "array"}, {"arrayFields", {{"label", {{"type", "text"}}}}}}}}}}}}},
        {"defaultProps", {{"links", json::array()}}}}},
      {"Promo",
       {{"label", "Promo"},
        {"fields", {{"code", {{"type", "text"}}}}},
        {"defaultProps", {{"code", "SALE"}}}}},
      {"Footer",
       {{"label", "Footer"},
        {"fields", {{"note", {{"type", "textarea"}}}, {"year", {{"type", "number"}}}}},
        {"defaultProps", {{"note", "Thanks"}}}}}};
  components.merge_patch(extra);
  return {{"components", components},
          {"root",
           {{"fields", {{"title", {{"type", "text"}}}, {"description", {{"type", "textarea"}}}}},
            {"defaultProps", {{"title", "My shop"}, {"description", "Things we make"}}}}}};
}

// Writes themes/<slug>/v<version>/ with `config` as its Puck config and one render file per
// component.
inline void write_shop_theme(const std::filesystem::path& themes_dir, const std::string& slug,
                             const std::string& version, const json& config = shop_config(),
                             const json& metadata_patch = json::object()) {
  auto dir = vitrine::testing::write_theme(themes_dir, slug, version, metadata_patch);
  std::filesystem::remove_all(dir / "components");
  vitrine::testing::write_text(dir / "puck-config.json", config.dump(2));
  for (const auto& [name, component] : config["components"].items()) {
    vitrine::testing::write_text(
        dir / "components" / (name + ".js"),
        "function render(props, ctx) { return `<div>" + name + "</div>`; }\n");
  }
}

inline json block(const std::string& type, json props) {
  return {{"type", type}, {"props", std::move(props)}};
}

inline json document(json content) {
  return {{"content", std::move(content)},
          {"root", {{"props", {{"title", "Home"}}}}},
          {"zones", json::object()}};
}

class CustomizeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    themes_dir = tmp.path() / "themes";
    std::filesystem::create_directories(themes_dir);
    database_url = vitrine::testing::test_database_url(tmp);
    auto opened = db::Database::open(database_url);
    ASSERT_THAT(opened, IsOk());
    db = std::move(opened).value();
    auto migrations = themes::ThemeRegistry::migrations();
    for (auto& m : CustomizationService::migrations()) migrations.push_back(std::move(m));
    auto migrated = db::migrate(*db, migrations);
    ASSERT_THAT(migrated, IsOk());
    auto opened_blobs = blob::BlobStore::open(vitrine::testing::test_blob_url(tmp));
    ASSERT_THAT(opened_blobs, IsOk());
    blobs = std::move(opened_blobs).value();
    registry = std::make_unique<themes::ThemeRegistry>(*db);
    sync = std::make_unique<themes::ThemeSync>(*registry, *blobs, themes_dir,
                                               themes::ValidationLimits{});
    service = std::make_unique<CustomizationService>(*db, *registry);
  }

  // Registers every version folder written so far and fails the test if one was refused.
  void sync_themes() {
    auto report = sync->sync(std::nullopt);
    ASSERT_THAT(report, IsOk());
    ASSERT_TRUE(report->ok()) << report->to_json().dump(2);
  }

  // Writes and registers one version of the "shop" theme.
  void register_shop(const std::string& version, const json& config = shop_config(),
                     const json& metadata_patch = json::object()) {
    write_shop_theme(themes_dir, "shop", version, config, metadata_patch);
    sync_themes();
  }

  Customization use(const std::string& workspace, const std::string& theme = "shop",
                    std::optional<std::string> version = std::nullopt,
                    const std::string& owner = "owner-1") {
    auto c = service->use(workspace, owner, theme, version);
    EXPECT_THAT(c, IsOk());
    return c.ok() ? std::move(c).value() : Customization{};
  }

  Customization fetch(const std::string& id) {
    auto c = service->get(id);
    EXPECT_THAT(c, IsOk());
    return c.ok() ? std::move(c).value() : Customization{};
  }

  TempDir tmp;
  std::string database_url;  // a second Database on it plays another process
  std::filesystem::path themes_dir;
  std::unique_ptr<db::Database> db;
  std::unique_ptr<blob::BlobStore> blobs;
  std::unique_ptr<themes::ThemeRegistry> registry;
  std::unique_ptr<themes::ThemeSync> sync;
  std::unique_ptr<CustomizationService> service;
};

}  // namespace vitrine::customize::testing
