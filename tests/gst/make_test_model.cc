// Writes the element tests' small model (a tiny logmel_cnn with random weights) for the scripted
// tests: make_test_model PATH [RATE [WINDOW_SECONDS [HOP_SECONDS [SEED]]]].
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "element_test_support.h"
#include "nn/untrained_bundle.h"

int main(int argc, char** argv) {
  if (argc < 2 || argc > 6) {
    std::fprintf(stderr, "usage: %s PATH [RATE [WINDOW_SECONDS [HOP_SECONDS [SEED]]]]\n", argv[0]);
    return 2;
  }
  ser::gst_test::TestModel model;
  if (argc > 2) model.sample_rate = std::atoi(argv[2]);
  if (argc > 3) model.window_seconds = std::atof(argv[3]);
  if (argc > 4) model.hop_seconds = std::atof(argv[4]);
  if (argc > 5) model.seed = std::strtoull(argv[5], nullptr, 10);
  try {
    ser::nn::write_untrained_bundle(argv[1], ser::gst_test::test_model_info(model), model.seed);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "make_test_model: %s\n", e.what());
    return 1;
  }
  return 0;
}
