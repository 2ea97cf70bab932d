// seremotion: which device a network runs on, from the user's words.
#pragma once

#include <string>

namespace ser::nn {

// The device for a request of "auto", "cpu", "cuda" or "cuda:N", as torch names it ("cpu",
// "cuda:0", ...). "auto" takes cuda:0 when this libtorch has CUDA (SER_TORCH_HAS_CUDA) and a GPU
// is visible, else the CPU. An explicit CUDA request that cannot be met is a ModelError saying
// why (libtorch built without CUDA, no GPU visible, index out of range); never a fallback to
// the CPU. Any other request is a ParameterError listing the accepted forms.
std::string resolve_device(const std::string& request);

// resolve_device for a given situation (the pure rule, for tests): whether libtorch was built
// with CUDA, and how many GPUs it sees.
std::string resolve_device(const std::string& request, bool torch_has_cuda, int gpu_count);

}  // namespace ser::nn
