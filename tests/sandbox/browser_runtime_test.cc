// The editor's helpers (/admin/runtime.js) against the sandbox's: run by Node.js, the module's
// ctx.slugify must spell every name as core slugify does, or the editor would link to
// /products/<slug> pages that do not exist.
#include "sandbox/browser_runtime.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "core/text.h"
#include "testing/temp_dir.h"

namespace vitrine::sandbox {
namespace {

// What `command` printed on stdout, and whether it exited 0.
std::pair<std::string, bool> run(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) return {"", false};
  std::string out;
  std::array<char, 4096> buf;
  while (size_t n = fread(buf.data(), 1, buf.size(), pipe.get())) out.append(buf.data(), n);
  const int status = pclose(pipe.release());
  return {out, status == 0};
}

TEST(BrowserRuntimeTest, TheEditorsSlugifySpellsEveryNameAsTheServersDoes) {
  ASSERT_TRUE(run("command -v node >/dev/null").second)
      << "node is missing: scripts/install-deps.sh test installs it";
  const std::vector<std::string> names = {
      "Crème Brûlée!",
      "Čaj Łódź",
      "Ann's Bakery & Co",
      "Maker\xE2\x80\x99s Mug",
      "  --Hand-thrown   bowls--  ",
      "5 \xC3\x97 7 \xC3\xB7 2",
      "Œuvre Ĳssel Straße",
      "Tea \xF0\x9F\x8D\xB5 time \xE2\x80\x94 now",
      "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ",
      "ĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħĨĩĪīĬĭĮįİıĲĳĴĵĶķĸĹĺĻļĽľĿŀŁłŃńŅņŇňŉŊŋŌōŎŏŐőŒœŔŕŖŗŘřŚś"
      "ŜŝŞşŠšŢţŤťŦŧŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžſ",
      std::string(70, 'a') + " b",
      std::string(63, 'a') + " b",
      "",
      "!!!",
  };
  TempDir dir;
  const std::string module = dir.path().string() + "/runtime.mjs";
  std::ofstream(module) << browser_runtime_module();
  std::ofstream input(dir.path().string() + "/names.json");
  input << "[";
  for (size_t i = 0; i < names.size(); ++i) {
    std::string escaped;
    for (char c : names[i])
      escaped += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
    input << (i ? "," : "") << "\"" << escaped << "\"";
  }
  input << "]";
  input.close();
  std::ofstream(dir.path().string() + "/run.mjs")
      << "import { makeCtx } from './runtime.mjs';\n"
         "import { readFileSync } from 'node:fs';\n"
         "const names = JSON.parse(readFileSync(new URL('./names.json', import.meta.url)));\n"
         "const ctx = makeCtx({}, {});\n"
         "for (const n of names) console.log(JSON.stringify(ctx.slugify(n)));\n";
  auto [out, ok] = run("node " + dir.path().string() + "/run.mjs");
  ASSERT_TRUE(ok) << out;
  std::istringstream lines(out);
  for (const auto& name : names) {
    std::string line;
    ASSERT_TRUE(std::getline(lines, line)) << "no answer for '" << name << "'";
    EXPECT_EQ(line, "\"" + slugify(name) + "\"") << "for '" << name << "'";
  }
}

TEST(BrowserRuntimeTest, TheModuleLeavesTheBrowsersRealmAlone) {
  // The sandbox's lockdown freezes the global object; in the editor that would break the page.
  const std::string& module = browser_runtime_module();
  EXPECT_NE(module.find("(null, slugify)"), std::string::npos);
  EXPECT_NE(module.find("export const { makeCtx, withChildren, freezeData }"), std::string::npos);
  ASSERT_TRUE(run("command -v node >/dev/null").second)
      << "node is missing: scripts/install-deps.sh test installs it";
  TempDir dir;
  std::ofstream(dir.path().string() + "/runtime.mjs") << module;
  std::ofstream(dir.path().string() + "/run.mjs")
      << "import { makeCtx } from './runtime.mjs';\n"
         "globalThis.added = 1;\n"
         "const ctx = makeCtx({ site: { name: 'Kendu' } }, { products: [{ title: 'Mug' }] });\n"
         "console.log(Object.isFrozen(globalThis), Object.isFrozen(Array.prototype), "
         "globalThis.added, ctx.site.name, ctx.data.products().length, "
         "ctx.formatPrice(1234.5, 'EUR'));\n";
  auto [out, ok] = run("node " + dir.path().string() + "/run.mjs");
  ASSERT_TRUE(ok) << out;
  EXPECT_EQ(out, "false false 1 Kendu 1 €1,234.50\n");
}

}  // namespace
}  // namespace vitrine::sandbox
