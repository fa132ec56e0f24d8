// Helpers shared by the translation units of the theme package validator (package.cc,
// package_files.cc, package_puck.cc). Not part of the module's interface.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "themes/package.h"

namespace vitrine::themes::detail {

// "themes/shop/v1.1.0" + "build/a.css" → "themes/shop/v1.1.0/build/a.css"; an empty root gives
// the relative path alone.
std::string join_display(std::string_view root, std::string_view rel);

// A name as it may be shown in a problem: control characters become \xNN so a hostile file name
// cannot forge extra lines in logs or terminals.
std::string printable(std::string_view s);

// A JSON string literal for messages ("\"shop\""); invalid UTF-8 is replaced, never thrown on.
std::string quoted(std::string_view s);

// Collects the problems of one JSON document: every problem carries the same file name.
class DocProblems {
 public:
  DocProblems(std::string file, std::vector<Problem>& out) : file_(std::move(file)), out_(out) {}
  void add(std::string pointer, std::string message) {
    out_.push_back(Problem{file_, std::move(pointer), std::move(message)});
  }
  const std::string& file() const { return file_; }
  // Problems in the shared list so far (of any file): compare before and after a check.
  size_t count() const { return out_.size(); }

 private:
  std::string file_;
  std::vector<Problem>& out_;
};

// `pointer` + "/" + the escaped token for `key`.
std::string child_pointer(const std::string& pointer, std::string_view key);
std::string child_pointer(const std::string& pointer, size_t index);

// validate_puck_config, returning the well-named component names even when other parts of the
// document have problems, so the caller can still check every components/<Name>.js.
std::vector<std::string> check_puck_config(const nlohmann::json& doc, DocProblems& problems);

}  // namespace vitrine::themes::detail
