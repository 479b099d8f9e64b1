// Fuzzes the cost-matrix CSV reader: io::read_cost_matrix_csv with three demand points and
// two facilities, as `access --costs` reads a user's travel-time table.

#include "equiroute/pipeline/cost_matrix_csv.hpp"

#include "fuzz_support.hpp"

using namespace equiroute;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::quiet_setup();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fuzz::DiskFile file("costs.csv", fuzz::as_text(data, size));
  fuzz::expect_only_errors([&] {
    io::read_cost_matrix_csv(file.path(), {"A", "B", "430102"}, {"H1", "H2"});
  });
  return 0;
}
