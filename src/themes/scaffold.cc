#include "themes/scaffold.h"

#include <array>
#include <fstream>
#include <nlohmann/json.hpp>
#include <system_error>

#include "core/text.h"

namespace vitrine::themes {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::array<const char*, 4> kTypes = {"ecommerce", "restaurant", "blog", "services"};

// "my-corner-shop" → "My Corner Shop".
std::string title_of(const std::string& slug) {
  std::string out;
  bool upper = true;
  for (char c : slug) {
    if (c == '-') {
      out += ' ';
      upper = true;
    } else {
      out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
      upper = false;
    }
  }
  return out;
}

constexpr const char* kHero =
    R"js(// Hero: the first thing a visitor sees. `props` holds the editor's values merged over
// defaultProps (puck-config.json); `ctx` gives the site, the page and helpers such as escapeHtml.
function render(props, ctx) {
  const e = ctx.escapeHtml;
  const button = props.buttonLabel
    ? `<a class="hero__button" href="${e(props.buttonUrl || '#')}">${e(props.buttonLabel)}</a>`
    : '';
  return `<section class="hero">
  <div class="container">
    <h1 class="hero__title">${e(props.title)}</h1>
    <p class="hero__text">${e(props.text)}</p>
    ${button}
  </div>
</section>`;
}
)js";

constexpr const char* kFooter = R"js(// Footer: the shop's name and a short note on every page.
function render(props, ctx) {
  const e = ctx.escapeHtml;
  return `<footer class="footer">
  <div class="container">
    <strong>${e(ctx.site.name)}</strong>
    <p>${e(props.note)}</p>
  </div>
</footer>`;
}
)js";

constexpr const char* kCss =
    R"css(/* Every colour and font comes from the custom properties in theme-metadata.json ("variables"),
   which shops can override without touching this file. */
*, *::before, *::after { box-sizing: border-box; }
body {
  margin: 0;
  font-family: var(--font-body);
  color: var(--color-text);
  background: var(--color-bg);
  line-height: 1.6;
}
.container { max-width: 1100px; margin: 0 auto; padding: 0 1.5rem; }
.hero { padding: 5rem 0; background: var(--color-surface); text-align: center; }
.hero__title { font-size: clamp(2rem, 5vw, 3.25rem); line-height: 1.15; margin: 0 0 1rem; }
.hero__text { font-size: 1.125rem; color: var(--color-muted); max-width: 40rem; margin: 0 auto 2rem; }
.hero__button {
  display: inline-block;
  padding: 0.8rem 1.6rem;
  border-radius: var(--radius);
  background: var(--color-primary);
  color: #fff;
  text-decoration: none;
  font-weight: 600;
}
.footer { padding: 2.5rem 0; border-top: 1px solid var(--color-border); color: var(--color-muted); }
)css";

Status write_file(const fs::path& path, const std::string& text) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (ec || !out)
    return fail(errc::kIo, "cannot write " + path.string() + (ec ? ": " + ec.message() : ""),
                {{"path", path.string()}});
  return {};
}

}  // namespace

Result<fs::path> scaffold_theme(const fs::path& parent, const std::string& slug,
                                const std::string& template_type) {
  if (!is_valid_slug(slug))
    return fail(errc::kInvalidArgument,
                "theme slug '" + slug + "' must be lower-case letters, digits and single hyphens",
                {{"slug", slug}});
  bool known = false;
  for (const char* t : kTypes) known |= template_type == t;
  if (!known)
    return fail(
        errc::kInvalidArgument,
        "template type '" + template_type + "' is not one of ecommerce, restaurant, blog, services",
        {{"template_type", template_type}});
  const fs::path theme_dir = parent / slug;
  std::error_code ec;
  if (fs::exists(theme_dir, ec))
    return fail(errc::kAlreadyExists, theme_dir.string() + " already exists; nothing was written",
                {{"path", theme_dir.string()}});

  const std::string name = title_of(slug);
  const fs::path version_dir = theme_dir / "v0.1.0";
  json metadata = {{"slug", slug},
                   {"name", name},
                   {"version", "0.1.0"},
                   {"description", name + ": a new " + template_type + " theme for Vitrine."},
                   {"template_type", template_type},
                   {"price_tier", "free"},
                   {"price_amount", 0},
                   {"author", "Your name"},
                   {"license", "MIT"},
                   {"tags", {template_type, "starter"}},
                   {"variables",
                    {{"--color-primary", "#2563eb"},
                     {"--color-text", "#111827"},
                     {"--color-muted", "#4b5563"},
                     {"--color-bg", "#f9fafb"},
                     {"--color-surface", "#ffffff"},
                     {"--color-border", "#e5e7eb"},
                     {"--font-body", "system-ui, -apple-system, \"Segoe UI\", Roboto, sans-serif"},
                     {"--radius", "10px"}}},
                   {"compatibility", {{"min_core_version", "0.1.0"}}},
                   {"stylesheets", {"build/theme.css"}},
                   {"scripts", json::array()},
                   {"changelog", "0.1.0: first version, scaffolded with vitrine theme create."},
                   {"default_pages",
                    {{"/",
                      {{"content",
                        {{{"type", "Hero"}, {"props", {{"id", "hero"}}}},
                         {{"type", "Footer"}, {"props", {{"id", "footer"}}}}}},
                       {"root", {{"props", json::object()}}}}}}}};
  json puck = {
      {"components",
       {{"Hero",
         {{"label", "Hero"},
          {"fields",
           {{"title", {{"type", "text"}, {"label", "Title"}}},
            {"text", {{"type", "textarea"}, {"label", "Text"}}},
            {"buttonLabel", {{"type", "text"}, {"label", "Button label"}}},
            {"buttonUrl", {{"type", "text"}, {"label", "Button link"}}}}},
          {"defaultProps",
           {{"title", "Welcome to " + name},
            {"text", "Tell visitors what makes your shop worth their time."},
            {"buttonLabel", "Shop now"},
            {"buttonUrl", "/collections/all"}}}}},
        {"Footer",
         {{"label", "Footer"},
          {"fields", {{"note", {{"type", "text"}, {"label", "Note"}}}}},
          {"defaultProps", {{"note", "Thanks for visiting."}}}}}}},
      {"root",
       {{"fields",
         {{"title", {{"type", "text"}, {"label", "Page title"}}},
          {"description", {{"type", "textarea"}, {"label", "Meta description"}}}}},
        {"defaultProps", {{"title", name}, {"description", name + ", built with Vitrine."}}}}}};

  const std::vector<std::pair<fs::path, std::string>> files = {
      {theme_dir / "README.md",
       "# " + name +
           "\n\nA Vitrine theme. Each release is a folder `v<version>/`; a registered version "
           "never "
           "changes, so copy the folder to `v0.2.0/` for the next release.\n\n"
           "- `theme-metadata.json`: name, version, CSS variables, stylesheets, default pages\n"
           "- `puck-config.json`: the components' editor fields and default props\n"
           "- `components/<Name>.js`: `function render(props, ctx)` returning HTML\n"
           "- `build/`: CSS, scripts and images served by the CDN\n\n"
           "Register it with `vitrine sync " +
           slug + "` from the folder that holds this one (the server's themes folder).\n"},
      {version_dir / "theme-metadata.json", metadata.dump(2) + "\n"},
      {version_dir / "puck-config.json", puck.dump(2) + "\n"},
      {version_dir / "components/Hero.js", kHero},
      {version_dir / "components/Footer.js", kFooter},
      {version_dir / "build/theme.css", kCss},
  };
  for (const auto& [path, text] : files) {
    if (Status st = write_file(path, text); !st.ok()) {
      fs::remove_all(theme_dir, ec);
      return st.error();
    }
  }
  return version_dir;
}

}  // namespace vitrine::themes
