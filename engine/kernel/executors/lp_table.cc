#include "engine/kernel/executors/lp_table.h"

#include <cstring>
#include <stdexcept>
#include <string>

namespace hubsim::internal {

void RecordHandledWith(LpRecord& record, const Event& e, const std::byte* bytes, std::size_t size) {
  const std::uint64_t h = Mix64(static_cast<std::uint64_t>(e.time.ticks()) ^
                                Mix64(e.order ^ (std::uint64_t{e.kind} << 40)));
  // The bytes in 8-byte words, the last one zero-padded, after their count.
  std::uint64_t a = Mix64(0x6174746163686564ULL ^ size);  // "attached"
  for (std::size_t at = 0; at < size; at += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, bytes + at, size - at < 8 ? size - at : 8);
    a = Mix64(a ^ word);
  }
  record.fingerprint = Mix64(record.fingerprint ^ h ^ a);
  ++record.processed;
}

void HandleAttached(Model& model, LpContext& ctx, LpRecord& record, const Event& pending,
                    AttachmentPool& pool) {
  const std::uint32_t handle = AttachmentHandle(pending.payload);
  const std::size_t size = AttachmentSize(pending.payload);
  const std::byte* bytes = pool.Data(handle);
  RecordHandledWith(record, pending, bytes, size);
  Event event = pending;
  event.kind &= ~kAttachmentFlag;
  event.payload = 0;
  AttachmentHandover::Set(ctx, event, bytes, size);
  model.Handle(ctx, event);
  // Only now: the handler may have read the attachment at any point of its call. (If it
  // threw, the run is over and the pool goes with it.)
  pool.Free(handle);
}

void CheckModel(const Model& model, const RunOptions& options) {
  const LpId n = model.lp_count();
  if (n < 1 || n > kMaxLps) {
    throw std::invalid_argument("model declares " + std::to_string(n) +
                                " LPs; it must declare between 1 and " +
                                std::to_string(kMaxLps));
  }
  if (model.lookahead() <= SimTime::Zero()) {
    throw std::invalid_argument("model lookahead must be > 0 ticks, got " +
                                std::to_string(model.lookahead().ticks()));
  }
  if (options.threads < 1) {
    throw std::invalid_argument("threads must be >= 1, got " + std::to_string(options.threads));
  }
  if (options.end_time < SimTime::Zero()) {
    throw std::invalid_argument("end time must be >= 0");
  }
}

std::vector<LpRecord> MakeRecords(LpId lp_count, std::uint64_t seed) {
  std::vector<LpRecord> records(lp_count);
  for (LpId lp = 0; lp < lp_count; ++lp) records[lp].rng = RngStream(seed, lp);
  return records;
}

void Summarize(const std::vector<LpRecord>& records, RunResult& result) {
  result.lp_events.resize(records.size());
  result.lp_fingerprints.resize(records.size());
  std::uint64_t combined = Mix64(records.size());
  std::uint64_t committed = 0;
  for (std::size_t lp = 0; lp < records.size(); ++lp) {
    result.lp_events[lp] = records[lp].processed;
    result.lp_fingerprints[lp] = records[lp].fingerprint;
    committed += records[lp].processed;
    combined = Mix64(combined ^ Mix64(records[lp].fingerprint + lp));
  }
  result.committed_events = committed;
  result.fingerprint = combined;
}

void FinishSink::Deliver(const Event& event) {
  throw std::logic_error("LP " + std::to_string(event.origin()) +
                         " sent an event from Finish; the run is over");
}

void FinishSink::DeliverWith(const Event& event, const void* /*bytes*/, std::size_t /*size*/) {
  Deliver(event);
}

}  // namespace hubsim::internal
