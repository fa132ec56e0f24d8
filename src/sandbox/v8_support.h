// Process-wide V8 setup shared by the sandbox and the vibe code validator (internal to render/).
#pragma once

#include <v8.h>

#include <cstddef>
#include <memory>
#include <string_view>

namespace vitrine::sandbox::internal {

// Initialises the V8 platform and engine once per process (thread-safe). Later calls are free.
// WebAssembly is not exposed; the platform keeps one background thread (concurrent GC and
// compilation) since each worker process has its own.
void ensure_v8_initialized();

// A component's source is compiled as a function body with this appended: the body's value is
// the component's render function (or whatever the code returned itself). Compiling a function
// body, rather than splicing the source into a script, leaves no way to break out into the
// global scope. The validator compiles exactly what the sandbox will.
inline constexpr std::string_view kComponentFactorySuffix =
    "\n;return typeof render === 'function' ? render : undefined;";

// An ArrayBuffer allocator that refuses (so `new ArrayBuffer(n)` throws a RangeError) once the
// buffers it has handed out would exceed `budget_bytes`. Lives in its own translation unit,
// compiled with -fno-rtti, because libnode is built without RTTI and a class derived from a
// V8 class needs its base's typeinfo otherwise.
std::unique_ptr<v8::ArrayBuffer::Allocator> new_budgeted_allocator(size_t budget_bytes);

}  // namespace vitrine::sandbox::internal
