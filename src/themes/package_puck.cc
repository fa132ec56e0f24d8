// validate_puck_config: the shape of puck-config.json (a Puck Config without functions).
#include <algorithm>
#include <array>
#include <string>
#include <utility>
#include <vector>

#include "core/text.h"
#include "themes/package.h"
#include "themes/package_internal.h"

namespace vitrine::themes {
namespace {

using detail::child_pointer;
using detail::DocProblems;
using nlohmann::json;

// "slot": nested blocks (Puck's slots), rendered first and handed to the component as HTML.
constexpr std::array<const char*, 11> kFieldTypes = {"text",   "textarea", "number", "select",
                                                     "radio",  "array",    "object", "external",
                                                     "custom", "richtext", "slot"};

// arrayFields/objectFields nest; real configs use two or three levels. The limit keeps a hostile
// document from exhausting the stack.
constexpr int kMaxFieldDepth = 16;

// Component names become file names (components/<Name>.js); the length keeps them well inside
// NAME_MAX.
constexpr size_t kMaxComponentName = 100;

const std::string kRenderMessage =
    "render functions are not allowed in puck-config.json; put them in ";

std::string one_of(const auto& values) {
  std::string s = "must be one of ";
  for (size_t i = 0; i < values.size(); ++i) s += (i ? ", " : "") + std::string(values[i]);
  return s;
}

bool valid_component_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxComponentName) return false;
  if (!(name[0] >= 'A' && name[0] <= 'Z')) return false;
  for (char c : name) {
    bool ok = is_ascii_alnum(c) || c == '_';
    if (!ok) return false;
  }
  return true;
}

// Reports every key named "render" at any depth under `value`. Iterative, so nesting depth is not
// bounded by the stack.
void find_render_keys(const json& value, const std::string& pointer, const std::string& where,
                      DocProblems& problems) {
  std::vector<std::pair<const json*, std::string>> todo{{&value, pointer}};
  while (!todo.empty()) {
    auto [node, ptr] = std::move(todo.back());
    todo.pop_back();
    if (node->is_object()) {
      // Pushed in reverse so problems come out in key order.
      for (auto it = node->rbegin(); it != node->rend(); ++it) {
        std::string child = child_pointer(ptr, it.key());
        if (it.key() == "render") {
          problems.add(child, kRenderMessage + where);
        } else {
          todo.emplace_back(&it.value(), std::move(child));
        }
      }
    } else if (node->is_array()) {
      for (size_t i = node->size(); i-- > 0;) todo.emplace_back(&(*node)[i], child_pointer(ptr, i));
    }
  }
}

void check_fields(const json& fields, const std::string& pointer, int depth, DocProblems& problems);

void check_options(const json& field, const std::string& pointer, DocProblems& problems) {
  std::string ptr = child_pointer(pointer, "options");
  auto it = field.find("options");
  if (it == field.end()) {
    problems.add(ptr, "is required for " + field["type"].get<std::string>() + " fields");
    return;
  }
  if (!it->is_array()) {
    problems.add(ptr, "must be an array");
    return;
  }
  for (size_t i = 0; i < it->size(); ++i) {
    const json& opt = (*it)[i];
    std::string opt_ptr = child_pointer(ptr, i);
    if (!opt.is_object()) {
      problems.add(opt_ptr, "must be an object with label and value");
      continue;
    }
    auto label = opt.find("label");
    if (label == opt.end()) {
      problems.add(child_pointer(opt_ptr, "label"), "is required");
    } else if (!label->is_string()) {
      problems.add(child_pointer(opt_ptr, "label"), "must be a string");
    }
    // Puck accepts any JSON value as an option value (string, number, boolean, null).
    if (!opt.contains("value")) problems.add(child_pointer(opt_ptr, "value"), "is required");
  }
}

void check_field(const json& field, const std::string& pointer, int depth, DocProblems& problems) {
  if (!field.is_object()) {
    problems.add(pointer, "must be an object");
    return;
  }
  std::string type_ptr = child_pointer(pointer, "type");
  auto type = field.find("type");
  if (type == field.end()) {
    problems.add(type_ptr, "is required");
  } else if (!type->is_string() || std::find(kFieldTypes.begin(), kFieldTypes.end(),
                                             type->get<std::string>()) == kFieldTypes.end()) {
    problems.add(type_ptr, one_of(kFieldTypes));
  } else {
    const std::string& t = type->get_ref<const std::string&>();
    if (t == "select" || t == "radio") check_options(field, pointer, problems);
    if (t == "array" && field.contains("arrayFields")) {
      check_fields(field["arrayFields"], child_pointer(pointer, "arrayFields"), depth + 1,
                   problems);
    }
    if (t == "object" && field.contains("objectFields")) {
      check_fields(field["objectFields"], child_pointer(pointer, "objectFields"), depth + 1,
                   problems);
    }
  }
  if (auto label = field.find("label"); label != field.end() && !label->is_string()) {
    problems.add(child_pointer(pointer, "label"), "must be a string");
  }
}

void check_fields(const json& fields, const std::string& pointer, int depth,
                  DocProblems& problems) {
  if (!fields.is_object()) {
    problems.add(pointer, "must be an object");
    return;
  }
  if (depth > kMaxFieldDepth) {
    problems.add(pointer, "fields are nested too deeply (more than " +
                              std::to_string(kMaxFieldDepth) + " levels)");
    return;
  }
  for (const auto& [name, field] : fields.items()) {
    check_field(field, child_pointer(pointer, name), depth, problems);
  }
}

// A component or the root: {fields, defaultProps, label}. `fields_required` is false for the root,
// which often only sets defaults.
void check_block(const json& block, const std::string& pointer, bool fields_required,
                 const std::string& render_home, DocProblems& problems) {
  if (!block.is_object()) {
    problems.add(pointer, "must be an object");
    return;
  }
  if (auto fields = block.find("fields"); fields != block.end()) {
    check_fields(*fields, child_pointer(pointer, "fields"), 1, problems);
  } else if (fields_required) {
    problems.add(child_pointer(pointer, "fields"), "is required");
  }
  if (auto d = block.find("defaultProps"); d != block.end() && !d->is_object()) {
    problems.add(child_pointer(pointer, "defaultProps"), "must be an object");
  }
  if (auto l = block.find("label"); l != block.end() && !l->is_string()) {
    problems.add(child_pointer(pointer, "label"), "must be a string");
  }
  find_render_keys(block, pointer, render_home, problems);
}

}  // namespace

namespace detail {

std::vector<std::string> check_puck_config(const json& doc, DocProblems& problems) {
  std::vector<std::string> names;
  if (!doc.is_object()) {
    problems.add("", "must be a JSON object");
    return names;
  }
  auto components = doc.find("components");
  if (components == doc.end()) {
    problems.add("/components", "is required");
  } else if (!components->is_object()) {
    problems.add("/components", "must be an object");
  } else if (components->empty()) {
    problems.add("/components", "must declare at least one component");
  } else {
    for (const auto& [name, block] : components->items()) {
      std::string ptr = child_pointer("/components", name);
      if (!valid_component_name(name)) {
        problems.add(ptr,
                     "must be a component name: an upper-case letter, then letters, digits "
                     "or _ (at most " +
                         std::to_string(kMaxComponentName) +
                         " characters), since it names components/<Name>.js");
      } else {
        names.push_back(name);
      }
      std::string home =
          valid_component_name(name) ? "components/" + name + ".js" : "components/<Name>.js";
      check_block(block, ptr, /*fields_required=*/true, home, problems);
    }
  }
  if (auto root = doc.find("root"); root != doc.end()) {
    check_block(*root, "/root", /*fields_required=*/false, "components/<Name>.js", problems);
  }
  if (auto categories = doc.find("categories");
      categories != doc.end() && !categories->is_object()) {
    problems.add("/categories", "must be an object");
  }
  return names;
}

}  // namespace detail

std::optional<std::vector<std::string>> validate_puck_config(const nlohmann::json& doc,
                                                             const std::string& file,
                                                             std::vector<Problem>& problems) {
  size_t before = problems.size();
  detail::DocProblems out(file, problems);
  auto names = detail::check_puck_config(doc, out);
  if (problems.size() != before) return std::nullopt;
  // nlohmann::json keeps object keys sorted, so "document order" is key order here.
  return names;
}

}  // namespace vitrine::themes
