// ser-train train: a model bundle trained on all the data given, optionally cross-validated first.
#include <iostream>
#include <memory>

#include "commands.h"
#include "common/atomic_file.h"
#include "common/error.h"
#include "option_checks.h"
#include "run_options.h"
#include "run_summary.h"
#include "train/report/report.h"
#include "train/runs/cross_validation.h"
#include "train/runs/final_model.h"

namespace ser::cli {
namespace {

struct TrainOptions {
  RunOptions run;
  DistOptions dist;
  train::ExportOptions out;
  bool no_validation = false;
  bool cv = false;
  bool force = false;
  std::string report;
};

int run_train(const TrainOptions& o, const CommandLine& command_line) {
  train::ExportOptions out = o.out;
  out.validation = !o.no_validation;
  train::RunReport report = train::start_report(command_line.argc, command_line.argv);
  const std::string report_dir = o.report.empty() ? out.output + ".cv-report" : o.report;
  // Everything that can fail is checked before the first feature is extracted.
  EarlyChecks checks;
  checks.config = [&](const train::RunConfig& config) {
    if (config.fold_seed && !o.cv) {
      throw ParameterError("--fold-seed draws the cross-validation's folds, and train cross-validates only with --cv: "
                           "add --cv or drop --fold-seed");
    }
    out.validate(config.spec);
    check_file_writable(out.output, o.force, "--output");
    if (o.cv) check_folder_writable(report_dir, "--report");
  };
  checks.dataset = [&](const train::RunConfig& config, const train::Dataset& d) {
    if (o.cv) train::check_cross_validation(config, d);
    train::check_export(config, d, out);
  };
  const auto run = prepare_run(o.run, checks, o.dist);
  train::dist::Job* job = run->job.get();
  const bool root = !job || job->is_root();
  return run_in_job(job, [&] {
    nlohmann::json evaluation;
    if (o.cv) {
      train::cross_validate(run->config, run->data, run->cache, run->callbacks, run->totals, report, job);
      if (root) write_cv_report(report, report_dir);
      evaluation = train::evaluation_json(report);
    }
    // In a job every rank trains the model, data parallel, and rank 0 writes it.
    const train::ExportedModel model = train::train_and_export(run->config, run->data, run->cache, out, evaluation,
                                                               run->callbacks, run->totals, job);
    if (job) job->finish();
    if (root) {
      std::cout << "model: " << out.output << " (" << model.info.name << ", " << model.info.labels.size()
                << " classes, best epoch " << model.outcome.best_epoch << " of " << model.outcome.curve.size()
                << ")\n";
    }
    return 0;
  });
}

}  // namespace

Action add_train_command(CLI::App& app, const CommandLine& command_line) {
  auto o = std::make_shared<TrainOptions>();
  CLI::App* cmd = app.add_subcommand("train", command_description("train"));
  add_run_options(*cmd, o->run);
  add_dist_options(*cmd, o->dist);
  cmd->add_option("--output", o->out.output, "The model bundle to write (its folder must exist)")
      ->required()->check(non_empty())->type_name("MODEL")->group("Output");
  cmd->add_flag("--force", o->force, "Replace --output when it exists")->group("Output");
  cmd->add_option("--name", o->out.name, "The bundle's name (default: seremotion-MODEL)")->group("Output");
  cmd->add_option("--description", o->out.description, "The bundle's description (default: generated)")->group("Output");
  cmd->add_option("--hop", o->out.hop_seconds, "Seconds between windows the element uses by default")
      ->check(positive_number())->capture_default_str()->group("Output");
  cmd->add_flag("--no-validation", o->no_validation, "Train on every file for exactly --epochs epochs")->group("Output");
  cmd->add_flag("--cv", o->cv, "Cross-validate first (--split, --folds) and store the scores in the bundle")->group("Output");
  cmd->add_option("--report", o->report, "With --cv: the report folder (default: MODEL.cv-report)")
      ->check(non_empty())->type_name("REPORT_DIR")->group("Output");
  return [o, command_line] { return run_train(*o, command_line); };
}

}  // namespace ser::cli
