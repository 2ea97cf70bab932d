#include "run_options.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "common/bounded_json.h"
#include "common/error.h"
#include "data/corpus_registry.h"
#include "data/folds.h"
#include "features/feature_spec.h"
#include "nn/zoo.h"
#include "option_checks.h"
#include "option_file.h"
#include "run_summary.h"
#include "spec_file.h"
#include "thread_count.h"
#include "train/report/progress.h"

namespace ser::cli {
namespace {

// "A:B" (or "A" for A:A) as two numbers; ParameterError naming the option.
std::pair<double, double> parse_range(const std::string& text, const char* option) {
  const auto colon = text.find(':');
  try {
    size_t used = 0;
    const double a = std::stod(text.substr(0, colon), &used);
    if (used != (colon == std::string::npos ? text.size() : colon)) throw std::invalid_argument(text);
    if (colon == std::string::npos) return {a, a};
    const std::string rest = text.substr(colon + 1);
    const double b = std::stod(rest, &used);
    if (used != rest.size()) throw std::invalid_argument(text);
    return {a, b};
  } catch (const std::logic_error&) {
    throw ParameterError(std::string(option) + " takes MIN:MAX in dB, e.g. -6:6 (got '" + text + "')");
  }
}

// --hp key=value: the value as JSON when it parses (numbers, booleans, [64, 128]), else a string.
nlohmann::json parse_hp(const std::vector<std::string>& items, const std::string& hp_json) {
  nlohmann::json hp = nlohmann::json::object();
  if (!hp_json.empty()) {
    const bool inline_json = hp_json.find('{') != std::string::npos;
    const std::string text = inline_json ? hp_json
                                         : read_option_file(hp_json, "--hp-json", "file",
                                                            " (or give the JSON object inline)");
    hp = parse_option_json(text, "--hp-json", inline_json ? "the inline JSON" : "'" + hp_json + "'");
    if (!hp.is_object()) throw Error("--hp-json: expected a JSON object such as {\"dropout\": 0.2}");
  }
  for (const std::string& item : items) {
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw Error("--hp takes KEY=VALUE, e.g. --hp dropout=0.2 or --hp channels=[32,64] (got '" + item + "')");
    }
    const std::string value = item.substr(eq + 1);
    JsonParse v = parse_json(value);  // bounded: a value nested too deep stays a string, which the zoo refuses
    hp[item.substr(0, eq)] = v ? std::move(v.value) : nlohmann::json(value);
  }
  return hp;
}

features::FeatureSpec load_features(const std::string& features, const std::string& model) {
  const std::string name = features.empty() ? train::natural_preset(model) : features;
  const auto presets = features::FeatureSpec::preset_names();
  if (std::find(presets.begin(), presets.end(), name) != presets.end()) return features::FeatureSpec::preset(name);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(name, ec)) {
    std::string known;
    for (const auto& p : presets) known += (known.empty() ? "" : ", ") + p;
    throw Error("--features: '" + name + "' is neither a preset (" + known + ") nor a readable FeatureSpec JSON file");
  }
  return read_spec_file(name, "--features");
}

train::AugmentationParams augmentation_of(const RunOptions& o) {
  train::AugmentationParams a;
  auto& audio = a.audio;
  audio.copies = o.augment_copies;
  if (!o.noise.empty()) {
    audio.noise = true;
    audio.noise_kind = train::parse_noise_kind(o.noise);
    std::tie(audio.snr_min_db, audio.snr_max_db) = parse_range(o.snr, "--snr");
    audio.babble_talkers = o.babble_talkers;
  }
  if (!o.gain_db.empty()) std::tie(audio.gain_min_db, audio.gain_max_db) = parse_range(o.gain_db, "--gain-db");
  audio.shift_max_seconds = o.shift;
  audio.shift_mode = train::parse_shift_mode(o.shift_mode);
  audio.speeds = o.speeds;
  audio.reverb = o.reverb;
  std::tie(audio.rt60_min, audio.rt60_max) = parse_range(o.rt60, "--rt60");
  std::tie(audio.drr_min_db, audio.drr_max_db) = parse_range(o.drr, "--drr");
  audio.eq = o.eq;
  audio.eq_max_db = o.eq_max_db;
  audio.eq_highpass_max_hz = o.eq_highpass_max;
  audio.eq_order = o.eq_order;
  audio.codecs = o.codecs;
  double bps_min = 0, bps_max = 0;
  std::tie(bps_min, bps_max) = parse_range(o.codec_bitrate, "--codec-bitrate");
  audio.codec_min_bps = static_cast<int>(bps_min);
  audio.codec_max_bps = static_cast<int>(bps_max);
  a.spec.time_masks = o.time_masks;
  a.spec.time_mask_frames = o.time_mask_frames;
  a.spec.freq_masks = o.freq_masks;
  a.spec.freq_mask_bands = o.freq_mask_bands;
  a.validate();
  return a;
}

}  // namespace

void add_run_options(CLI::App& cmd, RunOptions& o) {
  std::string corpus_help = "A corpus as NAME=DIR (repeat for several). Names:";
  for (const auto& n : data::corpus_names()) corpus_help += " " + n;
  corpus_help += " (csv=FILE takes a manifest path,label,speaker)";
  cmd.add_option("--corpus", o.corpora, corpus_help)->required()->type_name("NAME=DIR")->group("Data");
  cmd.add_option("--merge", o.merge, "Merge labels, e.g. calm=neutral,excited=happy")->type_name("A=B,...")->group("Data");
  cmd.add_option("--drop", o.drop, "Drop labels (after merging), e.g. boredom,other")->type_name("LABEL,...")->group("Data");
  cmd.add_option("--keep", o.keep, "Keep only these labels (after merging)")->type_name("LABEL,...")->group("Data");
  cmd.add_flag("--ravdess-song", o.ravdess_song, "RAVDESS: also read the song files (skipped by default)")->group("Data");
  cmd.add_flag("--mesd-naturalness-reduced", o.mesd_naturalness_reduced,
               "MESD: also read the resynthesised 'naturalness-reduced' voices")->group("Data");
  cmd.add_option("--language", o.default_language, "csv/folders: BCP-47 language of files that name none")
      ->capture_default_str()->group("Data");

  cmd.add_option("--model", o.model, "Zoo architecture")
      ->check(CLI::IsMember(nn::architecture_names()))->capture_default_str()->group("Model");
  cmd.add_option("--hp", o.hp, "A hyper-parameter of the model as KEY=VALUE (repeat), e.g. dropout_head=0.3, "
                                "channels=[32,64]")->type_name("KEY=VALUE")->group("Model");
  cmd.add_option("--hp-json", o.hp_json, "Hyper-parameters as a JSON object, inline or in a file (--hp wins)")
      ->type_name("JSON|FILE")->group("Model");
  cmd.add_option("--features", o.features,
                 "A feature preset (issa193, mfcc40, logmel128, logmel64) or a FeatureSpec JSON file; "
                 "default: the model's own (issa1d: issa193; mfcc_cnn, mfcc_crnn: mfcc40; logmel_cnn: logmel64)")
      ->type_name("PRESET|FILE")->group("Model");
  cmd.add_option("--train-hop", o.train_hop, "Seconds between the windows cut from each training file")
      ->check(number_in(0.01, 600.0))->capture_default_str()->group("Model");
  cmd.add_flag("--trim-non-speech", o.trim_non_speech,
               "Cut every clip down to its speech with Silero VAD (the element's, threshold 0.5) before its "
               "windows: from the first 32 ms chunk of speech to the last, with --trim-margin on each side; a clip "
               "with no speech is kept whole")
      ->group("Features");
  cmd.add_option("--trim-margin", o.trim_margin, "Seconds kept before and after the speech with --trim-non-speech")
      ->check(number_in(0.0, 10.0))
      ->capture_default_str()
      ->group("Features");

  cmd.add_option("--epochs", o.epochs, "Most epochs per training")->check(number_in(1, 10000))->capture_default_str()->group("Training");
  cmd.add_option("--batch-size", o.batch_size, "Windows per batch")->check(number_in(2, 65536))->capture_default_str()->group("Training");
  cmd.add_option("--lr", o.lr, "Adam's learning rate")->check(positive_number())->capture_default_str()->group("Training");
  cmd.add_option("--weight-decay", o.weight_decay, "Adam's L2 weight decay")->check(non_negative_number())->capture_default_str()->group("Training");
  cmd.add_option("--schedule", o.schedule, "Learning-rate schedule after the warm-up")
      ->check(CLI::IsMember({"constant", "cosine", "plateau"}))->capture_default_str()->group("Training");
  cmd.add_option("--warmup", o.warmup, "Epochs of linear learning-rate warm-up")->check(number_in(0, 1000))->capture_default_str()->group("Training");
  cmd.add_option("--min-lr-ratio", o.min_lr_ratio, "cosine: the last rate as a fraction of --lr")
      ->check(number_in(0.0, 1.0))->capture_default_str()->group("Training");
  cmd.add_option("--plateau-factor", o.plateau_factor, "plateau: multiply the rate by this when validation UA stalls")
      ->check(number_in(0.0, 1.0))->capture_default_str()->group("Training");
  cmd.add_option("--plateau-patience", o.plateau_patience, "plateau: epochs without improvement before reducing")
      ->check(number_in(0, 1000))->capture_default_str()->group("Training");
  cmd.add_option("--keep-weights", o.keep_weights,
                 "Weights kept: best (of the best validation epoch, early stopping) or last (every epoch runs; for "
                 "models regularised to convergence, e.g. mlp without hidden layers and --weight-decay)")
      ->check(CLI::IsMember({"best", "last"}))->capture_default_str()->group("Training");
  cmd.add_option("--patience", o.patience, "Early stopping: epochs without a better validation UA (0: never stop early)")
      ->check(non_negative_number())->capture_default_str()->group("Training");
  cmd.add_option("--balance", o.balance,
                 "Loss balance: class (inverse class frequency), corpus (every corpus and class pair weighs the "
                 "same, for training on several corpora) or class-corpus (every class weighs the same, shared "
                 "equally by the corpora that hold it)")
      ->check(CLI::IsMember({"class", "corpus", "class-corpus"}))->capture_default_str()->group("Training");
  cmd.add_option("--mixup", o.mixup,
                 "mixup's alpha: train on pairs of windows mixed, lambda ~ Beta(alpha, alpha), their targets "
                 "mixed alike (0: none; e.g. 0.2)")
      ->check(number_in(0.0, 4.0))->capture_default_str()->group("Training");
  cmd.add_flag("--no-class-weights", o.no_class_weights, "Do not weight the loss by inverse class frequency")->group("Training");
  cmd.add_option("--seed", o.seed, "Seed of everything random (folds, weights, shuffling, augmentation)")
      ->capture_default_str()->group("Training");
  cmd.add_option("--threads", o.threads, "libtorch threads (0: every core)")->check(non_negative_number())->capture_default_str()->group("Training");
  cmd.add_option("--validation-fraction", o.validation_fraction,
                 "Share of each training part held out for early stopping (by speaker with speaker-independent splits)")
      ->check(number_in(0.01, 0.9))->capture_default_str()->group("Training");

  cmd.add_option("--split", o.split, "Cross-validation folds: speaker (k folds, speaker-independent), stratified "
                                      "(k folds, speaker-dependent), loso (leave one speaker out) or corpus (leave "
                                      "one corpus out: test each corpus on a model trained on the others)")
      ->check(CLI::IsMember({"speaker", "stratified", "loso", "corpus"}))->capture_default_str()->group("Protocol");
  cmd.add_option("--folds", o.folds, "k, the number of folds (loso: one per speaker; corpus: one per corpus)")
      ->check(number_in(2, 100))->capture_default_str()->group("Protocol");
  cmd.add_option("--fold-seed", o.fold_seed,
                 "Seed the folds are drawn from (default: --seed), so that runs from several seeds test on the same "
                 "folds and their probabilities can be averaged (tools/average-runs.py)")
      ->group("Protocol");

  cmd.add_option("--adaptation", o.adaptation,
                 "Adaptive normalisation: speaker (train on each speaker's features normalised by that speaker's "
                 "statistics) or mixed (by the speaker's and by the training prior alone, for streams from their "
                 "first window on); the model then normalises what it classifies by what it heard of the stream or "
                 "batch. none: off")
      ->check(CLI::IsMember({"none", "speaker", "mixed"}))->capture_default_str()->group("Adaptation");
  cmd.add_option("--adapt-prior-windows", o.adapt_prior_windows,
                 "Weight of the training prior against the statistics heard, in windows")
      ->check(number_in(0.001, 1e6))->capture_default_str()->group("Adaptation");
  cmd.add_option("--adapt-prior-balance", o.adapt_prior_balance,
                 "What weighs the same in the training prior: speaker (every training speaker) or corpus (every "
                 "training corpus, its speakers sharing its weight)")
      ->check(CLI::IsMember({"speaker", "corpus"}))->capture_default_str()->group("Adaptation");
  cmd.add_option("--test-adaptation", o.test_adaptation,
                 "cv with --adaptation: the statistics each test file is normalised with for the main scores: "
                 "speaker (its speaker's files), corpus (its corpus's test files), none (the prior), or speaker:N "
                 "(N random windows of its speaker, a short stream); none, speaker:3/10/30, speaker and corpus are "
                 "all reported")
      ->capture_default_str()->group("Adaptation");

  cmd.add_option("--cache", o.cache, "Feature cache folder (default: $XDG_CACHE_HOME/seremotion or ~/.cache/seremotion)")
      ->check(non_empty())->type_name("DIR")->group("Features");
  cmd.add_flag("--no-cache", o.no_cache, "Compute every feature, read and write no cache")->group("Features");
  cmd.add_option("--jobs", o.jobs, "Threads extracting features (0: every core)")->check(non_negative_number())->capture_default_str()->group("Features");

  cmd.add_option("--augment-copies", o.augment_copies, "Augmented copies of each training file when an audio "
                                                        "augmentation is on")
      ->check(number_in(0, 16))->capture_default_str()->group("Augmentation (training data only)");
  cmd.add_option("--noise", o.noise, "Add noise: white, coloured (1/f^beta, beta drawn in [0, 2] per copy), or babble of other "
                                   "training files")
      ->check(CLI::IsMember({"white", "coloured", "babble"}))->group("Augmentation (training data only)");
  cmd.add_option("--snr", o.snr, "Noise SNR range in dB, MIN:MAX")->type_name("MIN:MAX")->capture_default_str()
      ->group("Augmentation (training data only)");
  cmd.add_option("--babble-talkers", o.babble_talkers, "Training files summed into babble noise")
      ->check(number_in(1, 8))->capture_default_str()->group("Augmentation (training data only)");
  cmd.add_option("--gain-db", o.gain_db, "Gain range in dB, MIN:MAX, e.g. -6:6")->type_name("MIN:MAX")
      ->group("Augmentation (training data only)");
  cmd.add_option("--shift", o.shift, "Time shift of up to this many seconds either way")
      ->check(number_in(0.0, 10.0))->group("Augmentation (training data only)");
  cmd.add_option("--shift-mode", o.shift_mode, "circular (wrap around) or zero (silence enters)")
      ->check(CLI::IsMember({"circular", "zero"}))->capture_default_str()->group("Augmentation (training data only)");
  cmd.add_option("--speed", o.speeds, "Speed factors to draw from, e.g. 0.9,1.0,1.1 (resampling)")
      ->delimiter(',')->check(number_in(0.5, 2.0))->type_name("F,...")->group("Augmentation (training data only)");
  cmd.add_flag("--reverb", o.reverb, "Reverberation: convolve with a synthetic room impulse response")
      ->group("Augmentation (training data only)");
  cmd.add_option("--rt60", o.rt60, "Reverberation time range in seconds, MIN:MAX")->type_name("MIN:MAX")
      ->capture_default_str()->group("Augmentation (training data only)");
  cmd.add_option("--drr", o.drr, "Direct-to-reverberant ratio range in dB, MIN:MAX")->type_name("MIN:MAX")
      ->capture_default_str()->group("Augmentation (training data only)");
  cmd.add_flag("--eq", o.eq, "Random microphone/channel equalisation (1 to 4 peaking filters) and band limits")
      ->group("Augmentation (training data only)");
  cmd.add_option("--eq-max-db", o.eq_max_db, "Largest boost or cut of a peaking filter, dB")
      ->check(number_in(0.1, 24.0))->capture_default_str()->group("Augmentation (training data only)");
  cmd.add_option("--eq-highpass-max", o.eq_highpass_max, "Highest cutoff of the equaliser's high-pass, Hz (drawn from 20 Hz up)")
      ->check(number_in(20.0, 1000.0))->capture_default_str()->group("Augmentation (training data only)");
  cmd.add_option("--eq-order", o.eq_order, "Order of the equaliser's band limits: 2 (12 dB per octave) or 4 (24, a "
                                           "telephone line's steep edges)")
      ->check(CLI::IsMember({2, 4}))->capture_default_str()->group("Augmentation (training data only)");
  cmd.add_option("--codec", o.codecs, "Lossy codecs to draw from, through GStreamer: opus, vorbis, mp3, gsm, mulaw")
      ->delimiter(',')->check(CLI::IsMember({"opus", "vorbis", "mp3", "gsm", "mulaw"}))->type_name("NAME,...")
      ->group("Augmentation (training data only)");
  cmd.add_option("--codec-bitrate", o.codec_bitrate, "Codec bitrate range in bits/s, MIN:MAX (log-uniform)")
      ->type_name("MIN:MAX")->capture_default_str()->group("Augmentation (training data only)");
  cmd.add_option("--time-masks", o.time_masks, "SpecAugment: time masks per window (sequence features)")
      ->check(number_in(0, 16))->capture_default_str()->group("Augmentation (training data only)");
  cmd.add_option("--time-mask-frames", o.time_mask_frames, "SpecAugment: widest time mask, frames")
      ->check(number_in(1, 1000))->capture_default_str()->group("Augmentation (training data only)");
  cmd.add_option("--freq-masks", o.freq_masks, "SpecAugment: frequency masks per window")
      ->check(number_in(0, 16))->capture_default_str()->group("Augmentation (training data only)");
  cmd.add_option("--freq-mask-bands", o.freq_mask_bands, "SpecAugment: widest frequency mask, bands")
      ->check(number_in(1, 1000))->capture_default_str()->group("Augmentation (training data only)");
}

train::RunConfig make_run_config(const RunOptions& o) {
  train::RunConfig c;
  for (const auto& text : o.corpora) c.data.corpora.push_back(data::parse_corpus_spec(text));
  if (!o.merge.empty()) c.data.labels.add_merges(o.merge);
  if (!o.drop.empty()) c.data.labels.add_drops(o.drop);
  if (!o.keep.empty()) c.data.labels.add_keeps(o.keep);
  c.data.labels.validate();
  c.data.reader.ravdess_song = o.ravdess_song;
  c.data.reader.mesd_naturalness_reduced = o.mesd_naturalness_reduced;
  c.data.reader.default_language = o.default_language;
  c.data.jobs = usable_threads(o.jobs, "--jobs");

  c.trainer.model = o.model;
  c.trainer.hyper_parameters = parse_hp(o.hp, o.hp_json);
  c.spec = load_features(o.features, o.model);
  c.train_hop_seconds = o.train_hop;
  c.trim.enabled = o.trim_non_speech;
  c.trim.margin_seconds = o.trim_margin;
  c.trainer.epochs = o.epochs;
  c.trainer.batch_size = o.batch_size;
  c.trainer.learning_rate = o.lr;
  c.trainer.weight_decay = o.weight_decay;
  c.trainer.mixup = o.mixup;
  c.trainer.schedule.kind = train::parse_lr_schedule(o.schedule);
  c.trainer.schedule.warmup_epochs = o.warmup;
  c.trainer.schedule.min_lr_ratio = o.min_lr_ratio;
  c.trainer.schedule.plateau_factor = o.plateau_factor;
  c.trainer.schedule.plateau_patience = o.plateau_patience;
  c.trainer.patience = o.patience;
  c.trainer.keep_best = o.keep_weights == "best";
  c.trainer.class_weights = !o.no_class_weights;
  c.trainer.seed = o.seed;
  c.trainer.threads = usable_threads(o.threads, "--threads");
  c.validation_fraction = o.validation_fraction;
  c.split = data::parse_fold_scheme(o.split);
  c.folds = o.folds;
  c.fold_seed = o.fold_seed;
  c.adaptation = o.adaptation;
  c.balance = o.balance;
  c.adapt_prior_windows = o.adapt_prior_windows;
  c.adapt_prior_balance = o.adapt_prior_balance;
  c.test_adaptation = o.test_adaptation;
  c.augmentation = augmentation_of(o);
  c.trainer.spec_augment = c.augmentation.spec;
  c.validate();
  return c;
}

train::FeatureCache make_cache(const RunOptions& o, const train::RunConfig& config) {
  if (o.no_cache) return {};
  const std::string dir = o.cache.empty() ? train::default_cache_dir() : o.cache;
  if (dir.empty()) return {};
  return train::FeatureCache(dir, config.extraction().cache_recipe());
}

struct RunProgress::State {
  train::ProgressPrinter printer{train::ProgressPrinter::Stream::Stderr};
  bool terminal = ::isatty(STDERR_FILENO) == 1;
  std::chrono::steady_clock::time_point loop_start;
  size_t last_reported = 0;  // extraction: last count printed as a plain line
  bool extraction_line_open = false;

  void end_extraction_line() {
    if (extraction_line_open) std::cerr << "\n";
    extraction_line_open = false;
  }
};

RunProgress::RunProgress() : state_(std::make_shared<State>()) {}
RunProgress::~RunProgress() { state_->end_extraction_line(); }

train::RunCallbacks RunProgress::callbacks() {
  auto s = state_;
  train::RunCallbacks c;
  c.stage = [s](const std::string& message) {
    s->printer.finish();
    s->end_extraction_line();
    s->last_reported = 0;
    std::cerr << "ser-train: " << message << std::endl;
  };
  c.part = [s](const std::string& part) { s->printer.set_prefix(part); };
  c.extraction = [s](size_t done, size_t total) {
    if (done == total && s->last_reported == total) return;  // the final count, once
    if (s->terminal) {
      std::cerr << "\r  features " << done << "/" << total << "\x1b[K";
      s->extraction_line_open = true;
      if (done == total) {
        s->end_extraction_line();
        s->last_reported = total;
      }
      std::cerr << std::flush;
    } else if (done == total || done >= s->last_reported + std::max<size_t>(1, total / 10)) {
      // Plain lines: about every tenth, so that logs stay short.
      std::cerr << "  features " << done << "/" << total << "\n";
      s->last_reported = done;
    }
  };
  c.epoch = [s](const train::EpochRecord& r, int epochs) {
    const auto now = std::chrono::steady_clock::now();
    if (r.epoch == 1) s->loop_start = now - std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                 std::chrono::duration<double>(r.seconds));
    train::EpochProgress p;
    p.epoch = r.epoch;
    p.epochs = epochs;
    p.loss = r.train_loss;
    p.val_score = r.val_ua;
    p.elapsed_s = std::chrono::duration<double>(now - s->loop_start).count();
    s->printer.update(p);
  };
  return c;
}

std::unique_ptr<PreparedRun> prepare_run(const RunOptions& o, const EarlyChecks& checks, const DistOptions& dist) {
  auto run = std::make_unique<PreparedRun>();
  run->config = make_run_config(o);
  if (checks.config) checks.config(run->config);
  run->job = join_job(dist);
  train::dist::Job* job = run->job.get();
  if (job) share_cores(run->config, *job);
  run_in_job(job, [&] {
    run->cache = make_cache(o, run->config);
    run->callbacks = job && !job->is_root() ? rank_callbacks(*job) : run->progress.callbacks();
    std::function<void(const train::Dataset&)> check_dataset;
    if (checks.dataset) check_dataset = [&](const train::Dataset& d) { checks.dataset(run->config, d); };
    run->data = train::prepare_data(run->config, run->cache, run->callbacks, run->totals, check_dataset,
                                    job ? &job->world() : nullptr);
    if (!job || job->is_root()) print_data_warnings(std::cerr, run->data);
    return 0;
  });
  return run;
}

}  // namespace ser::cli
