// ser-train: running a command on each file named, so that one bad file does not lose the others.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace ser::cli {

// Calls `fn` on every file in order. A ser::Error it throws is printed as "ser-train: error: <message>"
// on stderr (with the file's name first when the message does not name it) and the next file follows. Returns the exit status: 1 when any file failed, else 0.
int for_each_file(const std::vector<std::string>& files, const std::function<void(const std::string&)>& fn);

}  // namespace ser::cli
