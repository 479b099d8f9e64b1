#pragma once
// --bootstrap N, --bootstrap-seed S, --bootstrap-level L of `equity` and `access`: the
// command-line form of a scenario's [equity] bootstrap keys (docs/uncertainty.md).

#include <CLI/CLI.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "equiroute/engine/bootstrap.hpp"

namespace equiroute::cli {

struct BootstrapArgs {
  std::optional<std::size_t> replicates;
  std::uint64_t seed = engine::kDefaultBootstrapSeed;
  double level = engine::BootstrapOptions{}.level;

  void add(CLI::App* cmd);
  /// The options when --bootstrap was given, checked (0 replicates or a level outside
  /// (0, 1): one-line equiroute::Error, exit 2); nothing otherwise.
  std::optional<engine::BootstrapOptions> options(unsigned threads) const;

 private:
  CLI::Option* seed_option_ = nullptr;
  CLI::Option* level_option_ = nullptr;
};

}  // namespace equiroute::cli
