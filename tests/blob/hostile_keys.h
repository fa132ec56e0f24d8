// Keys every BlobStore must refuse (blob/key_rules.h): traversal, absolute and empty segments,
// backslashes, control characters, NUL and invalid UTF-8. Shared by the contract and local tests.
#pragma once

#include <string>
#include <vector>

namespace vitrine::blob {

inline std::vector<std::string> hostile_keys() {
  return {"../x",
          "a/../b",
          "/abs",
          "a//b",
          "a\\b",
          std::string("a\0b", 3),
          "",
          "a/",
          ".",
          "..",
          "a/./b",
          "line\nbreak",
          "tab\t",
          "\x7f",
          "a/..",
          "../../etc/passwd",
          std::string("\xff\xfe", 2)};
}

}  // namespace vitrine::blob
