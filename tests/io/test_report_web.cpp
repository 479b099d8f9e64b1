// The report for people: headers and numbers for reading, the interactive map from the web
// template (EQUIROUTE_WEB_ASSETS), the static fallback with its note, figures linked beyond
// the size budget.

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <string>

#include "equiroute/core/error.hpp"
#include "equiroute/report/report.hpp"
#include "equiroute/report/table_display.hpp"
#include "support.hpp"

using namespace equiroute::io;
using equiroute::test::read_file;
using equiroute::test::TempDir;
using equiroute::test::write_file;

namespace {

/// Sets an environment variable for one scope.
struct ScopedEnv {
  std::string name;
  ScopedEnv(std::string n, const std::string& value) : name(std::move(n)) {
    ::setenv(name.c_str(), value.c_str(), 1);
  }
  ~ScopedEnv() { ::unsetenv(name.c_str()); }
};

TextTable people_table() {
  TextTable t({"id", "name", "population", "beds_per_10k"}, {0, 0, 2, 6});
  t.add_row({std::string("430102"), std::string("长沙市"), 7288600.0, 12.3456789});
  t.add_row({std::string("430200"), std::string("株洲市"), 4023000.0,
             std::numeric_limits<double>::quiet_NaN()});
  return t;
}

}  // namespace

TEST_CASE("Numbers for reading: whole from 1,000, else 4 significant digits", "[io][report]") {
  CHECK(readable_number(7288600.0) == "7,288,600");
  CHECK(readable_number(999.6) == "1,000");
  CHECK(readable_number(-12345.4) == "-12,345");
  CHECK(readable_number(12.3456789) == "12.35");
  CHECK(readable_number(0.23456) == "0.2346");
  CHECK(readable_number(0.25) == "0.25");
  CHECK(readable_number(1.23456e-6) == "0.000001235");
  CHECK(readable_number(12.0) == "12");
  CHECK(readable_number(0.0) == "0");
  CHECK(readable_number(std::numeric_limits<double>::quiet_NaN()) == "—");
}

TEST_CASE("Column headers for people in the report language, with units", "[io][report]") {
  CHECK(column_label("population", ReportLanguage::En) == "Population (persons)");
  CHECK(column_label("population", ReportLanguage::Zh) == "人口（人）");
  CHECK(column_label("area_km2", ReportLanguage::En) == "Area (km²)");
  CHECK(column_label("beds_per_10k", ReportLanguage::En) == "Beds per 10,000 people");
  CHECK(column_label("institutions_per_10k", ReportLanguage::Zh) == "每万人机构数");
  CHECK(column_label("doctors_per_km2", ReportLanguage::Zh) == "每平方公里医生数");
  CHECK(column_label("2sfca_beds", ReportLanguage::En) == "2SFCA score: beds");
  CHECK(column_label("median_min", ReportLanguage::En) == "Median (min)");
  CHECK(column_label("p90_s", ReportLanguage::Zh) == "第90百分位（秒）");
  CHECK(column_label("share_beyond_60_min", ReportLanguage::En) == "Share beyond 60 min");
  CHECK(column_label("theil_t_between_share", ReportLanguage::En) == "Theil T between share");
  CHECK(column_label("nearest_travel_s", ReportLanguage::En) == "Nearest facility (s)");
  CHECK(column_label("some_other_thing", ReportLanguage::En) == "Some other thing");
}

TEST_CASE("Report tables: full precision in data-value, rounded text, own scroll box",
          "[io][report]") {
  Report report("Densities", ReportLanguage::Zh);
  report.add_table(people_table(), "密度");
  const std::string html = report.to_html();
  CHECK(html.find("<div class=\"eq-table-wrap\" tabindex=\"0\">\n<table>") != std::string::npos);
  CHECK(html.find("<th>编码</th><th>名称</th><th>人口（人）</th><th>每万人床位数</th>") !=
        std::string::npos);
  CHECK(html.find("<td>长沙市</td><td class=\"num\" data-value=\"7288600\">7,288,600</td>"
                  "<td class=\"num\" data-value=\"12.3456789\">12.35</td>") != std::string::npos);
  CHECK(html.find("<td class=\"num\">—</td>") != std::string::npos);
  CHECK(html.find("white-space: nowrap") != std::string::npos);  // the embedded table CSS
  const std::string md = report.to_markdown(".");
  CHECK(md.find("| 编码 | 名称 | 人口（人） | 每万人床位数 |") != std::string::npos);
  CHECK(md.find("| 7288600.00 |") != std::string::npos);  // report.md keeps its precision
}

TEST_CASE("Interactive map from the web template, or a static report with a note", "[io][report]") {
  TempDir dir;
  std::filesystem::create_directories(dir / "dist");
  write_file(dir / "dist" / "report_page.html",
             "<html lang=\"{{LANG}}\"><title>{{TITLE}}</title><style>{{STYLE}}</style>{{BODY}}"
             "<script id=\"d\">{{MAP_DATA}}</script><script>{{SCRIPT}}</script></html>");
  write_file(dir / "dist" / "equiroute-report.css", "/* css {{BODY}} */");
  write_file(dir / "dist" / "equiroute-report.js", "/* js */");
  Report report("A & B", ReportLanguage::En);
  report.add_paragraph("before {{SCRIPT}}");
  report.add_interactive_map(R"({"title":"</script><b>"})");
  CHECK(report.to_markdown(".").find("*The interactive map of these indicators is in "
                                     "report.html.*") != std::string::npos);
  {
    ScopedEnv env("EQUIROUTE_WEB_ASSETS", dir.path().string());  // the folder holding dist/
    const std::string html = report.to_html();
    // One left-to-right pass: placeholders in inserted text stay as they are.
    CHECK(html ==
          "<html lang=\"en\"><title>A &amp; B</title><style>/* css {{BODY}} */</style>"
          "<h1>A &amp; B</h1>\n<p>before {{SCRIPT}}</p>\n<div id=\"equiroute-map\"></div>\n"
          "<footer>Generated by equiroute.</footer>\n<script id=\"d\">"
          "{\"title\":\"\\u003c/script>\\u003cb>\"}</script><script>/* js */</script></html>");
  }
  {
    ScopedEnv env("EQUIROUTE_WEB_ASSETS", (dir / "nowhere").string());
    CHECK_THROWS_AS(report.to_html(), equiroute::Error);
  }
  {
    ScopedEnv env("EQUIROUTE_WEB_ASSETS", "none");
    const std::string html = report.to_html();
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("equiroute-map") == std::string::npos);
    CHECK(html.find("<strong>Note:</strong> the interactive map is not included") !=
          std::string::npos);
  }
}

TEST_CASE("Figures are linked, not embedded, beyond the size budget", "[io][report]") {
  TempDir dir;
  std::filesystem::create_directories(dir / "maps");
  write_file(dir / "maps" / "map.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
  Report report("r");
  report.add_figure(dir / "maps" / "map.svg", "A map");
  report.set_html_budget(1'000'000'000);
  report.write({}, dir / "embedded.html");
  CHECK(read_file(dir / "embedded.html").find("data:image/svg+xml;base64,") != std::string::npos);
  report.set_html_budget(10);
  report.write({}, dir / "linked.html");
  const std::string html = read_file(dir / "linked.html");
  CHECK(html.find("data:image") == std::string::npos);
  CHECK(html.find("<a href=\"maps/map.svg\">Figure 1. A map</a> (SVG, 0.0 MB)") !=
        std::string::npos);
}
