// Agreement of the native eGeMAPS with openSMILE 3.0 on the golden files
// (../shared/golden/opensmile-3.0-egemaps): per functional, on how many files it is within the
// issue's tolerance (5 % of openSMILE's value + 5 % of its spread over the files) and its median
// relative error; per file, how many of the 88 are; per descriptor, the median absolute difference
// frame by frame where both are defined (non-zero).
//
//   egemaps_golden [--values]     (--values also prints ours and theirs for every functional)
//   egemaps_golden --lld NAME [FILE]   (frame by frame, ours and openSMILE's descriptor NAME, e.g.
//                                       jitterLocal_sma3nz, on every golden file or on FILE)
//   egemaps_golden --formant-scale S [...]   (any of the above with the formants' coefficient scale
//                                       S instead of Egemaps::kOpensmileFormantScale: the sweep
//                                       that chose it, docs/features.md)
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/opensmile_golden.h"
#include "dsp/voice/formants.h"
#include "features/egemaps/egemaps.h"
#include "features/egemaps/egemaps_names.h"
#include "io/audio_decoder.h"

namespace {

double median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  // --formant-scale S, wherever it stands; the other arguments keep their order.
  double formant_scale = ser::features::Egemaps::kOpensmileFormantScale;
  std::vector<const char*> args{argv[0]};
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--formant-scale") != 0) {
      args.push_back(argv[i]);
      continue;
    }
    char* end = nullptr;
    const char* value = i + 1 < argc ? argv[++i] : "";
    formant_scale = std::strtod(value, &end);
    if (end == value || *end != '\0' || !ser::dsp::voice::valid_coefficient_scale(formant_scale)) {
      std::fprintf(stderr, "egemaps_golden: --formant-scale wants a number in [-1, 1], not 0 (got '%s')\n", value);
      return 2;
    }
  }
  const size_t n = args.size();
  const bool values = n > 1 && !std::strcmp(args[1], "--values");
  const char* lld = n > 2 && !std::strcmp(args[1], "--lld") ? args[2] : nullptr;
  const char* lld_file = lld && n > 3 ? args[3] : nullptr;
  const auto golden = ser::test::opensmile_golden();
  if (golden.empty()) {
    std::fprintf(stderr, "egemaps_golden: ../shared/golden/opensmile-3.0-egemaps is absent; set SEREMOTION_SHARED_DIR\n");
    return 77;
  }
  try {
    ser::io::AudioDecoder decoder(16000);
    ser::features::Egemaps egemaps(16000, ser::features::EgemapsFormants::OpenSmile, formant_scale);
    const auto spread = ser::test::functional_spreads(golden);
    const size_t nf = ser::features::Egemaps::kFunctionals, nd = ser::features::Egemaps::kDescriptors;
    std::vector<std::vector<double>> ours(golden.size());
    std::vector<std::vector<double>> lld_diff(nd);
    if (lld) {
      const auto& dn = ser::features::egemaps_descriptor_names();
      const size_t r = static_cast<size_t>(std::find(dn.begin(), dn.end(), std::string(lld)) - dn.begin());
      if (r == dn.size()) {
        std::fprintf(stderr, "egemaps_golden: no descriptor %s\n", lld);
        return 2;
      }
      for (const auto& gf : golden) {
        if (lld_file && gf.name != lld_file) continue;
        ser::Matrix d;
        egemaps.compute_descriptors(decoder.decode(gf.audio).samples, d);
        const size_t frames = std::min(d.cols(), gf.descriptors.cols());
        for (size_t t = 0; t < frames; ++t)
          std::printf("%s %zu %.6g %.6g\n", gf.name.c_str(), t, double(d(r, t)), double(gf.descriptors(r, t)));
      }
      return 0;
    }
    for (size_t g = 0; g < golden.size(); ++g) {
      const auto audio = decoder.decode(golden[g].audio).samples;
      ser::Matrix f;
      egemaps.compute_functionals(audio, f);
      ours[g].assign(f.data(), f.data() + nf);
      ser::Matrix d;
      egemaps.compute_descriptors(audio, d);
      const size_t frames = std::min(d.cols(), golden[g].descriptors.cols());
      for (size_t r = 0; r < nd; ++r) {
        for (size_t t = 0; t < frames; ++t) {
          const float a = d(r, t), b = golden[g].descriptors(r, t);
          if (a != 0.0f && b != 0.0f && a > -200 && b > -200) lld_diff[r].push_back(std::fabs(double(a) - b));
        }
      }
    }
    const auto& names = ser::features::egemaps_functional_names();
    std::printf("%-46s %6s %10s\n", "functional", "files", "med. rel.");
    std::vector<int> per_file(golden.size(), 0);
    int total = 0;
    for (size_t i = 0; i < nf; ++i) {
      int ok = 0;
      std::vector<double> rel;
      for (size_t g = 0; g < golden.size(); ++g) {
        const double theirs = golden[g].functionals[i], mine = ours[g][i];
        const bool within = ser::test::within_tolerance(mine, theirs, spread[i]);
        ok += within;
        per_file[g] += within;
        rel.push_back(std::fabs(mine - theirs) / std::max(std::fabs(theirs), 1e-12));
      }
      total += ok;
      std::printf("%-46s %3d/%zu %10.4f%s\n", names[i].c_str(), ok, golden.size(), median(rel),
                  names[i] == golden[0].functional_names[i] ? "" : "  (name differs from openSMILE's!)");
      if (values) {
        for (size_t g = 0; g < golden.size(); ++g) std::printf("    %-24s ours %12.6g  openSMILE %12.6g\n", golden[g].name.c_str(), ours[g][i], golden[g].functionals[i]);
      }
    }
    std::printf("\nper file, functionals within tolerance (of %zu):\n", nf);
    for (size_t g = 0; g < golden.size(); ++g) std::printf("  %-24s %3d\n", golden[g].name.c_str(), per_file[g]);
    std::printf("  all files: %d of %zu\n", total, nf * golden.size());
    std::printf("\ndescriptor, median |ours - openSMILE| per frame where both are defined:\n");
    const auto& dn = ser::features::egemaps_descriptor_names();
    for (size_t r = 0; r < nd; ++r) std::printf("  %-32s %12.5g  (%zu frames)\n", dn[r].c_str(), median(lld_diff[r]), lld_diff[r].size());
  } catch (const ser::Error& e) {
    std::fprintf(stderr, "egemaps_golden: %s\n", e.what());
    return 1;
  }
  return 0;
}
