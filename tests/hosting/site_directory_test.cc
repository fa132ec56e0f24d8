// The storefront's host → site routing from memory (issue 4, Routing): what each Host header
// names, and when writes — this process's own, or another process's — start to show.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "hosting/hosting.h"
#include "hosting/hosting_fixture.h"
#include "testing/matchers.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::hosting {
namespace {

using Kind = HostingService::HostKind;
using vitrine::testing::LocalDnsServer;

class SiteDirectoryTest : public HostingTest {
 protected:
  Kind kind(std::string_view host) { return hosting_->lookup_host(host).kind; }

  // The workspace `host` routes to on `service`; "" when it names no site.
  static std::string routed(const HostingService& service, std::string_view host) {
    auto match = service.lookup_host(host);
    if (match.kind != Kind::kSite) return "";
    EXPECT_NE(match.site, nullptr) << host;
    return match.site ? match.site->workspace_id : "";
  }
  std::string routed(std::string_view host) { return routed(*hosting_, host); }
};

TEST_F(SiteDirectoryTest, HostIsNormalisedBeforeTheLookup) {
  std::string ws = create_workspace("pro-shop", "u1", "pro");
  for (const char* host :
       {"pro-shop.vitrine.test", "PRO-SHOP.Vitrine.TEST", "pro-shop.vitrine.test:8080",
        "pro-shop.vitrine.test.", "Pro-Shop.vitrine.test.:443"}) {
    EXPECT_EQ(routed(host), ws) << host;
  }
  // IP literals, the platform's own name and empty hosts are never a site.
  for (const char* host : {"[::1]:80", "[::1]", "::1", "127.0.0.1", "127.0.0.1:8080",
                           "vitrine.test", "VITRINE.test.:80", "", ":80", "."}) {
    auto match = hosting_->lookup_host(host);
    EXPECT_EQ(match.kind, Kind::kOther) << host;
    EXPECT_EQ(match.site, nullptr) << host;
  }
}

TEST_F(SiteDirectoryTest, SiteRefCarriesThePlanAndTheCanonicalHost) {
  std::string basic = create_workspace("basic-shop", "u1", "basic");
  std::string silo = create_workspace("big-shop", "u2", "enterprise");
  for (const auto& [ws, host] :
       {std::pair{basic, "basic-shop.vitrine.test"}, std::pair{silo, "big-shop.vitrine.test"}}) {
    auto site = hosting_->site_for_workspace(ws);
    ASSERT_THAT(site, IsOk());
    auto match = hosting_->lookup_host(host);
    ASSERT_EQ(match.kind, Kind::kSite) << host;
    const SiteRef& ref = *match.site;
    EXPECT_EQ(ref.site_id, site->id);
    EXPECT_EQ(ref.workspace_id, ws);
    EXPECT_EQ(ref.subdomain, site->subdomain);
    EXPECT_EQ(ref.status, "active");
    EXPECT_EQ(ref.model, site->environment.model);
    EXPECT_EQ(ref.rate_limit_rps, site->environment.rate_limit_rps);
    EXPECT_EQ(ref.render_cache_bytes, site->environment.render_cache_bytes);
    EXPECT_GT(ref.render_cache_bytes, 0);
    EXPECT_EQ(ref.worker_pool, site->environment.worker_pool);
    EXPECT_EQ(ref.canonical_host, host);
  }
  EXPECT_EQ(hosting_->lookup_host("basic-shop.vitrine.test").site->worker_pool, "shared");
  EXPECT_EQ(hosting_->lookup_host("big-shop.vitrine.test").site->worker_pool, "dedicated");
}

TEST_F(SiteDirectoryTest, UnknownSubdomainsAreToldApartFromOtherHosts) {
  create_workspace("pro-shop", "u1", "pro");
  EXPECT_EQ(kind("nope.vitrine.test"), Kind::kUnknownSubdomain);
  EXPECT_EQ(kind("NOPE.Vitrine.test.:8080"), Kind::kUnknownSubdomain);
  EXPECT_EQ(kind("www.pro-shop.vitrine.test"), Kind::kUnknownSubdomain) << "two labels deep";
  EXPECT_EQ(hosting_->lookup_host("nope.vitrine.test").site, nullptr);
  EXPECT_EQ(kind("example.com"), Kind::kOther);
  EXPECT_EQ(kind("pro-shop.vitrine.test.example.com"), Kind::kOther);
  EXPECT_EQ(kind("pro-shop.vitrine.testing"), Kind::kOther);
  EXPECT_EQ(kind("pro-shopvitrine.test"), Kind::kOther);
  // site_for_host answers from the same directory.
  auto none = hosting_->site_for_host("nope.vitrine.test");
  ASSERT_THAT(none, IsOk());
  EXPECT_FALSE(none->has_value());
  auto some = hosting_->site_for_host("Pro-Shop.vitrine.test:80");
  ASSERT_TRUE(some.ok() && some->has_value());
  EXPECT_EQ((*some)->canonical_host, "pro-shop.vitrine.test");
}

TEST_F(SiteDirectoryTest, CustomDomainRoutesOnceVerifiedAndNotWhileSuspended) {
  std::string ws = create_workspace("pro-shop", "u1", "pro");
  Domain domain = add(ws, "shop.example.test");
  EXPECT_EQ(kind("shop.example.test"), Kind::kOther) << "a pending domain serves nothing";

  // The service that verifies routes the domain on the very next lookup: no refresh needed.
  LocalDnsServer dns(std::vector<vitrine::testing::TxtEntry>{
      {domain.txt_record().name, domain.txt_record().value}});
  ASSERT_TRUE(dns.started());
  HostingService service(*db_, kBaseDomain, dns.address());
  ASSERT_THAT(service.refresh_directory(), IsOk());
  EXPECT_EQ(routed(service, "shop.example.test"), "");
  auto verified = service.verify_domain(ws, domain.id);
  ASSERT_THAT(verified, IsOk());
  ASSERT_EQ(verified->state, "verified") << verified->last_error;
  EXPECT_EQ(routed(service, "Shop.Example.TEST.:443"), ws);
  EXPECT_EQ(service.lookup_host("pro-shop.vitrine.test").site->canonical_host, "shop.example.test");

  // hosting_ is another instance: it follows at its refresh.
  EXPECT_EQ(routed("shop.example.test"), "");
  refresh();
  EXPECT_EQ(routed("shop.example.test"), ws);

  // A downgrade to basic suspends the domain; the tier handler's commit reloads at once.
  change_tier("u1", "pro", "basic");
  EXPECT_EQ(kind("shop.example.test"), Kind::kOther) << "suspended domains are not served";
  EXPECT_EQ(hosting_->lookup_host("pro-shop.vitrine.test").site->canonical_host,
            "pro-shop.vitrine.test");
  EXPECT_EQ(routed("pro-shop.vitrine.test"), ws) << "the subdomain keeps serving";
  change_tier("u1", "basic", "pro");
  EXPECT_EQ(routed("shop.example.test"), ws);
  EXPECT_EQ(hosting_->lookup_host("pro-shop.vitrine.test").site->canonical_host,
            "shop.example.test");
}

TEST_F(SiteDirectoryTest, WritesThroughThisInstanceShowAtOnce) {
  // Provisioning is an event handler: its commit hook reloads the directory.
  std::string ws = create_workspace("pro-shop", "u1", "pro");
  EXPECT_EQ(routed("pro-shop.vitrine.test"), ws);

  std::vector<Domain> domains = {add(ws, "one.example.test"), add(ws, "two.example.test")};
  verify_with_dns(ws, domains);
  EXPECT_EQ(routed("two.example.test"), ws);
  EXPECT_EQ(hosting_->lookup_host("pro-shop.vitrine.test").site->canonical_host,
            "one.example.test");
  // Removing the primary hands the canonical host to the other verified domain.
  ASSERT_THAT(hosting_->remove_domain(ws, domains[0].id), IsOk());
  EXPECT_EQ(kind("one.example.test"), Kind::kOther);
  EXPECT_EQ(hosting_->lookup_host("two.example.test").site->canonical_host, "two.example.test");

  // A suspended site still routes (the storefront answers 503), with its status.
  ASSERT_THAT(hosting_->set_site_status(ws, "suspended"), IsOk());
  auto match = hosting_->lookup_host("pro-shop.vitrine.test");
  ASSERT_EQ(match.kind, Kind::kSite);
  EXPECT_EQ(match.site->status, "suspended");
  EXPECT_EQ(hosting_->lookup_host("two.example.test").site->status, "suspended");
  ASSERT_THAT(hosting_->set_site_status(ws, "active"), IsOk());
  EXPECT_EQ(hosting_->lookup_host("pro-shop.vitrine.test").site->status, "active");

  auto bad = hosting_->set_site_status(ws, "deleted");
  ASSERT_THAT(bad, StatusIs(errc::kInvalidArgument));
  auto missing = hosting_->set_site_status("ws-none", "suspended");
  ASSERT_THAT(missing, StatusIs(errc::kNotFound));
}

// Another process (its own connection, service and event bus) provisions and suspends a site:
// this process routes by it only after refresh_directory, as the App's one-second refresh does.
TEST_F(SiteDirectoryTest, WritesOfAnotherProcessShowAfterRefresh) {
  auto other_db = open_other_connection();
  ASSERT_NE(other_db, nullptr);
  HostingService other(*other_db, kBaseDomain);
  events::EventBus other_bus(*other_db);
  other.subscribe(other_bus);
  ASSERT_THAT(other.refresh_directory(), IsOk());

  auto emitted = other_db->transaction([&](db::Session& s) -> Status {
    return events::EventBus::emit(
        s, "workspace.created",
        {{"workspace_id", "ws-far"}, {"slug", "far-shop"}, {"owner_id", "u9"}, {"tier", "pro"}});
  });
  ASSERT_THAT(emitted, IsOk());
  auto delivered = other_bus.dispatch_pending();
  ASSERT_THAT(delivered, IsOk());
  ASSERT_EQ(*delivered, 1);
  EXPECT_EQ(routed(other, "far-shop.vitrine.test"), "ws-far");

  EXPECT_EQ(kind("far-shop.vitrine.test"), Kind::kUnknownSubdomain) << "not refreshed yet";
  refresh();
  EXPECT_EQ(routed("far-shop.vitrine.test"), "ws-far");

  ASSERT_THAT(other.set_site_status("ws-far", "suspended"), IsOk());
  EXPECT_EQ(hosting_->lookup_host("far-shop.vitrine.test").site->status, "active");
  refresh();
  EXPECT_EQ(hosting_->lookup_host("far-shop.vitrine.test").site->status, "suspended");
}

// Lookups from several threads while the directory is reloaded again and again see either the
// old or the new picture, never a torn one.
TEST_F(SiteDirectoryTest, LookupsDuringReloadsSeeWholeSnapshots) {
  std::string ws = create_workspace("pro-shop", "u1", "pro");
  std::atomic<bool> stop = false;
  std::atomic<int> wrong = 0, lookups = 0;
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&] {
      while (!stop) {
        auto match = hosting_->lookup_host("pro-shop.vitrine.test");
        if (match.kind != Kind::kSite || match.site->workspace_id != ws) ++wrong;
        auto late = hosting_->lookup_host("late-shop.vitrine.test");
        if (late.kind == Kind::kSite && late.site->workspace_id != "ws-late-shop") ++wrong;
        ++lookups;
      }
    });
  }
  // A loaded machine may not have scheduled the readers yet: reload only once they run.
  while (lookups == 0) std::this_thread::yield();
  for (int i = 0; i < 10; ++i) {
    ASSERT_THAT(hosting_->set_site_status(ws, i % 2 ? "active" : "suspended"), IsOk());
  }
  create_workspace("late-shop", "u2", "basic");
  stop = true;
  for (auto& r : readers) r.join();
  EXPECT_EQ(wrong, 0);
  EXPECT_GT(lookups, 0);
  EXPECT_EQ(routed("late-shop.vitrine.test"), "ws-late-shop");
}

}  // namespace
}  // namespace vitrine::hosting
