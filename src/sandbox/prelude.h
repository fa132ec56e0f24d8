// The sandbox prelude (internal to render/): a script whose completion value is a function
// (global) → {makeCtx(rawCtx), withChildren(ctx, html)}; calling it locks the realm down.
#pragma once

#include <string_view>

namespace vitrine::sandbox::internal {

std::string_view prelude_source();

}  // namespace vitrine::sandbox::internal
