// Request body limits of the running binary: theme uploads (POST /api/themes/push) have their
// own limit, theme_push_max_bytes, every other route keeps max_body_bytes.
#include "e2e_support.h"

namespace vitrine::e2e {
namespace {

class BodyLimitE2eTest : public E2eTest {
 protected:
  std::unique_ptr<ServerProcess> serve_with(
      std::vector<std::pair<std::string, std::string>> env) const {
    std::vector<std::string> args{"serve", "--listen", "127.0.0.1:0"};
    auto flags = folder_flags();
    args.insert(args.end(), flags.begin(), flags.end());
    return std::make_unique<ServerProcess>(args, std::move(env), tmp.path().string());
  }
};

TEST_F(BodyLimitE2eTest, ThemePushHasItsOwnLimitAndOtherRoutesKeepTheGeneralOne) {
  auto server = serve_with({{"VITRINE_THEME_PUSH_MAX_BYTES", "3000000"}});
  ASSERT_TRUE(server->started()) << server->error_output();
  const std::vector<std::pair<std::string, std::string>> gzip = {
      {"Content-Type", "application/gzip"}};

  // 2 MB is over max_body_bytes (1 MiB) but within the push limit: the request gets past the
  // server's limit to the route (which refuses it for other reasons: no token, not an archive).
  auto within =
      http_request("POST", server->url("/api/themes/push"), gzip, std::string(2'000'000, 'x'));
  EXPECT_NE(within.status, 413) << within.body;
  EXPECT_NE(within.status, 0) << within.body;

  auto over =
      http_request("POST", server->url("/api/themes/push"), gzip, std::string(3'000'001, 'x'));
  auto e = expect_error(over, 413, "payload_too_large");
  EXPECT_EQ(e["message"], "theme archive exceeds 3000000 bytes (theme_push_max_bytes)");
  EXPECT_EQ(e["details"]["limit"], 3000000);

  // Any other route: the general limit.
  auto elsewhere =
      http_request("POST", server->url("/api/users"), {{"Content-Type", "application/json"}},
                   std::string(2'000'000, ' '));
  auto general = expect_error(elsewhere, 413, "payload_too_large");
  EXPECT_EQ(general["details"]["limit"], 1 << 20);
}

TEST_F(BodyLimitE2eTest, DefaultPushLimitIsFiftyMebibytes) {
  auto server = serve_with({});
  ASSERT_TRUE(server->started()) << server->error_output();
  auto over = http_request("POST", server->url("/api/themes/push"),
                           {{"Content-Type", "application/gzip"}}, std::string(52428800 + 1, 'x'));
  auto e = expect_error(over, 413, "payload_too_large");
  EXPECT_EQ(e["message"], "theme archive exceeds 52428800 bytes (theme_push_max_bytes)");
  EXPECT_EQ(e["details"]["limit"], 52428800);
}

}  // namespace
}  // namespace vitrine::e2e
