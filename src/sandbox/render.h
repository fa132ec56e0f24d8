// What a page render asks for and what it answers: the types shared by the in-process sandbox
// (sandbox/js_sandbox.h) and the worker pool that the storefront uses (sandbox/worker_pool.h).
//
// A page is a list of blocks. Each block names a component (a theme's `components/<Name>.js`, or
// a shop owner's vibe code) whose source is `function render(props, ctx) { return `<html>` }`,
// plus the props to call it with (defaultProps already merged under the block's props). An
// optional root component wraps the blocks: it is called last with `ctx.children` holding the
// blocks' HTML joined in order (a failed block contributes its placeholder).
//
// ctx, built inside the sandbox from PageJob::ctx_json and the catalogue snapshot data_json
// (the helpers are JavaScript: no call crosses into C++):
//   every top-level key of ctx_json except "data" (site, page, device, ...), plus
//   ctx.data.products({collection, limit}) → a new array of the snapshot's (frozen) products;
//       `collection` keeps products whose `collection` equals it or whose `collections` array
//       contains it; limit > 0 caps the count
//   ctx.data.collections()               → a new array of the snapshot's (frozen) collections
//   ctx.escapeHtml(v)      & < > " ' → entities; null/undefined → ""
//   ctx.formatPrice(n, c)  en-US style, the output of Intl.NumberFormat('en-US', {style:
//                          'currency'}) without Intl: "$1,234.50", "€12.00", "£3.00", "¥1,200",
//                          "CA$9.99", "CHF 12.00" (no-break space), "-$5.00"; amount in major
//                          units; currency defaults to USD; non-finite amount → ""
//   ctx.formatDate(v, fmt) ISO-8601 text (wall-clock fields as written, any offset ignored),
//                          a Date or epoch ms (UTC). Tokens YYYY YY MMMM MMM MM M DD D dddd
//                          ddd HH H hh h mm ss A a, [literal]; default fmt "YYYY-MM-DD";
//                          unparsable input → ""
//   ctx.slugify(v)         "Crème Brûlée!" → "creme-brulee"
//   ctx.generateId()       "vid-1", "vid-2", ...: unique within a page, deterministic
//   ctx.children           root component only: the blocks' HTML
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vitrine::sandbox {

// Stable per-block error codes (BlockResult::error_code). Clients and logs match on them.
namespace block_error {
inline constexpr const char* kTimeout = "timeout";               // ran past the per-call time limit
inline constexpr const char* kOutOfMemory = "out_of_memory";     // hit the heap limit
inline constexpr const char* kException = "exception";           // threw (or did not compile)
inline constexpr const char* kWorkerCrashed = "worker_crashed";  // its worker process died
inline constexpr const char* kOutputTooLarge = "output_too_large";  // returned more than the limit
inline constexpr const char* kThrottled = "throttled";  // its site's code keeps crashing workers
inline constexpr const char* kUnknownComponent = "unknown_component";  // not in PageJob::components
}  // namespace block_error

// One component's code. `hash` identifies the source text (a content hash, or any key that
// changes whenever the source does): compiled code is cached per hash in each worker, and a
// worker that already has a hash is not sent the source again. When empty, the SHA-256 of the
// source is computed on every call: pass it when you can (theme version hash + name, say).
struct ComponentSource {
  std::string hash;
  std::string source;
};

struct BlockJob {
  std::string component;  // key into PageJob::components, e.g. "Hero" or "vibe:<hash>"
  nlohmann::json props = nlohmann::json::object();  // merged props, passed as `props`
  // True for shop-owner code (vibe blocks): only these count towards and obey site throttling.
  bool vibe = false;
  // When not empty, used instead of `props`: the same object already serialised (a caller can
  // keep it per content revision; serialising props is a third of the pool's own cost).
  std::string props_json;
};

struct PageJob {
  std::string site_id;  // crash accounting and throttling are per site
  // JSON text of ctx without the catalogue: {"site": {...}, "page": {...}, ...}.
  std::string ctx_json = "{}";
  // The catalogue snapshot behind ctx.data, as JSON text: {"products": [...], "collections":
  // [...]}. Each worker parses it once per data_key, deep-freezes it (ctx.data is read-only) and
  // keeps it for later pages; it crosses the pipe only to workers that lack that key. The key
  // must change whenever the text does and must not be shared between sites: use
  // "<site id>@<catalogue revision>". With an empty data_key nothing is cached and ctx_json's
  // own "data" member, if any, is used instead.
  std::string data_key;
  std::string data_json;
  std::map<std::string, ComponentSource> components;  // every component the blocks name
  std::vector<BlockJob> blocks;
  std::optional<BlockJob> root;  // wraps the blocks through ctx.children
};

struct BlockResult {
  std::string html;           // the component's output; the placeholder when error_code is set
  std::string error_code;     // empty on success, else one of block_error::*
  std::string error_message;  // for logs and the editor, never for the page ("Error: x (Hero:3:7)")

  bool ok() const { return error_code.empty(); }
};

struct RenderedPage {
  std::vector<BlockResult> blocks;  // one per PageJob::blocks, same order
  std::optional<BlockResult> root;  // set when PageJob::root was

  // The body HTML: the root's output when there is a root and it rendered, else the blocks'
  // HTML (placeholders included) joined in order.
  std::string body_html() const;
};

// The markup a failed block renders as: an empty element with an HTML comment naming the error,
// e.g. <div data-vitrine-block-error="timeout" hidden><!-- vitrine: Hero failed: timeout --></div>
std::string placeholder_html(std::string_view component, std::string_view error_code);

// A failed result for a block of `component`: error `code`, `message`, html = the placeholder.
BlockResult failed_block(std::string_view component, std::string_view code, std::string message);

}  // namespace vitrine::sandbox
