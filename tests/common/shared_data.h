// Tests: where ../shared (corpora and librosa golden values) is, and skipping when it is not.
#pragma once

#include <string>

namespace ser::test {

// $SEREMOTION_SHARED_DIR, else the shared/ folder beside the source checkout. Empty when absent.
std::string shared_dir();
// shared_dir() + "/data" and + "/golden/librosa-0.11.0"; empty when absent.
std::string data_dir();
std::string golden_dir();
// The source tree's root (for models/ and docs/).
std::string source_dir();
// The build tree's root (for built tools and the plugin).
std::string build_dir();

}  // namespace ser::test

// In a GoogleTest body: skip, with a message saying what is missing, when ../shared is absent.
#define SER_REQUIRE_DATA()                                                                         \
  do {                                                                                             \
    if (::ser::test::data_dir().empty())                                                           \
      GTEST_SKIP() << "../shared/data is absent (set SEREMOTION_SHARED_DIR to the shared folder)"; \
  } while (0)
#define SER_REQUIRE_GOLDEN()                                                                            \
  do {                                                                                                  \
    if (::ser::test::golden_dir().empty())                                                              \
      GTEST_SKIP() << "../shared/golden is absent (set SEREMOTION_SHARED_DIR to the shared folder)";    \
  } while (0)
