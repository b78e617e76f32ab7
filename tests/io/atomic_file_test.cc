// io::AtomicFile: a file appears complete under its final name or not at all, and a
// failure leaves neither the final name nor a temporary.
#include "engine/io/atomic_file.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

namespace hubsim::io {
namespace {

namespace fs = std::filesystem;

// A fresh, empty directory for one test.
std::string FreshDir(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("hubsim-atomic-file-test-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

std::vector<std::string> Entries(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void ExpectErrorNaming(const std::function<void()>& f, const std::string& path,
                       const std::string& reason) {
  try {
    f();
    ADD_FAILURE() << "no error";
  } catch (const OutputError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(reason), std::string::npos) << e.what();
  }
}

TEST(AtomicFile, TheFinalNameAppearsOnlyAtCommit) {
  const std::string dir = FreshDir("commit");
  const std::string path = dir + "/out.txt";
  AtomicFile file(path);
  file.Write("hello, ");
  file.Write("world");
  EXPECT_EQ(Entries(dir), std::vector<std::string>{"out.txt.tmp." + std::to_string(::getpid())});
  EXPECT_EQ(file.temporary(), TemporaryPathFor(path));
  file.Close();
  EXPECT_FALSE(fs::exists(path));
  file.Commit();
  EXPECT_EQ(Entries(dir), std::vector<std::string>{"out.txt"});
  EXPECT_EQ(ReadAll(path), "hello, world");
  EXPECT_EQ(file.bytes_written(), 12u);
}

TEST(AtomicFile, AbandonedBeforeCommitLeavesNothing) {
  const std::string dir = FreshDir("abandoned");
  {
    AtomicFile file(dir + "/out.txt");
    file.Write("half");
  }
  {
    AtomicFile file(dir + "/closed.txt");
    file.Write("whole");
    file.Close();
  }
  EXPECT_TRUE(Entries(dir).empty());
}

TEST(AtomicFile, ReplacesAnOldFileWhole) {
  const std::string dir = FreshDir("replace");
  const std::string path = dir + "/out.txt";
  WriteFileAtomically(path, std::string(10'000, 'a'));
  WriteFileAtomically(path, "b");
  EXPECT_EQ(ReadAll(path), "b");
  EXPECT_EQ(Entries(dir), std::vector<std::string>{"out.txt"});
}

TEST(AtomicFile, AFailedWriteLeavesNeitherTheFileNorATemporary) {
  const std::string dir = FreshDir("write-fails");
  const std::string path = dir + "/big.bin";
  // A file size limit makes write(2) fail (EFBIG) past it, as a full disk would (ENOSPC);
  // SIGXFSZ is ignored so the failure comes back as an error.
  struct rlimit old {};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
  struct rlimit small = old;
  small.rlim_cur = 4096;
  auto* previous = ::signal(SIGXFSZ, SIG_IGN);
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  ExpectErrorNaming([&] { WriteFileAtomically(path, std::string(100'000, 'x')); }, path,
                    "File too large");
  ::setrlimit(RLIMIT_FSIZE, &old);
  ::signal(SIGXFSZ, previous);
  EXPECT_TRUE(Entries(dir).empty());
  // An old file of that name is left as it was.
  WriteFileAtomically(path, "old");
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  ::signal(SIGXFSZ, SIG_IGN);
  EXPECT_THROW(WriteFileAtomically(path, std::string(100'000, 'x')), OutputError);
  ::setrlimit(RLIMIT_FSIZE, &old);
  ::signal(SIGXFSZ, previous);
  EXPECT_EQ(ReadAll(path), "old");
  EXPECT_EQ(Entries(dir), std::vector<std::string>{"big.bin"});
}

TEST(AtomicFile, AFailedRenameLeavesNoTemporary) {
  const std::string dir = FreshDir("rename-fails");
  const std::string path = dir + "/taken";
  fs::create_directories(path + "/inside");  // a non-empty directory cannot be replaced by a file
  AtomicFile file(path);
  file.Write("x");
  ExpectErrorNaming([&] { file.Commit(); }, path, "cannot rename into place");
  EXPECT_EQ(Entries(dir), std::vector<std::string>{"taken"});
  EXPECT_TRUE(fs::is_directory(path));
}

TEST(AtomicFile, AMissingOrUnwritablePlaceIsNamed) {
  const std::string dir = FreshDir("no-place");
  ExpectErrorNaming([&] { AtomicFile file(dir + "/missing/out.txt"); }, dir + "/missing/out.txt",
                    "No such file or directory");
  std::ofstream(dir + "/a-file") << "x";
  ExpectErrorNaming([&] { WriteFileAtomically(dir + "/a-file/out.txt", "x"); },
                    dir + "/a-file/out.txt", "Not a directory");
  EXPECT_EQ(Entries(dir), std::vector<std::string>{"a-file"});
}

}  // namespace
}  // namespace hubsim::io
