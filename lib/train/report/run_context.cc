#include "train/report/run_context.h"

#include <torch/version.h>  // TORCH_VERSION alone, nothing of libtorch to compile

#include <fstream>
#include <sstream>
#include <thread>

#include "ser_config.h"

namespace ser::train {
namespace {

// The value of a "key<TAB>: value" line of /proc/cpuinfo, or "" when the line is another key.
std::string cpuinfo_value(const std::string& line, const std::string& key) {
  if (line.compare(0, key.size(), key) != 0) return {};
  const size_t colon = line.find(':', key.size());
  if (colon == std::string::npos || line.find_first_not_of(" \t", key.size()) != colon) return {};
  const size_t start = line.find_first_not_of(" \t", colon + 1);
  if (start == std::string::npos) return {};
  const size_t end = line.find_last_not_of(" \t\r");
  return line.substr(start, end + 1 - start);
}

bool needs_quotes(const std::string& arg) {
  if (arg.empty()) return true;
  for (char ch : arg) {
    const bool plain = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                       std::string("-_./=:,+@%").find(ch) != std::string::npos;
    if (!plain) return true;
  }
  return false;
}

// '...' with each ' written as '\'' (close, escaped quote, reopen).
std::string shell_quote(const std::string& arg) {
  if (!needs_quotes(arg)) return arg;
  std::string out = "'";
  for (char ch : arg) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

}  // namespace

std::string cpu_model_from_cpuinfo(const std::string& cpuinfo) {
  // x86 names the model on every processor; ARM kernels name the board or SoC once, if at all.
  for (const char* key : {"model name", "Model", "Hardware", "cpu model"}) {
    std::istringstream in(cpuinfo);
    for (std::string line; std::getline(in, line);) {
      std::string value = cpuinfo_value(line, key);
      if (!value.empty()) return value;
    }
  }
  return "unknown";
}

MachineInfo detect_machine() {
  MachineInfo m;
  m.cores = std::thread::hardware_concurrency();
  std::ifstream in("/proc/cpuinfo");
  std::ostringstream text;
  if (in) text << in.rdbuf();
  m.cpu_model = cpu_model_from_cpuinfo(text.str());
  return m;
}

std::string utc_iso8601(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string utc_now_iso8601() { return utc_iso8601(std::time(nullptr)); }

std::string command_line(int argc, const char* const* argv) {
  std::string out;
  for (int i = 0; i < argc; ++i) {
    if (i > 0) out += ' ';
    out += shell_quote(argv[i] ? argv[i] : "");
  }
  return out;
}

std::string seremotion_version() { return SER_VERSION; }

std::string libtorch_version() { return TORCH_VERSION; }

}  // namespace ser::train
