// Custom domain verification against a real DNS server: dnsmasq on loopback as the resolver.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "hosting/hosting.h"
#include "hosting/hosting_fixture.h"
#include "testing/matchers.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

namespace vitrine::hosting {
namespace {

using vitrine::testing::LocalDnsServer;
using Records = std::vector<vitrine::testing::TxtEntry>;

// A UDP socket on 127.0.0.1 that receives queries and never answers: a resolver that is down.
class SilentResolver {
 public:
  SilentResolver() {
    fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), len), 0);
    EXPECT_EQ(::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len), 0);
    port_ = ntohs(addr.sin_port);
  }
  ~SilentResolver() { ::close(fd_); }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

class DnsVerificationTest : public HostingTest {
 protected:
  void SetUp() override {
    HostingTest::SetUp();
    ws_ = create_workspace("pro-shop", "u1", "pro");
    domain_ = add(ws_, "shop.example.test");
  }

  Domain verify_via(const std::string& resolver) {
    HostingService service(*db_, kBaseDomain, resolver);
    auto d = service.verify_domain(ws_, domain_.id);
    EXPECT_THAT(d, IsOk());
    refresh();  // hosting_ follows the other instance's write, as another process would
    return d.ok() ? *d : Domain{};
  }

  std::string ws_;
  Domain domain_;
};

TEST_F(DnsVerificationTest, PublishedTokenVerifiesTheDomain) {
  LocalDnsServer dns(Records{{"_vitrine-challenge.shop.example.test", "unrelated-record"},
                             {"_vitrine-challenge.shop.example.test", domain_.verification_token}});
  ASSERT_TRUE(dns.started());
  Domain d = verify_via(dns.address());
  EXPECT_EQ(d.state, "verified") << d.last_error << "\n" << dns.log();
  EXPECT_EQ(d.last_error, "");
  EXPECT_FALSE(d.verified_at.empty());
  EXPECT_FALSE(d.last_checked_at.empty());
  EXPECT_TRUE(d.is_primary);
  // The resolver was really asked.
  EXPECT_TRUE(dns.logged("_vitrine-challenge.shop.example.test")) << dns.log();

  auto ref = hosting_->site_for_host("shop.example.test");
  ASSERT_TRUE(ref.ok() && ref->has_value());
  EXPECT_EQ((*ref)->workspace_id, ws_);
  EXPECT_EQ(hosting_->storefront_domain(ws_)->value(), "shop.example.test");
}

TEST_F(DnsVerificationTest, WrongTokenFailsNamingWhatWasFound) {
  LocalDnsServer dns(Records{
      {"_vitrine-challenge.shop.example.test", "vitrine-verify=0123456789abcdef0123456789abcdef"}});
  ASSERT_TRUE(dns.started());
  Domain d = verify_via(dns.address());
  EXPECT_EQ(d.state, "failed");
  EXPECT_NE(d.last_error.find("token mismatch"), std::string::npos) << d.last_error;
  EXPECT_NE(d.last_error.find("\"vitrine-verify=0123456789abcdef0123456789abcdef\""),
            std::string::npos)
      << d.last_error;
  EXPECT_NE(d.last_error.find(domain_.verification_token), std::string::npos) << d.last_error;
  EXPECT_FALSE(d.last_checked_at.empty());
  EXPECT_TRUE(d.verified_at.empty());
  EXPECT_FALSE(d.is_primary);
  EXPECT_FALSE(hosting_->site_for_host("shop.example.test")->has_value());
  EXPECT_EQ(hosting_->storefront_domain(ws_)->value(), "pro-shop.vitrine.test");
}

TEST_F(DnsVerificationTest, MissingNameFailsWithNxdomain) {
  LocalDnsServer dns(Records{{"_vitrine-challenge.other.example.test", "vitrine-verify=x"}});
  ASSERT_TRUE(dns.started());
  Domain d = verify_via(dns.address());
  EXPECT_EQ(d.state, "failed");
  EXPECT_TRUE(d.last_error.starts_with("NXDOMAIN: _vitrine-challenge.shop.example.test"))
      << d.last_error;
}

TEST_F(DnsVerificationTest, NameWithoutTxtRecordFailsSayingSo) {
  LocalDnsServer dns({}, {"test"}, {"_vitrine-challenge.shop.example.test,127.0.0.9"});
  ASSERT_TRUE(dns.started());
  Domain d = verify_via(dns.address());
  EXPECT_EQ(d.state, "failed");
  EXPECT_TRUE(d.last_error.starts_with("no TXT record at _vitrine-challenge.shop.example.test"))
      << d.last_error;
}

TEST_F(DnsVerificationTest, ResolverThatNeverAnswersFailsWithTimeout) {
  SilentResolver silent;
  Domain d = verify_via(silent.address());
  EXPECT_EQ(d.state, "failed");
  EXPECT_TRUE(d.last_error.starts_with("timeout: no answer from " + silent.address()))
      << d.last_error;
  EXPECT_NE(d.last_error.find("after 2 tries"), std::string::npos) << d.last_error;
}

TEST_F(DnsVerificationTest, ResolverRefusingTheQueryFails) {
  // No upstream and the name outside its local zones: dnsmasq answers REFUSED.
  LocalDnsServer dns({}, {"other-zone"});
  ASSERT_TRUE(dns.started());
  Domain d = verify_via(dns.address());
  EXPECT_EQ(d.state, "failed");
  EXPECT_NE(d.last_error.find("refused the query"), std::string::npos) << d.last_error;
}

TEST_F(DnsVerificationTest, FailedDomainCanBeVerifiedAgain) {
  {
    LocalDnsServer empty({});
    ASSERT_TRUE(empty.started());
    ASSERT_EQ(verify_via(empty.address()).state, "failed");
  }
  LocalDnsServer dns(Records{{"_vitrine-challenge.shop.example.test", domain_.verification_token}});
  ASSERT_TRUE(dns.started());
  Domain d = verify_via(dns.address());
  EXPECT_EQ(d.state, "verified");
  EXPECT_EQ(d.last_error, "");
  EXPECT_TRUE(hosting_->site_for_host("shop.example.test")->has_value());
}

TEST_F(DnsVerificationTest, StateFollowsTheLatestCheck) {
  {
    LocalDnsServer dns(
        Records{{"_vitrine-challenge.shop.example.test", domain_.verification_token}});
    ASSERT_TRUE(dns.started());
    ASSERT_EQ(verify_via(dns.address()).state, "verified");
  }
  // The record was taken down: the next check says so and the domain stops being served.
  LocalDnsServer gone({});
  ASSERT_TRUE(gone.started());
  Domain d = verify_via(gone.address());
  EXPECT_EQ(d.state, "failed");
  EXPECT_TRUE(d.last_error.starts_with("NXDOMAIN")) << d.last_error;
  EXPECT_FALSE(d.is_primary);
  EXPECT_FALSE(hosting_->site_for_host("shop.example.test")->has_value());
}

TEST_F(DnsVerificationTest, UnusableResolverSettingIsAConfigError) {
  HostingService service(*db_, kBaseDomain, "not an address");
  auto d = service.verify_domain(ws_, domain_.id);
  ASSERT_THAT(d, StatusIs(errc::kConfig));
  EXPECT_NE(d.error().message.find("dns_resolver"), std::string::npos);
  EXPECT_EQ(domains_of(ws_)["shop.example.test"].state, "pending");
}

}  // namespace
}  // namespace vitrine::hosting
