// bench/css.sh's measuring program: theme_push::check_and_minify_css (the LibSass path the push
// pipeline uses) and a css-tree/csso bundle in the V8 the project ships (Debian libnode), on the
// same files. Modes:
//   harness libsass <files...>          time per pass over the files, sizes
//   harness libsass-errors <files...>   the problem (line:column) found in each file
//   harness v8 <bundle.js> <files...>   load time, first (cold) pass, warm pass, sizes
//   harness v8-errors <bundle.js> <files...>
#include <libplatform/libplatform.h>
#include <v8.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "theme_push/assets.h"

static std::string slurp(const char* p) {
  std::ifstream f(p);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(
        stderr,
        "usage: harness libsass|libsass-errors <files...> | v8|v8-errors <bundle> <files...>\n");
    return 2;
  }
  std::string mode = argv[1];
  bool v8_mode = mode.rfind("v8", 0) == 0;
  std::string bundle = v8_mode ? slurp(argv[2]) : "";
  std::vector<std::string> names, files;
  for (int i = v8_mode ? 3 : 2; i < argc; ++i)
    names.push_back(argv[i]), files.push_back(slurp(argv[i]));
  const int N = 50, W = 20;
  if (mode == "libsass" || mode == "libsass-errors") {
    if (mode == "libsass-errors") {
      for (size_t i = 0; i < files.size(); ++i) {
        auto r = vitrine::theme_push::check_and_minify_css(files[i], names[i]);
        if (r.problem)
          printf("%s | %d:%d %s\n", names[i].c_str(), r.problem->line, r.problem->column,
                 r.problem->message.c_str());
        else
          printf("%s | no error | %.150s\n", names[i].c_str(), r.minified->c_str());
      }
      return 0;
    }
    size_t in = 0, out = 0;
    for (int w = 0; w < W; ++w)
      for (auto& f : files) (void)vitrine::theme_push::check_and_minify_css(f, "x.css");
    auto t0 = std::chrono::steady_clock::now();
    for (int n = 0; n < N; ++n)
      for (size_t i = 0; i < files.size(); ++i) {
        auto r = vitrine::theme_push::check_and_minify_css(files[i], names[i]);
        if (n == 0) {
          in += files[i].size();
          out += r.minified ? r.minified->size() : 0;
          if (r.problem)
            printf("%s: %d:%d %s\n", names[i].c_str(), r.problem->line, r.problem->column,
                   r.problem->message.c_str());
        }
      }
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() /
        N;
    printf("libsass: in %zu B out %zu B, %.2f ms per pass\n", in, out, ms);
    return 0;
  }
  std::unique_ptr<v8::Platform> platform = v8::platform::NewDefaultPlatform(1);
  v8::V8::InitializePlatform(platform.get());
  v8::V8::Initialize();
  v8::Isolate::CreateParams params;
  std::unique_ptr<v8::ArrayBuffer::Allocator> alloc(
      v8::ArrayBuffer::Allocator::NewDefaultAllocator());
  params.array_buffer_allocator = alloc.get();
  v8::Isolate* iso = v8::Isolate::New(params);
  {
    v8::Isolate::Scope is(iso);
    v8::HandleScope hs(iso);
    auto ctx = v8::Context::New(iso);
    v8::Context::Scope cs(ctx);
    auto t_load0 = std::chrono::steady_clock::now();
    auto src =
        v8::String::NewFromUtf8(iso, bundle.data(), v8::NewStringType::kNormal, bundle.size())
            .ToLocalChecked();
    v8::TryCatch tc(iso);
    auto script = v8::Script::Compile(ctx, src);
    if (script.IsEmpty() || script.ToLocalChecked()->Run(ctx).IsEmpty()) {
      v8::String::Utf8Value e(iso, tc.Exception());
      printf("load failed: %s\n", *e);
      return 1;
    }
    double load_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t_load0)
            .count();
    if (mode == "v8-errors") {
      auto check = ctx->Global()
                       ->Get(ctx, v8::String::NewFromUtf8Literal(iso, "cssCheck"))
                       .ToLocalChecked()
                       .As<v8::Function>();
      for (size_t i = 0; i < files.size(); ++i) {
        v8::Local<v8::Value> arg =
            v8::String::NewFromUtf8(iso, files[i].data(), v8::NewStringType::kNormal,
                                    files[i].size())
                .ToLocalChecked();
        auto r = check->Call(ctx, ctx->Global(), 1, &arg);
        v8::String::Utf8Value out(iso, r.ToLocalChecked());
        printf("%s | %s\n", names[i].c_str(), *out);
      }
      return 0;
    }
    auto fn = ctx->Global()
                  ->Get(ctx, v8::String::NewFromUtf8Literal(iso, "minifyFor"))
                  .ToLocalChecked()
                  .As<v8::Function>();
    std::vector<v8::Global<v8::String>> inputs;
    for (auto& f : files)
      inputs.emplace_back(
          iso, v8::String::NewFromUtf8(iso, f.data(), v8::NewStringType::kNormal, f.size())
                   .ToLocalChecked());
    auto call = [&](size_t i, double* first_ms) {
      v8::HandleScope h(iso);
      v8::Local<v8::Value> arg = inputs[i].Get(iso);
      auto t = std::chrono::steady_clock::now();
      auto r = fn->Call(ctx, ctx->Global(), 1, &arg);
      if (first_ms)
        *first_ms +=
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
      if (r.IsEmpty()) {
        v8::String::Utf8Value e(iso, tc.Exception());
        printf("call failed: %s\n", *e);
        exit(1);
      }
      return r.ToLocalChecked().As<v8::String>()->Utf8Length(iso);
    };
    double cold = 0;
    size_t out = 0, in = 0;
    for (size_t i = 0; i < files.size(); ++i) out += call(i, &cold), in += files[i].size();
    for (int w = 0; w < W; ++w)
      for (size_t i = 0; i < files.size(); ++i) call(i, nullptr);
    auto t0 = std::chrono::steady_clock::now();
    for (int n = 0; n < N; ++n)
      for (size_t i = 0; i < files.size(); ++i) call(i, nullptr);
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() /
        N;
    printf("v8 %s: in %zu B out %zu B, load %.1f ms, first pass %.2f ms, warm %.2f ms per pass\n",
           v8::V8::GetVersion(), in, out, load_ms, cold, ms);
  }
  iso->Dispose();
  return 0;
}
