// The GitHub integration end to end, with the real binary: link a theme to a repository, send
// the signed webhook GitHub would send for a tag push, and watch the version reach the CDN,
// downloaded from the release archive or synced from the local folder. Every refusal answers in
// the one error format.
#include <gtest/gtest.h>

#include <fstream>

#include "core/hash.h"
#include "e2e/e2e_support.h"

namespace vitrine::e2e {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kSecret = "e2e webhook secret";

class GithubWebhookE2eTest : public E2eTest {
 protected:
  fs::path releases() const { return tmp.path() / "releases"; }
  fs::path sources() const { return tmp.path() / "src"; }

  // ./vitrine.toml in the folder every command runs in.
  void write_config(const std::string& extra = "") {
    std::ofstream(tmp.path() / "vitrine.toml") << "github_webhook_secret = \"" << kSecret << "\"\n"
                                               << extra;
  }

  // `vitrine theme create <slug> --dir <dir>`: the scaffold's v0.1.0.
  void create_theme(const std::string& slug, const fs::path& dir) {
    auto made = run_process({vitrine_binary(), "theme", "create", slug, "--dir", dir.string()});
    ASSERT_EQ(made.exit_code, 0) << made.err;
  }

  // tar czf <releases>/<repo>/<tag>.tar.gz of a version folder's contents, as a release job
  // would attach it.
  void release_archive(const fs::path& version_dir, const std::string& repo,
                       const std::string& tag) {
    fs::path out = releases() / repo / (tag + ".tar.gz");
    fs::create_directories(out.parent_path());
    std::vector<std::string> argv{"tar", "czf", out.string(), "-C", version_dir.string()};
    for (const auto& e : fs::directory_iterator(version_dir))
      argv.push_back(e.path().filename().string());
    auto r = run_process(argv);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  static HttpResult webhook(const ServerProcess& server, const std::string& event,
                            const std::string& delivery, const std::string& body,
                            const std::string& signature) {
    std::vector<std::pair<std::string, std::string>> headers{{"Content-Type", "application/json"},
                                                             {"X-GitHub-Event", event},
                                                             {"X-GitHub-Delivery", delivery},
                                                             {"User-Agent", "GitHub-Hookshot/e2e"}};
    if (!signature.empty()) headers.push_back({"X-Hub-Signature-256", signature});
    return http_request("POST", server.url("/api/webhooks/github"), headers, body);
  }

  static std::string sign(const std::string& body) {
    return "sha256=" + hmac_sha256_hex(kSecret, body);
  }

  static std::string tag_push(const std::string& repo, const std::string& ref) {
    return json{{"ref", ref},
                {"deleted", false},
                {"repository", {{"full_name", repo}}},
                {"pusher", {{"name", "octocat"}}}}
        .dump();
  }

  // The delivery as GET /api/webhooks/github/deliveries lists it; null when absent.
  static json delivery(const ServerProcess& server, const std::string& token,
                       const std::string& id) {
    auto r = api_call(server, "GET", "/api/webhooks/github/deliveries", token);
    if (r.status != 200) return nullptr;
    const json list = json::parse(r.body);
    for (const auto& d : list["deliveries"])
      if (d["id"] == id) return d;
    return nullptr;
  }

  // Waits until the delivery is done or failed; returns it.
  static json finished(const ServerProcess& server, const std::string& token,
                       const std::string& id) {
    json d;
    eventually(
        [&] {
          d = delivery(server, token, id);
          return d.is_object() && (d["state"] == "done" || d["state"] == "failed");
        },
        std::chrono::seconds(60));
    return d;
  }

  void link(const ServerProcess& server, const std::string& token, const std::string& slug,
            const std::string& repo) {
    auto r =
        api_call(server, "PUT", "/api/themes/" + slug + "/repository", token, {{"repo", repo}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(json_of(r)["slug"], slug);
    EXPECT_EQ(json_of(r)["repo"], repo);
  }
};

TEST_F(GithubWebhookE2eTest, TagPushDownloadsTheReleaseArchiveAndTheCdnServesIt) {
  create_theme("octo-shop", sources());
  release_archive(sources() / "octo-shop" / "v0.1.0", "octo/octo-shop", "v0.1.0");
  write_config("github_archive_url = \"file://" + releases().string() +
               "/{owner}/{name}/{tag}.tar.gz\"\n");
  std::string token = admin_token();
  auto server = serve();
  ASSERT_TRUE(server->started());
  link(*server, token, "octo-shop", "octo/octo-shop");

  std::string body = tag_push("octo/octo-shop", "refs/tags/v0.1.0");
  auto r = webhook(*server, "push", "e2e-delivery-1", body, sign(body));
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(json_of(r)["status"], "queued");
  EXPECT_EQ(json_of(r)["delivery"]["version"], "0.1.0");

  json d = finished(*server, token, "e2e-delivery-1");
  ASSERT_TRUE(d.is_object())
      << api_call(*server, "GET", "/api/webhooks/github/deliveries", token).body
      << server->error_output();
  EXPECT_EQ(d["state"], "done") << d.dump();
  EXPECT_EQ(d["result"]["slug"], "octo-shop");
  auto css = http_get(server->url("/cdn/themes/octo-shop/0.1.0/build/theme.css"));
  EXPECT_EQ(css.status, 200) << css.body;
  std::ifstream source(sources() / "octo-shop/v0.1.0/build/theme.css", std::ios::binary);
  EXPECT_EQ(css.body, std::string(std::istreambuf_iterator<char>(source), {}));
  auto detail = api_call(*server, "GET", "/api/themes/octo-shop", "");
  EXPECT_EQ(detail.status, 200);
  EXPECT_EQ(json_of(detail)["versions"][0]["version"], "0.1.0");

  // GitHub retrying the same delivery changes nothing.
  auto replay = webhook(*server, "push", "e2e-delivery-1", body, sign(body));
  EXPECT_EQ(replay.status, 200) << replay.body;
  EXPECT_EQ(json_of(replay)["status"], "duplicate");
  EXPECT_EQ(json_of(replay)["delivery"]["state"], "done");
}

TEST_F(GithubWebhookE2eTest, WithoutAnArchiveUrlTheLocalFolderIsSynced) {
  write_config();
  create_theme("folder-shop", themes());
  std::string token = admin_token();
  auto server = serve();
  ASSERT_TRUE(server->started());
  link(*server, token, "folder-shop", "octo/folder-shop");
  std::string body = tag_push("octo/folder-shop", "refs/tags/v0.1.0");
  auto r = webhook(*server, "push", "e2e-folder", body, sign(body));
  ASSERT_EQ(r.status, 202) << r.body;
  json d = finished(*server, token, "e2e-folder");
  ASSERT_TRUE(d.is_object())
      << api_call(*server, "GET", "/api/webhooks/github/deliveries", token).body
      << server->error_output();
  EXPECT_EQ(d["state"], "done") << d.dump();
  EXPECT_EQ(d["result"]["state"], "registered");
  auto css = http_get(server->url("/cdn/themes/folder-shop/0.1.0/build/theme.css"));
  EXPECT_EQ(css.status, 200) << css.body;

  // A tag with no folder behind it fails, and says why.
  std::string missing = tag_push("octo/folder-shop", "refs/tags/v0.2.0");
  ASSERT_EQ(webhook(*server, "push", "e2e-folder-2", missing, sign(missing)).status, 202);
  json failed = finished(*server, token, "e2e-folder-2");
  EXPECT_EQ(failed["state"], "failed");
  EXPECT_NE(failed["error"].get<std::string>().find("v0.2.0 does not exist"), std::string::npos)
      << failed.dump();
  // The worker stops with the server.
  EXPECT_EQ(server->stop(), 0) << server->error_output();
}

TEST_F(GithubWebhookE2eTest, RefusalsAnswerInTheErrorFormat) {
  write_config();
  std::string token = admin_token();
  auto server = serve();
  ASSERT_TRUE(server->started());
  link(*server, token, "shop", "octo/shop");
  std::string body = tag_push("octo/shop", "refs/tags/v1.0.0");

  auto unsigned_request = webhook(*server, "push", "e2e-r1", body, "");
  auto e = expect_error(unsigned_request, 401, "unauthorized");
  EXPECT_NE(e["message"].get<std::string>().find("missing X-Hub-Signature-256"), std::string::npos);
  auto wrong =
      webhook(*server, "push", "e2e-r1", body, "sha256=" + hmac_sha256_hex("not the secret", body));
  expect_error(wrong, 401, "unauthorized");
  // A bearer token is no substitute for the signature.
  auto with_token = http_request("POST", server->url("/api/webhooks/github"),
                                 {{"Authorization", "Bearer " + token},
                                  {"X-GitHub-Event", "push"},
                                  {"X-GitHub-Delivery", "e2e-r1"}},
                                 body);
  expect_error(with_token, 401, "unauthorized");

  std::string stranger = tag_push("someone/else", "refs/tags/v1.0.0");
  auto unknown = webhook(*server, "push", "e2e-r2", stranger, sign(stranger));
  expect_error(unknown, 404, "not_found");

  std::string not_json = "{\"ref\":";
  expect_error(webhook(*server, "push", "e2e-r3", not_json, sign(not_json)), 400, "invalid_json");

  std::string branch = tag_push("octo/shop", "refs/heads/main");
  auto ignored = webhook(*server, "push", "e2e-r4", branch, sign(branch));
  EXPECT_EQ(ignored.status, 200) << ignored.body;
  EXPECT_EQ(json_of(ignored)["status"], "ignored");
  EXPECT_NE(json_of(ignored)["reason"].get<std::string>().find("refs/heads/main"),
            std::string::npos);

  auto ping = webhook(*server, "ping", "e2e-r5", R"({"zen":"Speak like a human."})",
                      sign(R"({"zen":"Speak like a human."})"));
  EXPECT_EQ(ping.status, 200);
  EXPECT_EQ(json_of(ping)["status"], "pong");

  // Only accepted deliveries are listed; the refused ones left no trace.
  auto list = api_call(*server, "GET", "/api/webhooks/github/deliveries", token);
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(json_of(list)["deliveries"].size(), 1u) << list.body;
  EXPECT_EQ(json_of(list)["deliveries"][0]["id"], "e2e-r4");
  expect_error(api_call(*server, "GET", "/api/webhooks/github/deliveries", ""), 401,
               "unauthorized");
}

TEST_F(GithubWebhookE2eTest, RepositoryLinkApi) {
  write_config();
  std::string token = admin_token();
  auto server = serve();
  ASSERT_TRUE(server->started());
  expect_error(api_call(*server, "PUT", "/api/themes/shop/repository", "", {{"repo", "o/n"}}), 401,
               "unauthorized");
  auto bad = api_call(*server, "PUT", "/api/themes/shop/repository", token,
                      {{"repo", "https://github.com/o/n"}});
  EXPECT_EQ(expect_error(bad, 400, "invalid_argument")["details"]["pointer"], "/repo");
  expect_error(api_call(*server, "GET", "/api/themes/shop/repository", token), 404, "not_found");
  link(*server, token, "shop", "octo/shop");
  auto got = api_call(*server, "GET", "/api/themes/shop/repository", token);
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(json_of(got)["repo"], "octo/shop");
  expect_error(
      api_call(*server, "PUT", "/api/themes/blog/repository", token, {{"repo", "octo/shop"}}), 409,
      "conflict");
  EXPECT_EQ(api_call(*server, "DELETE", "/api/themes/shop/repository", token).status, 204);
  expect_error(api_call(*server, "GET", "/api/themes/shop/repository", token), 404, "not_found");
}

TEST_F(GithubWebhookE2eTest, WithoutASecretTheWebhookIsDisabled) {
  auto server = serve();
  ASSERT_TRUE(server->started());
  std::string body = tag_push("octo/shop", "refs/tags/v1.0.0");
  auto r = webhook(*server, "push", "e2e-off", body, sign(body));
  auto e = expect_error(r, 503, "unavailable");
  EXPECT_NE(e["message"].get<std::string>().find("github_webhook_secret"), std::string::npos);
}

TEST_F(GithubWebhookE2eTest, ConfigShowsTheSecretsMasked) {
  write_config("github_token = \"ghp_e2e_token_value\"\n");
  auto r = vitrine({"config"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("github_webhook_secret"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(kSecret), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("ghp_e2e_token_value"), std::string::npos) << r.out;
}

TEST_F(GithubWebhookE2eTest, AnArchiveUrlWithAnUnknownPlaceholderIsAConfigError) {
  write_config("github_archive_url = \"https://github.com/{repository}/{tag}.tar.gz\"\n");
  auto r = vitrine({"config"});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.err.find("github_archive_url"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("unknown placeholder {repository}"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace vitrine::e2e
