// Theme package validation: theme-metadata.json, the whole version folder, and the path and
// content-type helpers. The file listing is in package_files.cc, puck-config.json in
// package_puck.cc.
#include "themes/package.h"

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "core/css.h"
#include "core/text.h"
#include "themes/package_internal.h"

namespace vitrine::themes {

using detail::child_pointer;
using detail::DocProblems;
using nlohmann::json;

namespace detail {

std::string join_display(std::string_view root, std::string_view rel) {
  if (root.empty()) return std::string(rel);
  if (rel.empty()) return std::string(root);
  std::string out(root);
  if (out.back() != '/') out += '/';
  out += rel;
  return out;
}

std::string printable(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string quoted(std::string_view s) {
  return json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string child_pointer(const std::string& pointer, std::string_view key) {
  return pointer + "/" + json_pointer_token(key);
}

std::string child_pointer(const std::string& pointer, size_t index) {
  return pointer + "/" + std::to_string(index);
}

}  // namespace detail

std::string Problem::str() const {
  // Always three parts, even for a whole-file problem ("file: : message"), so the rendering is
  // the same shape for every problem and splits predictably.
  return file + ": " + location + ": " + message;
}

nlohmann::json Problem::to_json() const {
  return {{"file", file}, {"location", location}, {"message", message}};
}

namespace {

constexpr std::array<const char*, 4> kTemplateTypes = {"ecommerce", "restaurant", "blog",
                                                       "services"};
constexpr std::array<const char*, 3> kPriceTiers = {"free", "paid", "exclusive"};

// preview_images may nest objects and arrays ({"components": ["a.png"]}); this bounds it.
constexpr int kMaxPreviewDepth = 8;

const char* kUnsafePath =
    "must be a safe relative path inside the version folder (no leading /, no . or .. segments, "
    "no empty segments, backslashes or control characters)";

std::string one_of(const auto& values) {
  std::string s = "must be one of ";
  for (size_t i = 0; i < values.size(); ++i) s += (i ? ", " : "") + std::string(values[i]);
  return s;
}

template <size_t N>
bool is_one_of(const std::string& v, const std::array<const char*, N>& values) {
  return std::find(values.begin(), values.end(), v) != values.end();
}

// A reference to a file of the package (stylesheet, script, preview image) found in metadata.
struct PathRef {
  std::string pointer, path;
};

// Checks an array of package paths (stylesheets, scripts); safe ones are appended to `refs`.
std::vector<std::string> check_path_array(const json& doc, const char* key, DocProblems& problems,
                                          std::vector<PathRef>& refs) {
  std::vector<std::string> out;
  auto it = doc.find(key);
  if (it == doc.end()) return out;
  std::string ptr = child_pointer("", key);
  if (!it->is_array()) {
    problems.add(ptr, "must be an array of paths");
    return out;
  }
  for (size_t i = 0; i < it->size(); ++i) {
    const json& v = (*it)[i];
    std::string item = child_pointer(ptr, i);
    if (!v.is_string()) {
      problems.add(item, "must be a string");
    } else if (!is_safe_relative_path(v.get_ref<const std::string&>())) {
      problems.add(item, kUnsafePath);
    } else {
      out.push_back(v.get<std::string>());
      refs.push_back({item, out.back()});
    }
  }
  return out;
}

void check_preview_images(const json& v, const std::string& ptr, int depth, DocProblems& problems,
                          std::vector<PathRef>& refs) {
  if (v.is_string()) {
    if (is_safe_relative_path(v.get_ref<const std::string&>())) {
      refs.push_back({ptr, v.get<std::string>()});
    } else {
      problems.add(ptr, kUnsafePath);
    }
    return;
  }
  if (!v.is_object() && !v.is_array()) {
    problems.add(ptr, depth == 0 ? "must be an object or an array" : "must be a path string");
    return;
  }
  if (depth >= kMaxPreviewDepth) {
    problems.add(ptr, "is nested too deeply");
    return;
  }
  if (v.is_object()) {
    for (const auto& [k, child] : v.items())
      check_preview_images(child, child_pointer(ptr, k), depth + 1, problems, refs);
  } else {
    for (size_t i = 0; i < v.size(); ++i)
      check_preview_images(v[i], child_pointer(ptr, i), depth + 1, problems, refs);
  }
}

// A "min"/"max" bound of compatibility: a semver string or null.
void check_core_bound(const json& compat, const char* key, bool is_min, DocProblems& problems) {
  auto it = compat.find(key);
  if (it == compat.end() || it->is_null()) return;
  std::string ptr = child_pointer("/compatibility", key);
  std::optional<Version> bound;
  if (it->is_string()) bound = parse_version(it->get_ref<const std::string&>());
  if (!bound) {
    problems.add(ptr, "must be a semantic version string (like 1.2.3) or null");
    return;
  }
  const Version& core = core_version();
  if (is_min ? core < *bound : core > *bound) {
    problems.add(ptr, std::string("requires Vitrine core ") + (is_min ? ">= " : "<= ") +
                          bound->str() + ", this is " + core.str());
  }
}

// "templates": resource template name → a Puck document's outline ({content: [{type, props}],
// root?}). The block types are checked against puck-config.json by the caller; the props by the
// Puck validator when a shop's storefront loads them (customize/puck_validation.h).
void check_templates(const json& v, DocProblems& problems, json& out) {
  if (!v.is_object()) {
    problems.add("/templates", "must be an object of template name → Puck document");
    return;
  }
  for (const auto& [name, doc] : v.items()) {
    const std::string ptr = child_pointer("/templates", name);
    if (!is_resource_template(name)) {
      problems.add(ptr,
                   "is not a resource template; it must be one of " + resource_template_names());
      continue;
    }
    if (!doc.is_object() || !doc.contains("content") || !doc["content"].is_array()) {
      problems.add(ptr, "must be a Puck document: an object with a content array");
      continue;
    }
    const json& content = doc["content"];
    bool ok = true;
    for (size_t i = 0; i < content.size(); ++i) {
      const json& block = content[i];
      if (!block.is_object() || !block.contains("type") || !block["type"].is_string()) {
        problems.add(child_pointer(ptr + "/content", i) + "/type",
                     "must be a block with a string type");
        ok = false;
      }
    }
    if (ok) out[name] = doc;
  }
}

// Everything of validate_metadata; `refs` receives the package paths the document references.
std::optional<ThemeMetadata> check_metadata(const json& doc, const std::string& expected_slug,
                                            std::string_view expected_version,
                                            DocProblems& problems, std::vector<PathRef>& refs) {
  ThemeMetadata m;
  const size_t before = problems.count();
  auto add = [&](std::string ptr, std::string msg) {
    problems.add(std::move(ptr), std::move(msg));
  };
  if (!doc.is_object()) {
    add("", "must be a JSON object");
    return std::nullopt;
  }
  // A required string: reports absence and wrong type; returns it when present.
  auto required_string = [&](const char* key) -> const std::string* {
    auto it = doc.find(key);
    if (it == doc.end()) {
      add(child_pointer("", key), "is required");
      return nullptr;
    }
    if (!it->is_string()) {
      add(child_pointer("", key), "must be a string");
      return nullptr;
    }
    return &it->get_ref<const std::string&>();
  };
  auto optional_string = [&](const char* key) -> const std::string* {
    auto it = doc.find(key);
    if (it == doc.end()) return nullptr;
    if (!it->is_string()) {
      add(child_pointer("", key), "must be a string");
      return nullptr;
    }
    return &it->get_ref<const std::string&>();
  };
  auto enum_string = [&](const char* key, const auto& values) -> const std::string* {
    auto it = doc.find(key);
    if (it == doc.end()) {
      add(child_pointer("", key), "is required");
      return nullptr;
    }
    if (!it->is_string() || !is_one_of(it->get_ref<const std::string&>(), values)) {
      add(child_pointer("", key), one_of(values));
      return nullptr;
    }
    return &it->get_ref<const std::string&>();
  };

  if (const auto* slug = required_string("slug")) {
    m.slug = *slug;
    if (!is_valid_slug(*slug)) {
      add("/slug", "must be a slug: lower-case letters, digits and single inner hyphens");
    } else if (!expected_slug.empty() && *slug != expected_slug) {
      add("/slug", "must equal the theme folder name " + detail::quoted(expected_slug) +
                       ", found " + detail::quoted(*slug));
    }
  }
  if (const auto* name = required_string("name")) {
    m.name = *name;
    if (name->empty()) add("/name", "must not be empty");
  }
  if (const auto* version = required_string("version")) {
    if (auto v = parse_version(*version)) {
      m.version = *v;
      if (!expected_version.empty() && *version != expected_version) {
        add("/version", "must equal the version folder's version " +
                            detail::quoted(expected_version) + ", found " +
                            detail::quoted(*version));
      }
    } else {
      add("/version", "must be a semantic version like 1.2.3 or 2.0.0-beta.1 (no leading v)");
    }
  }
  if (const auto* d = required_string("description")) m.description = *d;
  if (const auto* t = enum_string("template_type", kTemplateTypes)) m.template_type = *t;
  const std::string* tier = enum_string("price_tier", kPriceTiers);
  if (tier) m.price_tier = *tier;
  if (auto it = doc.find("price_amount"); it == doc.end()) {
    add("/price_amount", "is required");
  } else if (!it->is_number()) {
    add("/price_amount", "must be a number");
  } else {
    double amount = it->get<double>();
    m.price_amount = amount;
    if (!std::isfinite(amount)) {
      add("/price_amount", "must be a finite number");
    } else if (amount < 0) {
      add("/price_amount", "must not be negative");
    } else if (tier && *tier == "free" && amount != 0) {
      add("/price_amount", "must be 0 when price_tier is free");
    } else if (tier && *tier != "free" && amount <= 0) {
      add("/price_amount", "must be more than 0 when price_tier is " + *tier);
    }
  }
  if (const auto* a = required_string("author")) m.author = *a;
  if (const auto* l = required_string("license")) m.license = *l;

  if (auto it = doc.find("tags"); it != doc.end()) {
    if (!it->is_array()) {
      add("/tags", "must be an array of strings");
    } else {
      for (size_t i = 0; i < it->size(); ++i) {
        const json& t = (*it)[i];
        if (!t.is_string() || t.get_ref<const std::string&>().empty()) {
          add(child_pointer("/tags", i), "must be a non-empty string");
        } else {
          m.tags.push_back(t.get<std::string>());
        }
      }
    }
  }
  if (auto it = doc.find("variables"); it != doc.end()) {
    if (!it->is_object()) {
      add("/variables", "must be an object");
    } else {
      for (const auto& [k, v] : it->items()) {
        std::string ptr = child_pointer("/variables", k);
        if (!is_css_custom_property(k)) {
          add(ptr,
              "must be a CSS custom property name: -- followed by letters, digits, - or _, at "
              "most " +
                  std::to_string(kMaxCssVariableName) + " bytes");
        } else if (!v.is_string()) {
          add(ptr, "must be a string");
        } else if (!is_safe_css_variable_value(v.get_ref<const std::string&>())) {
          add(ptr, "must not contain {, }, <, >, ;, \\ or control characters, and hold 1 to " +
                       std::to_string(kMaxCssVariableValue) + " bytes");
        } else {
          m.variables[k] = v.get<std::string>();
        }
      }
    }
  }
  if (auto it = doc.find("compatibility"); it != doc.end()) {
    if (!it->is_object()) {
      add("/compatibility", "must be an object");
    } else {
      check_core_bound(*it, "min_core_version", /*is_min=*/true, problems);
      check_core_bound(*it, "max_core_version", /*is_min=*/false, problems);
    }
  }
  if (auto it = doc.find("preview_images"); it != doc.end()) {
    check_preview_images(*it, "/preview_images", 0, problems, refs);
  }
  m.stylesheets = check_path_array(doc, "stylesheets", problems, refs);
  m.scripts = check_path_array(doc, "scripts", problems, refs);
  if (const auto* c = optional_string("changelog")) m.changelog = *c;
  if (auto it = doc.find("templates"); it != doc.end()) check_templates(*it, problems, m.templates);
  if (auto it = doc.find("extends"); it != doc.end()) {
    if (!it->is_object()) {
      add("/extends", "must be an object with theme and version");
    } else {
      auto theme = it->find("theme");
      if (theme == it->end()) {
        add("/extends/theme", "is required");
      } else if (!theme->is_string() || !is_valid_slug(theme->get_ref<const std::string&>())) {
        add("/extends/theme",
            "must be a theme slug: lower-case letters, digits and single inner "
            "hyphens");
      } else if (theme->get_ref<const std::string&>() == m.slug) {
        add("/extends/theme", "a theme cannot extend itself");
      }
      auto range = it->find("version");
      if (range == it->end()) {
        add("/extends/version", "is required");
      } else if (!range->is_string() ||
                 !VersionRange::parse(range->get_ref<const std::string&>())) {
        add("/extends/version",
            "must be a version range such as 1.2.3, ^1.2, ~1.2.3, 1.x or >=1.0.0 <2.0.0");
      }
    }
  }
  if (problems.count() != before) return std::nullopt;
  m.raw = doc;
  return m;
}

std::string_view strip_v(std::string_view version) {
  if (!version.empty() && version[0] == 'v') version.remove_prefix(1);
  return version;
}

}  // namespace

std::optional<ThemeMetadata> validate_metadata(const nlohmann::json& doc, const std::string& file,
                                               const std::string& expected_slug,
                                               const std::string& expected_version,
                                               std::vector<Problem>& problems) {
  DocProblems out(file, problems);
  std::vector<PathRef> refs;  // existence needs the listing; validate_version_folder checks it
  // Callers may pass the folder name ("v1.1.0") or the bare version; both mean the same.
  return check_metadata(doc, expected_slug, strip_v(expected_version), out, refs);
}

ValidationResult validate_version_folder(const std::filesystem::path& version_dir,
                                         const std::string& display_root,
                                         const ValidationLimits& limits) {
  namespace fs = std::filesystem;
  ValidationResult result;
  std::vector<Problem>& problems = result.problems;

  // The folder names as given (not symlink-resolved): they are what the catalogue is keyed on.
  fs::path dir = version_dir;
  if (dir.is_relative()) {
    std::error_code ec;
    fs::path abs = fs::absolute(dir, ec);
    if (!ec) dir = abs;
  }
  dir = dir.lexically_normal();
  if (!dir.has_filename()) dir = dir.parent_path();
  const std::string folder = dir.filename().string();
  const std::string slug = dir.parent_path().filename().string();

  bool slug_ok = is_valid_slug(slug);
  if (!slug_ok) {
    problems.push_back({display_root, "",
                        "theme folder name " + detail::quoted(slug) +
                            " is not a valid slug: lower-case letters, digits and single inner "
                            "hyphens"});
  }
  std::string folder_version;
  if (folder.size() > 1 && folder[0] == 'v' && parse_version(std::string_view(folder).substr(1))) {
    folder_version = folder.substr(1);
    if (folder_version.find('+') != std::string::npos) {
      // Build metadata does not take part in version precedence, so v1.0.0+a and v1.0.0+b would
      // be two folders for one version.
      problems.push_back({display_root, "",
                          "version folder name " + detail::quoted(folder) +
                              " must not carry build metadata (+...)"});
      folder_version.clear();
    }
  } else {
    problems.push_back({display_root, "",
                        "version folder name " + detail::quoted(folder) +
                            " must be v followed by a semantic version, like v1.2.3 or "
                            "v2.0.0-beta.1"});
  }

  FileListing listing = list_version_files(version_dir, display_root, limits);
  for (auto& p : listing.problems) problems.push_back(std::move(p));
  std::error_code ec;
  if (!fs::is_directory(version_dir, ec)) return result;  // the listing said why; nothing to read
  std::map<std::string, const PackageFile*> by_path;
  for (const auto& f : listing.files) by_path[f.path] = &f;

  // Whether `rel` exists on disk in some form although the listing left it out: the listing has
  // then reported why (escaping link, size, special file), and repeating it as "missing" would
  // mislead.
  auto present_on_disk = [&](const std::string& rel, bool& is_dir) {
    struct stat st;
    is_dir = false;
    if (::lstat((version_dir / rel).c_str(), &st) != 0) return false;
    is_dir = S_ISDIR(st.st_mode);
    return true;
  };

  // Reads and parses one JSON file of the package, reporting why it cannot.
  auto load_json = [&](const std::string& rel) -> std::optional<json> {
    std::string file = detail::join_display(display_root, rel);
    auto it = by_path.find(rel);
    if (it == by_path.end()) {
      bool is_dir = false;
      if (!present_on_disk(rel, is_dir)) {
        problems.push_back({file, "", "file is missing"});
      } else if (is_dir) {
        problems.push_back({file, "", "must be a file, found a folder"});
      }
      return std::nullopt;
    }
    auto text = read_file(it->second->source);
    if (!text.ok()) {
      problems.push_back({file, "", "cannot read file"});
      return std::nullopt;
    }
    auto doc = parse_json(*text);
    if (!doc.ok()) {
      const Error& e = doc.error();
      std::string location, why = e.message;
      if (e.details.is_object() && e.details.contains("line")) {
        location = "line " + std::to_string(e.details["line"].get<int>()) + ", column " +
                   std::to_string(e.details["column"].get<int>());
        if (why.starts_with(location + ": ")) why = why.substr(location.size() + 2);
      }
      problems.push_back({file, location, why});
      return std::nullopt;
    }
    return std::move(doc).value();
  };

  const std::string meta_file = detail::join_display(display_root, "theme-metadata.json");
  std::optional<ThemeMetadata> metadata;
  json templates;  // the metadata's "templates" as written, even when other keys are wrong
  if (auto doc = load_json("theme-metadata.json")) {
    if (doc->is_object()) templates = doc->value("templates", json());
    DocProblems out(meta_file, problems);
    std::vector<PathRef> refs;
    metadata = check_metadata(*doc, slug_ok ? slug : "", folder_version, out, refs);
    for (const auto& ref : refs) {
      if (by_path.count(ref.path)) continue;
      bool is_dir = false;
      if (!present_on_disk(ref.path, is_dir)) {
        out.add(ref.pointer,
                "refers to " + ref.path + ", which does not exist in the version folder");
      } else if (is_dir) {
        out.add(ref.pointer, "refers to " + ref.path + ", which is a folder, not a file");
      }
    }
  }

  const std::string puck_file = detail::join_display(display_root, "puck-config.json");
  std::optional<json> puck = load_json("puck-config.json");
  if (puck) {
    DocProblems out(puck_file, problems);
    for (const auto& name : detail::check_puck_config(*puck, out)) {
      std::string rel = "components/" + name + ".js";
      if (by_path.count(rel)) continue;
      bool is_dir = false;
      if (!present_on_disk(rel, is_dir)) {
        out.add(child_pointer("/components", name),
                rel + " is missing: every component needs its render function there");
      } else if (is_dir) {
        out.add(child_pointer("/components", name), rel + " must be a file, found a folder");
      }
    }
  }

  // A template block names a component of this version (or the built-in VibeCode block).
  // Checked on the document as written, so it is reported beside the metadata's other problems;
  // templates and blocks of the wrong shape were reported by check_templates.
  if (templates.is_object() && puck && puck->value("components", json()).is_object()) {
    DocProblems out(meta_file, problems);
    const json& components = (*puck)["components"];
    for (const auto& [name, doc] : templates.items()) {
      if (!is_resource_template(name) || !doc.is_object()) continue;
      const json content = doc.value("content", json());
      if (!content.is_array()) continue;
      for (size_t i = 0; i < content.size(); ++i) {
        if (!content[i].is_object() || !content[i].value("type", json()).is_string()) continue;
        const std::string type = content[i]["type"].get<std::string>();
        if (components.contains(type) || type == "VibeCode") continue;
        out.add(child_pointer(child_pointer("/templates", name) + "/content", i) + "/type",
                "names component " + detail::quoted(type) +
                    ", which puck-config.json does not "
                    "declare");
      }
    }
  }

  std::stable_sort(problems.begin(), problems.end(), [](const Problem& a, const Problem& b) {
    return std::tie(a.file, a.location) < std::tie(b.file, b.location);
  });
  if (problems.empty() && metadata && puck) {
    result.package = ThemePackage{std::move(*metadata), std::move(*puck), std::move(listing.files)};
  }
  return result;
}

bool is_resource_template(std::string_view name) {
  for (const char* t : kResourceTemplates)
    if (name == t) return true;
  return false;
}

std::string resource_template_names() {
  std::string out;
  for (const char* t : kResourceTemplates) out += (out.empty() ? "" : ", ") + std::string(t);
  return out;
}

bool is_safe_relative_path(std::string_view path) {
  if (path.empty()) return false;
  for (unsigned char c : path) {
    if (c == '\\' || c < 0x20 || c == 0x7f) return false;
  }
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    std::string_view seg =
        path.substr(start, slash == std::string_view::npos ? path.npos : slash - start);
    // An empty segment covers a leading "/", a trailing "/" and "a//b".
    if (seg.empty() || seg == "." || seg == "..") return false;
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}

std::string extension_of(std::string_view path) {
  if (auto slash = path.rfind('/'); slash != std::string_view::npos) path.remove_prefix(slash + 1);
  auto dot = path.rfind('.');
  if (dot == std::string_view::npos) return "";
  return ascii_lower(path.substr(dot + 1));
}

std::string content_type_for(std::string_view path) {
  static const std::map<std::string, std::string, std::less<>> kTypes = {
      {"css", "text/css; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"json", "application/json"},
      {"map", "application/json"},
      {"html", "text/html; charset=utf-8"},
      {"htm", "text/html; charset=utf-8"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"webp", "image/webp"},
      {"avif", "image/avif"},
      {"ico", "image/x-icon"},
      {"woff", "font/woff"},
      {"woff2", "font/woff2"},
      {"ttf", "font/ttf"},
      {"otf", "font/otf"},
      {"txt", "text/plain; charset=utf-8"},
      {"md", "text/markdown; charset=utf-8"},
      {"xml", "application/xml"},
      {"wasm", "application/wasm"},
      {"pdf", "application/pdf"},
  };
  auto it = kTypes.find(extension_of(path));
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

bool is_compressible(std::string_view path) {
  // Already-compressed formats (woff/woff2, raster images, wasm is left out as it is rarely
  // shipped) gain nothing from another pass.
  static constexpr std::array<std::string_view, 14> kText = {"css",  "js",  "mjs", "json", "map",
                                                             "html", "htm", "svg", "txt",  "md",
                                                             "xml",  "ico", "ttf", "otf"};
  std::string ext = extension_of(path);
  return std::find(kText.begin(), kText.end(), ext) != kText.end();
}

}  // namespace vitrine::themes
