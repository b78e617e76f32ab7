#include "engine/study/mpi_runner.h"

#include <mpi.h>

#include <cstdint>
#include <optional>
#include <string>

namespace hubsim::study {
namespace {

// Message tags. Worker -> coordinator: kReady (no data), kResult (a serialised
// io::ReplicationRecord), kError (the item as uint64, then the message's bytes follow in a
// kErrorText message). Coordinator -> worker: kWork (the item, uint64), kDone (no data).
enum Tag : int { kReady = 1, kResult = 2, kError = 3, kErrorText = 4, kWork = 5, kDone = 6 };

constexpr int kCoordinator = 0;

void Check(int code, const char* what) {
  if (code != MPI_SUCCESS) throw std::runtime_error(std::string("MPI: ") + what + " failed");
}

std::string ReceiveBytes(int source, int tag, MPI_Status* status = nullptr) {
  MPI_Status probe;
  Check(MPI_Probe(source, tag, MPI_COMM_WORLD, &probe), "MPI_Probe");
  int count = 0;
  Check(MPI_Get_count(&probe, MPI_BYTE, &count), "MPI_Get_count");
  std::string bytes(static_cast<std::size_t>(count), '\0');
  Check(MPI_Recv(bytes.data(), count, MPI_BYTE, probe.MPI_SOURCE, probe.MPI_TAG, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE),
        "MPI_Recv");
  if (status != nullptr) *status = probe;
  return bytes;
}

void SendBytes(const std::string& bytes, int dest, int tag) {
  Check(MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, dest, tag, MPI_COMM_WORLD),
        "MPI_Send");
}

// Rank 0's side of the protocol.
class Coordinator {
 public:
  Coordinator(const SweepPlan& plan, const SweepRunOptions& options, int size)
      : plan_(plan), options_(options), outcomes_(plan.items()), active_(size - 1) {
    for (std::size_t i = 0; i < plan.items(); ++i) total_days_ += plan.DaysOf(i);
  }

  std::vector<Replication> Run() {
    while (true) {
      Serve(/*wait=*/false);
      if (!error_.empty() || next_ == plan_.items()) break;
      RunOwn(next_++);
    }
    // Every item is out (or an error stopped the handing out): wait for the workers'
    // outcomes and tell each of them it is done.
    while (active_ > 0) Serve(/*wait=*/true);
    if (!error_.empty()) throw std::runtime_error(error_);
    std::vector<Replication> runs;
    runs.reserve(outcomes_.size());
    for (std::optional<Replication>& r : outcomes_) runs.push_back(std::move(*r));
    return runs;
  }

 private:
  void RunOwn(std::size_t item) {
    std::function<void(double)> progress = [this](double days) {
      Serve(/*wait=*/false);
      running_days_ = days;
      Report();
    };
    try {
      outcomes_[item] = RunSweepItem(plan_, item, options_, progress);
    } catch (const std::exception& e) {
      Fail(item, e.what());
    }
    running_days_ = 0;
    Finished(item);
  }

  void Finished(std::size_t item) {
    done_days_ += plan_.DaysOf(item);
    Report();
  }

  void Report() {
    if (options_.progress) options_.progress(done_days_ + running_days_, total_days_);
  }

  void Fail(std::size_t item, const std::string& message) {
    if (error_.empty()) {
      error_ = "run " + std::to_string(plan_.ReplicationOf(item) + 1) + " of point '" +
               plan_.points[plan_.PointOf(item)].name + "': " + message;
    }
  }

  // Handles the messages waiting (wait: at least one, blocking for it), each answered at
  // once with the next item or "done".
  void Serve(bool wait) {
    while (active_ > 0) {
      int flag = 0;
      MPI_Status status;
      if (wait) {
        Check(MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &status), "MPI_Probe");
        wait = false;
      } else {
        Check(MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status),
              "MPI_Iprobe");
        if (!flag) return;
      }
      const int worker = status.MPI_SOURCE;
      const std::string bytes = ReceiveBytes(worker, status.MPI_TAG);
      if (status.MPI_TAG == kResult) {
        io::ReplicationRecord record;
        if (!record.ParseFromString(bytes) || record.item() >= plan_.items() ||
            outcomes_[record.item()].has_value()) {
          Fail(0, "a malformed outcome from rank " + std::to_string(worker));
        } else {
          try {
            outcomes_[record.item()] = FromRecord(record);
            Finished(record.item());
          } catch (const std::invalid_argument& e) {
            Fail(record.item(), e.what());
          }
        }
      } else if (status.MPI_TAG == kError) {
        io::ReplicationRecord failed;  // the item, in `item`; the message in kErrorText
        failed.ParseFromString(bytes);
        Fail(failed.item(), ReceiveBytes(worker, kErrorText));
      }
      // kReady, kResult and kError all ask for the next item.
      if (error_.empty() && next_ < plan_.items()) {
        const std::uint64_t item = next_++;
        Check(MPI_Send(&item, 1, MPI_UINT64_T, worker, kWork, MPI_COMM_WORLD), "MPI_Send");
      } else {
        Check(MPI_Send(nullptr, 0, MPI_BYTE, worker, kDone, MPI_COMM_WORLD), "MPI_Send");
        --active_;
      }
    }
  }

  const SweepPlan& plan_;
  const SweepRunOptions& options_;
  std::vector<std::optional<Replication>> outcomes_;
  int active_;  // workers not yet told "done"
  std::size_t next_ = 0;
  std::string error_;
  double total_days_ = 0;
  double done_days_ = 0;
  double running_days_ = 0;
};

void Work(const SweepPlan& plan, const SweepRunOptions& options) {
  SweepRunOptions quiet = options;
  quiet.progress = nullptr;
  Check(MPI_Send(nullptr, 0, MPI_BYTE, kCoordinator, kReady, MPI_COMM_WORLD), "MPI_Send");
  while (true) {
    MPI_Status status;
    Check(MPI_Probe(kCoordinator, MPI_ANY_TAG, MPI_COMM_WORLD, &status), "MPI_Probe");
    if (status.MPI_TAG == kDone) {
      Check(MPI_Recv(nullptr, 0, MPI_BYTE, kCoordinator, kDone, MPI_COMM_WORLD, MPI_STATUS_IGNORE),
            "MPI_Recv");
      return;
    }
    std::uint64_t item = 0;
    Check(MPI_Recv(&item, 1, MPI_UINT64_T, kCoordinator, kWork, MPI_COMM_WORLD, MPI_STATUS_IGNORE),
          "MPI_Recv");
    std::string message;
    io::ReplicationRecord record;
    try {
      record = ToRecord(item, RunSweepItem(plan, item, quiet));
    } catch (const std::exception& e) {
      message = e.what();
    }
    if (message.empty()) {
      SendBytes(record.SerializeAsString(), kCoordinator, kResult);
    } else {
      io::ReplicationRecord failed;
      failed.set_item(static_cast<std::uint32_t>(item));
      SendBytes(failed.SerializeAsString(), kCoordinator, kError);
      SendBytes(message, kCoordinator, kErrorText);
    }
  }
}

}  // namespace

bool MpiBuilt() {
  return true;
}

MpiSession::MpiSession() {
  int provided = 0;
  if (MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
    throw std::runtime_error("MPI_Init_thread failed");
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiSession::~MpiSession() {
  MPI_Finalize();
}

std::vector<Replication> RunSweepItemsMpi(const MpiSession& session, const SweepPlan& plan,
                                          const SweepRunOptions& options) {
  if (session.rank() == kCoordinator) return Coordinator(plan, options, session.size()).Run();
  Work(plan, options);
  return {};
}

}  // namespace hubsim::study
