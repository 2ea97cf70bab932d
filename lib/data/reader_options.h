// seremotion: the choices a person can make about what the corpus readers keep.
#pragma once

#include <string>

namespace ser::data {

struct ReaderOptions {
  // RAVDESS: also keep song (vocal channel 02). Sung emotion is a different task from spoken
  // emotion (and song has no disgust or surprised), so it is skipped by default.
  bool ravdess_song = false;
  // MESD: also keep the "naturalness-reduced" female voices, which are resynthesised from the
  // recordings rather than recorded (skipped by default).
  bool mesd_naturalness_reduced = false;
  // csv and folders: the language of files that do not give one; BCP-47, "und" = undetermined.
  std::string default_language = "und";
};

}  // namespace ser::data
