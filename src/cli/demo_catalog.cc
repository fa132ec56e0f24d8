#include "cli/demo_catalog.h"

#include <map>
#include <vector>

namespace vitrine::cli {
namespace {

struct DemoProduct {
  const char* title;
  const char* description;
  int64_t price_cents;
  int64_t compare_at_cents;  // 0: none
  const char* image;         // file name under DemoCatalogue::images, or "" for none
  int64_t inventory;
  const char* status;
  std::vector<const char*> collections;  // slugs
};

struct DemoCollection {
  const char* slug;
  const char* title;
  const char* description;
};

struct DemoCatalogue {
  const char* currency;
  const char* images;  // CDN folder of a sample theme's illustrations, by exact version
  std::vector<DemoCollection> collections;
  std::vector<DemoProduct> products;
};

const DemoCatalogue& shop_catalogue() {
  static const DemoCatalogue catalogue = {
      "USD",
      "/cdn/themes/kendustorenew/1.0.0/build/images/",
      {
          {"featured", "Featured", "The pieces we are proudest of this season."},
          {"ceramics", "Ceramics", "Mugs, cups and vases, thrown and glazed in small batches."},
          {"home-textiles", "Home Textiles",
           "Throws, towels and cushions woven from natural fibres."},
      },
      {
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
           "A heavy herringbone throw woven on a hand loom from undyed Shetland wool. 130 × 180 "
           "cm.",
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
      }};
  return catalogue;
}

// A trattoria's menu: dishes are products, courses are collections, prices in euros.
const DemoCatalogue& menu_catalogue() {
  static const DemoCatalogue catalogue = {
      "EUR",
      "",
      {
          {"antipasti", "Antipasti", "To share while you choose."},
          {"primi", "Primi", "Fresh pasta, rolled by hand every morning."},
          {"secondi", "Secondi", "From the wood-fired grill and the slow pot."},
          {"dolci", "Dolci", "Made in the afternoon, gone by the evening."},
      },
      {
          {"Supplì al telefono",
           "Fried rice croquettes with a heart of mozzarella, two pieces.",
           600,
           0,
           "",
           40,
           "active",
           {"antipasti"}},
          {"Carciofi alla giudia",
           "Twice-fried Roman artichoke, lemon and salt.",
           900,
           0,
           "",
           20,
           "active",
           {"antipasti"}},
          {"Tonnarelli cacio e pepe",
           "Pecorino Romano DOP and Tellicherry pepper.",
           1400,
           0,
           "",
           30,
           "active",
           {"primi"}},
          {"Rigatoni all'amatriciana",
           "Guanciale from Amatrice, San Marzano tomatoes, pecorino.",
           1400,
           0,
           "",
           30,
           "active",
           {"primi"}},
          {"Fettuccine ai funghi",
           "Porcini and chiodini mushrooms, butter, parsley.",
           1600,
           0,
           "",
           0,
           "active",
           {"primi"}},
          {"Coda alla vaccinara",
           "Oxtail braised for seven hours with celery and bitter cocoa.",
           2200,
           0,
           "",
           12,
           "active",
           {"secondi"}},
          {"Abbacchio a scottadito",
           "Grilled lamb chops over oak embers, rosemary potatoes.",
           2400,
           0,
           "",
           15,
           "active",
           {"secondi"}},
          {"Tiramisù della casa",
           "Savoiardi, mascarpone, espresso from Sant'Eustachio.",
           700,
           0,
           "",
           25,
           "active",
           {"dolci"}},
          {"Maritozzo con la panna",
           "Soft brioche bun split and filled with whipped cream.",
           500,
           0,
           "",
           18,
           "active",
           {"dolci"}},
      }};
  return catalogue;
}

const DemoCatalogue& catalogue_of(DemoShopKind kind) {
  return kind == DemoShopKind::kRestaurant ? menu_catalogue() : shop_catalogue();
}

}  // namespace

Status seed_demo_catalog(db::Database& db, catalog::CatalogService& catalog,
                         const std::string& workspace_id, DemoShopKind kind) {
  const DemoCatalogue& demo = catalogue_of(kind);
  // The service's writes join this transaction: the catalogue appears whole or not at all.
  return db.transaction([&](db::Session&) -> Status {
    catalog::ListQuery one;
    one.page_size = 1;
    VITRINE_ASSIGN(auto products, catalog.list_products(workspace_id, one));
    VITRINE_ASSIGN(auto collections, catalog.list_collections(workspace_id, one));
    if (products.total > 0 || collections.total > 0) return {};
    for (const DemoCollection& c : demo.collections) {
      catalog::CollectionInput input;
      input.slug = c.slug;
      input.title = c.title;
      input.description = c.description;
      VITRINE_TRY(catalog.create_collection(workspace_id, std::move(input)));
    }
    for (const DemoProduct& p : demo.products) {
      catalog::ProductInput input;
      input.title = p.title;
      input.description = p.description;
      input.price_cents = p.price_cents;
      input.currency = demo.currency;
      if (*p.image)
        input.image_url = std::optional<std::string>(std::string(demo.images) + p.image);
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
