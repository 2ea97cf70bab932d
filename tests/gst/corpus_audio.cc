#include "corpus_audio.h"

#include <gst/gst.h>

#include "common/shared_data.h"
#include "io/audio_decoder.h"

namespace ser::gst_test {

std::vector<float> corpus_audio(const std::string& relative, int rate) {
  static const bool scanned = gst_registry_scan_path(gst_registry_get(), SER_TEST_SYSTEM_PLUGIN_DIR);
  (void)scanned;
  return io::decode_file(test::data_dir() + "/" + relative, rate).samples;
}

}  // namespace ser::gst_test
