// Files that appear complete or not at all.
//
// Every file hubsim writes is made under a temporary name beside its final one
// ("PATH.tmp.PID": the same directory, so the rename cannot cross file systems, and a name
// that says what it is if a killed process leaves one behind), written in full, flushed to
// the disk (fsync), renamed over the final name, and then the directory is flushed so the
// rename itself survives a crash. A reader therefore sees the old file, or no file, or the
// new one in full, never a part; a power cut or SIGKILL leaves at most a temporary.
//
// Any failure (a short write, ENOSPC or EIO at write, fsync or close, a rename refused)
// removes the temporary and throws OutputError naming the final path and the reason
// (strerror).
#ifndef HUBSIM_ENGINE_IO_ATOMIC_FILE_H_
#define HUBSIM_ENGINE_IO_ATOMIC_FILE_H_

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace hubsim::io {

class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The temporary name of `path` in this process: PATH.tmp.PID.
std::string TemporaryPathFor(const std::string& path);

// One file being written: streamed with Write, then Close (flushed and closed, still
// under its temporary name) and Commit (renamed into place). Destroyed before Commit, it
// removes its temporary, so an exception (or an interrupted run) leaves nothing.
// Thread safety: none; one thread at a time.
class AtomicFile {
 public:
  // Creates the temporary (truncating a stale one of a dead process with the same pid).
  // The parent directory must exist. Throws OutputError.
  explicit AtomicFile(std::string path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  // Appends `size` bytes (retrying short writes and EINTR). Throws OutputError.
  // REQUIRES: not closed.
  void Write(const void* data, std::size_t size);
  void Write(std::string_view bytes) { Write(bytes.data(), bytes.size()); }

  // fsync and close, checking both: after this the temporary is complete on disk.
  // Idempotent. Throws OutputError (and removes the temporary).
  void Close();

  // Closes if needed, renames the temporary over the final name and flushes the directory.
  // Throws OutputError (and removes the temporary).
  void Commit();

  // Removes the temporary (if not committed). Never throws.
  void Discard() noexcept;

  const std::string& path() const { return path_; }
  const std::string& temporary() const { return temporary_; }
  std::size_t bytes_written() const { return written_; }

 private:
  [[noreturn]] void Fail(const std::string& what, int error);

  std::string path_;
  std::string temporary_;
  int fd_ = -1;
  bool committed_ = false;
  bool removed_ = false;
  std::size_t written_ = 0;
};

// Flushes the directory that holds `path` (so a rename into it is durable). File systems
// that cannot flush a directory (EINVAL) are accepted. Throws OutputError.
void SyncParentDirectory(const std::string& path);

// Several files that appear together: each is written in full and flushed under its
// temporary name as it is added, and Commit renames them all, so a failure while any of
// them is written (a full disk) leaves none under a final name. Destroyed before Commit,
// it removes every temporary. A crash during Commit itself may leave some renamed and
// some not, each one whole. Thread safety: none.
class FileSet {
 public:
  // Throws OutputError (then the set stays as it was, without this file).
  void Add(const std::string& path, std::string_view bytes);
  // Throws OutputError (then the files not yet renamed are removed).
  void Commit();

 private:
  std::vector<std::unique_ptr<AtomicFile>> files_;
};

// Writes `bytes` to `path` atomically, as AtomicFile.
void WriteFileAtomically(const std::string& path, std::string_view bytes);

}  // namespace hubsim::io

#endif  // HUBSIM_ENGINE_IO_ATOMIC_FILE_H_
