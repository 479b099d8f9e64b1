#include <catch2/catch.hpp>
#include <limits>
#include <string>

#include "equiroute/report/text_table.hpp"
#include "support.hpp"

using equiroute::io::TextTable;

TEST_CASE("TextTable renders CSV and Markdown", "[io][table]") {
  TextTable table({"key", "name", "gini"}, {0, 0, 4});
  table.add_row({std::string("430100"), std::string("长沙市, \"省会\""), 0.123456});
  table.add_row(
      {std::string("430200"), std::string("a|b"), std::numeric_limits<double>::quiet_NaN()});
  // CSV keeps every digit; Markdown rounds to the column's precision.
  CHECK(table.to_csv() == "key,name,gini\n430100,\"长沙市, \"\"省会\"\"\",0.123456\n430200,a|b,\n");
  CHECK(table.to_markdown() ==
        "| key | name | gini |\n| --- | --- | --- |\n| 430100 | 长沙市, \"省会\" | 0.1235 |\n"
        "| 430200 | a\\|b | — |\n");
  CHECK_THROWS(table.add_row({1.0}));

  // The CSV text of a double reads back as the same double (shortest round-trip form).
  TextTable exact({"x"});
  for (double x : {0.000777308593123456, 1.0 / 3.0, 7288600.0, 1e-300, 12345678.901234567})
    exact.add_row({x});
  const std::string csv = exact.to_csv();
  std::size_t start = csv.find('\n') + 1;
  for (double x : {0.000777308593123456, 1.0 / 3.0, 7288600.0, 1e-300, 12345678.901234567}) {
    const std::size_t end = csv.find('\n', start);
    CHECK(std::stod(csv.substr(start, end - start)) == x);
    start = end + 1;
  }
  CHECK(csv.find("7288600\n") != std::string::npos);  // no trailing zeros

  equiroute::test::TempDir dir;
  table.write_csv(dir / "t.csv");
  CHECK(equiroute::test::read_file(dir / "t.csv") == table.to_csv());
}
