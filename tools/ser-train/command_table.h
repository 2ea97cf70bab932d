// ser-train: the table of its subcommands, shared by the two programs that make it up.
//
// `ser-train` itself runs without libtorch: it answers --help and --version and runs `features`;
// the subcommands that need networks (cv, train, predict, info) are `ser-train-nn`, which
// `ser-train` executes with the same arguments (forward_nn.h). So `features` and `--help` cost
// what their work costs, not the 0.4 s of loading libtorch.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "ser_config.h"

namespace ser::cli {

// What --help says of ser-train as a whole.
inline constexpr const char* kAbout =
    "ser-train " SER_VERSION
    ": train, evaluate and export speech emotion recognition models for the seremotion element,\n"
    "and print the features and predictions of audio files.";

struct CommandSummary {
  const char* name;
  bool needs_torch;         // run by ser-train-nn
  const char* description;  // as --help prints it
};

// Every subcommand, in the order --help lists them.
const std::vector<CommandSummary>& command_summaries();
// The description of subcommand `name` (which must be in the table).
const char* command_description(const std::string& name);

// What a program of ser-train does with a command-line error: `ser-train bogus` is
// "ser-train: error: unknown command 'bogus' (commands: ...)" (CLI11 alone says only "A subcommand
// is required"); any other error is CLI11's message. Returns the exit status.
int command_line_error(CLI::App& app, const CLI::ParseError& error, int argc, char** argv);

}  // namespace ser::cli
