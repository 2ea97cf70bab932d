// seremotion: the exception types of the library.
//
// Every failure the library reports is a ser::Error whose message names the thing that failed
// (the file, the parameter, the field) and, where there is one, the fix. The element and the
// tools catch them at their boundary and turn them into GStreamer errors and exit codes.
#pragma once

#include <stdexcept>
#include <string>

namespace ser {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A parameter outside its documented range (librosa's ParameterError): the message names the
// parameter and the range, e.g. "n_fft must be > 0 (got 0)".
class ParameterError : public Error {
 public:
  using Error::Error;
};

// Audio that cannot be read: missing, not audio, truncated, empty.
class DecodeError : public Error {
 public:
  using Error::Error;
};

// A model bundle that cannot be used: unreadable, inconsistent, or asking for what is not here.
class ModelError : public Error {
 public:
  using Error::Error;
};

}  // namespace ser
