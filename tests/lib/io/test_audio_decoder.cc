#include <gst/gst.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "common/error.h"
#include "common/golden.h"
#include "common/shared_data.h"
#include "io/audio_decoder.h"
#include "io/flac_reader.h"
#include "io/mono_mix.h"

namespace ser::io {
namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// Helpers: files made at test time, and what is measured in decoded audio.

std::vector<char> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void write_bytes(const std::string& path, const char* data, size_t n) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(data, static_cast<std::streamsize>(n));
}

// The first `n` bytes of `from`, as `to`: a copy cut short.
void write_prefix(const std::string& from, const std::string& to, size_t n) {
  const auto bytes = read_bytes(from);
  write_bytes(to, bytes.data(), std::min(n, bytes.size()));
}

// Runs a gst-launch description (ending in a filesink) to EOS. Returns "" or the error.
std::string run_launch(const std::string& description) {
  GError* err = nullptr;
  GstElement* pipeline = gst_parse_launch(description.c_str(), &err);
  if (!pipeline) {
    std::string what = err ? err->message : "parse failed";
    g_clear_error(&err);
    return what;
  }
  gst_element_set_state(pipeline, GST_STATE_PLAYING);
  GstBus* bus = gst_element_get_bus(pipeline);
  GstMessage* msg = gst_bus_timed_pop_filtered(bus, 60 * GST_SECOND,
                                               static_cast<GstMessageType>(GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
  std::string what;
  if (!msg) {
    what = "timed out";
  } else if (GST_MESSAGE_TYPE(msg) == GST_MESSAGE_ERROR) {
    gst_message_parse_error(msg, &err, nullptr);
    what = err->message;
    g_clear_error(&err);
  }
  if (msg) gst_message_unref(msg);
  gst_object_unref(bus);
  gst_element_set_state(pipeline, GST_STATE_NULL);
  gst_object_unref(pipeline);
  return what;
}

bool have_elements(std::initializer_list<const char*> names) {
  for (const char* name : names) {
    GstElementFactory* f = gst_element_factory_find(name);
    if (!f) return false;
    gst_object_unref(f);
  }
  return true;
}

// A 16-bit PCM WAV of `frames` frames; sample(frame, channel) gives the int16 values.
template <typename F>
void write_wav_s16(const std::string& path, int rate, int channels, size_t frames, F sample) {
  std::vector<int16_t> data(frames * channels);
  for (size_t i = 0; i < frames; ++i)
    for (int c = 0; c < channels; ++c) data[i * channels + c] = sample(i, c);
  auto le32 = [](std::string& s, uint32_t v) {
    for (int b = 0; b < 4; ++b) s += char(v >> (8 * b));
  };
  auto le16 = [](std::string& s, uint16_t v) {
    s += char(v);
    s += char(v >> 8);
  };
  const uint32_t bytes = static_cast<uint32_t>(data.size() * 2);
  std::string h = "RIFF";
  le32(h, 36 + bytes);
  h += "WAVEfmt ";
  le32(h, 16);
  le16(h, 1);
  le16(h, static_cast<uint16_t>(channels));
  le32(h, static_cast<uint32_t>(rate));
  le32(h, static_cast<uint32_t>(uint64_t(rate) * uint64_t(channels) * 2));  // no int overflow at 2^31 - 1 Hz
  le16(h, static_cast<uint16_t>(channels * 2));
  le16(h, 16);
  h += "data";
  le32(h, bytes);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(h.data(), static_cast<std::streamsize>(h.size()));
  out.write(reinterpret_cast<const char*>(data.data()), bytes);
}

// The frequency of a steady tone from its zero crossings over the middle 80% of the samples.
double tone_frequency(const std::vector<float>& y, int rate) {
  const size_t lo = y.size() / 10, hi = y.size() - y.size() / 10;
  size_t first = 0, last = 0, crossings = 0;
  for (size_t i = lo + 1; i < hi; ++i) {
    if ((y[i - 1] < 0) != (y[i] < 0)) {
      if (crossings == 0) first = i;
      last = i;
      ++crossings;
    }
  }
  if (crossings < 3) return 0;
  return (crossings - 1) / 2.0 / (double(last - first) / rate);
}

double rms(const std::vector<float>& y) {
  double s = 0;
  for (float v : y) s += double(v) * v;
  return y.empty() ? 0 : std::sqrt(s / y.size());
}

// Expects decode(path) to throw a DecodeError whose message names the file and contains `what`.
void expect_decode_error(AudioDecoder& decoder, const std::string& path, const std::string& what) {
  try {
    decoder.decode(path);
    ADD_FAILURE() << path << ": decoded, expected an error containing '" << what << "'";
  } catch (const DecodeError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("'" + path + "'"), std::string::npos) << message;
    EXPECT_NE(message.find(what), std::string::npos) << "expected '" << what << "' in: " << message;
  }
}

// A temp folder, made once for the suite, with the generated inputs.
class Files {
 public:
  Files() {
    char pattern[] = "/tmp/seremotion-io-XXXXXX";
    dir_ = mkdtemp(pattern);
  }
  ~Files() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string path(const std::string& name) const { return dir_ + "/" + name; }

 private:
  std::string dir_;
};

// `seconds` of audiotestsrc's `wave` (default: a 440 Hz sine at volume 0.5) at `rate` with
// `channels`, through `encoder` (a gst-launch fragment ending before filesink), into `name`.
// Returns the error or "".
std::string make_tone(const Files& files, const std::string& name, int rate, int channels, const std::string& encoder,
                      int seconds = 2, const std::string& wave = "sine freq=440 volume=0.5") {
  const int per_buffer = rate / 10;
  return run_launch("audiotestsrc wave=" + wave + " num-buffers=" + std::to_string(10 * seconds) +
                    " samplesperbuffer=" + std::to_string(per_buffer) + " ! audio/x-raw,rate=" + std::to_string(rate) +
                    ",channels=" + std::to_string(channels) + " ! audioconvert ! " + encoder +
                    " ! filesink location=" + files.path(name));
}

class AudioDecoderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Like a host application (the element's plugin) that initialised GStreamer before us.
    gst_init(nullptr, nullptr);
    files_ = new Files();
  }
  static void TearDownTestSuite() {
    delete files_;
    files_ = nullptr;
  }
  static std::string path(const std::string& name) { return files_->path(name); }
  static Files* files_;
};

Files* AudioDecoderTest::files_ = nullptr;

// ---------------------------------------------------------------------------------------------
// Exactness against librosa's inputs (soundfile: int16 / 32768).

TEST_F(AudioDecoderTest, SixteenKilohertzFlacIsExactlyInt16Over32768) {
  SER_REQUIRE_GOLDEN();
  SER_REQUIRE_DATA();
  AudioDecoder decoder(16000);
  int checked = 0;
  for (const auto& g : test::golden_inputs()) {
    if (g.source == "synthetic") continue;
    const auto y = g.y();
    const std::string flac = test::data_dir() + "/" + g.source;
    // Twice with one decoder (decodebin, then the chain it plugged) and once with a new one.
    for (const auto& audio : {decoder.decode(flac), decoder.decode(flac), decode_file(flac, 16000)}) {
      ASSERT_EQ(audio.samples.size(), y.size()) << g.source;
      size_t mismatches = 0;
      for (size_t i = 0; i < y.size(); ++i) mismatches += audio.samples[i] != y[i];
      EXPECT_EQ(mismatches, 0u) << g.source;
      EXPECT_EQ(audio.sample_rate, 16000);
      EXPECT_EQ(audio.info.original_rate, 16000);
      EXPECT_EQ(audio.info.original_channels, 1);
      EXPECT_EQ(audio.info.type, "audio/x-flac");
      EXPECT_EQ(audio.info.path, flac);
      EXPECT_TRUE(audio.info.damaged.empty()) << audio.info.damaged;
      EXPECT_DOUBLE_EQ(audio.info.duration_seconds, y.size() / 16000.0);
    }
    ++checked;
  }
  EXPECT_GE(checked, 12);
}

TEST_F(AudioDecoderTest, ReusesTheCapacityOfTheCallersVector) {
  SER_REQUIRE_GOLDEN();
  SER_REQUIRE_DATA();
  const auto inputs = test::golden_inputs();
  ASSERT_FALSE(inputs.empty());
  const std::string flac = test::data_dir() + "/" + inputs.front().source;
  AudioDecoder decoder(16000);
  std::vector<float> samples(1000000, 1.0f);
  const float* storage = samples.data();
  AudioInfo info;
  decoder.decode(flac, samples, info);
  EXPECT_EQ(samples.size(), inputs.front().n_samples);  // old contents replaced
  EXPECT_EQ(samples.data(), storage);                   // no reallocation
}

// ---------------------------------------------------------------------------------------------
// Resampling and mixing.

TEST_F(AudioDecoderTest, ResamplesKeepingLengthAndFrequency) {
  const std::string wav = path("sine16k.wav");
  const size_t frames = 32000;  // 2 s
  write_wav_s16(wav, 16000, 1, frames,
                [](size_t i, int) { return int16_t(std::lround(16000 * std::sin(2 * M_PI * 440 * i / 16000.0))); });
  for (int rate : {8000, 22050, 16000, 44100}) {
    AudioDecoder decoder(rate);
    const auto audio = decoder.decode(wav);
    const double expected = frames * double(rate) / 16000;
    EXPECT_NEAR(double(audio.samples.size()), expected, 4.0) << rate;
    EXPECT_NEAR(tone_frequency(audio.samples, rate), 440.0, 0.5) << rate;
    EXPECT_NEAR(rms(audio.samples), 16000 / 32768.0 / std::sqrt(2.0), 0.01) << rate;
    EXPECT_EQ(audio.info.original_rate, 16000);
    EXPECT_EQ(audio.sample_rate, rate);
    EXPECT_NEAR(audio.info.duration_seconds, 2.0, 4.0 / rate);
  }
}

TEST_F(AudioDecoderTest, DownsamplingRemovesWhatLiesAboveTheNewNyquist) {
  // 6 kHz is above 8 kHz's Nyquist frequency: quality 10 must leave almost nothing of it.
  const std::string wav = path("sine6k.wav");
  write_wav_s16(wav, 16000, 1, 32000,
                [](size_t i, int) { return int16_t(std::lround(16000 * std::sin(2 * M_PI * 6000 * i / 16000.0))); });
  const auto audio = AudioDecoder(8000).decode(wav);
  const std::vector<float> middle(audio.samples.begin() + 1000, audio.samples.end() - 1000);
  EXPECT_LT(rms(middle), 1e-3);
}

// Channel c holds the constant (c + 1) * 1000 plus a tone common to all, so the mean is known.
int16_t channel_value(size_t i, int c) {
  return int16_t((c + 1) * 1000 + std::lround(8000 * std::sin(2 * M_PI * 440 * i / 16000.0)));
}

double expected_mean(size_t i, int channels) {
  double sum = 0;
  for (int c = 0; c < channels; ++c) sum += channel_value(i, c);
  return sum / channels / 32768.0;
}

TEST_F(AudioDecoderTest, AveragesStereoAndSixChannelsToMono) {
  for (int channels : {2, 6}) {
    const std::string wav = path("ch" + std::to_string(channels) + ".wav");
    write_wav_s16(wav, 16000, channels, 16000, channel_value);
    const auto audio = AudioDecoder(16000).decode(wav);
    ASSERT_EQ(audio.samples.size(), 16000u);
    EXPECT_EQ(audio.info.original_channels, channels);
    double worst = 0;
    for (size_t i = 0; i < audio.samples.size(); ++i)
      worst = std::max(worst, std::fabs(audio.samples[i] - expected_mean(i, channels)));
    EXPECT_LT(worst, 1e-6) << channels << " channels";
  }
}

TEST_F(AudioDecoderTest, AveragesEvenlyWhenAudioconvertMixes) {
  // 24-bit samples and another rate both go through audioconvert's mix matrix, which must be
  // the plain mean too, not GStreamer's surround downmix (it weights a 5.1 centre higher).
  for (int channels : {2, 6}) {
    const std::string wav = path("ch" + std::to_string(channels) + "s24.wav");
    const std::string src = path("ch" + std::to_string(channels) + "src.wav");
    write_wav_s16(src, 16000, channels, 16000, channel_value);
    ASSERT_EQ(run_launch("filesrc location=" + src +
                         " ! wavparse ! audioconvert ! audio/x-raw,format=S24LE ! wavenc ! filesink location=" + wav),
              "");
    const auto same_rate = AudioDecoder(16000).decode(wav);
    ASSERT_EQ(same_rate.samples.size(), 16000u);
    double worst = 0;
    for (size_t i = 0; i < same_rate.samples.size(); ++i)
      worst = std::max(worst, std::fabs(same_rate.samples[i] - expected_mean(i, channels)));
    EXPECT_LT(worst, 1e-6) << channels << " channels, 24-bit";

    // At 8 kHz the tone survives and so does the mean of the constants.
    const auto resampled = AudioDecoder(8000).decode(src);
    double mean = 0;
    for (size_t i = 1000; i < resampled.samples.size() - 1000; ++i) mean += resampled.samples[i];
    mean /= double(resampled.samples.size() - 2000);
    EXPECT_NEAR(mean, (channels + 1) * 500.0 / 32768.0, 2e-4) << channels << " channels, resampled";
  }
}

TEST(MonoMix, MeanOfInterleavedFrames) {
  const int16_t s16[] = {100, 200, 300, -32768, 0, 32767};
  std::vector<float> out = {7.0f};
  append_mono(s16, 2, 3, out);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0], 7.0f);  // appended after what was there
  EXPECT_NEAR(out[1], 200 / 32768.0, 1e-7);
  EXPECT_NEAR(out[2], -1 / 3.0 / 32768.0, 1e-7);
  const float f32[] = {0.25f, 0.75f, -1.0f, 1.0f};
  out.clear();
  append_mono(f32, 2, 2, out);
  EXPECT_EQ(out, (std::vector<float>{0.5f, 0.0f}));
  out.clear();
  append_mono(f32, 4, 1, out);
  EXPECT_EQ(out, (std::vector<float>(f32, f32 + 4)));
}

// ---------------------------------------------------------------------------------------------
// Formats, encoded at test time with GStreamer's encoders.

struct Format {
  const char* name;
  const char* element;  // the encoder, which the installed GStreamer may lack
  const char* encoder;  // gst-launch fragment
  int rate, channels;
  int decoded_channels;     // what the decoder reports (faad gives mono AAC as stereo)
  const char* type;         // what the decoder reports
  double length_tolerance;  // seconds (lossy codecs pad)
};

const Format kFormats[] = {
    {"tone.wav", "wavenc", "wavenc", 16000, 1, 1, "audio/x-wav", 0.0},
    {"tone.flac", "flacenc", "flacenc", 16000, 1, 1, "audio/x-flac", 0.0},
    {"tone44.flac", "flacenc", "flacenc", 44100, 2, 2, "audio/x-flac", 0.0},
    {"tone24.flac", "flacenc", "audio/x-raw,format=S24LE ! flacenc", 16000, 1, 1, "audio/x-flac", 0.0},
    {"tone.aiff", "aiffmux", "aiffmux", 22050, 2, 2, "audio/x-aiff", 0.0},
    {"tone.ogg", "vorbisenc", "vorbisenc ! oggmux", 44100, 2, 2, "audio/ogg", 0.05},
    {"tone.opus", "opusenc", "opusenc ! oggmux", 48000, 1, 1, "audio/ogg", 0.05},
    {"tone.mp3", "lamemp3enc", "lamemp3enc ! id3v2mux", 44100, 2, 2, "application/x-id3", 0.1},
    {"tone.m4a", "voaacenc", "voaacenc ! mp4mux", 16000, 1, 2, "video/quicktime", 0.1},
};

TEST_F(AudioDecoderTest, DecodesEveryFormatThatGStreamerEncodes) {
  AudioDecoder decoder(16000);
  for (const auto& f : kFormats) {
    SCOPED_TRACE(f.name);
    if (!have_elements({f.element})) {
      std::cout << "[ SKIPPED  ] " << f.name << ": no " << f.element << " in this GStreamer\n";
      continue;
    }
    ASSERT_EQ(make_tone(*files_, f.name, f.rate, f.channels, f.encoder), "");
    const std::string file = path(f.name);
    const auto audio = decoder.decode(file);
    EXPECT_NEAR(audio.samples.size() / 16000.0, 2.0, f.length_tolerance + 2.0 / 16000);
    EXPECT_NEAR(tone_frequency(audio.samples, 16000), 440.0, 1.0);
    EXPECT_NEAR(rms(audio.samples), 0.5 / std::sqrt(2.0), 0.02);
    EXPECT_EQ(audio.info.type, f.type);
    EXPECT_EQ(audio.info.original_rate, f.rate);
    EXPECT_EQ(audio.info.original_channels, f.decoded_channels);
    EXPECT_TRUE(audio.info.damaged.empty()) << audio.info.damaged;
    // The second file of a type goes through the chain decodebin plugged for the first, and a
    // new decoder through decodebin again: the same samples every way.
    EXPECT_EQ(decoder.decode(file).samples, audio.samples);
    EXPECT_EQ(decode_file(file, 16000).samples, audio.samples);
  }
}

TEST_F(AudioDecoderTest, DecodesTheAudioOfAFileWithVideo) {
  if (!have_elements({"vp8enc", "vorbisenc", "webmmux"})) GTEST_SKIP() << "no vp8enc/vorbisenc/webmmux";
  const std::string webm = path("av.webm");
  ASSERT_EQ(
      run_launch("webmmux name=mux ! filesink location=" + webm +
                 " videotestsrc num-buffers=20 ! video/x-raw,width=64,height=48,framerate=10/1 ! vp8enc ! mux."
                 " audiotestsrc wave=sine freq=440 num-buffers=20 samplesperbuffer=1600 ! audio/x-raw,rate=16000 !"
                 " audioconvert ! vorbisenc ! mux."),
      "");
  const auto audio = AudioDecoder(16000).decode(webm);
  EXPECT_NEAR(audio.samples.size() / 16000.0, 2.0, 0.05);
  EXPECT_NEAR(tone_frequency(audio.samples, 16000), 440.0, 1.0);
}

// ---------------------------------------------------------------------------------------------
// Errors: each a DecodeError naming the file and saying what is wrong.

TEST_F(AudioDecoderTest, MissingFileDirectoryAndFifo) {
  AudioDecoder decoder(16000);
  expect_decode_error(decoder, path("no-such-file.wav"), "no such file");
  expect_decode_error(decoder, path(""), "directory");
  const std::string fifo = path("fifo.wav");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  expect_decode_error(decoder, fifo, "not a regular file");  // and no hang opening it
  const std::string empty_path;
  try {
    decoder.decode(empty_path);
    ADD_FAILURE() << "an empty path decoded";
  } catch (const DecodeError& e) {
    EXPECT_NE(std::string(e.what()).find("path is empty"), std::string::npos) << e.what();
  }
}

TEST_F(AudioDecoderTest, PathsWithSpacesAndNonAsciiNames) {
  const std::string wav = path("a file with spaces – Émotion ü.wav");
  write_wav_s16(wav, 16000, 1, 1600, channel_value);
  const auto audio = AudioDecoder(16000).decode(wav);
  EXPECT_EQ(audio.samples.size(), 1600u);
  EXPECT_EQ(audio.info.path, wav);
  AudioDecoder decoder(16000);
  expect_decode_error(decoder, path("missing – Émotion.wav"), "no such file");
}

TEST_F(AudioDecoderTest, UnreadableFile) {
  if (geteuid() == 0) GTEST_SKIP() << "running as root, who can read any file";
  const std::string wav = path("unreadable.wav");
  write_wav_s16(wav, 16000, 1, 1600, [](size_t, int) { return int16_t(0); });
  ASSERT_EQ(chmod(wav.c_str(), 0), 0);
  AudioDecoder decoder(16000);
  expect_decode_error(decoder, wav, "permission denied");
}

TEST_F(AudioDecoderTest, FilesThatAreNotAudio) {
  AudioDecoder decoder(16000);
  const std::string text = path("notes.wav");
  const std::string words = "This is a text file that someone named .wav by mistake.\n";
  write_bytes(text, words.data(), words.size());
  expect_decode_error(decoder, text, "not an audio file");

  const std::string noise = path("noise.flac");
  std::mt19937 rng(7);
  std::vector<char> bytes(20000);
  for (auto& b : bytes) b = static_cast<char>(rng());
  write_bytes(noise, bytes.data(), bytes.size());
  expect_decode_error(decoder, noise, "not an audio file");

  const std::string zero = path("zero.wav");
  write_bytes(zero, "", 0);
  expect_decode_error(decoder, zero, "empty (0 bytes)");

  if (have_elements({"pngenc"})) {
    const std::string png = path("image.png");
    ASSERT_EQ(
        run_launch("videotestsrc num-buffers=1 ! video/x-raw,width=32,height=32 ! pngenc ! filesink location=" + png),
        "");
    expect_decode_error(decoder, png, "no audio stream");
  }
}

TEST_F(AudioDecoderTest, VideoOnlyFiles) {
  AudioDecoder decoder(16000);
  int tried = 0;
  for (auto [name, chain] : {std::pair{"video.ogv", "theoraenc ! oggmux"}, {"video.webm", "vp8enc ! webmmux"}}) {
    const std::string encoder = std::string(chain).substr(0, std::string(chain).find(' '));
    if (!have_elements({encoder.c_str()})) continue;
    const std::string file = path(name);
    ASSERT_EQ(run_launch("videotestsrc num-buffers=10 ! video/x-raw,width=64,height=48,framerate=10/1 ! " +
                         std::string(chain) + " ! filesink location=" + file),
              "");
    expect_decode_error(decoder, file, "holds no audio stream (only video/");
    ++tried;
  }
  if (tried == 0) GTEST_SKIP() << "no video encoder (theoraenc, vp8enc)";
}

TEST_F(AudioDecoderTest, FilesWithoutSamples) {
  AudioDecoder decoder(16000);
  const std::string header_only = path("header-only.wav");
  write_wav_s16(header_only, 16000, 1, 0, [](size_t, int) { return int16_t(0); });
  expect_decode_error(decoder, header_only, "no audio samples");
  const std::string no_buffers = path("no-buffers.wav");
  ASSERT_EQ(run_launch("audiotestsrc num-buffers=0 ! audio/x-raw,rate=16000,channels=1 ! wavenc ! filesink location=" +
                       no_buffers),
            "");
  expect_decode_error(decoder, no_buffers, "no audio samples");
}

// A header that declares 2^31 - 1 Hz: audioresample would allocate 2 TB for its filter and GLib
// abort the process. Refused before any converter sees it, whether decodebin or a chain learned
// from a good WAV decodes it (a 44.1 kHz one, so that the chain resamples: without the chain's own
// check this test aborts); likewise a format GStreamer's audio library cannot describe.
TEST_F(AudioDecoderTest, ImplausibleSampleRatesAndUnconvertibleFormats) {
  const auto tone = [](size_t i, int) { return int16_t(1000 * ((i / 20) % 2)); };
  const std::string huge = path("rate-2147483647.wav"), too_high = path("rate-800000.wav"),
                    many = path("64-channels.wav"), good = path("good-44k.wav"), highest = path("rate-768000.wav");
  write_wav_s16(huge, 2147483647, 1, 16000, tone);
  write_wav_s16(too_high, 800000, 1, 16000, tone);
  write_wav_s16(many, 16000, 64, 1000, tone);
  write_wav_s16(good, 44100, 1, 44100, tone);
  write_wav_s16(highest, kMaxSampleRate, 1, 76800, tone);
  for (bool learned : {false, true}) {
    SCOPED_TRACE(learned ? "after a good WAV (a learned chain that resamples)" : "fresh decoder (decodebin)");
    AudioDecoder decoder(16000);
    if (learned) EXPECT_NEAR(double(decoder.decode(good).samples.size()), 16000.0, 2.0);
    expect_decode_error(decoder, huge, "sample rate of 2147483647 Hz, above the 768000 Hz");
    expect_decode_error(decoder, too_high, "sample rate of 800000 Hz");
    expect_decode_error(decoder, many, "format that cannot be converted");
    // The highest rate accepted still decodes, and the decoder goes on.
    const DecodedAudio ok = decoder.decode(highest);
    EXPECT_EQ(ok.info.original_rate, kMaxSampleRate);
    EXPECT_NEAR(double(ok.samples.size()), 1600.0, 2.0);
    EXPECT_NEAR(double(decoder.decode(good).samples.size()), 16000.0, 2.0);
  }
}

// Refused audio beside a video stream is told as refused audio, not as a file without audio.
TEST_F(AudioDecoderTest, ImplausibleAudioBesideVideo) {
  if (!have_elements({"theoraenc", "matroskamux"})) GTEST_SKIP() << "no theoraenc or matroskamux";
  const std::string file = path("video-and-800k-audio.mkv");
  ASSERT_EQ(run_launch("videotestsrc num-buffers=10 ! video/x-raw,width=64,height=48,framerate=10/1 ! theoraenc ! "
                       "matroskamux name=m ! filesink location=" + file +
                       " audiotestsrc num-buffers=10 samplesperbuffer=8000 ! "
                       "audio/x-raw,rate=800000,channels=1,format=S16LE ! m."),
            "");
  AudioDecoder decoder(16000);
  expect_decode_error(decoder, file, "sample rate of 800000 Hz");
}

// The first half of a file: GStreamer decodes it without a word, as a shorter file; the
// decoder must tell, and keep the samples only when asked to.
TEST_F(AudioDecoderTest, TruncatedFilesAreErrorsUnlessDamageIsAccepted) {
  const char* names[] = {"tone.flac", "tone.wav", "tone.aiff", "tone.ogg"};
  DecoderOptions keep;
  keep.sample_rate = 16000;
  keep.accept_damaged = true;
  AudioDecoder strict(16000), lenient(keep);
  for (const char* name : names) {
    SCOPED_TRACE(name);
    const Format* f = nullptr;
    for (const auto& g : kFormats)
      if (std::string(g.name) == name) f = &g;
    ASSERT_TRUE(f);
    // 6 s of noise: compressed, its first half still holds seconds of audio.
    const std::string whole = path(std::string("whole-") + name);
    ASSERT_EQ(
        make_tone(*files_, std::string("whole-") + name, f->rate, f->channels, f->encoder, 6, "white-noise volume=0.3"),
        "");
    const std::string cut = path(std::string("half-") + name);
    write_prefix(whole, cut, fs::file_size(whole) / 2);
    strict.decode(whole);  // the whole file is fine
    expect_decode_error(strict, cut, "cut short");
    const auto kept = lenient.decode(cut);
    EXPECT_GT(kept.samples.size(), 16000u * 2);
    EXPECT_LT(kept.samples.size(), 16000u * 4);
    EXPECT_NE(kept.info.damaged.find("cut short"), std::string::npos) << kept.info.damaged;
    EXPECT_TRUE(lenient.decode(whole).info.damaged.empty());
  }
}

TEST_F(AudioDecoderTest, OggCutAtAPageBoundaryLacksItsEndOfStreamPage) {
  const std::string whole = path("pages.ogg");
  ASSERT_EQ(make_tone(*files_, "pages.ogg", 16000, 1, "vorbisenc ! oggmux"), "");
  const auto bytes = read_bytes(whole);
  size_t last_page = 0;
  for (size_t i = 0; i + 4 <= bytes.size(); ++i)
    if (std::equal(bytes.begin() + i, bytes.begin() + i + 4, "OggS")) last_page = i;
  ASSERT_GT(last_page, 0u);
  const std::string cut = path("pages-cut.ogg");
  write_bytes(cut, bytes.data(), last_page);
  AudioDecoder decoder(16000);
  expect_decode_error(decoder, cut, "not flagged end-of-stream");
}

TEST_F(AudioDecoderTest, CorruptDataInTheMiddle) {
  // Bytes overwritten in the middle of a FLAC: the frames there fail their CRC. Whatever
  // flacdec makes of it, the decoder reports damage (or an error), never a clean file.
  ASSERT_EQ(make_tone(*files_, "corrupt-src.flac", 16000, 1, "flacenc"), "");
  auto bytes = read_bytes(path("corrupt-src.flac"));
  std::mt19937 rng(3);
  for (size_t i = bytes.size() / 3; i < bytes.size() / 3 + 2000; ++i) bytes[i] = static_cast<char>(rng());
  const std::string corrupt = path("corrupt.flac");
  write_bytes(corrupt, bytes.data(), bytes.size());
  AudioDecoder decoder(16000);
  EXPECT_THROW(decoder.decode(corrupt), DecodeError);
  DecoderOptions keep;
  keep.sample_rate = 16000;
  keep.accept_damaged = true;
  try {
    const auto kept = AudioDecoder(keep).decode(corrupt);
    EXPECT_FALSE(kept.info.damaged.empty());
    EXPECT_LT(kept.samples.size(), 32000u);  // what follows the damage is lost here
  } catch (const DecodeError& e) {
    EXPECT_NE(std::string(e.what()).find(corrupt), std::string::npos);
  }
}

TEST_F(AudioDecoderTest, RawMp3CutShortIsNotDetectable) {
  // Documented limit: MP3 declares no length, so its first half is a clean, shorter file.
  if (!have_elements({"lamemp3enc"})) GTEST_SKIP() << "no lamemp3enc";
  ASSERT_EQ(make_tone(*files_, "raw.mp3", 44100, 1, "lamemp3enc"), "");
  const std::string cut = path("raw-half.mp3");
  write_prefix(path("raw.mp3"), cut, fs::file_size(path("raw.mp3")) / 2);
  const auto audio = AudioDecoder(16000).decode(cut);
  EXPECT_NEAR(audio.samples.size() / 16000.0, 1.0, 0.1);
  EXPECT_TRUE(audio.info.damaged.empty());
}

TEST_F(AudioDecoderTest, TheSameDecoderGoesOnAfterEveryError) {
  const std::string good = path("good.wav");
  write_wav_s16(good, 16000, 1, 8000, channel_value);
  const std::string bad_text = path("bad.txt");
  write_bytes(bad_text, "not audio at all, just words\n", 29);
  const std::string flac = path("reuse.flac");
  ASSERT_EQ(make_tone(*files_, "reuse.flac", 16000, 1, "flacenc"), "");
  const std::string half_flac = path("reuse-half.flac");
  write_prefix(flac, half_flac, fs::file_size(flac) / 2);
  const std::string empty_wav = path("reuse-empty.wav");
  write_wav_s16(empty_wav, 16000, 1, 0, [](size_t, int) { return int16_t(0); });

  AudioDecoder decoder(16000);
  const auto reference = decoder.decode(good).samples;
  const auto reference_flac = decoder.decode(flac).samples;  // teaches the decoder the FLAC chain
  for (const std::string& bad : {path("missing.wav"), bad_text, half_flac, empty_wav, path("")}) {
    SCOPED_TRACE(bad);
    EXPECT_THROW(decoder.decode(bad), DecodeError);
    EXPECT_EQ(decoder.decode(good).samples, reference);
    EXPECT_THROW(decoder.decode(bad), DecodeError);
    EXPECT_EQ(decoder.decode(flac).samples, reference_flac);
  }
}

// ---------------------------------------------------------------------------------------------
// Plain FLAC through libFLAC alone (flac_reader.h): GStreamer's samples and info, or its verdict.

// What a new AudioDecoder makes of `file` at `rate`, with libFLAC alone (`native`) or through
// GStreamer only: its error ("" when it decodes) and its audio.
std::pair<std::string, DecodedAudio> decode_flac(const std::string& file, int rate, bool native,
                                                 bool accept_damaged = false) {
  DecoderOptions options;
  options.sample_rate = rate;
  options.native_flac = native;
  options.accept_damaged = accept_damaged;
  try {
    return {"", AudioDecoder(options).decode(file)};
  } catch (const DecodeError& e) {
    return {e.what(), DecodedAudio{}};
  }
}

// Both ways give the same samples and info, or the same error. Returns the native way's outcome.
std::pair<std::string, DecodedAudio> expect_same_verdict(const std::string& file, int rate = 16000,
                                                         bool accept_damaged = false) {
  const auto ours = decode_flac(file, rate, true, accept_damaged);
  const auto theirs = decode_flac(file, rate, false, accept_damaged);
  EXPECT_EQ(ours.first, theirs.first);
  EXPECT_EQ(ours.second.samples, theirs.second.samples);  // bit for bit
  EXPECT_EQ(ours.second.info.type, theirs.second.info.type);
  EXPECT_EQ(ours.second.info.original_rate, theirs.second.info.original_rate);
  EXPECT_EQ(ours.second.info.original_channels, theirs.second.info.original_channels);
  EXPECT_EQ(ours.second.info.duration_seconds, theirs.second.info.duration_seconds);
  EXPECT_EQ(ours.second.info.damaged, theirs.second.info.damaged);
  return ours;
}

struct FlacCase {
  const char* name;
  int rate, channels;
  const char* encoder;
  int output_rate;
  bool native;  // whether libFLAC alone takes it (16 bits at the output rate)
};

TEST_F(AudioDecoderTest, NativeFlacGivesWhatGStreamerGives) {
  // White noise differs from channel to channel, so the mix to mono is tested too.
  const FlacCase cases[] = {
      {"n-mono.flac", 16000, 1, "flacenc", 16000, true},
      {"n-stereo.flac", 16000, 2, "flacenc", 16000, true},
      {"n-three.flac", 16000, 3, "flacenc", 16000, true},
      {"n-44k.flac", 44100, 2, "flacenc", 44100, true},
      {"n-44k-to-16k.flac", 44100, 2, "flacenc", 16000, false},
      {"n-24bit.flac", 16000, 1, "audio/x-raw,format=S24LE ! flacenc", 16000, false},
  };
  FlacReader reader;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    ASSERT_EQ(make_tone(*files_, c.name, c.rate, c.channels, c.encoder, 2, "white-noise volume=0.3"), "");
    const std::string file = path(c.name);
    const auto head = read_bytes(file);
    const auto info = read_flac_stream_info(std::vector<unsigned char>(head.begin(), head.begin() + 4096));
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->sample_rate, c.rate);
    EXPECT_EQ(info->channels, c.channels);
    EXPECT_EQ(info->bits_per_sample, std::string(c.encoder).find("S24") != std::string::npos ? 24 : 16);
    EXPECT_EQ(info->total_samples, 2u * c.rate);
    EXPECT_EQ(FlacReader::suits(*info, c.output_rate), c.native);
    std::vector<float> direct;  // at the file's own rate
    EXPECT_EQ(reader.decode(file, *info, direct), info->bits_per_sample == 16);

    const auto [error, ours] = expect_same_verdict(file, c.output_rate);
    EXPECT_EQ(error, "");
    if (c.native) {
      EXPECT_EQ(direct, ours.samples);
    }
    EXPECT_GT(rms(ours.samples), 0.01);
  }
}

TEST_F(AudioDecoderTest, NativeFlacLeavesBadFilesToGStreamer) {
  ASSERT_EQ(make_tone(*files_, "n-good.flac", 16000, 1, "flacenc"), "");
  const std::string good = path("n-good.flac");
  auto bytes = read_bytes(good);
  const std::string half = path("n-half.flac");
  write_bytes(half, bytes.data(), bytes.size() / 2);
  std::mt19937 rng(5);
  for (size_t i = bytes.size() / 3; i < bytes.size() / 3 + 500; ++i) bytes[i] = static_cast<char>(rng());
  const std::string corrupt = path("n-corrupt.flac");
  write_bytes(corrupt, bytes.data(), bytes.size());

  const std::vector<unsigned char> head(bytes.begin(), bytes.begin() + 4096);
  const auto info = read_flac_stream_info(head);
  ASSERT_TRUE(info.has_value());
  FlacReader reader;
  std::vector<float> out;
  EXPECT_FALSE(reader.decode(half, *info, out));     // fewer samples than declared
  EXPECT_FALSE(reader.decode(corrupt, *info, out));  // CRC mismatches
  EXPECT_TRUE(reader.decode(good, *info, out));      // and the same reader goes on
  EXPECT_EQ(out.size(), 32000u);
  // So the decoder's verdict on them is GStreamer's.
  AudioDecoder decoder(16000);
  expect_decode_error(decoder, half, "cut short");
  EXPECT_THROW(decoder.decode(corrupt), DecodeError);
  EXPECT_EQ(decoder.decode(good).samples, out);

  // With accept_damaged, the damaged files keep what GStreamer's route keeps, and say the same.
  for (const std::string& bad : {half, corrupt}) {
    SCOPED_TRACE(bad);
    const auto [error, ours] = expect_same_verdict(bad, 16000, true);
    EXPECT_EQ(error, "");
    EXPECT_FALSE(ours.info.damaged.empty());
  }

  // Heads that are not a native FLAC's STREAMINFO.
  EXPECT_FALSE(read_flac_stream_info({}).has_value());
  EXPECT_FALSE(read_flac_stream_info(std::vector<unsigned char>(head.begin(), head.begin() + 41)).has_value());
  auto other = head;
  other[0] = 'O';  // e.g. Ogg FLAC, or an ID3 tag first
  EXPECT_FALSE(read_flac_stream_info(other).has_value());
  other = head;
  other[4] = 1;  // a first metadata block that is not STREAMINFO
  EXPECT_FALSE(read_flac_stream_info(other).has_value());
}

TEST_F(AudioDecoderTest, NativeFlacAgreesWithGStreamerOnOddFiles) {
  ASSERT_EQ(make_tone(*files_, "odd.flac", 16000, 1, "flacenc"), "");
  const auto bytes = read_bytes(path("odd.flac"));
  // STREAMINFO's total (36 bits from byte 21, low nibble first) declaring fewer samples, more,
  // the most it can (which made the GStreamer route reserve 278 GB: an abort under ASan), and none
  // (unknown).
  auto with_total = [&](const std::string& name, std::uint64_t total) {
    auto b = bytes;
    b[21] = static_cast<char>((b[21] & 0xf0) | ((total >> 32) & 0xf));
    for (int i = 0; i < 4; ++i) b[22 + i] = static_cast<char>(total >> (24 - 8 * i));
    write_bytes(path(name), b.data(), b.size());
    return path(name);
  };
  const auto declared = read_flac_stream_info(std::vector<unsigned char>(bytes.begin(), bytes.begin() + 64));
  ASSERT_TRUE(declared.has_value());
  ASSERT_EQ(declared->total_samples, 32000u);
  for (const auto& [name, total] : std::vector<std::pair<std::string, std::uint64_t>>{
           {"odd-fewer.flac", 16000}, {"odd-more.flac", 48000}, {"odd-most.flac", (1ull << 36) - 1}, {"odd-none.flac", 0}}) {
    SCOPED_TRACE(name);
    expect_same_verdict(with_total(name, total));
  }
  // Bytes after the last frame: junk, or an ID3v1 tag.
  for (const auto& [name, tail] : std::vector<std::pair<std::string, std::string>>{
           {"odd-junk.flac", std::string(300, '\x5a')}, {"odd-id3.flac", "TAG" + std::string(125, ' ')}}) {
    SCOPED_TRACE(name);
    auto b = bytes;
    b.insert(b.end(), tail.begin(), tail.end());
    write_bytes(path(name), b.data(), b.size());
    expect_same_verdict(path(name));
  }
  // Two streams of other formats joined: frames change rate and channels mid-stream.
  ASSERT_EQ(make_tone(*files_, "odd-b.flac", 22050, 2, "flacenc"), "");
  auto joined = bytes;
  const auto other = read_bytes(path("odd-b.flac"));
  const char frame_sync[] = {char(0xff), char(0xf8)};  // a fixed-blocksize frame's first bytes
  const auto first_frame = std::search(other.begin(), other.end(), std::begin(frame_sync), std::end(frame_sync));
  ASSERT_NE(first_frame, other.end());
  joined.insert(joined.end(), first_frame, other.end());
  write_bytes(path("odd-joined.flac"), joined.data(), joined.size());
  expect_same_verdict(path("odd-joined.flac"));
}

// ---------------------------------------------------------------------------------------------
// Threads and options.

TEST_F(AudioDecoderTest, DecodersInParallelThreads) {
  std::vector<std::string> inputs;
  for (const char* name : {"par.wav", "par.flac", "par.ogg"}) {
    const std::string enc = std::string(name).find(".wav") != std::string::npos    ? "wavenc"
                            : std::string(name).find(".flac") != std::string::npos ? "flacenc"
                                                                                   : "vorbisenc ! oggmux";
    ASSERT_EQ(make_tone(*files_, name, 22050, 2, enc), "");
    inputs.push_back(path(name));
  }
  if (!test::data_dir().empty()) {
    for (const auto& g : test::golden_inputs())
      if (g.source != "synthetic") inputs.push_back(test::data_dir() + "/" + g.source);
  }
  std::vector<std::vector<float>> expected;
  {
    AudioDecoder decoder(16000);
    for (const auto& f : inputs) expected.push_back(decoder.decode(f).samples);
  }
  constexpr int kThreads = 4;
  std::vector<int> mismatches(kThreads, 0), failures(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      try {
        AudioDecoder decoder(16000);  // made in the thread, as the trainer's workers do
        for (int round = 0; round < 3; ++round)
          for (size_t i = 0; i < inputs.size(); ++i) {
            const size_t k = (i + t) % inputs.size();  // threads on different files at once
            mismatches[t] += decoder.decode(inputs[k]).samples != expected[k];
          }
      } catch (const std::exception&) {
        ++failures[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(mismatches[t], 0) << "thread " << t;
    EXPECT_EQ(failures[t], 0) << "thread " << t;
  }
}

// In a fresh process (a death-test child) where nothing has initialised GStreamer yet: decoders
// made at the same moment in several threads race to initialise it, and all must work.
void decode_in_threads_from_a_fresh_process() {
  if (gst_is_initialized()) std::_Exit(3);  // the child must start without GStreamer
  char pattern[] = "/tmp/seremotion-io-init-XXXXXX";
  const std::string dir = mkdtemp(pattern);
  const std::string wav = dir + "/init.wav";
  write_wav_s16(wav, 16000, 1, 1600, channel_value);
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&] {
      try {
        ok += AudioDecoder(16000).decode(wav).samples.size() == 1600;
      } catch (const std::exception&) {
      }
    });
  }
  for (auto& th : threads) th.join();
  fs::remove_all(dir);
  std::_Exit(ok == 6 ? 0 : 1);
}

TEST(GStreamerInit, OncePerProcessFromManyThreads) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");  // re-executes the binary: a fresh process
  EXPECT_EXIT(decode_in_threads_from_a_fresh_process(), ::testing::ExitedWithCode(0), "");
}

TEST(DecoderOptions, ValidateNamesTheFieldAndItsRange) {
  const auto message = [](DecoderOptions o) {
    try {
      o.validate();
    } catch (const ParameterError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  DecoderOptions o;
  EXPECT_EQ(o.sample_rate, 22050);  // librosa.load's default
  EXPECT_EQ(message(o), "");
  o.sample_rate = 0;
  EXPECT_NE(message(o).find("sample_rate must lie in [1, 768000]"), std::string::npos) << message(o);
  o.sample_rate = 16000;
  for (double bad : {0.0, -1.0, 1e12, std::nan("")}) {
    o.stall_timeout_seconds = bad;
    EXPECT_NE(message(o).find("stall_timeout_seconds must lie in (0, 86400]"), std::string::npos) << message(o);
  }
  EXPECT_THROW(AudioDecoder(-5), ParameterError);
}

}  // namespace
}  // namespace ser::io
