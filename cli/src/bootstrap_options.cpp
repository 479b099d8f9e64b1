#include "bootstrap_options.hpp"

#include <string>

#include "equiroute/core/error.hpp"

namespace equiroute::cli {

void BootstrapArgs::add(CLI::App* cmd) {
  cmd->add_option("--bootstrap", replicates,
                  "Bootstrap intervals of every equity index with N replicates (e.g. 1999; "
                  "docs/uncertainty.md)");
  seed_option_ =
      cmd->add_option("--bootstrap-seed", seed, "Seed of the bootstrap")->capture_default_str();
  level_option_ =
      cmd->add_option("--bootstrap-level", level, "Confidence level of the bootstrap intervals")
          ->capture_default_str();
}

std::optional<engine::BootstrapOptions> BootstrapArgs::options(unsigned threads) const {
  if (!replicates) {
    if (seed_option_->count() > 0 || level_option_->count() > 0)
      throw Error("--bootstrap-seed and --bootstrap-level go with --bootstrap N");
    return std::nullopt;
  }
  engine::BootstrapOptions o;
  o.replicates = *replicates;
  o.seed = seed;
  o.level = level;
  o.threads = threads;
  engine::validate(o);
  return o;
}

}  // namespace equiroute::cli
