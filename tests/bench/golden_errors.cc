// Prints the worst error of every feature against the librosa 0.11.0 golden values, over all 14
// golden inputs, as the project computes them (the figures of docs/features.md). The tests assert
// the tolerances; this program reports how far inside them the results are.
//
//   golden_errors
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "common/golden.h"
#include "common/shared_data.h"
#include "dsp/chroma.h"
#include "dsp/chroma_cqt.h"
#include "dsp/contrast.h"
#include "dsp/cqt.h"
#include "dsp/hpss.h"
#include "dsp/stft_f64.h"
#include "dsp/tonnetz.h"
#include "dsp/tuning.h"
#include "features/extractor.h"

namespace {

using ser::Matrix;
using ser::test::GoldenInput;

struct Worst {
  double value = 0;
  std::string where;
  void update(double v, const std::string& name) {
    if (!(v <= value)) {
      value = v;
      where = name;
    }
  }
};

Matrix magnitude(const ser::ComplexMatrix& D) {
  Matrix m(D.rows(), D.cols());
  for (size_t i = 0; i < D.size(); ++i) m.data()[i] = std::abs(D.data()[i]);
  return m;
}

ser::features::FeatureSpec whole(const std::string& preset) {
  auto s = ser::features::FeatureSpec::preset(preset);
  s.window_seconds = 10;
  s.pad_short = false;
  return s;
}

double round2(double x) { return std::round(x * 100) / 100; }

}  // namespace

int main() {
  if (ser::test::golden_dir().empty()) {
    std::fprintf(stderr, "golden_errors: ../shared/golden is absent; set SEREMOTION_SHARED_DIR\n");
    return 77;
  }
  Worst stft, mel_rel, logmel, mfcc, chroma, contrast, harmonic, cqt_rel, chroma_cqt, tonnetz_cqt, tonnetz_stft;
  Worst v_mfcc, v_chroma, v_mel_rel, v_contrast, v_tonnetz;
  int tuning_chroma = 0, tuning_cqt = 0, n = 0;
  ser::dsp::StftF64 stft64;
  ser::features::Extractor ex_logmel(whole("logmel128")), ex_mfcc(whole("mfcc40")), ex_193(whole("issa193"));
  auto spec_tstft = whole("issa193");
  spec_tstft.features = {"tonnetz"};
  spec_tstft.tonnetz_source = "stft";
  ser::features::Extractor ex_tstft(spec_tstft);
  for (const GoldenInput& g : ser::test::golden_inputs()) {
    ++n;
    const auto y = g.y();
    ser::ComplexMatrix D;
    stft64.compute(y, D);
    const Matrix S = magnitude(D);
    const Matrix ref_S = g.load("stft_mag").as_matrix();
    stft.update(ser::test::max_abs_diff(S, ref_S) / ser::test::max_abs(ref_S), g.name);

    const Matrix ref_logmel = g.load("logmel_db").as_matrix();
    logmel.update(ser::test::max_abs_diff(ex_logmel.compute(y), ref_logmel), g.name);
    mfcc.update(ser::test::max_abs_diff(ex_mfcc.compute(y), g.load("mfcc40").as_matrix()), g.name);
    ser::dsp::ChromaStftParams cp;
    cp.sr = 16000;
    ser::dsp::ChromaStft chroma_stft(cp);
    Matrix c;
    const double tuning = chroma_stft.compute(S, c);
    if (std::fabs(round2(tuning) - round2(g.chroma_stft_tuning)) < 1e-9) ++tuning_chroma;
    cp.tuning = g.chroma_stft_tuning;
    ser::dsp::ChromaStft injected(cp);
    injected.compute(S, c);
    chroma.update(ser::test::max_abs_diff(c, g.load("chroma_stft").as_matrix()), g.name);
    ser::dsp::SpectralContrastParams kp;
    kp.sr = 16000;
    ser::dsp::SpectralContrast sc(kp);
    Matrix k;
    sc.compute(S, k);
    contrast.update(ser::test::max_abs_diff(k, g.load("contrast").as_matrix()), g.name);

    ser::dsp::Harmonic hp;
    std::vector<float> h;
    hp.compute(y, h);
    const auto ref_h = g.load("harmonic").values;
    double dh = 0;
    for (size_t i = 0; i < h.size() && i < ref_h.size(); ++i) dh = std::max(dh, std::fabs(double(h[i]) - ref_h[i]));
    harmonic.update(dh, g.name);
    ser::ComplexMatrix DH;
    stft64.compute(h, DH);
    const double t_cqt = ser::dsp::estimate_tuning(magnitude(DH), 16000, 2048, 0.01, 36);
    if (std::fabs(round2(t_cqt) - round2(g.tonnetz_cqt_tuning)) < 1e-9) ++tuning_cqt;
    ser::dsp::ChromaCqtParams ccp;
    ccp.sr = 16000;
    ser::dsp::ChromaCqt cc(ccp);
    Matrix chroma_c;
    cc.compute(h, g.tonnetz_cqt_tuning, chroma_c);
    const auto loud = ser::test::loud_frames(y);
    chroma_cqt.update(ser::test::max_abs_diff_in_columns(chroma_c, g.load("chroma_cqt").as_matrix(), loud), g.name);
    tonnetz_cqt.update(
        ser::test::max_abs_diff_in_columns(ser::dsp::tonnetz(chroma_c), g.load("tonnetz_cqt").as_matrix(), loud),
        g.name);
    if (g.has("cqt_mag")) {
      ser::dsp::CqtParams qp;
      qp.sr = 16000;
      qp.n_bins = 252;
      qp.bins_per_octave = 36;
      ser::dsp::Cqt cqt(qp);
      Matrix C;
      cqt.magnitude(h, g.tonnetz_cqt_tuning, C);
      const Matrix ref_C = g.load("cqt_mag").as_matrix();
      cqt_rel.update(ser::test::max_abs_diff(C, ref_C) / ser::test::max_abs(ref_C), g.name);
    }
    const Matrix tz = ex_tstft.compute(y);
    const Matrix ref_tz = g.load("tonnetz_stft").as_matrix();
    for (size_t r = 0; r < 6; ++r) {
      double mean = 0;
      for (size_t t = 0; t < ref_tz.cols(); ++t) mean += ref_tz(r, t);
      tonnetz_stft.update(std::fabs(tz(0, r) - mean / ref_tz.cols()), g.name);
    }

    const Matrix v = ex_193.compute(y);
    const auto ref = g.load("vec193").values;
    double mel_peak = 0;
    for (size_t i = 52; i < 180; ++i) mel_peak = std::max(mel_peak, std::fabs(double(ref[i])));
    for (size_t i = 0; i < 193; ++i) {
      const double d = std::fabs(double(v(0, i)) - ref[i]);
      if (i < 40) v_mfcc.update(d, g.name);
      else if (i < 52) v_chroma.update(d, g.name);
      else if (i < 180) v_mel_rel.update(d / mel_peak, g.name);
      else if (i < 187) v_contrast.update(d, g.name);
      else v_tonnetz.update(d, g.name);
    }
  }
  auto row = [](const char* what, const Worst& w, const char* tol) {
    std::printf("| %-44s | %9.2e | %-24s | %s |\n", what, w.value, w.where.c_str(), tol);
  };
  std::printf("Worst error over the %d golden inputs (librosa 0.11.0):\n\n", n);
  std::printf("| %-44s | %9s | %-24s | %s |\n|---|---|---|---|\n", "feature", "worst", "input", "README tolerance");
  row("stft_mag (StftF64), relative to file max", stft, "2e-6 x max");
  row("logmel_db (extractor, logmel128), dB", logmel, "2e-4 dB");
  row("mfcc40 (extractor, mfcc40)", mfcc, "2e-3");
  row("chroma_stft (golden tuning)", chroma, "1e-5");
  row("contrast, dB", contrast, "5e-5");
  row("harmonic", harmonic, "2e-6");
  row("cqt_mag (3 inputs), relative to file max", cqt_rel, "-");
  row("chroma_cqt (golden tuning, loud frames)", chroma_cqt, "1e-3");
  row("tonnetz_cqt (golden tuning, loud frames)", tonnetz_cqt, "5e-4");
  row("tonnetz_stft means (extractor)", tonnetz_stft, "5e-6");
  row("vec193 mfcc block", v_mfcc, "1e-3");
  row("vec193 chroma block", v_chroma, "1e-5");
  row("vec193 mel block, relative to the block max", v_mel_rel, "2e-6");
  row("vec193 contrast block", v_contrast, "5e-5");
  row("vec193 tonnetz block (tuning estimated)", v_tonnetz, "5e-3 if tuning matches");
  std::printf("\ntuning estimates equal to librosa's: chroma_stft %d/%d, chroma_cqt %d/%d\n", tuning_chroma, n,
              tuning_cqt, n);
  return 0;
}
