// Survey of the gates over every corpus file of ../shared/data: for each corpus, how many files
// would lose every window to the level gate at several thresholds, and to the VAD's minimum speech
// share at several values, without and with the voicing rescue (vad/voiced_speech.h); the
// quietest windows; the trust flags' counts. Windows are the
// element's (features/windowing.h) with the default model's 3 s every 1 s; shares by the element's
// rule (vad/clip_activity.h). Prints tables; asserts nothing. The figures of docs/element.md's
// "Choosing the gates" come from it.
//
//   survey_gates [--window S] [--hop S] [--threshold P] [--list-lost DB] [--list-no-speech SHARE]
//
// --list-lost names the files that lose every window to a level gate at DB (default -50, the gate's
// old default); --list-no-speech those with no window of that speech share (default 0.2).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "common/shared_data.h"
#include "features/silence_gate.h"
#include "io/audio_decoder.h"
#include "vad/clip_activity.h"
#include "vad/speech_gate.h"
#include "vad/vad_model.h"
#include "vad/voiced_speech.h"

namespace fs = std::filesystem;

namespace {

struct FileWindows {
  std::string path;
  std::vector<double> rms, share;
  std::vector<bool> clipped;
  std::vector<bool> voiced;  // the voicing rescue would give the window back when held
};

const double kLevels[] = {-50, -55, -60, -65, -70};
const double kShares[] = {0.05, 0.1, 0.2, 0.3, 0.5};

double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(q * double(v.size() - 1))];
}

// For each minimum speech share: the files that lose every window, and the windows held, when
// held(file, window, share) says which are.
template <typename Held>
void print_share_rows(const std::vector<FileWindows>& files, Held held) {
  std::printf("\n  files lost        ");
  for (double s : kShares) {
    std::size_t lost = 0;
    for (const auto& f : files) {
      bool all = true;
      for (std::size_t i = 0; i < f.share.size(); ++i) all = all && held(f, i, s);
      lost += all;
    }
    std::printf("%8zu", lost);
  }
  std::printf("\n  windows held      ");
  for (double s : kShares) {
    std::size_t n = 0;
    for (const auto& f : files) {
      for (std::size_t i = 0; i < f.share.size(); ++i) n += held(f, i, s);
    }
    std::printf("%8zu", n);
  }
}

void report(const std::string& corpus, const std::vector<FileWindows>& files, double list_lost_db,
            double list_no_speech) {
  std::size_t windows = 0;
  std::vector<double> all_rms, all_share;
  for (const auto& f : files) {
    windows += f.rms.size();
    all_rms.insert(all_rms.end(), f.rms.begin(), f.rms.end());
    all_share.insert(all_share.end(), f.share.begin(), f.share.end());
  }
  std::printf("\n%s: %zu files, %zu windows\n", corpus.c_str(), files.size(), windows);
  std::printf("  window RMS dBFS: min %.1f, 1st percentile %.1f, median %.1f\n", percentile(all_rms, 0),
              percentile(all_rms, 0.01), percentile(all_rms, 0.5));
  std::printf("  speech share:    min %.3f, 1st percentile %.3f, median %.3f\n", percentile(all_share, 0),
              percentile(all_share, 0.01), percentile(all_share, 0.5));
  std::printf("  level gate at     ");
  for (double l : kLevels) std::printf("%8.0f", l);
  std::printf(" dBFS\n  files lost        ");
  for (double l : kLevels) {
    std::size_t lost = 0;
    for (const auto& f : files) lost += std::all_of(f.rms.begin(), f.rms.end(), [&](double r) { return r < l; });
    std::printf("%8zu", lost);
  }
  std::printf("\n  windows held      ");
  for (double l : kLevels) std::printf("%8zu", std::size_t(std::count_if(all_rms.begin(), all_rms.end(), [&](double r) { return r < l; })));
  std::printf("\n  min speech share  ");
  for (double s : kShares) std::printf("%8.2f", s);
  print_share_rows(files, [](const FileWindows& f, std::size_t i, double s) { return f.share[i] < s; });
  std::printf("\n  with the voicing rescue (vad/voiced_speech.h):");
  print_share_rows(files,
                   [](const FileWindows& f, std::size_t i, double s) { return f.share[i] < s && !f.voiced[i]; });
  const ser::vad::TrustRule trust;
  std::size_t little = 0, low = 0, clipped = 0;
  for (const auto& f : files) {
    for (std::size_t i = 0; i < f.rms.size(); ++i) {
      little += f.share[i] < trust.little_speech_share;
      low += f.rms[i] < trust.low_level_db;
      clipped += f.clipped[i];
    }
  }
  std::printf("\n  trust flags (defaults): little speech %zu, low level %zu, clipped %zu windows\n", little, low,
              clipped);
  for (const auto& f : files) {
    if (std::all_of(f.rms.begin(), f.rms.end(), [&](double r) { return r < list_lost_db; })) {
      std::printf("  lost below %.0f dBFS: %s (loudest window %.1f dBFS)\n", list_lost_db, f.path.c_str(),
                  *std::max_element(f.rms.begin(), f.rms.end()));
    }
    if (std::all_of(f.share.begin(), f.share.end(), [&](double v) { return v < list_no_speech; })) {
      std::printf("  no window with a speech share of %.2f: %s (largest %.3f, loudest window %.1f dBFS)\n",
                  list_no_speech, f.path.c_str(), *std::max_element(f.share.begin(), f.share.end()),
                  *std::max_element(f.rms.begin(), f.rms.end()));
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  double window_s = 3.0, hop_s = 1.0, list_lost_db = -50, list_no_speech = 0.2;
  double threshold = ser::vad::SpeechGate{}.threshold;
  for (int i = 1; i + 1 < argc; ++i) {
    if (!std::strcmp(argv[i], "--window")) window_s = std::atof(argv[++i]);
    else if (!std::strcmp(argv[i], "--hop")) hop_s = std::atof(argv[++i]);
    else if (!std::strcmp(argv[i], "--list-lost")) list_lost_db = std::atof(argv[++i]);
    else if (!std::strcmp(argv[i], "--list-no-speech")) list_no_speech = std::atof(argv[++i]);
    else if (!std::strcmp(argv[i], "--threshold")) threshold = std::atof(argv[++i]);
  }
  const std::string data = ser::test::data_dir();
  if (data.empty()) {
    std::fprintf(stderr, "survey_gates: ../shared/data is absent (set SEREMOTION_SHARED_DIR)\n");
    return 1;
  }
  const auto start = std::chrono::steady_clock::now();
  const std::size_t window = std::size_t(window_s * 16000), hop = std::size_t(hop_s * 16000);
  ser::io::AudioDecoder decoder(16000);
  ser::vad::SileroVad vad(ser::vad::load_silero_weights(ser::vad::vad_model_path()));
  const ser::vad::TrustRule trust;
  std::map<std::string, std::vector<FileWindows>> corpora;
  std::vector<std::string> paths;
  for (const auto& e : fs::recursive_directory_iterator(data)) {
    if (e.path().extension() == ".flac") paths.push_back(e.path().string());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<float> p;
  for (const auto& path : paths) {
    const auto audio = decoder.decode(path).samples;
    const auto timeline = ser::vad::clip_timeline(vad, ser::FloatSpan(audio), p);
    FileWindows f;
    f.path = fs::relative(path, data).string();
    for (const auto& w : ser::features::plan_windows(audio.size(), window, hop)) {
      const ser::FloatSpan samples(audio.data() + w.start, w.length);
      const double share = timeline.share(w.start, w.start + w.length, ser::vad::seen_at(w, window), threshold);
      const auto check = ser::vad::check_window(samples, 16000, share, ser::vad::SpeechGate{ser::vad::VadMode::Silero,
                                                threshold, 0.0, {false, -200}}, trust);
      f.voiced.push_back(ser::vad::sounds_like_voiced_speech(ser::vad::summarise_voicing(samples, 16000)));
      f.rms.push_back(check.rms_db);
      f.share.push_back(share);
      f.clipped.push_back(check.clipped);
    }
    corpora[f.path.substr(0, f.path.find('/'))].push_back(std::move(f));
  }
  std::printf("survey_gates: %zu files of %s, windows of %.2f s every %.2f s, speech threshold %.2f\n", paths.size(),
              data.c_str(), window_s, hop_s, threshold);
  for (const auto& [name, files] : corpora) report(name, files, list_lost_db, list_no_speech);
  std::printf("\n%.1f s\n", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return 0;
}
