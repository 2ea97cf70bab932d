// seremotion: the learning curve of one fold, one record per training epoch (the trainer fills it).
#pragma once

#include <limits>
#include <vector>

namespace ser::train {

struct EpochRecord {
  int epoch = 0;                 // 1-based epoch number
  double train_loss = 0.0;       // mean training loss (cross-entropy) over the epoch's batches
  // Validation loss and UA (unweighted accuracy, metrics.h) after the epoch; NaN when the fold
  // has no validation set (written as null in report.json and left out of the plots).
  double val_loss = std::numeric_limits<double>::quiet_NaN();
  double val_ua = std::numeric_limits<double>::quiet_NaN();
  double learning_rate = 0.0;    // the optimiser's learning rate during the epoch
  double seconds = 0.0;          // wall time of the epoch (training + validation), seconds
};

using LearningCurve = std::vector<EpochRecord>;

}  // namespace ser::train
