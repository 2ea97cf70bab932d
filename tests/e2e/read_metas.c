/* A C program built against the installed header alone (pkg-config gstreamer-seremotion-1.0),
 * as a user of the element would write it: it runs
 *
 *   filesrc location=FILE ! decodebin ! audioconvert ! audioresample ! seremotion ! fakesink
 *
 * with the element's default model, reads every SeremotionMeta on the buffers with the getters of
 * <gst/seremotion/gstseremotionmeta.h>, and prints the model it loaded (the element's model-info,
 * JSON with the file's "location"), then one line per meta:
 *
 *   model-info: {..., "location":"/usr/share/seremotion/models/seremotion-en.sermodel", ...}
 *   meta 0 0:00:00.000000000 +0:00:03.000000000 angry 0.770000 labels 8 sum 1.000000
 *
 * Exit status: 0 when the stream ended with at least one meta whose probabilities sum to 1;
 * 1 otherwise (the error on stderr).
 *
 *   read_metas FILE
 */
#include <gst/gst.h>
#include <gst/seremotion/gstseremotionmeta.h>
#include <math.h>
#include <stdio.h>

static guint n_metas;
static gboolean bad_meta;

static GstPadProbeReturn
on_buffer (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  gpointer state = NULL;
  GstCustomMeta *meta;

  (void) pad;
  (void) user_data;
  while ((meta = gst_buffer_iterate_seremotion_meta (buffer, &state)) != NULL) {
    guint n = gst_seremotion_meta_get_n_labels (meta), i;
    gdouble sum = 0.0;
    for (i = 0; i < n; i++)
      sum += gst_seremotion_meta_get_nth_probability (meta, i);
    if (!gst_seremotion_meta_get_silence (meta) && (n == 0 || fabs (sum - 1.0) > 1e-3))
      bad_meta = TRUE;
    printf ("meta %" G_GUINT64_FORMAT " %" GST_TIME_FORMAT " +%" GST_TIME_FORMAT
        " %s %f labels %u sum %f\n", gst_seremotion_meta_get_window_index (meta),
        GST_TIME_ARGS (gst_seremotion_meta_get_timestamp (meta)),
        GST_TIME_ARGS (gst_seremotion_meta_get_duration (meta)),
        gst_seremotion_meta_get_label (meta),
        gst_seremotion_meta_get_confidence (meta), n, sum);
    n_metas++;
  }
  return GST_PAD_PROBE_OK;
}

int
main (int argc, char **argv)
{
  GstElement *pipeline, *element, *sink;
  GstPad *pad;
  GstBus *bus;
  GstMessage *msg;
  GError *error = NULL;
  gchar *description, *info = NULL;
  int status = 1;

  gst_init (&argc, &argv);
  if (argc != 2) {
    fprintf (stderr, "usage: read_metas FILE\n");
    return 1;
  }
  description = g_strdup_printf ("filesrc location=\"%s\" ! decodebin ! audioconvert ! "
      "audioresample ! seremotion name=ser ! fakesink name=sink", argv[1]);
  pipeline = gst_parse_launch (description, &error);
  g_free (description);
  if (pipeline == NULL) {
    fprintf (stderr, "read_metas: %s\n", error->message);
    return 1;
  }
  element = gst_bin_get_by_name (GST_BIN (pipeline), "ser");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  pad = gst_element_get_static_pad (sink, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_buffer, NULL, NULL);

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    fprintf (stderr, "read_metas: the pipeline does not start\n");
  /* model-info is the loaded model's metadata as JSON, with the file it came from. */
  g_object_get (element, "model-info", &info, NULL);
  printf ("model-info: %s\n", info != NULL ? info : "(none)");
  g_free (info);

  bus = gst_element_get_bus (pipeline);
  msg = gst_bus_timed_pop_filtered (bus, 120 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  if (msg == NULL) {
    fprintf (stderr, "read_metas: no end of stream within 120 s\n");
  } else if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    gchar *debug = NULL;
    gst_message_parse_error (msg, &error, &debug);
    fprintf (stderr, "read_metas: %s (%s)\n", error->message, debug ? debug : "");
    g_clear_error (&error);
    g_free (debug);
  } else if (n_metas == 0) {
    fprintf (stderr, "read_metas: no SeremotionMeta on any buffer\n");
  } else if (bad_meta) {
    fprintf (stderr, "read_metas: a meta's probabilities do not sum to 1\n");
  } else {
    status = 0;
  }
  if (msg != NULL)
    gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pad);
  gst_object_unref (sink);
  gst_object_unref (element);
  gst_object_unref (pipeline);
  return status;
}
