#include "hubsim/rng.h"

#include <Random123/boxmuller.hpp>
#include <Random123/u01fixedpt.h>

#include <cmath>

namespace hubsim {
namespace {
using Philox = r123::Philox4x32;
__extension__ using Uint128 = unsigned __int128;  // GCC/Clang extension, for Lemire's method
}  // namespace

RngStream::RngStream(std::uint64_t seed, std::uint64_t stream_id)
    : seed_(seed), stream_id_(stream_id) {}

void RngStream::Refill() {
  const std::uint64_t block = draws_ >> 1;
  Philox::key_type key = {{static_cast<std::uint32_t>(seed_),
                           static_cast<std::uint32_t>(seed_ >> 32)}};
  Philox::ctr_type ctr = {{static_cast<std::uint32_t>(block),
                           static_cast<std::uint32_t>(block >> 32),
                           static_cast<std::uint32_t>(stream_id_),
                           static_cast<std::uint32_t>(stream_id_ >> 32)}};
  const Philox::ctr_type out = Philox()(ctr, key);
  buffer_[0] = std::uint64_t{out[0]} | std::uint64_t{out[1]} << 32;
  buffer_[1] = std::uint64_t{out[2]} | std::uint64_t{out[3]} << 32;
}

double RngStream::Uniform01() { return r123::u01fixedpt<double>(NextU64()); }

std::uint64_t RngStream::UniformInt(std::uint64_t n) {
  // Lemire, "Fast Random Integer Generation in an Interval" (2019).
  Uint128 m = static_cast<Uint128>(NextU64()) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = -n % n;
    while (low < threshold) {
      m = static_cast<Uint128>(NextU64()) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

double RngStream::Exponential(double mean) { return -mean * std::log(Uniform01()); }

double RngStream::Normal(double mean, double stddev) {
  const std::uint64_t u0 = NextU64();
  const std::uint64_t u1 = NextU64();
  return mean + stddev * r123::boxmuller(u0, u1).x;
}

double RngStream::LognormalMuSigma(double mu, double sigma) {
  return std::exp(Normal(mu, sigma));
}

double RngStream::Lognormal(double mean, double stddev) {
  const double variance_ratio = (stddev * stddev) / (mean * mean);
  const double sigma2 = std::log1p(variance_ratio);
  return LognormalMuSigma(std::log(mean) - 0.5 * sigma2, std::sqrt(sigma2));
}

}  // namespace hubsim
