// Puck page data checked against a theme version's Puck config (puck-config.json). A shop's pages
// are Puck documents {content, root, zones}; each block names a component of the pinned theme
// version and carries props that must fit that component's fields. Every problem is reported at
// once as a JSON pointer into the request body, so an editor can mark each faulty field.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vitrine::customize {

// The built-in block every theme version accepts without declaring it: the shop owner's own
// JavaScript (sandbox/vibe_code.h). Props: `code` (required string, `function render(props, ctx)`),
// optional `id`, optional `props` (any JSON object, passed to the code as `props`) and optional
// `visibility`. A theme that declares its own component named VibeCode replaces the built-in one.
inline constexpr const char* kVibeCodeComponent = "VibeCode";

// The prop every block may carry without its component declaring it: the block's visibility rule
// (customize/visibility.h). The name is reserved: a theme field of that name is checked as a rule.
inline constexpr const char* kVisibilityProp = "visibility";

// One thing wrong with a document: where (a JSON pointer into the request body, such as
// "/pages/~1about/content/2/props/title") and why. Problems in vibe code also say where in the
// code (line and column from 1) and what kind (`code`: syntax_error, missing_render,
// import_not_allowed, require_not_allowed, too_large).
struct PuckProblem {
  std::string pointer;
  std::string message;
  std::optional<int> line, column;
  std::string code;

  // {"pointer","message"} plus "line", "column" and "code" when they are set.
  nlohmann::json to_json() const;
};

// Checks one Puck document against `config` and appends every problem, with pointers starting at
// `pointer` ("/puck_data"). The rules:
//  - the document is an object with a `content` array, an optional `root` object whose optional
//    `props` object follows config.root.fields, and an optional `zones` object of block arrays;
//  - a block is an object whose `type` names one of config.components and whose `props` is an
//    object; `props.id`, when present, is a non-empty string unique across content and zones;
//  - every prop is a declared field of its component with a value of the field's type:
//    text/textarea/richtext → string, number → number within min/max, select/radio → one of the
//    options' values, array → array of objects following arrayFields, object → object following
//    objectFields, external/custom → anything. null means "not set" and is always accepted;
//  - `props.visibility` is accepted on every block and must be a valid visibility rule;
//  - a VibeCode block (unless the theme declares its own) has a `code` string that passes
//    sandbox::validate_vibe_code (compiled, never run); its problems carry line and column.
void validate_puck_document(const nlohmann::json& doc, const nlohmann::json& config,
                            const std::string& pointer, std::vector<PuckProblem>& problems);

// The document a new page starts from when the theme ships no page data: no blocks, the root's
// default props, no zones.
nlohmann::json empty_puck_document(const nlohmann::json& config);

// `pointer` + "/" + the escaped key (RFC 6901: "~" → "~0", "/" → "~1").
std::string child_pointer(const std::string& pointer, std::string_view key);
std::string child_pointer(const std::string& pointer, size_t index);

}  // namespace vitrine::customize
