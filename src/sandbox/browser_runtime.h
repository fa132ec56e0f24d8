// The page helpers of the render sandbox, for a browser: the admin's editor previews each block
// by calling the theme's own render function with a ctx built by this module, so the editor
// shows what the storefront renders (see render.h for what ctx holds).
#pragma once

#include <string>

namespace vitrine::sandbox {

// An ES module exporting makeCtx(raw, data), withChildren(ctx, html) and freezeData(data): the
// sandbox prelude's own code, minus the realm lockdown (the editor's realm is its own), with
// ctx.slugify a JavaScript port of core slugify built from the same letter table.
const std::string& browser_runtime_module();

}  // namespace vitrine::sandbox
