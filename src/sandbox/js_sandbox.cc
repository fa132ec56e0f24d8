#include "sandbox/js_sandbox.h"

#include <pthread.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <list>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "core/hash.h"
#include "core/text.h"
#include "sandbox/prelude.h"
#include "sandbox/v8_support.h"

namespace vitrine::sandbox {
namespace {

std::atomic<FatalOomHandler> g_fatal_oom_handler{nullptr};

void on_fatal_oom(const char* location, bool is_heap_oom) {
  if (FatalOomHandler h = g_fatal_oom_handler.load()) h(location, is_heap_oom);
  std::fprintf(stderr, "vitrine render: fatal JavaScript out of memory in %s\n",
               location ? location : "?");
  std::abort();
}

constexpr size_t kMaxErrorMessage = 2000;

using Clock = std::chrono::steady_clock;

// CPU time used so far by the calling thread, in nanoseconds.
int64_t thread_cpu_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

// Terminates the isolate's running JavaScript once the rendering thread has spent its CPU
// budget since arm(). CPU time, not wall time: a call that waits for a core on a busy machine
// is not charged for the wait. The watchdog sleeps until the wall-clock moment the budget could
// be spent at the earliest, then checks the thread's CPU clock and sleeps again for what is
// left. Arming is cheap (a mutex, rarely a wake-up): the thread only needs waking when a new
// deadline is earlier than the one it sleeps towards.
class Watchdog {
 public:
  explicit Watchdog(v8::Isolate* isolate) : isolate_(isolate), thread_([this] { loop(); }) {}
  ~Watchdog() {
    {
      std::lock_guard lk(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }

  // Starts watching the calling thread, which has used `cpu_start_ns` (thread_cpu_ns()) so far.
  void arm(std::chrono::nanoseconds budget, int64_t cpu_start_ns) {
    clockid_t clock;
    if (::pthread_getcpuclockid(::pthread_self(), &clock) != 0) clock = CLOCK_MONOTONIC;
    std::lock_guard lk(mu_);
    armed_ = true;
    fired_ = false;
    budget_ns_ = budget.count();
    cpu_start_ns_ = cpu_start_ns;
    clock_ = clock;
    deadline_ = Clock::now() + budget;
    if (deadline_ < sleeping_until_) cv_.notify_one();
  }

  // Stops watching. True when the budget was spent and TerminateExecution was called; after
  // this returns the watchdog calls it no more until the next arm().
  bool disarm() {
    std::lock_guard lk(mu_);
    armed_ = false;
    return fired_;
  }

 private:
  void loop() {
    std::unique_lock lk(mu_);
    while (!stop_) {
      if (!armed_) {
        sleeping_until_ = Clock::time_point::max();
        cv_.wait(lk);
        continue;
      }
      auto now = Clock::now();
      if (now >= deadline_) {
        timespec ts{};
        int64_t used = budget_ns_;  // if the clock cannot be read, wall time decides
        if (clock_ != CLOCK_MONOTONIC && ::clock_gettime(clock_, &ts) == 0)
          used = static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec - cpu_start_ns_;
        if (used >= budget_ns_) {
          isolate_->TerminateExecution();
          fired_ = true;
          armed_ = false;
          continue;
        }
        deadline_ = now + std::chrono::nanoseconds(budget_ns_ - used);
      }
      sleeping_until_ = deadline_;
      cv_.wait_until(lk, deadline_);
    }
  }

  v8::Isolate* isolate_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool armed_ = false;
  bool fired_ = false;
  int64_t budget_ns_ = 0;
  int64_t cpu_start_ns_ = 0;
  clockid_t clock_ = CLOCK_MONOTONIC;
  Clock::time_point deadline_{};
  Clock::time_point sleeping_until_ = Clock::time_point::max();
  std::thread thread_;  // last: starts after the fields it reads are initialised
};

std::string truncate_message(std::string s) {
  if (s.size() > kMaxErrorMessage) {
    s.resize(kMaxErrorMessage);
    s += "...";
  }
  return s;
}

std::chrono::milliseconds clamp_time_limit(std::chrono::milliseconds t) {
  return std::clamp(t, std::chrono::milliseconds(1), kMaxTimeLimit);
}

}  // namespace

void set_fatal_oom_handler(FatalOomHandler handler) { g_fatal_oom_handler.store(handler); }

struct JsSandbox::Impl {
  struct Compiled {
    v8::Global<v8::Function> factory;  // empty when compilation failed
    std::string error;                 // the SyntaxError, when it failed
    std::list<std::string>::iterator lru;
  };

  SandboxLimits limits;
  std::unique_ptr<v8::ArrayBuffer::Allocator> allocator;
  v8::Isolate* isolate = nullptr;
  v8::Global<v8::Context> context;
  v8::Global<v8::Function> make_ctx;
  v8::Global<v8::Function> with_children;
  v8::Global<v8::Function> intact;  // false once a page tampered with a watched builtin
  std::unique_ptr<Watchdog> watchdog;
  std::atomic<bool> heap_limit_hit{false};
  bool exhausted = false;  // must be replaced: heap limit hit, or builtins tampered with
  bool tampered = false;
  std::function<void(int, int64_t)> progress;
  std::vector<char> utf8_scratch;  // reused for every block's output
  std::unordered_map<std::string, Compiled> compiled;
  std::list<std::string> lru;  // most recently used first
  struct Snapshot {
    v8::Global<v8::Value> data;  // parsed and deep-frozen
    std::list<std::string>::iterator lru;
  };
  std::unordered_map<std::string, Snapshot> snapshots;
  std::list<std::string> snapshot_lru;
  v8::Global<v8::Function> freeze_data;

  ~Impl() {
    watchdog.reset();
    make_ctx.Reset();
    with_children.Reset();
    intact.Reset();
    freeze_data.Reset();
    for (auto& [hash, c] : compiled) c.factory.Reset();
    for (auto& [key, d] : snapshots) d.data.Reset();
    context.Reset();
    if (isolate) isolate->Dispose();
  }

  // ctx.slugify's native half: the prelude passes String(value), so args[0] is a string.
  static void core_slugify(const v8::FunctionCallbackInfo<v8::Value>& info) {
    v8::Isolate* isolate = info.GetIsolate();
    v8::String::Utf8Value text(isolate, info[0]);
    std::string slug = *text ? slugify(std::string_view(*text, static_cast<size_t>(text.length())),
                                       std::numeric_limits<size_t>::max())
                             : std::string();
    v8::Local<v8::String> out;
    if (v8::String::NewFromUtf8(isolate, slug.data(), v8::NewStringType::kNormal,
                                static_cast<int>(slug.size()))
            .ToLocal(&out))
      info.GetReturnValue().Set(out);
  }

  static size_t near_heap_limit(void* data, size_t current_limit, size_t /*initial_limit*/) {
    auto* self = static_cast<Impl*>(data);
    self->heap_limit_hit = true;
    self->isolate->TerminateExecution();
    // V8 aborts unless the callback raises the limit; give the termination room to unwind.
    return current_limit + std::max<size_t>(current_limit / 2, 16u << 20);
  }

  // Tells the listener that `block` starts now; returns the thread's CPU time, the start of
  // the block's budget.
  int64_t report_progress(int block) {
    int64_t cpu = block >= 0 ? thread_cpu_ns() : 0;
    if (progress) progress(block, cpu);
    return cpu;
  }

  v8::Local<v8::String> v8_string(std::string_view s) {
    return v8::String::NewFromUtf8(isolate, s.data(), v8::NewStringType::kNormal,
                                   static_cast<int>(s.size()))
        .ToLocalChecked();
  }

  // "Name: message (Component:line:column)". Converting the exception may run JavaScript (a
  // thrown object's toString), so callers keep the watchdog armed around this.
  std::string describe(v8::Local<v8::Context> ctx, v8::TryCatch& tc, std::string_view where) {
    std::string text = "unknown exception";
    {
      v8::TryCatch inner(isolate);
      v8::String::Utf8Value value(isolate, tc.Exception());
      if (*value) text.assign(*value, value.length());
    }
    v8::Local<v8::Message> message = tc.Message();
    if (!message.IsEmpty()) {
      int line = message->GetLineNumber(ctx).FromMaybe(0);
      int column = message->GetStartColumn(ctx).FromMaybe(-1) + 1;
      if (line > 0)
        text += " (" + std::string(where) + ":" + std::to_string(line) + ":" +
                std::to_string(column) + ")";
    }
    return truncate_message(std::move(text));
  }

  void touch(Compiled& c) { lru.splice(lru.begin(), lru, c.lru); }

  Compiled& compile(v8::Local<v8::Context> ctx, std::string_view name, std::string_view hash,
                    std::string_view source) {
    std::string key(hash);
    while (compiled.size() >= std::max<size_t>(limits.compiled_cache_entries, 1)) {
      auto victim = compiled.find(lru.back());
      victim->second.factory.Reset();
      compiled.erase(victim);
      lru.pop_back();
    }
    lru.push_front(key);
    Compiled& c = compiled[key];
    c.lru = lru.begin();

    std::string body;
    body.reserve(source.size() + internal::kComponentFactorySuffix.size());
    body.append(source).append(internal::kComponentFactorySuffix);
    v8::TryCatch tc(isolate);
    v8::ScriptOrigin origin(isolate, v8_string(name));
    v8::ScriptCompiler::Source src(v8_string(body), origin);
    v8::Local<v8::Function> factory;
    if (v8::ScriptCompiler::CompileFunction(ctx, &src).ToLocal(&factory)) {
      // Nothing may hang state on the factory itself (sloppy code can reach it as
      // arguments.callee) and read it back on a later page.
      factory->SetIntegrityLevel(ctx, v8::IntegrityLevel::kFrozen).Check();
      c.factory.Reset(isolate, factory);
    } else if (tc.HasTerminated()) {
      c.error = "compilation was interrupted";
    } else {
      c.error = describe(ctx, tc, name);
    }
    return c;
  }

  // The frozen catalogue snapshot for `key`: cached, or parsed from `json` and cached.
  // Undefined when it cannot be parsed (the page then has an empty catalogue).
  v8::Local<v8::Value> snapshot(v8::Local<v8::Context> ctx, std::string_view key,
                                std::optional<std::string_view> json) {
    std::string k(key);
    auto it = snapshots.find(k);
    if (it != snapshots.end()) {
      snapshot_lru.splice(snapshot_lru.begin(), snapshot_lru, it->second.lru);
      return it->second.data.Get(isolate);
    }
    v8::Local<v8::Value> parsed, frozen;
    if (!json || !v8::JSON::Parse(ctx, v8_string(*json)).ToLocal(&parsed))
      return v8::Undefined(isolate);
    v8::Local<v8::Value> args[] = {parsed};
    if (!freeze_data.Get(isolate)->Call(ctx, v8::Undefined(isolate), 1, args).ToLocal(&frozen))
      return v8::Undefined(isolate);
    while (snapshots.size() >= std::max<size_t>(limits.data_cache_entries, 1)) {
      snapshots.erase(snapshot_lru.back());
      snapshot_lru.pop_back();
    }
    snapshot_lru.push_front(k);
    Snapshot& s = snapshots[k];
    s.data.Reset(isolate, frozen);
    s.lru = snapshot_lru.begin();
    return frozen;
  }

  // Runs one block (or the root) with the watchdog armed; `render_fns` caches this page's
  // instantiated render functions per hash.
  BlockResult run_block(v8::Local<v8::Context> ctx, const PageSpec& page,
                        const PageSpec::Block& block, v8::Local<v8::Object> page_ctx,
                        std::unordered_map<std::string_view, v8::Local<v8::Value>>& render_fns,
                        std::chrono::milliseconds time_limit, size_t output_limit,
                        int64_t cpu_start) {
    const PageSpec::Component* component = nullptr;
    for (const auto& c : page.components)
      if (c.name == block.component) component = &c;
    if (!component)
      return failed_block(block.component, block_error::kUnknownComponent,
                          "component '" + std::string(block.component) + "' is not in the page");

    v8::TryCatch tc(isolate);
    heap_limit_hit = false;
    watchdog->arm(time_limit, cpu_start);
    BlockResult result;
    std::string failure;  // exception message, when the call threw
    v8::Local<v8::Value> output;
    bool compile_failed = false;

    auto fn_it = render_fns.find(component->hash);
    if (fn_it == render_fns.end()) {
      auto cached = compiled.find(std::string(component->hash));
      Compiled* c = nullptr;
      if (cached != compiled.end()) {
        c = &cached->second;
        touch(*c);
      } else {
        c = &compile(ctx, component->name, component->hash, component->source.value_or(""));
      }
      v8::Local<v8::Value> fn;
      if (c->factory.IsEmpty()) {
        compile_failed = true;
        failure = c->error;
      } else {
        v8::Local<v8::Function> factory = c->factory.Get(isolate);
        if (!factory->Call(ctx, v8::Undefined(isolate), 0, nullptr).ToLocal(&fn)) {
          fn = v8::Local<v8::Value>();
        } else if (!fn->IsFunction()) {
          compile_failed = true;
          failure = "component '" + std::string(component->name) +
                    "' does not define function render(props, ctx)";
        }
      }
      if (!fn.IsEmpty() && fn->IsFunction()) {
        fn_it = render_fns.emplace(component->hash, fn).first;
      }
    }

    if (fn_it != render_fns.end()) {
      v8::Local<v8::Value> props;
      std::string_view props_json = block.props_json.empty() ? "{}" : block.props_json;
      if (v8::JSON::Parse(ctx, v8_string(props_json)).ToLocal(&props)) {
        v8::Local<v8::Value> args[] = {props, page_ctx};
        if (fn_it->second.As<v8::Function>()
                ->Call(ctx, v8::Undefined(isolate), 2, args)
                .ToLocal(&output)) {
          isolate->PerformMicrotaskCheckpoint();
        }
      }
    }
    if (tc.HasCaught() && !tc.HasTerminated() && failure.empty())
      failure = describe(ctx, tc, component->name);
    bool timed_out = watchdog->disarm();
    isolate->CancelTerminateExecution();

    if (heap_limit_hit) {
      exhausted = true;
      return failed_block(block.component, block_error::kOutOfMemory,
                          "the component exceeded the heap limit of " +
                              std::to_string(limits.heap_bytes >> 20) + " MB");
    }
    if (timed_out || tc.HasTerminated())
      return failed_block(
          block.component, block_error::kTimeout,
          "the component used more than " + std::to_string(time_limit.count()) + " ms of CPU time");
    if (!failure.empty() || compile_failed || output.IsEmpty())
      return failed_block(block.component, block_error::kException,
                          failure.empty() ? "the component failed" : failure);
    if (!output->IsString())
      return failed_block(
          block.component, block_error::kException,
          "render(props, ctx) must return a string, got " +
              std::string(output->IsNullOrUndefined()
                              ? (output->IsNull() ? "null" : "undefined")
                              : *v8::String::Utf8Value(isolate, output->TypeOf(isolate))));
    // One pass: UTF-8 takes at least one byte per UTF-16 unit and at most three.
    v8::Local<v8::String> html = output.As<v8::String>();
    const size_t units = static_cast<size_t>(html->Length());
    auto too_large = [&](size_t bytes) {
      return failed_block(block.component, block_error::kOutputTooLarge,
                          "the component returned " + std::to_string(bytes) +
                              " bytes or more; the limit is " + std::to_string(output_limit));
    };
    if (units > output_limit) return too_large(units);
    if (utf8_scratch.size() < units * 3) utf8_scratch.resize(units * 3);
    int written =
        html->WriteUtf8(isolate, utf8_scratch.data(), static_cast<int>(units * 3), nullptr,
                        v8::String::NO_NULL_TERMINATION | v8::String::REPLACE_INVALID_UTF8);
    if (static_cast<size_t>(written) > output_limit) return too_large(static_cast<size_t>(written));
    result.html.assign(utf8_scratch.data(), static_cast<size_t>(written));
    return result;
  }
};

JsSandbox::JsSandbox(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
JsSandbox::~JsSandbox() = default;

Result<std::unique_ptr<JsSandbox>> JsSandbox::create(const SandboxLimits& limits) {
  internal::ensure_v8_initialized();
  auto impl = std::make_unique<Impl>();
  impl->limits = limits;
  impl->limits.time_limit = clamp_time_limit(limits.time_limit);
  impl->allocator = internal::new_budgeted_allocator(limits.heap_bytes);

  v8::Isolate::CreateParams params;
  params.array_buffer_allocator = impl->allocator.get();
  params.constraints.ConfigureDefaultsFromHeapSize(0, limits.heap_bytes);
  params.constraints.set_code_range_size_in_bytes(8u << 20);
  impl->isolate = v8::Isolate::New(params);
  if (!impl->isolate) return fail(errc::kInternal, "V8 could not create an isolate");
  v8::Isolate* isolate = impl->isolate;
  isolate->AddNearHeapLimitCallback(&Impl::near_heap_limit, impl.get());
  isolate->SetOOMErrorHandler(&on_fatal_oom);
  isolate->SetMicrotasksPolicy(v8::MicrotasksPolicy::kExplicit);

  {
    v8::Isolate::Scope isolate_scope(isolate);
    v8::HandleScope handles(isolate);
    v8::Local<v8::Context> ctx = v8::Context::New(isolate);
    // eval, Function and the other constructors from strings throw EvalError.
    ctx->AllowCodeGenerationFromStrings(false);
    v8::Context::Scope context_scope(ctx);
    v8::TryCatch tc(isolate);
    v8::ScriptOrigin origin(isolate, impl->v8_string("vitrine:prelude"));
    v8::Local<v8::Script> script;
    v8::Local<v8::Value> prelude_fn, api;
    // ctx.slugify calls core slugify (one implementation for the whole platform); the prelude
    // keeps the function in a closure, never on the global object.
    v8::Local<v8::Function> core_slugify;
    if (!v8::Function::New(ctx, &Impl::core_slugify).ToLocal(&core_slugify))
      return fail(errc::kInternal, "the render sandbox could not create its slugify helper");
    v8::Local<v8::Value> args[] = {ctx->Global(), core_slugify};
    if (!v8::Script::Compile(ctx, impl->v8_string(internal::prelude_source()), &origin)
             .ToLocal(&script) ||
        !script->Run(ctx).ToLocal(&prelude_fn) || !prelude_fn->IsFunction() ||
        !prelude_fn.As<v8::Function>()->Call(ctx, v8::Undefined(isolate), 2, args).ToLocal(&api) ||
        !api->IsObject()) {
      std::string why = tc.HasCaught() ? impl->describe(ctx, tc, "prelude") : "no value";
      return fail(errc::kInternal, "the render sandbox prelude failed: " + why);
    }
    v8::Local<v8::Object> api_object = api.As<v8::Object>();
    v8::Local<v8::Value> make_ctx, with_children, intact, freeze_data;
    if (!api_object->Get(ctx, impl->v8_string("makeCtx")).ToLocal(&make_ctx) ||
        !api_object->Get(ctx, impl->v8_string("withChildren")).ToLocal(&with_children) ||
        !api_object->Get(ctx, impl->v8_string("intact")).ToLocal(&intact) ||
        !api_object->Get(ctx, impl->v8_string("freezeData")).ToLocal(&freeze_data) ||
        !make_ctx->IsFunction() || !with_children->IsFunction() || !intact->IsFunction() ||
        !freeze_data->IsFunction())
      return fail(errc::kInternal, "the render sandbox prelude returned no helpers");
    impl->make_ctx.Reset(isolate, make_ctx.As<v8::Function>());
    impl->with_children.Reset(isolate, with_children.As<v8::Function>());
    impl->intact.Reset(isolate, intact.As<v8::Function>());
    impl->freeze_data.Reset(isolate, freeze_data.As<v8::Function>());
    impl->context.Reset(isolate, ctx);
  }
  impl->watchdog = std::make_unique<Watchdog>(isolate);
  return std::unique_ptr<JsSandbox>(new JsSandbox(std::move(impl)));
}

std::vector<std::string> JsSandbox::missing_sources(const PageSpec& page) const {
  std::vector<std::string> missing;
  for (const auto& c : page.components)
    if (!c.source && !has_compiled(c.hash)) missing.emplace_back(c.hash);
  return missing;
}

bool JsSandbox::has_compiled(std::string_view hash) const {
  return impl_->compiled.count(std::string(hash)) > 0;
}

bool JsSandbox::has_data(std::string_view data_key) const {
  return impl_->snapshots.count(std::string(data_key)) > 0;
}

bool JsSandbox::missing_data(const PageSpec& page) const {
  return !page.data_key.empty() && !page.data_json && !has_data(page.data_key);
}

bool JsSandbox::retired() const { return impl_->exhausted; }

bool JsSandbox::tampered() const { return impl_->tampered; }

void JsSandbox::set_progress_listener(std::function<void(int, int64_t)> listener) {
  impl_->progress = std::move(listener);
}

const SandboxLimits& JsSandbox::limits() const { return impl_->limits; }

Result<RenderedPage> JsSandbox::render(const PageSpec& page) {
  Impl& m = *impl_;
  if (m.exhausted)
    return fail(errc::kUnavailable,
                m.tampered ? "a page tampered with the sandbox's builtins: it must be replaced"
                           : "the sandbox hit its heap limit and must be replaced");
  if (auto missing = missing_sources(page); !missing.empty())
    return fail(errc::kInvalidArgument, "components without source: " + missing.front(),
                {{"missing", missing}});
  if (missing_data(page))
    return fail(errc::kInvalidArgument,
                "catalogue snapshot " + std::string(page.data_key) + " is not cached");
  const auto time_limit =
      page.time_limit.count() > 0 ? clamp_time_limit(page.time_limit) : m.limits.time_limit;
  const size_t output_limit = page.output_bytes > 0 ? page.output_bytes : m.limits.output_bytes;

  v8::Isolate* isolate = m.isolate;
  v8::Isolate::Scope isolate_scope(isolate);
  v8::HandleScope handles(isolate);
  v8::Local<v8::Context> ctx = m.context.Get(isolate);
  v8::Context::Scope context_scope(ctx);

  RenderedPage out;
  out.blocks.reserve(page.blocks.size());
  const int64_t ctx_cpu_start = m.report_progress(0);

  // The page's ctx: parsed and built with the watchdog armed, like a block (the data snapshot
  // is the caller's, but a huge one must not stall the worker unsupervised).
  v8::Local<v8::Value> page_ctx_value;
  {
    v8::TryCatch tc(isolate);
    m.watchdog->arm(kMaxTimeLimit, ctx_cpu_start);
    v8::Local<v8::Value> raw;
    if (!v8::JSON::Parse(ctx, m.v8_string(page.ctx_json.empty() ? "{}" : page.ctx_json))
             .ToLocal(&raw))
      raw = v8::Object::New(isolate);
    v8::Local<v8::Value> args[] = {raw, v8::Undefined(isolate)};
    if (!page.data_key.empty()) args[1] = m.snapshot(ctx, page.data_key, page.data_json);
    bool ok = m.make_ctx.Get(isolate)
                  ->Call(ctx, v8::Undefined(isolate), 2, args)
                  .ToLocal(&page_ctx_value);
    m.watchdog->disarm();
    isolate->CancelTerminateExecution();
    if (!ok || !page_ctx_value->IsObject())
      return fail(errc::kInternal, "the page ctx could not be built");
  }
  v8::Local<v8::Object> page_ctx = page_ctx_value.As<v8::Object>();

  std::unordered_map<std::string_view, v8::Local<v8::Value>> render_fns;
  for (size_t i = 0; i < page.blocks.size(); ++i) {
    const PageSpec::Block& block = page.blocks[i];
    const int64_t cpu_start = m.report_progress(static_cast<int>(i));
    if (!block.skip_code.empty()) {
      out.blocks.push_back(failed_block(block.component, block.skip_code, ""));
      continue;
    }
    // No per-block HandleScope: render_fns keeps this page's render functions as Locals.
    out.blocks.push_back(
        m.run_block(ctx, page, block, page_ctx, render_fns, time_limit, output_limit, cpu_start));
  }

  if (page.root) {
    const int64_t root_cpu_start = m.report_progress(static_cast<int>(page.blocks.size()));
    if (!page.root->skip_code.empty()) {
      out.root = failed_block(page.root->component, page.root->skip_code, "");
    } else {
      std::string children;
      for (const auto& b : out.blocks) children += b.html;
      v8::TryCatch tc(isolate);
      v8::Local<v8::Value> args[] = {page_ctx, m.v8_string(children)};
      v8::Local<v8::Value> root_ctx;
      if (!m.with_children.Get(isolate)
               ->Call(ctx, v8::Undefined(isolate), 2, args)
               .ToLocal(&root_ctx) ||
          !root_ctx->IsObject())
        return fail(errc::kInternal, "the root ctx could not be built");
      out.root = m.run_block(ctx, page, *page.root, root_ctx.As<v8::Object>(), render_fns,
                             time_limit, output_limit + children.size(), root_cpu_start);
    }
  }
  // A page that tampered with a watched builtin (prelude: WATCHED) leaves a realm that is no
  // longer safe for other sites: the sandbox is replaced before the next page.
  {
    v8::TryCatch tc(isolate);
    v8::Local<v8::Value> ok;
    if (!m.intact.Get(isolate)->Call(ctx, v8::Undefined(isolate), 0, nullptr).ToLocal(&ok) ||
        !ok->IsTrue()) {
      m.exhausted = true;
      m.tampered = true;
    }
  }
  m.report_progress(-1);
  return out;
}

Result<RenderedPage> JsSandbox::render_page(const PageJob& job) {
  PageSpec spec;
  spec.ctx_json = job.ctx_json;
  spec.data_key = job.data_key;
  if (!job.data_key.empty()) spec.data_json = job.data_json;
  std::vector<std::string> computed_hashes;
  computed_hashes.reserve(job.components.size());
  for (const auto& [name, c] : job.components) {
    std::string_view hash = c.hash;
    if (hash.empty()) hash = computed_hashes.emplace_back(sha256_hex(c.source));
    spec.components.push_back({name, hash, std::string_view(c.source)});
  }
  std::vector<std::string> props;
  props.reserve(job.blocks.size() + 1);
  auto text = [](const BlockJob& b) {
    return b.props_json.empty() ? b.props.dump() : b.props_json;
  };
  for (const auto& b : job.blocks) props.push_back(text(b));
  if (job.root) props.push_back(text(*job.root));
  for (size_t i = 0; i < job.blocks.size(); ++i)
    spec.blocks.push_back({job.blocks[i].component, props[i], {}});
  if (job.root) spec.root = PageSpec::Block{job.root->component, props.back(), {}};
  return render(spec);
}

}  // namespace vitrine::sandbox
