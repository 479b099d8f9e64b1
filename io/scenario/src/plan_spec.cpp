#include "equiroute/scenario/plan_spec.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "equiroute/core/error.hpp"
#include "equiroute/scenario/toml_reader.hpp"

namespace equiroute::io {

namespace fs = std::filesystem;

namespace {

/// An objective by its engine name; an unknown one fails at the key's line listing the names.
engine::PlanObjective objective(StrictTable& t, const std::string& key, const std::string& name) {
  std::string known;
  for (const auto& info : engine::plan_objectives()) {
    if (info.name == name) return info.objective;
    known += (known.empty() ? "" : ", ") + std::string(info.name);
  }
  t.fail(key, fmt::format("names '{}', expected one of: {}", name, known));
}

std::vector<engine::PlanObjective> objectives(StrictTable& t) {
  const auto names = t.strings("objectives");
  if (!names) return {engine::PlanObjective::PMedian};
  if (names->empty()) t.fail("objectives", "must name at least one objective");
  std::vector<engine::PlanObjective> out;
  for (const auto& name : *names) {
    const auto o = objective(t, "objectives", name);
    if (std::find(out.begin(), out.end(), o) != out.end())
      t.fail("objectives", fmt::format("names '{}' twice", name));
    out.push_back(o);
  }
  return out;
}

std::size_t positive_count(StrictTable& t, const std::string& key, long long value) {
  if (value < 1) t.fail(key, fmt::format("is {}, must be ≥ 1", value));
  return static_cast<std::size_t>(value);
}

/// `k` (an integer or an array of integers) or `k_max` (1..k_max); default {1}.
std::vector<std::size_t> site_counts(StrictTable& t) {
  if (t.has("k") && t.has("k_max")) t.fail("k_max", "and 'plan.k' exclude each other");
  if (auto k_max = t.integer("k_max")) {
    std::vector<std::size_t> ks(positive_count(t, "k_max", *k_max));
    for (std::size_t i = 0; i < ks.size(); ++i) ks[i] = i + 1;
    return ks;
  }
  const toml::node* node = t.raw("k");
  if (!node) return {1};
  if (const auto value = node->value_exact<long long>()) return {positive_count(t, "k", *value)};
  const toml::array* array = node->as_array();
  if (!array || array->empty()) t.fail("k", "must be an integer or a non-empty array of integers");
  std::vector<std::size_t> ks;
  for (const auto& element : *array) {
    const auto value = element.value_exact<long long>();
    if (!value) t.fail("k", "must be an integer or a non-empty array of integers");
    const std::size_t k = positive_count(t, "k", *value);
    if (std::find(ks.begin(), ks.end(), k) != ks.end())
      t.fail("k", fmt::format("lists {} twice", k));
    ks.push_back(k);
  }
  return ks;
}

engine::PlanOptions solver_options(StrictTable& t) {
  engine::PlanOptions o;
  if (auto solver = t.string("solver")) {
    if (*solver == "auto") {
      o.solver = engine::PlanSolver::Auto;
    } else if (*solver == "exact") {
      o.solver = engine::PlanSolver::Exact;
    } else if (*solver == "heuristic") {
      o.solver = engine::PlanSolver::Heuristic;
    } else {
      t.fail("solver", fmt::format("is '{}', expected one of: auto, exact, heuristic", *solver));
    }
  }
  o.time_limit_s = t.number("time_limit_s").value_or(o.time_limit_s);
  if (!(o.time_limit_s > 0)) t.fail("time_limit_s", "must be > 0 seconds");
  if (auto starts = t.integer("starts")) o.starts = positive_count(t, "starts", *starts);
  return o;
}

PlanCandidatesSpec parse_candidates(StrictTable t, const fs::path& base) {
  PlanCandidatesSpec c;
  const std::string source = t.string("source").value_or("demand");
  if (source == "demand") {
    c.source = CandidateSource::Demand;
  } else if (source == "layer") {
    c.source = CandidateSource::Layer;
  } else if (source == "grid") {
    c.source = CandidateSource::Grid;
  } else {
    t.fail("source", fmt::format("is '{}', expected one of: demand, layer, grid", source));
  }
  if (auto path = t.string("path")) {
    const fs::path resolved = resolve_path(base, *path);
    std::error_code ec;
    if (!fs::exists(resolved, ec))
      t.fail("path", fmt::format("names '{}', which {}", resolved.string(),
                                 ec ? "cannot be accessed: " + ec.message() : "does not exist"));
    c.layer.path = resolved.string();
  }
  c.layer.layer = t.string("layer").value_or("");
  c.layer.where = t.string("where").value_or("");
  c.layer.id_field = t.string("id_field").value_or("");
  c.layer.x_field = t.string("x_field").value_or("");
  c.layer.y_field = t.string("y_field").value_or("");
  c.layer.crs = t.string("crs").value_or("");
  c.spacing_km = t.number("spacing_km").value_or(0.0);
  if (c.source == CandidateSource::Layer && c.layer.path.empty())
    t.fail(t.line(), "plan.candidates.source = \"layer\" needs 'plan.candidates.path'");
  if (c.source != CandidateSource::Layer && !c.layer.path.empty())
    t.fail("path", "goes with plan.candidates.source = \"layer\"");
  if (c.source == CandidateSource::Grid && !(c.spacing_km > 0))
    t.fail(t.line(), "plan.candidates.source = \"grid\" needs 'plan.candidates.spacing_km' > 0");
  if (c.source != CandidateSource::Grid && t.has("spacing_km"))
    t.fail("spacing_km", "goes with plan.candidates.source = \"grid\"");
  t.finish();
  return c;
}

PlanTradeoffSpec parse_tradeoff(StrictTable t) {
  PlanTradeoffSpec s;
  if (auto name = t.string("efficiency")) s.efficiency = objective(t, "efficiency", *name);
  if (auto name = t.string("equity")) s.equity = objective(t, "equity", *name);
  if (s.efficiency == s.equity) t.fail("equity", "must differ from 'plan.tradeoff.efficiency'");
  for (const auto o : {s.efficiency, s.equity}) {
    if (o == engine::PlanObjective::Lscp)
      t.fail(t.line(), "lscp (a number of sites) cannot be one side of a trade-off");
  }
  if (auto weights = t.integer("weights")) {
    if (*weights < 2) t.fail("weights", "must be ≥ 2 (λ = 0 and 1 at least)");
    s.weights = static_cast<std::size_t>(*weights);
  }
  t.finish();
  return s;
}

PlanAllocationSpec parse_allocation(StrictTable t, double default_threshold_min) {
  PlanAllocationSpec a;
  a.field = t.required_string("field");
  const auto units = t.integer("units");
  if (!units) t.missing("units");
  a.units = positive_count(t, "units", *units);
  if (auto cap = t.integer("max_per_site")) {
    if (*cap < 0) t.fail("max_per_site", "must be ≥ 0");
    a.max_per_site = static_cast<double>(*cap);
  }
  a.threshold_min = t.number("threshold_min").value_or(default_threshold_min);
  if (!(a.threshold_min > 0)) t.fail("threshold_min", "must be > 0 minutes");
  t.finish();
  return a;
}

}  // namespace

std::string to_string(CandidateSource source) {
  switch (source) {
    case CandidateSource::Demand:
      return "demand";
    case CandidateSource::Layer:
      return "layer";
    case CandidateSource::Grid:
      return "grid";
  }
  return "demand";
}

PlanSpec parse_plan(StrictTable t, const fs::path& base) {
  PlanSpec p;
  p.objectives = objectives(t);
  p.ks = site_counts(t);
  p.threshold_min = t.number("threshold_min").value_or(p.threshold_min);
  if (!(p.threshold_min > 0)) t.fail("threshold_min", "must be > 0 minutes");
  p.existing_closable = t.boolean("existing_closable").value_or(false);
  p.solver = solver_options(t);
  if (const toml::table* c = t.table("candidates"))
    p.candidates = parse_candidates(StrictTable(*c, t.qualified("candidates"), t.file()), base);
  if (const toml::table* c = t.table("tradeoff"))
    p.tradeoff = parse_tradeoff(StrictTable(*c, t.qualified("tradeoff"), t.file()));
  if (const toml::table* a = t.table("allocation"))
    p.allocation =
        parse_allocation(StrictTable(*a, t.qualified("allocation"), t.file()), p.threshold_min);
  t.finish();
  return p;
}

}  // namespace equiroute::io
