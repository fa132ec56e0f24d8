// JsSandbox in-process: the ctx helpers, the limits that a single process can enforce, and the
// isolation between pages that share one context.
#include <gtest/gtest.h>

#include <limits>

#include "core/hash.h"
#include "core/text.h"
#include "sandbox/js_sandbox.h"
#include "testing/matchers.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::sandbox {
namespace {

class SandboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = JsSandbox::create();
    ASSERT_THAT(s, IsOk());
    sandbox_ = std::move(*s);
  }

  // Renders one block of `source` with `props` and ctx JSON `ctx`.
  BlockResult render_one(const std::string& source, nlohmann::json props = nlohmann::json::object(),
                         const std::string& ctx = R"({"site":{"name":"Shop"}})") {
    PageJob job;
    job.ctx_json = ctx;
    job.components["Test"] = {sha256_hex(source), source};
    job.blocks.push_back({"Test", std::move(props)});
    auto page = sandbox_->render_page(job);
    EXPECT_THAT(page, IsOk());
    if (!page.ok()) return {};
    return page->blocks.at(0);
  }

  // The string that `expression` evaluates to inside a render call (props and ctx in scope).
  std::string eval_in_render(const std::string& expression,
                             nlohmann::json props = nlohmann::json::object()) {
    BlockResult r = render_one("function render(props, ctx) { return String(" + expression + "); }",
                               std::move(props));
    EXPECT_THAT(r, IsOk()) << expression << ": " << r.error_code << " " << r.error_message;
    return r.html;
  }

  std::unique_ptr<JsSandbox> sandbox_;
};

TEST_F(SandboxTest, RendersAComponentWithPropsAndSite) {
  BlockResult r = render_one(
      "function render(props, ctx) { return `<h1>${ctx.escapeHtml(props.title)}</h1>"
      "<p>${ctx.site.name}</p>`; }",
      {{"title", "Hello"}});
  ASSERT_THAT(r, IsOk()) << r.error_message;
  EXPECT_EQ(r.html, "<h1>Hello</h1><p>Shop</p>");
}

TEST_F(SandboxTest, EscapeHtmlNeutralisesHostileProps) {
  BlockResult r = render_one(
      "function render(props, ctx) { return `<h2 title=\"${ctx.escapeHtml(props.t)}\">` +"
      " ctx.escapeHtml(props.t) + '</h2>'; }",
      {{"t", "<script>alert(\"x\")</script>' onload='evil() & more"}});
  ASSERT_THAT(r, IsOk()) << r.error_message;
  EXPECT_EQ(r.html.find("<script"), std::string::npos) << r.html;
  EXPECT_NE(r.html.find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onload=&#39;evil() "
                        "&amp; more"),
            std::string::npos)
      << r.html;
  EXPECT_EQ(eval_in_render("ctx.escapeHtml(null) + '|' + ctx.escapeHtml(undefined) + '|' + "
                           "ctx.escapeHtml(42)"),
            "||42");
}

TEST_F(SandboxTest, FormatPriceFollowsEnUsCurrencyStyle) {
  EXPECT_EQ(eval_in_render("ctx.formatPrice(1234.5, 'USD')"), "$1,234.50");
  EXPECT_EQ(eval_in_render("ctx.formatPrice(12, 'eur')"), "€12.00");
  EXPECT_EQ(eval_in_render("ctx.formatPrice(3, 'GBP')"), "£3.00");
  EXPECT_EQ(eval_in_render("ctx.formatPrice(1200, 'JPY')"), "¥1,200");
  EXPECT_EQ(eval_in_render("ctx.formatPrice(9.99, 'CAD')"), "CA$9.99");
  EXPECT_EQ(eval_in_render("ctx.formatPrice(12, 'CHF')"), "CHF\u00a012.00");
  // The digits of the currency table the catalogue and the e-mails use (core/currency.h).
  EXPECT_EQ(eval_in_render("ctx.formatPrice(12.5, 'KWD')"), "KWD\u00a012.500");
  EXPECT_EQ(eval_in_render("ctx.formatPrice(1250, 'BIF')"), "BIF\u00a01,250");
  EXPECT_EQ(eval_in_render("ctx.formatPrice(1.0005, 'BHD')"), "BHD\u00a01.001");
  EXPECT_EQ(eval_in_render("ctx.formatPrice(-5, 'USD')"), "-$5.00");
  EXPECT_EQ(eval_in_render("ctx.formatPrice(1.005)"), "$1.01");
  EXPECT_EQ(eval_in_render("ctx.formatPrice('19.5', 'USD')"), "$19.50");
  EXPECT_EQ(eval_in_render("ctx.formatPrice('not a number', 'USD')"), "");
}

TEST_F(SandboxTest, FormatDateSupportsTheDocumentedTokens) {
  EXPECT_EQ(eval_in_render("ctx.formatDate('2024-03-05', 'MMM D, YYYY')"), "Mar 5, 2024");
  EXPECT_EQ(eval_in_render("ctx.formatDate('2024-03-05', 'MMMM DD YY, dddd ddd M/D')"),
            "March 05 24, Tuesday Tue 3/5");
  EXPECT_EQ(eval_in_render("ctx.formatDate('2024-11-20T18:07:09+02:00', 'HH:mm:ss h A [at] YYYY')"),
            "18:07:09 6 PM at 2024");
  EXPECT_EQ(eval_in_render("ctx.formatDate('2024-03-05')"), "2024-03-05");
  EXPECT_EQ(eval_in_render("ctx.formatDate(0, 'YYYY-MM-DD HH:mm')"), "1970-01-01 00:00");
  EXPECT_EQ(eval_in_render("ctx.formatDate('2024-02-30', 'YYYY')"), "");
  EXPECT_EQ(eval_in_render("ctx.formatDate('soon', 'YYYY')"), "");
}

TEST_F(SandboxTest, SlugifyAndGenerateId) {
  EXPECT_EQ(eval_in_render("ctx.slugify('  Crème Brûlée! Déjà vu ')"), "creme-brulee-deja-vu");
  EXPECT_EQ(eval_in_render("ctx.slugify(null)"), "");
  EXPECT_EQ(eval_in_render("ctx.slugify(\"Ann's Bakery & Co\")"), "anns-bakery-co");
  // The platform's one slugify: whatever a title holds, a component derives the slug the
  // catalogue and workspaces derive (core/text.h), only without their length cap.
  for (const char* title : {"Čaj & Œuvre ½ – déjà", "Maker\u2019s Mug", "東京 Tokyo 2024",
                            "--Ünïcode__Dash--", "Größe: XL"}) {
    EXPECT_EQ(eval_in_render(std::string("ctx.slugify('") + title + "')"),
              slugify(title, std::numeric_limits<size_t>::max()))
        << title;
  }
  EXPECT_EQ(eval_in_render("ctx.slugify(12.5)"), "12-5");
  EXPECT_EQ(eval_in_render("[ctx.generateId(), ctx.generateId()].join(',')"), "vid-1,vid-2");
}

TEST_F(SandboxTest, DataAccessorsFilterAndLimitProducts) {
  const std::string ctx = R"({"data":{"products":[
      {"title":"A","collections":["kitchen"]},{"title":"B","collection":"home"},
      {"title":"C","collections":["kitchen","home"]}],
    "collections":[{"title":"Kitchen","handle":"kitchen"}]}})";
  auto titles = [&](const std::string& call) {
    BlockResult r = render_one(
        "function render(props, ctx) { return " + call + ".map(p => p.title).join(','); }", {},
        ctx);
    EXPECT_THAT(r, IsOk()) << r.error_message;
    return r.html;
  };
  EXPECT_EQ(titles("ctx.data.products()"), "A,B,C");
  EXPECT_EQ(titles("ctx.data.products({collection: 'kitchen'})"), "A,C");
  EXPECT_EQ(titles("ctx.data.products({collection: 'home', limit: 1})"), "B");
  EXPECT_EQ(titles("ctx.data.products({limit: 2})"), "A,B");
  EXPECT_EQ(titles("ctx.data.collections()"), "Kitchen");
}

TEST_F(SandboxTest, RenderFunctionsWrittenAgainstTheSeedsWorkerContextRunUnchanged) {
  // WorkerContext: storefront, products, collections, cart, user, device, helpers.
  const std::string ctx = R"({"site":{"name":"Kendu & Co"},"device":"mobile",
    "data":{"products":[{"title":"Mug","price":12.5,"currency":"EUR"}],
            "collections":[{"title":"Kitchen"}]}})";
  BlockResult r = render_one(R"(function render(props, ctx) {
      const h = ctx.helpers;
      return [h.escapeHtml(ctx.storefront.name), ctx.products.length, ctx.collections[0].title,
              h.formatPrice(ctx.products[0].price, ctx.products[0].currency),
              h.slugify(ctx.products[0].title), ctx.cart, ctx.user, ctx.device, h.generateId(),
              ctx.generateId()].join('|');
    })",
                             {}, ctx);
  ASSERT_THAT(r, IsOk()) << r.error_message;
  EXPECT_EQ(r.html, "Kendu &amp; Co|1|Kitchen|€12.50|mug|||mobile|vid-1|vid-2");
  // Read-only like the rest of ctx.
  BlockResult frozen = render_one(R"(function render(props, ctx) {
      'use strict';
      try { ctx.helpers.escapeHtml = null; return 'changed'; } catch (e) { return 'refused'; }
    })",
                                  {}, ctx);
  ASSERT_THAT(frozen, IsOk());
  EXPECT_EQ(frozen.html, "refused");
}

TEST_F(SandboxTest, CatalogueSnapshotsAreCachedPerKeyAndReadOnly) {
  PageJob job;
  job.data_key = "site-a@7";
  job.data_json = R"({"products":[{"title":"Mug","price":12}],"collections":[]})";
  job.components["C"] = {"h-c", R"(function render(props, ctx) {
      const p = ctx.data.products()[0];
      try { p.title = 'Hacked'; } catch (e) {}
      try { ctx.data.products().push({ title: 'Extra' }); } catch (e) {}
      return p.title + ' ' + ctx.formatPrice(p.price) + ' ' + ctx.data.products().length;
    })"};
  job.blocks = {{"C", {}}, {"C", {}}};
  auto page = sandbox_->render_page(job);
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->blocks[0].html, "Mug $12.00 1");
  EXPECT_EQ(page->blocks[1].html, "Mug $12.00 1");
  EXPECT_TRUE(sandbox_->has_data("site-a@7"));

  // Later pages may leave the text out: the worker has it.
  PageSpec spec;
  spec.data_key = "site-a@7";
  spec.components.push_back({"C", "h-c", std::nullopt});
  spec.blocks.push_back({"C", "{}", {}});
  auto again = sandbox_->render(spec);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->blocks[0].html, "Mug $12.00 1");
  spec.data_key = "site-a@8";
  EXPECT_TRUE(sandbox_->missing_data(spec));
  EXPECT_THAT(sandbox_->render(spec), Not(IsOk()));
}

TEST_F(SandboxTest, InfiniteLoopTimesOutAndTheSandboxKeepsServing) {
  BlockResult r = render_one("function render() { for (;;) {} }");
  EXPECT_EQ(r.error_code, block_error::kTimeout) << r.error_message;
  EXPECT_NE(r.html.find("timeout"), std::string::npos) << r.html;
  EXPECT_EQ(eval_in_render("'still ' + 'alive'"), "still alive");
}

TEST_F(SandboxTest, EvalAndFunctionAreRefusedWithEvalError) {
  for (const char* body : {"return eval('1 + 1');", "return Function('return 1')();",
                           "return (async function(){}).constructor('return 1');",
                           "return [].map.constructor('return 2')();"}) {
    BlockResult r = render_one(std::string("function render(props, ctx) { ") + body + " }");
    EXPECT_EQ(r.error_code, block_error::kException) << body;
    EXPECT_NE(r.error_message.find("EvalError"), std::string::npos)
        << body << ": " << r.error_message;
  }
}

TEST_F(SandboxTest, ThrownErrorsReportMessageAndLocation) {
  BlockResult r = render_one("function render(props, ctx) {\n  throw new Error('no title');\n}");
  EXPECT_EQ(r.error_code, block_error::kException);
  EXPECT_NE(r.error_message.find("Error: no title"), std::string::npos) << r.error_message;
  EXPECT_NE(r.error_message.find("Test:2:"), std::string::npos) << r.error_message;
  EXPECT_EQ(r.html.find("no title"), std::string::npos) << "messages stay out of the page";

  r = render_one("function render() { throw 'plain string'; }");
  EXPECT_NE(r.error_message.find("plain string"), std::string::npos) << r.error_message;
}

TEST_F(SandboxTest, SyntaxErrorsAndMissingRenderAreExceptions) {
  BlockResult r = render_one("function render(props, ctx) {\n  return `<p>${props.x</p>`;\n}");
  EXPECT_EQ(r.error_code, block_error::kException);
  EXPECT_NE(r.error_message.find("SyntaxError"), std::string::npos) << r.error_message;

  r = render_one("function draw() { return 'x'; }");
  EXPECT_EQ(r.error_code, block_error::kException);
  EXPECT_NE(r.error_message.find("render"), std::string::npos) << r.error_message;

  r = render_one("function render() { return 42; }");
  EXPECT_EQ(r.error_code, block_error::kException);
  EXPECT_NE(r.error_message.find("must return a string"), std::string::npos) << r.error_message;
}

TEST_F(SandboxTest, OutputOverTheLimitIsRefused) {
  BlockResult r = render_one("function render() { return 'x'.repeat(1024 * 1024 + 1); }");
  EXPECT_EQ(r.error_code, block_error::kOutputTooLarge) << r.error_message;
  r = render_one("function render() { return 'x'.repeat(1024 * 1024); }");
  EXPECT_THAT(r, IsOk()) << r.error_message;
  EXPECT_EQ(r.html.size(), 1024u * 1024u);
}

TEST_F(SandboxTest, NoWebAssemblyTimersRequireOrProcess) {
  EXPECT_EQ(eval_in_render("[typeof WebAssembly, typeof setTimeout, typeof require, "
                           "typeof process, typeof fetch, typeof import_meta].join()"),
            "undefined,undefined,undefined,undefined,undefined,undefined");
}

TEST_F(SandboxTest, NothingSurvivesFromOnePageToTheNext) {
  // Page 1 tries every place a component could leave data for a later page (another site's).
  const std::string writer = R"(
    var topLevel = [];
    function render(props, ctx) {
      topLevel.push(props.secret);
      globalThis.leak = props.secret;
      try { Array.prototype.leak = props.secret; } catch (e) {}
      try { Object.prototype.leak = props.secret; } catch (e) {}
      try { JSON.leak = props.secret; } catch (e) {}
      try { Object.getPrototypeOf([][Symbol.iterator]()).leak = props.secret; } catch (e) {}
      try { arguments.callee.leak = props.secret; } catch (e) {}
      try { ctx.helpers.leak = props.secret; } catch (e) {}
      /(sec)ret/.test(props.secret);
      return 'written ' + topLevel.length;
    })";
  EXPECT_EQ(render_one(writer, {{"secret", "secret"}}).html, "written 1");
  EXPECT_EQ(render_one(writer, {{"secret", "secret"}}).html, "written 1")
      << "top-level state starts over on every page";
  EXPECT_EQ(eval_in_render("[typeof globalThis.leak, typeof [].leak, typeof ({}).leak, "
                           "typeof JSON.leak, typeof Object.getPrototypeOf([][Symbol.iterator]())"
                           ".leak, typeof RegExp.$1, typeof RegExp.lastMatch].join()"),
            "undefined,undefined,undefined,undefined,undefined,undefined,undefined");
  EXPECT_EQ(eval_in_render("typeof ctx.helpers.leak"), "undefined");
}

TEST_F(SandboxTest, APropertyLeftOnAHelperRetiresTheSandbox) {
  // The helpers are shared by every page of every site; they stay unfrozen for speed, so a page
  // that writes on one (or on its prototype) must be the last page of this sandbox.
  for (const char* write : {"ctx.escapeHtml.leak = 'secret'", "ctx.helpers.formatPrice.x = 1",
                            "ctx.slugify.prototype.leak = 'secret'", "ctx.generateId.leak = 1"}) {
    auto sandbox = JsSandbox::create();
    ASSERT_THAT(sandbox, IsOk());
    PageJob job;
    job.ctx_json = R"({"site":{"name":"Shop"}})";
    job.components["W"] = {
        "h-w", std::string("function render(props, ctx) { ") + write + "; return 'written'; }"};
    job.blocks = {{"W", {}}};
    auto page = (*sandbox)->render_page(job);
    ASSERT_THAT(page, IsOk());
    EXPECT_EQ(page->blocks[0].html, "written") << write;
    EXPECT_TRUE((*sandbox)->retired()) << write;
    EXPECT_TRUE((*sandbox)->tampered()) << write;
    EXPECT_THAT((*sandbox)->render_page(job), StatusIs(errc::kUnavailable)) << write;
  }
}

TEST_F(SandboxTest, TamperingWithRegExpPrototypeRetiresTheSandbox) {
  // RegExp.prototype stays unfrozen for speed; changing it must not reach another page.
  BlockResult r = render_one(
      "function render() { RegExp.prototype.exec = function () { return null; };"
      " return 'tampered'; }");
  EXPECT_EQ(r.html, "tampered");
  EXPECT_TRUE(sandbox_->retired());
  EXPECT_TRUE(sandbox_->tampered());
  PageJob job;
  job.components["A"] = {"h-a", "function render() { return /a/.test('a') + ''; }"};
  job.blocks = {{"A", {}}};
  auto next = sandbox_->render_page(job);
  ASSERT_THAT(next, StatusIs(errc::kUnavailable));
}

TEST_F(SandboxTest, UntouchedRegExpPrototypeKeepsTheSandboxServing) {
  EXPECT_EQ(eval_in_render("/b+/.exec('abbc')[0] + 'x'.replace(/x/g, 'y') + 'a,b'.split(/,/)"),
            "bbya,b");
  EXPECT_FALSE(sandbox_->retired());
}

TEST_F(SandboxTest, RootComponentWrapsBlocksThroughChildren) {
  PageJob job;
  job.components["Block"] = {"h-block",
                             "function render(props) { return '<p>' + props.n + '</p>'; }"};
  job.components["Broken"] = {"h-broken", "function render() { throw new Error('x'); }"};
  job.components["Root"] = {"h-root",
                            "function render(props, ctx) { return '<main>' + ctx.children + "
                            "'</main>'; }"};
  job.blocks = {{"Block", {{"n", 1}}}, {"Broken", {}}, {"Block", {{"n", 2}}}};
  job.root = BlockJob{"Root", {}};
  auto page = sandbox_->render_page(job);
  ASSERT_THAT(page, IsOk());
  ASSERT_TRUE(page->root.has_value());
  EXPECT_TRUE(page->root->ok()) << page->root->error_message;
  EXPECT_EQ(page->root->html,
            "<main><p>1</p>" + placeholder_html("Broken", "exception") + "<p>2</p></main>");
  EXPECT_EQ(page->body_html(), page->root->html);
}

TEST_F(SandboxTest, UnknownComponentFailsOnlyItsBlock) {
  PageJob job;
  job.components["A"] = {"h-a", "function render() { return 'a'; }"};
  job.blocks = {{"A", {}}, {"Missing", {}}};
  auto page = sandbox_->render_page(job);
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->blocks[0].html, "a");
  EXPECT_EQ(page->blocks[1].error_code, block_error::kUnknownComponent);
}

TEST_F(SandboxTest, ComponentsAreCompiledOncePerHash) {
  PageJob job;
  job.components["A"] = {"hash-a", "function render() { return 'a'; }"};
  job.blocks = {{"A", {}}};
  ASSERT_THAT(sandbox_->render_page(job), IsOk());
  EXPECT_TRUE(sandbox_->has_compiled("hash-a"));
  // The worker protocol sends no source for a compiled hash: the cached code is used.
  PageSpec spec;
  spec.components.push_back({"A", "hash-a", std::nullopt});
  spec.blocks.push_back({"A", "{}", {}});
  auto page = sandbox_->render(spec);
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->blocks[0].html, "a");
  spec.components[0].hash = "hash-unknown";
  auto missing = sandbox_->render(spec);
  ASSERT_THAT(missing, StatusIs(errc::kInvalidArgument));
}

TEST(SandboxCacheTest, LeastRecentlyUsedCompilationsAreEvicted) {
  SandboxLimits limits;
  limits.compiled_cache_entries = 2;
  auto sandbox = JsSandbox::create(limits);
  ASSERT_THAT(sandbox, IsOk());
  auto render = [&](const std::string& hash) {
    PageJob job;
    job.components["C"] = {hash, "function render() { return '" + hash + "'; }"};
    job.blocks = {{"C", {}}};
    auto page = (*sandbox)->render_page(job);
    EXPECT_THAT(page, IsOk());
    return page.ok() ? page->blocks[0].html : "";
  };
  EXPECT_EQ(render("a"), "a");
  EXPECT_EQ(render("b"), "b");
  EXPECT_EQ(render("a"), "a");  // a is now the most recently used
  EXPECT_EQ(render("c"), "c");
  EXPECT_TRUE((*sandbox)->has_compiled("a"));
  EXPECT_FALSE((*sandbox)->has_compiled("b"));
  EXPECT_TRUE((*sandbox)->has_compiled("c"));
}

}  // namespace
}  // namespace vitrine::sandbox
