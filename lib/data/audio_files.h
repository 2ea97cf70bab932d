// seremotion: finding the audio files of a corpus on disk.
#pragma once

#include <filesystem>
#include <vector>

#include "data/corpus_listing.h"

namespace ser::data {

// Whether the file name ends in an audio extension, case-insensitive: wav, wave, flac, mp3, ogg,
// oga, opus, aiff, aif, aifc, m4a, aac, wma, au, snd, caf, wv, spx, mka. (Video containers such
// as mp4 and flv are not listed: the corpora ship their audio separately.)
bool is_audio_file(const std::filesystem::path& file);
// Whether its extension is a lossless format (wav, flac, aiff, ...): when a corpus holds one
// recording twice (CREMA-D's AudioWAV and AudioMP3), the lossless copy is the one kept.
bool is_lossless_audio(const std::filesystem::path& file);

// Every audio file under `root`, recursively, sorted by path so that listings are the same on
// every file system. Hidden files and folders (".name", such as macOS "._x.wav" companions) and
// "__MACOSX" folders are left out. Symbolic links are followed, to files and to folders (corpora
// are often assembled from links, Actor_01 -> /data/...), each real folder walked once, so that a
// link loop cannot trap the walk. What is passed over is added to `skipped` (when given), named,
// with its reason: dangling links, link loops, a folder reached a second time, FIFOs, sockets and
// devices, folders named like audio files, folders that cannot be read. Throws ser::Error when
// `root` itself cannot be listed.
std::vector<std::filesystem::path> list_audio_files(const std::filesystem::path& root,
                                                    SkippedFiles* skipped = nullptr);

}  // namespace ser::data
