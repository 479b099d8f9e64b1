#include <catch2/catch.hpp>
#include <limits>
#include <string>

#include "equiroute/core/error.hpp"
#include "equiroute/render/lorenz_chart.hpp"
#include "equiroute/report/report.hpp"
#include "support.hpp"

using namespace equiroute::io;
using equiroute::test::read_file;
using equiroute::test::TempDir;

namespace {

TextTable gini_table() {
  TextTable t({"basis", "resource", "gini"}, {0, 0, 3});
  t.add_row({std::string("population"), std::string("beds"), 0.1234});
  t.add_row({std::string("area <km²>"), std::string("doctors"),
             std::numeric_limits<double>::quiet_NaN()});
  return t;
}

}  // namespace

TEST_CASE("Report writes Markdown with relative images and self-contained HTML", "[io][report]") {
  TempDir dir;
  std::filesystem::create_directories(dir / "out" / "figures");
  LorenzCurve curve{"Population", {{0.5, 0.3}, {1.0, 1.0}}, 0.2};
  render_lorenz_chart(
      {curve}, LorenzChartSpec{},
      FigureOutputs{
          dir / "out" / "figures" / "lorenz.png", {}, dir / "out" / "figures" / "lorenz.svg", {}});

  Report report("Hunan 2018 health resources", ReportLanguage::En);
  report.add_heading("Equity");
  report.add_paragraph("Gini coefficients by basis & resource.");
  report.add_table(gini_table(), "Gini coefficients");
  report.add_figure(dir / "out" / "figures" / "lorenz.png", "Lorenz curve of beds");
  report.add_figure(dir / "out" / "figures" / "lorenz.svg", "Same, as SVG");
  report.add_note("Travel times are straight-line approximations.");
  report.write(dir / "out" / "report.md", dir / "out" / "report.html");

  std::string md = read_file(dir / "out" / "report.md");
  CHECK(md.rfind("# Hunan 2018 health resources\n", 0) == 0);
  CHECK(md.find("## Equity") != std::string::npos);
  CHECK(md.find("**Table 1. Gini coefficients**") != std::string::npos);
  CHECK(md.find("| population | beds | 0.123 |") != std::string::npos);
  CHECK(md.find("| area <km²> | doctors | — |") != std::string::npos);
  CHECK(md.find("![Figure 1. Lorenz curve of beds](figures/lorenz.png)") != std::string::npos);
  CHECK(md.find("(figures/lorenz.svg)") != std::string::npos);
  CHECK(md.find("> **Note:** Travel times are straight-line approximations.") != std::string::npos);

  std::string html = read_file(dir / "out" / "report.html");
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("<caption>Table 1. Gini coefficients</caption>") != std::string::npos);
  CHECK(html.find("<td>population</td><td>beds</td><td class=\"num\" data-value=\"0.1234\">"
                  "0.1234</td>") != std::string::npos);
  CHECK(html.find("<th>Basis</th><th>Resource</th><th>Gini</th>") != std::string::npos);
  CHECK(html.find("<td>area &lt;km²&gt;</td>") != std::string::npos);
  CHECK(html.find("Gini coefficients by basis &amp; resource.") != std::string::npos);
  CHECK(html.find("<figcaption>Figure 2. Same, as SVG</figcaption>") != std::string::npos);
  // Every image source is an inline data: URI, and nothing is fetched from anywhere.
  // (std::regex overflows the stack on the long base64 strings, so scan by hand.)
  int sources = 0;
  for (std::size_t at = html.find("src="); at != std::string::npos;
       at = html.find("src=", at + 1)) {
    ++sources;
    CHECK(html.compare(at, 16, "src=\"data:image/") == 0);
  }
  CHECK(sources == 2);
  CHECK(html.find("data:image/png;base64,iVBORw0KGgo") != std::string::npos);  // PNG signature
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("href=") == std::string::npos);
  CHECK(html.find("file:") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("@import") == std::string::npos);
}

TEST_CASE("Report in Chinese uses Chinese fixed strings", "[io][report]") {
  TempDir dir;
  Report report("湖南省卫生资源公平性报告", parse_report_language("zh"));
  report.add_table(gini_table(), "基尼系数");
  report.add_note("出行时间为直线距离近似。");
  std::string md = report.to_markdown(dir.path());
  CHECK(md.find("**表 1　基尼系数**") != std::string::npos);
  CHECK(md.find("> **注:** 出行时间为直线距离近似。") != std::string::npos);
  std::string html = report.to_html();
  CHECK(html.find("<html lang=\"zh-CN\">") != std::string::npos);
  CHECK_THROWS_AS(parse_report_language("fr"), equiroute::Error);
}

TEST_CASE("Report refuses a missing figure and writes nothing", "[io][report]") {
  TempDir dir;
  Report report("r");
  report.add_figure(dir / "missing.png", "gone");
  CHECK_THROWS_AS(report.write(dir / "report.md", dir / "report.html"), equiroute::Error);
  CHECK_FALSE(std::filesystem::exists(dir / "report.md"));
  CHECK_FALSE(std::filesystem::exists(dir / "report.html"));
  Report other("r");
  equiroute::test::write_file(dir / "image.gif", "GIF89a");
  other.add_figure(dir / "image.gif", "gif");
  CHECK_THROWS_AS(other.to_html(), equiroute::Error);
  CHECK_THROWS_AS(other.add_heading("x", 1), std::invalid_argument);
}
