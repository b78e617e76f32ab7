#include "engine/io/read_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace hubsim::io {

std::string ReadFileBounded(const std::string& path, std::size_t max_bytes, const std::string& what) {
  auto fail = [&path](int error) { return FileReadError(path + ": cannot read: " + std::strerror(error)); };
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) throw fail(errno);
  std::string text;
  char buffer[1 << 16];
  while (true) {
    const std::size_t n = std::fread(buffer, 1, sizeof buffer, file.get());
    text.append(buffer, n);
    if (text.size() > max_bytes) {
      throw FileReadError(path + ": larger than " + std::to_string(max_bytes >> 20) + " MiB; not " + what + "?");
    }
    if (n < sizeof buffer) break;
  }
  if (std::ferror(file.get())) throw fail(errno);
  return text;
}

}  // namespace hubsim::io
