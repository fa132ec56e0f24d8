// Vibe code: a shop owner's own component, the `code` prop of the built-in VibeCode block
// (docs/architecture.md "Shops, hosting and customizations"). It is a JavaScript `function
// render(props, ctx) { return `<html>` }` that runs in the same sandbox as theme components
// (sandbox/js_sandbox.h), with the same ctx.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vitrine::sandbox {

// Longest vibe code accepted, in bytes.
inline constexpr size_t kMaxVibeCodeBytes = 100 * 1024;

// One problem in a piece of vibe code. Lines and columns count from 1 (columns in UTF-16 code
// units, as JavaScript engines and editors count them).
struct CodeIssue {
  int line = 1;
  int column = 1;
  // syntax_error, missing_render, import_not_allowed, require_not_allowed, too_large
  std::string code;
  std::string message;
};

// Every problem that stops `code` from being saved, in source order: it must parse (checked
// with V8, compiling only: none of it runs), define `render` at the top level (`function
// render(...)` or `const|let|var render = ...`), and contain no `import` (static or dynamic)
// and no `require`. Empty when the code is acceptable. Thread-safe; the first call initialises
// V8 in this process (~10 ms).
std::vector<CodeIssue> validate_vibe_code(std::string_view code);

}  // namespace vitrine::sandbox
