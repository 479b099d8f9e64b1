#pragma once
// The "What-if plan" section of the run's report (docs/planning.md): the solutions, the
// before/after indicators, the trade-off, the allocation summary and the plan's figures.

#include "equiroute/pipeline/plan_maps.hpp"
#include "equiroute/pipeline/plan_step.hpp"
#include "equiroute/report/report.hpp"
#include "equiroute/scenario/scenario.hpp"

namespace equiroute::io {

/// Appends the section to `report` in the scenario's language; `figures` may be empty
/// (maps off).
void add_plan_section(Report& report, const PlanOutcome& plan, const Scenario& scenario,
                      const PlanFigures& figures);

}  // namespace equiroute::io
