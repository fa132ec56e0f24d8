#include "sandbox/v8_support.h"

#include <libplatform/libplatform.h>

#include <cstdlib>
#include <mutex>

namespace vitrine::sandbox::internal {

void ensure_v8_initialized() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Deliberately never destroyed: isolates may outlive static destructors at exit.
    static v8::Platform* platform = v8::platform::NewDefaultPlatform(1).release();
    v8::V8::SetFlagsFromString("--no-expose-wasm");
    // Diagnostics only (e.g. "--trace-deopt"); never needed in production.
    if (const char* extra = std::getenv("VITRINE_V8_FLAGS")) v8::V8::SetFlagsFromString(extra);
    v8::V8::InitializePlatform(platform);
    v8::V8::Initialize();
  });
}

}  // namespace vitrine::sandbox::internal
