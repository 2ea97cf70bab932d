// Walking a corpus on disk as people assemble them (issue 14, defect 8): folders linked in from
// elsewhere are followed, and whatever is passed over (dangling links, link loops, FIFOs, folders
// named like audio files) is counted and named rather than skipped without a word.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "data/audio_files.h"
#include "data/corpus_registry.h"
#include "error_of.h"
#include "temp_tree.h"

namespace ser::data {
namespace {

namespace fs = std::filesystem;
using test::TempTree;

TEST(CorpusWalk, SymlinkedActorFoldersAreFollowed) {
  TempTree store, corpus;
  store.touch({"a1/03-01-05-01-01-01-01.flac", "a1/03-01-04-01-01-01-01.flac", "a2/03-01-05-01-01-01-02.flac"});
  fs::create_directory_symlink(store.path("a1"), corpus.path("Actor_01"));
  fs::create_directory_symlink(store.path("a2"), corpus.path("Actor_02"));
  const CorpusListing l = read_corpus({"ravdess", corpus.root().string()});
  ASSERT_EQ(l.utterances.size(), 3u);
  EXPECT_EQ(l.utterances[0].path, corpus.path("Actor_01/03-01-04-01-01-01-01.flac"));  // under the link's name
  EXPECT_EQ(l.skipped.count, 0u) << l.skipped.summary();
}

TEST(CorpusWalk, TheNothingFoundMessageNamesOtherExtensionsToo) {
  TempTree corpus;
  corpus.touch({"Actor_01/notes.txt"});
  const std::string e = test::error_of<CorpusError>([&] { read_corpus({"ravdess", corpus.root().string()}); });
  EXPECT_NE(e.find("expected Actor_XX/03-01-EE-II-SS-RR-AA.wav (or .flac, .mp3"), std::string::npos) << e;
}

TEST(CorpusWalk, WhatIsPassedOverIsCountedAndNamed) {
  TempTree t;
  t.touch({"Actor_01/03-01-05-01-01-01-01.wav"});
  ASSERT_EQ(::mkfifo(t.path("Actor_01/03-01-05-01-01-02-01.wav").c_str(), 0600), 0);
  fs::create_symlink(t.path("nowhere.wav"), t.path("Actor_01/03-01-05-01-02-01-01.wav"));  // dangling
  fs::create_symlink(t.path("Actor_01/loop-b"), t.path("Actor_01/loop-a"));
  fs::create_symlink(t.path("Actor_01/loop-a"), t.path("Actor_01/loop-b"));
  fs::create_directories(t.path("Actor_01/03-01-05-01-02-02-01.wav"));  // a folder
  fs::create_directory_symlink(t.root(), t.path("Actor_01/up"));        // back to the root
  SkippedFiles skipped;
  const auto files = list_audio_files(t.root(), &skipped);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0], fs::path(t.path("Actor_01/03-01-05-01-01-01-01.wav")));
  EXPECT_EQ(skipped.count, 6u) << skipped.summary();
  for (const char* reason : {"not a regular file (a FIFO)", "a dangling symbolic link (its target does not exist)",
                             "a symbolic link loop", "a folder named like an audio file",
                             "a folder already listed (a link back to a folder above it, or a second link to it)"}) {
    EXPECT_EQ(skipped.by_reason.count(reason), 1u) << reason << " in " << skipped.summary();
  }
  EXPECT_EQ(skipped.by_reason["a symbolic link loop"], 2u);
  // The reader's listing carries them, so that ser-train prints them and the report lists them.
  const CorpusListing l = read_corpus({"ravdess", t.root().string()});
  EXPECT_EQ(l.utterances.size(), 1u);
  EXPECT_EQ(l.skipped.count, 6u) << l.skipped.summary();
}

}  // namespace
}  // namespace ser::data
