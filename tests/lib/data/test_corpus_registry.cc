// Corpus specs (NAME=DIR), reading by name, and the errors a person sees.
#include <gtest/gtest.h>

#include "data/corpus_registry.h"
#include "data/corpus_spec.h"
#include "error_of.h"
#include "temp_tree.h"

namespace ser::data {
namespace {

using test::TempTree;

template <typename F>
std::string error_of(F f) {
  return test::error_of<CorpusError>(f);
}

TEST(CorpusSpec, NamesAliasesAndPaths) {
  CorpusSpec s = parse_corpus_spec("ravdess=/data/RAVDESS");
  EXPECT_EQ(s.name, "ravdess");
  EXPECT_EQ(s.path, "/data/RAVDESS");
  EXPECT_EQ(parse_corpus_spec("CREMA=/x").name, "crema-d");
  EXPECT_EQ(parse_corpus_spec("emo-db=/x").name, "emodb");
  EXPECT_EQ(parse_corpus_spec("jl=/x").name, "jl-corpus");
  EXPECT_EQ(parse_corpus_spec("csv=/x/manifest.csv").path, "/x/manifest.csv");
  EXPECT_EQ(parse_corpus_spec("folders=/x/a=b").path, "/x/a=b");  // '=' in the path is kept
}

TEST(CorpusSpec, ErrorsSayWhatIsWrong) {
  EXPECT_NE(error_of([] { parse_corpus_spec("/data/RAVDESS"); }).find("must be given as NAME=DIR"),
            std::string::npos);
  const std::string unknown = error_of([] { parse_corpus_spec("ravness=/data"); });
  EXPECT_NE(unknown.find("unknown corpus 'ravness'"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("ravdess, crema-d, tess, savee, emodb, emovo, cafe, mesd, jl-corpus, iemocap, csv, folders"),
            std::string::npos)
      << unknown;
  EXPECT_NE(error_of([] { parse_corpus_spec("ravdess="); }).find("names no directory"), std::string::npos);
}

TEST(CorpusRegistry, EveryNameHasALayoutAndAReader) {
  ASSERT_EQ(corpus_names().size(), 12u);
  for (const std::string& name : corpus_names()) {
    EXPECT_FALSE(corpus_layout(name).empty()) << name;
    EXPECT_EQ(canonical_corpus_name(name), name);
  }
  EXPECT_FALSE(canonical_corpus_name("nope"));
}

TEST(CorpusRegistry, ReadsByName) {
  TempTree t;
  t.touch({"Actor_01/03-01-05-02-01-01-01.wav", "Actor_02/03-01-02-01-01-01-02.wav"});
  const CorpusListing l = read_corpus(parse_corpus_spec("ravdess=" + t.root().string()));
  EXPECT_EQ(l.corpus, "ravdess");
  EXPECT_EQ(l.utterances.size(), 2u);
}

TEST(CorpusRegistry, MissingDirectoryIsAnError) {
  const std::string e = error_of([] { read_corpus(parse_corpus_spec("ravdess=/no/such/dir")); });
  EXPECT_NE(e.find("RAVDESS directory /no/such/dir does not exist"), std::string::npos) << e;
}

TEST(CorpusRegistry, ACorpusThatYieldsNothingIsAnErrorSayingWhatWasExpected) {
  TempTree t;
  t.touch({"Actor_01/hello.wav", "Actor_01/world.wav"});
  const std::string e = error_of([&] { read_corpus({"ravdess", t.root().string()}); });
  EXPECT_NE(e.find("no RAVDESS files found under " + t.root().string() +
                   ": expected Actor_XX/03-01-EE-II-SS-RR-AA.wav"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("skipped 2 files: 2 name does not match MM-VV-EE-II-SS-RR-AA"), std::string::npos) << e;
  EXPECT_NE(e.find("hello.wav"), std::string::npos) << e;

  TempTree empty;
  const std::string e2 = error_of([&] { read_corpus({"emodb", empty.root().string()}); });
  EXPECT_NE(e2.find("no EMO-DB files found under"), std::string::npos) << e2;
  EXPECT_EQ(e2.find("skipped"), std::string::npos) << e2;
}

TEST(CorpusRegistry, CsvTakesAFileAndTheOthersAFolder) {
  TempTree t;
  t.write("m.csv", "");
  EXPECT_NE(error_of([&] { read_corpus({"csv", t.root().string()}); }).find("csv= takes the manifest file"),
            std::string::npos);
  EXPECT_NE(error_of([&] { read_corpus({"tess", t.path("m.csv")}); }).find("is not a directory"), std::string::npos);
  EXPECT_NE(error_of([&] { read_corpus({"csv", t.path("m.csv")}); }).find("no usable row in CSV manifest"),
            std::string::npos);
}

TEST(CorpusRegistry, SkipSummaryNamesTheFirstFew) {
  SkippedFiles s;
  EXPECT_EQ(s.summary(), "");
  for (int i = 0; i < 7; ++i) s.add("f" + std::to_string(i) + ".wav", i < 5 ? "bad name" : "duplicate recording");
  EXPECT_EQ(s.count, 7u);
  EXPECT_EQ(s.examples.size(), SkippedFiles::kMaxExamples);
  EXPECT_EQ(s.summary(),
            "skipped 7 files: 5 bad name, 2 duplicate recording; e.g. f0.wav (bad name), f1.wav (bad name), "
            "f2.wav (bad name), f3.wav (bad name), f4.wav (bad name)");
}

}  // namespace
}  // namespace ser::data
