// `equiroute equity` end to end: the embedded Hunan 2018 data (Luo et al. 2022, Tables 3–4)
// and small generated tables for grouping, log base, undefined Theil L and input errors.

#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support.hpp"

using namespace equiroute::test;
using nlohmann::json;

namespace {

/// A comma-separated file without quoting, as rows of cells keyed by the header.
std::vector<std::map<std::string, std::string>> read_simple_csv(const fs::path& path) {
  std::istringstream in(read_file(path));
  std::string line;
  std::vector<std::string> header;
  std::vector<std::map<std::string, std::string>> rows;
  auto split = [](const std::string& s) {
    std::vector<std::string> cells;
    std::stringstream ss(s);
    std::string cell;
    while (std::getline(ss, cell, ',')) cells.push_back(cell);
    return cells;
  };
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (header.empty()) {
      header = split(line);
      continue;
    }
    const auto cells = split(line);
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < header.size() && i < cells.size(); ++i) row[header[i]] = cells[i];
    rows.push_back(row);
  }
  return rows;
}

double round2(double v) { return std::round(v * 100.0) / 100.0; }

std::string expected_band(double g) {
  if (g < 0.2) return "absolutely fair";
  if (g < 0.3) return "relatively fair";
  if (g < 0.4) return "relatively reasonable";
  if (g < 0.5) return "large gap";
  return "highly unequal";
}

std::string quote(const fs::path& p) { return "'" + p.string() + "'"; }

}  // namespace

TEST_CASE("equity on the embedded Hunan data reproduces Table 4", "[cli][equity]") {
  const auto data = embedded_data();
  if (!data) EQUIROUTE_SKIP("embedded data set data/hunan-2018 is absent (run scripts/fetch-data)");
  TempDir dir;
  const auto out = dir / "equity";
  const auto r =
      run_cli("equity --table " + quote(*data / "table3_2018.csv") +
              " --key adcode --name name_zh --population population_10k --population-scale 10000"
              " --resource institutions --resource actual_beds --resource doctors --resource nurses"
              " --regions " +
              quote(*data / "counties.geojson") + " --regions-key adcode --dissolve-prefix 4 -o " +
              quote(out));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("actual_beds"));
  CHECK_THAT(r.out, Catch::Contains("Theil log base: e"));

  const std::vector<std::string> resources{"institutions", "actual_beds", "doctors", "nurses"};
  const auto table = read_simple_csv(*data / "table3_2018.csv");
  const auto densities = read_simple_csv(out / "densities.csv");
  REQUIRE(table.size() == 14);
  REQUIRE(densities.size() == 14);

  std::map<std::string, std::map<std::string, std::string>> by_key;
  for (const auto& row : densities) by_key[row.at("key")] = row;
  double total_area = 0.0;
  for (const auto& t : table) {
    const auto& d = by_key.at(t.at("adcode"));
    CHECK(d.at("name") == t.at("name_zh"));
    const double pop_10k = std::stod(t.at("population_10k"));
    const double area = std::stod(d.at("area_km2"));
    total_area += area;
    for (const auto& res : resources) {
      // Table 4 prints two decimals: resource / population in 10,000s.
      const double value = std::stod(t.at(res));
      INFO(t.at("prefecture") << " " << res);
      CHECK(round2(std::stod(d.at(res + "_per_10k"))) == Approx(round2(value / pop_10k)));
      // densities.csv prints 6 decimals per 10k and 8 per km² (area itself has 3 decimals).
      CHECK(std::stod(d.at(res + "_per_10k")) == Approx(value / pop_10k).margin(1e-6));
      CHECK(std::stod(d.at(res + "_per_km2")) == Approx(value / area).epsilon(1e-5).margin(1e-8));
    }
  }
  // Hand-written values of Table 4 for Changsha (728.86 ten-thousand people).
  const auto& changsha = by_key.at("430100");
  CHECK(round2(std::stod(changsha.at("doctors_per_10k"))) == Approx(0.47));
  CHECK(round2(std::stod(changsha.at("nurses_per_10k"))) == Approx(1.15));
  CHECK(round2(std::stod(changsha.at("actual_beds_per_10k"))) == Approx(12.08));
  CHECK(round2(std::stod(changsha.at("institutions_per_10k"))) == Approx(0.02));
  // Areas from the polygons in an equal-area projection, within 1% of the official figures:
  // Changsha 11,819 km², Hunan 211,800 km²; beds per km² = 8808 / 11819 = 0.745.
  CHECK(std::stod(changsha.at("area_km2")) == Approx(11819).epsilon(0.01));
  CHECK(total_area == Approx(211800).epsilon(0.01));
  CHECK(std::stod(changsha.at("actual_beds_per_km2")) == Approx(8808.0 / 11819).epsilon(0.01));

  const json j = json::parse(read_file(out / "equity.json"));
  CHECK(j.at("theil_log_base") == "e");
  REQUIRE(j.at("units").size() == 14);
  for (std::size_t i = 0; i < table.size(); ++i) {
    const auto& u = j.at("units")[i];
    CHECK(u.at("key") == table[i].at("adcode"));
    const double area = u.at("area_km2").get<double>();
    for (const auto& res : resources) {
      const double value = std::stod(table[i].at(res));
      const auto& dens = u.at("densities").at(res);
      CHECK(dens.at("per_10k").get<double>() ==
            Approx(value / std::stod(table[i].at("population_10k"))).epsilon(1e-12));
      CHECK(dens.at("per_km2").get<double>() == Approx(value / area).epsilon(1e-12));
    }
  }
  for (const std::string basis : {"population", "area"}) {
    for (const auto& res : resources) {
      INFO(basis << " " << res);
      const auto& e = j.at("equity").at(basis).at(res);
      const double g = e.at("gini").get<double>();
      CHECK(g >= 0.0);
      CHECK(g <= 1.0);
      CHECK(e.at("band") == expected_band(g));
      const auto& lorenz = e.at("lorenz");
      REQUIRE(lorenz.size() == 15);
      CHECK(lorenz.front() == json::array({0.0, 0.0}));
      CHECK(lorenz.back() == json::array({1.0, 1.0}));
      CHECK(e.at("theil_t").get<double>() > 0.0);
      CHECK(e.at("theil_l").get<double>() > 0.0);

      // Independent Gini: half the relative mean difference of densities x_i = r_i / w_i
      // weighted by weight shares p_i: G = Σ_i Σ_j p_i p_j |x_i − x_j| / (2 μ), which equals
      // the Lorenz-polygon area formula for grouped data.
      std::vector<double> p, x;
      double total_w = 0.0, total_r = 0.0;
      for (const auto& t : table) {
        const double w = basis == "population"
                             ? std::stod(t.at("population_10k")) * 10000
                             : std::stod(by_key.at(t.at("adcode")).at("area_km2"));
        const double v = std::stod(t.at(res));
        p.push_back(w);
        x.push_back(v / w);
        total_w += w;
        total_r += v;
      }
      const double mu = total_r / total_w;
      double mean_difference = 0.0;
      for (std::size_t a = 0; a < p.size(); ++a) {
        for (std::size_t b = 0; b < p.size(); ++b) {
          mean_difference += p[a] / total_w * p[b] / total_w * std::abs(x[a] - x[b]);
        }
      }
      // Areas in densities.csv carry 3 decimals, hence the tolerance.
      CHECK(g == Approx(mean_difference / (2 * mu)).margin(1e-6));
    }
  }

  const std::string md = read_file(out / "equity.md");
  CHECK_THAT(md, Catch::Contains("长沙市 (430100)"));
  CHECK_THAT(md, Catch::Contains("12.08"));
  const auto indices = read_simple_csv(out / "equity.csv");
  CHECK(indices.size() == 8);
}

namespace {
// Five units in two groups; unit e has no nurses (Theil L of nurses is undefined).
const char* kTable =
    "id,label,pop,region,doctors,nurses\n"
    "a,A,100,north,10,5\n"
    "b,B,200,north,10,8\n"
    "c,C,300,south,60,9\n"
    "d,D,100,south,5,2\n"
    "e,E,300,south,15,0\n";
}  // namespace

TEST_CASE("equity decomposes Theil over groups and reports undefined L", "[cli][equity]") {
  TempDir dir;
  write_file(dir / "t.csv", kTable);
  const auto run = [&](const std::string& extra, const fs::path& out) {
    return run_cli("equity --table " + quote(dir / "t.csv") +
                   " --key id --name label --population pop --resource doctors --resource nurses"
                   " --group region -o " +
                   quote(out) + " " + extra);
  };
  const auto r = run("", dir / "e");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.err, Catch::Contains("Theil L is undefined") && Catch::Contains("e"));
  const json j = json::parse(read_file(dir / "e" / "equity.json"));
  CHECK(j.at("bases") == json::array({"population"}));
  const auto& doctors = j.at("equity").at("population").at("doctors");
  // By hand: P = (1/10, 2/10, 3/10, 1/10, 3/10), Y = (0.1, 0.1, 0.6, 0.05, 0.15).
  const double t = 0.1 * std::log(1.0) + 0.1 * std::log(0.5) + 0.6 * std::log(2.0) +
                   0.05 * std::log(0.5) + 0.15 * std::log(0.5);
  CHECK(doctors.at("theil_t").get<double>() == Approx(t).epsilon(1e-12));
  // Groups north (P 0.3, Y 0.2), south (P 0.7, Y 0.8): between T = 0.2 ln(2/3) + 0.8 ln(8/7).
  CHECK(doctors.at("theil_t_between").get<double>() ==
        Approx(0.2 * std::log(2.0 / 3) + 0.8 * std::log(8.0 / 7)).epsilon(1e-12));
  for (const std::string kind : {"theil_t", "theil_l"}) {
    CHECK(doctors.at(kind + "_between").get<double>() +
              doctors.at(kind + "_within").get<double>() ==
          Approx(doctors.at(kind).get<double>()).margin(1e-12));
  }
  REQUIRE(doctors.at("groups").size() == 2);
  CHECK(doctors.at("groups")[0].at("key") == "north");

  const auto& nurses = j.at("equity").at("population").at("nurses");
  CHECK(nurses.at("theil_l").is_null());
  CHECK(nurses.at("theil_l_between").is_null());
  CHECK(nurses.at("theil_l_undefined_units") == json::array({"e"}));
  CHECK_THAT(nurses.at("theil_l_undefined_reason").get<std::string>(), Catch::Contains("e"));
  CHECK(nurses.at("theil_t").is_number());
  const std::string csv = read_file(dir / "e" / "equity.csv");
  CHECK_THAT(csv, Catch::Contains("theil_l_between"));
  CHECK_THAT(read_file(dir / "e" / "equity.md"), Catch::Contains("Theil L is undefined"));

  // log10 = ln / ln 10, labelled.
  const auto r10 = run("--theil-log 10", dir / "ten");
  REQUIRE(r10.exit_code == 0);
  const json j10 = json::parse(read_file(dir / "ten" / "equity.json"));
  CHECK(j10.at("theil_log_base") == "10");
  CHECK(j10.at("equity").at("population").at("doctors").at("theil_t").get<double>() ==
        Approx(t / std::log(10.0)).epsilon(1e-12));
  CHECK(j10.at("equity").at("population").at("doctors").at("gini") == doctors.at("gini"));
}

TEST_CASE("equity refuses bad input with exit code 2", "[cli][equity]") {
  TempDir dir;
  write_file(dir / "t.csv", kTable);
  const std::string base = "equity --table " + quote(dir / "t.csv") + " --key id --population pop";
  SECTION("area basis without regions") {
    const auto r = run_cli(base + " --resource doctors --basis area -o " + quote(dir / "o"));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("area basis"));
  }
  SECTION("unknown resource field") {
    const auto r = run_cli(base + " --resource dentists -o " + quote(dir / "o"));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("dentists"));
  }
  SECTION("negative value names the row") {
    write_file(dir / "neg.csv", "id,pop,doctors\na,10,1\nb,-5,2\n");
    const auto r = run_cli("equity --table " + quote(dir / "neg.csv") +
                           " --key id --population pop --resource doctors -o " + quote(dir / "o"));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("b") && Catch::Contains("pop"));
  }
  SECTION("a resource that is zero everywhere") {
    write_file(dir / "zero.csv", "id,pop,doctors\na,10,0\nb,5,0\n");
    const auto r = run_cli("equity --table " + quote(dir / "zero.csv") +
                           " --key id --population pop --resource doctors -o " + quote(dir / "o"));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("total resource is zero") && Catch::Contains("doctors"));
  }
  CHECK_FALSE(fs::exists(dir / "o" / "equity.json"));
}
