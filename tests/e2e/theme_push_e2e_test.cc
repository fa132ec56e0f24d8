// POST /api/themes/push and the draft endpoints against the real binary: a pushed theme is on the
// CDN at once, every rejection answers the one error format, and draft files are reachable only
// through a valid, unexpired signed URL.
#include <chrono>

#include "core/hash.h"
#include "e2e/e2e_support.h"
#include "theme_push/archive.h"
#include "themes/theme_fixture.h"

namespace vitrine::e2e {
namespace {

using nlohmann::json;

constexpr const char* kSecret = "e2e-draft-secret";

class ThemePushE2eTest : public E2eTest {
 protected:
  void SetUp() override {
    server = serve({}, {{"VITRINE_DRAFT_URL_SECRET", kSecret}});
    ASSERT_TRUE(server->started());
    admin = admin_token();
  }

  std::string archive(const std::string& slug, const std::string& version,
                      const json& patch = json::object()) {
    auto dir = testing::write_theme(tmp.path() / "src", slug, version, patch);
    return std::move(theme_push::pack_theme_folder(dir)).value();
  }

  HttpResult push(const std::string& body, const std::string& token, const std::string& query = "",
                  const std::string& type = "application/gzip") {
    std::vector<std::pair<std::string, std::string>> headers{{"Content-Type", type}};
    if (!token.empty()) headers.push_back({"Authorization", "Bearer " + token});
    return http_request("POST", server->url("/api/themes/push" + query), headers, body);
  }

  std::unique_ptr<ServerProcess> server;
  std::string admin;
};

TEST_F(ThemePushE2eTest, PushedThemeIsServedByTheCdnAtOnce) {
  std::string alice = user_token(*server, admin, "alice@example.com");
  auto r = push(archive("pushed", "1.0.0"), alice);
  ASSERT_EQ(r.status, 201) << r.body;
  json out = json_of(r);
  EXPECT_EQ(out["slug"], "pushed");
  EXPECT_EQ(out["cdn_base"], "/cdn/themes/pushed/1.0.0/");
  EXPECT_EQ(out["warnings"][0]["file"], "previews/");

  auto css = http_get(server->url("/cdn/themes/pushed/1.0.0/build/theme.css"));
  EXPECT_EQ(css.status, 200);
  EXPECT_NE(css.body.find(".block-1"), std::string::npos);
  auto min = http_get(server->url("/cdn/themes/pushed/1.0.0/build/theme.min.css"));
  EXPECT_EQ(min.status, 200);
  EXPECT_LT(min.body.size(), css.body.size());
  auto latest = http_get(server->url("/cdn/themes/pushed/latest/build/theme.css"));
  EXPECT_EQ(latest.status, 302);
  EXPECT_EQ(latest.headers["location"], "/cdn/themes/pushed/1.0.0/build/theme.css");

  auto listed = api_call(*server, "GET", "/api/themes/pushed", "");
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(json_of(listed)["latest_version"], "1.0.0");

  // The same version again is refused; another author may not push the slug.
  expect_error(push(archive("pushed", "1.0.0"), alice), 409, "conflict");
  std::string bob = user_token(*server, admin, "bob@example.com");
  expect_error(push(archive("pushed", "1.1.0"), bob), 403, "forbidden");
}

TEST_F(ThemePushE2eTest, BadUploadsAnswerTheOneErrorFormat) {
  const std::string good = archive("shop", "1.0.0");
  expect_error(push(good, ""), 401, "unauthorized");
  expect_error(push(good, admin, "", "application/json"), 400, "invalid_argument");
  expect_error(push(good, admin, "?draft=maybe"), 400, "invalid_argument");
  expect_error(push("", admin), 400, "invalid_argument");
  expect_error(push("not a tar.gz at all", admin), 400, "invalid_argument");

  auto invalid = push(archive("shop", "1.0.0", {{"price_tier", "gold"}}), admin);
  json e = expect_error(invalid, 422, "validation_failed");
  ASSERT_TRUE(e["details"]["problems"].is_array());
  EXPECT_EQ(e["details"]["problems"][0]["file"], "theme-metadata.json");
  EXPECT_EQ(e["details"]["problems"][0]["location"], "/price_tier");
  expect_error(api_call(*server, "GET", "/api/themes/shop", ""), 404, "not_found");
}

TEST_F(ThemePushE2eTest, DraftsAreServedOnlyThroughValidSignedUrls) {
  std::string alice = user_token(*server, admin, "alice@example.com");
  auto r = push(archive("drafty", "0.9.0"), alice, "?draft=true");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(json_of(r)["draft"], true);
  // Private: not on the public CDN path, not in the catalogue.
  EXPECT_EQ(http_get(server->url("/cdn/themes/drafty/0.9.0/build/theme.css")).status, 404);
  EXPECT_EQ(api_call(*server, "GET", "/api/themes/drafty", "").status, 404);

  auto signed_url = api_call(*server, "GET", "/api/themes/drafty/drafts/0.9.0/url", alice);
  ASSERT_EQ(signed_url.status, 200) << signed_url.body;
  json link = json_of(signed_url);
  const std::string css_url = link["files"]["build/theme.css"];
  auto ok = http_get(css_url);
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_NE(ok.body.find(".block-1"), std::string::npos);
  EXPECT_EQ(ok.headers["cache-control"], "private, no-store");
  EXPECT_EQ(ok.headers["content-type"], "text/css; charset=utf-8");

  // Tampered signature, a link moved to another file's draft, no signature, expired.
  std::string tampered = css_url;
  tampered.back() = tampered.back() == '0' ? '1' : '0';
  expect_error(http_get(tampered), 403, "forbidden");
  const std::string base = server->url("/cdn/drafts/drafty/0.9.0/build/theme.css");
  expect_error(http_get(base), 403, "forbidden");
  const int64_t past = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count() -
                       10;
  const std::string sig =
      hmac_sha256_hex(kSecret, "drafts\ndrafty\n0.9.0\n" + std::to_string(past));
  json expired = expect_error(http_get(base + "?expires=" + std::to_string(past) + "&sig=" + sig),
                              403, "forbidden");
  EXPECT_NE(expired["message"].get<std::string>().find("expired"), std::string::npos);

  // Another author sees no draft; the owner publishes it and the public path serves it.
  std::string bob = user_token(*server, admin, "bob@example.com");
  expect_error(api_call(*server, "GET", "/api/themes/drafty/drafts/0.9.0/url", bob), 404,
               "not_found");
  auto drafts = api_call(*server, "GET", "/api/themes/drafty/drafts", alice);
  ASSERT_EQ(drafts.status, 200);
  EXPECT_EQ(json_of(drafts)["items"].size(), 1u);
  auto published = api_call(*server, "POST", "/api/themes/drafty/drafts/0.9.0/publish", alice);
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_EQ(http_get(server->url("/cdn/themes/drafty/0.9.0/build/theme.css")).status, 200);
  expect_error(http_get(css_url), 404, "not_found");
}

}  // namespace
}  // namespace vitrine::e2e
