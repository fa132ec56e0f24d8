// The demo blog's posts (demo_catalog.h): written through PostService like any author's.
#include <chrono>

#include "cli/demo_catalog.h"
#include "core/clock.h"

namespace vitrine::cli {
namespace {

struct DemoPost {
  const char* slug;
  const char* title;
  const char* tags[2];
  int days_ago;
  const char* markdown;
};

constexpr DemoPost kPosts[] = {
    {"a-year-of-walking",
     "What a year of walking to work taught me about attention",
     {"Essays", nullptr},
     3,
     "Forty minutes each way, no headphones, the same route every morning. I expected boredom.\n\n"
     "Instead I found a slow, daily lesson in **noticing**: the baker who sings, the magnolia "
     "that opens a week before the others, the bus driver who waves.\n\n"
     "## What changed\n\n- I stopped reaching for my phone at crossings.\n- I started carrying a "
     "notebook.\n- I learned the names of three trees.\n"},
    {"porto-tile-workshops",
     "A weekend in Porto's last tile workshops",
     {"Travel", "Making"},
     12,
     "Three families still paint *azulejos* by hand in the old way. I spent two days learning why "
     "they refuse to speed up.\n\n> A tile painted in a hurry looks hurried for a hundred "
     "years.\n"},
    {"boring-tools",
     "The case for boring tools",
     {"Essays", "Making"},
     26,
     "The notebook, the pencil, the cast-iron pan: the most useful things in my life are the "
     "least exciting ones.\n\nThey never need an update, and they get better with use.\n"},
    {"commonplace-book",
     "How I keep a commonplace book",
     {"Reading list", nullptr},
     40,
     "A commonplace book is a notebook of things worth keeping: quotes, recipes, lists.\n\n"
     "1. Write by hand.\n2. Index the back pages.\n3. Reread it every season.\n"},
    {"learning-to-swim",
     "Learning to swim at forty",
     {"Letters", nullptr},
     55,
     "Dear reader, this summer I finally learned to swim. Here is what the water taught me about "
     "being a beginner again.\n"},
    {"danish-desk",
     "The Danish desk I rebuilt from a flea market",
     {"Making", nullptr},
     71,
     "It cost twelve euros and two months of evenings. Sanding, gluing and oiling a "
     "mid-century desk back to life.\n\n`Teak oil, three coats, a day between each.`\n"},
    {"lisbon-reading-cafes",
     "Lisbon's best cafés for reading",
     {"Travel", "Kitchen notes"},
     90,
     "Quiet corners, strong coffee and pastel de nata: five cafés where nobody minds if you stay "
     "for a whole chapter.\n"},
};

}  // namespace

Status seed_demo_posts(posts::PostService& posts, const std::string& workspace_id) {
  VITRINE_ASSIGN(auto existing, posts.list_posts(workspace_id, {}));
  if (existing.total > 0) return {};
  const auto now = std::chrono::system_clock::now();
  for (const DemoPost& d : kPosts) {
    posts::PostInput in;
    in.title = d.title;
    in.slug = d.slug;
    in.content = d.markdown;
    in.author = "Clara Mendes";
    in.status = "published";
    in.published_at = to_iso8601(now - std::chrono::hours(24 * d.days_ago));
    std::vector<std::string> tags;
    for (const char* t : d.tags)
      if (t) tags.emplace_back(t);
    in.tags = std::move(tags);
    VITRINE_TRY(posts.create_post(workspace_id, std::move(in)));
  }
  return {};
}

}  // namespace vitrine::cli
