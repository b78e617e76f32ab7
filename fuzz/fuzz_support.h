// What the fuzz targets share: a scratch directory for readers that take a path, and how a
// target reports a finding that is not a crash (a wrong message, a wrong exception).
//
// Each fuzz target is one LLVMFuzzerTestOneInput; it is linked with libFuzzer in the fuzz
// build (scripts/fuzz.sh) and with replay_main.cc in the test build, which replays the seeds
// and the regressions (ctest -L fuzz). A target calls Finding() for anything its reader must
// never do; an exception it does not catch is a finding too (libFuzzer reports it as a crash,
// the replay main as a failed test).
//
// Thread safety: none; a fuzz target runs one input at a time.
#ifndef HUBSIM_FUZZ_FUZZ_SUPPORT_H_
#define HUBSIM_FUZZ_FUZZ_SUPPORT_H_

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace hubsim::fuzz {

// Prints "fuzz finding: WHAT" and aborts, so libFuzzer saves the input as a crash.
[[noreturn]] inline void Finding(const std::string& what) {
  std::fprintf(stderr, "fuzz finding: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

// A finding unless `message` starts with `prefix` (e.g. the name of the file read).
inline void ExpectPrefix(std::string_view message, std::string_view prefix, std::string_view kind) {
  if (!message.starts_with(prefix)) {
    Finding(std::string(kind) + " does not start with '" + std::string(prefix) + "': " + std::string(message));
  }
}

// A directory of this process's own (under $TMPDIR), created on first use and removed when
// the process exits normally. Inputs are written into it as files for readers that take a
// path.
inline const std::filesystem::path& ScratchDir() {
  struct Dir {
    std::filesystem::path path;
    Dir() {
      const char* tmp = std::getenv("TMPDIR");
      std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/hubsim-fuzz-XXXXXX";
      if (::mkdtemp(pattern.data()) == nullptr) Finding("cannot create a scratch directory in " + pattern);
      path = pattern;
    }
    ~Dir() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  };
  static const Dir dir;
  return dir.path;
}

// Writes `size` bytes to `path`, replacing it; a failure is the machine's, not the input's.
inline void WriteBytes(const std::filesystem::path& path, const std::uint8_t* data, std::size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  out.close();
  if (!out) Finding("cannot write the scratch file " + path.string());
}

}  // namespace hubsim::fuzz

#endif  // HUBSIM_FUZZ_FUZZ_SUPPORT_H_
