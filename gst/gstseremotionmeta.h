/* seremotion: the result of one window of speech, as a meta on the buffers of the stream.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The seremotion element attaches one untagged custom meta named "SeremotionMeta" per window it
 * classifies (gst_meta_register_custom; converters such as audioconvert and audioresample keep
 * untagged metas). In non-live streams a window's meta is on the buffer that holds its last
 * sample; in live streams on the first buffer that leaves the element after the result is
 * ready. A buffer longer than the hop can carry several; gst_buffer_iterate_seremotion_meta()
 * visits them in window order. A window whose result comes after the last buffer (the final
 * partial window at EOS) is reported only by the bus message.
 *
 * The meta's structure (gst_custom_meta_get_structure) has the fields of the element's
 * "seremotion" bus message:
 *   guint64  timestamp      PTS of the window's first sample, ns
 *   guint64  duration       the window's duration, ns
 *   guint64  running-time   running time of timestamp, ns (GST_CLOCK_TIME_NONE outside the segment)
 *   guint64  stream-time    stream time of timestamp, ns (likewise)
 *   guint64  window-index   windows cut since the element started or was flushed, from 0
 *   gchararray label        the most probable label; "silence" (level gate) or "no-speech" (VAD)
 *                           for a window the network did not hear
 *   gdouble  confidence     its probability, in [0, 1]; 1 for silence; 1 - speech-share for no-speech
 *   gboolean uncertain      confidence < the element's min-confidence
 *   gboolean silence        the level gate found the window below silence-threshold: no network ran
 *   gboolean no-speech      the VAD found less speech than min-speech-share (and the voicing rescue
 *                           did not give the window back): no network ran
 *   gdouble  speech-share   share of the window's samples the VAD judged speech, in [0, 1]; without a
 *                           VAD (vad=level or off) 1, or 0 for a window the level gate held
 *   gboolean voiced-rescue  classified although speech-share < min-speech-share: its pitch track
 *                           is speech's (the element's voicing-rescue; Silero misses some shouting)
 *   gdouble  rms            RMS level of the window (mono mix), dBFS, >= -200
 *   gboolean trusted        FALSE when the result deserves less trust: one of the next three is TRUE
 *                           (always TRUE for silence and no-speech, which carry no result)
 *   gboolean little-speech  classified, but speech-share < 0.3
 *   gboolean low-level      classified, but rms < -55 dBFS
 *   gboolean clipped        classified, but over 0.1 % of its samples at full scale (|x| >= 0.999)
 *   GstValueArray labels         of gchararray: the model's labels, in output order
 *   GstValueArray probabilities  of gdouble: one per label, summing to 1 (all 0 when the
 *                                network did not run)
 *   gchararray smoothed-label    the top label of smoothed-probabilities (label when not classified)
 *   gdouble  smoothed-confidence its smoothed probability (confidence when not classified)
 *   GstValueArray smoothed-probabilities  of gdouble: the exponential moving average of the
 *                                probabilities of classified windows, with the element's
 *                                smoothing-time as time constant (equal to probabilities when
 *                                smoothing is off; all 0 when the network did not run)
 *   guint64  resets         windowing resets that dropped audio so far (DISCONT, new segment)
 *   guint64  discarded      duration of the audio those resets dropped unclassified, ns
 *   guint64  dropped        live streams only: windows dropped by the overload policy so far
 *   GstStructure voice      with the element's voice-parameters: a "voice-parameters" structure of
 *                           gdouble fields f0-mean-hz, f0-mean-semitones, f0-range-semitones,
 *                           loudness, level-db, jitter-percent, shimmer-db, hnr-db,
 *                           voiced-fraction, loudness-peaks-per-second (docs/element.md)
 *
 * This header needs no library of seremotion: the getters below read the structure through
 * GStreamer's API, once the plugin is loaded (which registers the meta). From Python:
 *   meta = buffer.get_custom_meta("SeremotionMeta"); s = meta.get_structure()
 */
#ifndef GST_SEREMOTION_META_H
#define GST_SEREMOTION_META_H

#include <gst/gst.h>

G_BEGIN_DECLS

#define GST_SEREMOTION_META_NAME "SeremotionMeta"

/* The first seremotion meta of @buffer, or NULL. */
static inline GstCustomMeta *
gst_buffer_get_seremotion_meta (GstBuffer * buffer)
{
  return gst_buffer_get_custom_meta (buffer, GST_SEREMOTION_META_NAME);
}

/* Each seremotion meta of @buffer in turn: start with *state = NULL; NULL at the end. */
static inline GstCustomMeta *
gst_buffer_iterate_seremotion_meta (GstBuffer * buffer, gpointer * state)
{
  const GstMetaInfo *info = gst_meta_get_info (GST_SEREMOTION_META_NAME);
  if (info == NULL)
    return NULL;
  return (GstCustomMeta *) gst_buffer_iterate_meta_filtered (buffer, state,
      info->api);
}

static inline const GstStructure *
gst_seremotion_meta_get_structure (GstCustomMeta * meta)
{
  return gst_custom_meta_get_structure (meta);
}

static inline guint64
_gst_seremotion_meta_get_uint64 (GstCustomMeta * meta, const gchar * field)
{
  guint64 v = GST_CLOCK_TIME_NONE;
  gst_structure_get_uint64 (gst_custom_meta_get_structure (meta), field, &v);
  return v;
}

static inline GstClockTime
gst_seremotion_meta_get_timestamp (GstCustomMeta * meta)
{
  return _gst_seremotion_meta_get_uint64 (meta, "timestamp");
}

static inline GstClockTime
gst_seremotion_meta_get_duration (GstCustomMeta * meta)
{
  return _gst_seremotion_meta_get_uint64 (meta, "duration");
}

static inline GstClockTime
gst_seremotion_meta_get_running_time (GstCustomMeta * meta)
{
  return _gst_seremotion_meta_get_uint64 (meta, "running-time");
}

static inline GstClockTime
gst_seremotion_meta_get_stream_time (GstCustomMeta * meta)
{
  return _gst_seremotion_meta_get_uint64 (meta, "stream-time");
}

static inline guint64
gst_seremotion_meta_get_window_index (GstCustomMeta * meta)
{
  return _gst_seremotion_meta_get_uint64 (meta, "window-index");
}

/* Owned by the meta: valid while the buffer is. */
static inline const gchar *
gst_seremotion_meta_get_label (GstCustomMeta * meta)
{
  return gst_structure_get_string (gst_custom_meta_get_structure (meta),
      "label");
}

static inline gdouble
gst_seremotion_meta_get_confidence (GstCustomMeta * meta)
{
  gdouble v = 0.0;
  gst_structure_get_double (gst_custom_meta_get_structure (meta),
      "confidence", &v);
  return v;
}

static inline gboolean
gst_seremotion_meta_get_uncertain (GstCustomMeta * meta)
{
  gboolean v = FALSE;
  gst_structure_get_boolean (gst_custom_meta_get_structure (meta),
      "uncertain", &v);
  return v;
}

static inline gboolean
gst_seremotion_meta_get_silence (GstCustomMeta * meta)
{
  gboolean v = FALSE;
  gst_structure_get_boolean (gst_custom_meta_get_structure (meta), "silence",
      &v);
  return v;
}

static inline gdouble
gst_seremotion_meta_get_rms (GstCustomMeta * meta)
{
  gdouble v = -200.0;
  gst_structure_get_double (gst_custom_meta_get_structure (meta), "rms", &v);
  return v;
}

static inline gboolean
_gst_seremotion_meta_get_boolean (GstCustomMeta * meta, const gchar * field,
    gboolean fallback)
{
  gboolean v = fallback;
  gst_structure_get_boolean (gst_custom_meta_get_structure (meta), field, &v);
  return v;
}

/* The VAD held the window (label "no-speech"). */
static inline gboolean
gst_seremotion_meta_get_no_speech (GstCustomMeta * meta)
{
  return _gst_seremotion_meta_get_boolean (meta, "no-speech", FALSE);
}

/* Share of the window the VAD judged speech, in [0, 1]. */
static inline gdouble
gst_seremotion_meta_get_speech_share (GstCustomMeta * meta)
{
  gdouble v = 0.0;
  gst_structure_get_double (gst_custom_meta_get_structure (meta),
      "speech-share", &v);
  return v;
}

/* FALSE when little-speech, low-level or clipped is TRUE. */
static inline gboolean
gst_seremotion_meta_get_trusted (GstCustomMeta * meta)
{
  return _gst_seremotion_meta_get_boolean (meta, "trusted", TRUE);
}

/* Classified although the VAD found less speech than min-speech-share: its pitch track is speech's. */
static inline gboolean
gst_seremotion_meta_get_voiced_rescue (GstCustomMeta * meta)
{
  return _gst_seremotion_meta_get_boolean (meta, "voiced-rescue", FALSE);
}

static inline gboolean
gst_seremotion_meta_get_little_speech (GstCustomMeta * meta)
{
  return _gst_seremotion_meta_get_boolean (meta, "little-speech", FALSE);
}

static inline gboolean
gst_seremotion_meta_get_low_level (GstCustomMeta * meta)
{
  return _gst_seremotion_meta_get_boolean (meta, "low-level", FALSE);
}

static inline gboolean
gst_seremotion_meta_get_clipped (GstCustomMeta * meta)
{
  return _gst_seremotion_meta_get_boolean (meta, "clipped", FALSE);
}

/* Owned by the meta: valid while the buffer is. */
static inline const gchar *
gst_seremotion_meta_get_smoothed_label (GstCustomMeta * meta)
{
  return gst_structure_get_string (gst_custom_meta_get_structure (meta),
      "smoothed-label");
}

static inline gdouble
gst_seremotion_meta_get_smoothed_confidence (GstCustomMeta * meta)
{
  gdouble v = 0.0;
  gst_structure_get_double (gst_custom_meta_get_structure (meta),
      "smoothed-confidence", &v);
  return v;
}

static inline const GValue *
_gst_seremotion_meta_get_array (GstCustomMeta * meta, const gchar * field)
{
  const GValue *v = gst_structure_get_value (gst_custom_meta_get_structure
      (meta), field);
  return v != NULL && GST_VALUE_HOLDS_ARRAY (v) ? v : NULL;
}

/* Item @i of the array @field, or NULL past its end. */
static inline const GValue *
_gst_seremotion_meta_get_nth (GstCustomMeta * meta, const gchar * field,
    guint i)
{
  const GValue *v = _gst_seremotion_meta_get_array (meta, field);
  return v != NULL && i < gst_value_array_get_size (v) ?
      gst_value_array_get_value (v, i) : NULL;
}

/* The number of labels, which is also the number of probabilities. */
static inline guint
gst_seremotion_meta_get_n_labels (GstCustomMeta * meta)
{
  const GValue *v = _gst_seremotion_meta_get_array (meta, "labels");
  return v != NULL ? gst_value_array_get_size (v) : 0;
}

/* Label @i of the model's labels (owned by the meta), or NULL past the end. */
static inline const gchar *
gst_seremotion_meta_get_nth_label (GstCustomMeta * meta, guint i)
{
  const GValue *v = _gst_seremotion_meta_get_nth (meta, "labels", i);
  return v != NULL ? g_value_get_string (v) : NULL;
}

/* The probability of label @i, or 0 past the end. */
static inline gdouble
gst_seremotion_meta_get_nth_probability (GstCustomMeta * meta, guint i)
{
  const GValue *v = _gst_seremotion_meta_get_nth (meta, "probabilities", i);
  return v != NULL ? g_value_get_double (v) : 0.0;
}

/* The smoothed probability of label @i, or 0 past the end. */
static inline gdouble
gst_seremotion_meta_get_nth_smoothed_probability (GstCustomMeta * meta, guint i)
{
  const GValue *v =
      _gst_seremotion_meta_get_nth (meta, "smoothed-probabilities", i);
  return v != NULL ? g_value_get_double (v) : 0.0;
}

G_END_DECLS

#endif /* GST_SEREMOTION_META_H */
