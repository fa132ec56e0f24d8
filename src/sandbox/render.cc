#include "sandbox/render.h"

#include "core/text.h"

namespace vitrine::sandbox {

std::string RenderedPage::body_html() const {
  if (root && root->ok()) return root->html;
  size_t total = 0;
  for (const auto& b : blocks) total += b.html.size();
  std::string out;
  out.reserve(total);
  for (const auto& b : blocks) out += b.html;
  return out;
}

namespace {

// Keeps names and codes safe inside an HTML comment and an attribute: only [A-Za-z0-9_.:-]
// survive, and "--" cannot occur because runs of '-' collapse to one.
std::string comment_safe(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 80)) {
    bool keep = is_ascii_alnum(c) || c == '_' || c == '.' || c == ':' || c == '-';
    if (!keep) c = '_';
    if (c == '-' && !out.empty() && out.back() == '-') continue;
    out += c;
  }
  return out;
}

}  // namespace

std::string placeholder_html(std::string_view component, std::string_view error_code) {
  std::string code = comment_safe(error_code);
  return "<div data-vitrine-block-error=\"" + code +
         "\" hidden><!-- vitrine: " + comment_safe(component) + " failed: " + code + " --></div>";
}

BlockResult failed_block(std::string_view component, std::string_view code, std::string message) {
  BlockResult r;
  r.error_code = std::string(code);
  r.error_message = std::move(message);
  r.html = placeholder_html(component, code);
  return r;
}

}  // namespace vitrine::sandbox
