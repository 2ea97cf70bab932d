// seremotion: GStreamer initialisation for lib/io, the only part of the library that uses it.
#pragma once

namespace ser::io {

// Initialises GStreamer once per process (gst_init_check; thread-safe, later calls are free).
// When the host already initialised it (seremotion running inside a GStreamer application or
// plugin), nothing is done. Throws ser::Error with GStreamer's reason when initialisation fails.
void ensure_gstreamer();

}  // namespace ser::io
