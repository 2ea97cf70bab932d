// Tests of the element: corpus files of ../shared/data as mono float samples.
#pragma once

#include <string>
#include <vector>

namespace ser::gst_test {

// `relative` (to the data folder) decoded at `rate`. The element tests run without the system's
// plugins; decoding needs them, so they are added to this process's registry the first time.
std::vector<float> corpus_audio(const std::string& relative, int rate);

}  // namespace ser::gst_test
