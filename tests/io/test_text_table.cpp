#include <catch2/catch.hpp>
#include <limits>

#include "equiroute/report/text_table.hpp"
#include "support.hpp"

using equiroute::io::TextTable;

TEST_CASE("TextTable renders CSV and Markdown", "[io][table]") {
  TextTable table({"key", "name", "gini"}, {0, 0, 4});
  table.add_row({std::string("430100"), std::string("长沙市, \"省会\""), 0.123456});
  table.add_row(
      {std::string("430200"), std::string("a|b"), std::numeric_limits<double>::quiet_NaN()});
  CHECK(table.to_csv() == "key,name,gini\n430100,\"长沙市, \"\"省会\"\"\",0.1235\n430200,a|b,\n");
  CHECK(table.to_markdown() ==
        "| key | name | gini |\n| --- | --- | --- |\n| 430100 | 长沙市, \"省会\" | 0.1235 |\n"
        "| 430200 | a\\|b | — |\n");
  CHECK_THROWS(table.add_row({1.0}));

  equiroute::test::TempDir dir;
  table.write_csv(dir / "t.csv");
  CHECK(equiroute::test::read_file(dir / "t.csv") == table.to_csv());
}
