// GET /metrics on the real `vitrine serve`: Prometheus text, no credentials needed, and the
// numbers move with what the server does.
#include "core/text.h"
#include "e2e_support.h"

namespace vitrine::e2e {
namespace {

using testing::write_theme;

// The value of the sample line `series` ("name" or "name{labels}"), or -1 when absent.
double sample(const std::string& text, const std::string& series) {
  const std::string needle = "\n" + series + " ";
  size_t at = ("\n" + text).find(needle);
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + needle.size() - 1));
}

class MetricsE2eTest : public E2eTest {};

TEST_F(MetricsE2eTest, ScrapeShowsPrometheusTextThatFollowsTheServer) {
  write_theme(themes(), "shop", "1.0.0");
  auto synced = vitrine({"sync", "--all"});
  ASSERT_EQ(synced.exit_code, 0) << synced.out << synced.err;
  auto server = serve();
  ASSERT_TRUE(server->started());

  auto first = http_get(server->url("/metrics"));
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.headers["content-type"], "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(first.body.find("# TYPE vitrine_cdn_cache_bytes gauge\n"), std::string::npos)
      << first.body;
  EXPECT_NE(first.body.find("vitrine_build_info{version=\"" VITRINE_CORE_VERSION "\"} 1\n"),
            std::string::npos)
      << first.body;
  const double before = sample(first.body, "vitrine_cdn_cache_bytes");
  ASSERT_GE(before, 0) << first.body;

  // Fetching an asset puts its bytes in the CDN cache, and the next scrape says so.
  auto css = http_get(server->url("/cdn/themes/shop/1.0.0/build/theme.css"));
  ASSERT_EQ(css.status, 200);
  auto second = http_get(server->url("/metrics"));
  EXPECT_GT(sample(second.body, "vitrine_cdn_cache_bytes"), before) << second.body;

  // Every line is a comment or `series value`.
  for (auto line : vitrine::split(second.body, '\n')) {
    if (line.empty() || line.starts_with("# HELP ") || line.starts_with("# TYPE ")) continue;
    EXPECT_NE(line.find(' '), std::string_view::npos) << line;
  }
  EXPECT_EQ(server->stop(), 0);
}

}  // namespace
}  // namespace vitrine::e2e
