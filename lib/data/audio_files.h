// seremotion: finding the audio files of a corpus on disk.
#pragma once

#include <filesystem>
#include <vector>

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
// "__MACOSX" folders are left out; symbolic links to files are followed, to folders are not
// (a link cycle cannot trap the walk). Throws ser::Error when the walk fails.
std::vector<std::filesystem::path> list_audio_files(const std::filesystem::path& root);

}  // namespace ser::data
