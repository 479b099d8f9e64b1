#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "equiroute/core/error.hpp"
#include "equiroute/pipeline/cost_matrix_csv.hpp"
#include "support.hpp"

using namespace equiroute;
using namespace equiroute::test;

TEST_CASE("cost matrix CSV: CSR order, quoting, unreachable and missing pairs", "[io][access]") {
  TempDir dir;
  // BOM, CRLF, quoted ids (one with a comma), an extra column, rows out of order, an empty
  // time and "inf" (unreachable), and pairs absent altogether.
  write_file(dir / "c.csv",
             "\xEF\xBB\xBFnote,destination_id,origin_id,travel_s\r\n"
             "x,f2,a,30\r\n"
             "x,\"f,1\",a,10.5\r\n"
             "x,f2,b,\r\n"
             "\"say \"\"hi\"\"\",f1_,b,inf\r\n"
             "x,f2,c,0\r\n");
  std::vector<std::string> origins{"a", "b", "c"};
  std::vector<std::string> destinations{"f,1", "f1_", "f2"};
  auto r = io::read_cost_matrix_csv(dir / "c.csv", origins, destinations);
  const auto& m = r.matrix;
  CHECK(r.report.rows == 5);
  CHECK(r.report.unreachable_rows == 2);
  CHECK(r.report.entries == 3);
  CHECK(r.report.missing_pairs == 9 - 5);
  CHECK(m.row_offsets == std::vector<std::size_t>{0, 2, 2, 3});
  CHECK(m.destinations == std::vector<std::uint32_t>{0, 2, 2});  // ascending within rows
  CHECK(m.travel_s == std::vector<double>{10.5, 30, 0});

  SECTION("errors") {
    write_file(dir / "bad.csv", "origin_id,destination_id,travel_s\na,f2,-1\n");
    CHECK_THROWS_AS(io::read_cost_matrix_csv(dir / "bad.csv", origins, destinations), Error);
    write_file(dir / "bad.csv", "origin_id,destination_id,travel_s\na,f2,ten\n");
    CHECK_THROWS_WITH(io::read_cost_matrix_csv(dir / "bad.csv", origins, destinations),
                      Catch::Contains("row 2") && Catch::Contains("not a number"));
    write_file(dir / "bad.csv", "origin_id,destination_id,travel_s\na,zz,1\n");
    CHECK_THROWS_WITH(io::read_cost_matrix_csv(dir / "bad.csv", origins, destinations),
                      Catch::Contains("'zz' is not a facility id"));
    std::vector<std::string> duplicated{"a", "a"};
    CHECK_THROWS_AS(io::read_cost_matrix_csv(dir / "c.csv", duplicated, destinations), Error);
  }
}
