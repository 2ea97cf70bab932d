// Fuzz target: the model bundle loader, from the bytes of a file to a checked network.
//
// Every input must load or be refused with a ser::Error (ModelError); anything else (a crash, an
// uncaught exception, a sanitizer report, a hang, a memory blow-up) is a finding. A .sermodel goes
// through the whole load (container, metadata, tensor index, network costed and built, weights
// filled, check pass); a zip only through the archive check that guards libtorch's reader (TorchScript
// itself is refused, as by default: it is code, not data).
#include <ATen/Parallel.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/error.h"
#include "nn/zip_check.h"
#include "nn/torch_network.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  at::set_num_threads(1);  // one thread: reproducible, and the fuzzer's own process stays small
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  try {
    ser::nn::load_model_bytes(bytes, ser::nn::TorchScript::Refuse, "fuzz input");
  } catch (const ser::Error&) {
  }
  if (bytes.compare(0, 4, "PK\x03\x04") == 0) {
    try {
      ser::nn::check_zip_archive(bytes);
    } catch (const ser::Error&) {
    }
  }
  return 0;
}
