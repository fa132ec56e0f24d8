// Shared set-up for hosting tests: a migrated database (events + hosting), a real EventBus with
// the hosting handlers subscribed, and helpers that play the workspaces and users modules by
// emitting their events in a transaction and dispatching them.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "events/event_bus.h"
#include "hosting/hosting.h"
#include "testing/database.h"
#include "testing/dns_server.h"
#include "testing/matchers.h"
#include "testing/temp_dir.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::hosting {

inline constexpr const char* kBaseDomain = "vitrine.test";

class HostingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = vitrine::testing::test_database_url(tmp_);
    auto db = db::Database::open(url_);
    ASSERT_THAT(db, IsOk());
    db_ = std::move(*db);
    std::vector<db::Migration> migrations = events::EventBus::migrations();
    for (auto& m : HostingService::migrations()) migrations.push_back(std::move(m));
    auto st = db::migrate(*db_, migrations);
    ASSERT_THAT(st, IsOk());
    hosting_ = std::make_unique<HostingService>(*db_, kBaseDomain);
    bus_ = std::make_unique<events::EventBus>(*db_);
    hosting_->subscribe(*bus_);
    // As App::open does: the directory starts from the database.
    auto loaded = hosting_->refresh_directory();
    ASSERT_THAT(loaded, IsOk());
  }

  // A second connection to the test's database: what another process would have.
  std::unique_ptr<db::Database> open_other_connection() {
    auto db = db::Database::open(url_);
    EXPECT_THAT(db, IsOk());
    return db.ok() ? std::move(*db) : nullptr;
  }

  // Reloads hosting_'s directory, as the App's periodic refresh would after another process (or
  // another HostingService) wrote.
  void refresh() {
    auto st = hosting_->refresh_directory();
    ASSERT_THAT(st, IsOk());
  }

  // Commits `type` {payload} to the outbox, as the emitting module does in its transaction.
  void emit(const std::string& type, const nlohmann::json& payload) {
    auto st = db_->transaction(
        [&](db::Session& s) -> Status { return events::EventBus::emit(s, type, payload); });
    ASSERT_THAT(st, IsOk());
  }

  // Delivers everything pending; returns how many deliveries committed.
  int dispatch() {
    auto n = bus_->dispatch_pending();
    EXPECT_THAT(n, IsOk());
    return n.ok() ? *n : -1;
  }

  // workspace.created delivered through the bus; returns the workspace id.
  std::string create_workspace(const std::string& slug, const std::string& owner,
                               const std::string& tier) {
    std::string id = "ws-" + slug;
    emit("workspace.created",
         {{"workspace_id", id}, {"slug", slug}, {"owner_id", owner}, {"tier", tier}});
    dispatch();
    return id;
  }

  void change_tier(const std::string& user, const std::string& old_tier,
                   const std::string& new_tier) {
    emit("tier.changed", {{"user_id", user}, {"old_tier", old_tier}, {"new_tier", new_tier}});
    dispatch();
  }

  Domain add(const std::string& workspace_id, const std::string& hostname) {
    auto d = hosting_->add_domain(workspace_id, hostname);
    EXPECT_THAT(d, IsOk()) << hostname;
    return d.ok() ? *d : Domain{};
  }

  // Publishes the TXT records of `domains` on a real dnsmasq and verifies each through a
  // HostingService that uses it as resolver; hosting_ then refreshes to see the result.
  void verify_with_dns(const std::string& workspace_id, const std::vector<Domain>& domains) {
    std::vector<vitrine::testing::TxtEntry> records;
    for (const Domain& d : domains) records.push_back({d.txt_record().name, d.txt_record().value});
    vitrine::testing::LocalDnsServer dns(records);
    ASSERT_TRUE(dns.started());
    HostingService verifier(*db_, kBaseDomain, dns.address());
    for (const Domain& d : domains) {
      auto v = verifier.verify_domain(workspace_id, d.id);
      ASSERT_THAT(v, IsOk());
      ASSERT_EQ(v->state, "verified") << d.hostname << ": " << v->last_error << "\n" << dns.log();
    }
    refresh();
  }

  // The domains of a workspace by hostname.
  std::map<std::string, Domain> domains_of(const std::string& workspace_id) {
    std::map<std::string, Domain> out;
    auto list = hosting_->list_domains(workspace_id);
    EXPECT_THAT(list, IsOk());
    if (list.ok())
      for (auto& d : *list) out[d.hostname] = d;
    return out;
  }

  TempDir tmp_;
  std::string url_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<HostingService> hosting_;
  std::unique_ptr<events::EventBus> bus_;
};

}  // namespace vitrine::hosting
