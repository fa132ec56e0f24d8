// Writes theme version folders for tests: a small valid package that callers then break or edit.
#pragma once

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace vitrine::testing {

inline void write_text(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

inline nlohmann::json sample_metadata(const std::string& slug, const std::string& version) {
  return {{"slug", slug},
          {"name", "Theme " + slug},
          {"version", version},
          {"description", "A sample theme called " + slug + " for tests"},
          {"template_type", "ecommerce"},
          {"price_tier", "free"},
          {"price_amount", 0},
          {"author", "Vitrine tests"},
          {"license", "MIT"},
          {"tags", {"minimal", "modern"}},
          {"variables", {{"--color-primary", "#123456"}}},
          {"stylesheets", {"build/theme.css"}},
          {"changelog", "Release " + version}};
}

inline std::string sample_css(const std::string& marker) {
  std::string css = "/* " + marker + " */\n";
  for (int i = 0; i < 60; ++i)
    css += ".block-" + std::to_string(i) +
           " { color: var(--color-primary); margin: " + std::to_string(i) + "px; }\n";
  return css;
}

// Writes <themes>/<slug>/v<version>/ with metadata, a two-component Puck config, the component
// files and build/theme.css. `metadata_patch` is merged into the metadata (null removes a key).
inline std::filesystem::path write_theme(
    const std::filesystem::path& themes, const std::string& slug, const std::string& version,
    const nlohmann::json& metadata_patch = nlohmann::json::object()) {
  auto dir = themes / slug / ("v" + version);
  auto meta = sample_metadata(slug, version);
  meta.merge_patch(metadata_patch);
  write_text(dir / "theme-metadata.json", meta.dump(2));
  nlohmann::json puck = {{"components",
                          {{"Hero",
                            {{"label", "Hero"},
                             {"fields", {{"title", {{"type", "text"}}}}},
                             {"defaultProps", {{"title", "Welcome"}}}}},
                           {"Footer",
                            {{"label", "Footer"},
                             {"fields", {{"note", {{"type", "textarea"}}}}},
                             {"defaultProps", {{"note", "Thanks"}}}}}}}};
  write_text(dir / "puck-config.json", puck.dump(2));
  write_text(dir / "components/Hero.js",
             "function render(props, ctx) { return `<h1>${ctx.escapeHtml(props.title)}</h1>`; }\n");
  write_text(
      dir / "components/Footer.js",
      "function render(props, ctx) { return `<footer>${ctx.escapeHtml(props.note)}</footer>`; }\n");
  write_text(dir / "build/theme.css", sample_css(slug + " " + version));
  write_text(dir / "build/logo.png", std::string("\x89PNG\r\n\x1a\n", 8) + std::string(100, 'x'));
  return dir;
}

}  // namespace vitrine::testing
