// RenderWorkerPool with real `vitrine render-worker` processes: hostile code fails its own block
// with the right error code, the rest of the page renders, and the pool keeps serving.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <thread>

#include "sandbox/worker_pool.h"
#include "testing/matchers.h"
#include "theme_pages.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::sandbox {
namespace {

using fixtures::kendu_home_page;

constexpr const char* kOkSource =
    "function render(props, ctx) { return '<p>' + "
    "ctx.escapeHtml(props.text) + '</p>'; }";

RenderPoolOptions test_options() {
  RenderPoolOptions o;
  o.name = "test";
  o.workers = 2;
  o.worker_binary = vitrine_binary();
  return o;
}

std::unique_ptr<RenderWorkerPool> start_pool(const RenderPoolOptions& o = test_options()) {
  auto pool = RenderWorkerPool::start(o);
  EXPECT_THAT(pool, IsOk());
  return pool.ok() ? std::move(*pool) : nullptr;
}

// A page: an ordinary block, the vibe block `code`, another ordinary block.
PageJob sandwich(const std::string& code, const std::string& site = "site-a") {
  PageJob job;
  job.site_id = site;
  job.ctx_json = R"({"site":{"name":"Shop"}})";
  job.components["Text"] = {"text-v1", kOkSource};
  job.components["vibe"] = {"", code};
  job.blocks.push_back({"Text", {{"text", "before"}}});
  job.blocks.push_back({"vibe", nlohmann::json::object(), /*vibe=*/true});
  job.blocks.push_back({"Text", {{"text", "after"}}});
  return job;
}

// Renders sandwich(code) and checks the surrounding blocks; returns the vibe block's result.
BlockResult render_vibe(RenderWorkerPool& pool, const std::string& code,
                        const std::string& site = "site-a") {
  auto page = pool.render_page(sandwich(code, site));
  EXPECT_THAT(page, IsOk());
  if (!page.ok()) return {};
  EXPECT_EQ(page->blocks.at(0).html, "<p>before</p>") << page->blocks[0].error_message;
  EXPECT_EQ(page->blocks.at(2).html, "<p>after</p>") << page->blocks[2].error_message;
  return page->blocks.at(1);
}

// The pool still renders an ordinary page.
void expect_serving(RenderWorkerPool& pool) {
  BlockResult r = render_vibe(pool, "function render() { return '<b>fine</b>'; }");
  EXPECT_THAT(r, IsOk()) << r.error_code << " " << r.error_message;
  EXPECT_EQ(r.html, "<b>fine</b>");
}

TEST(RenderPoolTest, RendersTheKenduHomePageInWorkers) {
  auto pool = start_pool();
  ASSERT_TRUE(pool);
  EXPECT_EQ(pool->worker_pids().size(), 2u);
  PageJob job = kendu_home_page();
  ASSERT_EQ(job.blocks.size(), 10u);
  for (int round = 0; round < 3; ++round) {  // later rounds reuse compiled components
    auto page = pool->render_page(job);
    ASSERT_THAT(page, IsOk());
    ASSERT_EQ(page->blocks.size(), 10u);
    for (size_t i = 0; i < 10; ++i) {
      EXPECT_THAT(page->blocks[i], IsOk())
          << job.blocks[i].component << ": " << page->blocks[i].error_message;
      EXPECT_NE(page->blocks[i].html.find("<"), std::string::npos);
    }
    EXPECT_NE(page->body_html().find("Stoneware mug"), std::string::npos);
  }
  EXPECT_EQ(pool->stats().pages, 3u);
  EXPECT_EQ(pool->stats().block_errors, 0u);
}

TEST(RenderPoolTest, InfiniteLoopTimesOutAndThePoolKeepsServing) {
  auto pool = start_pool();
  ASSERT_TRUE(pool);
  BlockResult r = render_vibe(*pool, "function render() { while (true) {} }");
  EXPECT_EQ(r.error_code, block_error::kTimeout) << r.error_message;
  EXPECT_NE(r.html.find("<!-- vitrine: vibe failed: timeout -->"), std::string::npos) << r.html;
  expect_serving(*pool);
}

TEST(RenderPoolTest, BuiltinThatIgnoresTerminationIsKilledAsTimeout) {
  RenderPoolOptions o = test_options();
  o.kill_grace = std::chrono::milliseconds(20);
  auto pool = start_pool(o);
  ASSERT_TRUE(pool);
  const std::vector<int> pids_before = pool->worker_pids();
  // TypedArray sort runs in C++ (hundreds of ms for 8 million doubles) and never looks at
  // TerminateExecution: the supervisor kills the worker once the block has used its time limit
  // plus the grace in CPU time.
  BlockResult r = render_vibe(*pool,
                              "function render() { const a = new Float64Array(8e6);"
                              " a.fill(1, 0, 4e6); for (;;) { a.sort(); a.reverse(); } }");
  EXPECT_EQ(r.error_code, block_error::kTimeout) << r.error_message;
  EXPECT_NE(r.error_message.find("its worker was killed"), std::string::npos) << r.error_message;
  EXPECT_EQ(pool->stats().workers_killed, 1u);
  EXPECT_NE(pool->worker_pids(), pids_before) << "the killed worker was replaced";
  expect_serving(*pool);
}

TEST(RenderPoolTest, UnboundedAllocationFailsItsBlockAndThePoolKeepsServing) {
  RenderPoolOptions o = test_options();
  // Generous time, so that memory runs out first even on a slow machine.
  o.time_limit = std::chrono::milliseconds(1000);
  o.kill_grace = std::chrono::milliseconds(10000);
  auto pool = start_pool(o);
  ASSERT_TRUE(pool);
  struct Case {
    const char* code;
    const char* error_code;
    const char* message;
  } cases[] = {
      // The heap grows step by step: the near-heap-limit callback stops the call, and the
      // worker retires after answering.
      {"function render() { const a = []; for (;;) a.push(new Array(1e5).fill(1)); }",
       block_error::kOutOfMemory, "heap limit"},
      // One huge allocation inside a builtin: V8 gives up on the whole process (fatal OOM).
      {"function render() { return JSON.stringify(new Array(3e7).fill('abcdefgh')); }",
       block_error::kOutOfMemory, "took its worker down"},
      // V8's own limits throw.
      {"function render() { let s = 'x'; for (;;) s = s + s + 'y'; }", block_error::kException,
       "Invalid string length"},
      // ArrayBuffers live outside the V8 heap: the allocator's budget refuses them.
      {"function render() { const k = []; for (;;) k.push(new ArrayBuffer(1 << 24)); }",
       block_error::kException, "Array buffer allocation failed"},
  };
  for (const Case& c : cases) {
    BlockResult r = render_vibe(*pool, c.code);
    EXPECT_EQ(r.error_code, c.error_code) << c.code << ": " << r.error_message;
    EXPECT_NE(r.error_message.find(c.message), std::string::npos)
        << c.code << ": " << r.error_message;
    expect_serving(*pool);
  }
  EXPECT_EQ(pool->stats().workers_crashed, 1u) << "the fatal OOM took one worker down";
  EXPECT_GE(pool->stats().workers_started, 4u) << "both exhausted workers were replaced";
}

TEST(RenderPoolTest, EvalAndFunctionFailWithEvalError) {
  auto pool = start_pool();
  ASSERT_TRUE(pool);
  BlockResult r = render_vibe(*pool, "function render() { return eval('\"x\"'); }");
  EXPECT_EQ(r.error_code, block_error::kException);
  EXPECT_NE(r.error_message.find("EvalError"), std::string::npos) << r.error_message;
  r = render_vibe(*pool, "function render() { return new Function('return 1')(); }");
  EXPECT_EQ(r.error_code, block_error::kException);
  EXPECT_NE(r.error_message.find("EvalError"), std::string::npos) << r.error_message;
}

TEST(RenderPoolTest, ThrownErrorsCarryTheirMessage) {
  auto pool = start_pool();
  ASSERT_TRUE(pool);
  BlockResult r = render_vibe(*pool, "function render() { throw new TypeError('bad product'); }");
  EXPECT_EQ(r.error_code, block_error::kException);
  EXPECT_NE(r.error_message.find("TypeError: bad product"), std::string::npos) << r.error_message;
}

TEST(RenderPoolTest, OutputOverOneMegabyteIsRefused) {
  auto pool = start_pool();
  ASSERT_TRUE(pool);
  BlockResult r = render_vibe(*pool, "function render() { return '<p>'.repeat(400000); }");
  EXPECT_EQ(r.error_code, block_error::kOutputTooLarge) << r.error_message;
  expect_serving(*pool);
}

TEST(RenderPoolTest, AWorkerKilledMidBlockIsBlamedOnThatBlockAndReplaced) {
  RenderPoolOptions o = test_options();
  o.workers = 1;
  o.time_limit = std::chrono::milliseconds(1000);
  auto pool = start_pool(o);
  ASSERT_TRUE(pool);
  auto pids = pool->worker_pids();
  ASSERT_EQ(pids.size(), 1u);
  // While the vibe block spins (up to its 1 s limit), its worker dies of a segfault.
  std::thread killer([pid = pids[0]] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    ::kill(pid, SIGSEGV);
  });
  BlockResult r = render_vibe(*pool, "function render() { for (;;) {} }");
  killer.join();
  EXPECT_EQ(r.error_code, block_error::kWorkerCrashed) << r.error_message;
  EXPECT_NE(r.error_message.find("SIGSEGV"), std::string::npos) << r.error_message;
  EXPECT_EQ(pool->stats().workers_crashed, 1u);
  ASSERT_EQ(pool->worker_pids().size(), 1u);
  EXPECT_NE(pool->worker_pids()[0], pids[0]) << "the dead worker was replaced";
  expect_serving(*pool);
}

TEST(RenderPoolTest, ASiteWhoseCodeKeepsFailingIsThrottled) {
  RenderPoolOptions o = test_options();
  o.throttle.strikes = 2;
  auto pool = start_pool(o);
  ASSERT_TRUE(pool);
  const std::string looping = "function render() { for (;;) {} }";
  EXPECT_EQ(render_vibe(*pool, looping, "bad-site").error_code, block_error::kTimeout);
  EXPECT_FALSE(pool->throttled("bad-site"));
  EXPECT_EQ(render_vibe(*pool, looping, "bad-site").error_code, block_error::kTimeout);
  EXPECT_TRUE(pool->throttled("bad-site"));

  // Its vibe blocks no longer run, even good ones; its theme blocks still do (render_vibe
  // checks them); other sites are not affected.
  BlockResult r = render_vibe(*pool, "function render() { return 'ok'; }", "bad-site");
  EXPECT_EQ(r.error_code, block_error::kThrottled);
  EXPECT_NE(r.html.find("throttled"), std::string::npos);
  EXPECT_FALSE(pool->throttled("good-site"));
  EXPECT_EQ(render_vibe(*pool, "function render() { return 'ok'; }", "good-site").html, "ok");
  EXPECT_GE(pool->stats().throttled_blocks, 1u);
}

TEST(RenderPoolTest, APageThatTampersWithBuiltinsGetsAFreshWorkerAfterIt) {
  RenderPoolOptions o = test_options();
  o.workers = 1;
  auto pool = start_pool(o);
  ASSERT_TRUE(pool);
  int first_pid = pool->worker_pids().at(0);
  BlockResult r = render_vibe(
      *pool, "function render() { RegExp.prototype.stolen = 'site-a data'; return 'x'; }");
  EXPECT_EQ(r.html, "x");
  // The next page (another site) sees pristine builtins, in a new worker.
  EXPECT_EQ(
      render_vibe(*pool, "function render() { return typeof RegExp.prototype.stolen; }", "site-b")
          .html,
      "undefined");
  EXPECT_NE(pool->worker_pids().at(0), first_pid);
}

TEST(RenderPoolTest, EvictedSourcesAndCataloguesAreSentAgain) {
  RenderPoolOptions o = test_options();
  o.workers = 1;
  auto pool = start_pool(o);
  ASSERT_TRUE(pool);
  // Each worker keeps 64 catalogue snapshots; 70 sites push the first one out, yet its next
  // page still renders its own products.
  auto page_for = [](int site) {
    PageJob job;
    job.site_id = "site-" + std::to_string(site);
    job.data_key = job.site_id + "@1";
    job.data_json = nlohmann::json{{"products", {{{"title", "P" + std::to_string(site)}}}}}.dump();
    job.components["List"] = {"list-v1",
                              "function render(props, ctx) { return ctx.data.products()"
                              ".map(p => p.title).join(); }"};
    job.blocks.push_back({"List", {}});
    return job;
  };
  for (int site = 0; site < 70; ++site) {
    auto page = pool->render_page(page_for(site));
    ASSERT_THAT(page, IsOk());
    EXPECT_EQ(page->blocks[0].html, "P" + std::to_string(site));
  }
  auto page = pool->render_page(page_for(0));
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->blocks[0].html, "P0");
  EXPECT_EQ(pool->stats().resends, 1u) << "the worker asked for the evicted catalogue once";
  EXPECT_EQ(pool->stats().workers_started, 1u);
}

TEST(RenderPoolTest, RootComponentWrapsTheBlocks) {
  auto pool = start_pool();
  ASSERT_TRUE(pool);
  PageJob job = sandwich("function render() { throw new Error('x'); }");
  job.components["Layout"] = {"layout-v1",
                              "function render(props, ctx) { return `<main data-site=\"${"
                              "ctx.site.name}\">${ctx.children}</main>`; }"};
  job.root = BlockJob{"Layout", {}};
  auto page = pool->render_page(job);
  ASSERT_THAT(page, IsOk());
  ASSERT_TRUE(page->root && page->root->ok()) << (page->root ? page->root->error_message : "");
  EXPECT_EQ(page->body_html(), "<main data-site=\"Shop\"><p>before</p>" +
                                   placeholder_html("vibe", "exception") + "<p>after</p></main>");
}

TEST(RenderPoolTest, ConcurrentPagesFromManyThreadsAllRender) {
  auto pool = start_pool();
  ASSERT_TRUE(pool);
  PageJob job = kendu_home_page();
  auto expected = pool->render_page(job);
  ASSERT_THAT(expected, IsOk());
  const std::string expected_html = expected->body_html();
  std::atomic<int> good{0}, bad{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        PageJob mine = job;
        mine.site_id = "site-" + std::to_string(t);
        auto page = pool->render_page(mine);
        (page.ok() && page->body_html() == expected_html ? good : bad)++;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(good.load(), 150);
  EXPECT_EQ(bad.load(), 0);
}

TEST(RenderPoolTest, AMissingWorkerBinaryIsReported) {
  RenderPoolOptions o = test_options();
  o.worker_binary = "/nonexistent/vitrine";
  auto pool = RenderWorkerPool::start(o);
  ASSERT_THAT(pool, StatusIs(errc::kUnavailable));
  EXPECT_NE(pool.error().message.find("/nonexistent/vitrine"), std::string::npos);
}

}  // namespace
}  // namespace vitrine::sandbox
