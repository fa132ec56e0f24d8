// The real binary on PostgreSQL: `vitrine serve` and the CLI given a postgresql:// URL, two
// server processes sharing one database, and connection errors that never show the password.
#include "e2e_support.h"

namespace vitrine::e2e {
namespace {

using testing::write_theme;

class PostgresE2eTest : public E2eTest {
 protected:
  void SetUp() override {
    if (!testing::testing_postgres()) GTEST_SKIP() << "needs VITRINE_TEST_POSTGRES_URL";
    ASSERT_EQ(database_url().rfind("postgresql://", 0), 0u) << database_url();
  }
};

TEST_F(PostgresE2eTest, ServeWithAPostgresUrlWorksEndToEnd) {
  write_theme(themes(), "bistro", "1.0.0",
              {{"name", "Bistro"},
               {"template_type", "restaurant"},
               {"description", "Menus and reservations"},
               {"tags", {"food"}}});
  write_theme(themes(), "bistro", "1.1.0",
              {{"name", "Bistro"},
               {"template_type", "restaurant"},
               {"description", "Menus, reservations and opening hours"},
               {"tags", {"food"}}});
  auto sync = vitrine({"sync", "--all"});
  ASSERT_EQ(sync.exit_code, 0) << sync.out << sync.err;

  // An explicit pool size in the URL is understood (and not passed on to libpq).
  auto server = std::make_unique<ServerProcess>(
      std::vector<std::string>{"serve", "--listen", "127.0.0.1:0", "--data-dir", data().string(),
                               "--themes-dir", themes().string(), "--blob-url", blob_url(),
                               "--database-url", database_url() + "?pool_size=3"},
      std::vector<std::pair<std::string, std::string>>{}, tmp.path().string());
  ASSERT_TRUE(server->started()) << server->error_output();
  auto health = http_get(server->url("/healthz"));
  EXPECT_EQ(health.status, 200) << health.body;

  auto list = json_of(http_get(server->url("/api/themes")));
  ASSERT_EQ(list["total"], 1) << list.dump();
  EXPECT_EQ(list["items"][0]["latest_version"], "1.1.0");
  auto found = json_of(http_get(server->url("/api/themes/search?q=reserv")));
  EXPECT_EQ(found["total"], 1) << "prefix search on PostgreSQL: " << found.dump();
  auto css = http_get(server->url("/cdn/themes/bistro/1.1.0/build/theme.css"));
  EXPECT_EQ(css.status, 200);

  // Admin API with a token created by the CLI in the same database.
  std::string token = admin_token();
  auto sync_api = http_request(
      "POST", server->url("/api/themes/sync"),
      {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}}, "{}");
  EXPECT_EQ(sync_api.status, 200) << sync_api.body;

  // A second node on the same database sees a version the CLI registers after both started.
  auto second = serve();
  ASSERT_TRUE(second->started()) << second->error_output();
  write_theme(themes(), "bistro", "1.2.0", {{"name", "Bistro"}, {"template_type", "restaurant"}});
  ASSERT_EQ(vitrine({"sync", "bistro"}).exit_code, 0);
  for (auto* node : {server.get(), second.get()}) {
    EXPECT_TRUE(eventually([&] {
      return http_get(node->url("/cdn/themes/bistro/1.2.0/build/theme.css")).status == 200;
    }));
  }
  EXPECT_EQ(second->stop(), 0);
  EXPECT_EQ(server->stop(), 0);
}

TEST_F(PostgresE2eTest, UnreachableServerFailsAtStartWithoutShowingThePassword) {
  // Nothing listens on port 1.
  auto r = run_process(
      {vitrine_binary(), "status", "--data-dir", data().string(), "--themes-dir", themes().string(),
       "--database-url", "postgresql://shop:s3cret-pw@127.0.0.1:1/shopdb"},
      {}, tmp.path().string());
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("shopdb"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("127.0.0.1"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("s3cret"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("s3cret"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace vitrine::e2e
