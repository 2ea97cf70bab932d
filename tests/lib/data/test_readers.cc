// Every corpus reader on a made-up tree of empty files named as the corpus names them.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "data/corpora/cafe.h"
#include "data/corpora/crema_d.h"
#include "data/corpora/emodb.h"
#include "data/corpora/emovo.h"
#include "data/corpora/jl_corpus.h"
#include "data/corpora/mesd.h"
#include "data/corpora/ravdess.h"
#include "data/corpora/savee.h"
#include "data/corpora/tess.h"
#include "listing_checks.h"
#include "temp_tree.h"

namespace ser::data {
namespace {

using test::TempTree;

using test::skipped_for;

// The utterance whose path ends with `suffix`; fails the test when there is none.
const Utterance& find(const CorpusListing& listing, const std::string& suffix) {
  if (const Utterance* u = test::find(listing, suffix)) return *u;
  ADD_FAILURE() << "no utterance ends with " << suffix;
  static const Utterance none;
  return none;
}

TEST(RavdessReader, ActorFoldersFlatFilesAndWhatIsKept) {
  TempTree t;
  t.touch({"Actor_01/03-01-05-02-01-01-01.wav",   // angry, strong
           "Actor_02/03-01-01-01-02-02-02.WAV",   // neutral, upper-case extension
           "flat/03-01-08-01-01-01-13.flac",      // flattened layout
           "Actor_01/03-02-03-01-01-01-01.wav",   // song: skipped by default
           "Actor_01/02-01-03-01-01-01-01.wav",   // video-only: skipped
           "Actor_01/01-01-05-02-01-01-01.wav",   // audio-visual twin of the first: a copy
           "Actor_03/01-01-04-01-01-01-03.wav",   // audio-visual, no audio-only twin: kept
           "audio_speech_actors_01-24/Actor_01/03-01-05-02-01-01-01.wav",  // Kaggle's second copy
           "Actor_01/03-01-09-01-01-01-01.wav",   // emotion 09 does not exist
           "Actor_01/._03-01-05-02-01-01-01.wav", // macOS companion: hidden, not listed
           "Actor_01/notes.txt"});
  const CorpusListing l = read_ravdess(t.root());
  EXPECT_EQ(l.corpus, "ravdess");
  ASSERT_EQ(l.utterances.size(), 4u);
  const Utterance& angry = find(l, "Actor_01/03-01-05-02-01-01-01.wav");
  EXPECT_EQ(angry.label, "angry");
  EXPECT_EQ(angry.original_label, "05");
  EXPECT_EQ(angry.speaker, "ravdess:01");
  EXPECT_EQ(angry.gender, Gender::Male);
  EXPECT_EQ(angry.language, "en");
  EXPECT_EQ(angry.corpus, "ravdess");
  EXPECT_EQ(angry.extras.at("intensity"), "strong");
  EXPECT_EQ(angry.extras.at("statement"), "Kids are talking by the door");
  EXPECT_EQ(angry.extras.at("modality"), "audio-only");
  EXPECT_EQ(angry.extras.at("vocal_channel"), "speech");
  EXPECT_EQ(angry.extras.at("repetition"), "1");
  const Utterance& neutral = find(l, "03-01-01-01-02-02-02.WAV");
  EXPECT_EQ(neutral.label, "neutral");
  EXPECT_EQ(neutral.gender, Gender::Female);
  EXPECT_EQ(neutral.extras.at("statement"), "Dogs are sitting by the door");
  EXPECT_EQ(find(l, "flat/03-01-08-01-01-01-13.flac").speaker, "ravdess:13");
  EXPECT_EQ(find(l, "01-01-04-01-01-01-03.wav").extras.at("modality"), "audio-visual");

  EXPECT_EQ(l.skipped.count, 5u);
  EXPECT_EQ(skipped_for(l, "song"), 1u);
  EXPECT_EQ(skipped_for(l, "video-only"), 1u);
  EXPECT_EQ(skipped_for(l, "duplicate"), 2u);
  EXPECT_EQ(skipped_for(l, "does not match"), 1u);
  EXPECT_NE(l.skipped.summary().find("skipped 5 files"), std::string::npos) << l.skipped.summary();
}

TEST(RavdessReader, SongWhenAskedFor) {
  TempTree t;
  t.touch({"Actor_01/03-02-03-01-01-01-01.wav", "Actor_01/03-01-03-01-01-01-01.wav"});
  ReaderOptions options;
  options.ravdess_song = true;
  const CorpusListing l = read_ravdess(t.root(), options);
  ASSERT_EQ(l.utterances.size(), 2u);  // song and speech of one performance are two recordings
  EXPECT_EQ(find(l, "03-02-03-01-01-01-01.wav").extras.at("vocal_channel"), "song");
}

TEST(CremaDReader, NamesLevelsDemographicsAndTheWavCopy) {
  TempTree t;
  t.write("VideoDemographics.csv", "ActorID,Age,Sex,Race,Ethnicity\n1001,51,Male,Caucasian,Not Hispanic\n"
                                   "1002,21,Female,Caucasian,Not Hispanic\n");
  t.touch({"AudioWAV/1001_DFA_ANG_XX.wav", "AudioMP3/1001_DFA_ANG_XX.mp3", "AudioWAV/1002_IEO_HAP_HI.wav",
           "AudioWAV/1003_TSI_FEA_LO.wav", "AudioWAV/1076_MTI_SAD_XX.wav", "AudioWAV/1001_XYZ_ANG_XX.wav",
           "AudioWAV/1001_DFA_CON_XX.wav"});
  const CorpusListing l = read_crema_d(t.root() / "AudioWAV");  // demographics found one folder up
  ASSERT_EQ(l.utterances.size(), 3u);
  const Utterance& a = find(l, "1001_DFA_ANG_XX.wav");
  EXPECT_EQ(a.label, "angry");
  EXPECT_EQ(a.original_label, "ANG");
  EXPECT_EQ(a.speaker, "crema-d:1001");
  EXPECT_EQ(a.gender, Gender::Male);
  EXPECT_EQ(a.extras.at("level"), "unspecified");
  EXPECT_EQ(a.extras.at("sentence"), "DFA");
  EXPECT_EQ(a.extras.at("text"), "Don't forget a jacket");
  EXPECT_EQ(find(l, "1002_IEO_HAP_HI.wav").gender, Gender::Female);
  EXPECT_EQ(find(l, "1002_IEO_HAP_HI.wav").extras.at("level"), "high");
  EXPECT_EQ(find(l, "1003_TSI_FEA_LO.wav").gender, Gender::Unknown);
  EXPECT_EQ(find(l, "1003_TSI_FEA_LO.wav").label, "fearful");
  EXPECT_EQ(skipped_for(l, "no signal"), 1u);
  EXPECT_EQ(skipped_for(l, "does not match"), 2u);

  const CorpusListing both = read_crema_d(t.root());  // the repository root: wav and mp3 copies
  EXPECT_EQ(both.utterances.size(), 3u);
  for (const Utterance& u : both.utterances) EXPECT_NE(u.path.find("AudioWAV"), std::string::npos) << u.path;
  EXPECT_EQ(skipped_for(both, "duplicate"), 1u);
}

TEST(TessReader, FoldersSpeakersAndPleasantSurprise) {
  TempTree t;
  t.touch({"TESS Toronto emotional speech set data/OAF_angry/OAF_back_angry.wav",
           "TESS Toronto emotional speech set data/OAF_Fear/OAF_dog_fear.wav",
           "TESS Toronto emotional speech set data/OAF_Pleasant_surprise/OAF_bar_ps.wav",
           "TESS Toronto emotional speech set data/YAF_pleasant_surprised/YAF_back_ps.wav",
           "TESS Toronto emotional speech set data/YAF_sad/YAF_germ_sad.wav",
           "TESS Toronto emotional speech set data/YAF_pleasant_surprised/YAF_bean_pleasant.wav",  // folder says it
           "TESS Toronto emotional speech set data/YAF_sad/YAF_germ_bored.wav",
           "TESS Toronto emotional speech set data/readme.wav"});
  const CorpusListing l = read_tess(t.root());
  ASSERT_EQ(l.utterances.size(), 6u);
  const Utterance& ps = find(l, "YAF_back_ps.wav");
  EXPECT_EQ(ps.label, "surprised");
  EXPECT_EQ(ps.original_label, "ps");
  EXPECT_EQ(ps.speaker, "tess:YAF");
  EXPECT_EQ(ps.gender, Gender::Female);
  EXPECT_EQ(ps.extras.at("word"), "back");
  EXPECT_EQ(ps.extras.at("age"), "26");
  EXPECT_EQ(find(l, "OAF_dog_fear.wav").label, "fearful");
  EXPECT_EQ(find(l, "OAF_dog_fear.wav").speaker, "tess:OAF");
  EXPECT_EQ(find(l, "YAF_bean_pleasant.wav").label, "surprised");
  EXPECT_EQ(l.skipped.count, 2u);
}

TEST(SaveeReader, OriginalAndFlattenedLayouts) {
  TempTree t;
  t.touch({"AudioData/DC/a01.wav", "AudioData/JE/sa03.wav", "AudioData/JK/su15.wav", "AudioData/KL/n30.wav",
           "flat/KL_h07.wav", "flat/JEd02.wav", "AudioData/DC/x01.wav", "AudioData/info.wav"});
  const CorpusListing l = read_savee(t.root());
  ASSERT_EQ(l.utterances.size(), 6u);
  const Utterance& a = find(l, "DC/a01.wav");
  EXPECT_EQ(a.label, "angry");
  EXPECT_EQ(a.original_label, "a");
  EXPECT_EQ(a.speaker, "savee:DC");
  EXPECT_EQ(a.gender, Gender::Male);
  EXPECT_EQ(a.extras.at("sentence"), "01");
  EXPECT_EQ(find(l, "JE/sa03.wav").label, "sad");
  EXPECT_EQ(find(l, "JK/su15.wav").label, "surprised");
  EXPECT_EQ(find(l, "KL/n30.wav").label, "neutral");
  EXPECT_EQ(find(l, "KL_h07.wav").speaker, "savee:KL");
  EXPECT_EQ(find(l, "KL_h07.wav").label, "happy");
  EXPECT_EQ(find(l, "JEd02.wav").label, "disgust");
  EXPECT_EQ(find(l, "JEd02.wav").speaker, "savee:JE");
  EXPECT_EQ(l.skipped.count, 2u);
}

TEST(EmodbReader, CodesSpeakersAndGender) {
  TempTree t;
  t.touch({"wav/03a01Fa.wav", "wav/16b10Wb.flac", "wav/08a02Lc.wav", "wav/03a01Xa.wav", "wav/erkennung.wav"});
  const CorpusListing l = read_emodb(t.root());
  ASSERT_EQ(l.utterances.size(), 3u);
  const Utterance& h = find(l, "03a01Fa.wav");
  EXPECT_EQ(h.label, "happy");
  EXPECT_EQ(h.original_label, "F");
  EXPECT_EQ(h.speaker, "emodb:03");
  EXPECT_EQ(h.gender, Gender::Male);
  EXPECT_EQ(h.language, "de");
  EXPECT_EQ(h.extras.at("text"), "a01");
  EXPECT_EQ(h.extras.at("version"), "a");
  EXPECT_EQ(find(l, "16b10Wb.flac").label, "angry");
  EXPECT_EQ(find(l, "16b10Wb.flac").gender, Gender::Female);
  EXPECT_EQ(find(l, "08a02Lc.wav").label, "boredom");
  EXPECT_EQ(l.skipped.count, 2u);
}

TEST(EmovoReader, CodesSpeakersAndGender) {
  TempTree t;
  t.touch({"f1/gio-f1-b1.wav", "m3/tri-m3-n5.flac", "f2/pau-f2-l4.wav", "f1/xyz-f1-b1.wav", "m1/rab-x1-b1.wav",
           "m1/rab-m1.wav"});
  const CorpusListing l = read_emovo(t.root());
  ASSERT_EQ(l.utterances.size(), 3u);
  const Utterance& h = find(l, "gio-f1-b1.wav");
  EXPECT_EQ(h.label, "happy");
  EXPECT_EQ(h.original_label, "gio");
  EXPECT_EQ(h.speaker, "emovo:f1");
  EXPECT_EQ(h.gender, Gender::Female);
  EXPECT_EQ(h.language, "it");
  EXPECT_EQ(h.extras.at("sentence"), "b1");
  EXPECT_EQ(find(l, "tri-m3-n5.flac").label, "sad");
  EXPECT_EQ(find(l, "tri-m3-n5.flac").gender, Gender::Male);
  EXPECT_EQ(find(l, "pau-f2-l4.wav").label, "fearful");
  EXPECT_EQ(l.skipped.count, 3u);
}

TEST(CafeReader, EmotionIntensityFoldersAndNeutral) {
  TempTree t;
  t.touch({"CaFE_48k/Colère/Faible/01-C-1-1.wav", "CaFE_48k/Neutre/02-N-3.wav", "CaFE_48k/Tristesse/Fort/12-T-2-6.wav",
           "CaFE_192k/Colère/Faible/01-C-1-1.aiff",  // the same recording at 192 kHz
           "CaFE_48k/Colère/Faible/01-X-1-1.wav", "CaFE_48k/Colère/Faible/01-C-3-1.wav",
           "CaFE_48k/Colère/Faible/01-C-1-7.wav"});
  const CorpusListing l = read_cafe(t.root());
  ASSERT_EQ(l.utterances.size(), 3u);
  const Utterance& c = find(l, "CaFE_192k/Colère/Faible/01-C-1-1.aiff");  // both lossless: the first path
  EXPECT_EQ(c.label, "angry");
  EXPECT_EQ(c.original_label, "C");
  EXPECT_EQ(c.speaker, "cafe:01");
  EXPECT_EQ(c.gender, Gender::Male);
  EXPECT_EQ(c.language, "fr");
  EXPECT_EQ(c.extras.at("intensity"), "low");
  EXPECT_EQ(c.extras.at("text"), "Un cheval fou dans mon jardin");
  const Utterance& n = find(l, "02-N-3.wav");
  EXPECT_EQ(n.label, "neutral");
  EXPECT_EQ(n.gender, Gender::Female);
  EXPECT_EQ(n.extras.count("intensity"), 0u);
  EXPECT_EQ(n.extras.at("sentence"), "3");
  EXPECT_EQ(find(l, "12-T-2-6.wav").extras.at("intensity"), "high");
  EXPECT_EQ(skipped_for(l, "duplicate"), 1u);
  EXPECT_EQ(skipped_for(l, "does not match"), 3u);
}

TEST(MesdReader, VoicesWordsAndTheResynthesisedVoices) {
  TempTree t;
  const std::string reduced = "Speaker-embedded naturalness-reduced female voices/Level 1/Anger_F_B_1_ataque.wav";
  t.touch({"Mexican Emotional Speech Database (MESD)/Anger_C_A_abajo.wav",
           "Mexican Emotional Speech Database (MESD)/Fear_M_A_por_favor.wav",
           "Mexican Emotional Speech Database (MESD)/Happiness_F_B_rosa.wav",
           "Mexican Emotional Speech Database (MESD)/Joy_F_A_hola.wav",
           "Mexican Emotional Speech Database (MESD)/Anger_X_A_hola.wav", reduced});
  const CorpusListing l = read_mesd(t.root());
  ASSERT_EQ(l.utterances.size(), 3u);
  const Utterance& a = find(l, "Anger_C_A_abajo.wav");
  EXPECT_EQ(a.label, "angry");
  EXPECT_EQ(a.original_label, "Anger");
  EXPECT_EQ(a.speaker, "mesd:C");
  EXPECT_EQ(a.gender, Gender::Unknown);
  EXPECT_EQ(a.language, "es");
  EXPECT_EQ(a.extras.at("voice"), "child");
  EXPECT_EQ(a.extras.at("corpus"), "A");
  EXPECT_EQ(a.extras.at("word"), "abajo");
  EXPECT_EQ(find(l, "Fear_M_A_por_favor.wav").extras.at("word"), "por favor");
  EXPECT_EQ(find(l, "Fear_M_A_por_favor.wav").gender, Gender::Male);
  EXPECT_EQ(find(l, "Happiness_F_B_rosa.wav").label, "happy");
  EXPECT_EQ(skipped_for(l, "naturalness-reduced"), 1u);
  EXPECT_EQ(skipped_for(l, "does not match"), 2u);

  ReaderOptions options;
  options.mesd_naturalness_reduced = true;
  const CorpusListing all = read_mesd(t.root(), options);
  ASSERT_EQ(all.utterances.size(), 4u);
  const Utterance& r = find(all, "Anger_F_B_1_ataque.wav");
  EXPECT_EQ(r.speaker, "mesd:F");  // the voices it was made from
  EXPECT_EQ(r.extras.at("naturalness_reduction"), "1");
  EXPECT_EQ(r.extras.at("word"), "ataque");
}

TEST(JlCorpusReader, PrimaryAndSecondaryEmotions) {
  TempTree t;
  const std::string dir = "Raw JL corpus (unchecked and unannotated)/JL(wav+txt)/";
  t.touch({dir + "female1_angry_1a_1.wav", dir + "female1_angry_1a_1.txt", dir + "male2_apologetic_12b_2.wav",
           dir + "female2_excited_3a_2.wav", dir + "male1_bored_1a_1.wav", dir + "speaker_sad_1a_1.wav"});
  const CorpusListing l = read_jl_corpus(t.root());
  ASSERT_EQ(l.utterances.size(), 3u);
  const Utterance& a = find(l, "female1_angry_1a_1.wav");
  EXPECT_EQ(a.label, "angry");
  EXPECT_EQ(a.speaker, "jl-corpus:female1");
  EXPECT_EQ(a.gender, Gender::Female);
  EXPECT_EQ(a.extras.at("sentence"), "1a");
  EXPECT_EQ(a.extras.at("session"), "1");
  EXPECT_EQ(a.extras.at("emotion_kind"), "primary");
  const Utterance& ap = find(l, "male2_apologetic_12b_2.wav");
  EXPECT_EQ(ap.label, "apologetic");
  EXPECT_EQ(ap.gender, Gender::Male);
  EXPECT_EQ(ap.extras.at("emotion_kind"), "secondary");
  EXPECT_EQ(find(l, "female2_excited_3a_2.wav").label, "excited");
  EXPECT_EQ(l.skipped.count, 2u);
}

}  // namespace
}  // namespace ser::data
