// One rank of the distributed tests (test_dist.py starts several on 127.0.0.1): trains a small
// network on synthetic data, data parallel with the other ranks, checking after every step that
// every rank holds the same parameters, and prints what the test compares.
//
//   dist_worker [--world-size N --rank R --port P] [--timeout S] [--epochs E] [--teams K]
//               [--fail-rank R --fail-epoch E] [--mixup ALPHA]
// Without --world-size (or with 1): this process alone, as train_network runs without a job.
// --teams K: the ranks split into K teams (rank r in team r mod K), each training on its own.
// --fail-rank/--fail-epoch: that rank throws at the end of that epoch, as a failing run would.
// --mixup ALPHA: train with mixup (every rank must draw the same pairs and lambda).
// Prints "epoch E loss L" per epoch, then "result hash H accuracy A first_loss L0 last_loss L1
// team_size S" (H: a hash of the test files' probabilities, equal for equal weights), and exits 0; a failure prints "dist_worker: error: ..." and exits 1.
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>

#include "common/error.h"
#include "synthetic_training.h"
#include "train/dist/job.h"
#include "train/inputs/content_hash.h"
#include "train/inputs/normalization_stats.h"
#include "train/report/metrics.h"

namespace {

using namespace ser::train;

struct Args {
  int world_size = 1, rank = 0, port = 29500, epochs = 6, teams = 0, fail_rank = -1, fail_epoch = 0;
  double timeout = 30, mixup = 0;
};

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i];
    const char* v = argv[i + 1];
    if (k == "--world-size") a.world_size = std::atoi(v);
    else if (k == "--rank") a.rank = std::atoi(v);
    else if (k == "--port") a.port = std::atoi(v);
    else if (k == "--timeout") a.timeout = std::atof(v);
    else if (k == "--epochs") a.epochs = std::atoi(v);
    else if (k == "--teams") a.teams = std::atoi(v);
    else if (k == "--fail-rank") a.fail_rank = std::atoi(v);
    else if (k == "--fail-epoch") a.fail_epoch = std::atoi(v);
    else if (k == "--mixup") a.mixup = std::atof(v);
    else throw ser::ParameterError("unknown option " + k);
  }
  return a;
}

int run(const Args& a) {
  std::unique_ptr<dist::Job> job;
  if (a.world_size > 1) {
    dist::LaunchSettings s;
    s.world_size = a.world_size;
    s.rank = a.rank;
    s.master_port = a.port;
    s.timeout_s = a.timeout;
    s.check_sync = true;
    s.source = "options";
    job = std::make_unique<dist::Job>(s, [](const std::string& message) {
      std::cout << "dist_worker: error: " << message << std::endl;
      std::_Exit(1);
    });
  }
  try {
    std::unique_ptr<dist::Group> team;
    dist::Group* group = job ? &job->world() : nullptr;
    if (job && a.teams > 0) {
      team = job->split(a.teams);
      group = team.get();
    }
    const Synthetic data("issa193", 120, 1);
    const ExampleSet train = data.set(0, 80), val = data.set(80, 100), test = data.set(100, 120);
    const auto norm = normalization_of(train, data.spec);
    const auto on_epoch = [&](const EpochRecord& r, int) {
      std::cout << "epoch " << r.epoch << " loss " << r.train_loss << std::endl;
      if (a.rank == a.fail_rank && r.epoch == a.fail_epoch) {
        throw ser::Error("rank " + std::to_string(a.rank) + " failed on purpose at epoch " + std::to_string(r.epoch));
      }
    };
    TrainerOptions o = small_issa(a.epochs);
    o.patience = 0;
    o.mixup = a.mixup;
    const TrainingOutcome out = train_network(train, &val, 2, data.spec, norm, o, on_epoch, group);
    // The probabilities of the test files stand for the weights: equal weights give equal bits.
    const ser::Matrix p = out.network->file_probabilities(test);
    const std::string bytes(reinterpret_cast<const char*>(p.data()), p.size() * sizeof(float));
    const double accuracy = evaluate(test.file_targets, argmax_rows(p), 2).accuracy;
    std::cout.precision(17);
    std::cout << "result hash " << hash_text(bytes) << " accuracy " << accuracy << " first_loss "
              << out.curve.front().train_loss << " last_loss " << out.curve.back().train_loss << " team_size "
              << (group ? group->size() : 1) << std::endl;
    if (job) job->finish();
    return 0;
  } catch (const ser::Error& e) {
    if (job) job->fail(e.what());
    std::cout << "dist_worker: error: " << e.what() << std::endl;
    return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(parse(argc, argv));
  } catch (const std::exception& e) {
    std::cout << "dist_worker: error: " << e.what() << std::endl;
    return 1;
  }
}
