// seremotion: a zip archive checked byte by byte before libtorch reads it.
//
// A TorchScript module is a zip archive. libtorch 1.13 reads it with CRC checks turned off
// (its miniz is built with MINIZ_DISABLE_ZIP_READER_CRC32_CHECKS), so a damaged pickle reaches
// torch::jit::Unpickler, which can crash the process on it (found by tests/lib/nn fuzzing:
// a segfault in Unpickler::readInstruction; Python's torch.jit.load crashes the same way).
// check_zip_archive() therefore verifies the archive's structure and the CRC-32 of every entry
// first (inflating deflated ones), so that a corrupt or truncated file is refused with a
// message instead. It cannot make a deliberately crafted archive safe: load TorchScript
// modules only from sources you trust.
#pragma once

#include <string_view>

namespace ser::nn {

// Checks the end-of-central-directory record (zip64 too), every central-directory entry, its
// local header (same name), that its data lies inside the archive, and its CRC-32 and size
// after decompression (stored or deflate). Throws ModelError saying what is wrong (the caller
// adds the file name).
void check_zip_archive(std::string_view bytes);

}  // namespace ser::nn
