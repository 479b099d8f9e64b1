#include "equiroute/engine/sweep_grid.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "equiroute/core/error.hpp"

namespace equiroute::engine {
namespace {

std::string known_names(std::span<const SweepParameterSpec> known) {
  std::string list;
  for (const auto& spec : known) list += (list.empty() ? "" : ", ") + spec.name;
  return "parameters that can be swept: " + list;
}

ErrorContext field(const std::string& name) { return {.field = "sweep." + name}; }

const SweepParameterSpec& spec_of(const SweepAxis& axis,
                                  std::span<const SweepParameterSpec> known) {
  auto it = std::find_if(known.begin(), known.end(),
                         [&](const SweepParameterSpec& s) { return s.name == axis.name; });
  if (it == known.end()) {
    throw Error("unknown sweep parameter '" + axis.name + "'", field(axis.name),
                ErrorKind::BadInput, known_names(known));
  }
  return *it;
}

void check_values(const SweepAxis& axis, const SweepParameterSpec& spec) {
  if (axis.values.empty()) {
    throw Error("the sweep list of '" + axis.name + "' is empty", field(axis.name),
                ErrorKind::BadInput, "give at least one value, e.g. " + axis.name + " = [30, 60]");
  }
  for (std::size_t k = 0; k < axis.values.size(); ++k) {
    const bool number = std::holds_alternative<double>(axis.values[k]);
    if (number != spec.numeric) {
      throw Error("'" + axis.name + "' takes " + (spec.numeric ? "numbers" : "texts") +
                      ", but value " + std::to_string(k + 1) + " (" + to_string(axis.values[k]) +
                      ") is " + (number ? "a number" : "a text"),
                  field(axis.name));
    }
    if (std::find(axis.values.begin(), axis.values.begin() + static_cast<std::ptrdiff_t>(k),
                  axis.values[k]) != axis.values.begin() + static_cast<std::ptrdiff_t>(k)) {
      throw Error(
          "the sweep list of '" + axis.name + "' repeats the value " + to_string(axis.values[k]),
          field(axis.name));
    }
  }
}

}  // namespace

std::string to_string(const SweepValue& value) {
  if (const auto* d = std::get_if<double>(&value)) {
    char buffer[32];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, *d).ptr;  // shortest form
    return std::string(buffer, end);
  }
  return std::get<std::string>(value);
}

SweepGrid::SweepGrid(std::vector<SweepAxis> axes, std::span<const SweepParameterSpec> known) {
  if (axes.empty()) {
    throw Error("the sweep has no parameters", {.field = "sweep"}, ErrorKind::BadInput,
                known_names(known));
  }
  std::vector<SweepAxis> network;
  std::vector<SweepAxis> model;
  for (auto& axis : axes) {
    const SweepParameterSpec& spec = spec_of(axis, known);
    for (const auto& seen : axes) {
      if (&seen == &axis) break;
      if (seen.name == axis.name) {
        throw Error("the sweep gives '" + axis.name + "' twice", field(axis.name));
      }
    }
    check_values(axis, spec);
    (spec.stage == SweepStage::Network ? network : model).push_back(axis);
  }
  for (const auto& axis : model) model_block_ *= axis.values.size();
  axes_ = std::move(network);
  axes_.insert(axes_.end(), model.begin(), model.end());
  for (const auto& axis : axes_) size_ *= axis.values.size();
}

std::vector<SweepValue> SweepGrid::combination(std::size_t i) const {
  if (i >= size_) throw std::out_of_range("sweep combination " + std::to_string(i));
  std::vector<SweepValue> values(axes_.size());
  // Mixed radix, last axis fastest.
  for (std::size_t k = axes_.size(); k-- > 0;) {
    const std::size_t n = axes_[k].values.size();
    values[k] = axes_[k].values[i % n];
    i /= n;
  }
  return values;
}

SweepValue SweepGrid::value(std::size_t i, std::string_view name) const {
  const auto values = combination(i);
  for (std::size_t k = 0; k < axes_.size(); ++k) {
    if (axes_[k].name == name) return values[k];
  }
  throw std::out_of_range("no sweep parameter '" + std::string(name) + "'");
}

std::string SweepGrid::label(std::size_t i) const {
  const auto values = combination(i);
  std::string out;
  for (std::size_t k = 0; k < axes_.size(); ++k) {
    out += (k ? ", " : "") + axes_[k].name + "=" + to_string(values[k]);
  }
  return out;
}

std::optional<std::size_t> SweepGrid::index_of(std::span<const SweepValue> values) const {
  if (values.size() != axes_.size()) return std::nullopt;
  std::size_t index = 0;
  for (std::size_t k = 0; k < axes_.size(); ++k) {
    const auto& list = axes_[k].values;
    const auto it = std::find(list.begin(), list.end(), values[k]);
    if (it == list.end()) return std::nullopt;
    index = index * list.size() + static_cast<std::size_t>(it - list.begin());
  }
  return index;
}

}  // namespace equiroute::engine
