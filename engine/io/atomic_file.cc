#include "engine/io/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

namespace hubsim::io {

std::string TemporaryPathFor(const std::string& path) {
  return path + ".tmp." + std::to_string(::getpid());
}

AtomicFile::AtomicFile(std::string path)
    : path_(std::move(path)), temporary_(TemporaryPathFor(path_)) {
  fd_ = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    const int error = errno;
    removed_ = true;  // nothing was made
    throw OutputError(path_ + ": cannot write: " + std::strerror(error));
  }
}

AtomicFile::~AtomicFile() {
  Discard();
}

void AtomicFile::Fail(const std::string& what, int error) {
  Discard();
  throw OutputError(path_ + ": " + what + ": " + std::strerror(error));
}

void AtomicFile::Write(const void* data, std::size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd_, p, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      Fail("cannot write", errno);
    }
    if (n == 0) Fail("cannot write", EIO);
    p += n;
    size -= static_cast<std::size_t>(n);
    written_ += static_cast<std::size_t>(n);
  }
}

void AtomicFile::Close() {
  if (fd_ < 0) return;
  // fsync reports what write could not: delayed allocation running out of space, EIO.
  while (::fsync(fd_) != 0) {
    if (errno != EINTR) Fail("cannot write", errno);
  }
  const int fd = std::exchange(fd_, -1);
  if (::close(fd) != 0 && errno != EINTR) Fail("cannot write", errno);
}

void AtomicFile::Commit() {
  Close();
  if (::rename(temporary_.c_str(), path_.c_str()) != 0) Fail("cannot rename into place", errno);
  committed_ = true;
  SyncParentDirectory(path_);
}

void AtomicFile::Discard() noexcept {
  if (fd_ >= 0) ::close(std::exchange(fd_, -1));
  if (!committed_ && !removed_) {
    ::unlink(temporary_.c_str());
    removed_ = true;
  }
}

void SyncParentDirectory(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  // (Not a string assigned ".": GCC 12 warns about that with -Wrestrict, wrongly.)
  const std::string dir = (parent.empty() ? std::filesystem::path(".") : parent).string();
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    throw OutputError(dir + ": cannot open the directory to flush it: " + std::strerror(errno));
  int error = 0;
  while (::fsync(fd) != 0) {
    if (errno == EINTR) continue;
    if (errno != EINVAL) error = errno;  // EINVAL: a file system without directory flushes
    break;
  }
  ::close(fd);
  if (error != 0) throw OutputError(dir + ": cannot flush the directory: " + std::strerror(error));
}

void FileSet::Add(const std::string& path, std::string_view bytes) {
  auto file = std::make_unique<AtomicFile>(path);
  file->Write(bytes);
  file->Close();
  files_.push_back(std::move(file));
}

void FileSet::Commit() {
  for (const auto& file : files_) file->Commit();
  files_.clear();
}

void WriteFileAtomically(const std::string& path, std::string_view bytes) {
  AtomicFile file(path);
  file.Write(bytes);
  file.Commit();
}

}  // namespace hubsim::io
