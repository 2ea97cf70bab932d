// The element tests' main: GStreamer initialised once, the built plugin found without meson.
#include <gst/gst.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
  // meson test sets these; a direct run gets the same isolation: the built plugin only, and a
  // registry of its own.
  setenv("GST_PLUGIN_PATH", SER_TEST_PLUGIN_DIR, 0);
  setenv("GST_PLUGIN_SYSTEM_PATH_1_0", "", 0);
  setenv("GST_REGISTRY", (std::string(SER_TEST_PLUGIN_DIR) + "/../tests/gst/registry-element.bin").c_str(), 0);
  gst_init(&argc, &argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
