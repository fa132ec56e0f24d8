#include "customize/puck_validation.h"

#include <map>

#include "core/text.h"
#include "customize/visibility.h"
#include "sandbox/vibe_code.h"

namespace vitrine::customize {
namespace {

using nlohmann::json;

// Values are shown in messages; a long string is cut so one problem stays one readable line.
std::string shown(const json& value) {
  std::string s = value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (s.size() > 80) s = s.substr(0, 77) + "...";
  return s;
}

std::string names_of(const json& object) {
  std::string s;
  for (const auto& [name, value] : object.items()) s += (s.empty() ? "" : ", ") + name;
  return s.empty() ? "(none)" : s;
}

class DocumentChecker {
 public:
  DocumentChecker(const json& config, std::vector<PuckProblem>& problems)
      : config_(config), problems_(problems) {
    if (config.is_object()) {
      if (auto it = config.find("components"); it != config.end() && it->is_object())
        components_ = &*it;
    }
  }

  void check(const json& doc, const std::string& pointer) {
    if (!doc.is_object()) {
      add(pointer, "must be a Puck document: an object with a content array");
      return;
    }
    for (const auto& [key, value] : doc.items()) {
      if (key != "content" && key != "root" && key != "zones")
        add(child_pointer(pointer, key), "is not part of a Puck document (content, root, zones)");
    }
    auto content = doc.find("content");
    if (content == doc.end()) {
      add(child_pointer(pointer, "content"), "is required");
    } else {
      check_blocks(*content, child_pointer(pointer, "content"));
    }
    if (auto root = doc.find("root"); root != doc.end()) check_root(*root, pointer);
    if (auto zones = doc.find("zones"); zones != doc.end()) {
      std::string zones_ptr = child_pointer(pointer, "zones");
      if (!zones->is_object()) {
        add(zones_ptr, "must be an object of zone name → block array");
      } else {
        for (const auto& [name, blocks] : zones->items())
          check_blocks(blocks, child_pointer(zones_ptr, name));
      }
    }
  }

 private:
  void add(std::string pointer, std::string message) {
    problems_.push_back(PuckProblem{std::move(pointer), std::move(message)});
  }

  void check_root(const json& root, const std::string& doc_pointer) {
    std::string ptr = child_pointer(doc_pointer, "root");
    if (!root.is_object()) {
      add(ptr, "must be an object");
      return;
    }
    auto props = root.find("props");
    if (props == root.end() || props->is_null()) return;
    std::string props_ptr = child_pointer(ptr, "props");
    if (!props->is_object()) {
      add(props_ptr, "must be an object");
      return;
    }
    // Without declared root fields Puck accepts any root props (its default root has a title).
    auto config_root = config_.is_object() ? config_.find("root") : config_.end();
    const json* fields = config_root != config_.end() ? declared_fields(*config_root) : nullptr;
    if (fields) check_props(*props, *fields, props_ptr, "the page root", false);
  }

  void check_blocks(const json& blocks, const std::string& pointer) {
    if (!blocks.is_array()) {
      add(pointer, "must be an array of blocks");
      return;
    }
    for (size_t i = 0; i < blocks.size(); ++i) check_block(blocks[i], child_pointer(pointer, i));
  }

  void check_block(const json& block, const std::string& pointer) {
    if (!block.is_object()) {
      add(pointer, "must be a block: an object with type and props");
      return;
    }
    const json* component = nullptr;
    std::string type_name;
    std::string type_ptr = child_pointer(pointer, "type");
    auto type = block.find("type");
    if (type == block.end()) {
      add(type_ptr, "is required");
    } else if (!type->is_string()) {
      add(type_ptr, "must be a string naming a component");
    } else {
      type_name = type->get<std::string>();
      static const json kNone = json::object();
      const json& components = components_ ? *components_ : kNone;
      auto it = components.find(type_name);
      if (it != components.end()) {
        component = &*it;  // a theme's own VibeCode replaces the built-in one
      } else if (type_name != kVibeCodeComponent) {
        add(type_ptr, "unknown component type " + shown(*type) + "; this theme version has: " +
                          names_of(components) + " and the built-in " + kVibeCodeComponent);
      }
    }
    std::string props_ptr = child_pointer(pointer, "props");
    auto props = block.find("props");
    if (props == block.end()) {
      add(props_ptr, "is required");
      return;
    }
    if (!props->is_object()) {
      add(props_ptr, "must be an object");
      return;
    }
    check_id(*props, props_ptr);
    if (auto visibility = props->find(kVisibilityProp); visibility != props->end())
      parse_visibility(*visibility, child_pointer(props_ptr, kVisibilityProp), problems_);
    if (component) {
      const json* fields = declared_fields(*component);
      static const json kNoFields = json::object();
      check_props(*props, fields ? *fields : kNoFields, props_ptr, "component " + type_name, true);
    } else if (type_name == kVibeCodeComponent) {
      check_vibe_code_props(*props, props_ptr);
    }
  }

  // The built-in VibeCode component: `code` (required, checked by compiling it), `props` (an
  // object handed to the code as is), plus the id and visibility every block may carry.
  void check_vibe_code_props(const json& props, const std::string& props_ptr) {
    for (const auto& [key, value] : props.items()) {
      if (key == "id" || key == kVisibilityProp) continue;
      std::string ptr = child_pointer(props_ptr, key);
      if (key == "props") {
        if (!value.is_null() && !value.is_object())
          add(ptr, "must be an object: the values passed to the code as `props`");
      } else if (key != "code") {
        add(ptr, std::string("is not a field of the built-in ") + kVibeCodeComponent +
                     " component (fields: code, props, visibility)");
      }
    }
    std::string code_ptr = child_pointer(props_ptr, "code");
    auto code = props.find("code");
    if (code == props.end() || code->is_null()) {
      add(code_ptr, "is required: the block's `function render(props, ctx)`");
      return;
    }
    if (!code->is_string()) {
      add(code_ptr, "must be a string of JavaScript");
      return;
    }
    for (auto& issue : sandbox::validate_vibe_code(code->get_ref<const std::string&>())) {
      PuckProblem problem{code_ptr, "line " + std::to_string(issue.line) + ", column " +
                                        std::to_string(issue.column) + ": " + issue.message};
      problem.line = issue.line;
      problem.column = issue.column;
      problem.code = std::move(issue.code);
      problems_.push_back(std::move(problem));
    }
  }

  void check_id(const json& props, const std::string& props_ptr) {
    auto id = props.find("id");
    if (id == props.end()) return;
    std::string ptr = child_pointer(props_ptr, "id");
    if (!id->is_string() || id->get_ref<const std::string&>().empty()) {
      add(ptr, "must be a non-empty string");
      return;
    }
    auto [it, inserted] = ids_.emplace(id->get<std::string>(), ptr);
    if (!inserted)
      add(ptr, "duplicate block id " + shown(*id) + " (first used at " + it->second + ")");
  }

  static const json* declared_fields(const json& component) {
    if (!component.is_object()) return nullptr;
    auto it = component.find("fields");
    return it != component.end() && it->is_object() ? &*it : nullptr;
  }

  // `owner` names what the props belong to in messages ("component Hero"). A block's own props
  // (`block_props`) also hold the id and visibility every block may carry, checked elsewhere.
  void check_props(const json& props, const json& fields, const std::string& pointer,
                   const std::string& owner, bool block_props) {
    for (const auto& [key, value] : props.items()) {
      if (block_props && (key == "id" || key == kVisibilityProp)) continue;
      std::string ptr = child_pointer(pointer, key);
      auto field = fields.find(key);
      if (field == fields.end()) {
        add(ptr, "is not a field of " + owner + " (fields: " + names_of(fields) + ")");
        continue;
      }
      check_value(value, *field, ptr);
    }
  }

  void check_value(const json& value, const json& field, const std::string& pointer) {
    if (value.is_null() || !field.is_object()) return;
    const std::string type = field.value("type", "");
    if (type == "text" || type == "textarea" || type == "richtext") {
      if (!value.is_string()) add(pointer, "must be a string (" + type + " field)");
    } else if (type == "number") {
      if (!value.is_number()) {
        add(pointer, "must be a number");
        return;
      }
      double v = value.get<double>();
      if (auto min = field.find("min");
          min != field.end() && min->is_number() && v < min->get<double>())
        add(pointer, "must be at least " + min->dump());
      if (auto max = field.find("max");
          max != field.end() && max->is_number() && v > max->get<double>())
        add(pointer, "must be at most " + max->dump());
    } else if (type == "select" || type == "radio") {
      std::string allowed;
      for (const auto& option : field.value("options", json::array())) {
        if (!option.is_object() || !option.contains("value")) continue;
        if (option["value"] == value) return;
        allowed += (allowed.empty() ? "" : ", ") + shown(option["value"]);
      }
      add(pointer, "must be one of " + (allowed.empty() ? "(no options)" : allowed) + ", got " +
                       shown(value));
    } else if (type == "array") {
      if (!value.is_array()) {
        add(pointer, "must be an array");
        return;
      }
      const json* item_fields = nullptr;
      if (auto it = field.find("arrayFields"); it != field.end() && it->is_object())
        item_fields = &*it;
      for (size_t i = 0; i < value.size(); ++i) {
        std::string item_ptr = child_pointer(pointer, i);
        if (!value[i].is_object()) {
          add(item_ptr, "must be an object");
        } else if (item_fields) {
          check_props(value[i], *item_fields, item_ptr, "this list item", false);
        }
      }
    } else if (type == "object") {
      if (!value.is_object()) {
        add(pointer, "must be an object");
        return;
      }
      if (auto it = field.find("objectFields"); it != field.end() && it->is_object())
        check_props(value, *it, pointer, "this object", false);
    } else if (type == "slot") {
      check_blocks(value, pointer);  // nested blocks, rendered into the parent
    }
    // external, custom: the editor plugin owns the value's shape.
  }

  const json& config_;
  const json* components_ = nullptr;  // config.components when it is an object
  std::vector<PuckProblem>& problems_;
  std::map<std::string, std::string> ids_;  // block id → pointer of its first use
};

}  // namespace

nlohmann::json PuckProblem::to_json() const {
  json j = {{"pointer", pointer}, {"message", message}};
  if (line) j["line"] = *line;
  if (column) j["column"] = *column;
  if (!code.empty()) j["code"] = code;
  return j;
}

std::string child_pointer(const std::string& pointer, std::string_view key) {
  return pointer + "/" + json_pointer_token(key);
}

std::string child_pointer(const std::string& pointer, size_t index) {
  return pointer + "/" + std::to_string(index);
}

void validate_puck_document(const nlohmann::json& doc, const nlohmann::json& config,
                            const std::string& pointer, std::vector<PuckProblem>& problems) {
  DocumentChecker(config, problems).check(doc, pointer);
}

nlohmann::json empty_puck_document(const nlohmann::json& config) {
  json root_props = json::object();
  if (config.is_object()) {
    const json root = config.value("root", json::object());
    if (root.is_object() && root.value("defaultProps", json()).is_object())
      root_props = root["defaultProps"];
  }
  return {{"content", json::array()}, {"root", {{"props", root_props}}}, {"zones", json::object()}};
}

}  // namespace vitrine::customize
