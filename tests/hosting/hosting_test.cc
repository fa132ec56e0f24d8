// Provisioning from workspace.created, tier migrations from tier.changed, domain limits and
// host lookups, all through a real EventBus on the test database.
#include "hosting/hosting.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "hosting/hosting_fixture.h"
#include "testing/matchers.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::hosting {
namespace {

using nlohmann::json;

TEST_F(HostingTest, WorkspaceCreatedProvisionsASitePerTier) {
  for (const char* tier : {"basic", "pro", "enterprise"}) {
    std::string slug = std::string(tier) + "-shop-x7k2";
    std::string ws = create_workspace(slug, "owner-" + std::string(tier), tier);
    auto site = hosting_->site_for_workspace(ws);
    ASSERT_THAT(site, IsOk());
    EXPECT_EQ(site->workspace_id, ws);
    EXPECT_EQ(site->owner_id, "owner-" + std::string(tier));
    EXPECT_EQ(site->subdomain, slug);
    EXPECT_EQ(site->status, "active");
    auto plan = plan_for_tier(tier);
    ASSERT_THAT(plan, IsOk());
    const HostingEnvironment& env = site->environment;
    EXPECT_EQ(env.tier, tier);
    EXPECT_EQ(env.model, plan->model);
    EXPECT_EQ(env.max_custom_domains, plan->max_custom_domains);
    EXPECT_EQ(env.rate_limit_rps, plan->rate_limit_rps);
    EXPECT_EQ(env.render_cache_bytes, plan->render_cache_bytes);
    EXPECT_EQ(env.worker_pool, plan->worker_pool);

    auto domain = hosting_->storefront_domain(ws);
    ASSERT_THAT(domain, IsOk());
    EXPECT_EQ(domain->value_or("(none)"), slug + ".vitrine.test");
  }
  auto pool = hosting_->site_for_workspace("ws-basic-shop-x7k2");
  auto silo = hosting_->site_for_workspace("ws-enterprise-shop-x7k2");
  EXPECT_EQ(pool->environment.model, "pool");
  EXPECT_EQ(pool->environment.max_custom_domains, 0);
  EXPECT_EQ(silo->environment.model, "silo");
  EXPECT_EQ(silo->environment.worker_pool, "dedicated");
  EXPECT_EQ(silo->environment.max_custom_domains, -1);
}

TEST_F(HostingTest, NoSiteUntilTheEventIsDelivered) {
  emit("workspace.created",
       {{"workspace_id", "ws-1"}, {"slug", "late-shop"}, {"owner_id", "u1"}, {"tier", "pro"}});
  auto site = hosting_->site_for_workspace("ws-1");
  ASSERT_THAT(site, StatusIs(errc::kNotFound));
  auto domain = hosting_->storefront_domain("ws-1");
  ASSERT_THAT(domain, IsOk());
  EXPECT_FALSE(domain->has_value());
  auto host = hosting_->site_for_host("late-shop.vitrine.test");
  ASSERT_THAT(host, IsOk());
  EXPECT_FALSE(host->has_value());

  EXPECT_EQ(dispatch(), 1);
  EXPECT_THAT(hosting_->site_for_workspace("ws-1"), IsOk());
}

TEST_F(HostingTest, RedeliveredWorkspaceCreatedChangesNothing) {
  std::string ws = create_workspace("johns-shop-a1b2", "u1", "pro");
  auto before = hosting_->site_for_workspace(ws);
  ASSERT_THAT(before, IsOk());
  // The same event again (a producer retry), even claiming another tier: the site stays.
  emit("workspace.created",
       {{"workspace_id", ws}, {"slug", "johns-shop-a1b2"}, {"owner_id", "u1"}, {"tier", "pro"}});
  emit("workspace.created", {{"workspace_id", ws},
                             {"slug", "johns-shop-a1b2"},
                             {"owner_id", "u1"},
                             {"tier", "enterprise"}});
  EXPECT_EQ(dispatch(), 2);
  auto after = hosting_->site_for_workspace(ws);
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(after->id, before->id);
  EXPECT_EQ(after->created_at, before->created_at);
  EXPECT_EQ(after->updated_at, before->updated_at);
  EXPECT_EQ(after->environment.tier, "pro");
  EXPECT_EQ(after->environment.updated_at, before->environment.updated_at);
  auto count = db_->exec("SELECT COUNT(*) AS n FROM deployed_sites");
  EXPECT_EQ(count->integer(0, "n"), 1);
  EXPECT_EQ(db_->exec("SELECT COUNT(*) AS n FROM hosting_environments")->integer(0, "n"), 1);
}

TEST_F(HostingTest, MalformedEventStaysPendingAndNamesTheProblem) {
  emit("workspace.created", {{"workspace_id", "ws-x"}, {"slug", "x"}, {"owner_id", "u"}});
  auto n = bus_->dispatch_pending();
  ASSERT_THAT(n, Not(IsOk()));
  EXPECT_NE(n.error().message.find("'tier'"), std::string::npos) << n.error().message;
  EXPECT_THAT(hosting_->site_for_workspace("ws-x"), Not(IsOk()));
}

TEST_F(HostingTest, BasicPlanHasNoCustomDomains) {
  std::string ws = create_workspace("basic-shop", "u1", "basic");
  auto d = hosting_->add_domain(ws, "shop.example.test");
  ASSERT_THAT(d, StatusIs(errc::kForbidden));
  EXPECT_EQ(d.error().details["limit"], 0);
  EXPECT_EQ(d.error().details["tier"], "basic");
  EXPECT_NE(d.error().message.find("subdomain only"), std::string::npos) << d.error().message;
  EXPECT_TRUE(hosting_->list_domains(ws)->empty());
}

TEST_F(HostingTest, ProPlanAllowsThreeCustomDomains) {
  std::string ws = create_workspace("pro-shop", "u1", "pro");
  for (const char* h : {"a.example.test", "b.example.test", "c.example.test"}) add(ws, h);
  auto fourth = hosting_->add_domain(ws, "d.example.test");
  ASSERT_THAT(fourth, StatusIs(errc::kForbidden));
  EXPECT_EQ(fourth.error().details["limit"], 3);
  EXPECT_EQ(fourth.error().details["tier"], "pro");
  EXPECT_EQ(hosting_->list_domains(ws)->size(), 3u);

  // Removing one frees a slot.
  auto list = hosting_->list_domains(ws);
  ASSERT_THAT(hosting_->remove_domain(ws, list->front().id), IsOk());
  EXPECT_THAT(hosting_->add_domain(ws, "d.example.test"), IsOk());
}

TEST_F(HostingTest, EnterprisePlanHasNoDomainLimit) {
  std::string ws = create_workspace("big-shop", "u1", "enterprise");
  for (int i = 0; i < 12; ++i) add(ws, "shop" + std::to_string(i) + ".example.test");
  EXPECT_EQ(hosting_->list_domains(ws)->size(), 12u);
}

TEST_F(HostingTest, AddedDomainIsPendingWithAChallengeRecord) {
  std::string ws = create_workspace("pro-shop", "u1", "pro");
  auto d = hosting_->add_domain(ws, "Shop.Example.TEST.");
  ASSERT_THAT(d, IsOk());
  EXPECT_EQ(d->hostname, "shop.example.test");
  EXPECT_EQ(d->state, "pending");
  EXPECT_FALSE(d->suspended);
  EXPECT_FALSE(d->is_primary);
  EXPECT_EQ(d->txt_record().name, "_vitrine-challenge.shop.example.test");
  ASSERT_EQ(d->txt_record().value.size(), std::string("vitrine-verify=").size() + 32);
  EXPECT_TRUE(d->txt_record().value.starts_with("vitrine-verify="));
  // Tokens are random per domain.
  auto other = hosting_->add_domain(ws, "www.example.test");
  ASSERT_THAT(other, IsOk());
  EXPECT_NE(other->verification_token, d->verification_token);
  // Pending domains serve nothing yet.
  EXPECT_FALSE(hosting_->site_for_host("shop.example.test")->has_value());
  EXPECT_EQ(hosting_->storefront_domain(ws)->value(), "pro-shop.vitrine.test");
}

TEST_F(HostingTest, InvalidHostnameIsRefusedAndNothingIsStored) {
  std::string ws = create_workspace("pro-shop", "u1", "pro");
  for (const char* bad : {"https://shop.example.test", "shop.example.test:443", "shop",
                          "pro-shop.vitrine.test", "bad_label.example.test"}) {
    auto d = hosting_->add_domain(ws, bad);
    ASSERT_THAT(d, Not(IsOk())) << bad;
    EXPECT_EQ(d.error().code, errc::kInvalidArgument) << bad;
  }
  EXPECT_TRUE(hosting_->list_domains(ws)->empty());
}

TEST_F(HostingTest, AHostnameBelongsToOneSite) {
  std::string first = create_workspace("first-shop", "u1", "pro");
  std::string second = create_workspace("second-shop", "u2", "enterprise");
  std::string basic = create_workspace("basic-shop", "u3", "basic");
  add(first, "shop.example.test");

  auto taken = hosting_->add_domain(second, "SHOP.example.test.");
  ASSERT_THAT(taken, StatusIs(errc::kAlreadyExists));
  EXPECT_NE(taken.error().message.find("another site"), std::string::npos);

  auto again = hosting_->add_domain(first, "shop.example.test");
  ASSERT_THAT(again, StatusIs(errc::kAlreadyExists));
  EXPECT_NE(again.error().message.find("already added to this site"), std::string::npos);

  // A plan without custom domains is told so, not whether someone else has the name.
  auto from_basic = hosting_->add_domain(basic, "shop.example.test");
  ASSERT_THAT(from_basic, StatusIs(errc::kForbidden));

  EXPECT_TRUE(hosting_->list_domains(second)->empty());
}

TEST_F(HostingTest, UnknownWorkspaceOrDomainIsNotFound) {
  std::string ws = create_workspace("pro-shop", "u1", "pro");
  std::string other = create_workspace("other-shop", "u2", "pro");
  Domain d = add(ws, "shop.example.test");
  EXPECT_EQ(hosting_->add_domain("ws-nope", "x.example.test").error().code, errc::kNotFound);
  // Another workspace's domain id is unknown here.
  EXPECT_EQ(hosting_->remove_domain(other, d.id).error().code, errc::kNotFound);
  EXPECT_EQ(hosting_->verify_domain(other, d.id).error().code, errc::kNotFound);
  EXPECT_EQ(hosting_->remove_domain(ws, "no-such-id").error().code, errc::kNotFound);
  EXPECT_EQ(hosting_->list_domains(ws)->size(), 1u);
}

TEST_F(HostingTest, SiteForHostNormalisesTheHost) {
  std::string ws = create_workspace("johns-shop-x7k2", "u1", "pro");
  for (const char* host : {"johns-shop-x7k2.vitrine.test", "Johns-Shop-X7K2.Vitrine.Test",
                           "johns-shop-x7k2.vitrine.test:8080", "johns-shop-x7k2.vitrine.test.",
                           "JOHNS-SHOP-X7K2.VITRINE.TEST.:443"}) {
    auto ref = hosting_->site_for_host(host);
    ASSERT_THAT(ref, IsOk());
    ASSERT_TRUE(ref->has_value()) << host;
    EXPECT_EQ((*ref)->workspace_id, ws);
    EXPECT_EQ((*ref)->subdomain, "johns-shop-x7k2");
    EXPECT_EQ((*ref)->status, "active");
    EXPECT_EQ((*ref)->model, "bridge");
  }
  for (const char* host : {"unknown.vitrine.test", "www.johns-shop-x7k2.vitrine.test",
                           "vitrine.test", "johns-shop-x7k2", "johns-shop-x7k2.other.test", ""}) {
    auto ref = hosting_->site_for_host(host);
    ASSERT_THAT(ref, IsOk());
    EXPECT_FALSE(ref->has_value()) << host;
  }

  Domain d = add(ws, "Shop.Example.Test");
  verify_with_dns(ws, {d});
  for (const char* host : {"shop.example.test", "SHOP.EXAMPLE.TEST:443", "shop.example.test."}) {
    auto ref = hosting_->site_for_host(host);
    ASSERT_THAT(ref, IsOk());
    ASSERT_TRUE(ref->has_value()) << host;
    EXPECT_EQ((*ref)->workspace_id, ws);
  }
}

TEST_F(HostingTest, TierChangeMovesEverySiteOfTheUser) {
  std::string a = create_workspace("a-shop", "u1", "basic");
  std::string b = create_workspace("b-shop", "u1", "basic");
  std::string other = create_workspace("c-shop", "u2", "basic");
  change_tier("u1", "basic", "enterprise");
  for (const std::string& ws : {a, b}) {
    auto site = hosting_->site_for_workspace(ws);
    ASSERT_THAT(site, IsOk());
    EXPECT_EQ(site->environment.tier, "enterprise");
    EXPECT_EQ(site->environment.model, "silo");
    EXPECT_EQ(site->environment.worker_pool, "dedicated");
    EXPECT_EQ(site->environment.max_custom_domains, -1);
    EXPECT_EQ(site->status, "active");
    EXPECT_EQ(site->subdomain, ws.substr(3));
  }
  EXPECT_EQ(hosting_->site_for_workspace(other)->environment.tier, "basic");
  // The upgrade applies at once: custom domains can be added now.
  EXPECT_THAT(hosting_->add_domain(a, "a.example.test"), IsOk());
}

TEST_F(HostingTest, DowngradeSuspendsDomainsAndUpgradeRestoresThem) {
  std::string ws = create_workspace("pro-shop", "u1", "pro");
  std::vector<Domain> added = {add(ws, "one.example.test"), add(ws, "two.example.test"),
                               add(ws, "three.example.test")};
  verify_with_dns(ws, added);
  auto domains = domains_of(ws);
  EXPECT_TRUE(domains["one.example.test"].is_primary);
  EXPECT_EQ(hosting_->storefront_domain(ws)->value(), "one.example.test");

  change_tier("u1", "pro", "basic");
  domains = domains_of(ws);
  ASSERT_EQ(domains.size(), 3u);  // kept, never deleted
  for (auto& [host, d] : domains) {
    EXPECT_TRUE(d.suspended) << host;
    EXPECT_EQ(d.state, "verified") << host;
    EXPECT_FALSE(hosting_->site_for_host(host)->has_value()) << host;
  }
  EXPECT_EQ(hosting_->storefront_domain(ws)->value(), "pro-shop.vitrine.test");
  EXPECT_EQ(hosting_->site_for_workspace(ws)->environment.model, "pool");
  EXPECT_TRUE(hosting_->site_for_host("pro-shop.vitrine.test")->has_value());

  change_tier("u1", "basic", "pro");
  domains = domains_of(ws);
  for (auto& [host, d] : domains) {
    EXPECT_FALSE(d.suspended) << host;
    EXPECT_EQ(d.state, "verified");
    EXPECT_TRUE(hosting_->site_for_host(host)->has_value()) << host;
  }
  EXPECT_TRUE(domains["one.example.test"].is_primary);
  EXPECT_EQ(hosting_->storefront_domain(ws)->value(), "one.example.test");
  EXPECT_EQ(hosting_->site_for_workspace(ws)->environment.model, "bridge");
}

TEST_F(HostingTest, EnterpriseToProKeepsPrimaryAndOldestThree) {
  std::string ws = create_workspace("big-shop", "u1", "enterprise");
  std::vector<Domain> added;
  for (const char* h : {"d1.example.test", "d2.example.test", "d3.example.test", "d4.example.test",
                        "d5.example.test"})
    added.push_back(add(ws, h));
  // Verified in an order that makes d4 the primary.
  verify_with_dns(ws, {added[3], added[0], added[1], added[2], added[4]});
  ASSERT_TRUE(domains_of(ws)["d4.example.test"].is_primary);

  change_tier("u1", "enterprise", "pro");
  auto domains = domains_of(ws);
  EXPECT_FALSE(domains["d4.example.test"].suspended);  // primary first
  EXPECT_FALSE(domains["d1.example.test"].suspended);  // then the oldest
  EXPECT_FALSE(domains["d2.example.test"].suspended);
  EXPECT_TRUE(domains["d3.example.test"].suspended);
  EXPECT_TRUE(domains["d5.example.test"].suspended);
  EXPECT_EQ(hosting_->storefront_domain(ws)->value(), "d4.example.test");
  EXPECT_FALSE(hosting_->site_for_host("d5.example.test")->has_value());

  // At the limit: suspended domains do not count, but the three active ones do.
  auto extra = hosting_->add_domain(ws, "d6.example.test");
  ASSERT_THAT(extra, StatusIs(errc::kForbidden));
  EXPECT_EQ(extra.error().details["limit"], 3);

  change_tier("u1", "pro", "enterprise");
  for (auto& [host, d] : domains_of(ws)) {
    EXPECT_FALSE(d.suspended) << host;
    EXPECT_TRUE(hosting_->site_for_host(host)->has_value()) << host;
  }
}

TEST_F(HostingTest, RemovingThePrimaryPromotesTheOldestVerified) {
  std::string ws = create_workspace("pro-shop", "u1", "pro");
  std::vector<Domain> added = {add(ws, "one.example.test"), add(ws, "two.example.test"),
                               add(ws, "three.example.test")};
  verify_with_dns(ws, {added[1], added[2]});  // "one" stays pending
  ASSERT_TRUE(domains_of(ws)["two.example.test"].is_primary);
  ASSERT_THAT(hosting_->remove_domain(ws, added[1].id), IsOk());
  auto domains = domains_of(ws);
  EXPECT_EQ(domains.count("two.example.test"), 0u);
  EXPECT_TRUE(domains["three.example.test"].is_primary);
  EXPECT_FALSE(domains["one.example.test"].is_primary);
  EXPECT_EQ(hosting_->storefront_domain(ws)->value(), "three.example.test");
  // The removed hostname is free again, for any site.
  std::string other = create_workspace("other-shop", "u2", "pro");
  EXPECT_THAT(hosting_->add_domain(other, "two.example.test"), IsOk());
}

}  // namespace
}  // namespace vitrine::hosting
