// The `vitrine` command line: serve, demo, sync, status, token. Only this module knows argv.
#pragma once

namespace vitrine::cli {

// Parses argv, runs the subcommand and returns the process exit code.
int run(int argc, char** argv);

}  // namespace vitrine::cli
