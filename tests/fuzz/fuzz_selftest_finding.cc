// A fuzz target that always has a finding: an uncaught exception, as a FeatureSpec whose version
// was a string once was. check_finding_fails.sh runs it through run_fuzzer.sh, so that a finding
// keeps failing the suite (libFuzzer's own exit status for it, 77, reads as "skipped" to meson).
#include <cstddef>
#include <cstdint>
#include <stdexcept>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* /*data*/, size_t /*size*/) {
  throw std::runtime_error("the self-test's deliberate finding");
}
