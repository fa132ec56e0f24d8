// Theme package validation: every rule of the package format produces its own problem, naming
// the file and the JSON pointer or line:column, and many problems are reported at once.
#include "themes/package.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "testing/temp_dir.h"

namespace vitrine::themes {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

json minimal_metadata() {
  return {{"slug", "shop"},
          {"name", "Shop"},
          {"version", "1.1.0"},
          {"description", "A small shop theme"},
          {"template_type", "ecommerce"},
          {"price_tier", "free"},
          {"price_amount", 0},
          {"author", "Vitrine Themes"},
          {"license", "MIT"},
          {"stylesheets", {"build/theme.css"}}};
}

json minimal_puck_config() {
  return {{"components",
           {{"Hero",
             {{"label", "Hero"},
              {"fields", {{"title", {{"type", "text"}, {"label", "Title"}}}}},
              {"defaultProps", {{"title", "Hello"}}}}}}}};
}

// Problems rendered as strings, the form people and assertions read most easily.
std::vector<std::string> strs(const std::vector<Problem>& problems) {
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(p.str());
  return out;
}

class PackageTest : public ::testing::Test {
 protected:
  static constexpr const char* kRoot = "themes/shop/v1.1.0";
  static constexpr const char* kMeta = "themes/shop/v1.1.0/theme-metadata.json";
  static constexpr const char* kPuck = "themes/shop/v1.1.0/puck-config.json";

  void SetUp() override {
    dir_ = scratch_.path() / "themes" / "shop" / "v1.1.0";
    write_metadata(minimal_metadata());
    write_puck(minimal_puck_config());
    write("components/Hero.js",
          "function render(props, ctx) { return `<h1>${props.title}</h1>`; }\n");
    write("build/theme.css", ":root { color: teal; }\n");
  }

  void write(const std::string& rel, const std::string& content) { write_in(dir_, rel, content); }
  static void write_in(const fs::path& dir, const std::string& rel, const std::string& content) {
    fs::path p = dir / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
  }
  void write_metadata(const json& doc) { write("theme-metadata.json", doc.dump(2)); }
  void write_puck(const json& doc) { write("puck-config.json", doc.dump(2)); }

  // Rewrites the metadata with one change applied.
  template <typename F>
  void edit_metadata(F&& change) {
    json doc = minimal_metadata();
    change(doc);
    write_metadata(doc);
  }
  template <typename F>
  void edit_puck(F&& change) {
    json doc = minimal_puck_config();
    change(doc);
    write_puck(doc);
  }

  ValidationResult validate(const ValidationLimits& limits = {}) {
    return validate_version_folder(dir_, kRoot, limits);
  }

  // The problems of a validation expected to fail, as strings.
  std::vector<std::string> problems(const ValidationLimits& limits = {}) {
    auto r = validate(limits);
    EXPECT_FALSE(r.package.has_value());
    return strs(r.problems);
  }

  TempDir scratch_;
  fs::path dir_;
};

TEST_F(PackageTest, ValidMinimalThemePassesWithSortedFiles) {
  auto r = validate();
  ASSERT_THAT(strs(r.problems), IsEmpty());
  ASSERT_TRUE(r.package.has_value());
  const ThemePackage& pkg = *r.package;
  std::vector<std::string> paths;
  for (const auto& f : pkg.files) paths.push_back(f.path);
  EXPECT_THAT(paths, ElementsAre("build/theme.css", "components/Hero.js", "puck-config.json",
                                 "theme-metadata.json"));
  for (const auto& f : pkg.files) {
    EXPECT_EQ(f.size, fs::file_size(dir_ / f.path)) << f.path;
    EXPECT_TRUE(f.source.is_absolute()) << f.path;
    EXPECT_TRUE(fs::equivalent(f.source, dir_ / f.path)) << f.path;
    EXPECT_GT(f.mtime_ns, 0) << f.path;
  }
  EXPECT_EQ(pkg.files[0].size, std::string(":root { color: teal; }\n").size());
  EXPECT_EQ(pkg.metadata.slug, "shop");
  EXPECT_EQ(pkg.metadata.name, "Shop");
  EXPECT_EQ(pkg.metadata.version.str(), "1.1.0");
  EXPECT_EQ(pkg.metadata.template_type, "ecommerce");
  EXPECT_EQ(pkg.metadata.price_tier, "free");
  EXPECT_EQ(pkg.metadata.price_amount, 0);
  EXPECT_THAT(pkg.metadata.stylesheets, ElementsAre("build/theme.css"));
  EXPECT_EQ(pkg.metadata.raw, minimal_metadata());
  EXPECT_EQ(pkg.puck_config, minimal_puck_config());
}

TEST_F(PackageTest, FullMetadataWithEveryOptionalKeyPasses) {
  edit_metadata([](json& m) {
    m["price_tier"] = "paid";
    m["price_amount"] = 49.5;
    m["tags"] = {"shop", "minimal"};
    m["variables"] = {{"--color-primary", "#0f766e"},
                      {"--font-body", "\"Inter\", system-ui, sans-serif"}};
    m["compatibility"] = {{"min_core_version", "0.1.0"}, {"max_core_version", nullptr}};
    m["preview_images"] = {{"thumbnail", "previews/thumbnail.png"},
                           {"components", {"previews/components/hero.png"}}};
    m["scripts"] = {"build/theme.js"};
    m["changelog"] = "First release";
    m["extends"] = {{"theme", "base"}, {"version", "^1.2"}};
    m["authorUrl"] = "https://example.com";  // unknown keys are the author's business
  });
  write("build/theme.js", "console.log(1);\n");
  write("previews/thumbnail.png", "png");
  write("previews/components/hero.png", "png");
  write("docs/README.md", "# Shop\n");
  write(".DS_Store", "junk");
  auto r = validate();
  ASSERT_THAT(strs(r.problems), IsEmpty());
  ASSERT_TRUE(r.package.has_value());
  const ThemeMetadata& m = r.package->metadata;
  EXPECT_EQ(m.price_amount, 49.5);
  EXPECT_THAT(m.tags, ElementsAre("shop", "minimal"));
  EXPECT_EQ(m.variables.at("--color-primary"), "#0f766e");
  EXPECT_THAT(m.scripts, ElementsAre("build/theme.js"));
  EXPECT_EQ(m.changelog, "First release");
  // Hidden files are listed like any other.
  EXPECT_EQ(r.package->files.front().path, ".DS_Store");
}

TEST_F(PackageTest, PriceTierMessageIsExact) {
  edit_metadata([](json& m) { m["price_tier"] = "premium"; });
  EXPECT_THAT(problems(), ElementsAre("themes/shop/v1.1.0/theme-metadata.json: /price_tier: must "
                                      "be one of free, paid, exclusive"));
}

TEST_F(PackageTest, ProblemCarriesFileLocationAndMessage) {
  edit_metadata([](json& m) { m["price_tier"] = "premium"; });
  auto r = validate();
  ASSERT_THAT(r.problems, SizeIs(1));
  EXPECT_EQ(r.problems[0].file, kMeta);
  EXPECT_EQ(r.problems[0].location, "/price_tier");
  EXPECT_EQ(r.problems[0].message, "must be one of free, paid, exclusive");
  EXPECT_EQ(r.problems[0].to_json(), (json{{"file", kMeta},
                                           {"location", "/price_tier"},
                                           {"message", "must be one of free, paid, exclusive"}}));
  EXPECT_EQ((Problem{"a.json", "", "file is missing"}).str(), "a.json: : file is missing");
}

TEST_F(PackageTest, FiveMistakesGiveFiveProblemsSorted) {
  edit_metadata([](json& m) {
    m.erase("name");
    m["price_amount"] = "free";
    m["template_type"] = "shop";
    m["tags"] = {"ok", ""};
    m["license"] = 3;
  });
  EXPECT_THAT(problems(),
              ElementsAre(std::string(kMeta) + ": /license: must be a string",
                          std::string(kMeta) + ": /name: is required",
                          std::string(kMeta) + ": /price_amount: must be a number",
                          std::string(kMeta) + ": /tags/1: must be a non-empty string",
                          std::string(kMeta) +
                              ": /template_type: must be one of ecommerce, restaurant, blog, "
                              "services"));
}

TEST_F(PackageTest, EveryRequiredKeyIsReported) {
  write_metadata(json::object());
  auto got = problems();
  for (const char* key : {"slug", "name", "version", "description", "template_type", "price_tier",
                          "price_amount", "author", "license"}) {
    EXPECT_THAT(got, Contains(std::string(kMeta) + ": /" + key + ": is required")) << key;
  }
  EXPECT_THAT(got, SizeIs(9));
}

TEST_F(PackageTest, ProblemsInSeveralFilesAreAllReported) {
  edit_metadata([](json& m) { m["price_tier"] = "premium"; });
  edit_puck([](json& p) { p["components"]["Hero"]["fields"]["title"]["type"] = "string"; });
  fs::remove(dir_ / "components/Hero.js");
  auto got = problems();
  EXPECT_THAT(got, SizeIs(3));
  EXPECT_THAT(got, Contains(HasSubstr("/price_tier: must be one of")));
  EXPECT_THAT(got, Contains(HasSubstr("/components/Hero/fields/title/type: must be one of text,")));
  EXPECT_THAT(got, Contains(std::string(kPuck) +
                            ": /components/Hero: components/Hero.js is missing: every component "
                            "needs its render function there"));
}

TEST_F(PackageTest, JsonSyntaxErrorGivesLineAndColumn) {
  write("theme-metadata.json", "{\n  \"slug\": \"shop\",\n  \"name\": ,\n}\n");
  auto r = validate();
  ASSERT_THAT(r.problems, SizeIs(1));
  EXPECT_EQ(r.problems[0].file, kMeta);
  EXPECT_EQ(r.problems[0].location, "line 3, column 11");
  EXPECT_THAT(r.problems[0].message, HasSubstr("syntax error"));
  EXPECT_THAT(r.problems[0].str(), HasSubstr(std::string(kMeta) + ": line 3, column 11: "));
}

TEST_F(PackageTest, EmptyJsonFileIsASyntaxError) {
  write("puck-config.json", "");
  auto r = validate();
  ASSERT_THAT(r.problems, SizeIs(1));
  EXPECT_EQ(r.problems[0].file, kPuck);
  EXPECT_EQ(r.problems[0].location, "line 1, column 1");
}

TEST_F(PackageTest, MissingFilesAreNamed) {
  fs::remove(dir_ / "theme-metadata.json");
  fs::remove(dir_ / "puck-config.json");
  EXPECT_THAT(problems(), ElementsAre(std::string(kPuck) + ": : file is missing",
                                      std::string(kMeta) + ": : file is missing"));
}

TEST_F(PackageTest, MissingVersionFolder) {
  auto r =
      validate_version_folder(scratch_.path() / "themes/shop/v9.9.9", "themes/shop/v9.9.9", {});
  EXPECT_FALSE(r.package);
  EXPECT_THAT(strs(r.problems), ElementsAre("themes/shop/v9.9.9: : version folder is missing"));
}

TEST_F(PackageTest, SlugAndVersionMustMatchFolders) {
  edit_metadata([](json& m) {
    m["slug"] = "other";
    m["version"] = "1.2.0";
  });
  EXPECT_THAT(problems(),
              ElementsAre(std::string(kMeta) +
                              ": /slug: must equal the theme folder name \"shop\", found \"other\"",
                          std::string(kMeta) +
                              ": /version: must equal the version folder's version \"1.1.0\", "
                              "found \"1.2.0\""));
}

TEST_F(PackageTest, MalformedSlugAndVersionValues) {
  edit_metadata([](json& m) {
    m["slug"] = "Shop";
    m["version"] = "v1.1.0";
  });
  auto got = problems();
  EXPECT_THAT(got, ElementsAre(HasSubstr("/slug: must be a slug"),
                               HasSubstr("/version: must be a semantic version")));
}

TEST_F(PackageTest, FolderNamesMustBeSlugAndVersion) {
  fs::path bad = scratch_.path() / "themes" / "My_Shop" / "v1.1";
  fs::create_directories(bad.parent_path());
  fs::rename(dir_, bad);
  auto r = validate_version_folder(bad, "themes/My_Shop/v1.1", {});
  EXPECT_FALSE(r.package);
  EXPECT_THAT(strs(r.problems),
              ElementsAre(HasSubstr("theme folder name \"My_Shop\" is not a valid slug"),
                          HasSubstr("version folder name \"v1.1\" must be v followed by a "
                                    "semantic version")));
  for (const auto& p : r.problems) EXPECT_EQ(p.file, "themes/My_Shop/v1.1");
}

TEST_F(PackageTest, PrereleaseVersionFolderIsAccepted) {
  fs::path pre = scratch_.path() / "themes" / "shop" / "v2.0.0-beta.1";
  fs::rename(dir_, pre);
  json m = minimal_metadata();
  m["version"] = "2.0.0-beta.1";
  write_in(pre, "theme-metadata.json", m.dump());
  auto r = validate_version_folder(pre, "themes/shop/v2.0.0-beta.1", {});
  EXPECT_THAT(strs(r.problems), IsEmpty());
  ASSERT_TRUE(r.package);
  EXPECT_EQ(r.package->metadata.version.str(), "2.0.0-beta.1");
}

TEST_F(PackageTest, PriceAmountRules) {
  edit_metadata([](json& m) { m["price_amount"] = 5; });
  EXPECT_THAT(problems(), ElementsAre(std::string(kMeta) +
                                      ": /price_amount: must be 0 when price_tier is free"));
  edit_metadata([](json& m) { m["price_tier"] = "paid"; });
  EXPECT_THAT(problems(), ElementsAre(std::string(kMeta) +
                                      ": /price_amount: must be more than 0 when price_tier is "
                                      "paid"));
  edit_metadata([](json& m) {
    m["price_tier"] = "exclusive";
    m["price_amount"] = -1;
  });
  EXPECT_THAT(problems(),
              ElementsAre(std::string(kMeta) + ": /price_amount: must not be negative"));
  edit_metadata([](json& m) {
    m["price_tier"] = "exclusive";
    m["price_amount"] = 499;
  });
  EXPECT_TRUE(validate().package);
}

TEST_F(PackageTest, OptionalKeysAreTypeChecked) {
  edit_metadata([](json& m) {
    m["tags"] = "shop";
    m["variables"] = {{"color", "red"}, {"--ok", 3}, {"--evil", "red} body{display:none"}};
    m["changelog"] = json::array();
    m["extends"] = {{"theme", "Base Theme"}, {"version", "not a range"}};
  });
  auto got = problems();
  EXPECT_THAT(got, ElementsAre(std::string(kMeta) + ": /changelog: must be a string",
                               HasSubstr("/extends/theme: must be a theme slug"),
                               HasSubstr("/extends/version: must be a version range"),
                               std::string(kMeta) + ": /tags: must be an array of strings",
                               HasSubstr("/variables/--evil: must not contain {, }, <"),
                               std::string(kMeta) + ": /variables/--ok: must be a string",
                               HasSubstr("/variables/color: must be a CSS custom property name")));
}

TEST_F(PackageTest, ResourceTemplatesNeedKnownNamesAndDeclaredComponents) {
  const json hero = {{"type", "Hero"}, {"props", {{"id", "h"}}}};
  edit_metadata([&](json& m) {
    m["templates"] = {{"product", {{"content", {hero, {{"type", "VibeCode"}}}}}},
                      {"cart", {{"content", {hero, {{"type", "Carousel"}}}}}},
                      {"produkt", {{"content", json::array()}}},
                      {"search", {{"content", "Hero"}}},
                      {"404", {{"content", {{{"props", json::object()}}}}}}};
  });
  EXPECT_THAT(problems(),
              ElementsAre(HasSubstr("/templates/404/content/0/type: must be a block with a string"),
                          std::string(kMeta) +
                              ": /templates/cart/content/1/type: names component \"Carousel\", "
                              "which puck-config.json does not declare",
                          HasSubstr("/templates/produkt: is not a resource template; it must be "
                                    "one of product, collection,"),
                          HasSubstr("/templates/search: must be a Puck document")));

  edit_metadata([&](json& m) { m["templates"] = {{"product", {{"content", {hero}}}}}; });
  auto r = validate();
  ASSERT_TRUE(r.package.has_value()) << strs(r.problems).front();
  EXPECT_EQ(r.package->metadata.templates["product"]["content"][0], hero);
}

TEST_F(PackageTest, ExtendsNeedsThemeAndVersion) {
  edit_metadata([](json& m) { m["extends"] = {{"theme", "shop"}}; });
  EXPECT_THAT(problems(), ElementsAre(HasSubstr("/extends/theme: a theme cannot extend itself"),
                                      std::string(kMeta) + ": /extends/version: is required"));
}

TEST_F(PackageTest, CompatibilityExcludingCurrentCoreIsRejected) {
  ASSERT_EQ(core_version().str(), "0.1.0");
  edit_metadata([](json& m) { m["compatibility"] = {{"min_core_version", "2.0.0"}}; });
  EXPECT_THAT(problems(), ElementsAre(std::string(kMeta) +
                                      ": /compatibility/min_core_version: requires Vitrine core "
                                      ">= 2.0.0, this is 0.1.0"));
  edit_metadata([](json& m) {
    m["compatibility"] = {{"min_core_version", nullptr}, {"max_core_version", "0.0.9"}};
  });
  EXPECT_THAT(problems(), ElementsAre(std::string(kMeta) +
                                      ": /compatibility/max_core_version: requires Vitrine core "
                                      "<= 0.0.9, this is 0.1.0"));
  edit_metadata([](json& m) { m["compatibility"] = {{"min_core_version", "two"}}; });
  EXPECT_THAT(problems(), ElementsAre(HasSubstr("/compatibility/min_core_version: must be a "
                                                "semantic version string")));
  edit_metadata([](json& m) {
    m["compatibility"] = {{"min_core_version", "0.1.0"}, {"max_core_version", "0.1.0"}};
  });
  EXPECT_TRUE(validate().package);
}

TEST_F(PackageTest, UnsafeStylesheetPathsAreRejected) {
  edit_metadata([](json& m) {
    m["stylesheets"] = {"../x.css", "/etc/passwd", "a\\b.css", "build/theme.css"};
  });
  auto got = problems();
  EXPECT_THAT(
      got, ElementsAre(
               HasSubstr(std::string(kMeta) + ": /stylesheets/0: must be a safe relative path"),
               HasSubstr(std::string(kMeta) + ": /stylesheets/1: must be a safe relative path"),
               HasSubstr(std::string(kMeta) + ": /stylesheets/2: must be a safe relative path")));
}

TEST_F(PackageTest, ReferencedFilesMustExist) {
  edit_metadata([](json& m) {
    m["stylesheets"] = {"build/missing.css"};
    m["scripts"] = {"build"};
    m["preview_images"] = {{"thumbnail", "previews/thumb.png"},
                           {"components", {"previews/c/ok.png", 7}}};
  });
  write("previews/c/ok.png", "png");
  EXPECT_THAT(
      problems(),
      ElementsAre(
          std::string(kMeta) + ": /preview_images/components/1: must be a path string",
          std::string(kMeta) + ": /preview_images/thumbnail: refers to previews/thumb.png, which "
                               "does not exist in the version folder",
          std::string(kMeta) + ": /scripts/0: refers to build, which is a folder, not a file",
          std::string(kMeta) + ": /stylesheets/0: refers to build/missing.css, which does not "
                               "exist in the version folder"));
}

TEST_F(PackageTest, MetadataMustBeAnObject) {
  write("theme-metadata.json", "[1, 2]");
  EXPECT_THAT(problems(), ElementsAre(std::string(kMeta) + ": : must be a JSON object"));
}

TEST_F(PackageTest, ValidateMetadataAcceptsFolderOrBareVersion) {
  std::vector<Problem> out;
  EXPECT_TRUE(validate_metadata(minimal_metadata(), "m.json", "shop", "v1.1.0", out));
  EXPECT_TRUE(validate_metadata(minimal_metadata(), "m.json", "shop", "1.1.0", out));
  EXPECT_TRUE(validate_metadata(minimal_metadata(), "m.json", "", "", out));
  EXPECT_THAT(out, IsEmpty());
  EXPECT_FALSE(validate_metadata(minimal_metadata(), "m.json", "shop", "1.2.0", out));
  EXPECT_THAT(strs(out), ElementsAre(HasSubstr("m.json: /version: must equal")));
}

// puck-config.json

TEST_F(PackageTest, MissingComponentFileIsReportedOnPuckConfig) {
  fs::remove(dir_ / "components/Hero.js");
  EXPECT_THAT(problems(), ElementsAre(std::string(kPuck) +
                                      ": /components/Hero: components/Hero.js is missing: every "
                                      "component needs its render function there"));
}

TEST_F(PackageTest, RenderKeysAreRejectedAnywhere) {
  edit_puck([](json& p) {
    p["components"]["Hero"]["render"] = "function() {}";
    p["components"]["Hero"]["fields"]["picker"] = {{"type", "custom"}, {"render", "x"}};
    p["root"] = {{"render", "function() {}"}};
  });
  EXPECT_THAT(
      problems(),
      ElementsAre(
          std::string(kPuck) + ": /components/Hero/fields/picker/render: render functions are not "
                               "allowed in puck-config.json; put them in components/Hero.js",
          std::string(kPuck) + ": /components/Hero/render: render functions are not allowed in "
                               "puck-config.json; put them in components/Hero.js",
          std::string(kPuck) + ": /root/render: render functions are not allowed in "
                               "puck-config.json; put them in components/<Name>.js"));
}

TEST_F(PackageTest, PuckComponentsShape) {
  write_puck({{"categories", "layout"}});
  EXPECT_THAT(problems(), ElementsAre(std::string(kPuck) + ": /categories: must be an object",
                                      std::string(kPuck) + ": /components: is required"));
  write_puck({{"components", json::object()}});
  EXPECT_THAT(problems(), ElementsAre(std::string(kPuck) +
                                      ": /components: must declare at least one component"));
  edit_puck([](json& p) {
    p["components"]["hero-banner"] = {{"fields", json::object()}};
    p["components"]["Footer"] = {{"label", 3}, {"defaultProps", json::array()}};
  });
  write("components/Footer.js", "function render() { return ''; }");
  EXPECT_THAT(problems(),
              ElementsAre(std::string(kPuck) + ": /components/Footer/defaultProps: must be an "
                                               "object",
                          std::string(kPuck) + ": /components/Footer/fields: is required",
                          std::string(kPuck) + ": /components/Footer/label: must be a string",
                          HasSubstr(": /components/hero-banner: must be a component name")));
}

TEST_F(PackageTest, PuckFieldsAreValidatedRecursively) {
  edit_puck([](json& p) {
    json& fields = p["components"]["Hero"]["fields"];
    fields["align"] = {{"type", "select"}};
    fields["layout"] = {{"type", "radio"}, {"options", {{{"label", "A"}}, "b"}}};
    fields["links"] = json::parse(R"({
      "type": "array",
      "arrayFields": {
        "url": {"type": "link"},
        "meta": {"type": "object", "objectFields": {"x": {"label": "X"}}}
      }
    })");
    fields["size"] = {{"type", "number"}};
    fields["body"] = {{"type", "richtext"}};
    fields["ref"] = "text";
  });
  EXPECT_THAT(
      problems(),
      ElementsAre(
          std::string(kPuck) + ": /components/Hero/fields/align/options: is required for select "
                               "fields",
          std::string(kPuck) + ": /components/Hero/fields/layout/options/0/value: is required",
          std::string(kPuck) + ": /components/Hero/fields/layout/options/1: must be an object "
                               "with label and value",
          std::string(kPuck) + ": /components/Hero/fields/links/arrayFields/meta/objectFields/x/"
                               "type: is required",
          std::string(kPuck) + ": /components/Hero/fields/links/arrayFields/url/type: must be one "
                               "of text, textarea, number, select, radio, array, object, "
                               "external, custom, richtext, slot",
          std::string(kPuck) + ": /components/Hero/fields/ref: must be an object"));
}

TEST_F(PackageTest, ValidatePuckConfigReturnsComponentNames) {
  std::vector<Problem> out;
  json doc = minimal_puck_config();
  doc["components"]["Footer"] = {{"fields", json::object()}};
  doc["root"] = {{"fields", {{"title", {{"type", "text"}}}}}};
  auto names = validate_puck_config(doc, "p.json", out);
  EXPECT_THAT(out, IsEmpty());
  ASSERT_TRUE(names);
  EXPECT_THAT(*names, ElementsAre("Footer", "Hero"));
  EXPECT_FALSE(validate_puck_config(json::array(), "p.json", out));
  EXPECT_THAT(strs(out), ElementsAre("p.json: : must be a JSON object"));
}

// File listing

TEST_F(PackageTest, SymlinkEscapingTheFolderIsRejected) {
  write_in(scratch_.path(), "secret.txt", "secret");
  fs::create_symlink("../../../../secret.txt", dir_ / "build/leak.txt");
  fs::create_symlink("/etc", dir_ / "build/etc");
  EXPECT_THAT(
      problems(),
      ElementsAre("themes/shop/v1.1.0/build/etc: : symlink points outside the version folder",
                  "themes/shop/v1.1.0/build/leak.txt: : symlink points outside the version "
                  "folder"));
}

TEST_F(PackageTest, SymlinksInsideTheFolderAreFollowed) {
  write("build/fonts/a.woff2", "font");
  fs::create_symlink("theme.css", dir_ / "build/alias.css");
  fs::create_symlink("../build/fonts", dir_ / "components/fonts");
  auto r = validate();
  ASSERT_THAT(strs(r.problems), IsEmpty());
  std::vector<std::string> paths;
  for (const auto& f : r.package->files) paths.push_back(f.path);
  EXPECT_THAT(paths, ElementsAre("build/alias.css", "build/fonts/a.woff2", "build/theme.css",
                                 "components/Hero.js", "components/fonts/a.woff2",
                                 "puck-config.json", "theme-metadata.json"));
  const PackageFile& alias = r.package->files[0];
  EXPECT_EQ(alias.source, fs::canonical(dir_ / "build/theme.css"));
  EXPECT_EQ(alias.size, fs::file_size(dir_ / "build/theme.css"));
}

TEST_F(PackageTest, DanglingAndLoopingSymlinksAreRejected) {
  fs::create_symlink("nowhere.css", dir_ / "build/dangling.css");
  fs::create_symlink("..", dir_ / "build/up");
  fs::create_symlink("self", dir_ / "build/self");
  EXPECT_THAT(problems(),
              ElementsAre("themes/shop/v1.1.0/build/dangling.css: : symlink is dangling: its "
                          "target does not exist",
                          HasSubstr("themes/shop/v1.1.0/build/self: : symlink cannot be resolved"),
                          "themes/shop/v1.1.0/build/up: : symlink loops back to a folder that "
                          "contains it"));
}

TEST_F(PackageTest, SpecialFilesAndBadNamesAreRejected) {
  ASSERT_EQ(::mkfifo((dir_ / "build/pipe").c_str(), 0644), 0);
  write("build/a\\b.css", "x");
  write("build/line\nbreak.css", "x");
  EXPECT_THAT(problems(),
              ElementsAre("themes/shop/v1.1.0/build/a\\b.css: : file name contains a backslash or "
                          "control character",
                          "themes/shop/v1.1.0/build/line\\x0abreak.css: : file name contains a "
                          "backslash or control character",
                          "themes/shop/v1.1.0/build/pipe: : is a named pipe (FIFO); only regular "
                          "files and folders are allowed"));
}

TEST_F(PackageTest, OversizedFileIsRejected) {
  write("build/big.css", std::string(1001, 'x'));
  ValidationLimits limits;
  limits.max_file_bytes = 1000;  // the JSON files are smaller
  EXPECT_THAT(problems(limits),
              ElementsAre("themes/shop/v1.1.0/build/big.css: : file is 1001 bytes, more than the "
                          "limit of 1000 bytes"));
  // An oversized JSON file is reported for its size only, not also as missing.
  limits.max_file_bytes = 250;
  EXPECT_THAT(problems(limits), ElementsAre(HasSubstr("build/big.css: : file is 1001 bytes"),
                                            HasSubstr("theme-metadata.json: : file is 272 bytes")));
}

TEST_F(PackageTest, TooManyFilesIsOneProblem) {
  for (int i = 0; i < 5; ++i) write("docs/page" + std::to_string(i) + ".md", "# page");
  ValidationLimits limits;
  limits.max_files = 6;  // the theme has 4 files of its own, 9 in all
  EXPECT_THAT(problems(limits), ElementsAre("themes/shop/v1.1.0: : the version folder has 9 files, "
                                            "more than the limit of 6"));
  limits.max_files = 9;
  EXPECT_THAT(strs(validate(limits).problems), IsEmpty());
}

TEST_F(PackageTest, ListingAloneReportsWithoutReadingContent) {
  write("build/x.bin", "not json at all");
  FileListing listing = list_version_files(dir_, "root", {});
  EXPECT_THAT(listing.problems, IsEmpty());
  ASSERT_THAT(listing.files, SizeIs(5));
  EXPECT_EQ(listing.files[1].path, "build/x.bin");
  EXPECT_EQ(listing.files[1].size, 15u);
}

// Paths and content types

TEST(PackagePaths, SafeRelativePaths) {
  for (const char* ok :
       {"build/theme.css", "a", "previews/components/hero.png", ".DS_Store", "a..b/c", "..a"}) {
    EXPECT_TRUE(is_safe_relative_path(ok)) << ok;
  }
  for (const char* bad : {"", "../x.css", "/etc/passwd", "a\\b.css", "a/../b", "./a", "a/./b",
                          "a//b", "a/", "build/..", "a\tb", "a\x7f"}) {
    EXPECT_FALSE(is_safe_relative_path(bad)) << bad;
  }
  EXPECT_FALSE(is_safe_relative_path(std::string_view("a\0b", 3)));
}

TEST(PackagePaths, ContentTypes) {
  EXPECT_EQ(content_type_for("build/theme.css"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("build/THEME.CSS"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("a.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("a.mjs"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("a.json"), "application/json");
  EXPECT_EQ(content_type_for("a.js.map"), "application/json");
  EXPECT_EQ(content_type_for("index.htm"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("logo.svg"), "image/svg+xml");
  EXPECT_EQ(content_type_for("a.png"), "image/png");
  EXPECT_EQ(content_type_for("a.JPG"), "image/jpeg");
  EXPECT_EQ(content_type_for("a.jpeg"), "image/jpeg");
  EXPECT_EQ(content_type_for("a.gif"), "image/gif");
  EXPECT_EQ(content_type_for("a.webp"), "image/webp");
  EXPECT_EQ(content_type_for("a.avif"), "image/avif");
  EXPECT_EQ(content_type_for("favicon.ico"), "image/x-icon");
  EXPECT_EQ(content_type_for("f.woff"), "font/woff");
  EXPECT_EQ(content_type_for("f.woff2"), "font/woff2");
  EXPECT_EQ(content_type_for("f.ttf"), "font/ttf");
  EXPECT_EQ(content_type_for("f.otf"), "font/otf");
  EXPECT_EQ(content_type_for("a.txt"), "text/plain; charset=utf-8");
  EXPECT_EQ(content_type_for("docs/README.md"), "text/markdown; charset=utf-8");
  EXPECT_EQ(content_type_for("a.xml"), "application/xml");
  EXPECT_EQ(content_type_for("a.wasm"), "application/wasm");
  EXPECT_EQ(content_type_for("a.pdf"), "application/pdf");
  EXPECT_EQ(content_type_for("Makefile"), "application/octet-stream");
  EXPECT_EQ(content_type_for("build.d/noext"), "application/octet-stream");
  EXPECT_EQ(content_type_for("a.exe"), "application/octet-stream");
}

TEST(PackagePaths, Compressible) {
  for (const char* yes : {"a.css", "a.JS", "a.mjs", "a.json", "a.map", "a.html", "a.htm", "a.svg",
                          "a.txt", "a.md", "a.xml", "a.ico", "a.ttf", "a.otf"}) {
    EXPECT_TRUE(is_compressible(yes)) << yes;
  }
  for (const char* no : {"a.woff", "a.woff2", "a.png", "a.jpg", "a.jpeg", "a.gif", "a.webp",
                         "a.avif", "a.pdf", "a", "css"}) {
    EXPECT_FALSE(is_compressible(no)) << no;
  }
}

}  // namespace
}  // namespace vitrine::themes
