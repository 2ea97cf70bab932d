#include "vad_mode.h"

GType gst_seremotion_vad_get_type(void) {
  static GType type = 0;
  static const GEnumValue values[] = {
      {static_cast<gint>(ser::vad::VadMode::Silero), "Silero VAD on every sample (the shipped weights)", "silero"},
      {static_cast<gint>(ser::vad::VadMode::Level), "The level gate alone (silence-threshold)", "level"},
      {static_cast<gint>(ser::vad::VadMode::Upstream),
       "The voice-activity flag of an upstream GstAudioLevelMeta (webrtcdsp voice-detection=true)", "upstream"},
      {static_cast<gint>(ser::vad::VadMode::Off), "Nothing gated: every window is classified", "off"},
      {0, nullptr, nullptr},
  };
  if (g_once_init_enter(&type)) {
    GType t = g_enum_register_static("GstSeremotionVad", values);
    g_once_init_leave(&type, t);
  }
  return type;
}
