// Writes the element tests' small model (a tiny logmel_cnn with random weights) for the scripted
// tests: make_test_model PATH [RATE [WINDOW_SECONDS [HOP_SECONDS [SEED]]]].
//
// An argument that looks like an option is never taken as the path: -h and --help print the usage,
// any other is an error (a bundle named "--help" once landed in the source tree that way).
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

#include "element_test_support.h"
#include "nn/untrained_bundle.h"

namespace {

constexpr const char* kUsage = "usage: make_test_model PATH [RATE [WINDOW_SECONDS [HOP_SECONDS [SEED]]]]\n";

// The whole of `text` as a number > 0, or false.
bool positive_number(const char* text, double& out) {
  errno = 0;
  char* end = nullptr;
  out = std::strtod(text, &end);
  return errno == 0 && end != text && *end == '\0' && out > 0.0;
}

// The whole of `text` as an unsigned integer, or false.
bool unsigned_integer(const char* text, unsigned long long& out) {
  errno = 0;
  char* end = nullptr;
  out = std::strtoull(text, &end, 10);
  return errno == 0 && end != text && *end == '\0' && text[0] != '-';
}

int bad_argument(const char* name, const char* value, const char* what) {
  std::fprintf(stderr, "make_test_model: %s '%s' is not %s\n%s", name, value, what, kUsage);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "-h") == 0 || std::strcmp(argv[i], "--help") == 0) {
      std::fputs(kUsage, stdout);
      return 0;
    }
  }
  if (argc < 2 || argc > 6) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  if (argv[1][0] == '-') {
    std::fprintf(stderr, "make_test_model: '%s' is an option, not a path (give the bundle's path first)\n%s",
                 argv[1], kUsage);
    return 2;
  }
  ser::gst_test::TestModel model;
  unsigned long long integer = 0;
  if (argc > 2) {
    if (!unsigned_integer(argv[2], integer) || integer < 1 || integer > 384000) {
      return bad_argument("RATE", argv[2], "a sample rate in Hz (1 to 384000)");
    }
    model.sample_rate = static_cast<int>(integer);
  }
  if (argc > 3 && !positive_number(argv[3], model.window_seconds)) {
    return bad_argument("WINDOW_SECONDS", argv[3], "a duration > 0");
  }
  if (argc > 4 && !positive_number(argv[4], model.hop_seconds)) {
    return bad_argument("HOP_SECONDS", argv[4], "a duration > 0");
  }
  if (argc > 5) {
    if (!unsigned_integer(argv[5], integer)) return bad_argument("SEED", argv[5], "an unsigned integer");
    model.seed = integer;
  }
  try {
    ser::nn::write_untrained_bundle(argv[1], ser::gst_test::test_model_info(model), model.seed);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "make_test_model: %s\n", e.what());
    return 1;
  }
  return 0;
}
