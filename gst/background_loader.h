// seremotion element: loading a new model while the stream runs, on a thread of its own.
//
// request() hands a model location to the thread (starting it when none runs); a request made
// while another loads waits, and a newer one replaces it, so only the latest is loaded next.
// The work itself (loading, checking, swapping, messages) is the element's `load` callback,
// called with no lock of the loader held.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace ser::element {

class BackgroundLoader {
 public:
  using Load = std::function<void(const std::string& location)>;

  explicit BackgroundLoader(Load load);
  ~BackgroundLoader();  // join()
  BackgroundLoader(const BackgroundLoader&) = delete;
  BackgroundLoader& operator=(const BackgroundLoader&) = delete;

  void request(const std::string& location);
  // Forgets a request not yet started and waits for the one loading, if any.
  void join();

 private:
  void loop();

  const Load load_;
  std::mutex mutex_;
  std::optional<std::string> next_;
  bool busy_ = false;  // the thread runs (loading, or about to look for the next request)
  std::thread thread_;
};

}  // namespace ser::element
