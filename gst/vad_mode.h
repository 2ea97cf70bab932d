// seremotion element: the `vad` property's enum type, GstSeremotionVad, over vad::VadMode.
#pragma once

#include <glib-object.h>

#include "vad/speech_gate.h"

G_BEGIN_DECLS
#define GST_TYPE_SEREMOTION_VAD (gst_seremotion_vad_get_type())
GType gst_seremotion_vad_get_type(void);
G_END_DECLS

namespace ser::element {

// The enum values are vad::VadMode's, so a property value converts with a cast.
inline vad::VadMode vad_mode_of(gint value) { return static_cast<vad::VadMode>(value); }

}  // namespace ser::element
