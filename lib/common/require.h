// seremotion: the one way a settings struct's validate() reports a value out of its range.
#pragma once

#include <sstream>

#include "common/error.h"

namespace ser {

// Throws ParameterError "<context>: <field> must be <range> (got <value>)" unless `ok`.
template <typename T>
void require_parameter(bool ok, const char* context, const char* field, const char* range, const T& got) {
  if (ok) return;
  std::ostringstream msg;
  msg << context << ": " << field << " must be " << range << " (got " << got << ")";
  throw ParameterError(msg.str());
}

}  // namespace ser
