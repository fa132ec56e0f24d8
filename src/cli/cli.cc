#include "cli/cli.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <iterator>

#include "app/app.h"
#include "cli/demo_catalog.h"
#include "cli/theme_commands.h"
#include "config/config.h"
#include "core/ids.h"
#include "sandbox/render_worker.h"
#include "themes/scaffold.h"

namespace vitrine::cli {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;  // the command ran and found problems (sync/status)
constexpr int kExitUsage = 2;   // bad arguments or configuration

std::string human_bytes(int64_t n) {
  char buf[32];
  if (n < 1024) return std::to_string(n) + " B";
  if (n < 1024 * 1024) {
    std::snprintf(buf, sizeof buf, "%.1f KB", n / 1024.0);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f MB", n / (1024.0 * 1024.0));
  }
  return buf;
}

// Progress on stderr: a redrawn bar on a terminal, one plain line per theme otherwise.
themes::SyncProgress progress_printer() {
  const bool tty = ::isatty(STDERR_FILENO) == 1;
  return [tty](size_t done, size_t total, const std::string& slug) {
    if (!tty) {
      std::fprintf(stderr, "synced %zu/%zu %s\n", done, total, slug.c_str());
      return;
    }
    constexpr int kWidth = 30;
    int filled = total ? static_cast<int>(kWidth * done / total) : kWidth;
    std::string bar(filled, '#');
    bar.resize(kWidth, '.');
    std::fprintf(stderr, "\r\033[K[%s] %zu/%zu themes  %s", bar.c_str(), done, total, slug.c_str());
    if (done == total) std::fputc('\n', stderr);
    std::fflush(stderr);
  };
}

void print_report(const themes::SyncReport& report, bool sync_verb) {
  size_t w_slug = 5, w_ver = 7, w_state = 5;
  for (const auto& v : report.versions) {
    w_slug = std::max(w_slug, v.slug.size());
    w_ver = std::max(w_ver, v.version.size());
    w_state = std::max(w_state, std::string(themes::state_name(v.state)).size());
  }
  std::printf("%-*s  %-*s  %-*s  %-12s  %6s  %9s\n", static_cast<int>(w_slug), "THEME",
              static_cast<int>(w_ver), "VERSION", static_cast<int>(w_state), "STATE", "HASH",
              "FILES", "SIZE");
  for (const auto& v : report.versions) {
    std::printf("%-*s  %-*s  %-*s  %-12s  %6lld  %9s\n", static_cast<int>(w_slug), v.slug.c_str(),
                static_cast<int>(w_ver), v.version.empty() ? "-" : v.version.c_str(),
                static_cast<int>(w_state), themes::state_name(v.state),
                v.content_hash.empty() ? "-" : v.content_hash.substr(0, 12).c_str(),
                static_cast<long long>(v.files), human_bytes(v.bytes).c_str());
    for (const auto& p : v.problems) std::printf("    %s\n", p.str().c_str());
  }
  using S = themes::VersionState;
  std::string summary;
  auto add = [&](S s) {
    if (size_t n = report.count(s))
      summary += (summary.empty() ? "" : ", ") + std::to_string(n) + " " + themes::state_name(s);
  };
  for (S s : {S::kRegistered, S::kUnchanged, S::kPending, S::kMissing, S::kModified, S::kInvalid,
              S::kFailed})
    add(s);
  if (report.versions.empty()) summary = "no themes found";
  if (sync_verb && report.count(S::kRegistered) == 0 && report.ok())
    std::printf("Nothing changed: %s.\n", summary.c_str());
  else
    std::printf("%s.\n", summary.c_str());
}

struct Globals {
  std::string config_file;
  ConfigOverrides flags;
};

void add_global_options(CLI::App& app, Globals& g) {
  app.add_option("--config", g.config_file, "TOML configuration file (default ./vitrine.toml)");
  for (const char* key : {"listen",           "data-dir",
                          "themes-dir",       "database-url",
                          "blob-url",         "base-domain",
                          "dns-resolver",     "log-format",
                          "log-level",        "public-url",
                          "threads",          "render-cache-bytes",
                          "render-workers",   "render-worker-binary",
                          "page-ttl-seconds", "render-time-limit-ms",
                          "site-rate-limits", "smtp-url",
                          "mail-from",        "stripe-api-url"}) {
    std::string k = key;
    std::string field = k;
    std::replace(field.begin(), field.end(), '-', '_');
    app.add_option_function<std::string>(
        "--" + k, [&g, field](const std::string& v) { g.flags[field] = v; }, "overrides " + field);
  }
}

Result<std::unique_ptr<App>> open_app(const Globals& g, ConfigOverrides extra = {}) {
  ConfigOverrides flags = g.flags;
  for (auto& [k, v] : extra)
    if (!flags.count(k)) flags[k] = v;
  VITRINE_ASSIGN(Config config, load_config(g.config_file, flags));
  setup_logging(config);
  return App::open(config);
}

int report_error(const Error& e) {
  std::fprintf(stderr, "error: %s\n", e.message.c_str());
  if (e.details.is_object() && e.details.contains("problems"))
    for (const auto& p : e.details["problems"]) std::fprintf(stderr, "  %s\n", p.dump().c_str());
  return e.code == errc::kConfig || e.code == errc::kInvalidArgument ? kExitUsage : kExitFailed;
}

int serve(App& app) {
  auto st = app.serve([](const std::string& url) {
    std::printf("vitrine %s listening on %s\n", VITRINE_CORE_VERSION, url.c_str());
    std::fflush(stdout);
  });
  return st.ok() ? kExitOk : report_error(st.error());
}

// The shops `vitrine demo` publishes, one per sample theme that sells and the blog theme, with
// their catalogues or posts.
struct DemoShop {
  const char* slug;
  const char* name;
  const char* theme;
  DemoShopKind kind;
};
constexpr DemoShop kDemoShops[] = {
    {"demo-shop", "Kendu", "kendustorenew", DemoShopKind::kShop},
    {"da-lucia", "Da Lucia", "restaurant-classic", DemoShopKind::kRestaurant},
    {"field-notes", "Field Notes", "journal", DemoShopKind::kBlog},
};

// The shop's demo content: its posts for the blog, else its catalogue.
Status seed_demo_content(App& app, const std::string& workspace_id, DemoShopKind kind) {
  if (kind == DemoShopKind::kBlog) return seed_demo_posts(app.posts(), workspace_id);
  return seed_demo_catalog(app.database(), app.catalog(), workspace_id, kind);
}

// Creates and publishes the demo shops, owned by a demo user, each on the latest version of its
// theme with a seeded catalogue. Idempotent: an existing shop keeps its design and catalogue.
Status ensure_demo_shops(App& app) {
  constexpr const char* kEmail = "demo@vitrine.localhost";
  std::optional<auth::User> owner;
  for (const DemoShop& demo : kDemoShops) {
    auto existing = app.workspaces().get(demo.slug);
    if (existing.ok()) {
      VITRINE_TRY(seed_demo_content(app, existing->id, demo.kind));
      continue;
    }
    if (existing.error().code != errc::kNotFound) return existing.error();
    if (!owner) {
      auto found = app.users().find_by_email(kEmail);
      if (!found.ok()) {
        if (found.error().code != errc::kNotFound) return found.error();
        const std::string password = random_alnum(16);
        VITRINE_ASSIGN(found, app.users().create_user(kEmail, password, "pro"));
        std::printf("Demo shop owner: %s, password %s (shown once)\n", kEmail, password.c_str());
      }
      owner = std::move(*found);
    }
    VITRINE_ASSIGN(auto shop, app.workspaces().create_with_slug(owner->id, demo.name, demo.slug));
    VITRINE_TRY(app.events().dispatch_pending());  // hosting provisions <slug>.<base_domain>
    VITRINE_TRY(seed_demo_content(app, shop.id, demo.kind));
    VITRINE_ASSIGN(auto draft, app.customizations().use(shop.id, owner->id, demo.theme));
    VITRINE_TRY(app.customizations().publish(draft.id));
  }
  return {};
}

int demo(App& app) {
  std::printf("Syncing sample themes from %s ...\n", app.config().themes_dir.c_str());
  auto report = app.sync().sync(std::nullopt, progress_printer());
  if (!report.ok()) return report_error(report.error());
  print_report(*report, true);
  if (Status shops = ensure_demo_shops(app); !shops.ok()) return report_error(shops.error());
  auto st = app.serve([&](const std::string& url) {
    const std::string port = url.substr(url.rfind(':'));
    auto shop = [&](const char* slug) {
      return "http://" + std::string(slug) + "." + app.config().base_domain + port;
    };
    std::printf("\nvitrine %s listening on %s\n\nTry:\n", VITRINE_CORE_VERSION, url.c_str());
    for (const DemoShop& demo : kDemoShops)
      std::printf("  %s/   the demo shop %s (%s)\n", shop(demo.slug).c_str(), demo.name,
                  demo.theme);
    std::printf("  %s/products/speckled-stoneware-mug   a product page\n",
                shop("demo-shop").c_str());
    std::printf("  %s/search?q=mug                      product search\n",
                shop("demo-shop").c_str());
    std::printf("  %s/blog/feed.xml                   the blog's Atom feed\n",
                shop("field-notes").c_str());
    std::printf("  %s/api/themes                       the catalogue\n", url.c_str());
    std::printf("  %s/api/themes/search?q=restaurant   full-text search\n", url.c_str());
    std::printf("  %s/api/themes/kendustorenew         one theme with its versions\n", url.c_str());
    std::printf("  %s/cdn/themes/kendustorenew/latest/build/theme.css   (302 to 1.2.0)\n",
                url.c_str());
    std::printf("  %s/metrics                          render cache and server counters\n",
                url.c_str());
    std::printf("Admin token for POST /api/themes/sync: vitrine token create --admin\n");
    std::printf("Stop with Ctrl-C.\n");
    std::fflush(stdout);
  });
  return st.ok() ? kExitOk : report_error(st.error());
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{"Vitrine: multi-tenant storefront and theme platform"};
  app.require_subcommand(1);
  app.fallthrough();
  Globals g;
  add_global_options(app, g);

  auto* serve_cmd = app.add_subcommand("serve", "serve the API and the theme CDN");
  auto* demo_cmd =
      app.add_subcommand("demo", "sync the sample themes into ./data and serve on 127.0.0.1:8080");

  std::string sync_slug;
  bool sync_all = false, sync_json = false;
  auto* sync_cmd = app.add_subcommand("sync", "register new theme versions from the themes folder");
  sync_cmd->add_option("slug", sync_slug, "theme to sync");
  sync_cmd->add_flag("--all", sync_all, "sync every theme");
  sync_cmd->add_flag("--json", sync_json, "print the report as JSON");

  std::string status_slug;
  bool status_json = false;
  auto* status_cmd = app.add_subcommand("status", "show every theme, version, hash and problem");
  status_cmd->add_option("slug", status_slug, "only this theme");
  status_cmd->add_flag("--json", status_json, "print as JSON");

  auto* token_cmd = app.add_subcommand("token", "manage API tokens");
  token_cmd->require_subcommand(1);
  bool token_admin = false;
  std::string token_label = "cli";
  auto* token_create = token_cmd->add_subcommand("create", "create a token and print it once");
  token_create->add_flag("--admin", token_admin, "an admin token (required for now)");
  token_create->add_option("--label", token_label, "what the token is for");

  auto* user_cmd = app.add_subcommand("user", "manage user accounts");
  user_cmd->require_subcommand(1);
  std::string user_email, user_tier = "basic", new_tier;
  bool password_stdin = false;
  auto* user_create = user_cmd->add_subcommand("create", "create a user; prints the new id");
  user_create->add_option("--email", user_email, "the user's email")->required();
  user_create->add_flag("--password-stdin", password_stdin,
                        "read the password from standard input (required)");
  user_create->add_option("--tier", user_tier, "basic (default), pro or enterprise");
  auto* user_set_tier = user_cmd->add_subcommand("set-tier", "change a user's tier");
  user_set_tier->add_option("--email", user_email, "the user's email")->required();
  user_set_tier->add_option("--tier", new_tier, "basic, pro or enterprise")->required();

  auto* theme_cmd = app.add_subcommand("theme", "theme author tools");
  theme_cmd->require_subcommand(1);
  std::string new_theme_slug, new_theme_type = "ecommerce", new_theme_parent = ".";
  auto* theme_create = theme_cmd->add_subcommand(
      "create", "scaffold <slug>/v0.1.0/, a theme that syncs and renders without edits");
  theme_create->add_option("slug", new_theme_slug, "the theme's slug (its folder name)")
      ->required();
  theme_create->add_option("--type", new_theme_type,
                           "ecommerce (default), restaurant, blog or services");
  theme_create->add_option("--dir", new_theme_parent, "where to create it (default: here)");
  ThemeClientCommands theme_client(*theme_cmd);  // login, push, list, link

  auto* config_cmd = app.add_subcommand("config", "print the effective configuration");
  app.add_subcommand("version", "print the version")->callback([] {
    std::printf("vitrine %s\n", VITRINE_CORE_VERSION);
  });

  // Hidden: the render worker process that RenderWorkerPool spawns (src/sandbox/render_worker.h).
  sandbox::RenderWorkerOptions worker_options;
  auto* worker_cmd = app.add_subcommand("render-worker", "");
  worker_cmd->group("");
  worker_cmd->add_option("--heap-mb", worker_options.heap_mb, "V8 heap limit");
  worker_cmd->add_option("--progress-fd", worker_options.progress_fd, "shared progress record");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }

  if (config_cmd->parsed()) {
    auto config = load_config(g.config_file, g.flags);
    if (!config.ok()) return report_error(config.error());
    for (const auto& [k, v] : config->describe()) std::printf("%s = %s\n", k.c_str(), v.c_str());
    return kExitOk;
  }
  if (app.got_subcommand("version")) return kExitOk;
  if (theme_create->parsed()) {
    auto made = themes::scaffold_theme(new_theme_parent, new_theme_slug, new_theme_type);
    if (!made.ok()) return report_error(made.error());
    std::printf("created %s\n", made->string().c_str());
    std::printf("next: edit it, then `vitrine sync %s --themes-dir %s`\n", new_theme_slug.c_str(),
                new_theme_parent.c_str());
    return kExitOk;
  }
  if (auto rc = theme_client.run()) return *rc;
  if (worker_cmd->parsed()) return sandbox::run_render_worker(worker_options);

  // Passwords never go on the command line (visible in ps and shell history): stdin only.
  std::string user_password;
  if (user_create->parsed()) {
    if (!password_stdin) {
      std::fprintf(stderr, "error: user create needs --password-stdin (pipe the password in)\n");
      return kExitUsage;
    }
    user_password.assign(std::istreambuf_iterator<char>(std::cin), {});
    if (user_password.ends_with('\n')) user_password.pop_back();
    if (user_password.ends_with('\r')) user_password.pop_back();
  }

  ConfigOverrides extra;
  if (demo_cmd->parsed()) extra["listen"] = "127.0.0.1:8080";
  auto opened = open_app(g, extra);
  if (!opened.ok()) return report_error(opened.error());
  App& a = **opened;

  if (serve_cmd->parsed()) return serve(a);
  if (demo_cmd->parsed()) return demo(a);

  if (sync_cmd->parsed()) {
    if (sync_all == !sync_slug.empty()) {
      std::fprintf(stderr, "error: give a theme slug or --all\n");
      return kExitUsage;
    }
    std::optional<std::string> slug;
    if (!sync_all) slug = sync_slug;
    auto report = a.sync().sync(slug, sync_json ? themes::SyncProgress() : progress_printer());
    if (!report.ok()) return report_error(report.error());
    if (sync_json)
      std::printf("%s\n", report->to_json().dump(2).c_str());
    else
      print_report(*report, true);
    return report->ok() ? kExitOk : kExitFailed;
  }

  if (status_cmd->parsed()) {
    std::optional<std::string> slug;
    if (!status_slug.empty()) slug = status_slug;
    auto report = a.sync().inspect(slug);
    if (!report.ok()) return report_error(report.error());
    if (status_json)
      std::printf("%s\n", report->to_json().dump(2).c_str());
    else
      print_report(*report, false);
    return report->ok() ? kExitOk : kExitFailed;
  }

  if (token_create->parsed()) {
    if (!token_admin) {
      std::fprintf(stderr, "error: only admin tokens exist yet; pass --admin\n");
      return kExitUsage;
    }
    auto t = a.tokens().create_admin_token(token_label);
    if (!t.ok()) return report_error(t.error());
    std::printf("%s\n", t->token.c_str());
    std::fprintf(stderr, "admin token %s created; it is shown only once\n", t->id.c_str());
    return kExitOk;
  }

  if (user_create->parsed()) {
    auto u = a.users().create_user(user_email, user_password, user_tier);
    if (!u.ok()) return report_error(u.error());
    std::printf("%s\n", u->id.c_str());
    std::fprintf(stderr, "user %s (%s) created\n", u->email.c_str(), u->tier.c_str());
    return kExitOk;
  }

  if (user_set_tier->parsed()) {
    auto u = a.users().find_by_email(user_email);
    if (!u.ok()) return report_error(u.error());
    auto changed = a.users().set_tier(u->id, new_tier);
    if (!changed.ok()) return report_error(changed.error());
    // Apply the change to hosting now; a running server would also pick it up from the outbox.
    if (auto d = a.events().dispatch_pending(); !d.ok()) {
      std::fprintf(stderr,
                   "error: the tier of %s is now %s, but applying it to hosting failed (a "
                   "running server retries it): %s\n",
                   u->email.c_str(), changed->tier.c_str(), d.error().message.c_str());
      return kExitFailed;
    }
    if (changed->tier == u->tier)
      std::printf("%s is already on %s\n", u->email.c_str(), u->tier.c_str());
    else
      std::printf("%s: %s -> %s\n", u->email.c_str(), u->tier.c_str(), changed->tier.c_str());
    return kExitOk;
  }
  return kExitUsage;
}

}  // namespace vitrine::cli
