// Puck page data checked against a theme version's Puck config (puck-config.json). A shop's pages
// are Puck documents {content, root, zones}; each block names a component of the pinned theme
// version and carries props that must fit that component's fields. Every problem is reported at
// once as a JSON pointer into the request body, so an editor can mark each faulty field.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace vitrine::customize {

// One thing wrong with a document: where (a JSON pointer into the request body, such as
// "/pages/~1about/content/2/props/title") and why.
struct PuckProblem {
  std::string pointer;
  std::string message;

  nlohmann::json to_json() const;  // {"pointer","message"}
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
//    objectFields, external/custom → anything. null means "not set" and is always accepted.
void validate_puck_document(const nlohmann::json& doc, const nlohmann::json& config,
                            const std::string& pointer, std::vector<PuckProblem>& problems);

// The document a new page starts from when the theme ships no page data: no blocks, the root's
// default props, no zones.
nlohmann::json empty_puck_document(const nlohmann::json& config);

// `pointer` + "/" + the escaped key (RFC 6901: "~" → "~0", "/" → "~1").
std::string child_pointer(const std::string& pointer, std::string_view key);
std::string child_pointer(const std::string& pointer, size_t index);

}  // namespace vitrine::customize
