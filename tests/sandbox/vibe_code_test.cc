// validate_vibe_code: what a shop owner sees when saving a vibe code block.
#include "sandbox/vibe_code.h"

#include <gtest/gtest.h>

namespace vitrine::sandbox {
namespace {

std::string describe(const std::vector<CodeIssue>& issues) {
  std::string out;
  for (const auto& i : issues)
    out += std::to_string(i.line) + ":" + std::to_string(i.column) + " " + i.code + " " +
           i.message + "\n";
  return out;
}

TEST(VibeCodeTest, AcceptsAWellFormedRenderFunction) {
  const char* code = R"(// Featured products
const money = (p, ctx) => ctx.formatPrice(p.price, p.currency);
function render(props, ctx) {
  const items = ctx.data.products({ limit: 3 });
  const re = /import\s+x/g;  // a regex that mentions import
  const note = "require('fs') in a string is fine";
  return `<ul>${items.map((p) => `<li>${ctx.escapeHtml(p.title)} ${money(p, ctx)}</li>`).join('')}</ul>`;
})";
  auto issues = validate_vibe_code(code);
  EXPECT_TRUE(issues.empty()) << describe(issues);
  EXPECT_TRUE(validate_vibe_code("const render = (props, ctx) => '<p>hi</p>';").empty());
  EXPECT_TRUE(validate_vibe_code("let render = function (props) { return ''; };").empty());
  EXPECT_TRUE(validate_vibe_code("const o = { import: 1, require: 2 }; o.require;\n"
                                 "function render() { return String(o.import); }")
                  .empty());
}

TEST(VibeCodeTest, ReportsSyntaxErrorsWithLineAndColumn) {
  auto issues = validate_vibe_code("function render(props, ctx) {\n  return `<p>` + ;\n}");
  ASSERT_EQ(issues.size(), 1u) << describe(issues);
  EXPECT_EQ(issues[0].code, "syntax_error");
  EXPECT_EQ(issues[0].line, 2);
  EXPECT_EQ(issues[0].column, 18);
  EXPECT_NE(issues[0].message.find("SyntaxError"), std::string::npos) << issues[0].message;

  issues = validate_vibe_code("function render(props, ctx) {\n  return '<p>';\n");
  ASSERT_FALSE(issues.empty());
  EXPECT_EQ(issues.back().code, "syntax_error") << describe(issues);
}

TEST(VibeCodeTest, RequiresARenderFunction) {
  auto issues = validate_vibe_code("function draw(props) { return ''; }");
  ASSERT_EQ(issues.size(), 1u) << describe(issues);
  EXPECT_EQ(issues[0].code, "missing_render");
  // A nested render does not count: it is not reachable from the top level.
  issues = validate_vibe_code("function outer() { function render() { return ''; } }");
  ASSERT_EQ(issues.size(), 1u) << describe(issues);
  EXPECT_EQ(issues[0].code, "missing_render");
}

TEST(VibeCodeTest, RefusesImportAndRequireWithTheirPositions) {
  auto issues = validate_vibe_code(
      "import fs from 'fs';\n"
      "const lib = require('lodash');\n"
      "function render(props, ctx) {\n"
      "  return import('x') + '';\n"
      "}");
  std::string all = describe(issues);
  ASSERT_EQ(issues.size(), 3u) << all;
  EXPECT_EQ(issues[0].code, "import_not_allowed");
  EXPECT_EQ(issues[0].line, 1);
  EXPECT_EQ(issues[0].column, 1);
  EXPECT_EQ(issues[1].code, "require_not_allowed");
  EXPECT_EQ(issues[1].line, 2);
  EXPECT_EQ(issues[1].column, 13);
  EXPECT_EQ(issues[2].code, "import_not_allowed");
  EXPECT_EQ(issues[2].line, 4);
  EXPECT_EQ(issues[2].column, 10);
}

TEST(VibeCodeTest, FindsRequireInsideTemplateExpressions) {
  auto issues =
      validate_vibe_code("function render() {\n  return `<p>${require('os').hostname()}</p>`;\n}");
  ASSERT_EQ(issues.size(), 1u) << describe(issues);
  EXPECT_EQ(issues[0].code, "require_not_allowed");
  EXPECT_EQ(issues[0].line, 2);
  EXPECT_EQ(issues[0].column, 16);
}

TEST(VibeCodeTest, RefusesOversizedCode) {
  std::string code = "function render() { return ''; }\n" + std::string(kMaxVibeCodeBytes, ' ');
  auto issues = validate_vibe_code(code);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].code, "too_large");
}

}  // namespace
}  // namespace vitrine::sandbox
