// The build without MPI (HUBSIM_WITH_MPI off, or no MPI found): mpi_runner.h's functions
// say so. Chosen by engine/study/CMakeLists.txt instead of mpi_runner.cc.
#include <stdexcept>

#include "engine/study/mpi_runner.h"

namespace hubsim::study {

bool MpiBuilt() {
  return false;
}

MpiSession::MpiSession() {
  throw std::runtime_error(
      "this hubsim was built without MPI (configure with Open MPI installed: "
      "libopenmpi-dev, and HUBSIM_WITH_MPI=ON)");
}

MpiSession::~MpiSession() = default;

std::vector<Replication> RunSweepItemsMpi(const MpiSession&, const SweepPlan&,
                                          const SweepRunOptions&) {
  throw std::runtime_error("this hubsim was built without MPI");
}

}  // namespace hubsim::study
