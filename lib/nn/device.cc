#include "nn/device.h"

#include <torch/cuda.h>

#include "common/error.h"
#include "ser_config.h"

namespace ser::nn {
namespace {

// The index of "cuda:N"; -1 for "cuda"; throws ParameterError for anything else.
int parse_cuda_index(const std::string& request) {
  if (request == "cuda") return -1;
  const std::string prefix = "cuda:";
  const std::string digits = request.substr(request.rfind(prefix, 0) == 0 ? prefix.size() : request.size());
  if (request.rfind(prefix, 0) != 0 || digits.empty() || digits.size() > 4 ||
      digits.find_first_not_of("0123456789") != std::string::npos) {
    throw ParameterError("device '" + request + "' is not one of: auto, cpu, cuda, cuda:N (N = 0, 1, ...)");
  }
  return std::stoi(digits);
}

}  // namespace

std::string resolve_device(const std::string& request, bool torch_has_cuda, int gpu_count) {
  if (request == "auto") return torch_has_cuda && gpu_count > 0 ? "cuda:0" : "cpu";
  if (request == "cpu") return "cpu";
  const int index = parse_cuda_index(request);
  if (!torch_has_cuda) {
    throw ModelError("device '" + request +
                     "': this seremotion is linked with a libtorch built without CUDA; rebuild it with "
                     "-Dtorch_dir=<a CUDA libtorch>, or use device 'cpu' or 'auto'");
  }
  if (gpu_count <= 0) {
    throw ModelError("device '" + request +
                     "': libtorch has CUDA but sees no GPU (check the driver, nvidia-smi and CUDA_VISIBLE_DEVICES), "
                     "or use device 'cpu' or 'auto'");
  }
  if (index >= gpu_count) {
    throw ModelError("device '" + request + "': index out of range, " + std::to_string(gpu_count) + " GPU" +
                     (gpu_count == 1 ? "" : "s") + " present (cuda:0 to cuda:" + std::to_string(gpu_count - 1) + ")");
  }
  return "cuda:" + std::to_string(index < 0 ? 0 : index);
}

std::string resolve_device(const std::string& request) {
  const bool has_cuda = SER_TORCH_HAS_CUDA != 0;
  // Asked only when it matters: a CPU-only libtorch answers 0 anyway.
  const int gpus = has_cuda && torch::cuda::is_available() ? static_cast<int>(torch::cuda::device_count()) : 0;
  return resolve_device(request, has_cuda, gpus);
}

}  // namespace ser::nn
