// Repository links: GitHub's naming rules, one repository per theme and one theme per
// repository, and who may change a link (checked by the real ThemePublisher's ownership).
#include <gtest/gtest.h>

#include "github/github_fixture.h"

namespace vitrine::github {
namespace {

TEST(RepositoryNameTest, AcceptsWhatGithubAllows) {
  for (const char* repo : {"octocat/Hello-World", "a/b", "octo-org/theme.shop", "x1/.github",
                           "Octo/name_with_underscores"})
    EXPECT_EQ(repository_problem(repo), "") << repo;
  EXPECT_EQ(repository_problem(std::string(39, 'o') + "/" + std::string(100, 'n')), "");
}

TEST(RepositoryNameTest, RefusesWhatGithubRefuses) {
  struct Case {
    std::string repo, says;
  } cases[] = {
      {"octocat", "owner/name"},
      {"a/b/c", "owner/name"},
      {"https://github.com/a/b", "owner/name"},
      {"/name", "1 to 39"},
      {std::string(40, 'o') + "/n", "1 to 39"},
      {"-octo/n", "hyphen"},
      {"octo-/n", "hyphen"},
      {"oc--to/n", "hyphen"},
      {"oc_to/n", "letters, digits and hyphens"},
      {"octo/", "1 to 100"},
      {"octo/" + std::string(101, 'n'), "1 to 100"},
      {"octo/.", "'.' or '..'"},
      {"octo/..", "'.' or '..'"},
      {"octo/na me", "letters, digits"},
      {"octo/shop.git", ".git suffix"},
      {"octo/n\n", "letters, digits"},
  };
  for (const auto& c : cases) {
    std::string problem = repository_problem(c.repo);
    EXPECT_NE(problem.find(c.says), std::string::npos) << c.repo << ": " << problem;
  }
}

class LinksTest : public GithubTest {
 protected:
  // A theme pushed by `owner` through the real pipeline: they own its slug from now on.
  void push_owned(const std::string& slug, const std::string& owner) {
    auto dir = vitrine::testing::write_theme(tmp_.path() / "src", slug, "1.0.0");
    auto archive = publish::pack_theme_folder(dir);
    ASSERT_TRUE(archive.ok()) << archive.error().message;
    auto out = publisher_->push(*archive, user(owner), {});
    ASSERT_TRUE(out.ok()) << out.error().message << " " << out.error().details.dump();
  }
};

TEST_F(LinksTest, LinkReadReplaceAndUnlink) {
  auto l = github_->link("shop", "octo/shop", admin());
  ASSERT_TRUE(l.ok()) << l.error().message;
  EXPECT_EQ(l->slug, "shop");
  EXPECT_EQ(l->repo, "octo/shop");
  EXPECT_EQ(l->to_json()["repo"], "octo/shop");
  auto got = github_->repository("shop");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->repo, "octo/shop");

  // One repository per theme: linking again replaces it and frees the old name.
  auto moved = github_->link("shop", "octo/shop-theme", admin());
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ(github_->repository("shop")->repo, "octo/shop-theme");
  EXPECT_EQ(moved->created_at, l->created_at);
  EXPECT_TRUE(github_->link("blog", "octo/shop", admin()).ok());

  ASSERT_TRUE(github_->unlink("shop", admin()).ok());
  auto gone = github_->repository("shop");
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, errc::kNotFound);
  auto again = github_->unlink("shop", admin());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, errc::kNotFound);
}

TEST_F(LinksTest, ARepositoryBelongsToOneTheme) {
  link("shop", "Octo/Shop");
  // GitHub names are case-insensitive: "octo/shop" is the same repository.
  auto r = github_->link("blog", "octo/shop", admin());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, errc::kConflict);
  EXPECT_NE(r.error().message.find("already linked to theme 'shop'"), std::string::npos)
      << r.error().message;
  EXPECT_EQ(r.error().details["slug"], "shop");
  // Relinking the same theme to its own repository (any case) is fine.
  EXPECT_TRUE(github_->link("shop", "octo/shop", admin()).ok());
}

TEST_F(LinksTest, BadNamesAreInvalidArguments) {
  auto bad_repo = github_->link("shop", "octo/shop.git", admin());
  ASSERT_FALSE(bad_repo.ok());
  EXPECT_EQ(bad_repo.error().code, errc::kInvalidArgument);
  EXPECT_EQ(bad_repo.error().details["pointer"], "/repo");
  auto bad_slug = github_->link("Not A Slug", "octo/shop", admin());
  ASSERT_FALSE(bad_slug.ok());
  EXPECT_EQ(bad_slug.error().code, errc::kInvalidArgument);
  EXPECT_FALSE(github_->repository("shop").ok());
}

TEST_F(LinksTest, OnlyTheAuthorOrAnAdminMayLink) {
  push_owned("ann-theme", "user-ann");
  auto by_bob = github_->link("ann-theme", "bob/ann-theme", user("user-bob"));
  ASSERT_FALSE(by_bob.ok());
  EXPECT_EQ(by_bob.error().code, errc::kForbidden);
  EXPECT_FALSE(github_->repository("ann-theme").ok());

  auto by_ann = github_->link("ann-theme", "ann/ann-theme", user("user-ann"));
  ASSERT_TRUE(by_ann.ok()) << by_ann.error().message;
  EXPECT_FALSE(github_->unlink("ann-theme", user("user-bob")).ok());
  EXPECT_TRUE(github_->repository("ann-theme").ok());
  EXPECT_TRUE(github_->link("ann-theme", "ops/ann-theme", admin()).ok());
  EXPECT_TRUE(github_->unlink("ann-theme", user("user-ann")).ok());

  // A theme nobody pushed yet may be linked by the author who is about to push it.
  EXPECT_TRUE(github_->link("brand-new", "bob/brand-new", user("user-bob")).ok());
}

TEST_F(LinksTest, PlatformThemesAreLinkedByAdminsOnly) {
  vitrine::testing::write_theme(themes_dir(), "platform", "1.0.0");
  ASSERT_TRUE(sync_->sync(std::string("platform")).ok());
  auto by_user = github_->link("platform", "ann/platform", user("user-ann"));
  ASSERT_FALSE(by_user.ok());
  EXPECT_EQ(by_user.error().code, errc::kForbidden);
  EXPECT_TRUE(github_->link("platform", "ops/platform", admin()).ok());
}

}  // namespace
}  // namespace vitrine::github
