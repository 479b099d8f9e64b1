// `equiroute info PATH`: driver, layers, feature counts, fields, CRS and extent.

#include <fmt/core.h>

#include "command_registry.hpp"
#include "equiroute/geodata/dataset_info.hpp"

namespace equiroute::cli {
namespace {

void print_info(const geodata::DatasetInfo& info) {
  fmt::print("{}\n  driver: {}\n  layers: {}\n", info.path, info.driver, info.layers.size());
  for (const auto& layer : info.layers) {
    fmt::print("layer '{}'\n  geometry: {}\n  features: {}\n", layer.name, layer.geometry_type,
               layer.feature_count);
    if (layer.crs_name.empty()) {
      fmt::print("  crs: none\n");
    } else {
      fmt::print("  crs: {}{} ({})\n", layer.crs_name,
                 layer.crs_auth.empty() ? "" : " [" + layer.crs_auth + "]",
                 layer.crs_geographic ? "geographic" : "projected");
    }
    if (layer.extent) {
      const auto& e = *layer.extent;
      fmt::print("  extent: {:.6f}, {:.6f} - {:.6f}, {:.6f}\n", e[0], e[1], e[2], e[3]);
    }
    fmt::print("  fields: {}\n", layer.fields.size());
    for (const auto& field : layer.fields) fmt::print("    {}: {}\n", field.name, field.type);
  }
}

const RegisterCommand reg{[](CLI::App& root) {
  auto* cmd = root.add_subcommand("info", "Describe any OGR-readable data source");
  auto path = std::make_shared<std::string>();
  cmd->add_option("path", *path, "File or data source to describe")->required();
  cmd->callback([path] { print_info(geodata::describe_dataset(*path)); });
}};

}  // namespace
}  // namespace equiroute::cli
