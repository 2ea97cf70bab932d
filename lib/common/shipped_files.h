// seremotion: where the files seremotion ships beside its binaries are (the emotion models, a
// voice-activity model's weights), found from where the running binary is, so that nothing of the
// build machine's paths is compiled in and an installed tree may move (a staged install, a Debian
// package unpacked elsewhere, another prefix).
#pragma once

#include <string>
#include <vector>

namespace ser {

// The folders the shipped models are looked for in, in order:
//   installed    <prefix>/<datadir>/seremotion/models, when the binary running this code (the
//                plugin, ser-train, ser-train-nn) sits in <prefix>/<libdir>/gstreamer-1.0,
//                <prefix>/<bindir> or <prefix>/<libexecdir>/seremotion (install_prefix_of); only
//                those folders relative to the prefix are compiled in (ser_config.h);
//   build tree   <build>/models, when the binary sits in a Meson build tree <build> (the nearest
//                folder above it with meson-private/), where the build copies models/.
// Empty when the binary is in neither (e.g. copied elsewhere by hand).
std::vector<std::string> shipped_model_dirs();

// The same for a binary at `binary` (a path): what shipped_model_dirs() computes for itself.
std::vector<std::string> shipped_model_dirs_for(const std::string& binary);

// The install prefix of a binary installed in <prefix>/<bindir>, <prefix>/<libdir>/gstreamer-1.0
// or <prefix>/<libexecdir>/seremotion (the folders relative to the prefix compiled in,
// ser_config.h); empty for a binary elsewhere.
std::string install_prefix_of(const std::string& binary);

// The places a shipped file `name` (relative to a models folder) is looked for: the path in the
// environment variable `env_var` alone when it is set (falling back to another file would run what
// the user did not ask for), else `name` in each of shipped_model_dirs().
std::vector<std::string> shipped_file_candidates(const char* env_var, const std::string& name);

// The first of `candidates` that is a regular file. Otherwise ModelError: "no <what> found (tried
// a, b | nowhere to look: <binary> is neither installed nor in a build tree): <fix>".
std::string first_shipped_file(const std::vector<std::string>& candidates, const std::string& what,
                               const std::string& fix);

// The running binary that holds this code: the shared object (the plugin) or the executable.
// Empty when it cannot be found.
std::string running_binary();

}  // namespace ser
