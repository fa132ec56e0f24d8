// The CMS API's pages and blocks (seed 002 §3: createPage, updatePage, publishPage,
// getPageBlocks, updateBlocks) as a view of one customization's Puck documents: one model, two
// doors. A page is an entry of Customization::pages (its id is its path); its title and meta
// description are the document's root props `title` and `description`; its blocks are the
// document's `content`, each Puck item {type, props} shown as {id, type, position, config,
// visibility, zones}, where `id` and `visibility` are the props Puck reserves and a block's zones
// ("<id>:<name>" in the document) are nested under the block. Nothing is stored twice: every
// write goes through CustomizationService::edit and is validated like an editor's save.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "customize/puck_validation.h"

namespace vitrine::customize {

struct Customization;

// What a page write sets; absent members stay as they are (a new page starts empty). Members are
// raw JSON so that wrong types are reported with every other problem at once, by pointer.
struct PageInput {
  std::optional<nlohmann::json> path;              // string; renames the page on update
  std::optional<nlohmann::json> title;             // string or null (the theme's default)
  std::optional<nlohmann::json> meta_description;  // string or null
  std::optional<nlohmann::json> root_props;        // object: the other root props, replaced
  std::optional<nlohmann::json> blocks;            // array of blocks: replaces every block
};

// Reads a page body {path, title, meta_description, root_props, blocks}; unknown members are
// problems. `position` members of blocks are accepted and ignored (the order is the array's).
PageInput page_input_from_json(const nlohmann::json& body);

// What a block write sets; absent members stay as they are.
struct BlockInput {
  std::optional<nlohmann::json> config;      // object: replaces the block's props
  std::optional<nlohmann::json> visibility;  // a visibility rule, or null for none
};
BlockInput block_input_from_json(const nlohmann::json& body);

// Where a block is: its page, the document array holding it (the page's content when `zone` is
// empty, else the zone of that key, "<parent id>:<name>"), and its index there.
struct BlockLocation {
  std::string path, zone;
  size_t index = 0;
};

// The blocks of a Puck document as the API shows them.
nlohmann::json blocks_json(const nlohmann::json& doc);
// One block (a Puck item of `doc`) as the API shows it, zones nested.
nlohmann::json block_json(const nlohmann::json& doc, const nlohmann::json& item, size_t position);

// Page `path` of `c` as the API shows it: {id, path, title, meta_description, root_props,
// customization_id, is_published, published_at, updated_at} plus `blocks` when `with_blocks`.
nlohmann::json page_json(const Customization& c, const std::string& path, bool with_blocks);

// Applies `input` to the Puck document `doc` and validates the result against `config`. Every
// problem is appended with a pointer into the page body ("/blocks/2/config/title"), never into
// the stored document. Blocks without an id get one ("<Type>-<8 hex digits>").
void apply_page_input(const PageInput& input, const nlohmann::json& config, nlohmann::json& doc,
                      std::vector<PuckProblem>& problems);

// The block `block_id` of `c`, searched on page `page` or, when absent, on every page (zones
// included); not_found when no page has it, conflict (naming the pages) when several do.
Result<BlockLocation> find_block(const Customization& c, const std::string& block_id,
                                 const std::optional<std::string>& page);

// Applies `input` to the block at `at` of `doc` and validates the document against `config`.
// Problems of that block point into the block body ("/config/title"); problems elsewhere on the
// page point into the customization ("/pages/~1about/content/0/...").
void apply_block_input(const BlockInput& input, const BlockLocation& at,
                       const nlohmann::json& config, nlohmann::json& doc,
                       std::vector<PuckProblem>& problems);

// Removes the block at `at` from `doc`, with the zones it holds (and theirs).
void remove_block(const BlockLocation& at, nlohmann::json& doc);

}  // namespace vitrine::customize
