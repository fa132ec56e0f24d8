#include "cli/demo_catalog.h"

#include <map>
#include <vector>

namespace vitrine::cli {
namespace {

// The kendustorenew illustrations, by exact version (immutable on the CDN).
constexpr const char* kImages = "/cdn/themes/kendustorenew/1.0.0/build/images/";

struct DemoProduct {
  const char* title;
  const char* description;
  int64_t price_cents;
  int64_t compare_at_cents;  // 0: none
  const char* image;
  int64_t inventory;
  const char* status;
  std::vector<const char*> collections;  // slugs
};

const std::vector<DemoProduct>& demo_products() {
  static const std::vector<DemoProduct> products = {
      {"Speckled Stoneware Mug",
       "Wheel-thrown in our studio from speckled stoneware, glazed in oatmeal white. Holds 350 "
       "ml; dishwasher safe.",
       2800,
       0,
       "product-mug.svg",
       24,
       "active",
       {"featured", "ceramics"}},
      {"Hand-Loomed Wool Throw",
       "A heavy herringbone throw woven on a hand loom from undyed Shetland wool. 130 × 180 cm.",
       14500,
       17500,
       "product-throw.svg",
       6,
       "active",
       {"featured", "home-textiles"}},
      {"Walnut Serving Board",
       "Cut from a single plank of black walnut and finished with food-safe oil. 45 × 22 cm.",
       6400,
       0,
       "product-board.svg",
       12,
       "active",
       {"featured"}},
      {"Ribbed Bud Vase",
       "A small ribbed vase in a satin sage glaze, made for a single stem or a dried sprig.",
       3600,
       0,
       "product-vase.svg",
       18,
       "active",
       {"featured", "ceramics"}},
      {"Espresso Cup Pair",
       "Two 90 ml cups in a glossy tenmoku glaze that breaks to rust on the rims.",
       3400,
       0,
       "product-mug.svg",
       30,
       "active",
       {"ceramics"}},
      {"Linen Tea Towels, Set of 2",
       "Stonewashed European linen in natural and rust stripes; absorbent and lint-free.",
       2400,
       0,
       "product-throw.svg",
       40,
       "active",
       {"home-textiles"}},
      {"Tall Ash-Glaze Vase",
       "A 32 cm bottle vase fired with a runny wood-ash glaze; every piece is one of a kind.",
       7800,
       0,
       "product-vase.svg",
       5,
       "active",
       {"ceramics"}},
      {"Olive Wood Spoon Set",
       "Three carved olive wood spoons for stirring, serving and tasting.",
       3200,
       0,
       "product-board.svg",
       22,
       "active",
       {}},
      {"Waffle Cotton Cushion Cover",
       "A 50 × 50 cm cover in heavy waffle-weave organic cotton with a hidden zip.",
       4200,
       5200,
       "product-throw.svg",
       15,
       "active",
       {"home-textiles"}},
      {"Stoneware Pour-Over Dripper",
       "A single-cup pour-over cone in matte charcoal stoneware. Back in the next kiln firing.",
       4600,
       0,
       "product-mug.svg",
       0,
       "draft",
       {}},
  };
  return products;
}

struct DemoCollection {
  const char* slug;
  const char* title;
  const char* description;
};

const std::vector<DemoCollection> kDemoCollections = {
    {"featured", "Featured", "The pieces we are proudest of this season."},
    {"ceramics", "Ceramics", "Mugs, cups and vases, thrown and glazed in small batches."},
    {"home-textiles", "Home Textiles", "Throws, towels and cushions woven from natural fibres."},
};

}  // namespace

Status seed_demo_catalog(db::Database& db, catalog::CatalogService& catalog,
                         const std::string& workspace_id) {
  // The service's writes join this transaction: the catalogue appears whole or not at all.
  return db.transaction([&](db::Session&) -> Status {
    catalog::ListQuery one;
    one.page_size = 1;
    VITRINE_ASSIGN(auto products, catalog.list_products(workspace_id, one));
    VITRINE_ASSIGN(auto collections, catalog.list_collections(workspace_id, one));
    if (products.total > 0 || collections.total > 0) return {};
    for (const DemoCollection& c : kDemoCollections) {
      catalog::CollectionInput input;
      input.slug = c.slug;
      input.title = c.title;
      input.description = c.description;
      VITRINE_TRY(catalog.create_collection(workspace_id, std::move(input)));
    }
    for (const DemoProduct& p : demo_products()) {
      catalog::ProductInput input;
      input.title = p.title;
      input.description = p.description;
      input.price_cents = p.price_cents;
      input.currency = "USD";
      input.image_url = std::optional<std::string>(std::string(kImages) + p.image);
      input.inventory = p.inventory;
      input.status = p.status;
      if (p.compare_at_cents > 0)
        input.compare_at_cents = std::optional<int64_t>(p.compare_at_cents);
      VITRINE_ASSIGN(catalog::Product created,
                     catalog.create_product(workspace_id, std::move(input)));
      for (const char* slug : p.collections)
        VITRINE_TRY(catalog.add_to_collection(workspace_id, slug, created.id));
    }
    return {};
  });
}

}  // namespace vitrine::cli
