#include "customize/pages.h"

#include <algorithm>
#include <utility>

#include "core/ids.h"
#include "customize/customizations.h"
#include "customize/store.h"

namespace vitrine::customize {
namespace {

using nlohmann::json;

constexpr const char* kTitleProp = "title";
constexpr const char* kDescriptionProp = "description";

// Which stored-document pointer ("/content/2", "/zones/Hero-1:left/0") a body pointer
// ("/blocks/2", "/blocks/0/zones/left/0") stands for, for every block a write sent.
using PointerMap = std::vector<std::pair<std::string, std::string>>;

bool has_prefix(const std::string& pointer, const std::string& prefix) {
  return pointer.compare(0, prefix.size(), prefix) == 0 &&
         (pointer.size() == prefix.size() || pointer[prefix.size()] == '/');
}

// A document pointer inside a block, relative to the block ("/props/id", "/type"), in the API's
// terms: id and visibility sit beside config.
std::string block_relative(const std::string& rest) {
  for (const char* reserved : {"id", kVisibilityProp}) {
    std::string prop = std::string("/props/") + reserved;
    if (has_prefix(rest, prop)) return "/" + std::string(reserved) + rest.substr(prop.size());
  }
  if (has_prefix(rest, "/props")) return "/config" + rest.substr(6);
  return rest;
}

// A document pointer of the root props in the page body's terms.
std::optional<std::string> root_relative(const std::string& pointer) {
  if (!has_prefix(pointer, "/root")) return std::nullopt;
  const std::string title = std::string("/root/props/") + kTitleProp;
  const std::string description = std::string("/root/props/") + kDescriptionProp;
  if (has_prefix(pointer, title)) return "/title" + pointer.substr(title.size());
  if (has_prefix(pointer, description))
    return "/meta_description" + pointer.substr(description.size());
  if (has_prefix(pointer, "/root/props")) return "/root_props" + pointer.substr(11);
  return "/root_props";
}

// Rewrites the pointers of problems from `first` on: the longest mapped block prefix wins;
// pointers outside every mapped block get `fallback` + their document pointer.
void translate(std::vector<PuckProblem>& problems, size_t first, const PointerMap& map,
               const std::string& fallback) {
  for (size_t i = first; i < problems.size(); ++i) {
    std::string& pointer = problems[i].pointer;
    const std::pair<std::string, std::string>* best = nullptr;
    for (const auto& entry : map)
      if (has_prefix(pointer, entry.first) && (!best || entry.first.size() > best->first.size()))
        best = &entry;
    if (best) {
      pointer = best->second + block_relative(pointer.substr(best->first.size()));
    } else if (fallback.empty()) {
      if (auto root = root_relative(pointer)) pointer = *root;
    } else {
      pointer = fallback + pointer;
    }
  }
}

// Builds the document items of a block array of the body, filling `zones` and `map`.
class BlockReader {
 public:
  BlockReader(json& zones, PointerMap& map, std::vector<PuckProblem>& problems)
      : zones_(zones), map_(map), problems_(problems) {}

  json items(const json& blocks, const std::string& body_pointer, const std::string& doc_pointer,
             int depth) {
    json out = json::array();
    if (!blocks.is_array()) {
      problems_.push_back({body_pointer, "must be an array of blocks"});
      return out;
    }
    if (depth > kMaxZoneDepth) {
      problems_.push_back(
          {body_pointer, "zones nest at most " + std::to_string(kMaxZoneDepth) + " levels deep"});
      return out;
    }
    for (size_t i = 0; i < blocks.size(); ++i) {
      std::string bp = child_pointer(body_pointer, i);
      std::string dp = child_pointer(doc_pointer, out.size());
      if (auto item = read(blocks[i], bp, depth)) {
        map_.emplace_back(dp, bp);
        out.push_back(std::move(*item));
      }
    }
    return out;
  }

 private:
  static constexpr int kMaxZoneDepth = 8;

  std::optional<json> read(const json& block, const std::string& pointer, int depth) {
    if (!block.is_object()) {
      problems_.push_back({pointer, "must be a block: an object with type and config"});
      return std::nullopt;
    }
    for (const auto& [key, value] : block.items()) {
      if (key != "id" && key != "type" && key != "config" && key != kVisibilityProp &&
          key != "zones" && key != "position")
        problems_.push_back({child_pointer(pointer, key),
                             "is not a block member (id, type, config, visibility, zones)"});
    }
    json props = json::object();
    if (auto config = block.find("config"); config != block.end() && !config->is_null()) {
      if (!config->is_object()) {
        problems_.push_back({child_pointer(pointer, "config"), "must be an object of props"});
      } else {
        props = *config;
        for (const char* reserved : {"id", kVisibilityProp}) {
          if (props.contains(reserved)) {
            problems_.push_back({child_pointer(child_pointer(pointer, "config"), reserved),
                                 std::string("belongs beside config, as the block's ") + reserved});
            props.erase(reserved);
          }
        }
      }
    }
    json type = block.value("type", json());
    std::string id;
    if (auto given = block.find("id"); given != block.end() && !given->is_null()) {
      if (given->is_string() && given->get_ref<const std::string&>().find(':') != std::string::npos)
        problems_.push_back(
            {child_pointer(pointer, "id"), "must not contain ':' (zone keys use it)"});
      props["id"] = *given;  // the document validator checks type and uniqueness
      if (given->is_string()) id = given->get<std::string>();
    } else {
      id =
          (type.is_string() ? type.get<std::string>() : std::string("Block")) + "-" + random_hex(4);
      props["id"] = id;
    }
    if (auto visibility = block.find(kVisibilityProp);
        visibility != block.end() && !visibility->is_null())
      props[kVisibilityProp] = *visibility;
    if (auto zones = block.find("zones"); zones != block.end() && !zones->is_null()) {
      std::string zp = child_pointer(pointer, "zones");
      if (!zones->is_object()) {
        problems_.push_back({zp, "must be an object of zone name → blocks"});
      } else if (id.empty()) {
        problems_.push_back({zp, "a block needs a string id to hold zones"});
      } else {
        for (const auto& [name, blocks] : zones->items()) {
          std::string key = id + ":" + name;
          zones_[key] =
              items(blocks, child_pointer(zp, name), child_pointer("/zones", key), depth + 1);
        }
      }
    }
    json item = {{"type", type}, {"props", std::move(props)}};
    if (!block.contains("type")) item.erase("type");  // reported as /type is required
    return item;
  }

  json& zones_;
  PointerMap& map_;
  std::vector<PuckProblem>& problems_;
};

// The zone keys of the document that belong to block `id` ("<id>:<name>").
std::vector<std::string> zone_keys_of(const json& zones, const std::string& id) {
  std::vector<std::string> keys;
  const std::string prefix = id + ":";
  for (const auto& [key, value] : zones.items())
    if (key.compare(0, prefix.size(), prefix) == 0) keys.push_back(key);
  return keys;
}

std::string block_id(const json& item) {
  const json props = item.value("props", json::object());
  auto id = props.find("id");
  return id != props.end() && id->is_string() ? id->get<std::string>() : std::string();
}

// Removes the zones of block `id` from `zones`, and the zones of the blocks they hold.
void drop_zones(json& zones, const std::string& id) {
  for (const auto& key : zone_keys_of(zones, id)) {
    json held = zones[key];
    zones.erase(key);
    if (held.is_array())
      for (const auto& item : held)
        if (std::string inner = block_id(item); !inner.empty()) drop_zones(zones, inner);
  }
}

json& container_of(json& doc, const BlockLocation& at) {
  return at.zone.empty() ? doc["content"] : doc["zones"][at.zone];
}

std::string container_pointer(const BlockLocation& at) {
  return at.zone.empty() ? std::string("/content") : child_pointer("/zones", at.zone);
}

std::optional<json> member(const json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end()) return std::nullopt;
  return *it;
}

}  // namespace

PageInput page_input_from_json(const json& body) {
  PageInput input;
  input.path = member(body, "path");
  input.title = member(body, "title");
  input.meta_description = member(body, "meta_description");
  input.root_props = member(body, "root_props");
  input.blocks = member(body, "blocks");
  return input;
}

BlockInput block_input_from_json(const json& body) {
  return BlockInput{member(body, "config"), member(body, kVisibilityProp)};
}

json block_json(const json& doc, const json& item, size_t position) {
  json props = item.value("props", json::object());
  if (!props.is_object()) props = json::object();
  json out = {{"id", nullptr}, {"type", item.value("type", json())}, {"position", position}};
  if (auto id = props.find("id"); id != props.end()) out["id"] = *id;
  if (auto v = props.find(kVisibilityProp); v != props.end()) out[kVisibilityProp] = *v;
  props.erase("id");
  props.erase(kVisibilityProp);
  out["config"] = std::move(props);
  const json zones = doc.value("zones", json::object());
  if (std::string id = block_id(item); !id.empty() && zones.is_object()) {
    json nested = json::object();
    for (const auto& key : zone_keys_of(zones, id)) {
      json blocks = json::array();
      const json& held = zones[key];
      if (held.is_array())
        for (size_t i = 0; i < held.size(); ++i) blocks.push_back(block_json(doc, held[i], i));
      nested[key.substr(id.size() + 1)] = std::move(blocks);
    }
    if (!nested.empty()) out["zones"] = std::move(nested);
  }
  return out;
}

json blocks_json(const json& doc) {
  json out = json::array();
  const json content = doc.value("content", json::array());
  if (!content.is_array()) return out;
  for (size_t i = 0; i < content.size(); ++i) out.push_back(block_json(doc, content[i], i));
  return out;
}

json page_json(const Customization& c, const std::string& path, bool with_blocks) {
  const json& doc = c.pages.at(path);
  json root = doc.value("root", json::object()).value("props", json::object());
  if (!root.is_object()) root = json::object();
  json out = {{"id", path},
              {"path", path},
              {"title", root.value(kTitleProp, json())},
              {"meta_description", root.value(kDescriptionProp, json())},
              {"customization_id", c.id},
              {"is_published", c.is_active},
              {"published_at", c.is_active && c.published_at ? json(*c.published_at) : json()},
              {"updated_at", c.updated_at},
              {"block_count", doc.value("content", json::array()).size()}};
  root.erase(kTitleProp);
  root.erase(kDescriptionProp);
  out["root_props"] = std::move(root);
  if (with_blocks) out["blocks"] = blocks_json(doc);
  return out;
}

void apply_page_input(const PageInput& input, const json& config, json& doc,
                      std::vector<PuckProblem>& problems) {
  if (!doc.contains("root") || !doc["root"].is_object()) doc["root"] = json::object();
  json& props = doc["root"]["props"];
  if (!props.is_object()) props = json::object();
  auto text = [&](const std::optional<json>& value, const char* pointer, const char* prop) {
    if (!value) return;
    if (value->is_null()) {
      props.erase(prop);
    } else if (!value->is_string()) {
      problems.push_back({pointer, "must be a string or null"});
    } else {
      props[prop] = *value;
    }
  };
  text(input.title, "/title", kTitleProp);
  text(input.meta_description, "/meta_description", kDescriptionProp);
  if (input.root_props) {
    if (!input.root_props->is_object()) {
      problems.push_back({"/root_props", "must be an object"});
    } else {
      json kept = json::object();
      for (const char* own : {kTitleProp, kDescriptionProp})
        if (props.contains(own)) kept[own] = props[own];
      for (const auto& [key, value] : input.root_props->items()) {
        if (key == kTitleProp || key == kDescriptionProp) {
          problems.push_back({child_pointer("/root_props", key),
                              key == kTitleProp ? "is the page's title: set /title"
                                                : "is the page's meta description: set "
                                                  "/meta_description"});
        } else {
          kept[key] = value;
        }
      }
      props = std::move(kept);
    }
  }
  PointerMap map;
  if (input.blocks) {
    json zones = json::object();
    BlockReader reader(zones, map, problems);
    doc["content"] = reader.items(*input.blocks, "/blocks", "/content", 0);
    doc["zones"] = std::move(zones);
  }
  size_t first = problems.size();
  validate_puck_document(doc, config, "", problems);
  translate(problems, first, map, "");
}

Result<BlockLocation> find_block(const Customization& c, const std::string& block_id_wanted,
                                 const std::optional<std::string>& page) {
  std::vector<BlockLocation> found;
  for (const auto& [path, doc] : c.pages.items()) {
    if (page && path != *page) continue;
    auto search = [&](const json& items, const std::string& zone) {
      if (!items.is_array()) return;
      for (size_t i = 0; i < items.size(); ++i)
        if (block_id(items[i]) == block_id_wanted) found.push_back({path, zone, i});
    };
    search(doc.value("content", json::array()), "");
    const json zones = doc.value("zones", json::object());
    if (zones.is_object())
      for (const auto& [key, items] : zones.items()) search(items, key);
  }
  if (page && !c.pages.contains(*page)) {
    return fail(errc::kNotFound, "page '" + *page + "' not found",
                {{"page", *page}, {"customization_id", c.id}});
  }
  if (found.empty()) {
    return fail(errc::kNotFound, "block '" + block_id_wanted + "' not found",
                {{"block_id", block_id_wanted}, {"customization_id", c.id}});
  }
  std::vector<std::string> pages;
  for (const auto& f : found)
    if (std::find(pages.begin(), pages.end(), f.path) == pages.end()) pages.push_back(f.path);
  if (pages.size() > 1) {
    return fail(errc::kConflict,
                "block '" + block_id_wanted + "' is on several pages; name one with ?page=",
                {{"block_id", block_id_wanted}, {"pages", pages}});
  }
  return found.front();
}

void apply_block_input(const BlockInput& input, const BlockLocation& at, const json& config,
                       json& doc, std::vector<PuckProblem>& problems) {
  json& item = container_of(doc, at)[at.index];
  json& props = item["props"];
  if (input.config) {
    if (!input.config->is_object()) {
      problems.push_back({"/config", "must be an object of props"});
    } else {
      json next = *input.config;
      for (const char* reserved : {"id", kVisibilityProp}) {
        if (next.contains(reserved)) {
          problems.push_back({child_pointer("/config", reserved),
                              std::string("belongs beside config, as the block's ") + reserved});
        }
        next.erase(reserved);
        if (props.contains(reserved)) next[reserved] = props[reserved];
      }
      props = std::move(next);
    }
  }
  if (input.visibility) {
    if (input.visibility->is_null())
      props.erase(kVisibilityProp);
    else
      props[kVisibilityProp] = *input.visibility;
  }
  size_t first = problems.size();
  validate_puck_document(doc, config, "", problems);
  translate(problems, first, {{child_pointer(container_pointer(at), at.index), ""}},
            child_pointer("/pages", at.path));
}

void remove_block(const BlockLocation& at, json& doc) {
  json& items = container_of(doc, at);
  std::string id = block_id(items[at.index]);
  items.erase(at.index);
  if (!id.empty() && doc.contains("zones") && doc["zones"].is_object())
    drop_zones(doc["zones"], id);
}

static Error page_not_found(const std::string& path, const std::string& customization_id) {
  return make_error(errc::kNotFound, "page '" + path + "' not found",
                    {{"page", path}, {"customization_id", customization_id}});
}

Result<Customization> CustomizationService::working(const std::string& workspace_id,
                                                    const std::optional<std::string>& id) {
  if (id) {
    auto c = get(*id);
    if (!c.ok()) return c.error();
    if (c->workspace_id != workspace_id) return internal::customization_not_found(*id);
    return c;
  }
  VITRINE_ASSIGN(auto all, list(workspace_id));
  if (all.empty()) {
    return fail(errc::kNotFound, "workspace has no customization; use a theme first",
                {{"workspace_id", workspace_id}, {"reason", "no_customization"}});
  }
  for (auto& c : all)
    if (c.is_active) return std::move(c);
  return std::move(all.front());  // newest first
}

Result<Customization> CustomizationService::create_page(const std::string& workspace_id,
                                                        const std::string& id,
                                                        const PageInput& input) {
  return edit(
      workspace_id, id, "page",
      [&](Customization& c, const json& config, std::vector<PuckProblem>& problems) -> Status {
        if (!input.path || !input.path->is_string()) {
          problems.push_back({"/path", input.path ? "must be a string: the page's path"
                                                  : "is required: the page's path"});
          return Status{};
        }
        const std::string path = input.path->get<std::string>();
        if (auto why = internal::page_path_problem(path)) {
          problems.push_back({"/path", *why});
          return Status{};
        }
        if (c.pages.contains(path)) {
          return fail(errc::kConflict, "page '" + path + "' already exists",
                      {{"page", path}, {"customization_id", c.id}});
        }
        json doc = empty_puck_document(config);
        apply_page_input(input, config, doc, problems);
        c.pages[path] = std::move(doc);
        return Status{};
      });
}

Result<Customization> CustomizationService::update_page(const std::string& workspace_id,
                                                        const std::string& id,
                                                        const std::string& path,
                                                        const PageInput& input) {
  return edit(
      workspace_id, id, "page",
      [&](Customization& c, const json& config, std::vector<PuckProblem>& problems) -> Status {
        if (!c.pages.contains(path)) return Status(page_not_found(path, c.id));
        std::string target = path;
        if (input.path) {
          if (!input.path->is_string()) {
            problems.push_back({"/path", "must be a string: the page's new path"});
          } else if (input.path->get<std::string>() != path) {
            target = input.path->get<std::string>();
            if (auto why = internal::page_path_problem(target)) {
              problems.push_back({"/path", *why});
            } else if (path == "/") {
              problems.push_back({"/path", "the home page stays at /"});
            } else if (c.pages.contains(target)) {
              return Status(fail(errc::kConflict, "page '" + target + "' already exists",
                                 {{"page", target}, {"customization_id", c.id}}));
            }
          }
        }
        json doc = c.pages[path];
        apply_page_input(input, config, doc, problems);
        c.pages.erase(path);
        c.pages[target] = std::move(doc);
        return Status{};
      });
}

Result<Customization> CustomizationService::delete_page(const std::string& workspace_id,
                                                        const std::string& id,
                                                        const std::string& path) {
  return edit(workspace_id, id, "page",
              [&](Customization& c, const json&, std::vector<PuckProblem>&) -> Status {
                if (!c.pages.contains(path)) return page_not_found(path, c.id);
                if (path == "/") {
                  return fail(errc::kConflict, "the home page cannot be removed",
                              {{"page", path}, {"customization_id", c.id}});
                }
                c.pages.erase(path);
                return {};
              });
}

Result<Customization> CustomizationService::update_block(const std::string& workspace_id,
                                                         const std::string& id,
                                                         const std::string& block_id,
                                                         const std::optional<std::string>& page,
                                                         const BlockInput& input) {
  return edit(
      workspace_id, id, "block",
      [&](Customization& c, const json& config, std::vector<PuckProblem>& problems) -> Status {
        VITRINE_ASSIGN(auto at, find_block(c, block_id, page));
        apply_block_input(input, at, config, c.pages[at.path], problems);
        return Status{};
      });
}

Result<Customization> CustomizationService::delete_block(const std::string& workspace_id,
                                                         const std::string& id,
                                                         const std::string& block_id,
                                                         const std::optional<std::string>& page) {
  return edit(workspace_id, id, "block",
              [&](Customization& c, const json&, std::vector<PuckProblem>&) -> Status {
                VITRINE_ASSIGN(auto at, find_block(c, block_id, page));
                remove_block(at, c.pages[at.path]);
                return {};
              });
}

}  // namespace vitrine::customize
