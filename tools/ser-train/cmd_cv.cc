// ser-train cv: k-fold cross-validation of a training recipe, written as a report folder.
#include <iostream>
#include <memory>

#include "commands.h"
#include "common/atomic_file.h"
#include "option_checks.h"
#include "run_options.h"
#include "run_summary.h"
#include "train/report/report.h"
#include "train/runs/cross_validation.h"

namespace ser::cli {
namespace {

struct CvOptions {
  RunOptions run;
  DistOptions dist;
  std::string out;
};

int run_cv(const CvOptions& o, const CommandLine& command_line) {
  train::RunReport report = train::start_report(command_line.argc, command_line.argv);
  EarlyChecks checks;
  checks.config = [&](const train::RunConfig&) { check_folder_writable(o.out, "--out"); };
  checks.dataset = train::check_cross_validation;
  const auto run = prepare_run(o.run, checks, o.dist);
  train::dist::Job* job = run->job.get();
  return run_in_job(job, [&] {
    train::cross_validate(run->config, run->data, run->cache, run->callbacks, run->totals, report, job);
    // Every rank's folds are in: the job is over, and rank 0 alone writes the one report.
    if (job) job->finish();
    if (!job || job->is_root()) write_cv_report(report, o.out);
    return 0;
  });
}

}  // namespace

Action add_cv_command(CLI::App& app, const CommandLine& command_line) {
  auto o = std::make_shared<CvOptions>();
  CLI::App* cmd = app.add_subcommand("cv", command_description("cv"));
  add_run_options(*cmd, o->run);
  add_dist_options(*cmd, o->dist);
  cmd->add_option("--out", o->out, "The report folder to write (created; files in it are replaced)")
      ->required()->check(non_empty())->type_name("REPORT_DIR")->group("Output");
  return [o, command_line] { return run_cv(*o, command_line); };
}

}  // namespace ser::cli
