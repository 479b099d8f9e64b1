#include "equiroute/pipeline/scenario_layer.hpp"

#include "equiroute/geodata/layer_writer.hpp"

namespace equiroute::io {

namespace fs = std::filesystem;

void write_scenario_layer(const geodata::FeatureSet& layer, const std::string& name,
                          const Scenario& scenario, const fs::path& root,
                          std::vector<geodata::LayerStyle> styles) {
  if (layer.size() == 0) return;
  for (const LayerFormat format : scenario.output.layer_formats) {
    fs::path dir = root / "layers";
    if (format == LayerFormat::Shapefile) dir /= name;
    fs::create_directories(dir);
    geodata::WriteOptions options;
    options.layer_name = name;
    options.inputs = scenario.input_files();
    options.styles = styles;
    geodata::write_layer(layer, dir / (name + "." + to_string(format)), options);
  }
}

}  // namespace equiroute::io
