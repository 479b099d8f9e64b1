#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "support.hpp"

using namespace equiroute::test;
namespace fs = std::filesystem;

namespace {

fs::path hunan_scenario() {
  return fs::path(EQUIROUTE_SOURCE_DIR) / "examples/hunan-2018/scenario.toml";
}

/// Rows of a CSV written by equiroute (no quoted commas in these columns).
std::vector<std::vector<std::string>> csv_rows(const fs::path& path) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(read_file(path));
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

}  // namespace

/// The Hunan run is made once and shared by the sections below (each section re-enters
/// the test case).
const CliResult& hunan_run(const fs::path& out) {
  static const CliResult result =
      run_cli("run '" + hunan_scenario().string() + "' -o '" + out.string() + "' --threads 2");
  return result;
}

TEST_CASE("equiroute run on the embedded Hunan scenario", "[cli][run][embedded]") {
  if (!embedded_data()) EQUIROUTE_SKIP("embedded data set not built (scripts/fetch-data)");
  static TempDir dir;
  fs::path out = dir / "hunan";
  const auto& r = hunan_run(out);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("straight-line approximation"));

  SECTION("layers hold 122 counties and 14 prefectures") {
    auto counties = run_cli("info '" + (out / "layers/regions.gpkg").string() + "'");
    CHECK_THAT(counties.out, Catch::Contains("features: 122"));
    auto prefectures = run_cli("info '" + (out / "layers/groups.gpkg").string() + "'");
    CHECK_THAT(prefectures.out, Catch::Contains("features: 14"));
    auto facilities = run_cli("info '" + (out / "layers/facilities.gpkg").string() + "'");
    CHECK_THAT(facilities.out, Catch::Contains("features: 14"));
  }
  SECTION("the densities of Luo et al. (2022) Table 4 per 10,000 people") {
    auto rows = csv_rows(out / "tables/densities.csv");
    REQUIRE(rows.size() == 15);
    const auto& header = rows[0];
    auto col = [&](const std::string& name) {
      auto it = std::find(header.begin(), header.end(), name);
      REQUIRE(it != header.end());
      return static_cast<std::size_t>(it - header.begin());
    };
    for (const auto& row : rows) {
      if (row[0] != "430100") continue;  // Changsha: 728.86 × 10^4 people (Table 3)
      CHECK(std::stod(row[col("doctors_per_10k")]) == Approx(340 / 728.86).margin(0.005));  // 0.47
      CHECK(std::stod(row[col("nurses_per_10k")]) == Approx(837 / 728.86).margin(0.005));   // 1.15
      CHECK(std::stod(row[col("actual_beds_per_10k")]) ==
            Approx(8808 / 728.86).margin(0.005));  // 12.08
      // per km² with the official area 11,819 km², within the 1 % area tolerance
      CHECK(std::stod(row[col("actual_beds_per_km2")]) == Approx(8808 / 11819.0).epsilon(0.01));
    }
  }
  SECTION("maps are valid PNG (300 dpi A4 width) and PDF files") {
    std::size_t pngs = 0;
    for (const auto& entry : fs::directory_iterator(out / "maps")) {
      if (entry.path().extension() == ".png") {
        auto [w, h] = png_size(entry.path());
        CHECK(w >= 1800);
        CHECK(h >= 1000);
        ++pngs;
      } else if (entry.path().extension() == ".pdf") {
        std::string pdf = read_file(entry.path());
        CHECK(pdf.rfind("%PDF-", 0) == 0);
        CHECK(pdf.find("%%EOF") != std::string::npos);
      }
    }
    CHECK(pngs >= 8 + 8);  // densities (4 resources × 2) + Lorenz (4 × 2) + access maps
  }
  SECTION("report.html holds the tables for people and, over 5 MB of figures, links them") {
    std::string html = read_file(out / "report.html");
    CHECK_THAT(html, Catch::Contains("<th>Gini</th>") && Catch::Contains("<th>Theil T</th>") &&
                         Catch::Contains("<th>Population (persons)</th>") &&
                         Catch::Contains("<a href=\"maps/access_nearest_travel_min.png\">"));
    CHECK(html.size() <= 5'000'000);
    // The document itself (Leaflet's script has its own attribution link text, never shown:
    // the page requests nothing, as the browser test checks).
    const std::string document = html.substr(0, html.find("<script"));
    CHECK(document.find("src=\"http") == std::string::npos);
    CHECK(document.find("src=\"maps/") == std::string::npos);
    CHECK(document.find("href=\"http") == std::string::npos);
  }
  SECTION("layers open in QGIS styled like the printed maps") {
    const std::string qml = read_file(out / "layers/regions.qml");  // the GeoJSON's sidecar
    CHECK_THAT(qml,
               Catch::Contains("attr=\"nearest_travel_s\"") && Catch::Contains("graduatedSymbol"));
  }
  SECTION("manifest and summary") {
    auto manifest = nlohmann::json::parse(read_file(out / "manifest.json"));
    CHECK(manifest["inputs"].size() == 4);
    CHECK(manifest["outputs"].size() > 20);
    auto summary = nlohmann::json::parse(read_file(out / "summary.json"));
    CHECK(summary["regions"] == 122);
    CHECK(summary["travel"]["approximate"] == true);
    double gini = summary["equity"]["doctors"]["population"]["gini"];
    CHECK(gini > 0.0);
    CHECK(gini < 0.3);  // Luo et al.: allocation by population is relatively fair
  }
  SECTION("intervals of Table 5 and a sweep of the catchment (issue 18)") {
    // B = 9999 and seed 2022, as docs/equity.md (bench/table5_intervals, the `equity`
    // command). The run resamples the 14 prefectures in the order of the region layer, the
    // table in the order of its rows: the same seed then draws other samples, and the
    // endpoints differ by their Monte Carlo error (B = 9999: about 1e-3, more in the far tail
    // BCa reads for the area basis; measured 0.0006, 0.0008 (population) and 0.0002, 0.0030
    // (area) for institutions). Tolerance 5e-3, against widths of 0.06 and 0.16. The
    // estimate itself is exact.
    auto rows = csv_rows(out / "tables/equity_intervals.csv");
    REQUIRE(rows.size() == 1 + 8 * 3);  // 4 resources × 2 bases × Gini, Theil T, Theil L
    const auto& header = rows[0];
    auto col = [&](const std::string& name) {
      auto it = std::find(header.begin(), header.end(), name);
      REQUIRE(it != header.end());
      return static_cast<std::size_t>(it - header.begin());
    };
    std::size_t checked = 0;
    for (const auto& row : rows) {
      if (row[col("statistic")] != "gini" || row[col("resource")] != "institutions") continue;
      const bool population = row[col("basis")] == "population";
      CHECK(row[col("method")] == "bca");
      CHECK(std::stod(row[col("estimate")]) == Approx(population ? 0.1035 : 0.2386).margin(6e-5));
      CHECK(std::stod(row[col("lower")]) == Approx(population ? 0.0726 : 0.1754).margin(5e-3));
      CHECK(std::stod(row[col("upper")]) == Approx(population ? 0.1338 : 0.3321).margin(5e-3));
      ++checked;
    }
    CHECK(checked == 2);
    auto summary = nlohmann::json::parse(read_file(out / "summary.json"));
    CHECK(summary["bootstrap"]["replicates"] == 9999);
    CHECK(summary["contrasts"]["doctors"]["gini_area_minus_population"]["significant"] == true);
    CHECK(summary["access_gini_intervals"].size() == summary["access_gini"].size());
    CHECK(csv_rows(out / "tables/sweep.csv").size() == 1 + 1 + 4);  // scenario + 4 catchments
    auto manifest = nlohmann::json::parse(read_file(out / "manifest.json"));
    CHECK(manifest["parameters"]["sweep"]["travel_cost_matrices"] == 0);  // the run's reused
    CHECK(fs::exists(out / "maps/sweep_gini_2sfca_doctors.png"));
    const std::string html = read_file(out / "report.html");
    CHECK_THAT(html, Catch::Contains("Sensitivity to the analyst") &&
                         Catch::Contains("95 % interval (population)") &&
                         Catch::Contains("significant (the interval excludes 0)"));
  }
  SECTION("the scenario's [plan] is part of the run (checked in test_cli_plan.cpp)") {
    CHECK(fs::exists(out / "tables/plan_solutions.csv"));
    CHECK(fs::exists(out / "layers/plan_sites.gpkg"));
    auto manifest = nlohmann::json::parse(read_file(out / "manifest.json"));
    CHECK(manifest["parameters"]["plan"]["solutions"].size() == 2);
  }
  SECTION("the plan's maps and Lorenz charts, and its report section with the tables' values") {
    for (const std::string plan : {"plan_pmedian_k5", "plan_min_share_beyond_k5"}) {
      for (const std::string map : {"_travel_min", "_change_min"}) {
        INFO(plan + map);
        // The same regions on the same page as the run's travel-time map.
        CHECK(png_size(out / "maps" / (plan + map + ".png")) ==
              png_size(out / "maps/access_nearest_travel_min.png"));
        CHECK(read_file(out / "maps" / (plan + map + ".pdf")).rfind("%PDF-", 0) == 0);
      }
      CHECK(png_size(out / "maps" / ("lorenz_" + plan + ".png")).first == 1800);
    }
    const std::string md = read_file(out / "report.md");
    CHECK_THAT(md, Catch::Contains("## What-if plan") &&
                       Catch::Contains("plan_pmedian_k5_change_min.png") &&
                       Catch::Contains("lorenz_plan_min_share_beyond_k5.png"));
    // Every before/after value of the table is printed in the report to its 4 decimals.
    const auto table = csv_rows(out / "tables/plan_before_after.csv");
    REQUIRE(table.size() > 1);
    REQUIRE(table[0] == std::vector<std::string>{"objective", "k", "indicator", "unit", "before",
                                                 "after", "change"});
    std::size_t rows = 0;
    for (std::size_t i = 1; i < table.size(); ++i) {
      const auto& row = table[i];
      if (row[5].empty()) continue;
      const std::string printed =
          fmt::format("| {} | {} | {} | {} | {:.4f} | {:.4f} |", row[0], row[1], row[2], row[3],
                      std::stod(row[4]), std::stod(row[5]));
      INFO(printed);
      CHECK(md.find(printed) != std::string::npos);
      ++rows;
    }
    CHECK(rows >= 2 * 8);
    CHECK(read_file(out / "report.html").find("What-if plan") != std::string::npos);
  }
}

TEST_CASE("equiroute run with the 2020 census population by county", "[cli][run][shared]") {
  auto shared = shared_data();
  if (!embedded_data() || !shared) EQUIROUTE_SKIP("needs data/hunan-2018 and ../shared/data");
  TempDir dir;
  std::string text = read_file(hunan_scenario());
  fs::path data = fs::path(EQUIROUTE_SOURCE_DIR) / "data/hunan-2018";
  auto replace_all = [&](const std::string& from, const std::string& to) {
    for (auto p = text.find(from); p != std::string::npos; p = text.find(from, p + to.size()))
      text.replace(p, from.size(), to);
  };
  replace_all("../../data/hunan-2018", data.string());
  replace_all(
      "# [population]\n# path = \"../../../shared/data/hunan/county_population_2020.csv\"\n# key = "
      "\"CODE\"\n# field = \"POPU\"",
      "[population]\npath = \"" + (*shared / "hunan/county_population_2020.csv").string() +
          "\"\nkey = \"CODE\"\nfield = \"POPU\"\n"
          "# renamed after the boundaries were drawn: 宁乡县, 株洲县, 邵东县\n"
          "recode = { \"430124\" = \"430182\", \"430221\" = \"430212\", \"430521\" = \"430582\" }");
  REQUIRE(text.find("[population]\npath") != std::string::npos);
  write_file(dir / "census.toml", text);
  auto r =
      run_cli("run '" + (dir / "census.toml").string() + "' -o '" + (dir / "out").string() + "'");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto summary = nlohmann::json::parse(read_file(dir / "out/summary.json"));
  for (const auto& note : summary["notes"])
    CHECK_THAT(note.get<std::string>(), !Catch::Contains("allocated by area"));
  auto rows = csv_rows(dir / "out/tables/access_regions.csv");
  REQUIRE(rows.size() == 123);
  for (const auto& row : rows) {
    if (row[0] == "430102") CHECK(std::stod(row[3]) == 642010.0);  // 芙蓉区, census 2020
  }
}

TEST_CASE("equiroute run rejects bad scenarios with one line and no output", "[cli][run]") {
  TempDir dir;
  write_file(dir / "regions.geojson", R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"id":"a","pop":10},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}}]})");
  write_file(dir / "fac.csv", "id,lon,lat,beds\nf1,0.5,0.5,10\n");
  std::string good =
      "[regions]\npath = \"regions.geojson\"\nid_field = \"id\"\npopulation_field = \"pop\"\n"
      "[facilities]\npath = \"fac.csv\"\nid_field = \"id\"\nx_field = \"lon\"\ny_field = \"lat\"\n";
  const auto with_region_filter = [&](const std::string& where) {
    std::string text = good;
    text.insert(text.find("id_field"), "where = \"" + where + "\"\n");
    return text;
  };
  struct Case {
    std::string name, text, expect;
  };
  std::vector<Case> cases{
      {"unknown key", good + "colour = \"red\"\n", "unknown key 'facilities.colour'"},
      {"wrong type", good + "[network]\nspeed_kmh = \"fast\"\n",
       "'network.speed_kmh' must be a number"},
      {"missing path", "[regions]\npath = \"nope.gpkg\"\nid_field = \"id\"\n", "does not exist"},
      {"resource field absent", good + "capacity_fields = [\"doctors\"]\n", "doctors"},
      {"region filter matches nothing", with_region_filter("id = 'zz'"),
       "no region matches regions.where"},
      {"invalid region filter", with_region_filter("no_such_field = 1"),
       "invalid attribute filter"},
      {"OSM tags on a CSV", good + "osm_tags = [\"amenity=hospital\"]\n",
       "applies only to an OSM file"},
      {"demand points without population",
       good + "[demand]\nrule = \"points\"\npath = \"fac.csv\"\n",
       "needs 'demand.path' and 'demand.population_field'"},
      {"demand path without the points rule", good + "[demand]\npath = \"fac.csv\"\n",
       "go with demand.rule = \"points\""},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      write_file(dir / "bad.toml", c.text);
      auto r =
          run_cli("run '" + (dir / "bad.toml").string() + "' -o '" + (dir / "out").string() + "'");
      CHECK(r.exit_code == 2);
      CHECK_THAT(r.err, Catch::Contains(c.expect));
      CHECK(std::count(r.err.begin(), r.err.end(), '\n') <= 2);  // one error line (+ hint)
      CHECK_FALSE(fs::exists(dir / "out"));
      for (const auto& e : fs::directory_iterator(dir.path()))
        CHECK_THAT(e.path().filename().string(), !Catch::StartsWith(".tmp-"));
    }
  }
  SECTION("a good scenario runs, and a second run replaces the first result") {
    write_file(dir / "good.toml", good +
                                      "capacity_fields = [\"beds\"]\n[access]\nmodels = "
                                      "[\"2sfca\"]\n[output]\nmaps = false\n");
    auto first =
        run_cli("run '" + (dir / "good.toml").string() + "' -o '" + (dir / "out").string() + "'");
    INFO(first.err);
    REQUIRE(first.exit_code == 0);
    auto second =
        run_cli("run '" + (dir / "good.toml").string() + "' -o '" + (dir / "out").string() + "'");
    REQUIRE(second.exit_code == 0);
    CHECK(fs::exists(dir / "out/manifest.json"));
    // 2SFCA with everything in reach: A = 10 beds / 10 people
    auto rows = csv_rows(dir / "out/tables/access_regions.csv");
    REQUIRE(rows.size() == 2);
    CHECK(std::stod(rows[1].back()) == Approx(1.0));
  }
}

TEST_CASE("equiroute run on an OSM extract (examples/osm-extract)", "[cli][run][shared][osm]") {
  auto shared = shared_data();
  if (!shared) EQUIROUTE_SKIP("needs ../shared/data/osm/andorra.osm.pbf");
  const fs::path pbf = *shared / "osm/andorra.osm.pbf";
  TempDir dir;
  std::string text =
      read_file(fs::path(EQUIROUTE_SOURCE_DIR) / "examples/osm-extract/scenario.toml");
  const std::string from = "../../../shared/data/osm/andorra.osm.pbf";
  for (auto p = text.find(from); p != std::string::npos; p = text.find(from, p))
    text.replace(p, from.size(), pbf.string());
  write_file(dir / "osm.toml", text);
  auto r = run_cli("run '" + (dir / "osm.toml").string() + "' -o '" + (dir / "out").string() +
                   "' --threads 2");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);

  // Independent count of the health facilities with GDAL's OSM driver: tagged nodes in the
  // "points" layer, tagged closed ways and multipolygons in "multipolygons".
  std::set<std::string> expected;
  GDALAllRegister();
  {
    std::unique_ptr<GDALDataset> ds(
        GDALDataset::Open(pbf.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    REQUIRE(ds);
    const std::vector<std::string> kinds{"hospital", "clinic", "doctors"};
    OGRLayer* points = ds->GetLayerByName("points");
    for (auto& f : *points) {
      const std::string tags = f->GetFieldAsString("other_tags");
      for (const auto& k : kinds)
        if (tags.find("\"amenity\"=>\"" + k + "\"") != std::string::npos)
          expected.insert("n" + std::string(f->GetFieldAsString("osm_id")));
    }
    OGRLayer* areas = ds->GetLayerByName("multipolygons");
    for (auto& f : *areas) {
      const std::string amenity = f->GetFieldAsString("amenity");
      if (std::find(kinds.begin(), kinds.end(), amenity) == kinds.end()) continue;
      if (f->IsFieldSetAndNotNull(f->GetFieldIndex("osm_id")))
        expected.insert("r" + std::string(f->GetFieldAsString("osm_id")));
      else
        expected.insert("w" + std::string(f->GetFieldAsString("osm_way_id")));
    }
  }
  REQUIRE_FALSE(expected.empty());
  auto facilities = csv_rows(dir / "out/tables/access_supply.csv");
  std::set<std::string> got;
  for (std::size_t i = 1; i < facilities.size(); ++i) got.insert(facilities[i][0]);
  CHECK(got == expected);

  // The parishes (admin_level 7) as regions, in every requested layer format; the
  // Shapefile carries a .cpg so that "Sant Julià de Lòria" round-trips.
  auto regions = csv_rows(dir / "out/tables/resources.csv");
  CHECK(regions.size() == 7);  // header + 6 parishes assembled from this extract
  std::unique_ptr<GDALDataset> shp(
      GDALDataset::Open((dir / "out/layers/regions/regions.shp").string().c_str(),
                        GDAL_OF_VECTOR | GDAL_OF_READONLY));
  REQUIRE(shp);
  CHECK(read_file(dir / "out/layers/regions/regions.cpg").find("UTF-8") != std::string::npos);
  OGRLayer* layer = shp->GetLayer(0);
  CHECK(layer->GetFeatureCount() == 6);
  bool found_name = false;
  for (auto& f : *layer)
    if (std::string(f->GetFieldAsString("name")) == "Sant Julià de Lòria") found_name = true;
  CHECK(found_name);

  // Travel on the road network: exact (not approximate) and finite for every parish.
  auto summary = nlohmann::json::parse(read_file(dir / "out/summary.json"));
  CHECK(summary["travel"]["approximate"] == false);
  auto access = csv_rows(dir / "out/tables/access_regions.csv");
  const auto& header = access.front();
  const auto col = std::find(header.begin(), header.end(), "nearest_travel_s") - header.begin();
  REQUIRE(col < static_cast<long>(header.size()));
  for (std::size_t i = 1; i < access.size(); ++i) {
    const double minutes = std::stod(access[i][col]) / 60.0;
    CHECK(minutes >= 0.0);
    CHECK(minutes < 120.0);
  }
}

TEST_CASE("equiroute run with demand from a point layer", "[cli][run]") {
  // Two unit squares side by side; demand points p1–p3 in A, p4 in B, p5 in no region;
  // one facility at p1 (so p1's time is 0).
  TempDir dir;
  write_file(dir / "regions.geojson", R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"id":"A"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},
    {"type":"Feature","properties":{"id":"B"},"geometry":{"type":"Polygon","coordinates":[[[1,0],[2,0],[2,1],[1,1],[1,0]]]}}]})");
  write_file(dir / "people.csv",
             "id,lon,lat,pop\np1,0.2,0.5,100\np2,0.6,0.5,300\np3,0.8,0.2,0\np4,1.5,0.5,50\n"
             "p5,3.0,0.5,70\n");
  write_file(dir / "fac.csv", "id,lon,lat\nf1,0.2,0.5\n");
  write_file(dir / "points.toml",
             "[regions]\npath = \"regions.geojson\"\nid_field = \"id\"\n"
             "[facilities]\npath = \"fac.csv\"\nid_field = \"id\"\n"
             "[demand]\nrule = \"points\"\npath = \"people.csv\"\nid_field = \"id\"\n"
             "population_field = \"pop\"\n"
             "[access]\nmodels = [\"nearest\", \"2sfca\"]\nthreshold_min = 600\n"
             "[output]\nmaps = false\nreport = false\n");
  auto r =
      run_cli("run '" + (dir / "points.toml").string() + "' -o '" + (dir / "out").string() + "'");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.err, Catch::Contains("1 demand point(s) with population 70 lie in no region"));
  CHECK_THAT(r.err, Catch::Contains("p5"));

  // Per point, from the demand layer written by the run.
  std::map<std::string, std::pair<double, double>> point;  // id → (population, seconds)
  GDALAllRegister();
  {
    std::unique_ptr<GDALDataset> ds(GDALDataset::Open(
        (dir / "out/layers/demand_points.gpkg").string().c_str(), GDAL_OF_VECTOR));
    REQUIRE(ds);
    OGRLayer* layer = ds->GetLayer(0);
    CHECK(layer->GetFeatureCount() == 4);  // p5 left out
    for (auto& f : *layer) {
      point[f->GetFieldAsString("id")] = {f->GetFieldAsDouble("population"),
                                          f->GetFieldAsDouble("nearest_travel_s")};
      CHECK(std::string(f->GetFieldAsString("region")) ==
            (std::string(f->GetFieldAsString("id")) == "p4" ? "B" : "A"));
    }
  }
  REQUIRE(point.size() == 4);
  CHECK(point["p1"].second == Approx(0.0).margin(1e-9));  // co-located with the facility
  CHECK(point["p2"].second > 0.0);

  // Region values are the population-weighted means of their points (p3 has weight 0);
  // the table prints seconds with three decimals.
  const double mean_a = (100 * point["p1"].second + 300 * point["p2"].second) / 400.0;
  auto rows = csv_rows(dir / "out/tables/access_regions.csv");
  REQUIRE(rows.size() == 3);
  const auto& header = rows[0];
  const auto col = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  REQUIRE(col("nearest_travel_s") < header.size());
  CHECK(rows[1][0] == "A");
  CHECK(std::stod(rows[1][col("population")]) == Approx(400.0));
  CHECK(std::stod(rows[1][col("nearest_travel_s")]) == Approx(mean_a).margin(0.001));
  CHECK(std::stod(rows[2][col("population")]) == Approx(50.0));
  CHECK(std::stod(rows[2][col("nearest_travel_s")]) == Approx(point["p4"].second).margin(0.001));
  // 2SFCA with everything in reach: every point scores 1 facility / 450 people, and so
  // does every region.
  CHECK(std::stod(rows[1][col("2sfca_facilities")]) == Approx(1.0 / 450.0).epsilon(1e-4));
  CHECK(std::stod(rows[2][col("2sfca_facilities")]) == Approx(1.0 / 450.0).epsilon(1e-4));
}
