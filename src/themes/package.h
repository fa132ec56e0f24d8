// Theme package format (docs/architecture.md "Theme package"): reading and validating one version
// folder `<themes_dir>/<slug>/v<version>/`. Validation reports every problem at once, each naming
// the file and a JSON pointer or line:column, and never stops at the first.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/semver.h"

namespace vitrine::themes {

// One problem found in a package. Rendered as "<file>: <location>: <message>", e.g.
// "themes/shop/v1.1.0/theme-metadata.json: /price_tier: must be one of free, paid, exclusive".
struct Problem {
  std::string file;  // path as given to the validator joined with the file, e.g.
                     // themes/shop/v1.1.0/puck-config.json
  std::string
      location;  // JSON pointer ("/price_tier"), "line 3, column 5", or "" for the whole file
  std::string message;

  std::string str() const;
  nlohmann::json to_json() const;  // {"file","location","message"}
};

// One regular file of a version folder.
struct PackageFile {
  std::string path;              // relative to the version folder, '/'-separated: "build/theme.css"
  std::filesystem::path source;  // absolute path on disk (symlinks resolved)
  uint64_t size = 0;
  int64_t mtime_ns = 0;  // modification time, for cheap change detection
};

// The resource templates a theme may ship in theme-metadata.json "templates" (name → Puck
// document), like Shopify's templates/product.json: one per kind of storefront page that shows a
// resource (/products/<slug>, /collections/<slug>, /cart, ...) rather than a fixed page. A shop's
// customization may override each one. storefront/routes.h says which path renders which; "order"
// and "post" have no route yet (orders and posts come later), "page" is for CMS pages.
inline constexpr std::array<const char*, 12> kResourceTemplates = {
    "product", "collection", "collections", "search", "cart", "checkout",
    "order",   "account",    "blog",        "post",   "page", "404"};

// Whether `name` is one of kResourceTemplates.
bool is_resource_template(std::string_view name);
// kResourceTemplates as "product, collection, ..., 404", for messages.
std::string resource_template_names();

// The fields of theme-metadata.json that the platform reads; the whole document is kept in `raw`.
struct ThemeMetadata {
  std::string slug, name, description, template_type, price_tier, author, license;
  double price_amount = 0;
  Version version;
  std::vector<std::string> tags;
  std::map<std::string, std::string> variables;   // CSS custom property → value
  std::vector<std::string> stylesheets, scripts;  // paths relative to the version folder
  std::string changelog;
  nlohmann::json templates = nlohmann::json::object();  // resource template name → Puck document
  nlohmann::json raw;
};

// A version folder that passed validation.
struct ThemePackage {
  ThemeMetadata metadata;
  nlohmann::json puck_config;
  std::vector<PackageFile> files;  // every regular file, sorted by path
};

struct ValidationLimits {
  uint64_t max_file_bytes = 20ull << 20;
  int max_files = 2000;
};

// Lists the files of a version folder without reading them: sorted by path, symlinks resolved.
// Symlinks that leave the folder, special files, unreadable entries, files over the size limit
// and more than max_files files are problems. `display_root` prefixes file names in problems.
struct FileListing {
  std::vector<PackageFile> files;
  std::vector<Problem> problems;
};
FileListing list_version_files(const std::filesystem::path& version_dir,
                               const std::string& display_root, const ValidationLimits& limits);

// Validates a whole version folder: the folder names (slug, v<semver>), the file listing,
// theme-metadata.json, puck-config.json and components/<Name>.js for every component. `slug` and
// `version_folder` are the folder names ("shop", "v1.1.0"); `display_root` is how the folder is
// named in problems ("themes/shop/v1.1.0"). Returns the package, or every problem found.
struct ValidationResult {
  std::optional<ThemePackage> package;  // set only when problems is empty
  std::vector<Problem> problems;
};
ValidationResult validate_version_folder(const std::filesystem::path& version_dir,
                                         const std::string& display_root,
                                         const ValidationLimits& limits);

// Validates a theme-metadata.json document already parsed; appends problems for `file`.
// `expected_slug`/`expected_version` come from the folder names (empty: not checked).
std::optional<ThemeMetadata> validate_metadata(const nlohmann::json& doc, const std::string& file,
                                               const std::string& expected_slug,
                                               const std::string& expected_version,
                                               std::vector<Problem>& problems);

// Validates a puck-config.json document; appends problems for `file`. Returns the component
// names it declares (in document order) when the document's shape is valid.
std::optional<std::vector<std::string>> validate_puck_config(const nlohmann::json& doc,
                                                             const std::string& file,
                                                             std::vector<Problem>& problems);

// True for paths used inside a package (metadata references, archive entries): relative,
// '/'-separated, no "..", ".", empty segments, backslashes, NUL or control characters.
bool is_safe_relative_path(std::string_view path);

// The extension of the last path segment, lower-cased, without the dot ("" when there is none):
// "build/Theme.CSS" → "css".
std::string extension_of(std::string_view path);

// The MIME type for a file name by extension ("text/css; charset=utf-8"), default
// application/octet-stream.
std::string content_type_for(std::string_view path);

// Whether a file of this name is text worth precompressing (css, js, html, svg, json, ...).
bool is_compressible(std::string_view path);

}  // namespace vitrine::themes
