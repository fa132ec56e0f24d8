#include "config/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cctype>
#include <filesystem>
#include <fstream>

#include "testing/matchers.h"
#include "testing/temp_dir.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const char* const kKeys[] = {"listen",
                             "data_dir",
                             "themes_dir",
                             "database_url",
                             "blob_url",
                             "base_domain",
                             "dns_resolver",
                             "log_format",
                             "log_level",
                             "public_url",
                             "threads",
                             "max_body_bytes",
                             "theme_push_max_bytes",
                             "max_header_bytes",
                             "header_timeout_ms",
                             "idle_timeout_ms",
                             "shutdown_grace_ms",
                             "theme_max_file_bytes",
                             "theme_max_files",
                             "cdn_cache_bytes",
                             "render_cache_bytes",
                             "page_ttl_seconds",
                             "render_workers",
                             "render_silo_workers",
                             "render_time_limit_ms",
                             "render_heap_mb",
                             "render_worker_binary",
                             "site_rate_limits",
                             "github_webhook_secret",
                             "github_archive_url",
                             "github_token",
                             "smtp_url",
                             "mail_from",
                             "stripe_api_url",
                             "draft_url_secret"};

std::string env_name(std::string key) {
  for (char& c : key) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return "VITRINE_" + key;
}

// Runs each test in an empty folder (so no stray ./vitrine.toml is read) with no VITRINE_*
// setting in the environment, and restores both afterwards.
class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    old_cwd_ = fs::current_path();
    fs::current_path(dir_.path());
    clear_env();
  }
  void TearDown() override {
    clear_env();
    fs::current_path(old_cwd_);
  }
  static void clear_env() {
    for (const char* key : kKeys) unsetenv(env_name(key).c_str());
  }
  void write(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
  }
  Config load_ok(const std::string& file = "", const ConfigOverrides& flags = {}) {
    auto c = load_config(file, flags);
    EXPECT_THAT(c, IsOk());
    return c.ok() ? *c : Config{};
  }
  Error load_error(const std::string& file = "", const ConfigOverrides& flags = {}) {
    auto c = load_config(file, flags);
    EXPECT_THAT(c, Not(IsOk()));
    if (c.ok()) return make_error("", "");
    EXPECT_EQ(c.error().code, errc::kConfig);
    return c.error();
  }

  TempDir dir_;
  fs::path old_cwd_;
};

TEST_F(ConfigTest, DefaultsAndDerivedUrls) {
  Config c = load_ok();
  EXPECT_EQ(c.listen, "127.0.0.1:8080");
  EXPECT_EQ(c.data_dir, "./data");
  EXPECT_EQ(c.themes_dir, "./themes");
  EXPECT_EQ(c.database_url, "sqlite://./data/vitrine.db");
  EXPECT_EQ(c.blob_url, "file://./data/blobs");
  EXPECT_EQ(c.public_url, "http://127.0.0.1:8080");
  EXPECT_EQ(c.log_format, "text");
  EXPECT_EQ(c.log_level, "info");
  EXPECT_EQ(c.threads, 0);
  EXPECT_EQ(c.max_body_bytes, 1u << 20);
  EXPECT_EQ(c.theme_push_max_bytes, 52428800u);
  EXPECT_EQ(c.theme_max_files, 2000);
}

TEST_F(ConfigTest, DerivedUrlsFollowDataDirAndListen) {
  Config abs = load_ok("", {{"data_dir", "/var/lib/vitrine/"}, {"listen", "0.0.0.0:9000"}});
  EXPECT_EQ(abs.database_url, "sqlite:///var/lib/vitrine/vitrine.db");
  EXPECT_EQ(abs.blob_url, "file:///var/lib/vitrine/blobs");
  EXPECT_EQ(abs.public_url, "http://0.0.0.0:9000");

  Config rel = load_ok("", {{"data_dir", "state"}});
  EXPECT_EQ(rel.database_url, "sqlite://state/vitrine.db") << "relative stays relative";
  EXPECT_EQ(rel.blob_url, "file://state/blobs");

  Config given = load_ok("", {{"database_url", "sqlite:///x.db"},
                              {"blob_url", "file:///b"},
                              {"public_url", "https://shop.example"}});
  EXPECT_EQ(given.database_url, "sqlite:///x.db");
  EXPECT_EQ(given.blob_url, "file:///b");
  EXPECT_EQ(given.public_url, "https://shop.example");
}

TEST_F(ConfigTest, ReadsEveryKeyFromToml) {
  write("custom.toml", R"(
listen = "[::1]:7000"
data_dir = "/srv/data"
themes_dir = "/srv/themes"
database_url = "sqlite:///srv/db.sqlite"
blob_url = "file:///srv/blobs"
base_domain = "vitrine.test"
dns_resolver = "127.0.0.1:5353"
log_format = "json"
log_level = "debug"
public_url = "https://vitrine.test"
threads = 4
max_body_bytes = 2048
theme_push_max_bytes = 123456
max_header_bytes = 4096
header_timeout_ms = 500
idle_timeout_ms = 700
shutdown_grace_ms = 0
theme_max_file_bytes = 99
theme_max_files = 12
cdn_cache_bytes = 0
render_cache_bytes = 0
page_ttl_seconds = 5
render_workers = 3
render_silo_workers = 2
render_time_limit_ms = 1000
render_heap_mb = 128
render_worker_binary = "/usr/bin/vitrine"
site_rate_limits = "off"
smtp_url = "smtp://mail.vitrine.test:25"
mail_from = "orders@vitrine.test"
stripe_api_url = "http://127.0.0.1:12111"
)");
  Config c = load_ok("custom.toml");
  auto d = c.describe();
  EXPECT_EQ(d.size(), std::size(kKeys));
  EXPECT_EQ(d["listen"], "[::1]:7000");
  EXPECT_EQ(c.smtp_url, "smtp://mail.vitrine.test:25");
  EXPECT_EQ(c.mail_from, "orders@vitrine.test");
  EXPECT_EQ(c.stripe_api_url, "http://127.0.0.1:12111");
  EXPECT_EQ(d["data_dir"], "/srv/data");
  EXPECT_EQ(d["themes_dir"], "/srv/themes");
  EXPECT_EQ(d["database_url"], "sqlite:///srv/db.sqlite");
  EXPECT_EQ(d["blob_url"], "file:///srv/blobs");
  EXPECT_EQ(d["base_domain"], "vitrine.test");
  EXPECT_EQ(d["dns_resolver"], "127.0.0.1:5353");
  EXPECT_EQ(d["log_format"], "json");
  EXPECT_EQ(d["log_level"], "debug");
  EXPECT_EQ(d["public_url"], "https://vitrine.test");
  EXPECT_EQ(d["threads"], "4");
  EXPECT_EQ(d["max_body_bytes"], "2048");
  EXPECT_EQ(d["theme_push_max_bytes"], "123456");
  EXPECT_EQ(d["max_header_bytes"], "4096");
  EXPECT_EQ(d["header_timeout_ms"], "500");
  EXPECT_EQ(d["idle_timeout_ms"], "700");
  EXPECT_EQ(d["shutdown_grace_ms"], "0");
  EXPECT_EQ(d["theme_max_file_bytes"], "99");
  EXPECT_EQ(d["theme_max_files"], "12");
  EXPECT_EQ(d["cdn_cache_bytes"], "0");
  EXPECT_EQ(c.render_cache_bytes, 0u);
  EXPECT_EQ(c.page_ttl_seconds, 5);
  EXPECT_EQ(c.render_workers, 3);
  EXPECT_EQ(c.render_silo_workers, 2);
  EXPECT_EQ(c.render_time_limit_ms, 1000);
  EXPECT_EQ(c.render_heap_mb, 128);
  EXPECT_EQ(c.render_worker_binary, "/usr/bin/vitrine");
  EXPECT_EQ(c.site_rate_limits, "off");
  EXPECT_EQ(c.threads, 4);
  EXPECT_EQ(c.max_header_bytes, 4096u);
}

TEST_F(ConfigTest, RenderTimeLimitIsAtMostOneSecond) {
  EXPECT_EQ(load_ok().render_time_limit_ms, 50);
  Error e = load_error("", {{"render_time_limit_ms", "1001"}});
  EXPECT_THAT(e.message, HasSubstr("render_time_limit_ms"));
  EXPECT_THAT(e.message, HasSubstr("from 1 to 1000"));
}

TEST_F(ConfigTest, DnsResolverTakesAddressesNotNames) {
  EXPECT_EQ(load_ok().dns_resolver, "") << "the system resolver by default";
  for (const char* ok : {"127.0.0.1", "127.0.0.1:5353", "[::1]:53", "::1", "10.0.0.1,[::1]:5353"})
    EXPECT_EQ(load_ok("", {{"dns_resolver", ok}}).dns_resolver, ok);
  for (const char* bad :
       {"dns.example.com", "127.0.0.1:", "127.0.0.1:99999", "[::1", "1.2.3.4,x"}) {
    Error e = load_error("", {{"dns_resolver", bad}});
    EXPECT_THAT(e.message, HasSubstr("IP[:port]")) << bad;
  }
}

TEST_F(ConfigTest, DescribeListsEveryKeyWithItsEffectiveValue) {
  auto d = load_ok().describe();
  for (const char* key : kKeys) EXPECT_TRUE(d.count(key)) << key;
  EXPECT_EQ(d["database_url"], "sqlite://./data/vitrine.db");
  EXPECT_EQ(d["cdn_cache_bytes"], std::to_string(256ull << 20));
}

TEST_F(ConfigTest, DescribeNeverShowsADatabasePassword) {
  Config c = load_ok("", {{"database_url", "postgresql://shop:s3cret@db.internal:5432/vitrine"}});
  EXPECT_EQ(c.database_url, "postgresql://shop:s3cret@db.internal:5432/vitrine")
      << "the effective value keeps it";
  EXPECT_EQ(c.describe()["database_url"], "postgresql://shop:***@db.internal:5432/vitrine");
  Config q = load_ok(
      "", {{"database_url", "postgresql://shop@db.internal/vitrine?password=s3cret&pool_size=4"}});
  EXPECT_EQ(q.describe()["database_url"],
            "postgresql://shop@db.internal/vitrine?password=***&pool_size=4");
}

TEST_F(ConfigTest, DescribeMasksTheGithubSecretAndToken) {
  Config c = load_ok("", {{"github_webhook_secret", "hook-s3cret"},
                          {"github_token", "ghp_x"},
                          {"draft_url_secret", "drafts-s3cret"}});
  EXPECT_EQ(c.describe()["draft_url_secret"].find("drafts-s3cret"), std::string::npos);
  EXPECT_EQ(c.github_webhook_secret, "hook-s3cret");
  auto d = c.describe();
  EXPECT_EQ(d["github_webhook_secret"].find("hook-s3cret"), std::string::npos);
  EXPECT_EQ(d["github_token"].find("ghp_x"), std::string::npos);
  EXPECT_FALSE(d["github_token"].empty()) << "says that it is set";
  EXPECT_EQ(load_ok().describe()["github_token"], "");
}

TEST_F(ConfigTest, GithubArchiveUrlIsATemplateOfKnownPlaceholders) {
  const std::string ok = "https://github.com/{repo}/releases/download/{tag}/{slug}-{version}.tgz";
  EXPECT_EQ(load_ok("", {{"github_archive_url", ok}}).github_archive_url, ok);
  EXPECT_EQ(
      load_ok("", {{"github_archive_url", "file:///srv/{owner}/{name}.tgz"}}).github_archive_url,
      "file:///srv/{owner}/{name}.tgz");
  Error unknown = load_error("", {{"github_archive_url", "https://x/{release}.tgz"}});
  EXPECT_NE(unknown.message.find("unknown placeholder {release}"), std::string::npos)
      << unknown.message;
  Error scheme = load_error("", {{"github_archive_url", "ftp://x/{tag}.tgz"}});
  EXPECT_NE(scheme.message.find("http://, https:// or file://"), std::string::npos)
      << scheme.message;
}

TEST_F(ConfigTest, ReadsDotSlashVitrineTomlWhenPresent) {
  write("vitrine.toml", "log_level = \"warn\"\n");
  EXPECT_EQ(load_ok().log_level, "warn");
}

TEST_F(ConfigTest, FileThenEnvironmentThenFlags) {
  write("vitrine.toml", "threads = 2\nlog_level = \"warn\"\nbase_domain = \"file.test\"\n");
  setenv("VITRINE_THREADS", "3", 1);
  setenv("VITRINE_LOG_LEVEL", "error", 1);
  Config c = load_ok("", {{"threads", "5"}});
  EXPECT_EQ(c.threads, 5) << "flag beats environment and file";
  EXPECT_EQ(c.log_level, "error") << "environment beats file";
  EXPECT_EQ(c.base_domain, "file.test") << "file beats defaults";

  setenv("VITRINE_DATA_DIR", "/from/env", 1);
  EXPECT_EQ(load_ok().database_url, "sqlite:///from/env/vitrine.db");
}

TEST_F(ConfigTest, EmptyEnvironmentVariablesCountAsUnset) {
  setenv("VITRINE_THREADS", "", 1);
  setenv("VITRINE_LISTEN", "", 1);
  Config c = load_ok();
  EXPECT_EQ(c.threads, 0);
  EXPECT_EQ(c.listen, "127.0.0.1:8080");
}

TEST_F(ConfigTest, FlagsAcceptDashedNames) {
  Config c = load_ok("", {{"max-body-bytes", "10"}});
  EXPECT_EQ(c.max_body_bytes, 10u);
}

TEST_F(ConfigTest, MissingGivenFileIsAnError) {
  Error e = load_error("nowhere.toml");
  EXPECT_THAT(e.message, HasSubstr("nowhere.toml"));
  EXPECT_THAT(e.message, HasSubstr("not found"));
}

TEST_F(ConfigTest, UnknownTomlKeyNamesFileAndKey) {
  write("vitrine.toml", "listen = \"127.0.0.1:1\"\nlisten_port = 80\n");
  Error e = load_error();
  EXPECT_THAT(e.message, HasSubstr("vitrine.toml: listen_port"));
  EXPECT_THAT(e.message, HasSubstr("unknown key"));
  EXPECT_THAT(e.message, HasSubstr("accepted keys: listen, data_dir"));

  write("other.toml", "[server]\nlisten = \"x:1\"\n");
  EXPECT_THAT(load_error("other.toml").message, HasSubstr("other.toml: server: unknown key"));
}

TEST_F(ConfigTest, WrongTomlTypesNameFileKeyAndExpectation) {
  write("vitrine.toml", "threads = \"four\"\n");
  Error e = load_error();
  EXPECT_THAT(e.message, HasSubstr("vitrine.toml: threads"));
  EXPECT_THAT(e.message, HasSubstr("expected an integer from 0 to 1024; got a string"));
  EXPECT_THAT(e.message, HasSubstr("line 1"));

  write("vitrine.toml", "listen = 8080\n");
  EXPECT_THAT(load_error().message, HasSubstr("vitrine.toml: listen: expected a string"));
  write("vitrine.toml", "max_body_bytes = 1.5\n");
  EXPECT_THAT(load_error().message, HasSubstr("; got a float"));
  write("vitrine.toml", "threads = -1\n");
  EXPECT_THAT(load_error().message, HasSubstr("vitrine.toml: threads: expected an integer"));
  write("vitrine.toml", "threads = 100000\n");
  EXPECT_THAT(load_error().message, HasSubstr("from 0 to 1024; got 100000"));
}

TEST_F(ConfigTest, BadEnumValuesListTheAcceptedOnes) {
  write("vitrine.toml", "log_format = \"xml\"\n");
  Error e = load_error();
  EXPECT_THAT(e.message, HasSubstr("vitrine.toml: log_format"));
  EXPECT_THAT(e.message, HasSubstr("expected one of text, json"));
  EXPECT_THAT(e.message, HasSubstr("\"xml\""));

  fs::remove("vitrine.toml");
  setenv("VITRINE_LOG_LEVEL", "verbose", 1);
  Error env = load_error();
  EXPECT_THAT(env.message, HasSubstr("environment VITRINE_LOG_LEVEL"));
  EXPECT_THAT(env.message, HasSubstr("trace, debug, info, warn, error, off"));
  unsetenv("VITRINE_LOG_LEVEL");

  Error flag = load_error("", {{"log_format", "yaml"}});
  EXPECT_THAT(flag.message, HasSubstr("flag --log_format"));
  EXPECT_THAT(flag.message, HasSubstr("text, json"));
}

TEST_F(ConfigTest, UnparsableNumbersNameTheirSource) {
  setenv("VITRINE_THREADS", "many", 1);
  Error env = load_error();
  EXPECT_THAT(env.message, HasSubstr("environment VITRINE_THREADS"));
  EXPECT_THAT(env.message, HasSubstr("expected an integer from 0 to 1024"));
  setenv("VITRINE_THREADS", "-2", 1);
  EXPECT_THAT(load_error().message, HasSubstr("environment VITRINE_THREADS"));
  setenv("VITRINE_THREADS", "4k", 1);
  EXPECT_THAT(load_error().message, HasSubstr("environment VITRINE_THREADS"));
  unsetenv("VITRINE_THREADS");

  Error flag = load_error("", {{"threads", "12x"}});
  EXPECT_THAT(flag.message, HasSubstr("flag --threads"));
  EXPECT_THAT(flag.message, HasSubstr("\"12x\""));
  EXPECT_THAT(load_error("", {{"max_body_bytes", "0"}}).message,
              HasSubstr("flag --max_body_bytes: expected an integer from 1"));
  EXPECT_THAT(load_error("", {{"idle_timeout_ms", "99999999999"}}).message,
              HasSubstr("flag --idle_timeout_ms"));
}

TEST_F(ConfigTest, ListenMustBeHostAndPort) {
  for (const char* bad : {"8080", "localhost", ":8080", "host:", "host:65536", "host:-1",
                          "host:80a", "::1:8080", "[::1:8080"}) {
    Error e = load_error("", {{"listen", bad}});
    EXPECT_THAT(e.message, HasSubstr("flag --listen")) << bad;
    EXPECT_THAT(e.message, HasSubstr("host:port with a port from 0 to 65535")) << bad;
  }
  for (const char* good : {"127.0.0.1:0", "localhost:65535", "[::1]:8080", "0.0.0.0:80"}) {
    EXPECT_EQ(load_ok("", {{"listen", good}}).listen, good);
  }
  setenv("VITRINE_LISTEN", "nope", 1);
  EXPECT_THAT(load_error().message, HasSubstr("environment VITRINE_LISTEN"));
}

TEST_F(ConfigTest, UnknownFlagIsAnError) {
  Error e = load_error("", {{"colour", "blue"}});
  EXPECT_THAT(e.message, HasSubstr("flag --colour"));
  EXPECT_THAT(e.message, HasSubstr("unknown setting"));
}

TEST_F(ConfigTest, OtherStringChecks) {
  EXPECT_THAT(load_error("", {{"data_dir", ""}}).message, HasSubstr("flag --data_dir"));
  EXPECT_THAT(load_error("", {{"public_url", "ftp://x"}}).message,
              HasSubstr("flag --public_url: expected an http:// or https:// URL"));
}

TEST_F(ConfigTest, TomlSyntaxErrorsGiveLineAndColumn) {
  write("vitrine.toml", "listen = \"127.0.0.1:1\"\nthreads = = 3\n");
  Error e = load_error();
  EXPECT_THAT(e.message, HasSubstr("vitrine.toml: line 2, column"));
  EXPECT_EQ(e.details["line"], 2);
  EXPECT_TRUE(e.details.contains("column"));
}

TEST_F(ConfigTest, GivenFileWinsOverDotSlashVitrineToml) {
  write("vitrine.toml", "threads = 1\n");
  fs::create_directories("etc");
  write("etc/prod.toml", "threads = 8\n");
  EXPECT_EQ(load_ok("etc/prod.toml").threads, 8);
}

}  // namespace
}  // namespace vitrine
