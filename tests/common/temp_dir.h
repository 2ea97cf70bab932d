// Tests: a folder of files for this test process, removed when it ends.
#pragma once

#include <string>

namespace ser::test {

// `name` inside the process's folder (made on first use, under the system's temporary folder,
// named after `kind` and the process id; removed with everything in it at exit).
std::string temp_path(const std::string& kind, const std::string& name);

}  // namespace ser::test
