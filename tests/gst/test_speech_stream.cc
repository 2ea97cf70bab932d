// The element on a stream of speech and non-speech (issue 10's measurement): corpus speech
// alternating with generated noise (white, pink, brown at -20, -35 and -50 dBFS), a hum with beeps
// and digital silence, classified with the shipped default model under each vad setting. Prints,
// for each, the share of speech windows given an emotion and of non-speech windows given none;
// the default (silero) must reach 95 % of each. docs/element.md quotes the table; rerun with
//   meson test -C build -v element --test-args=--gtest_filter='SpeechStream.*'
#include <gtest/gtest.h>

#include <gst/audio/audio.h>

#include <cmath>
#include <cstdio>

#include "common/shared_data.h"
#include "common/signals.h"
#include "corpus_audio.h"
#include "element_test_support.h"

namespace ser::gst_test {
namespace {

constexpr int kRate = 16000;
constexpr std::size_t kWindow = 3 * kRate, kHop = kRate;  // the shipped model's

struct Segment {
  std::string name;
  bool speech;
  std::size_t start, end;  // samples
};

struct TestStream {
  std::vector<float> audio;
  std::vector<Segment> segments;
};

// The speech files, by a fixed rule (not chosen by how the VAD hears them): for RAVDESS actor a,
// emotion 1 + (a - 1) % 8, strong intensity for even actors (neutral has only normal), statement
// and repetition 1; six EMO-DB files in name order; for each EMOVO speaker, one emotion in turn,
// sentence l1. Three files a segment, twelve segments.
std::vector<std::string> speech_files() {
  std::vector<std::string> files;
  char name[64];
  for (int a = 1; a <= 24; ++a) {
    const int emotion = 1 + (a - 1) % 8;
    const int intensity = emotion == 1 || a % 2 ? 1 : 2;
    std::snprintf(name, sizeof name, "ravdess/Actor_%02d/03-01-%02d-%02d-01-01-%02d.flac", a, emotion, intensity, a);
    files.push_back(name);
  }
  for (const char* f : {"03a01Fa", "03a01Nc", "03a01Wa", "03a02Fc", "03a02Nc", "03a02Ta"}) {
    files.push_back(std::string("emodb/") + f + ".flac");
  }
  const char* emotions[] = {"dis", "gio", "neu", "pau", "rab", "sor"};
  const char* speakers[] = {"f1", "f2", "f3", "m1", "m2", "m3"};
  for (int s = 0; s < 6; ++s) files.push_back(std::string("emovo/") + speakers[s] + "/" + emotions[s] + "-" + speakers[s] + "-l1.flac");
  return files;
}

// A 50 Hz hum with harmonics at -30 dBFS and a 1 kHz beep of 0.2 s every second.
std::vector<float> hum_with_beeps(std::size_t n) {
  std::vector<float> y(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double t = double(i) / kRate;
    double v = 0;
    for (int h = 1; h <= 5; ++h) v += std::sin(2 * M_PI * 50.0 * h * t) / h;
    y[i] = static_cast<float>(v);
  }
  test::scale_to_dbfs(y, -30.0);
  for (std::size_t i = 0; i < n; ++i) {
    if (std::fmod(double(i) / kRate, 1.0) < 0.2) y[i] += static_cast<float>(0.1 * std::sin(2 * M_PI * 1000.0 * i / kRate));
  }
  return y;
}

std::vector<std::pair<std::string, std::vector<float>>> non_speech() {
  std::vector<std::pair<std::string, std::vector<float>>> out;
  const std::size_t n = 8 * kRate;
  std::uint32_t seed = 100;
  for (auto [colour, name] : {std::pair{test::NoiseColour::White, "white"}, {test::NoiseColour::Pink, "pink"},
                              {test::NoiseColour::Brown, "brown"}}) {
    for (double db : {-20.0, -35.0, -50.0}) {
      out.push_back({std::string(name) + " noise " + std::to_string(int(db)) + " dBFS", test::noise(n, colour, db, seed++)});
    }
  }
  out.push_back({"hum with beeps", hum_with_beeps(n)});
  out.push_back({"digital silence", std::vector<float>(n, 0.0f)});
  return out;
}

const TestStream& test_stream() {
  static const TestStream s = [] {
    TestStream t;
    const auto files = speech_files();
    const auto noises = non_speech();
    auto append = [&](const std::string& name, bool speech, const std::vector<float>& y) {
      t.segments.push_back({name, speech, t.audio.size(), t.audio.size() + y.size()});
      t.audio.insert(t.audio.end(), y.begin(), y.end());
    };
    for (std::size_t k = 0; k < files.size() / 3; ++k) {
      std::vector<float> speech;
      for (std::size_t j = 0; j < 3; ++j) {
        const auto y = corpus_audio(files[3 * k + j], kRate);
        speech.insert(speech.end(), y.begin(), y.end());
      }
      append(files[3 * k], true, speech);
      if (k < noises.size()) append(noises[k].first, false, noises[k].second);
    }
    return t;
  }();
  return s;
}

// Whether window [start, start + kWindow) lies inside one segment, and which kind.
enum class Truth { Speech, NonSpeech, Mixed };
Truth truth_of(const TestStream& s, std::size_t start) {
  for (const Segment& g : s.segments) {
    if (start >= g.start && start + kWindow <= g.end) return g.speech ? Truth::Speech : Truth::NonSpeech;
  }
  return Truth::Mixed;
}

struct Shares {
  std::size_t speech = 0, speech_classified = 0;
  std::size_t non_speech = 0, non_speech_held = 0;
  double speech_share() const { return double(speech_classified) / double(speech); }
  double non_speech_share() const { return double(non_speech_held) / double(non_speech); }
};

// The stream through `pipeline` (ending in seremotion), as 16-bit buffers of 10 ms.
Shares run(const std::string& pipeline) {
  const TestStream& s = test_stream();
  GError* error = nullptr;
  GstElement* bin = gst_parse_bin_from_description(pipeline.c_str(), TRUE, &error);
  EXPECT_EQ(error, nullptr) << (error ? error->message : "");
  if (bin == nullptr) return {};
  Harness h(bin, audio_caps("S16LE", kRate, 1));
  const auto pcm = to_s16(s.audio);
  EXPECT_EQ(h.push(pcm.data(), pcm.size(), sizeof(std::int16_t), kRate / 100, kRate, 0), GST_FLOW_OK);
  h.eos();
  EXPECT_TRUE(h.take_messages(GST_MESSAGE_ERROR).empty());
  Shares out;
  for (const GstStructure* w : h.take("seremotion")) {
    const std::size_t start = gst_util_uint64_scale_int_round(uint64_field(w, "timestamp"), kRate, GST_SECOND);
    const bool classified = !bool_field(w, "silence") && !bool_field(w, "no-speech");
    switch (truth_of(s, start)) {
      case Truth::Speech:
        ++out.speech;
        out.speech_classified += classified;
        break;
      case Truth::NonSpeech:
        ++out.non_speech;
        out.non_speech_held += !classified;
        break;
      case Truth::Mixed:
        break;
    }
  }
  return out;
}

std::string element(const char* vad) {
  return "seremotion model-location=\"" + test::source_dir() + "/models/seremotion-en.sermodel\" vad=" + vad;
}

TEST(SpeechStream, TheDefaultsHearSpeechAndHoldTheRest) {
  SER_REQUIRE_DATA();
  const TestStream& s = test_stream();
  std::printf("test stream: %.1f s, %zu segments (12 of speech, 11 of non-speech)\n", s.audio.size() / double(kRate),
              s.segments.size());
  std::printf("| vad | speech windows given an emotion | non-speech windows given none |\n|---|---:|---:|\n");
  auto print = [](const char* name, const Shares& r) {
    std::printf("| %s | %.1f %% (%zu of %zu) | %.1f %% (%zu of %zu) |\n", name, 100 * r.speech_share(), r.speech_classified,
                r.speech, 100 * r.non_speech_share(), r.non_speech_held, r.non_speech);
  };
  const Shares silero = run(element("silero"));
  print("silero (default)", silero);
  print("upstream (webrtcdsp)", run("audioconvert ! webrtcdsp voice-detection=true echo-cancel=false "
                                    "noise-suppression=false gain-control=false high-pass-filter=false ! " +
                                    element("upstream")));
  print("level", run(element("level")));
  print("off", run(element("off")));
  ASSERT_GT(silero.speech, 50u);
  ASSERT_GT(silero.non_speech, 50u);
  EXPECT_GE(silero.speech_share(), 0.95);
  EXPECT_GE(silero.non_speech_share(), 0.95);
}

}  // namespace
}  // namespace ser::gst_test
