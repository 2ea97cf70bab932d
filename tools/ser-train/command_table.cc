#include "command_table.h"

#include <exception>
#include <iostream>
#include <stdexcept>

#include "commands.h"
#include "common/error.h"

namespace ser::cli {

const std::vector<CommandSummary>& command_summaries() {
  static const std::vector<CommandSummary> table{
      {"cv", true,
       "Cross-validate a model on corpora and write a report folder (report.json, report.md,\n"
       "confusion.png, folds.png, curves.png). Each fold trains on its training part, early-stops on a\n"
       "validation part carved out of that training part (never the test fold), and scores each test\n"
       "file by the mean of its windows' probabilities. Example:\n"
       "  ser-train cv --corpus ravdess=DIR --model issa1d --split speaker --folds 5 --out report/"},
      {"train", true,
       "Train a model on all the corpora given and export it as a .sermodel bundle with its metadata\n"
       "(corpora and licences, features, normalisation, labels, protocol). A validation part of the\n"
       "files (--validation-fraction, by speaker with --split speaker or loso) chooses the epoch to\n"
       "keep; --no-validation trains on every file for exactly --epochs epochs. With --cv the same\n"
       "recipe is cross-validated first and the scores go into the bundle. Example:\n"
       "  ser-train train --corpus ravdess=DIR --model issa1d --cv --output ravdess.sermodel"},
      {"predict", true,
       "Classify audio files with a model bundle, printing one JSON object per line: file, label,\n"
       "confidence, probabilities (label -> probability), speech_share. Windows go through the element's\n"
       "gates: too quiet is 'silence', too little speech (Silero VAD) is 'no-speech' unless its pitch\n"
       "track is speech's (the voicing rescue), neither is classified. A whole file is scored by the mean\n"
       "of its classified windows' probabilities (a file shorter than a window is one window; a file\n"
       "with none is 'no-speech' or 'silence') and also gets duration and window counts; with\n"
       "--windows each window gets its own line with start and duration (seconds), its gates and\n"
       "trust flags, cut by the same rule as the seremotion element (a last partial window counts\n"
       "when it is at least half a window). Without --model, the installed default model."},
      {"info", true,
       "Print a model bundle's metadata as JSON (name, architecture and hyper-parameters, features,\n"
       "normalisation, labels, hop, corpora and licences, evaluation), after loading it whole."},
      {"average", true,
       "Average several training runs of one recipe (bundles from `train` with other --seed values)\n"
       "into one bundle whose probabilities are the mean of theirs; each run keeps its own\n"
       "normalisation and calibration. The element and predict run it as any bundle. Example:\n"
       "  ser-train average run0.sermodel run1.sermodel run2.sermodel --output averaged.sermodel"},
      {"features", false,
       "Print the features of audio files, exactly as training and the element compute them.\n"
       "By default each file is one span (the whole clip, as librosa's recipes take it); with\n"
       "--windows, each window of the spec's length, as the element cuts them."},
  };
  return table;
}

const char* command_description(const std::string& name) {
  for (const auto& c : command_summaries())
    if (name == c.name) return c.description;
  throw std::logic_error("ser-train: no subcommand " + name + " in the command table");
}

int command_line_error(CLI::App& app, const CLI::ParseError& error, int argc, char** argv) {
  const bool named = argc > 1 && argv[1][0] != '-';
  bool known = false;
  std::string names;
  for (const auto& c : command_summaries()) {
    names += (names.empty() ? "" : ", ") + std::string(c.name);
    known = known || (named && std::string(argv[1]) == c.name);
  }
  if (app.get_subcommands().empty() && named && !known) {
    std::cerr << "ser-train: error: unknown command '" << argv[1] << "' (commands: " << names
              << "; ser-train --help)\n";
    return error.get_exit_code();
  }
  return app.exit(error);
}

int run_action(const Action& action) {
  try {
    return action();
  } catch (const Error& e) {
    std::cerr << "ser-train: error: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "ser-train: internal error: " << e.what() << "\n";
    return 3;
  }
}

}  // namespace ser::cli
