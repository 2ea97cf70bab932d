// seremotion: where a file shipped in models/ is found (the default model, the VAD's weights).
#pragma once

#include <string>
#include <vector>

namespace ser {

// The places looked at for the shipped file `name` (a path relative to models/): the value of the
// environment variable `env_var` alone when it is set and not empty (a file the user named must
// not silently fall back to another); else, in order, the installed <datadir>/seremotion/models/
// `name` and the source tree's models/`name` (so that an uninstalled build finds it).
std::vector<std::string> shipped_file_candidates(const char* env_var, const std::string& name);

// The first candidate that is a regular file. Throws ModelError "no <what> found (tried <every
// path>): <fix>" otherwise.
std::string find_shipped_file(const char* env_var, const std::string& name, const std::string& what,
                              const std::string& fix);

}  // namespace ser
