// A sweep's items (sweep.h) run on the ranks of an MPI job (Open MPI: `mpirun -np N hubsim
// sweep ...`), with dynamic load balancing and the results gathered on rank 0.
//
// Protocol. Rank 0 is the coordinator: it keeps the next item to hand out and every
// outcome received. A worker (rank > 0) sends "ready", then gets an item (its index) or
// "done"; it runs the item and sends its outcome (an io::ReplicationRecord, the registry's
// KPIs as doubles with flags), which is also its request for the next one. Rank 0 runs items
// itself too and answers requests between them and while one runs (from the run's
// progress callback, called on its own thread a window at a time), so N ranks are N
// workers. Items go out in item order, one at a time, to whoever asks first: fast ranks
// take more, and a long item holds up no one but its rank. Rank 0 places each outcome by
// its item index, not by arrival, so the gathered outcomes are exactly those of
// RunSweepItems whatever N; `mpirun -np 1` runs every item on rank 0.
//
// A plain `hubsim` never initialises MPI, and needs no MPI runtime: commands start an
// MpiSession only when StartedByMpirun(). The MPI implementation is built when CMake finds
// MPI (HUBSIM_WITH_MPI); without it MpiBuilt() is false and MpiSession throws.
//
// Thread safety: MPI is used from the thread that made the MpiSession only (MPI is
// initialised with MPI_THREAD_FUNNELED; the engine's worker threads never call it).
#ifndef HUBSIM_ENGINE_STUDY_MPI_RUNNER_H_
#define HUBSIM_ENGINE_STUDY_MPI_RUNNER_H_

#include <cstdlib>
#include <stdexcept>
#include <vector>

#include "engine/study/sweep.h"

namespace hubsim::study {

// Whether this process is a rank of a job started by Open MPI's mpirun/mpiexec (which sets
// OMPI_COMM_WORLD_SIZE in every rank's environment), or by another launcher that sets
// PMI_SIZE or PMIX_RANK.
inline bool StartedByMpirun() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr || std::getenv("PMI_SIZE") != nullptr ||
         std::getenv("PMIX_RANK") != nullptr;
}

// Whether this build has MPI support.
bool MpiBuilt();

// MPI_Init_thread (MPI_THREAD_FUNNELED) on construction, MPI_Finalize on destruction. At
// most one per process, ever (MPI cannot be initialised twice). Throws std::runtime_error
// when this build has no MPI or MPI cannot be initialised.
class MpiSession {
 public:
  MpiSession();
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }

 private:
  int rank_ = 0;
  int size_ = 1;
};

// Runs every item of `plan` on the session's ranks (the protocol above). Collective: every
// rank calls it with the same plan and options (the options' progress is called on rank 0
// only, with the days of the items finished anywhere plus rank 0's running one). Returns
// on rank 0 every item's outcome in item order, on the other ranks an empty vector. An
// item that throws stops the handing out: every rank finishes its current item, and rank
// 0 then throws std::runtime_error with the item and the message (the other ranks return
// an empty vector).
std::vector<Replication> RunSweepItemsMpi(const MpiSession& session, const SweepPlan& plan,
                                          const SweepRunOptions& options);

}  // namespace hubsim::study

#endif  // HUBSIM_ENGINE_STUDY_MPI_RUNNER_H_
