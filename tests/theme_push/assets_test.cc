// Asset processing of the push pipeline: CSS checked and minified with libsass (modern plain CSS
// accepted, problems located at line:column), previews scaled with libvips, docs from Markdown.
#include "theme_push/assets.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <vips/vips.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "testing/matchers.h"
#include "testing/process.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::theme_push {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// --- CSS -------------------------------------------------------------------------------------

std::string minify_ok(std::string_view css) {
  CssResult r = check_and_minify_css(css, "theme.css");
  EXPECT_FALSE(r.problem.has_value())
      << (r.problem ? std::to_string(r.problem->line) + ":" + std::to_string(r.problem->column) +
                          " " + r.problem->message
                    : "");
  return r.minified.value_or("");
}

CssProblem problem_of(std::string_view css) {
  CssResult r = check_and_minify_css(css, "theme.css");
  EXPECT_FALSE(r.minified.has_value()) << *r.minified;
  return r.problem.value_or(CssProblem{-1, -1, "no problem reported"});
}

TEST(CheckAndMinifyCss, ValidThemeCssMinifiesSmallerAndKeepsEveryConstruct) {
  const std::string css = R"css(/* Theme tokens */
@import url("https://fonts.example.com/css2?family=Inter&display=swap");
:root {
  --accent: #c2410c;
  --gap: calc(var(--space, 8px) * 2);
  --font: "Inter", system-ui, sans-serif;
}
@font-face {
  font-family: "Inter";
  src: url(fonts/inter.woff2) format("woff2"), url("fonts/inter.woff") format("woff");
  unicode-range: U+0000-00FF, U+0131;
  font-display: swap;
}
.card > h2:hover,
.card .title::before {
  content: "→ Café";
  color: var(--accent) !important;
  margin: 0 auto;
}
@media screen and (min-width: 600px) and (max-width: 900px) {
  .grid { display: grid; grid-template-columns: repeat(3, 1fr); }
}
@supports (display: grid) and (not (display: inline-grid)) {
  .grid { gap: var(--gap); }
}
@keyframes spin {
  from { transform: rotate(0deg); }
  50% { opacity: .5; }
  to { transform: rotate(360deg); }
}
)css";
  const std::string min = minify_ok(css);
  EXPECT_LT(min.size(), css.size());
  EXPECT_THAT(min, StartsWith("@charset \"UTF-8\";"));  // non-ASCII content, no BOM
  EXPECT_THAT(min, Not(HasSubstr("Theme tokens")));
  EXPECT_THAT(min, Not(HasSubstr("\n")));
  EXPECT_THAT(min,
              AllOf(HasSubstr("@import url(\"https://fonts.example.com/css2?family=Inter&display="
                              "swap\");"),
                    HasSubstr(":root{--accent:#c2410c;--gap:calc(var(--space,8px) * 2);"
                              "--font:\"Inter\",system-ui,sans-serif}"),
                    HasSubstr("src:url(fonts/inter.woff2) format(\"woff2\"),"
                              "url(\"fonts/inter.woff\") format(\"woff\")"),
                    HasSubstr("unicode-range:U+0000-00FF,U+0131;"),
                    HasSubstr(".card>h2:hover,.card .title::before{content:\"→ Café\";"
                              "color:var(--accent) !important;margin:0 auto}"),
                    HasSubstr("@media screen and (min-width:600px) and (max-width:900px){.grid{"
                              "display:grid;grid-template-columns:repeat(3,1fr)}}"),
                    HasSubstr("@supports (display:grid) and (not (display:inline-grid)){"),
                    HasSubstr("@keyframes spin{from{transform:rotate(0deg)}50%{opacity:.5}"
                              "to{transform:rotate(360deg)}}")));
}

TEST(CheckAndMinifyCss, ModernCssThatSassWouldEvaluateIsKeptVerbatim) {
  // Each of these is valid CSS that libsass alone rejects (mixed units, CSS Color 4, range
  // media queries, empty custom properties) or silently rewrites.
  const std::string min = minify_ok(R"css(
h1 { font-size: clamp(2.3rem, 1.6rem + 2.8vw, 3.6rem); }
.g { grid-template-columns: repeat(auto-fill, minmax(max(min(100%, 260px), 1fr), 1fr)); }
.s { color: rgb(0 0 0 / 50%); background: hsl(210 40% 50%); border-color: rgba(0,0,0,.5); }
.r { width: round(up, 10.5px, 1px); padding: env(safe-area-inset-top, 20px) max(env(safe-area-inset-left), 1rem); }
.x { --empty:; --json: [1, 2]; filter: grayscale(100%) drop-shadow(0 0 2px rgb(0 0 0 / .3)); }
.md\:flex { display: flex; }
:is(h1, h2) > p:has(> img) { margin: 0; }
@media (400px <= width <= 700px) { a { color: red; } }
@supports selector(:has(a)) { a { color: blue; } }
@layer base { @media (width >= 40em) { a { color: green; } } }
@container card (min-width: 400px) { a { color: teal; } }
.card { color: red; &:hover { color: blue; } }
)css");
  EXPECT_THAT(
      min,
      AllOf(HasSubstr("h1{font-size:clamp(2.3rem,1.6rem + 2.8vw,3.6rem)}"),
            HasSubstr("repeat(auto-fill,minmax(max(min(100%,260px),1fr),1fr))"),
            HasSubstr("color:rgb(0 0 0 / 50%);background:hsl(210 40% 50%);"
                      "border-color:rgba(0,0,0,.5)"),
            HasSubstr("width:round(up,10.5px,1px)"),
            HasSubstr("padding:env(safe-area-inset-top,20px) "
                      "max(env(safe-area-inset-left),1rem)"),
            HasSubstr("--empty:;--json:[1,2];"), HasSubstr("drop-shadow(0 0 2px rgb(0 0 0 / .3))"),
            HasSubstr(".md\\:flex{display:flex}"), HasSubstr(":is(h1,h2)>p:has(>img){margin:0}"),
            HasSubstr("@media (400px <= width <= 700px){a{color:red}}"),
            HasSubstr("@supports selector(:has(a)){a{color:blue}}"),
            HasSubstr("@media (width >= 40em){a{color:green}}"),
            HasSubstr("@container card (min-width:400px){a{color:teal}}"),
            HasSubstr(".card{color:red}.card:hover{color:blue}")));
  EXPECT_THAT(min, Not(HasSubstr("vtrnmask")));
}

TEST(CheckAndMinifyCss, MinifiedOutputIsValidAndStable) {
  const std::string once = minify_ok(
      "@media (min-width: 600px) { .a { width: clamp(1rem, 1rem + 2vw, 3rem); } }\n"
      ":root { --x: 1px; }\n.b::after { content: \"✓\"; margin: calc(var(--x) * -1); }\n");
  ASSERT_FALSE(once.empty());
  EXPECT_EQ(minify_ok(once), once);
}

TEST(CheckAndMinifyCss, SampleThemeStylesheetsPassAndShrink) {
  size_t files = 0, original = 0, minified = 0;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(::source_dir()) / "themes")) {
    if (entry.path().extension() != ".css") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string css = buffer.str();
    CssResult r = check_and_minify_css(css, entry.path().filename().string());
    ASSERT_TRUE(r.minified.has_value()) << entry.path() << ":" << r.problem->line << ":"
                                        << r.problem->column << " " << r.problem->message;
    EXPECT_LT(r.minified->size(), css.size()) << entry.path();
    ++files;
    original += css.size();
    minified += r.minified->size();
  }
  ASSERT_GT(files, 0u);
  std::printf("sample theme CSS: %zu files, %zu -> %zu bytes (ratio %.3f)\n", files, original,
              minified, static_cast<double>(minified) / static_cast<double>(original));
}

TEST(CheckAndMinifyCss, BadPropertyIsReportedWhereItIs) {
  const CssProblem p = problem_of("a { color: red; }\n.card {\n  color red;\n}\n");
  EXPECT_EQ(p.line, 3);
  EXPECT_EQ(p.column, 3);  // "color"
  EXPECT_THAT(p.message, HasSubstr("must be followed by a ':'"));
  EXPECT_THAT(p.message, Not(StartsWith("Error")));
  EXPECT_THAT(p.message, Not(HasSubstr("\n")));
}

TEST(CheckAndMinifyCss, PositionsCountCharactersAndSkipHiddenFunctionCalls) {
  // The clamp() before the error is replaced for libsass by a shorter placeholder; the column
  // must still be the one the author's editor shows, with "é" counting as one character.
  const CssProblem p =
      problem_of("a{}\nb{content:\"éé\";width:clamp(1rem, 1rem + 2vw, 3rem); color red}\n");
  EXPECT_EQ(p.line, 2);
  EXPECT_EQ(p.column, 53);  // "color"
}

TEST(CheckAndMinifyCss, UnclosedBraceIsReportedAtTheBrace) {
  const CssProblem p = problem_of("a { color: red; }\n.card {\n  margin: 0;\n\n");
  EXPECT_EQ(p.line, 2);
  EXPECT_EQ(p.column, 7);
  EXPECT_THAT(p.message, HasSubstr("unclosed"));
  // An earlier real problem is reported first.
  const CssProblem q = problem_of("a { color red; }\n.card {\n  margin: 0;\n");
  EXPECT_EQ(q.line, 1);
  EXPECT_EQ(q.column, 5);
}

TEST(CheckAndMinifyCss, StraySelectorAndUnterminatedCommentAreLocated) {
  // libsass says where it stopped accepting; the problem points at what it refused.
  const CssProblem brace = problem_of("a {\n  {color: red}\n}\n");
  EXPECT_EQ(brace.line, 2);
  EXPECT_EQ(brace.column, 3);
  EXPECT_THAT(brace.message, HasSubstr("Invalid CSS after \"a {\""));
  const CssProblem stray = problem_of("a{color:red}}\nb{}");
  EXPECT_EQ(stray.line, 1);
  EXPECT_EQ(stray.column, 13);
  const CssProblem args = problem_of(".card { width: 1px; margin: min(1px, 2px) rgb(1,2 }");
  EXPECT_EQ(args.line, 1);
  EXPECT_EQ(args.column, 51);  // the '}' inside the unclosed rgb(
  const CssProblem comment = problem_of("a { color: red; }\n  /* never closed\nb{}\n");
  EXPECT_EQ(comment.line, 2);
  EXPECT_EQ(comment.column, 3);
  EXPECT_THAT(comment.message, HasSubstr("comment"));
  // Minified onto one line, a string cut by a line break would swallow the rest of the file.
  const CssProblem string = problem_of(":root {\n  --font: 'Inter;\n}\na { color: red }\n");
  EXPECT_EQ(string.line, 2);
  EXPECT_EQ(string.column, 11);
  EXPECT_THAT(string.message, HasSubstr("unterminated string"));
  const CssProblem nul = problem_of(std::string("a{}\nb{c:d}\0e{}", 13));
  EXPECT_EQ(nul.line, 2);
  EXPECT_EQ(nul.column, 7);
}

TEST(CheckAndMinifyCss, SassDirectivesAndFileImportsAreRefused) {
  const CssProblem loop = problem_of("a{}\n  @for $i from 1 through 100000000 { .x { y: z } }");
  EXPECT_EQ(loop.line, 2);
  EXPECT_EQ(loop.column, 3);
  EXPECT_THAT(loop.message, HasSubstr("@for is a Sass directive"));
  EXPECT_THAT(problem_of(".a { @extend .b; }").message, HasSubstr("@extend"));
  EXPECT_THAT(problem_of("@mixin m { a: b }").message, HasSubstr("@mixin"));

  // At the top level every @import is a plain CSS import (a URL for the browser), modern forms
  // included; libsass would have read "/etc/passwd" from the server's disk.
  EXPECT_EQ(minify_ok("@import \"/etc/passwd\";\n@import url(x.css) layer(base) "
                      "supports(display: grid) screen;\n@import 'base.css';\na{b:c}"),
            "@import \"/etc/passwd\";@import url(x.css) layer(base) supports(display:grid) "
            "screen;@import 'base.css';a{b:c}");
  // Nested, libsass would import it; the importer refuses.
  const CssProblem nested = problem_of("a{}\n.b { @import \"/etc/passwd\"; }\n");
  EXPECT_THAT(nested.message, HasSubstr("only plain CSS imports"));
  EXPECT_EQ(nested.line, 2);
}

TEST(CheckAndMinifyCss, SelectorExplosionIsRefused) {
  std::string css;
  for (int i = 0; i < 30; ++i) css += ".a,.b{";
  css += "color:red";
  for (int i = 0; i < 30; ++i) css += "}";
  const CssProblem p = problem_of(css);
  EXPECT_THAT(p.message, HasSubstr("expand"));
  EXPECT_EQ(p.line, 1);
}

TEST(CheckAndMinifyCss, DeepNestingIsRefusedBeforeLibsass) {
  std::string css;
  for (int i = 0; i < 100000; ++i) css += "a{";
  const CssProblem p = problem_of(css);
  EXPECT_THAT(p.message, HasSubstr("nested more than 64 levels"));
  EXPECT_EQ(p.line, 1);
  EXPECT_EQ(p.column, 129);
}

TEST(CheckAndMinifyCss, EmptyAndCommentOnlyInputMinifiesToNothing) {
  EXPECT_EQ(minify_ok(""), "");
  EXPECT_EQ(minify_ok("/* nothing yet */\n"), "");
  EXPECT_EQ(minify_ok("\xEF\xBB\xBF"
                      "a { color: red; }"),
            "a{color:red}");
}

// --- Images ----------------------------------------------------------------------------------

struct Unref {
  void operator()(void* p) const { g_object_unref(p); }
};
using Image = std::unique_ptr<VipsImage, Unref>;

std::string save_png(VipsImage* image) {
  void* buffer = nullptr;
  size_t length = 0;
  EXPECT_EQ(vips_pngsave_buffer(image, &buffer, &length, "compression", 1, nullptr), 0)
      << vips_error_buffer();
  std::string png(static_cast<const char*>(buffer), length);
  g_free(buffer);
  return png;
}

// A width x height RGB gradient PNG (not flat, so JPEG encoding does real work).
std::string gradient_png(int width, int height) {
  init_image_library();
  VipsImage* xyz = nullptr;
  EXPECT_EQ(vips_xyz(&xyz, width, height, nullptr), 0);
  Image coords(xyz);
  VipsImage* sum = nullptr;
  EXPECT_EQ(vips_bandjoin_const1(coords.get(), &sum, 0, nullptr), 0);
  Image three(sum);
  VipsImage* bytes = nullptr;
  EXPECT_EQ(vips_cast_uchar(three.get(), &bytes, nullptr), 0);
  Image rgb(bytes);
  VipsImage* tagged = nullptr;
  EXPECT_EQ(vips_copy(rgb.get(), &tagged, "interpretation", VIPS_INTERPRETATION_sRGB, nullptr), 0);
  Image out(tagged);
  return save_png(out.get());
}

Image decode(const std::string& bytes) {
  VipsImage* image = vips_image_new_from_buffer(bytes.data(), bytes.size(), "", nullptr);
  EXPECT_NE(image, nullptr) << vips_error_buffer();
  return Image(image);
}

bool is_jpeg(const std::string& bytes) { return bytes.rfind("\xFF\xD8\xFF", 0) == 0; }

TEST(MakePreviews, ScalesAWidePngToThumbnailAndFullPreview) {
  const std::string png = gradient_png(2000, 1000);
  auto previews = make_previews(png, "previews/home.png");
  ASSERT_THAT(previews, IsOk());
  EXPECT_EQ(previews->thumbnail.width, 400);
  EXPECT_EQ(previews->thumbnail.height, 300);
  EXPECT_EQ(previews->full.width, 1600);
  EXPECT_EQ(previews->full.height, 800);
  ASSERT_TRUE(is_jpeg(previews->thumbnail.jpeg));
  ASSERT_TRUE(is_jpeg(previews->full.jpeg));
  Image thumb = decode(previews->thumbnail.jpeg), full = decode(previews->full.jpeg);
  EXPECT_EQ(vips_image_get_width(thumb.get()), 400);
  EXPECT_EQ(vips_image_get_height(thumb.get()), 300);
  EXPECT_EQ(vips_image_get_width(full.get()), 1600);
  EXPECT_EQ(vips_image_get_height(full.get()), 800);
}

TEST(MakePreviews, NeverUpscalesTheFullPreviewAndLimitsOnlyItsWidth) {
  auto small = make_previews(gradient_png(300, 200), "previews/small.png");
  ASSERT_THAT(small, IsOk());
  EXPECT_EQ(small->full.width, 300);
  EXPECT_EQ(small->full.height, 200);
  EXPECT_EQ(small->thumbnail.width, 400);  // thumbnails always fill the catalogue card
  EXPECT_EQ(small->thumbnail.height, 300);

  // A long page screenshot keeps its height: only the width is bounded.
  auto tall = make_previews(gradient_png(2000, 6000), "previews/long.png");
  ASSERT_THAT(tall, IsOk());
  EXPECT_EQ(tall->full.width, 1600);
  EXPECT_EQ(tall->full.height, 4800);
}

TEST(MakePreviews, TransparentAreasBecomeWhite) {
  init_image_library();
  VipsImage* black = nullptr;
  ASSERT_EQ(vips_black(&black, 800, 600, "bands", 4, nullptr), 0);  // RGBA, alpha 0 everywhere
  Image rgba(black);
  VipsImage* tagged = nullptr;
  ASSERT_EQ(vips_copy(rgba.get(), &tagged, "interpretation", VIPS_INTERPRETATION_sRGB, nullptr), 0);
  Image png_image(tagged);
  auto previews = make_previews(save_png(png_image.get()), "previews/clear.png");
  ASSERT_THAT(previews, IsOk());
  Image thumb = decode(previews->thumbnail.jpeg);
  double* pixel = nullptr;
  int bands = 0;
  ASSERT_EQ(vips_getpoint(thumb.get(), &pixel, &bands, 200, 150, nullptr), 0);
  ASSERT_EQ(bands, 3);
  for (int b = 0; b < bands; ++b) EXPECT_GT(pixel[b], 250) << "band " << b;
  g_free(pixel);
}

TEST(MakePreviews, UndecodableBytesNameTheFile) {
  auto r = make_previews("this is not an image at all", "previews/broken.png");
  ASSERT_THAT(r, StatusIs(errc::kInvalidArgument));
  EXPECT_THAT(r.error().message, HasSubstr("previews/broken.png"));
  EXPECT_STREQ(vips_error_buffer(), "");

  auto empty = make_previews("", "previews/empty.jpg");
  ASSERT_THAT(empty, Not(IsOk()));
  EXPECT_THAT(empty.error().message, HasSubstr("previews/empty.jpg"));

  // A PNG cut in half decodes its header but not its pixels.
  const std::string png = gradient_png(500, 500);
  auto cut = make_previews(png.substr(0, png.size() / 2), "previews/cut.png");
  ASSERT_THAT(cut, Not(IsOk()));
  EXPECT_THAT(cut.error().message, HasSubstr("previews/cut.png"));
}

TEST(MakePreviews, RefusesFormatsOutsideTheAcceptedFour) {
  const std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"100\">"
      "<rect width=\"100\" height=\"100\" fill=\"red\"/></svg>";
  auto r = make_previews(svg, "previews/vector.png");
  ASSERT_THAT(r, StatusIs(errc::kInvalidArgument));
  EXPECT_THAT(r.error().message, HasSubstr("previews/vector.png"));
}

TEST(MakePreviews, RefusesImagesAnnouncingMoreThanFortyMegapixels) {
  std::string png = gradient_png(1, 1);
  // IHDR: 8-byte signature, 4-byte length, "IHDR", width, height, ...; CRC over type + 13 bytes.
  ASSERT_EQ(png.substr(12, 4), "IHDR");
  auto put32 = [&](size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) png[at + i] = static_cast<char>((v >> (24 - 8 * i)) & 0xFF);
  };
  put32(16, 50000);
  put32(20, 50000);
  put32(29, static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(png.data() + 12), 17)));
  auto r = make_previews(png, "previews/bomb.png");
  ASSERT_THAT(r, StatusIs(errc::kInvalidArgument));
  EXPECT_THAT(r.error().message, AllOf(HasSubstr("previews/bomb.png"), HasSubstr("50000x50000"),
                                       HasSubstr("40 megapixels")));
}

TEST(IsPreviewImage, AcceptsTheFourFormatsByExtension) {
  for (const char* p : {"previews/a.png", "b.JPG", "c.jpeg", "d.WebP", "e.gif"})
    EXPECT_TRUE(is_preview_image(p)) << p;
  for (const char* p : {"previews/a.svg", "b.tiff", "png", "dir.png/readme", "c.png.txt", ""})
    EXPECT_FALSE(is_preview_image(p)) << p;
}

}  // namespace
}  // namespace vitrine::theme_push
