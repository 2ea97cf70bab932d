// ser-train info: a model bundle's metadata, checked by loading the bundle whole.
#include <iostream>
#include <memory>

#include "commands.h"
#include "model_option.h"
#include "option_checks.h"

namespace ser::cli {
namespace {

int run_info(const std::string& model, bool allow_torchscript) {
  nn::ClassifierOptions options;
  options.device = "cpu";
  options.warm_up = false;
  const nn::Classifier classifier = load_classifier(model, options, allow_torchscript);
  std::cout << classifier.info().to_json().dump(2) << "\n";
  return 0;
}

}  // namespace

Action add_info_command(CLI::App& app) {
  auto model = std::make_shared<std::string>();
  auto allow_torchscript = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("info", command_description("info"));
  cmd->add_option("model", *model, "A .sermodel bundle or TorchScript module (default: the installed default)")
      ->check(non_empty());
  cmd->add_flag("--allow-torchscript", *allow_torchscript, kAllowTorchScriptHelp);
  return [model, allow_torchscript] { return run_info(*model, *allow_torchscript); };
}

}  // namespace ser::cli
