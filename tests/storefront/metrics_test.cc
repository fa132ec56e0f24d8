#include "core/metrics.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "storefront/page_cache.h"
#include "testing/matchers.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::metrics {
namespace {

bool has_line(const std::string& text, const std::string& line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

TEST(MetricsTest, CounterIncrementsShowUpInTheExposition) {
  Registry r;
  Counter& c = r.counter("vitrine_test_requests_total", "Requests seen by the test.");
  c.inc();
  c.inc(2);
  const std::string text = r.render();
  EXPECT_TRUE(has_line(text, "# HELP vitrine_test_requests_total Requests seen by the test."))
      << text;
  EXPECT_TRUE(has_line(text, "# TYPE vitrine_test_requests_total counter")) << text;
  EXPECT_TRUE(has_line(text, "vitrine_test_requests_total 3")) << text;
  c.inc();
  EXPECT_TRUE(has_line(r.render(), "vitrine_test_requests_total 4"));
}

TEST(MetricsTest, LabelledSeriesShareOneFamilyHeader) {
  Registry r;
  r.counter("http_requests_total", "Requests by status class.", {{"class", "2xx"}}).inc(5);
  r.counter("http_requests_total", "Requests by status class.", {{"class", "5xx"}}).inc();
  r.gauge("queue_depth", "Jobs waiting.").set(-2);
  const std::string text = r.render();
  EXPECT_TRUE(has_line(text, "http_requests_total{class=\"2xx\"} 5")) << text;
  EXPECT_TRUE(has_line(text, "http_requests_total{class=\"5xx\"} 1")) << text;
  EXPECT_TRUE(has_line(text, "# TYPE queue_depth gauge")) << text;
  EXPECT_TRUE(has_line(text, "queue_depth -2")) << text;
  size_t first = text.find("# TYPE http_requests_total");
  EXPECT_EQ(text.find("# TYPE http_requests_total", first + 1), std::string::npos);
  // Families come sorted by name.
  EXPECT_LT(first, text.find("# TYPE queue_depth"));
}

TEST(MetricsTest, SameNameAndLabelsGiveTheSameCounter) {
  Registry r;
  Counter& a = r.counter("x_total", "x", {{"k", "v"}});
  Counter& b = r.counter("x_total", "x", {{"k", "v"}});
  Counter& c = r.counter("x_total", "x", {{"k", "w"}});
  EXPECT_EQ(&a, &b);
  EXPECT_NE(&a, &c);
}

TEST(MetricsTest, LabelValuesAndHelpAreEscaped) {
  Registry r;
  r.gauge("odd", "line one\nback\\slash", {{"path", "a\"b\\c\nd"}}).set(1);
  const std::string text = r.render();
  EXPECT_TRUE(has_line(text, "# HELP odd line one\\nback\\\\slash")) << text;
  EXPECT_TRUE(has_line(text, "odd{path=\"a\\\"b\\\\c\\nd\"} 1")) << text;
}

TEST(MetricsTest, MisuseIsAProgrammingError) {
  Registry r;
  r.counter("used_total", "a counter");
  EXPECT_THROW(r.gauge("used_total", "now a gauge"), std::logic_error);
  EXPECT_THROW(r.counter("bad name", "spaces"), std::logic_error);
  EXPECT_THROW(r.counter("ok_total", "bad label", {{"9x", "v"}}), std::logic_error);
}

TEST(MetricsTest, CollectorsAreSummedAndRemovedWithTheirHandle) {
  Registry r;
  auto one = r.add_collector(
      [](SampleWriter& w) { w.write("jobs_total", MetricType::kCounter, "Jobs.", {}, 2); });
  {
    auto two = r.add_collector([](SampleWriter& w) {
      w.write("jobs_total", MetricType::kCounter, "Jobs.", {}, 3);
      w.write("ratio", MetricType::kGauge, "A fraction.", {}, 0.25);
    });
    const std::string text = r.render();
    EXPECT_TRUE(has_line(text, "jobs_total 5")) << text;
    EXPECT_TRUE(has_line(text, "ratio 0.25")) << text;
  }
  const std::string text = r.render();
  EXPECT_TRUE(has_line(text, "jobs_total 2")) << text;
  EXPECT_EQ(text.find("ratio"), std::string::npos) << text;
}

TEST(MetricsTest, PageCachePublishesItsCounters) {
  Registry r;
  {
    storefront::PageCacheOptions o;
    o.metrics = &r;
    storefront::PageCache pages(o);
    auto render = [] {
      return Result<storefront::PageContent>(storefront::PageContent{"<p>hi</p>"});
    };
    storefront::PageKey key("site", 1, "/");
    ASSERT_THAT(pages.get_or_render(key, std::chrono::seconds(60), render), IsOk());
    ASSERT_THAT(pages.get_or_render(key, std::chrono::seconds(60), render), IsOk());
    ASSERT_THAT(pages.get_or_render(key, std::chrono::seconds(60), render), IsOk());
    const std::string text = r.render();
    EXPECT_TRUE(has_line(text, "# TYPE vitrine_render_cache_hits_total counter")) << text;
    EXPECT_TRUE(has_line(text, "vitrine_render_cache_hits_total 2")) << text;
    EXPECT_TRUE(has_line(text, "vitrine_render_cache_misses_total 1")) << text;
    EXPECT_TRUE(has_line(text, "vitrine_render_cache_coalesced_waits_total 0")) << text;
    EXPECT_TRUE(has_line(text, "vitrine_render_cache_stale_served_total 0")) << text;
    EXPECT_TRUE(has_line(text, "vitrine_render_cache_evictions_total 0")) << text;
    EXPECT_TRUE(has_line(text, "vitrine_render_cache_entries 1")) << text;
    EXPECT_TRUE(has_line(text, "# TYPE vitrine_render_cache_bytes gauge")) << text;
    EXPECT_TRUE(has_line(text, "vitrine_render_cache_bytes " + std::to_string(pages.stats().bytes)))
        << text;
  }
  // A destroyed cache no longer reports.
  EXPECT_EQ(r.render().find("vitrine_render_cache"), std::string::npos);
}

TEST(MetricsTest, DefaultRegistryIsTheGlobalOne) {
  storefront::PageCache pages;  // publishes to Registry::global(), which GET /metrics renders
  auto render = [] { return Result<storefront::PageContent>(storefront::PageContent{"x"}); };
  ASSERT_THAT(
      pages.get_or_render(storefront::PageKey("s", 1, "/"), std::chrono::seconds(1), render),
      IsOk());
  EXPECT_TRUE(has_line(Registry::global().render(), "vitrine_render_cache_entries 1"));
}

}  // namespace
}  // namespace vitrine::metrics
