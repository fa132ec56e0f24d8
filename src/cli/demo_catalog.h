// The catalogue of the `vitrine demo` shop: data of the demo command, loaded through the
// catalogue's public API like any merchant's products.
#pragma once

#include <string>

#include "catalog/catalog.h"
#include "core/result.h"
#include "db/database.h"
#include "posts/posts.h"

namespace vitrine::cli {

// Which demo shop: a homewares shop, a trattoria's menu sold for pickup, or a blog (posts, no
// catalogue: seed_demo_posts).
enum class DemoShopKind { kShop, kRestaurant, kBlog };

// Fills an empty catalogue with a small realistic one in one transaction of `db`, the
// catalogue's database: kShop, 10 products in USD with images from the kendustorenew theme on the
// CDN, collections "featured", "ceramics" and "home-textiles"; kRestaurant, 9 dishes in EUR in
// the collections "antipasti", "primi", "secondi" and "dolci" (one sold out). Does nothing when
// the workspace already has products or collections, so `vitrine demo` can run it on every start.
Status seed_demo_catalog(db::Database& db, catalog::CatalogService& catalog,
                         const std::string& workspace_id, DemoShopKind kind = DemoShopKind::kShop);

// Publishes the demo blog's seven posts (Markdown, tags essays, travel, making, reading list,
// kitchen notes, letters; the slugs journal's default pages link to), dated over the last months.
// Does nothing when the workspace already has posts.
Status seed_demo_posts(posts::PostService& posts, const std::string& workspace_id);

}  // namespace vitrine::cli
