// Reading a whole input file, bounded: planners hand hubsim hand-edited scenarios and
// tables, and nothing they give may make it read without limit.
#ifndef HUBSIM_ENGINE_IO_READ_FILE_H_
#define HUBSIM_ENGINE_IO_READ_FILE_H_

#include <cstddef>
#include <stdexcept>
#include <string>

namespace hubsim::io {

// The file could not be read, or is larger than allowed; what() is the whole message,
// starting with the path.
class FileReadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The bytes of `path`. Throws FileReadError "PATH: cannot read: REASON" (a directory too),
// or "PATH: larger than N MiB; not a WHAT?" when a regular file is larger than `max_bytes`
// (known from its size, before anything is read) or once more than `max_bytes` have been
// read from anything else (a pipe, a device).
std::string ReadFileBounded(const std::string& path, std::size_t max_bytes, const std::string& what);

}  // namespace hubsim::io

#endif  // HUBSIM_ENGINE_IO_READ_FILE_H_
