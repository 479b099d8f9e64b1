#pragma once
// The figures of the planning step (docs/planning.md), per plan solution: a map of the
// regions coloured by travel time to the nearest facility after the plan (new sites marked),
// a map of the change in travel time per region (after − before, minutes), and Lorenz curves
// of nearest-facility travel time before and after. Region values aggregate the demand
// points' times as the access step does (population-weighted means, region_values).

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "equiroute/pipeline/access_step.hpp"
#include "equiroute/pipeline/plan_step.hpp"
#include "equiroute/pipeline/study_area.hpp"
#include "equiroute/scenario/scenario.hpp"

namespace equiroute::io {

/// A figure as the report shows it: the PNG (else the SVG) and its caption.
using PlanFigure = std::pair<std::filesystem::path, std::string>;

struct PlanFigures {
  std::vector<PlanFigure> maps;    ///< per solution: travel time after, change
  std::vector<PlanFigure> lorenz;  ///< per solution: before and after in one chart
};

/// Nearest-facility travel time per demand point (s; NaN when none is reachable) with the
/// existing sites (when not closable) and `sites` open: engine::plan_nearest_times on the
/// plan's matrix.
std::vector<double> plan_nearest_times(const PlanOutcome& plan,
                                       const std::vector<std::uint32_t>& sites);

/// Per region of study_regions(area): the population-weighted mean nearest time (s) of its
/// demand points for the given times (region_values on `access` with these times).
std::vector<double> plan_region_times(const AccessOutcome& access, const StudyArea& area,
                                      const std::vector<double>& nearest_s);

/// Writes maps/plan_<objective>_k<k>_travel_min, _change_min and lorenz_plan_<objective>_k<k>
/// in the scenario's figure formats; returns them for the report.
PlanFigures write_plan_maps(const PlanOutcome& plan, const Scenario& scenario,
                            const StudyArea& area, const AccessOutcome& access,
                            const std::filesystem::path& root);

}  // namespace equiroute::io
