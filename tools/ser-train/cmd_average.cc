// ser-train average: several training runs' bundles into one whose probabilities are theirs averaged.
#include <iostream>
#include <memory>

#include "commands.h"
#include "nn/bundle_average.h"
#include "option_checks.h"
#include "option_file.h"

namespace ser::cli {
namespace {

struct AverageCliOptions {
  std::vector<std::string> runs;
  std::string output;
  std::string evaluation;  // a JSON file; "": none
  nn::AverageOptions average;
};

int run_average(AverageCliOptions o) {
  if (!o.evaluation.empty()) {
    const std::string text = read_option_file(o.evaluation, "--evaluation", "evaluation file");
    o.average.evaluation = parse_option_json(text, "--evaluation", "'" + o.evaluation + "'");
  }
  nn::average_bundles(o.runs, o.output, o.average);
  std::cerr << "ser-train: wrote " << o.runs.size() << " training runs averaged to " << o.output << "\n";
  return 0;
}

}  // namespace

Action add_average_command(CLI::App& app) {
  auto o = std::make_shared<AverageCliOptions>();
  CLI::App* cmd = app.add_subcommand("average", command_description("average"));
  cmd->add_option("runs", o->runs, "The .sermodel bundles of the runs (2 to 16)")->required()->check(non_empty());
  cmd->add_option("-o,--output", o->output, "The bundle to write")->required()->check(non_empty());
  cmd->add_option("--name", o->average.name, "The bundle's name (default: the first run's)")->check(non_empty());
  cmd->add_option("--description", o->average.description,
                  "The bundle's description (default: the number of runs and the first run's description)")
      ->check(non_empty());
  cmd->add_option("--evaluation", o->evaluation,
                  "A JSON file holding the average's evaluation (tools/average-runs.py --evaluation: the runs' "
                  "cross-validation averaged file by file); each run's own is kept beside it")
      ->check(non_empty());
  return [o] { return run_average(*o); };
}

}  // namespace ser::cli
