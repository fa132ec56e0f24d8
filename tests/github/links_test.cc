// Repository links: GitHub's naming rules, one repository per theme and one theme per
// repository, and who may change a link (checked by the real ThemePushPipeline's ownership).
#include <gtest/gtest.h>

#include "github/github_fixture.h"
#include "testing/matchers.h"

using ::testing::Not;
using ::vitrine::IsOk;
using ::vitrine::StatusIs;

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
    auto archive = theme_push::pack_theme_folder(dir);
    ASSERT_THAT(archive, IsOk());
    auto out = theme_push_->push(*archive, user(owner), {});
    ASSERT_THAT(out, IsOk()) << out.error().message << " " << out.error().details.dump();
  }
};

TEST_F(LinksTest, LinkReadReplaceAndUnlink) {
  auto l = github_->link("shop", "octo/shop", admin());
  ASSERT_THAT(l, IsOk());
  EXPECT_EQ(l->slug, "shop");
  EXPECT_EQ(l->repo, "octo/shop");
  EXPECT_EQ(l->to_json()["repo"], "octo/shop");
  auto got = github_->repository("shop");
  ASSERT_THAT(got, IsOk());
  EXPECT_EQ(got->repo, "octo/shop");

  // One repository per theme: linking again replaces it and frees the old name.
  auto moved = github_->link("shop", "octo/shop-theme", admin());
  ASSERT_THAT(moved, IsOk());
  EXPECT_EQ(github_->repository("shop")->repo, "octo/shop-theme");
  EXPECT_EQ(moved->created_at, l->created_at);
  EXPECT_THAT(github_->link("blog", "octo/shop", admin()), IsOk());

  ASSERT_THAT(github_->unlink("shop", admin()), IsOk());
  auto gone = github_->repository("shop");
  ASSERT_THAT(gone, StatusIs(errc::kNotFound));
  auto again = github_->unlink("shop", admin());
  ASSERT_THAT(again, StatusIs(errc::kNotFound));
}

TEST_F(LinksTest, ARepositoryBelongsToOneTheme) {
  link("shop", "Octo/Shop");
  // GitHub names are case-insensitive: "octo/shop" is the same repository.
  auto r = github_->link("blog", "octo/shop", admin());
  ASSERT_THAT(r, StatusIs(errc::kConflict));
  EXPECT_NE(r.error().message.find("already linked to theme 'shop'"), std::string::npos)
      << r.error().message;
  EXPECT_EQ(r.error().details["slug"], "shop");
  // Relinking the same theme to its own repository (any case) is fine.
  EXPECT_THAT(github_->link("shop", "octo/shop", admin()), IsOk());
}

TEST_F(LinksTest, BadNamesAreInvalidArguments) {
  auto bad_repo = github_->link("shop", "octo/shop.git", admin());
  ASSERT_THAT(bad_repo, StatusIs(errc::kInvalidArgument));
  EXPECT_EQ(bad_repo.error().details["pointer"], "/repo");
  auto bad_slug = github_->link("Not A Slug", "octo/shop", admin());
  ASSERT_THAT(bad_slug, StatusIs(errc::kInvalidArgument));
  EXPECT_THAT(github_->repository("shop"), Not(IsOk()));
}

TEST_F(LinksTest, OnlyTheAuthorOrAnAdminMayLink) {
  push_owned("ann-theme", "user-ann");
  auto by_bob = github_->link("ann-theme", "bob/ann-theme", user("user-bob"));
  ASSERT_THAT(by_bob, StatusIs(errc::kForbidden));
  EXPECT_THAT(github_->repository("ann-theme"), Not(IsOk()));

  auto by_ann = github_->link("ann-theme", "ann/ann-theme", user("user-ann"));
  ASSERT_THAT(by_ann, IsOk());
  EXPECT_THAT(github_->unlink("ann-theme", user("user-bob")), Not(IsOk()));
  EXPECT_THAT(github_->repository("ann-theme"), IsOk());
  EXPECT_THAT(github_->link("ann-theme", "ops/ann-theme", admin()), IsOk());
  EXPECT_THAT(github_->unlink("ann-theme", user("user-ann")), IsOk());

  // A theme nobody pushed yet may be linked by the author who is about to push it.
  EXPECT_THAT(github_->link("brand-new", "bob/brand-new", user("user-bob")), IsOk());
}

TEST_F(LinksTest, PlatformThemesAreLinkedByAdminsOnly) {
  vitrine::testing::write_theme(themes_dir(), "platform", "1.0.0");
  ASSERT_THAT(sync_->sync(std::string("platform")), IsOk());
  auto by_user = github_->link("platform", "ann/platform", user("user-ann"));
  ASSERT_THAT(by_user, StatusIs(errc::kForbidden));
  EXPECT_THAT(github_->link("platform", "ops/platform", admin()), IsOk());
}

}  // namespace
}  // namespace vitrine::github
