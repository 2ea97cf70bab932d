// ser-train: corpora in, evaluated model bundles out; and the features and predictions of files.
//
// This program answers --help and --version and runs `features` itself, without libtorch; the
// subcommands that need networks run in ser-train-nn (command_table.h), which it executes with the
// same arguments, so every subcommand behaves as documented whichever program runs it.
#include <CLI/CLI.hpp>

#include <cstring>

#include "command_table.h"
#include "commands.h"
#include "forward_nn.h"

int main(int argc, char** argv) {
  if (argc > 1) {
    for (const auto& c : ser::cli::command_summaries()) {
      if (c.needs_torch && std::strcmp(argv[1], c.name) == 0) return ser::cli::forward_to_nn(argv);
    }
  }
  CLI::App app{ser::cli::kAbout, "ser-train"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "ser-train " SER_VERSION);
  // The subcommands ser-train-nn runs are listed for --help; they never reach the parser here.
  for (const auto& c : ser::cli::command_summaries()) {
    if (c.needs_torch) app.add_subcommand(c.name, c.description)->prefix_command();
  }
  const ser::cli::Action features = ser::cli::add_features_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return ser::cli::command_line_error(app, e, argc, argv);
  }
  return ser::cli::run_action(features);
}
