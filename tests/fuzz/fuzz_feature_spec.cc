// Fuzz target: a FeatureSpec from JSON text (spec files, the "features" of every bundle), then,
// when it is valid and cheap enough to try, an Extractor of it on a short signal.
//
// Every input must parse or be refused with a ParameterError; a valid spec must survive its own
// JSON round trip, and its features must be computed or refused with a ser::Error, never NaN
// handed on silently.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "features/extractor.h"
#include "features/feature_spec.h"

namespace {

// A spoken-like test signal, the same for every input.
const std::vector<float>& signal() {
  static const std::vector<float> y = [] {
    std::vector<float> v(4000);
    for (std::size_t i = 0; i < v.size(); ++i) {
      v[i] = 0.3f * std::sin(0.07f * i) + 0.1f * std::sin(0.31f * i) * std::sin(0.002f * i);
    }
    return v;
  }();
  return y;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using ser::features::FeatureSpec;
  FeatureSpec spec;
  try {
    spec = FeatureSpec::parse(std::string(reinterpret_cast<const char*>(data), size));
  } catch (const ser::ParameterError&) {
    return 0;
  }
  if (FeatureSpec::parse(spec.to_json().dump()) != spec) std::abort();  // the round trip must hold
  // The CQT path and very long FFTs take seconds per input: they are left to the unit tests.
  if (spec.needs_cqt() || spec.n_fft > 8192 || spec.values_for(signal().size()) > 1e6) return 0;
  try {
    ser::features::Extractor extractor(spec);
    const ser::Matrix m = extractor.compute(signal());
    for (std::size_t i = 0; i < m.size(); ++i) {
      if (std::isnan(m.data()[i])) std::abort();  // a feature that is not a number is a finding
    }
  } catch (const ser::Error&) {
  }
  return 0;
}
