// Counter-based random streams (Random123 Philox4x32-10).
//
// A stream is keyed by (seed, stream id); its n-th draw is a pure function of
// (seed, stream id, n). No stream shares state with another, so the numbers an entity
// sees never depend on which thread ran it or on what other entities drew. Models give
// each entity (an LP, a courier, a customer) its own stream id.
//
// Layout of one Philox block: key = seed (64 bits), counter = {block index (64 bits),
// stream id (64 bits)}. Each block yields two 64-bit words; the stream hands them out in
// order, so the n-th 64-bit draw is word n % 2 of block n / 2.
//
// Distributions are written as explicit formulas over the uniform draws (inverse
// transform, Box-Muller) rather than std:: distributions, whose algorithms differ between
// standard libraries: results must be byte-identical everywhere.
//
// Thread safety: a stream is a value; use one from one thread at a time.
#ifndef HUBSIM_RNG_H_
#define HUBSIM_RNG_H_

#include <Random123/philox.h>

#include <cstdint>

namespace hubsim {

class RngStream {
 public:
  RngStream() = default;
  RngStream(std::uint64_t seed, std::uint64_t stream_id);

  std::uint64_t seed() const { return seed_; }
  std::uint64_t stream_id() const { return stream_id_; }
  // Number of 64-bit words drawn so far.
  std::uint64_t draws() const { return draws_; }

  // Moves to draw number `n` of the stream (the next draw is the n-th, counting from 0):
  // draws are a pure function of their index, so a stream can resume anywhere.
  void Seek(std::uint64_t n) {
    draws_ = n;
    if (n & 1) Refill();
  }

  // The next 64 uniformly distributed bits.
  std::uint64_t NextU64() {
    if ((draws_ & 1) == 0) Refill();
    return buffer_[draws_++ & 1];
  }
  // Uniform on the open interval (0, 1): the odd multiples of 2^-53 (2^52 equally likely
  // values, r123::u01fixedpt); never 0, never 1.
  double Uniform01();
  // Uniform on [lo, hi).
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform01(); }
  // Uniform integer in [0, n). REQUIRES: n > 0. Unbiased (Lemire's multiply-and-reject).
  std::uint64_t UniformInt(std::uint64_t n);
  // True with probability p.
  bool Bernoulli(double p) { return Uniform01() < p; }
  // Exponential with the given mean (inverse transform).
  double Exponential(double mean);
  // Normal(mean, stddev) by Box-Muller (two draws per call; the second variate is not kept,
  // so the count of draws per call stays fixed).
  double Normal(double mean, double stddev);
  // Lognormal whose underlying normal has parameters (mu, sigma).
  double LognormalMuSigma(double mu, double sigma);
  // Lognormal with the given mean and standard deviation of the variate itself.
  double Lognormal(double mean, double stddev);

 private:
  void Refill();

  std::uint64_t seed_ = 0;
  std::uint64_t stream_id_ = 0;
  std::uint64_t draws_ = 0;
  std::uint64_t buffer_[2] = {0, 0};
};

}  // namespace hubsim

#endif  // HUBSIM_RNG_H_
