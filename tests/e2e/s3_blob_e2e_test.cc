// Theme assets in S3: `vitrine sync --blob-url s3://...` uploads a theme to an S3-compatible
// server (tests/testing/s3_server.h) and `vitrine serve` on the same URL serves it on the CDN.
#include "blob/s3_blob_store.h"
#include "core/hash.h"
#include "e2e_support.h"
#include "testing/matchers.h"
#include "testing/s3_server.h"
#include "themes/compress.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::e2e {
namespace {

using testing::write_theme;

class S3BlobE2eTest : public E2eTest {
 protected:
  // Flags and environment that point the binary at this test's S3 prefix.
  std::vector<std::string> with_blob_url(std::vector<std::string> args) const {
    std::vector<std::string> argv{vitrine_binary()};
    argv.insert(argv.end(), args.begin(), args.end());
    auto flags = folder_flags();
    argv.insert(argv.end(), flags.begin(), flags.end());
    argv.push_back("--blob-url");
    argv.push_back(blob_url_);
    return argv;
  }

  std::string blob_url_ = vitrine::testing::test_s3_blob_url("e2e");
};

TEST_F(S3BlobE2eTest, SyncUploadsToS3AndTheCdnServesFromIt) {
  write_theme(themes(), "shop", "1.0.0");
  auto env = vitrine::testing::test_s3_credentials_env();
  auto synced = run_process(with_blob_url({"sync", "--all"}), env, tmp.path().string());
  ASSERT_EQ(synced.exit_code, 0) << synced.out << synced.err;
  EXPECT_NE(synced.out.find("1 registered"), std::string::npos) << synced.out;

  // The objects are in the bucket, not in the local data folder.
  for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
  auto bucket = blob::S3BlobStore::open_url(blob_url_);
  ASSERT_THAT(bucket, IsOk());
  auto listed = (*bucket)->list("");
  ASSERT_THAT(listed, IsOk());
  bool has_css = false;
  for (const auto& b : *listed) has_css |= b.key.ends_with("build/theme.css");
  EXPECT_TRUE(has_css) << "theme.css was not uploaded; " << listed->size() << " objects";
  EXPECT_FALSE(std::filesystem::exists(data() / "blobs" / "themes"));

  std::vector<std::string> serve_args(with_blob_url({"serve", "--listen", "127.0.0.1:0"}));
  serve_args.erase(serve_args.begin());  // ServerProcess adds the binary itself
  ServerProcess server(serve_args, env, tmp.path().string());
  ASSERT_TRUE(server.started()) << server.error_output();
  const std::string css = testing::sample_css("shop 1.0.0");
  auto r = http_get(server.url("/cdn/themes/shop/1.0.0/build/theme.css"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, css);
  EXPECT_EQ(r.headers["content-type"], "text/css; charset=utf-8");
  auto part =
      http_get(server.url("/cdn/themes/shop/1.0.0/build/theme.css"), {{"Range", "bytes=3-12"}});
  EXPECT_EQ(part.status, 206);
  EXPECT_EQ(part.body, css.substr(3, 10));
  auto png = http_get(server.url("/cdn/themes/shop/1.0.0/build/logo.png"));
  EXPECT_EQ(png.status, 200);
  EXPECT_EQ(png.body.substr(0, 4), "\x89PNG");
  expect_error(http_get(server.url("/cdn/themes/shop/1.0.0/build/nope.css")), 404, "not_found");
}

// Incompressible bytes, like the video or large image a theme might ship.
std::string noise(size_t n) {
  std::string out(n, '\0');
  uint64_t x = 0x9E3779B97F4A7C15ull;
  for (size_t i = 0; i < n; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    out[i] = static_cast<char>(x >> 32);
  }
  return out;
}

// The value of an unlabelled Prometheus sample `name` in a /metrics body, or -1.
double metric(const std::string& body, const std::string& name) {
  size_t at = body.find("\n" + name + " ");
  return at == std::string::npos ? -1 : std::stod(body.substr(at + name.size() + 2));
}

TEST_F(S3BlobE2eTest, LargeAssetsAreStreamedFromS3WholeAndInRanges) {
  const std::string big = noise(12 << 20);
  std::string text;
  for (int i = 0; text.size() < (3 << 19); ++i)
    text += "row " + std::to_string(i) + ": streamed from S3 without buffering whole files\n";
  auto dir = write_theme(themes(), "shop", "1.0.0");
  testing::write_text(dir / "media/hero.webp", big);
  testing::write_text(dir / "docs/manual.txt", text);
  auto env = vitrine::testing::test_s3_credentials_env();
  auto synced = run_process(with_blob_url({"sync", "--all"}), env, tmp.path().string());
  ASSERT_EQ(synced.exit_code, 0) << synced.out << synced.err;

  std::vector<std::string> serve_args(with_blob_url({"serve", "--listen", "127.0.0.1:0"}));
  serve_args.erase(serve_args.begin());
  ServerProcess server(serve_args, env, tmp.path().string());
  ASSERT_TRUE(server.started()) << server.error_output();
  const std::string url = server.url("/cdn/themes/shop/1.0.0/media/hero.webp");

  auto whole = http_get(url);
  ASSERT_EQ(whole.status, 200) << whole.body.substr(0, 300);
  EXPECT_EQ(whole.headers["content-length"], std::to_string(big.size()));
  EXPECT_EQ(whole.headers["content-type"], "image/webp");
  EXPECT_EQ(whole.headers["accept-ranges"], "bytes");
  EXPECT_EQ(whole.body.size(), big.size());
  EXPECT_EQ(sha256_hex(whole.body), sha256_hex(big));
  const std::string etag = whole.headers["etag"];
  EXPECT_FALSE(etag.empty());

  auto part = http_get(url, {{"Range", "bytes=5000000-7000123"}});
  ASSERT_EQ(part.status, 206);
  EXPECT_EQ(part.headers["content-range"], "bytes 5000000-7000123/" + std::to_string(big.size()));
  EXPECT_EQ(part.headers["content-length"], "2000124");
  EXPECT_TRUE(part.body == big.substr(5000000, 2000124)) << "range bytes differ";
  auto first = http_get(url, {{"Range", "bytes=0-0"}});
  EXPECT_EQ(first.status, 206);
  EXPECT_EQ(first.body, big.substr(0, 1));
  auto tail = http_get(url, {{"Range", "bytes=-100"}});
  EXPECT_EQ(tail.status, 206);
  EXPECT_EQ(tail.body, big.substr(big.size() - 100));
  auto beyond = http_get(url, {{"Range", "bytes=99999999-"}});
  EXPECT_EQ(beyond.status, 416);
  EXPECT_EQ(beyond.headers["content-range"], "bytes */" + std::to_string(big.size()));

  auto head = http_request("HEAD", url);
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.headers["content-length"], std::to_string(big.size()));
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(http_get(url, {{"If-None-Match", etag}}).status, 304);

  // The precompressed copy of a large text file is streamed as well.
  auto br = http_get(server.url("/cdn/themes/shop/1.0.0/docs/manual.txt"),
                     {{"Accept-Encoding", "br, gzip"}});
  ASSERT_EQ(br.status, 200);
  EXPECT_EQ(br.headers["content-encoding"], "br");
  EXPECT_EQ(br.headers["vary"], "Accept-Encoding");
  EXPECT_EQ(br.headers["content-length"], std::to_string(br.body.size()));
  auto plain = themes::brotli_decompress(br.body);
  ASSERT_TRUE(plain.has_value());
  EXPECT_TRUE(*plain == text);

  // Nothing of it was kept in memory: the asset cache holds less than the file.
  auto metrics = http_get(server.url("/metrics"));
  ASSERT_EQ(metrics.status, 200);
  const double cached = metric(metrics.body, "vitrine_cdn_cache_bytes");
  EXPECT_GE(cached, 0) << metrics.body.substr(0, 500);
  EXPECT_LT(cached, static_cast<double>(big.size()));
}

TEST_F(S3BlobE2eTest, MissingCredentialsStopTheCommandWithTheVariableNamed) {
  write_theme(themes(), "shop", "1.0.0");
  auto r =
      run_process(with_blob_url({"sync", "--all"}),
                  {{"AWS_ACCESS_KEY_ID", ""}, {"AWS_SECRET_ACCESS_KEY", ""}}, tmp.path().string());
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE((r.out + r.err).find("AWS_ACCESS_KEY_ID"), std::string::npos) << r.out << r.err;
}

}  // namespace
}  // namespace vitrine::e2e
