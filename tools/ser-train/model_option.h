// ser-train: the model bundle predict and info load, with errors that name the options to change.
#pragma once

#include <string>

#include "nn/classifier.h"

namespace ser::cli {

// The Classifier of `model` ("": the installed default, nn/default_model.h). A TorchScript module
// is loaded only with `allow_torchscript` (--allow-torchscript); without it, and for any other
// failure, a ser::Error saying which option to change.
nn::Classifier load_classifier(const std::string& model, nn::ClassifierOptions options, bool allow_torchscript);

// The help of --allow-torchscript, one text for every command that has it.
extern const char* const kAllowTorchScriptHelp;

}  // namespace ser::cli
