#include "engine/cli/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>

namespace hubsim::cli {
namespace {

constexpr std::size_t kColumns = 79;
constexpr int kBarWidth = 20;
constexpr auto kRedraw = std::chrono::milliseconds(200);

// "0:42", "1:33:07".
std::string Clock(double seconds) {
  const long long s = std::llround(std::max(0.0, seconds));
  char text[32];
  if (s >= 3600) {
    std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
  } else {
    std::snprintf(text, sizeof text, "%lld:%02lld", s / 60, s % 60);
  }
  return text;
}

}  // namespace

ProgressLine::ProgressLine(double total_days)
    : total_(total_days),
      enabled_(isatty(STDERR_FILENO) == 1 && total_days > 0),
      start_(std::chrono::steady_clock::now()) {}

ProgressLine::~ProgressLine() {
  if (drawn_) std::cerr << "\r" << std::string(kColumns, ' ') << "\r" << std::flush;
}

double ProgressLine::Days(SimTime now) {
  return static_cast<double>(now.ticks()) / static_cast<double>(SimTime::Days(1).ticks());
}

std::string ProgressLine::Format(const std::string& label, double done, double total,
                                 double elapsed_seconds) {
  const double fraction = total > 0 ? std::clamp(done / total, 0.0, 1.0) : 0.0;
  const int filled = static_cast<int>(fraction * kBarWidth);
  std::string tail = " [" + std::string(filled, '#') + std::string(kBarWidth - filled, '.') + "]";
  char numbers[96];
  std::snprintf(numbers, sizeof numbers, " %3.0f %%  %s", 100 * fraction,
                Clock(elapsed_seconds).c_str());
  tail += numbers;
  // A rate needs some work done and a second of it, or the first estimates are noise.
  if (fraction > 0 && fraction < 1 && elapsed_seconds >= 1) {
    tail += ", ~" + Clock(elapsed_seconds * (1 - fraction) / fraction) + " left";
  }
  std::string head = label;
  if (head.size() + tail.size() > kColumns) head.resize(kColumns - std::min(kColumns, tail.size()));
  return head + tail;
}

void ProgressLine::Show(double done_days, const std::function<std::string()>& label) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_ < kRedraw) return;
  last_ = now;
  const std::string line =
      Format(label(), done_days, total_, std::chrono::duration<double>(now - start_).count());
  // Padded to the last line's width so that a shorter line leaves nothing behind.
  std::cerr << "\r" << line << std::string(kColumns - std::min(kColumns, line.size()), ' ')
            << std::flush;
  drawn_ = true;
}

}  // namespace hubsim::cli
