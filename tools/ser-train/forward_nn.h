// ser-train: handing a subcommand that needs libtorch to ser-train-nn.
#pragma once

namespace ser::cli {

// Executes ser-train-nn with argv (argv[0] included, unchanged): the one beside this program
// (a build tree), else the installed one (<libexecdir>/seremotion/ser-train-nn). Returns only
// when neither could be executed, after printing why on stderr; the exit status to use then.
int forward_to_nn(char** argv);

}  // namespace ser::cli
