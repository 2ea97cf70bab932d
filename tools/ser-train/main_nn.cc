// ser-train-nn: the subcommands of ser-train that need libtorch (cv, train, predict, info, average), and the
// others too, so that it is the whole of ser-train in one program. `ser-train` runs it for those
// subcommands (command_table.h); it is not meant to be run by hand, though it can be.
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
  CLI::App app{ser::cli::kAbout, "ser-train"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "ser-train " SER_VERSION);
  const ser::cli::CommandLine command_line{argc, argv};
  std::map<std::string, ser::cli::Action> actions;
  actions["cv"] = ser::cli::add_cv_command(app, command_line);
  actions["train"] = ser::cli::add_train_command(app, command_line);
  actions["predict"] = ser::cli::add_predict_command(app);
  actions["info"] = ser::cli::add_info_command(app);
  actions["average"] = ser::cli::add_average_command(app);
  actions["features"] = ser::cli::add_features_command(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return ser::cli::command_line_error(app, e, argc, argv);
  }
  for (CLI::App* sub : app.get_subcommands()) return ser::cli::run_action(actions.at(sub->get_name()));
  return 0;
}
