#include "common/shipped_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "common/temp_dir.h"
#include "ser_config.h"

namespace ser {
namespace {

namespace fs = std::filesystem;

std::string models_under(const std::string& prefix) { return (fs::path(prefix) / SER_INSTALL_MODELDIR).string(); }

TEST(ShippedFiles, AnInstalledPluginFindsTheModelsUnderItsOwnPrefix) {
  for (const std::string prefix : {"/usr", "/opt/seremotion", "/tmp/unpacked/usr"}) {
    const std::string plugin = prefix + "/" + SER_INSTALL_PLUGINDIR + "/libgstseremotion.so";
    EXPECT_EQ(shipped_model_dirs_for(plugin), std::vector<std::string>{models_under(prefix)}) << plugin;
  }
}

TEST(ShippedFiles, AnInstalledProgramFindsTheModelsUnderItsOwnPrefix) {
  const std::string program = std::string("/opt/x/") + SER_INSTALL_BINDIR + "/ser-train";
  EXPECT_EQ(shipped_model_dirs_for(program), std::vector<std::string>{models_under("/opt/x")});
}

TEST(ShippedFiles, ABinaryInABuildTreeFindsTheBuildTreesModels) {
  const fs::path build = test::temp_path("shipped-files", "build");
  fs::create_directories(build / "meson-private");
  fs::create_directories(build / "tools" / "ser-train");
  EXPECT_EQ(shipped_model_dirs_for((build / "tools" / "ser-train" / "ser-train").string()),
            std::vector<std::string>{(build / "models").string()});
  EXPECT_EQ(shipped_model_dirs_for((build / "gst" / "libgstseremotion.so").string()),
            std::vector<std::string>{(build / "models").string()});
}

TEST(ShippedFiles, ABinaryElsewhereHasNowhereToLook) {
  const fs::path elsewhere = test::temp_path("shipped-files", "elsewhere");
  fs::create_directories(elsewhere);
  EXPECT_TRUE(shipped_model_dirs_for((elsewhere / "libgstseremotion.so").string()).empty());
  EXPECT_TRUE(shipped_model_dirs_for("").empty());
  // A folder named like the plugins' but not under it: only whole components count.
  EXPECT_TRUE(shipped_model_dirs_for((elsewhere / "xgstreamer-1.0" / "libgstseremotion.so").string()).empty());
}

TEST(ShippedFiles, TheRunningBinaryIsThisTestProgram) {
  EXPECT_EQ(running_binary(), fs::canonical("/proc/self/exe").string());
  // It runs from the build tree, so it finds the build tree's copy of models/.
  const auto dirs = shipped_model_dirs();
  ASSERT_FALSE(dirs.empty());
  EXPECT_EQ(fs::path(dirs.back()).filename(), "models");
  EXPECT_TRUE(fs::exists(fs::path(dirs.back()) / SER_DEFAULT_MODEL_NAME)) << dirs.back();
}

}  // namespace
}  // namespace ser
