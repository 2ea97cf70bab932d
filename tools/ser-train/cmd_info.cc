// ser-train info: a model bundle's metadata, checked by loading the bundle whole.
#include <iostream>
#include <memory>

#include "commands.h"
#include "nn/classifier.h"
#include "nn/default_model.h"

namespace ser::cli {
namespace {

int run_info(const std::string& model_arg) {
  const std::string model = model_arg.empty() ? nn::default_model_path() : model_arg;
  nn::ClassifierOptions options;
  options.device = "cpu";
  options.warm_up = false;
  const nn::Classifier classifier(model, options);
  std::cout << classifier.info().to_json().dump(2) << "\n";
  return 0;
}

}  // namespace

Action add_info_command(CLI::App& app) {
  auto model = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("info", command_description("info"));
  cmd->add_option("model", *model, "A .sermodel bundle or TorchScript module (default: the installed default)");
  return [model] { return run_info(*model); };
}

}  // namespace ser::cli
