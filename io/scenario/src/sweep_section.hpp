#pragma once
// Reading the [sweep] table (private to the scenario library; public API: sweep_spec.hpp).

#include "equiroute/scenario/scenario.hpp"
#include "equiroute/scenario/toml_reader.hpp"

namespace equiroute::io {

/// Parameter lists (dotted keys such as gravity.beta, quoted or as sub-tables, are one
/// parameter) and `max_rank_change`, checked against sweep_parameters(scenario) and every
/// value tried on the scenario: errors name the key and its line (BadInput). `scenario` must
/// have every other table read.
SweepSpec parse_sweep(StrictTable table, const Scenario& scenario);

}  // namespace equiroute::io
