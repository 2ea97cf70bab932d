// seremotion element (internal): registering the meta of gstseremotionmeta.h and attaching it.
#pragma once

#include <gst/gst.h>

#include "window_analysis.h"

namespace ser::element {

// Registers "SeremotionMeta" (untagged custom meta) once per process; later calls return the
// same info.
const GstMetaInfo* register_result_meta();

// Attaches the meta of `result` to `buffer`, which must be writable.
void add_result_meta(GstBuffer* buffer, const WindowResult& result);

}  // namespace ser::element
