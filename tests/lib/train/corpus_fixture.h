// Tests of lib/train on real recordings: a small RAVDESS-shaped corpus of links to ../shared/data
// files (4 actors x happy and sad = 64 files) plus one corrupt file the reader lists, and a run
// configuration that trains a tiny network for a few epochs.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "common/shared_data.h"
#include "lib/data/temp_tree.h"
#include "train/runs/run_config.h"

namespace ser::train::test {

// A WAV header followed by garbage: listed by the reader (a song file, read with ravdess_song),
// refused by the decoder.
inline constexpr const char* kCorruptFile = "Actor_01/03-02-03-01-01-01-01.wav";

inline void make_small_ravdess(const data::test::TempTree& tree) {
  namespace fs = std::filesystem;
  const fs::path source = fs::path(ser::test::data_dir()) / "ravdess";
  for (const char* actor : {"Actor_01", "Actor_02", "Actor_03", "Actor_04"}) {
    fs::create_directories(tree.root() / "ravdess" / actor);
    for (const auto& e : fs::directory_iterator(source / actor)) {
      const std::string name = e.path().filename().string();
      const std::string emotion = name.substr(6, 2);
      if (emotion == "03" || emotion == "04") fs::create_symlink(e.path(), tree.root() / "ravdess" / actor / name);
    }
  }
  tree.write(std::string("ravdess/") + kCorruptFile, std::string("RIFF\x24\x08\0\0WAVEfmt ", 16) + std::string(600, '\x7f'));
}

inline RunConfig small_run(const data::test::TempTree& tree) {
  RunConfig c;
  c.data.corpora = {{"ravdess", (tree.root() / "ravdess").string()}};
  c.data.labels.add_keeps("happy,sad");
  c.data.reader.ravdess_song = true;
  c.data.jobs = 2;
  c.spec = features::FeatureSpec::preset("issa193");
  c.trainer.model = "issa1d";
  c.trainer.hyper_parameters = {{"first_channels", 8}, {"channels", 8}, {"kernel_size", 3}};
  c.trainer.epochs = 2;
  c.trainer.batch_size = 16;
  c.trainer.threads = 1;
  c.trainer.seed = 3;
  c.split = data::FoldScheme::SpeakerGrouped;
  c.folds = 2;
  c.validate();
  return c;
}

}  // namespace ser::train::test
