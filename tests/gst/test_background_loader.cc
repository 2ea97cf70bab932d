// The element's background model loader (gst/background_loader.h) on its own: of several swap
// requests made while a model loads, only the latest is loaded next; a request after the thread
// ended starts it again; a load that throws does not end it. The load callback waits at a gate,
// so the tests decide when it returns, and they wait for the loads they expect before join()
// (which forgets a request not yet started), without sleeping.
#include "background_loader.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "thread_gate.h"

namespace ser::element {
namespace {

using element_test::Gate;

class Loads {
 public:
  // Loading `blocking` waits at `gate`.
  Loads(Gate* gate, std::string blocking) : gate_(gate), blocking_(std::move(blocking)) {}

  BackgroundLoader::Load load() {
    return [this](const std::string& location) {
      if (gate_ && location == blocking_) gate_->arrive_and_wait();
      {
        std::lock_guard<std::mutex> lock(mutex_);
        loaded_.push_back(location);
      }
      done_.notify_all();
      if (location == "broken") throw std::runtime_error("not a model");
    };
  }
  // Waits (at most 10 s, so that a broken loader fails instead of hanging) for `n` loads.
  bool wait_loaded(size_t n) {
    std::unique_lock<std::mutex> lock(mutex_);
    return done_.wait_for(lock, std::chrono::seconds(10), [&] { return loaded_.size() >= n; });
  }
  std::vector<std::string> loaded() {
    std::lock_guard<std::mutex> lock(mutex_);
    return loaded_;
  }

 private:
  Gate* gate_;
  std::string blocking_;
  std::mutex mutex_;
  std::condition_variable done_;
  std::vector<std::string> loaded_;
};

TEST(BackgroundLoader, OfSeveralRequestsDuringALoadOnlyTheLatestIsLoaded) {
  Gate gate;
  Loads loads(&gate, "a.sermodel");
  BackgroundLoader loader(loads.load());
  loader.request("a.sermodel");
  ASSERT_TRUE(gate.wait_arrivals(1)) << "the loader never started";
  loader.request("b.sermodel");
  loader.request("c.sermodel");
  loader.request("d.sermodel");
  gate.open();
  ASSERT_TRUE(loads.wait_loaded(2));
  loader.join();
  EXPECT_EQ(loads.loaded(), (std::vector<std::string>{"a.sermodel", "d.sermodel"}));
}

TEST(BackgroundLoader, ARequestAfterTheThreadEndedStartsItAgain) {
  Loads loads(nullptr, "");
  BackgroundLoader loader(loads.load());
  loader.request("a.sermodel");
  ASSERT_TRUE(loads.wait_loaded(1));
  loader.request("b.sermodel");
  ASSERT_TRUE(loads.wait_loaded(2));
  loader.join();
  EXPECT_EQ(loads.loaded(), (std::vector<std::string>{"a.sermodel", "b.sermodel"}));
}

TEST(BackgroundLoader, ALoadThatThrowsDoesNotEndTheLoader) {
  Gate gate;
  Loads loads(&gate, "broken");
  BackgroundLoader loader(loads.load());
  loader.request("broken");
  ASSERT_TRUE(gate.wait_arrivals(1));
  loader.request("good.sermodel");
  gate.open();
  ASSERT_TRUE(loads.wait_loaded(2));
  loader.join();
  EXPECT_EQ(loads.loaded(), (std::vector<std::string>{"broken", "good.sermodel"}));
}

TEST(BackgroundLoader, JoinWithoutARequestReturns) {
  Loads loads(nullptr, "");
  BackgroundLoader loader(loads.load());
  loader.join();
  EXPECT_TRUE(loads.loaded().empty());
}

}  // namespace
}  // namespace ser::element
