// ser-train: handing a subcommand that needs libtorch to ser-train-nn.
#pragma once

namespace ser::cli {

// Executes ser-train-nn with argv (argv[0] included, unchanged): the one beside this program (a
// build tree), else, when this program is installed in <prefix>/<bindir>, the one in
// <prefix>/<libexecdir>/seremotion (found from where it is, as the models are:
// common/shipped_files.h). Returns only when neither could be executed, after printing why on
// stderr; the exit status to use then.
int forward_to_nn(char** argv);

}  // namespace ser::cli
