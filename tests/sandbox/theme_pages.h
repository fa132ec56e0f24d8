// Pages built from the sample themes in themes/ for the render tests and the benchmark: every
// component of a theme version with the defaultProps of its puck-config.json, and a ctx with a
// small catalogue.
#pragma once

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/hash.h"
#include "sandbox/render.h"
#include "testing/process.h"

namespace vitrine::sandbox::fixtures {

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every themes/<slug>/v<version> folder of the source tree, as "slug/vX.Y.Z".
inline std::vector<std::filesystem::path> sample_theme_versions() {
  std::vector<std::filesystem::path> out;
  for (const auto& theme : std::filesystem::directory_iterator(source_dir() + "/themes")) {
    if (!theme.is_directory()) continue;
    for (const auto& version : std::filesystem::directory_iterator(theme.path()))
      if (version.is_directory() && std::filesystem::exists(version.path() / "puck-config.json"))
        out.push_back(version.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// A catalogue like the one the storefront will snapshot into ctx.data.
inline nlohmann::json sample_catalogue() {
  nlohmann::json products = nlohmann::json::array();
  const char* titles[] = {"Stoneware mug",  "Linen napkins", "Oak serving board", "Wool throw",
                          "Ceramic vase",   "Glass carafe",  "Walnut spoon",      "Cotton apron",
                          "Enamel pitcher", "Rattan basket"};
  for (int i = 0; i < 10; ++i)
    products.push_back({{"id", "p" + std::to_string(i)},
                        {"title", titles[i]},
                        {"handle", "product-" + std::to_string(i)},
                        {"price", 18.5 + i * 7},
                        {"currency", "USD"},
                        {"image", "/media/products/" + std::to_string(i) + ".jpg"},
                        {"collections", {i % 2 ? "kitchen" : "home", "new-arrivals"}}});
  nlohmann::json collections =
      nlohmann::json::array({{{"title", "Kitchen"}, {"handle", "kitchen"}},
                             {{"title", "Home"}, {"handle", "home"}},
                             {{"title", "New arrivals"}, {"handle", "new-arrivals"}}});
  return {{"products", products}, {"collections", collections}};
}

// ctx without the catalogue.
inline nlohmann::json sample_ctx(const std::string& path = "/") {
  return {
      {"site",
       {{"name", "Demo Shop"}, {"tagline", "Everyday objects"}, {"domain", "demo-shop.localhost"}}},
      {"page", {{"path", path}, {"title", "Home"}}}};
}

// A page with one block per component of the theme version (in puck-config order, which is
// alphabetical in nlohmann::json), each with its defaultProps.
inline PageJob theme_page(const std::filesystem::path& version_dir) {
  nlohmann::json config = nlohmann::json::parse(slurp(version_dir / "puck-config.json"));
  PageJob job;
  job.site_id = "site-" + version_dir.parent_path().filename().string();
  job.ctx_json = sample_ctx().dump();
  job.data_key = job.site_id + "@1";
  job.data_json = sample_catalogue().dump();
  for (const auto& [name, spec] : config["components"].items()) {
    std::filesystem::path file = version_dir / "components" / (name + ".js");
    if (!std::filesystem::exists(file)) continue;
    std::string source = slurp(file);
    job.components[name] = {sha256_hex(source), source};
    BlockJob block;
    block.component = name;
    block.props = spec.value("defaultProps", nlohmann::json::object());
    job.blocks.push_back(std::move(block));
  }
  return job;
}

// The kendustorenew 1.1.0 home page the benchmark renders: 10 blocks.
inline PageJob kendu_home_page() {
  PageJob all = theme_page(source_dir() + "/themes/kendustorenew/v1.1.0");
  PageJob job = all;
  job.blocks.clear();
  for (const char* name : {"AnnouncementBar", "Header", "Hero", "CollectionList", "ProductGrid",
                           "ImageWithText", "FeatureList", "Testimonials", "Newsletter", "Footer"})
    for (const auto& b : all.blocks)
      if (b.component == name) job.blocks.push_back(b);
  return job;
}

}  // namespace vitrine::sandbox::fixtures
