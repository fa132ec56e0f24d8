// Private to src/db: the extra capability a backend's Session offers to migrate(): running a
// script of several ';'-separated statements without parameters (DDL in migrations).
#pragma once

#include <string_view>

#include "core/result.h"

namespace vitrine::db::internal {

class ScriptSession {
 public:
  virtual ~ScriptSession() = default;
  // Runs every statement of `sql` in order on the session's connection, inside the current
  // transaction; stops at the first failing statement and returns its error.
  virtual Status exec_script(std::string_view sql) = 0;
};

}  // namespace vitrine::db::internal
