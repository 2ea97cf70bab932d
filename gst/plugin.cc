// seremotion: the GStreamer plugin: seremotion (the analyser) and seremotionscope (its timeline video).
#include <gst/gst.h>

#include "gstseremotion.h"
#include "gstseremotionscope.h"
#include "ser_config.h"

// gst-inspect-1.0's "Source module"; the binary package and origin come from the options
// package-name and package-origin, the version from meson.build's.
#define PACKAGE "seremotion"

static gboolean plugin_init(GstPlugin* plugin) {
  return GST_ELEMENT_REGISTER(seremotion, plugin) && GST_ELEMENT_REGISTER(seremotionscope, plugin);
}

GST_PLUGIN_DEFINE(GST_VERSION_MAJOR, GST_VERSION_MINOR, seremotion,
                  "Speech emotion recognition: which emotion each window of speech carries, and its timeline video",
                  plugin_init,
                  // "GPL": GStreamer's name for the GPL, here GPL-2.0-or-later (meson.build).
                  SER_VERSION, "GPL", SER_PACKAGE_NAME, SER_PACKAGE_ORIGIN)
