#include "engine/io/read_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>

namespace hubsim::io {

std::string ReadFileBounded(const std::string& path, std::size_t max_bytes, const std::string& what) {
  auto fail = [&path](int error) { return FileReadError(path + ": cannot read: " + std::strerror(error)); };
  auto too_large = [&] {
    return FileReadError(path + ": larger than " + std::to_string(max_bytes >> 20) + " MiB; not " + what + "?");
  };
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) throw fail(errno);
  // A regular file's size is known before anything is read or allocated; pipes and devices
  // (which may never end) are bounded by the count of what has been read below.
  struct stat info {};
  if (fstat(fileno(file.get()), &info) != 0) throw fail(errno);
  if (S_ISDIR(info.st_mode)) throw fail(EISDIR);
  if (S_ISREG(info.st_mode) && static_cast<std::uint64_t>(info.st_size) > max_bytes) throw too_large();
  std::string text;
  char buffer[1 << 16];
  while (true) {
    const std::size_t n = std::fread(buffer, 1, sizeof buffer, file.get());
    text.append(buffer, n);
    if (text.size() > max_bytes) throw too_large();
    if (n < sizeof buffer) break;
  }
  if (std::ferror(file.get())) throw fail(errno);
  return text;
}

}  // namespace hubsim::io
