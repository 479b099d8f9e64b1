// Bootstrap intervals of the equity indices (engine/equity_bootstrap.hpp): every replicate
// and leave-one-out value against equity_indices() on the materialised sample, small cases
// worked by hand, thread-count independence, paired contrasts and bad input.

#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "equiroute/core/error.hpp"
#include "equiroute/engine/burden.hpp"
#include "equiroute/engine/equity_bootstrap.hpp"

using namespace equiroute::engine;

namespace {

/// The statistic by name from equity_indices(), NaN when undefined or absent.
double reference(const EquityIndices& e, const std::string& name) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto opt = [nan](const std::optional<double>& v) { return v ? *v : nan; };
  if (name == "gini") return e.gini.gini;
  if (name == "theil_t") return opt(e.theil_t.value);
  if (name == "theil_l") return opt(e.theil_l.value);
  const auto& d = name.rfind("theil_t", 0) == 0 ? e.theil_t_groups : e.theil_l_groups;
  if (!d) return nan;
  if (name.ends_with("_between")) return opt(d->between);
  if (name.ends_with("_within")) return opt(d->within);
  if (name.ends_with("_between_share")) return opt(d->between_share);
  return nan;
}

struct Units {
  std::vector<double> resource;
  std::vector<double> weight;
  std::vector<std::string> groups;
};

/// Unit i repeated counts[i] times: the replicate as a plain data set.
Units materialise(const Units& u, const std::vector<double>& counts) {
  Units out;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    for (int k = 0; k < static_cast<int>(counts[i]); ++k) {
      out.resource.push_back(u.resource[i]);
      out.weight.push_back(u.weight[i]);
      if (!u.groups.empty()) out.groups.push_back(u.groups[i]);
    }
  }
  return out;
}

Units without(const Units& u, std::size_t skip) {
  std::vector<double> counts(u.resource.size(), 1.0);
  counts[skip] = 0.0;
  return materialise(u, counts);
}

void check_same(double got, double expected) {
  if (std::isnan(expected)) {
    CHECK(std::isnan(got));
  } else {
    CHECK(got == Approx(expected).margin(1e-12).epsilon(1e-11));
  }
}

/// Random regions with groups, some units without resource and one group of one unit.
Units random_units(std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> r(0.0, 100.0);
  std::uniform_real_distribution<double> w(1.0, 50.0);
  Units u;
  const char* keys[] = {"north", "south", "east"};
  for (int i = 0; i < 17; ++i) {
    u.resource.push_back(i % 7 == 3 ? 0.0 : r(rng));
    u.weight.push_back(w(rng));
    u.groups.push_back(keys[i % 3]);
  }
  u.resource.push_back(5.0);
  u.weight.push_back(9.0);
  u.groups.push_back("island");  // a stratum of one unit
  return u;
}

}  // namespace

TEST_CASE("every replicate equals the indices of the materialised sample", "[bootstrap]") {
  for (std::uint32_t seed : {1u, 2u, 3u}) {
    Units u = random_units(seed);
    if (seed == 3) {
      for (auto& r : u.resource) r = r == 0.0 ? 1.0 : r;  // L defined as well
    }
    BootstrapOptions options;
    options.replicates = 40;
    for (LogBase base : {LogBase::E, LogBase::Ten}) {
      const auto boot = bootstrap_equity(u.resource, u.weight, options, u.groups, base);
      REQUIRE(boot.statistics.size() == 9);
      REQUIRE(boot.plan.is_stratified());
      std::vector<double> counts;
      for (std::size_t b = 0; b < options.replicates; ++b) {
        boot.plan.draw_counts(options.seed, b, counts);
        const Units m = materialise(u, counts);
        const auto expected = equity_indices(m.resource, m.weight, {}, m.groups, base);
        for (const auto& s : boot.statistics) {
          INFO("seed " << seed << ", replicate " << b << ", " << s.statistic);
          check_same(s.replicates[b], reference(expected, s.statistic));
        }
      }
      const auto data = equity_indices(u.resource, u.weight, {}, u.groups, base);
      for (const auto& s : boot.statistics) {
        INFO(s.statistic);
        check_same(s.estimate ? *s.estimate : std::nan(""), reference(data, s.statistic));
      }
    }
  }
}

TEST_CASE("every leave-one-out value equals the indices without that unit", "[bootstrap]") {
  const Units u = random_units(5);
  BootstrapOptions options;
  options.replicates = 10;
  const auto boot = bootstrap_equity(u.resource, u.weight, options, u.groups);
  for (std::size_t i = 0; i < u.resource.size(); ++i) {
    const Units m = without(u, i);
    const auto expected = equity_indices(m.resource, m.weight, {}, m.groups);
    for (const auto& s : boot.statistics) {
      INFO("without unit " << i << ", " << s.statistic);
      check_same(s.leave_one_out[i], reference(expected, s.statistic));
    }
  }
  // Without groups too (a different Lorenz bookkeeping path: no group sums).
  const auto plain = bootstrap_equity(u.resource, u.weight, options);
  REQUIRE(plain.statistics.size() == 3);
  for (std::size_t i = 0; i < u.resource.size(); ++i) {
    const Units m = without(u, i);
    const auto expected = equity_indices(m.resource, m.weight);
    for (const auto& s : plain.statistics)
      check_same(s.leave_one_out[i], reference(expected, s.statistic));
  }
}

TEST_CASE("two units worked by hand: replicates 0 or 1/4, percentile [0, 1/4], BCa undefined",
          "[bootstrap]") {
  // r = (1, 3), w = (1, 1). A replicate draws (2,0), (0,2) — Gini 0 — or (1,1), whose
  // Gini is the data's: X = 0, ½, 1; Y = 0, ¼, 1; G = ½·1 − 1·¼ = ¼.
  // Leaving either unit out leaves one unit: Gini 0 both times, so the jackknife is flat
  // and BCa undefined; the percentile interval is [0, ¼].
  const std::vector<double> r{1, 3};
  const std::vector<double> w{1, 1};
  BootstrapOptions options;
  options.replicates = 999;
  const auto boot = bootstrap_equity(r, w, options);
  const auto* g = boot.find("gini");
  REQUIRE(g);
  CHECK(*g->estimate == Approx(0.25).margin(1e-15));
  for (double v : g->replicates) CHECK((v == Approx(0.0).margin(1e-15) || v == Approx(0.25)));
  REQUIRE(g->interval);
  CHECK(g->interval->percentile.lower == Approx(0.0).margin(1e-15));
  CHECK(g->interval->percentile.upper == Approx(0.25));
  CHECK_FALSE(g->interval->bca);
  CHECK(g->interval->bca_undefined_reason.find("jackknife value is the same") != std::string::npos);
  CHECK(g->interval->method() == IntervalMethod::Percentile);
  // Theil T of the data: ¼ ln(¼/½) + ¾ ln(¾/½) = 0.1308120.
  CHECK(*boot.find("theil_t")->estimate == Approx(0.25 * std::log(0.5) + 0.75 * std::log(1.5)));
}

TEST_CASE("one unit: every replicate is the data, the interval a point", "[bootstrap]") {
  const std::vector<double> r{4};
  const std::vector<double> w{2};
  BootstrapOptions options;
  options.replicates = 50;
  const auto boot = bootstrap_equity(r, w, options);
  const auto* g = boot.find("gini");
  REQUIRE(g->interval);
  CHECK(g->interval->percentile.lower == 0.0);
  CHECK(g->interval->percentile.upper == 0.0);
  CHECK(g->interval->standard_error == 0.0);
  CHECK_FALSE(g->interval->bca);  // leaving the only unit out leaves nothing
}

TEST_CASE("intervals are identical for 1, 2 and all threads", "[bootstrap]") {
  const Units u = random_units(11);
  BootstrapOptions one;
  one.replicates = 777;  // not a multiple of the task grain
  BootstrapOptions two = one;
  two.threads = 2;
  BootstrapOptions all = one;
  all.threads = 0;
  const auto a = bootstrap_equity(u.resource, u.weight, one, u.groups);
  for (const auto& options : {two, all}) {
    const auto b = bootstrap_equity(u.resource, u.weight, options, u.groups);
    REQUIRE(a.statistics.size() == b.statistics.size());
    for (std::size_t s = 0; s < a.statistics.size(); ++s) {
      const auto& x = a.statistics[s];
      const auto& y = b.statistics[s];
      INFO(x.statistic);
      REQUIRE(x.replicates.size() == y.replicates.size());
      for (std::size_t k = 0; k < x.replicates.size(); ++k) {
        // Bit for bit (NaN where undefined in both).
        CHECK(std::memcmp(&x.replicates[k], &y.replicates[k], sizeof(double)) == 0);
      }
      REQUIRE(x.interval.has_value() == y.interval.has_value());
      if (x.interval) {
        CHECK(x.interval->percentile.lower == y.interval->percentile.lower);
        CHECK(x.interval->percentile.upper == y.interval->percentile.upper);
        CHECK(x.interval->preferred().lower == y.interval->preferred().lower);
        CHECK(x.interval->preferred().upper == y.interval->preferred().upper);
      }
    }
  }
}

TEST_CASE("between + within = total on every replicate", "[bootstrap]") {
  Units u = random_units(8);
  for (auto& r : u.resource) r += 1.0;
  BootstrapOptions options;
  options.replicates = 200;
  const auto boot = bootstrap_equity(u.resource, u.weight, options, u.groups);
  for (const char* kind : {"theil_t", "theil_l"}) {
    const std::string k = kind;
    const auto& total = boot.find(k)->replicates;
    const auto& between = boot.find(k + "_between")->replicates;
    const auto& within = boot.find(k + "_within")->replicates;
    for (std::size_t b = 0; b < total.size(); ++b) {
      CHECK(between[b] + within[b] == Approx(total[b]).margin(1e-12));
    }
  }
}

TEST_CASE("undefined indices get no interval, with the reason", "[bootstrap]") {
  // Unit c has people but no resource: Theil L undefined on the data.
  const std::vector<double> r{10, 20, 0};
  const std::vector<double> w{5, 5, 5};
  const std::vector<std::string> ids{"a", "b", "c"};
  BootstrapOptions options;
  options.replicates = 200;
  const auto boot = bootstrap_equity(r, w, options, {}, LogBase::E, ids);
  const auto* l = boot.find("theil_l");
  CHECK_FALSE(l->estimate);
  CHECK_FALSE(l->interval);
  CHECK(l->undefined_reason.find("(c)") != std::string::npos);
  // A replicate drawing c three times has no resource: the Gini is undefined there, so
  // it gets no interval either (P = 1/27 per replicate: some of 200 do).
  const auto* g = boot.find("gini");
  CHECK(g->estimate);
  CHECK(g->undefined_replicates > 0);
  CHECK_FALSE(g->interval);
  CHECK(g->undefined_reason.find("replicates leave it undefined") != std::string::npos);
}

TEST_CASE("bootstrap = 0 is bad input, with one line", "[bootstrap]") {
  const std::vector<double> r{1, 2};
  const std::vector<double> w{1, 1};
  BootstrapOptions options;
  options.replicates = 0;
  try {
    bootstrap_equity(r, w, options);
    FAIL("no error");
  } catch (const equiroute::Error& e) {
    CHECK(e.kind() == equiroute::ErrorKind::BadInput);
    CHECK(std::string(e.what()).find('\n') == std::string::npos);
  }
  CHECK_THROWS_AS(bootstrap_value_equity(r, w, options), equiroute::Error);
}

TEST_CASE("value equity: units without a finite value are left out of the resampling",
          "[bootstrap]") {
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> times{600, inf, 1200, 1800, std::nan(""), 2400};
  const std::vector<double> pop{100, 50, 200, 100, 10, 300};
  const std::vector<std::string> groups{"a", "a", "a", "b", "b", "b"};
  BootstrapOptions options;
  options.replicates = 300;
  const auto boot = bootstrap_value_equity(times, pop, options, groups);
  REQUIRE(boot);
  CHECK(boot->plan.units() == 4);
  // The same as bootstrapping r = t · P against P over the four finite units.
  const std::vector<double> r{600 * 100.0, 1200 * 200.0, 1800 * 100.0, 2400 * 300.0};
  const std::vector<double> w{100, 200, 100, 300};
  const std::vector<std::string> g{"a", "a", "b", "b"};
  const auto direct = bootstrap_equity(r, w, options, g);
  for (std::size_t s = 0; s < direct.statistics.size(); ++s) {
    CHECK(boot->statistics[s].replicates == direct.statistics[s].replicates);
  }
  const auto ve = value_equity("t", times, pop, {}, groups);
  CHECK(*boot->find("gini")->estimate == Approx(ve.indices->gini.gini).epsilon(1e-12));
  // Every value 0: the indices are undefined on the data, so there is nothing to bootstrap.
  const std::vector<double> zeros{0, 0, 0};
  const std::vector<double> p3{1, 2, 3};
  CHECK_FALSE(bootstrap_value_equity(zeros, p3, options));
}

TEST_CASE("paired contrast: replicates of a − b from the same draws", "[bootstrap]") {
  const Units u = random_units(4);
  std::vector<double> area(u.weight.rbegin(), u.weight.rend());
  BootstrapOptions options;
  options.replicates = 300;
  const auto by_area = bootstrap_equity(u.resource, area, options);
  const auto by_pop = bootstrap_equity(u.resource, u.weight, options);
  const auto d = bootstrap_difference(by_area, by_pop, "gini");
  CHECK(d.statistic == "gini difference");
  CHECK(*d.estimate == Approx(*by_area.find("gini")->estimate - *by_pop.find("gini")->estimate));
  for (std::size_t b = 0; b < 300; ++b) {
    CHECK(d.replicates[b] ==
          by_area.find("gini")->replicates[b] - by_pop.find("gini")->replicates[b]);
  }
  REQUIRE(d.interval);
  CHECK(excludes(Interval{0.1, 0.2}, 0.0));
  CHECK_FALSE(excludes(Interval{-0.1, 0.2}, 0.0));
  BootstrapOptions other = options;
  other.seed = 99;
  const auto unpaired = bootstrap_equity(u.resource, u.weight, other);
  CHECK_THROWS_AS(bootstrap_difference(by_area, unpaired, "gini"), equiroute::Error);
  CHECK_THROWS_AS(bootstrap_difference(by_area, by_pop, "theil_t_between"), equiroute::Error);
}

TEST_CASE("bootstrap_analysis follows analyse_equity's results", "[bootstrap]") {
  EquityInput in;
  in.unit_ids = {"a", "b", "c", "d", "e"};
  in.population = {100, 200, 300, 100, 300};
  in.area_km2 = {50, 10, 20, 80, 40};
  in.resource_names = {"doctors", "nurses"};
  in.resources = {{10, 10, 60, 5, 15}, {5, 8, 9, 2, 4}};
  in.bases = {EquityBasis::Population, EquityBasis::Area};
  const auto analysis = analyse_equity(in);
  BootstrapOptions options;
  options.replicates = 99;
  const auto boots = bootstrap_analysis(analysis, options);
  REQUIRE(boots.size() == analysis.results.size());
  for (std::size_t k = 0; k < boots.size(); ++k) {
    CHECK(*boots[k].find("gini")->estimate ==
          Approx(analysis.results[k].indices.gini.gini).epsilon(1e-12));
  }
  // results: population × (doctors, nurses), then area × (doctors, nurses).
  const auto direct = bootstrap_equity(in.resources[1], in.area_km2, options);
  CHECK(boots[3].find("gini")->replicates == direct.find("gini")->replicates);
  CHECK_NOTHROW(bootstrap_difference(boots[2], boots[0], "gini"));
}
