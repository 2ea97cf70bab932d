// load_model: a model file of either format, with every failure a ModelError naming the file.
#include <c10/util/Exception.h>

#include "common/error.h"
#include "nn/container.h"
#include "nn/model_file.h"
#include "nn/torch_modules.h"
#include "nn/torch_network.h"

namespace ser::nn {
namespace {

// The zip local-file-header signature that starts every TorchScript file.
bool is_zip(const std::string& bytes) { return bytes.size() >= 4 && bytes.compare(0, 4, "PK\x03\x04") == 0; }

LoadedModel load_bytes(const std::string& bytes) {
  if (has_container_magic(bytes)) {
    NativeModel native = load_native_model(bytes);
    return {std::move(native.info), network_of(std::move(native.net))};
  }
  if (is_zip(bytes)) return load_torchscript_model(bytes);
  throw ModelError("neither a .sermodel bundle nor a TorchScript module (unknown first bytes)");
}

}  // namespace

std::string torch_error_message(const std::exception& e) {
  if (const auto* c10_error = dynamic_cast<const c10::Error*>(&e)) return c10_error->what_without_backtrace();
  std::string text = e.what();
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  const auto last_line = text.rfind('\n');
  return last_line == std::string::npos ? text : text.substr(last_line + 1);
}

LoadedModel load_model(const std::string& path) {
  const std::string bytes = read_model_file(path);
  const std::string where = "model file '" + path + "': ";
  // Whatever goes wrong below, in our checks or inside libtorch, ends here as one ModelError.
  try {
    return load_bytes(bytes);
  } catch (const Error& e) {
    throw ModelError(where + e.what());
  } catch (const std::exception& e) {
    throw ModelError(where + "libtorch refused it: " + torch_error_message(e));
  }
}

}  // namespace ser::nn
