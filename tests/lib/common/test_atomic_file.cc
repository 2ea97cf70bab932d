// Files written whole or not at all, and the checks made before a long job writes them
// (issue 14, defect 7).
#include "common/atomic_file.h"

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

#include "common/error.h"
#include "common/temp_dir.h"

namespace ser {
namespace {

namespace fs = std::filesystem;

std::string dir() { return test::temp_path("atomic-file", ""); }

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(AtomicFile, WritesAndReplacesLeavingNoTemporaryFile) {
  fs::create_directories(dir());
  const std::string path = dir() + "/report.json";
  write_file_atomically(path, "first");
  write_file_atomically(path, "second, longer");
  EXPECT_EQ(read(path), "second, longer");
  for (const auto& e : fs::directory_iterator(dir())) EXPECT_EQ(e.path().filename(), "report.json") << e.path();
  const std::string e = error_of([] { write_file_atomically("/no/such/folder/x", "y"); });
  EXPECT_NE(e.find("cannot write '/no/such/folder/x'"), std::string::npos) << e;
}

// A process killed while it writes leaves the old file or the new one whole, never a part.
TEST(AtomicFile, AKillDuringTheWriteNeverLeavesAPartialFile) {
  fs::create_directories(dir());
  const std::string path = dir() + "/model.sermodel";
  write_file_atomically(path, "old");
  const std::string big(64 << 20, 'x');
  for (int delay_ms : {1, 20, 80}) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      for (;;) write_file_atomically(path, big);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
    const std::string now = read(path);
    EXPECT_TRUE(now == "old" || now == big) << delay_ms << " ms: " << now.size() << " bytes";
  }
}

TEST(AtomicFile, ChecksNameTheProblemBeforeAnyWork) {
  fs::create_directories(dir() + "/folder");
  std::ofstream(dir() + "/exists.sermodel") << "model";
  EXPECT_EQ(error_of([] { check_file_writable(dir() + "/new.sermodel", false, "--output"); }), "");
  std::string e = error_of([] { check_file_writable(dir() + "/no/such/m.sermodel", false, "--output"); });
  EXPECT_NE(e.find("--output '" + dir() + "/no/such/m.sermodel': the folder"), std::string::npos) << e;
  EXPECT_NE(e.find("does not exist"), std::string::npos) << e;
  e = error_of([] { check_file_writable(dir() + "/folder", false, "--output"); });
  EXPECT_NE(e.find("is a folder"), std::string::npos) << e;
  e = error_of([] { check_file_writable(dir() + "/exists.sermodel", false, "--output"); });
  EXPECT_NE(e.find("exists: choose another name, or pass --force"), std::string::npos) << e;
  EXPECT_EQ(error_of([] { check_file_writable(dir() + "/exists.sermodel", true, "--output"); }), "");

  EXPECT_EQ(error_of([] { check_folder_writable(dir() + "/folder", "--out"); }), "");
  EXPECT_EQ(error_of([] { check_folder_writable(dir() + "/new/deeper", "--out"); }), "");
  e = error_of([] { check_folder_writable(dir() + "/exists.sermodel", "--out"); });
  EXPECT_NE(e.find("--out '" + dir() + "/exists.sermodel' is a file"), std::string::npos) << e;
  e = error_of([] { check_folder_writable(dir() + "/exists.sermodel/sub", "--out"); });
  EXPECT_NE(e.find("cannot be made"), std::string::npos) << e;
  if (::geteuid() != 0) {  // root may write anywhere
    e = error_of([] { check_folder_writable("/proc/1/report", "--out"); });
    EXPECT_NE(e.find("cannot be written"), std::string::npos) << e;
  }
}

}  // namespace
}  // namespace ser
