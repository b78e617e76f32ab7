// Tests of hubsim::RngStream (include/hubsim/rng.h).
//
// RngStreamTest: the generator itself. Golden values pinned as literals and cross-checked
// against Random123's Philox4x32 called directly with the documented key/counter layout
// and against Random123's published known-answer vector; reproducibility (the n-th word
// is a pure function of (seed, stream id, n), whatever calls consumed the words before);
// independence of streams and seeds; the word count; Uniform01's open interval; Bernoulli;
// UniformInt's range, unbiasedness and rejection rate.
//
// DistributionFitTest: goodness of fit of every continuous distribution against the
// exact CDF from Boost.Math: a chi-square test over equiprobable bins (edges from the
// exact quantile), a Kolmogorov-Smirnov test, and the sample mean and variance. Then
// tests that the same checks reject deliberately wrong distributions, so a pass means
// something.
//
// Every seed is fixed, so every check is deterministic. Levels are strict (alpha = 0.001
// for the fit tests, 4-5 standard errors for moments), so a correct generator is far from
// the thresholds, while the defects these tests target are far beyond them.
#include "hubsim/rng.h"

#include <Random123/philox.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/exponential.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/uniform.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace hubsim {
namespace {

using Philox = r123::Philox4x32;

// Significance level of the chi-square tests.
constexpr double kAlpha = 0.001;
// Asymptotic Kolmogorov-Smirnov critical value: K(1.9495) = 0.999, i.e. alpha = 0.001.
constexpr double kKsCoefficient = 1.95;
constexpr std::size_t kFitSamples = 100'000;
constexpr int kFitBins = 100;

// ---------------------------------------------------------------------------------------
// Helpers.

// Philox block `block` of stream (seed, stream_id), computed by calling Random123 directly
// with the layout rng.h documents: key = seed (low word first), counter = {block index
// (64 bits), stream id (64 bits)}, low words first; the block's four 32-bit outputs form
// two 64-bit words, low half first.
std::array<std::uint64_t, 2> PhiloxBlock(std::uint64_t seed, std::uint64_t stream_id,
                                         std::uint64_t block) {
  const Philox::key_type key = {
      {static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
  const Philox::ctr_type ctr = {
      {static_cast<std::uint32_t>(block), static_cast<std::uint32_t>(block >> 32),
       static_cast<std::uint32_t>(stream_id), static_cast<std::uint32_t>(stream_id >> 32)}};
  const Philox::ctr_type out = Philox()(ctr, key);
  return {std::uint64_t{out[0]} | std::uint64_t{out[1]} << 32,
          std::uint64_t{out[2]} | std::uint64_t{out[3]} << 32};
}

// A fresh stream (seed, stream_id) that has already handed out `n` words.
RngStream Advanced(std::uint64_t seed, std::uint64_t stream_id, std::uint64_t n) {
  RngStream s(seed, stream_id);
  for (std::uint64_t i = 0; i < n; ++i) s.NextU64();
  return s;
}

std::vector<double> Sample(std::size_t n, const std::function<double()>& draw) {
  std::vector<double> xs(n);
  for (double& x : xs) x = draw();
  return xs;
}

double ChiSquareCritical(int degrees_of_freedom, double alpha = kAlpha) {
  const boost::math::chi_squared dist(degrees_of_freedom);
  return boost::math::quantile(boost::math::complement(dist, alpha));
}

// Pearson's statistic of observed counts against equal expected counts.
double ChiSquareEqualCells(const std::vector<std::int64_t>& counts) {
  std::int64_t total = 0;
  for (std::int64_t c : counts) total += c;
  const double expected = static_cast<double>(total) / static_cast<double>(counts.size());
  double stat = 0;
  for (std::int64_t c : counts) {
    const double d = static_cast<double>(c) - expected;
    stat += d * d / expected;
  }
  return stat;
}

// Chi-square statistic of `xs` against `dist` over `bins` equiprobable bins whose edges are
// the exact quantiles at 1/bins, 2/bins, ...; compare with ChiSquareCritical(bins - 1).
template <class Dist>
double ChiSquareEquiprobable(const std::vector<double>& xs, const Dist& dist, int bins) {
  std::vector<double> edges;
  for (int i = 1; i < bins; ++i) {
    edges.push_back(boost::math::quantile(dist, static_cast<double>(i) / bins));
  }
  std::vector<std::int64_t> counts(static_cast<std::size_t>(bins), 0);
  for (double x : xs) {
    ++counts[static_cast<std::size_t>(std::upper_bound(edges.begin(), edges.end(), x) -
                                      edges.begin())];
  }
  return ChiSquareEqualCells(counts);
}

// Kolmogorov-Smirnov statistic sup |F_n - F| of `xs` against `dist`'s CDF.
template <class Dist>
double KsStatistic(std::vector<double> xs, const Dist& dist) {
  std::sort(xs.begin(), xs.end());
  const double n = static_cast<double>(xs.size());
  double d = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double f = boost::math::cdf(dist, xs[i]);
    d = std::max({d, f - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - f});
  }
  return d;
}

double KsCritical(std::size_t n) {
  return kKsCoefficient / std::sqrt(static_cast<double>(n));
}

struct Moments {
  double mean;
  double variance;  // unbiased
};

Moments SampleMoments(const std::vector<double>& xs) {
  const double n = static_cast<double>(xs.size());
  double sum = 0;
  for (double x : xs) sum += x;
  const double mean = sum / n;
  double ss = 0;
  for (double x : xs) ss += (x - mean) * (x - mean);
  return {mean, ss / (n - 1)};
}

// Pearson correlation coefficient of two equally long samples.
double Correlation(const std::vector<double>& a, const std::vector<double>& b) {
  const Moments ma = SampleMoments(a);
  const Moments mb = SampleMoments(b);
  double cov = 0;
  for (std::size_t i = 0; i < a.size(); ++i) cov += (a[i] - ma.mean) * (b[i] - mb.mean);
  cov /= static_cast<double>(a.size() - 1);
  return cov / std::sqrt(ma.variance * mb.variance);
}

// Whether |r| is within the 4/sqrt(n) band of an uncorrelated pair.
double CorrelationBound(std::size_t n) {
  return 4.0 / std::sqrt(static_cast<double>(n));
}

// Expects `xs` to be a sample of `dist`: chi-square over kFitBins equiprobable bins and
// KS at alpha = 0.001, sample mean and variance within `z` standard errors (the variance's
// standard error from the distribution's kurtosis: Var(s^2) ~ sigma^4 (kurtosis - 1) / n).
template <class Dist>
void ExpectFits(const std::vector<double>& xs, const Dist& dist, double z = 4.5) {
  const std::size_t n = xs.size();
  const double chi2 = ChiSquareEquiprobable(xs, dist, kFitBins);
  const double chi2_critical = ChiSquareCritical(kFitBins - 1);
  EXPECT_LT(chi2, chi2_critical) << "chi-square, " << kFitBins << " bins";
  const double ks = KsStatistic(xs, dist);
  EXPECT_LT(ks, KsCritical(n)) << "Kolmogorov-Smirnov";

  const double mean = boost::math::mean(dist);
  const double variance = boost::math::variance(dist);
  const double kurtosis = boost::math::kurtosis(dist);
  const Moments m = SampleMoments(xs);
  const double dn = static_cast<double>(n);
  EXPECT_NEAR(m.mean, mean, z * std::sqrt(variance / dn)) << "sample mean";
  EXPECT_NEAR(m.variance, variance, z * variance * std::sqrt((kurtosis - 1) / dn))
      << "sample variance";
}

// Lognormal(mean, stddev) expressed in the (mu, sigma) of its underlying normal.
boost::math::lognormal LognormalWithMeanStddev(double mean, double stddev) {
  const double sigma2 = std::log(1 + (stddev * stddev) / (mean * mean));
  return boost::math::lognormal(std::log(mean) - sigma2 / 2, std::sqrt(sigma2));
}

// ---------------------------------------------------------------------------------------
// RngStreamTest: the generator.

// The first words of stream (seed 1, id 0), computed once from the implementation. Any
// change to the key/counter layout, the word order or the cipher changes them.
constexpr std::array<std::uint64_t, 6> kGoldenSeed1Stream0 = {
    0xe50a0ebce3e80670, 0xb615aa2795f222c0, 0xdfc5ccbeac08141b,
    0xa7f6609379c07a47, 0x8e76cc9d3f55b3f0, 0xebed3676b68faa8e,
};

TEST(RngStreamTest, GoldenValuesSeed1Stream0) {
  RngStream s(1, 0);
  for (std::size_t i = 0; i < kGoldenSeed1Stream0.size(); ++i) {
    EXPECT_EQ(s.NextU64(), kGoldenSeed1Stream0[i]) << "word " << i;
  }
}

TEST(RngStreamTest, GoldenValuesMatchPhiloxCalledDirectly) {
  for (std::uint64_t block = 0; block < kGoldenSeed1Stream0.size() / 2; ++block) {
    const auto words = PhiloxBlock(1, 0, block);
    EXPECT_EQ(words[0], kGoldenSeed1Stream0[2 * block]) << "block " << block;
    EXPECT_EQ(words[1], kGoldenSeed1Stream0[2 * block + 1]) << "block " << block;
  }
}

// Random123's published known-answer vector (tests/kat_vectors):
//   philox4x32 10  ctr 00000000 00000000 00000000 00000000  key 00000000 00000000
//                  ->  6627e8d5 e169c58d bc57ac4c 9b00dbd8
// is block 0 of stream (seed 0, id 0); the all-ones and pi vectors check the library.
TEST(RngStreamTest, MatchesRandom123KnownAnswerVectors) {
  RngStream s(0, 0);
  EXPECT_EQ(s.NextU64(), 0xe169c58d6627e8d5u);
  EXPECT_EQ(s.NextU64(), 0x9b00dbd8bc57ac4cu);
  RngStream defaulted;
  EXPECT_EQ(defaulted.NextU64(), 0xe169c58d6627e8d5u);

  const auto ones = PhiloxBlock(~std::uint64_t{0}, ~std::uint64_t{0}, ~std::uint64_t{0});
  EXPECT_EQ(ones[0], 0x41c83b0e408f276du);
  EXPECT_EQ(ones[1], 0x6d5451fda20bc7c6u);
  const auto pi = PhiloxBlock(0x299f31d0a4093822u, 0x0370734413198a2eu, 0x85a308d3243f6a88u);
  EXPECT_EQ(pi[0], 0x94fdccebd16cfe09u);
  EXPECT_EQ(pi[1], 0x24126ea15001e420u);
}

// With high bits set in seed and stream id, all 64 bits of each must reach the cipher.
TEST(RngStreamTest, UsesDocumentedKeyCounterLayoutWithHighBitsSet) {
  for (const auto& [seed, id] :
       {std::array<std::uint64_t, 2>{0x0123456789abcdefu, 0xfedcba9876543210u},
        std::array<std::uint64_t, 2>{1u << 31, 0xffffffff00000000u},
        std::array<std::uint64_t, 2>{~std::uint64_t{0}, 1}}) {
    RngStream s(seed, id);
    EXPECT_EQ(s.seed(), seed);
    EXPECT_EQ(s.stream_id(), id);
    for (std::uint64_t block = 0; block < 5; ++block) {
      const auto words = PhiloxBlock(seed, id, block);
      EXPECT_EQ(s.NextU64(), words[0]) << "seed " << seed << " id " << id << " block " << block;
      EXPECT_EQ(s.NextU64(), words[1]) << "seed " << seed << " id " << id << " block " << block;
    }
  }
}

TEST(RngStreamTest, SameSeedAndStreamGiveSameSequence) {
  RngStream a(2024, 77);
  RngStream b(2024, 77);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(a.NextU64(), b.NextU64()) << "word " << i;
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(a.Normal(0, 1), b.Normal(0, 1)) << "normal " << i;
}

TEST(RngStreamTest, DrawsCountsWords) {
  RngStream s(3, 4);
  EXPECT_EQ(s.draws(), 0u);
  s.NextU64();
  EXPECT_EQ(s.draws(), 1u);
  s.Uniform01();
  EXPECT_EQ(s.draws(), 2u);
  s.Uniform(2, 3);
  s.Bernoulli(0.5);
  s.Exponential(1);
  EXPECT_EQ(s.draws(), 5u);
  s.Normal(0, 1);  // Box-Muller: two words, odd start (straddles a block)
  EXPECT_EQ(s.draws(), 7u);
  s.LognormalMuSigma(0, 1);
  s.Lognormal(1, 1);
  EXPECT_EQ(s.draws(), 11u);
  s.UniformInt(1);         // never rejects
  s.UniformInt(1u << 20);  // a power of two never rejects
  EXPECT_EQ(s.draws(), 13u);
  for (int i = 0; i < 100; ++i) s.NextU64();
  EXPECT_EQ(s.draws(), 113u);
}

// Whatever mix of calls consumed the first n words, the next call sees word n onward: its
// result equals the same call on a fresh stream that skipped n words with NextU64, and it
// consumes the documented number of words.
TEST(RngStreamTest, NthDrawIsPureFunctionOfSeedStreamAndIndex) {
  constexpr std::uint64_t kOddLargeN = (std::uint64_t{1} << 63) + 1;  // rejects ~1/2 of words
  constexpr std::uint64_t kSeed = 0x5eed;
  constexpr std::uint64_t kId = 12345;
  RngStream mixed(kSeed, kId);
  RngStream chooser(7, 7);
  for (int step = 0; step < 400; ++step) {
    const std::uint64_t n = mixed.draws();
    RngStream fresh = Advanced(kSeed, kId, n);
    const std::uint64_t op = chooser.UniformInt(10);
    SCOPED_TRACE("step " + std::to_string(step) + ", op " + std::to_string(op) + ", word " +
                 std::to_string(n));
    std::uint64_t words = 1;
    switch (op) {
      case 0: EXPECT_EQ(mixed.NextU64(), fresh.NextU64()); break;
      case 1: EXPECT_EQ(mixed.Uniform01(), fresh.Uniform01()); break;
      case 2: EXPECT_EQ(mixed.Uniform(-3, 5), fresh.Uniform(-3, 5)); break;
      case 3: EXPECT_EQ(mixed.Bernoulli(0.4), fresh.Bernoulli(0.4)); break;
      case 4: EXPECT_EQ(mixed.Exponential(3), fresh.Exponential(3)); break;
      case 5:
        EXPECT_EQ(mixed.Normal(1, 2), fresh.Normal(1, 2));
        words = 2;
        break;
      case 6:
        EXPECT_EQ(mixed.LognormalMuSigma(0.5, 1), fresh.LognormalMuSigma(0.5, 1));
        words = 2;
        break;
      case 7:
        EXPECT_EQ(mixed.Lognormal(5, 2), fresh.Lognormal(5, 2));
        words = 2;
        break;
      case 8: EXPECT_EQ(mixed.UniformInt(1u << 10), fresh.UniformInt(1u << 10)); break;
      default:
        EXPECT_EQ(mixed.UniformInt(kOddLargeN), fresh.UniformInt(kOddLargeN));
        words = fresh.draws() - n;  // 1 + rejections, checked equal below
        EXPECT_GE(words, 1u);
        break;
    }
    EXPECT_EQ(mixed.draws(), n + words);
    EXPECT_EQ(fresh.draws(), n + words);
  }
  // And the raw words after all that are still the fresh stream's.
  RngStream fresh = Advanced(kSeed, kId, mixed.draws());
  for (int i = 0; i < 50; ++i) EXPECT_EQ(mixed.NextU64(), fresh.NextU64());
}

// Drawing from many streams in a scrambled interleaving gives each stream the sequence it
// gives when drawn alone: streams share no state.
TEST(RngStreamTest, InterleavingStreamsDoesNotChangeThem) {
  constexpr int kStreams = 16;
  constexpr int kWords = 64;
  std::vector<RngStream> streams;
  for (int i = 0; i < kStreams; ++i) streams.emplace_back(99, static_cast<std::uint64_t>(i));
  std::vector<std::vector<std::uint64_t>> got(kStreams);
  RngStream chooser(1, 1);
  int remaining = kStreams * kWords;
  while (remaining > 0) {
    const auto i = static_cast<std::size_t>(chooser.UniformInt(kStreams));
    if (got[i].size() == kWords) continue;
    got[i].push_back(streams[i].NextU64());
    --remaining;
  }
  for (int i = 0; i < kStreams; ++i) {
    RngStream alone(99, static_cast<std::uint64_t>(i));
    for (int k = 0; k < kWords; ++k) {
      ASSERT_EQ(got[static_cast<std::size_t>(i)][static_cast<std::size_t>(k)], alone.NextU64())
          << "stream " << i << " word " << k;
    }
  }
}

// A stream is a value: a copy taken mid-block continues exactly as the original does.
TEST(RngStreamTest, CopyContinuesIdentically) {
  RngStream original(5, 6);
  for (int i = 0; i < 3; ++i) original.NextU64();  // odd position: one word left in the block
  RngStream copy = original;
  EXPECT_EQ(copy.draws(), 3u);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(copy.NextU64(), original.NextU64());
}

TEST(RngStreamTest, DifferentStreamsAndSeedsGiveDifferentSequences) {
  // Pairs differing in one bit of the stream id or seed (low and high halves), and a
  // swapped (seed, id): none may share any of their first 16 words.
  const std::vector<std::array<std::uint64_t, 2>> keys = {
      {1, 0},
      {1, 1},
      {1, 1u << 31},
      {1, std::uint64_t{1} << 32},
      {1, std::uint64_t{1} << 63},
      {2, 0},
      {0, 1},
      {std::uint64_t{1} << 32 | 1, 0},
      {std::uint64_t{1} << 63 | 1, 0},
      {2, 1},
      {1, 2},
  };
  std::vector<std::uint64_t> all;
  for (const auto& [seed, id] : keys) {
    RngStream s(seed, id);
    for (int i = 0; i < 16; ++i) all.push_back(s.NextU64());
  }
  std::sort(all.begin(), all.end());
  EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end());
}

TEST(RngStreamTest, NoCollisionsInFirstDrawsOfManyStreams) {
  // 20,000 streams x 4 words and 20,000 seeds x 2 words: 120,000 64-bit words, for which
  // an accidental collision has probability ~4e-10.
  std::vector<std::uint64_t> all;
  for (std::uint64_t id = 0; id < 20'000; ++id) {
    RngStream s(42, id);
    for (int i = 0; i < 4; ++i) all.push_back(s.NextU64());
  }
  for (std::uint64_t seed = 1000; seed < 21'000; ++seed) {
    RngStream s(seed, 3);
    for (int i = 0; i < 2; ++i) all.push_back(s.NextU64());
  }
  std::sort(all.begin(), all.end());
  EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end());
}

TEST(RngStreamTest, CorrelationBetweenStreamsNearZero) {
  constexpr std::size_t n = 100'000;
  const double bound = CorrelationBound(n);
  auto uniforms = [](std::uint64_t seed, std::uint64_t id, std::uint64_t skip = 0) {
    RngStream s = Advanced(seed, id, skip);
    return Sample(n, [&] { return s.Uniform01(); });
  };
  const auto base = uniforms(42, 0);
  EXPECT_LT(std::abs(Correlation(base, uniforms(42, 1))), bound) << "adjacent stream ids";
  EXPECT_LT(std::abs(Correlation(base, uniforms(42, std::uint64_t{1} << 32))), bound)
      << "stream ids differing in the high word";
  EXPECT_LT(std::abs(Correlation(base, uniforms(43, 0))), bound) << "adjacent seeds";
  EXPECT_LT(std::abs(Correlation(base, uniforms(0, 42))), bound) << "seed and id swapped";
  EXPECT_LT(std::abs(Correlation(base, uniforms(42, 0, 1))), bound) << "lag 1 in one stream";
  EXPECT_LT(std::abs(Correlation(base, uniforms(42, 0, 2))), bound) << "lag 2 (next block)";
  // Same key, same sequence: the check has power.
  EXPECT_GT(Correlation(base, uniforms(42, 0)), 0.999);
}

TEST(RngStreamTest, Uniform01IsOpenUnitIntervalOnFixedPointGrid) {
  RngStream s(11, 0);
  double lo = 1;
  double hi = 0;
  for (int i = 0; i < 1'000'000; ++i) {
    const double u = s.Uniform01();
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
    lo = std::min(lo, u);
    hi = std::max(hi, u);
  }
  EXPECT_LT(lo, 1e-5);
  EXPECT_GT(hi, 1 - 1e-5);
  // Each value is the next word's top 53 bits, forced odd, times 2^-53 (Random123's
  // u01fixedpt: 2^52 equally likely values, spaced 2^-52, symmetric about 1/2): the extreme
  // words map to 2^-53 and 1 - 2^-53, never to 0 or 1.
  RngStream t(11, 0);
  RngStream raw(11, 0);
  for (int i = 0; i < 1000; ++i) {
    const std::uint64_t w = raw.NextU64();
    EXPECT_EQ(t.Uniform01(), std::ldexp(static_cast<double>((w >> 11) | 1), -53)) << i;
  }
  EXPECT_EQ(std::ldexp(static_cast<double>((std::uint64_t{0} >> 11) | 1), -53),
            std::ldexp(1.0, -53));
  EXPECT_EQ(std::ldexp(static_cast<double>((~std::uint64_t{0} >> 11) | 1), -53),
            1 - std::ldexp(1.0, -53));
}

TEST(RngStreamTest, Uniform01MeanAndVariance) {
  constexpr std::size_t n = 200'000;
  RngStream s(12, 0);
  const Moments m = SampleMoments(Sample(n, [&] { return s.Uniform01(); }));
  const double dn = static_cast<double>(n);
  EXPECT_NEAR(m.mean, 0.5, 4 * std::sqrt(1.0 / 12 / dn));
  EXPECT_NEAR(m.variance, 1.0 / 12, 4 * std::sqrt(1.0 / 180 / dn));  // mu4 - sigma^4 = 1/180
}

TEST(RngStreamTest, BernoulliProbabilities) {
  RngStream s(13, 0);
  constexpr int n = 100'000;
  int never = 0;
  int always = 0;
  int heads = 0;
  for (int i = 0; i < n; ++i) {
    never += s.Bernoulli(0.0) ? 1 : 0;
    always += s.Bernoulli(1.0) ? 1 : 0;
    heads += s.Bernoulli(0.3) ? 1 : 0;
  }
  EXPECT_EQ(never, 0);
  EXPECT_EQ(always, n);
  EXPECT_NEAR(static_cast<double>(heads) / n, 0.3, 4.5 * std::sqrt(0.3 * 0.7 / n));
}

TEST(RngStreamTest, UniformIntOfOneIsZeroAndUsesOneWord) {
  RngStream s(14, 0);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(s.UniformInt(1), 0u);
  EXPECT_EQ(s.draws(), 1000u);
}

// For n = 2^k Lemire's method never rejects and returns the word's top k bits.
TEST(RngStreamTest, UniformIntOfPowerOfTwoIsTopBits) {
  for (int k : {1, 7, 32, 63}) {
    const std::uint64_t n = std::uint64_t{1} << k;
    RngStream s(15, static_cast<std::uint64_t>(k));
    RngStream raw(15, static_cast<std::uint64_t>(k));
    for (int i = 0; i < 200; ++i) ASSERT_EQ(s.UniformInt(n), raw.NextU64() >> (64 - k)) << k;
    EXPECT_EQ(s.draws(), 200u);
  }
}

TEST(RngStreamTest, UniformIntSmallNInRangeAndUnbiased) {
  constexpr int kDraws = 50'000;
  for (std::uint64_t n : {2u, 3u, 5u, 6u, 7u, 10u, 13u, 64u, 100u}) {
    RngStream s(16, n);
    std::vector<std::int64_t> counts(n, 0);
    for (int i = 0; i < kDraws; ++i) {
      const std::uint64_t x = s.UniformInt(n);
      ASSERT_LT(x, n);
      ++counts[x];
    }
    EXPECT_LT(ChiSquareEqualCells(counts), ChiSquareCritical(static_cast<int>(n) - 1))
        << "n = " << n;
  }
}

// For n = 3 * 2^62 an unbiased UniformInt(n) puts 1/3 of its values in each residue class
// mod 3 and 1/3 below n/3. Since 2^64 / n = 4/3, a multiply-shift reduction without the
// rejection step maps two words to every multiple of 3 and one to each other value (so 1/2
// of its values are multiples of 3), and modulo reduction maps two words to each value
// below 2^64 - n = n/3 (so 1/2 of its values lie there).
struct LargeNBias {
  double multiple_of_3;
  double lower_third;
};

LargeNBias MeasureLargeNBias(std::uint64_t n, int draws,
                             const std::function<std::uint64_t()>& uniform_int) {
  int multiple_of_3 = 0;
  int lower = 0;
  for (int i = 0; i < draws; ++i) {
    const std::uint64_t x = uniform_int();
    EXPECT_LT(x, n);
    multiple_of_3 += (x % 3 == 0) ? 1 : 0;
    lower += (x < n / 3) ? 1 : 0;
  }
  return {static_cast<double>(multiple_of_3) / draws, static_cast<double>(lower) / draws};
}

constexpr std::uint64_t kThreeQuarters64 = std::uint64_t{3} << 62;

TEST(RngStreamTest, UniformIntLargeNUnbiased) {
  constexpr int kDraws = 100'000;
  const double tolerance = 4.5 * std::sqrt(2.0 / 9 / kDraws);
  RngStream s(17, 0);
  const LargeNBias bias =
      MeasureLargeNBias(kThreeQuarters64, kDraws, [&] { return s.UniformInt(kThreeQuarters64); });
  EXPECT_NEAR(bias.multiple_of_3, 1.0 / 3, tolerance);
  EXPECT_NEAR(bias.lower_third, 1.0 / 3, tolerance);
  // Rejection probability is (2^64 mod n) / 2^64 = 1/4, so 4/3 words per call on average;
  // words - calls is negative binomial with variance calls * (1/4) / (3/4)^2 = 4/9 calls.
  EXPECT_NEAR(static_cast<double>(s.draws()), 4.0 / 3 * kDraws, 5 * std::sqrt(4.0 / 9 * kDraws));
}

TEST(RngStreamTest, UniformIntLargeNIncludingTwoTo63PlusOneInRange) {
  constexpr int kDraws = 20'000;
  // n = 2^63 + 1: 2^64 mod n = 2^63 - 1, so about half of the words are rejected.
  const std::uint64_t n = (std::uint64_t{1} << 63) + 1;
  RngStream s(18, 0);
  std::uint64_t max = 0;
  int lower = 0;
  for (int i = 0; i < kDraws; ++i) {
    const std::uint64_t x = s.UniformInt(n);
    ASSERT_LT(x, n);
    max = std::max(max, x);
    lower += (x < n / 2) ? 1 : 0;
  }
  EXPECT_GT(max, n - n / 1000);
  EXPECT_NEAR(static_cast<double>(lower) / kDraws, 0.5, 4.5 * std::sqrt(0.25 / kDraws));
  // Words per call: geometric with success probability ~1/2, mean 2, variance 2.
  EXPECT_NEAR(static_cast<double>(s.draws()), 2.0 * kDraws, 5 * std::sqrt(2.0 * kDraws));

  const std::uint64_t max_n = std::numeric_limits<std::uint64_t>::max();
  for (int i = 0; i < 1000; ++i) ASSERT_LT(s.UniformInt(max_n), max_n);
}

// The high 64 bits of the 128-bit product a * b.
std::uint64_t MulHi64(std::uint64_t a, std::uint64_t b) {
  const std::uint64_t a_lo = a & 0xffffffffu;
  const std::uint64_t a_hi = a >> 32;
  const std::uint64_t b_lo = b & 0xffffffffu;
  const std::uint64_t b_hi = b >> 32;
  const std::uint64_t lo_lo = a_lo * b_lo;
  const std::uint64_t hi_lo = a_hi * b_lo;
  const std::uint64_t lo_hi = a_lo * b_hi;
  const std::uint64_t cross = (lo_lo >> 32) + (hi_lo & 0xffffffffu) + lo_hi;
  return a_hi * b_hi + (hi_lo >> 32) + (cross >> 32);
}

// The large-n checks have power: they reject the two classic biased reductions.
TEST(RngStreamTest, UniformIntBiasCheckRejectsBiasedReductions) {
  EXPECT_EQ(MulHi64(~std::uint64_t{0}, ~std::uint64_t{0}), ~std::uint64_t{0} - 1);
  constexpr int kDraws = 100'000;
  const double tolerance = 4.5 * std::sqrt(2.0 / 9 / kDraws);
  RngStream s(17, 0);
  const LargeNBias no_rejection = MeasureLargeNBias(
      kThreeQuarters64, kDraws, [&] { return MulHi64(s.NextU64(), kThreeQuarters64); });
  EXPECT_GT(std::abs(no_rejection.multiple_of_3 - 1.0 / 3), tolerance);
  const LargeNBias modulo =
      MeasureLargeNBias(kThreeQuarters64, kDraws, [&] { return s.NextU64() % kThreeQuarters64; });
  EXPECT_GT(std::abs(modulo.lower_third - 1.0 / 3), tolerance);
}

// ---------------------------------------------------------------------------------------
// DistributionFitTest: goodness of fit against the exact CDFs.

TEST(DistributionFitTest, Uniform01) {
  RngStream s(101, 0);
  ExpectFits(Sample(kFitSamples, [&] { return s.Uniform01(); }), boost::math::uniform(0.0, 1.0));
}

TEST(DistributionFitTest, UniformLoHi) {
  RngStream s(102, 0);
  const auto xs = Sample(kFitSamples, [&] { return s.Uniform(-2.5, 7.0); });
  for (double x : xs) {
    ASSERT_GE(x, -2.5);
    ASSERT_LT(x, 7.0);
  }
  ExpectFits(xs, boost::math::uniform(-2.5, 7.0));
}

// Successive pairs are uniform on the unit square (10 x 10 cells), both for pairs inside
// one Philox block and for pairs straddling two blocks.
TEST(DistributionFitTest, Uniform01PairsUniformOnSquare) {
  for (std::uint64_t offset : {0u, 1u}) {
    RngStream s = Advanced(103, 0, offset);
    std::vector<std::int64_t> counts(100, 0);
    for (std::size_t i = 0; i < kFitSamples; ++i) {
      const auto a = static_cast<std::size_t>(s.Uniform01() * 10);
      const auto b = static_cast<std::size_t>(s.Uniform01() * 10);
      ++counts[a * 10 + b];
    }
    EXPECT_LT(ChiSquareEqualCells(counts), ChiSquareCritical(99)) << "offset " << offset;
  }
}

TEST(DistributionFitTest, Exponential) {
  for (double mean : {2.5, 0.01}) {
    SCOPED_TRACE("mean " + std::to_string(mean));
    RngStream s(104, mean < 1 ? 1 : 0);
    const auto xs = Sample(kFitSamples, [&] { return s.Exponential(mean); });
    for (double x : xs) ASSERT_GT(x, 0.0);
    ExpectFits(xs, boost::math::exponential(1 / mean));  // Boost takes the rate
  }
}

TEST(DistributionFitTest, StandardNormal) {
  RngStream s(105, 0);
  ExpectFits(Sample(kFitSamples, [&] { return s.Normal(0, 1); }), boost::math::normal(0, 1));
}

TEST(DistributionFitTest, NormalWithMeanAndStddev) {
  RngStream s(106, 0);
  ExpectFits(Sample(kFitSamples, [&] { return s.Normal(-3, 0.5); }), boost::math::normal(-3, 0.5));
}

// Box-Muller keeps one variate per call; consecutive calls must still be independent.
TEST(DistributionFitTest, NormalConsecutiveDrawsUncorrelated) {
  RngStream s(107, 0);
  const auto xs = Sample(kFitSamples + 1, [&] { return s.Normal(0, 1); });
  const std::vector<double> a(xs.begin(), xs.end() - 1);
  const std::vector<double> b(xs.begin() + 1, xs.end());
  EXPECT_LT(std::abs(Correlation(a, b)), CorrelationBound(kFitSamples));
  // Squares too (Box-Muller's pair shares one radius; a leak would correlate magnitudes).
  std::vector<double> a2(a.size());
  std::vector<double> b2(b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    a2[i] = a[i] * a[i];
    b2[i] = b[i] * b[i];
  }
  EXPECT_LT(std::abs(Correlation(a2, b2)), CorrelationBound(kFitSamples));
}

TEST(DistributionFitTest, LognormalMuSigma) {
  RngStream s(108, 0);
  const auto xs = Sample(kFitSamples, [&] { return s.LognormalMuSigma(0.5, 0.75); });
  for (double x : xs) ASSERT_GT(x, 0.0);
  ExpectFits(xs, boost::math::lognormal(0.5, 0.75));
}

// Lognormal(mean, stddev) must have exactly that mean and standard deviation; the Boost
// reference distribution is checked to have them too, so the test's own conversion to
// (mu, sigma) is not taken on trust.
TEST(DistributionFitTest, LognormalMeanStddev) {
  for (const auto& [mean, stddev] :
       {std::array<double, 2>{10, 4}, std::array<double, 2>{0.5, 0.5}}) {
    SCOPED_TRACE("mean " + std::to_string(mean) + " stddev " + std::to_string(stddev));
    const boost::math::lognormal reference = LognormalWithMeanStddev(mean, stddev);
    ASSERT_NEAR(boost::math::mean(reference), mean, 1e-12 * mean);
    ASSERT_NEAR(boost::math::standard_deviation(reference), stddev, 1e-12 * stddev);

    RngStream s(109, mean < 1 ? 1 : 0);
    const auto xs = Sample(kFitSamples, [&] { return s.Lognormal(mean, stddev); });
    for (double x : xs) ASSERT_GT(x, 0.0);
    ExpectFits(xs, reference);
    const Moments m = SampleMoments(xs);
    EXPECT_NEAR(m.mean, mean, 4.5 * stddev / std::sqrt(static_cast<double>(kFitSamples)));
  }
}

// ---------------------------------------------------------------------------------------
// The checks can fail: applied to a sample of the wrong distribution, they reject.

TEST(DistributionFitTest, GofRejectsExponentialWithWrongMean) {
  RngStream s(201, 0);
  const auto xs = Sample(kFitSamples, [&] { return s.Exponential(1.0); });
  const boost::math::exponential right(1.0);
  const boost::math::exponential wrong(1 / 1.05);  // mean 1.05: 5% off
  const double chi2_critical = ChiSquareCritical(kFitBins - 1);
  EXPECT_LT(ChiSquareEquiprobable(xs, right, kFitBins), chi2_critical);
  EXPECT_LT(KsStatistic(xs, right), KsCritical(kFitSamples));
  EXPECT_GT(ChiSquareEquiprobable(xs, wrong, kFitBins), chi2_critical);
  EXPECT_GT(KsStatistic(xs, wrong), KsCritical(kFitSamples));
}

TEST(DistributionFitTest, GofRejectsNormalWithWrongStddev) {
  RngStream s(202, 0);
  const auto xs = Sample(kFitSamples, [&] { return s.Normal(0, 1); });
  const boost::math::normal wrong(0, 1.05);
  EXPECT_GT(ChiSquareEquiprobable(xs, wrong, kFitBins), ChiSquareCritical(kFitBins - 1));
  EXPECT_GT(KsStatistic(xs, wrong), KsCritical(kFitSamples));
  // Box-Muller without the factor 2 (radius sqrt(-log u)) would give stddev 1/sqrt(2).
  std::vector<double> halved(xs);
  for (double& x : halved) x /= std::sqrt(2.0);
  EXPECT_GT(ChiSquareEquiprobable(halved, boost::math::normal(0, 1), kFitBins),
            ChiSquareCritical(kFitBins - 1));
}

// The classic Lognormal(mean, stddev) mistake, mu = log(mean) and sigma = stddev / mean,
// is rejected both as the reference and as the generator.
TEST(DistributionFitTest, GofRejectsNaiveLognormalParameters) {
  RngStream s(203, 0);
  const auto xs = Sample(kFitSamples, [&] { return s.Lognormal(10, 4); });
  const boost::math::lognormal naive(std::log(10.0), 0.4);
  EXPECT_GT(ChiSquareEquiprobable(xs, naive, kFitBins), ChiSquareCritical(kFitBins - 1));
  EXPECT_GT(KsStatistic(xs, naive), KsCritical(kFitSamples));
  RngStream t(204, 0);
  const auto naive_xs =
      Sample(kFitSamples, [&] { return t.LognormalMuSigma(std::log(10.0), 0.4); });
  EXPECT_GT(std::abs(SampleMoments(naive_xs).mean - 10),
            4.5 * 4 / std::sqrt(static_cast<double>(kFitSamples)));
  EXPECT_GT(KsStatistic(naive_xs, LognormalWithMeanStddev(10, 4)), KsCritical(kFitSamples));
}

// A coarse uniform (8 bits of resolution) is caught by the 100-bin chi-square.
TEST(DistributionFitTest, GofRejectsCoarseUniform) {
  RngStream s(205, 0);
  const auto xs =
      Sample(kFitSamples, [&] { return (static_cast<double>(s.NextU64() >> 56) + 0.5) / 256; });
  EXPECT_GT(ChiSquareEquiprobable(xs, boost::math::uniform(0.0, 1.0), kFitBins),
            ChiSquareCritical(kFitBins - 1));
}

}  // namespace
}  // namespace hubsim
