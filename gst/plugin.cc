// seremotion: the GStreamer plugin: seremotion (the analyser) and seremotionscope (its timeline video).
#include <gst/gst.h>

#include "gstseremotion.h"
#include "gstseremotionscope.h"
#include "ser_config.h"

#define PACKAGE "seremotion"

static gboolean plugin_init(GstPlugin* plugin) {
  return GST_ELEMENT_REGISTER(seremotion, plugin) && GST_ELEMENT_REGISTER(seremotionscope, plugin);
}

GST_PLUGIN_DEFINE(GST_VERSION_MAJOR, GST_VERSION_MINOR, seremotion,
                  "Speech emotion recognition: which emotion each window of speech carries, and its timeline video", plugin_init,
                  SER_VERSION, "GPL", "seremotion", "Unknown package origin")
