// Replays inputs through a fuzz target without libFuzzer: the test build links each target
// with this main, so ctest (-L fuzz) runs the seeds and every regression on each test run.
//
//   NAME_replay [--allow-empty] PATH...
//
// A PATH that is a directory stands for its files (not those whose names start with '.', such
// as .keep), in name order. Exits 0 when every input ran; a finding aborts the process. Without
// --allow-empty, no input at all is an error (a seed directory must not be empty).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::vector<std::filesystem::path> Inputs(const std::filesystem::path& path) {
  if (!std::filesystem::is_directory(path)) return {path};
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(path)) {
    if (entry.is_regular_file() && !entry.path().filename().string().starts_with(".")) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  bool allow_empty = false;
  std::vector<std::filesystem::path> inputs;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--allow-empty") {
      allow_empty = true;
      continue;
    }
    if (!std::filesystem::exists(arg)) {
      std::cerr << "replay: " << arg << ": no such file or directory\n";
      return 2;
    }
    for (auto& p : Inputs(arg)) inputs.push_back(std::move(p));
  }
  if (inputs.empty() && !allow_empty) {
    std::cerr << "replay: no inputs\n";
    return 2;
  }
  for (const auto& path : inputs) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::cerr << "replay: " << path.string() << ": cannot read\n";
      return 2;
    }
    const std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    std::cout << "replay: " << path.string() << " (" << bytes.size() << " bytes)" << std::endl;
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  }
  std::cout << "replay: " << inputs.size() << " inputs, no finding\n";
  return 0;
}
