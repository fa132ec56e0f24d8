// Theme assets in S3: `vitrine sync --blob-url s3://...` uploads a theme to an S3-compatible
// server (tests/testing/s3_server.h) and `vitrine serve` on the same URL serves it on the CDN.
#include "blob/s3_blob_store.h"
#include "e2e_support.h"
#include "testing/s3_server.h"

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
  ASSERT_TRUE(bucket.ok()) << bucket.error().message;
  auto listed = (*bucket)->list("");
  ASSERT_TRUE(listed.ok()) << listed.error().message;
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
