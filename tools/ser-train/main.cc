// ser-train: corpora in, evaluated model bundles out; and the features and predictions of files.
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>
#include <map>
#include <string>

#include "commands.h"
#include "passive_openmp.h"
#include "common/error.h"
#include "ser_config.h"

int main(int argc, char** argv) {
  ser::cli::ensure_passive_openmp(argv);
  CLI::App app{
      "ser-train " SER_VERSION
      ": train, evaluate and export speech emotion recognition models for the seremotion element,\n"
      "and print the features and predictions of audio files."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "ser-train " SER_VERSION);
  const ser::cli::CommandLine command_line{argc, argv};
  std::map<std::string, ser::cli::Action> actions;
  actions["cv"] = ser::cli::add_cv_command(app, command_line);
  actions["train"] = ser::cli::add_train_command(app, command_line);
  actions["predict"] = ser::cli::add_predict_command(app);
  actions["info"] = ser::cli::add_info_command(app);
  actions["features"] = ser::cli::add_features_command(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 says only "A subcommand is required" for `ser-train bogus`: name the word it did not know.
    if (app.get_subcommands().empty() && argc > 1 && argv[1][0] != '-' && actions.count(argv[1]) == 0) {
      std::cerr << "ser-train: error: unknown command '" << argv[1] << "' (commands: cv, train, predict, info, "
                << "features; ser-train --help)\n";
      return e.get_exit_code();
    }
    return app.exit(e);
  }
  try {
    for (CLI::App* sub : app.get_subcommands()) return actions.at(sub->get_name())();
  } catch (const ser::Error& e) {
    std::cerr << "ser-train: error: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "ser-train: internal error: " << e.what() << "\n";
    return 3;
  }
  return 0;
}
