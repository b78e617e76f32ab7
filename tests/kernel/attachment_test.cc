// Attachments (LpContext::SendWith / Attached): records sent between LPs and to self must
// arrive intact, and the run (event counts, fingerprints, what the receivers saw) must be
// the same under every executor, queue and thread count. Also run by the ThreadSanitizer
// build (filter *Attach*): the hand-over of attachments between blocks must be race-free.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "engine/kernel/executors/attachment_pool.h"
#include "hubsim/model.h"
#include "hubsim/simulation.h"
#include "tests/kernel/executor_modes.h"

namespace hubsim {
namespace {

using testing_modes::AllModes;
using testing_modes::Mode;
using testing_modes::ModeName;
using testing_modes::OptionsFor;

// A 100-byte record, as a parcel's would be: no padding, so its bytes are its value.
struct Record {
  std::uint32_t id;       // creating LP << 16 | serial
  std::uint32_t hops;     // handlers that have forwarded it
  std::uint32_t last_lp;  // its sender
  std::uint32_t words[21];
  std::uint32_t checksum;  // over everything above
};
static_assert(sizeof(Record) == 100);
static_assert(std::has_unique_object_representations_v<Record>);

// A smaller attachment of another size, interleaved with the records.
struct Note {
  std::uint64_t serial;
  std::uint64_t square;  // serial * serial
};

std::uint64_t Mix(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

std::uint32_t ChecksumOf(const Record& r) {
  std::uint64_t h = Mix(r.id) ^ Mix(r.hops + 0x100000000ULL) ^ Mix(r.last_lp + 0x200000000ULL);
  for (std::uint32_t w : r.words) h = Mix(h ^ w);
  return static_cast<std::uint32_t>(h ^ (h >> 32));
}

enum Kind : std::uint32_t { kRecord = 1, kNote = 2, kPlain = 3 };

struct TravelConfig {
  LpId lps = 64;
  SimTime lookahead = SimTime::Milliseconds(100);
  int records_per_lp = 3;
  double self_share = 0.3;  // share of records an LP sends to itself
};

// LPs pass records to each other and to themselves (self-sends with delays from 0 up),
// alongside plain events and notes; every receiver checks what it got.
class TravelModel final : public Model {
 public:
  explicit TravelModel(TravelConfig config)
      : config_(config),
        received_(config.lps),
        corrupt_(config.lps),
        digest_(config.lps),
        notes_(config.lps),
        plain_(config.lps) {}
  LpId lp_count() const override { return config_.lps; }
  SimTime lookahead() const override { return config_.lookahead; }

  void Init(LpContext& ctx) override {
    RngStream& rng = ctx.rng();
    for (int i = 0; i < config_.records_per_lp; ++i) {
      Record r{};
      r.id = ctx.lp() << 16 | static_cast<std::uint32_t>(i);
      r.last_lp = ctx.lp();
      for (std::uint32_t& w : r.words) w = static_cast<std::uint32_t>(rng.NextU64());
      r.checksum = ChecksumOf(r);
      Forward(ctx, r);
    }
    ctx.Schedule(RemoteDelay(rng), kPlain, /*payload=*/ctx.lp());
    ctx.SendWith(Pick(rng), RemoteDelay(rng), kNote,
                 Note{ctx.lp(), std::uint64_t{ctx.lp()} * ctx.lp()});
  }

  void Handle(LpContext& ctx, const Event& event) override {
    const LpId lp = ctx.lp();
    RngStream& rng = ctx.rng();
    switch (event.kind) {
      case kRecord: {
        // Handlers see the kind as sent and payload 0, whatever the executor.
        if (!ctx.HasAttachment(event) || event.payload != 0) ++corrupt_[lp];
        Record r = ctx.Attached<Record>(event);
        if (ChecksumOf(r) != r.checksum || r.last_lp >= config_.lps) ++corrupt_[lp];
        ++received_[lp];
        digest_[lp] = Mix(digest_[lp] ^ r.checksum ^ (std::uint64_t{r.hops} << 32));
        ++r.hops;
        r.last_lp = lp;
        r.words[r.hops % 21] ^= static_cast<std::uint32_t>(rng.NextU64());
        r.checksum = ChecksumOf(r);
        Forward(ctx, r);
        break;
      }
      case kNote: {
        const Note note = ctx.Attached<Note>(event);
        if (note.square != note.serial * note.serial) ++corrupt_[lp];
        ++notes_[lp];
        digest_[lp] = Mix(digest_[lp] ^ note.serial);
        const Note next{note.serial + config_.lps,
                        (note.serial + config_.lps) * (note.serial + config_.lps)};
        ctx.SendWith(Pick(rng), RemoteDelay(rng), kNote, next, /*priority=*/1);
        break;
      }
      case kPlain: {
        if (ctx.HasAttachment(event)) ++corrupt_[lp];
        ++plain_[lp];
        digest_[lp] = Mix(digest_[lp] ^ event.payload);
        ctx.Send(Pick(rng), RemoteDelay(rng), kPlain, event.payload + 1);
        break;
      }
      default: ++corrupt_[lp];
    }
  }

  std::uint64_t Sum(const std::vector<std::uint64_t>& v) const {
    std::uint64_t s = 0;
    for (std::uint64_t x : v) s += x;
    return s;
  }
  const std::vector<std::uint64_t>& received() const { return received_; }
  const std::vector<std::uint64_t>& corrupt() const { return corrupt_; }
  const std::vector<std::uint64_t>& digest() const { return digest_; }
  const std::vector<std::uint64_t>& notes() const { return notes_; }
  const std::vector<std::uint64_t>& plain() const { return plain_; }

 private:
  SimTime RemoteDelay(RngStream& rng) const {
    return config_.lookahead + SimTime::FromTicks(std::llround(rng.Exponential(
                                   static_cast<double>(config_.lookahead.ticks()) * 5)));
  }
  LpId Pick(RngStream& rng) const { return static_cast<LpId>(rng.UniformInt(config_.lps)); }

  // Sends `r` on: to this LP itself (any delay, zero included) or to a random LP.
  void Forward(LpContext& ctx, const Record& r) {
    RngStream& rng = ctx.rng();
    if (rng.Bernoulli(config_.self_share)) {
      const SimTime delay =
          rng.Bernoulli(0.2)
              ? SimTime::Zero()
              : SimTime::FromTicks(
                    std::llround(rng.Exponential(static_cast<double>(config_.lookahead.ticks()))));
      ctx.SendWith(ctx.lp(), delay, kRecord, r);
    } else {
      ctx.SendWith(Pick(rng), RemoteDelay(rng), kRecord, r);
    }
  }

  TravelConfig config_;
  // Per LP, written only by that LP's handlers.
  std::vector<std::uint64_t> received_;
  std::vector<std::uint64_t> corrupt_;
  std::vector<std::uint64_t> digest_;  // hash of everything the LP received, in order
  std::vector<std::uint64_t> notes_;
  std::vector<std::uint64_t> plain_;
};

struct TravelOutcome {
  RunResult result;
  std::vector<std::uint64_t> received;
  std::vector<std::uint64_t> digest;
  std::vector<std::uint64_t> notes;
  std::vector<std::uint64_t> plain;
  std::uint64_t corrupt = 0;
};

const SimTime kTravelEnd = SimTime::Seconds(30);

TravelOutcome RunTravel(const RunOptions& options, TravelConfig config = {}) {
  TravelModel model(config);
  TravelOutcome out;
  out.result = Simulation(model, options).Run();
  out.received = model.received();
  out.digest = model.digest();
  out.notes = model.notes();
  out.plain = model.plain();
  out.corrupt = model.Sum(model.corrupt());
  return out;
}

const TravelOutcome& ReferenceTravel() {
  static const TravelOutcome reference = [] {
    RunOptions options;
    options.executor = ExecutorKind::kSequential;
    options.queue = QueueKind::kBinaryHeap;
    options.end_time = kTravelEnd;
    return RunTravel(options);
  }();
  return reference;
}

class AttachmentTest : public testing::TestWithParam<Mode> {};

TEST_P(AttachmentTest, RecordsArriveIntactAndRunsMatchTheSequentialReference) {
  const TravelOutcome out = RunTravel(OptionsFor(GetParam(), kTravelEnd));
  const TravelOutcome& ref = ReferenceTravel();
  EXPECT_EQ(out.corrupt, 0u);
  std::uint64_t records = 0;
  for (std::uint64_t r : out.received) records += r;
  // 64 LPs x 3 records, each handled about every 0.3 s (self) or 0.6 s (remote) over 30 s.
  EXPECT_GT(records, 5'000u);
  EXPECT_EQ(out.received, ref.received);
  EXPECT_EQ(out.notes, ref.notes);
  EXPECT_EQ(out.plain, ref.plain);
  EXPECT_EQ(out.digest, ref.digest);
  EXPECT_EQ(out.result.committed_events, ref.result.committed_events);
  EXPECT_EQ(out.result.lp_events, ref.result.lp_events);
  EXPECT_EQ(out.result.lp_fingerprints, ref.result.lp_fingerprints);
  EXPECT_EQ(out.result.fingerprint, ref.result.fingerprint);
}

TEST_P(AttachmentTest, ManyRecordsPerLpOnALargerPopulation) {
  // More LPs than the default block count and many records in flight: every block sends
  // attachments to every other in most windows, and pools grow then reuse their slots.
  TravelConfig config;
  config.lps = 300;
  config.records_per_lp = 20;
  config.self_share = 0.5;
  const SimTime end = SimTime::Seconds(5);
  const TravelOutcome out = RunTravel(OptionsFor(GetParam(), end), config);
  RunOptions reference;
  reference.executor = ExecutorKind::kSequential;
  reference.end_time = end;
  const TravelOutcome ref = RunTravel(reference, config);
  EXPECT_EQ(out.corrupt, 0u);
  EXPECT_EQ(out.digest, ref.digest);
  EXPECT_EQ(out.result.lp_fingerprints, ref.result.lp_fingerprints);
  EXPECT_EQ(out.result.fingerprint, ref.result.fingerprint);
}

// LP 0 sends one record to LP 1 and one to itself; `salt` changes one content byte.
class OneRecordModel final : public Model {
 public:
  explicit OneRecordModel(std::uint32_t salt) : salt_(salt) {}
  LpId lp_count() const override { return 2; }
  SimTime lookahead() const override { return SimTime::Seconds(1); }
  void Init(LpContext& ctx) override {
    if (ctx.lp() != 0) return;
    Record r{};
    r.words[20] = salt_;
    ctx.SendWith(1, SimTime::Seconds(1), kRecord, r);
    ctx.SendWith(0, SimTime::Zero(), kRecord, r);
  }
  void Handle(LpContext& ctx, const Event& event) override {
    seen_[ctx.lp()] = ctx.Attached<Record>(event).words[20];
  }
  std::uint32_t seen(LpId lp) const { return seen_[lp]; }

 private:
  std::uint32_t salt_;
  std::uint32_t seen_[2] = {0, 0};
};

TEST_P(AttachmentTest, TheFingerprintHashesTheAttachedBytes) {
  OneRecordModel a(7), b(7), c(8);
  const RunResult ra = Simulation(a, OptionsFor(GetParam(), SimTime::Max())).Run();
  const RunResult rb = Simulation(b, OptionsFor(GetParam(), SimTime::Max())).Run();
  const RunResult rc = Simulation(c, OptionsFor(GetParam(), SimTime::Max())).Run();
  EXPECT_EQ(a.seen(0), 7u);
  EXPECT_EQ(a.seen(1), 7u);
  EXPECT_EQ(c.seen(1), 8u);
  // Same events (times, order keys, kinds, payload 0): only the attached bytes differ.
  EXPECT_EQ(ra.lp_events, rc.lp_events);
  EXPECT_EQ(ra.fingerprint, rb.fingerprint);
  EXPECT_NE(ra.lp_fingerprints[0], rc.lp_fingerprints[0]);
  EXPECT_NE(ra.lp_fingerprints[1], rc.lp_fingerprints[1]);
  EXPECT_NE(ra.fingerprint, rc.fingerprint);
  // And the same on every executor.
  OneRecordModel d(7);
  RunOptions sequential;
  sequential.executor = ExecutorKind::kSequential;
  EXPECT_EQ(Simulation(d, sequential).Run().fingerprint, ra.fingerprint);
}

TEST_P(AttachmentTest, AttachmentsPendingAtTheEndAreReleased) {
  // Records still in flight at the end time (in queues, and sent to other blocks in the
  // last window) are released with the run; the ASan build checks there is no leak.
  TravelConfig config;
  config.records_per_lp = 10;
  const TravelOutcome out = RunTravel(OptionsFor(GetParam(), SimTime::Milliseconds(1500)), config);
  EXPECT_EQ(out.corrupt, 0u);
  EXPECT_GT(out.result.committed_events, 0u);
}

// A model whose LP 0 runs `act` from its one handler call, for the misuse cases.
class ActModel final : public Model {
 public:
  explicit ActModel(std::function<void(LpContext&, const Event&)> act) : act_(std::move(act)) {}
  LpId lp_count() const override { return 4; }
  SimTime lookahead() const override { return SimTime::Seconds(1); }
  void Init(LpContext& ctx) override {
    if (ctx.lp() == 0) {
      ctx.Schedule(SimTime::Seconds(1), kPlain, 5);
      ctx.SendWith(0, SimTime::Seconds(2), kNote, Note{3, 9});
    }
  }
  void Handle(LpContext& ctx, const Event& event) override { act_(ctx, event); }

 private:
  std::function<void(LpContext&, const Event&)> act_;
};

TEST_P(AttachmentTest, MisuseIsReported) {
  const RunOptions options = OptionsFor(GetParam(), SimTime::Max());
  // Reading an attachment from an event without one, or as a type of another size.
  ActModel plain([](LpContext& ctx, const Event& e) {
    if (e.kind == kPlain) ctx.Attached<Note>(e);
  });
  EXPECT_THROW(Simulation(plain, options).Run(), std::logic_error);
  ActModel wrong_size([](LpContext& ctx, const Event& e) {
    if (e.kind == kNote) ctx.Attached<Record>(e);
  });
  EXPECT_THROW(Simulation(wrong_size, options).Run(), std::logic_error);
  // Reading it from a copy of another event (not the one being handled).
  ActModel other([](LpContext& ctx, const Event& e) {
    Event copy = e;
    copy.order ^= 1;
    if (e.kind == kNote) ctx.Attached<Note>(copy);
  });
  EXPECT_THROW(Simulation(other, options).Run(), std::logic_error);
  // Kinds with the engine's top bit, on both send paths.
  ActModel big_kind([](LpContext& ctx, const Event&) {
    ctx.SendWith(1, SimTime::Seconds(1), kAttachmentFlag | kRecord, Note{});
  });
  EXPECT_THROW(Simulation(big_kind, options).Run(), std::out_of_range);
  ActModel big_plain_kind(
      [](LpContext& ctx, const Event&) { ctx.Send(1, SimTime::Seconds(1), kMaxEventKind + 1); });
  EXPECT_THROW(Simulation(big_plain_kind, options).Run(), std::out_of_range);
  // The lookahead applies as to Send.
  ActModel early([](LpContext& ctx, const Event&) {
    ctx.SendWith(2, SimTime::Milliseconds(999), kNote, Note{});
  });
  EXPECT_THROW(Simulation(early, options).Run(), LookaheadViolation);
  // Reading it works, and the handler sees payload 0 and the kind as sent.
  Note got{};
  std::uint64_t payload = 1;
  ActModel fine([&](LpContext& ctx, const Event& e) {
    if (e.kind == kNote) {
      got = ctx.Attached<Note>(e);
      payload = e.payload;
    }
  });
  EXPECT_EQ(Simulation(fine, options).Run().committed_events, 2u);
  EXPECT_EQ(got.serial, 3u);
  EXPECT_EQ(got.square, 9u);
  EXPECT_EQ(payload, 0u);
}

INSTANTIATE_TEST_SUITE_P(AllExecutors, AttachmentTest, testing::ValuesIn(AllModes()), ModeName);

TEST(AttachmentPoolTest, FreedSlotsAreReusedAndLiveSlotsNeverMove) {
  internal::AttachmentPool pool;
  std::vector<std::uint32_t> handles;
  for (std::uint32_t i = 0; i < 1000; ++i) {
    const std::uint64_t payload = pool.Store(&i, sizeof i);
    EXPECT_EQ(internal::AttachmentSize(payload), sizeof i);
    handles.push_back(internal::AttachmentHandle(payload));
  }
  const std::byte* first = pool.Data(handles[0]);
  const std::size_t capacity = pool.capacity();
  EXPECT_GE(capacity, 1000u);
  EXPECT_EQ(pool.live(), 1000u);
  // Free the odd ones, then allocate as many again: no growth, the even ones untouched.
  for (std::size_t i = 1; i < handles.size(); i += 2) pool.Free(handles[i]);
  for (std::uint32_t i = 0; i < 500; ++i) pool.Store(&i, sizeof i);
  EXPECT_EQ(pool.capacity(), capacity);
  EXPECT_EQ(pool.live(), 1000u);
  EXPECT_EQ(pool.Data(handles[0]), first);
  for (std::size_t i = 0; i < handles.size(); i += 2) {
    std::uint32_t value;
    std::memcpy(&value, pool.Data(handles[i]), sizeof value);
    EXPECT_EQ(value, i);
  }
}

}  // namespace
}  // namespace hubsim
