#include "core/failpoint.h"

#include <unistd.h>

#include <cstdlib>
#include <string>

namespace vitrine {
namespace {

const std::string& enabled_failpoints() {
  static const std::string list = [] {
    const char* v = std::getenv("VITRINE_FAILPOINTS");
    return v == nullptr ? std::string() : "," + std::string(v) + ",";
  }();
  return list;
}

}  // namespace

void crash_if_failpoint(std::string_view name) {
  const std::string& list = enabled_failpoints();
  if (list.empty()) return;
  if (list.find("," + std::string(name) + ",") != std::string::npos) _exit(70);
}

}  // namespace vitrine
