// The readers whose labels come from label files rather than file names: IEMOCAP, the CSV
// manifest and the label folders, on made-up trees.
#include <gtest/gtest.h>

#include "data/corpora/csv_manifest.h"
#include "data/corpora/iemocap.h"
#include "data/corpora/label_folders.h"
#include "listing_checks.h"
#include "temp_tree.h"

namespace ser::data {
namespace {

using test::find;
using test::TempTree;

// Session1 (improvised, five turns) and Session2 (scripted, one turn) of an IEMOCAP release.
void make_iemocap(const TempTree& t, const std::string& top) {
  t.write(top + "Session1/dialog/EmoEvaluation/Ses01F_impro01.txt",
          "% [START_TIME - END_TIME] TURN_NAME EMOTION [V, A, D]\n\n"
          "[6.2901 - 8.2357]\tSes01F_impro01_F000\tneu\t[2.5000, 2.5000, 2.5000]\n"
          "C-E2:\tNeutral;\t()\n"
          "A-E3:\tval 3; act 2; dom  2;\t()\n\n"
          "[10.0100 - 11.3925]\tSes01F_impro01_M001\tfru\t[2.0000, 3.5000, 3.5000]\n"
          "[14.8872 - 18.0175]\tSes01F_impro01_F002\txxx\t[2.5000, 2.5000, 2.5000]\n"
          "[19.2900 - 20.7875]\tSes01F_impro01_M003\tang\t[1.5000, 4.0000, 4.0000]\n"
          "[21.0000 - 22.0000]\tSes01F_impro01_F004\texc\t[4.0000, 4.0000, 3.0000]\n"
          "[23.0 - 24.0] broken line\n");
  t.write(top + "Session1/dialog/EmoEvaluation/Categorical/Ses01F_impro01_e1_cat.txt",
          "[6.2901 - 8.2357]\tSes01F_impro01_F000\tsad\t[1.0, 1.0, 1.0]\n");  // rater files: not read
  for (const char* turn : {"F000", "M001", "F002", "M003"}) {
    t.write(top + "Session1/sentences/wav/Ses01F_impro01/Ses01F_impro01_" + turn + ".wav");
  }  // F004 has no audio
  t.write(top + "Session2/dialog/EmoEvaluation/Ses02M_script01_1.txt",
          "[1.0 - 2.5]\tSes02M_script01_1_F010\thap\t[4.0, 3.0, 3.0]\n");
  t.write(top + "Session2/sentences/wav/Ses02M_script01_1/Ses02M_script01_1_F010.flac");
}

TEST(IemocapReader, TurnsLabelsSpeakersAndExtras) {
  TempTree t;
  make_iemocap(t, "");
  const CorpusListing l = read_iemocap(t.root());
  ASSERT_EQ(l.utterances.size(), 4u);
  const Utterance* neu = find(l, "Ses01F_impro01_F000.wav");
  ASSERT_TRUE(neu);
  EXPECT_EQ(neu->label, "neutral");
  EXPECT_EQ(neu->original_label, "neu");
  EXPECT_EQ(neu->speaker, "iemocap:Ses01F");
  EXPECT_EQ(neu->gender, Gender::Female);
  EXPECT_EQ(neu->corpus, "iemocap");
  EXPECT_EQ(neu->extras.at("session"), "1");
  EXPECT_EQ(neu->extras.at("dialog"), "Ses01F_impro01");
  EXPECT_EQ(neu->extras.at("kind"), "improvised");
  EXPECT_EQ(neu->extras.at("start"), "6.2901");
  EXPECT_EQ(neu->extras.at("end"), "8.2357");
  EXPECT_EQ(neu->extras.at("valence"), "2.5000");
  const Utterance* fru = find(l, "Ses01F_impro01_M001.wav");
  ASSERT_TRUE(fru);
  EXPECT_EQ(fru->label, "frustrated");
  EXPECT_EQ(fru->speaker, "iemocap:Ses01M");  // the actor speaks, though the actress wears the markers
  EXPECT_EQ(fru->gender, Gender::Male);
  EXPECT_EQ(find(l, "Ses01F_impro01_M003.wav")->label, "angry");
  const Utterance* hap = find(l, "Ses02M_script01_1_F010.flac");
  ASSERT_TRUE(hap);
  EXPECT_EQ(hap->label, "happy");
  EXPECT_EQ(hap->speaker, "iemocap:Ses02F");
  EXPECT_EQ(hap->extras.at("kind"), "scripted");
  EXPECT_EQ(hap->extras.at("dialog"), "Ses02M_script01_1");

  EXPECT_EQ(l.skipped.count, 3u);
  EXPECT_EQ(l.skipped.by_reason.at("no agreed label (xxx)"), 1u);
  EXPECT_EQ(l.skipped.by_reason.at("no audio in sentences/wav/<dialog>/"), 1u);
  EXPECT_EQ(l.skipped.by_reason.at("line does not match [START - END] TURN EMO [V, A, D]"), 1u);
}

TEST(IemocapReader, RootOneFolderAbove) {
  TempTree t;
  make_iemocap(t, "IEMOCAP_full_release/");
  EXPECT_EQ(read_iemocap(t.root()).utterances.size(), 4u);
}

TEST(IemocapReader, ATurnListedTwiceIsOneUtterance) {
  TempTree t;
  make_iemocap(t, "");
  t.write("Session1/dialog/EmoEvaluation/Ses01F_impro01_copy.txt",
          "[6.2901 - 8.2357]\tSes01F_impro01_F000\tneu\t[2.5000, 2.5000, 2.5000]\n");
  const CorpusListing l = read_iemocap(t.root());
  EXPECT_EQ(l.utterances.size(), 4u);
  EXPECT_EQ(l.skipped.by_reason.at("turn listed twice"), 1u);
}

TEST(CsvManifestReader, HeaderlessRowsRelativePathsAndSkips) {
  TempTree t;
  t.touch({"audio/a.wav", "audio/b, c.flac", "audio/d.mp3", "elsewhere/e.wav"});
  t.write("list/manifest.csv",
          "../audio/a.wav,anger,spk1\n"
          "\"../audio/b, c.flac\",Happy,spk2,de\n"
          "../audio/d.mp3,neutral,\n" +
              t.path("elsewhere/e.wav") + ",sad,spk1,en\n"
              "../audio/missing.wav,sad,spk1\n"
              "../audio/a.wav,angry,spk1\n"
              "../audio/d.mp3,laughing,spk3\n"
              "../audio/d.mp3\n");
  const CorpusListing l = read_csv_manifest(t.root() / "list/manifest.csv");
  ASSERT_EQ(l.utterances.size(), 4u);
  const Utterance* a = find(l, "a.wav");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->label, "angry");
  EXPECT_EQ(a->original_label, "anger");
  EXPECT_EQ(a->speaker, "csv:spk1");
  EXPECT_EQ(a->corpus, "csv");
  EXPECT_EQ(a->language, "und");
  const Utterance* b = find(l, "b, c.flac");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->label, "happy");
  EXPECT_EQ(b->language, "de");
  EXPECT_EQ(find(l, "d.mp3")->speaker, "csv:file:../audio/d.mp3");  // no speaker: one of its own
  EXPECT_EQ(find(l, "elsewhere/e.wav")->speaker, "csv:spk1");
  EXPECT_EQ(l.skipped.by_reason.at("file does not exist"), 1u);
  EXPECT_EQ(l.skipped.by_reason.at("file listed twice"), 1u);
  EXPECT_EQ(l.skipped.by_reason.at("label is not in the vocabulary"), 1u);
  EXPECT_EQ(l.skipped.by_reason.at("row is not path,label,speaker[,language]"), 1u);
  EXPECT_NE(l.skipped.summary().find("manifest.csv:5"), std::string::npos) << l.skipped.summary();
}

TEST(CsvManifestReader, HeaderInAnyOrderWithExtraColumns) {
  TempTree t;
  t.touch({"x.wav", "y.wav"});
  t.write("m.csv",
          "Label,Speaker,Path,Gender,corpus,session\n"
          "fear,7,x.wav,F,mycorpus,s1\n"
          "disgusted,8,y.wav,male,,s2\n");
  ReaderOptions options;
  options.default_language = "fr";
  const CorpusListing l = read_csv_manifest(t.root() / "m.csv", options);
  ASSERT_EQ(l.utterances.size(), 2u);
  const Utterance* x = find(l, "x.wav");
  ASSERT_TRUE(x);
  EXPECT_EQ(x->label, "fearful");
  EXPECT_EQ(x->corpus, "mycorpus");
  EXPECT_EQ(x->speaker, "mycorpus:7");
  EXPECT_EQ(x->gender, Gender::Female);
  EXPECT_EQ(x->language, "fr");
  EXPECT_EQ(x->extras.at("session"), "s1");
  const Utterance* y = find(l, "y.wav");
  EXPECT_EQ(y->label, "disgust");
  EXPECT_EQ(y->speaker, "csv:8");
  EXPECT_EQ(y->gender, Gender::Male);
}

TEST(LabelFoldersReader, LabelFoldersAndTheSpeakerRule) {
  TempTree t;
  t.touch({"angry/a1.wav", "angry/a2.ogg", "Happy/anna/h1.wav", "sad/anna/take2/s1.m4a", "sad/ben/s2.wav",
           "laughing/l1.wav", "loose.wav", "angry/readme.txt"});
  const CorpusListing l = read_label_folders(t.root());
  ASSERT_EQ(l.utterances.size(), 5u);
  EXPECT_EQ(find(l, "a1.wav")->label, "angry");
  EXPECT_EQ(find(l, "a1.wav")->speaker, "folders:file:angry/a1");
  EXPECT_EQ(find(l, "a2.ogg")->speaker, "folders:file:angry/a2");
  EXPECT_EQ(find(l, "h1.wav")->label, "happy");
  EXPECT_EQ(find(l, "h1.wav")->original_label, "Happy");
  EXPECT_EQ(find(l, "h1.wav")->speaker, "folders:anna");
  EXPECT_EQ(find(l, "s1.m4a")->speaker, "folders:anna");
  EXPECT_EQ(find(l, "s2.wav")->speaker, "folders:ben");
  EXPECT_EQ(find(l, "s2.wav")->language, "und");
  EXPECT_EQ(l.skipped.by_reason.at("folder is not a label of the vocabulary"), 1u);
  EXPECT_EQ(l.skipped.by_reason.at("not in a label folder"), 1u);
}

}  // namespace
}  // namespace ser::data
