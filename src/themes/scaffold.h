// Theme scaffolding for `vitrine theme create` (docs/architecture.md "Theme package"): a new theme
// folder that passes validation, syncs and renders without edits, for authors to start from.
#pragma once

#include <filesystem>
#include <string>

#include "core/result.h"

namespace vitrine::themes {

// Writes <parent>/<slug>/README.md and <parent>/<slug>/v0.1.0/ with theme-metadata.json (name
// from the slug, `template_type`, free, MIT, variables), puck-config.json (Hero and Footer, a
// root with title and description), components/Hero.js and components/Footer.js, and
// build/theme.css. Returns the version folder. invalid_argument for a slug that is not
// lower-case letters, digits and single hyphens or an unknown template type; already_exists
// when <parent>/<slug> exists (nothing is overwritten); io_error when a file cannot be written
// (the half-written folder is removed).
Result<std::filesystem::path> scaffold_theme(const std::filesystem::path& parent,
                                             const std::string& slug,
                                             const std::string& template_type = "ecommerce");

}  // namespace vitrine::themes
