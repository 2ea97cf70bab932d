#include "io/gst_init.h"

#include <gst/gst.h>

#include <mutex>
#include <string>

#include "common/error.h"

namespace ser::io {

void ensure_gstreamer() {
  // A failed attempt is remembered: GStreamer cannot be initialised twice, so retrying would
  // not help, and every caller should see the same reason.
  static std::once_flag once;
  static std::string failure;
  std::call_once(once, [] {
    if (gst_is_initialized()) return;
    GError* err = nullptr;
    if (!gst_init_check(nullptr, nullptr, &err)) {
      failure = err ? err->message : "unknown reason";
      g_clear_error(&err);
    }
  });
  if (!failure.empty()) throw Error("GStreamer could not be initialised: " + failure);
}

}  // namespace ser::io
