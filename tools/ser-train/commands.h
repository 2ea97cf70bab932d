// ser-train: the subcommands, each in its own cmd_<name>.cc. main.cc wires them into the CLI.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

#include "command_table.h"

namespace ser::cli {

// Each add_* registers its subcommand on `app` and returns the action main runs when it is
// chosen. The action returns the process exit status; it may throw ser::Error, which main turns
// into "ser-train: error: <message>" and exit status 1.
using Action = std::function<int()>;

// The command line as typed, which reports quote so that a run can be repeated.
struct CommandLine {
  int argc = 0;
  const char* const* argv = nullptr;
};

// Runs `action` and turns what it throws into the exit statuses above: ser::Error prints
// "ser-train: error: <message>" and gives 1, any other exception "ser-train: internal error: ..." and 3.
int run_action(const Action& action);

Action add_features_command(CLI::App& app);
Action add_cv_command(CLI::App& app, const CommandLine& command_line);
Action add_train_command(CLI::App& app, const CommandLine& command_line);
Action add_predict_command(CLI::App& app);
Action add_info_command(CLI::App& app);
Action add_average_command(CLI::App& app);

}  // namespace ser::cli
