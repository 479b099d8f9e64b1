#include "equiroute/report/text_table.hpp"

#include <fmt/core.h>

#include <cmath>
#include <stdexcept>

#include "equiroute/geodata/atomic_output.hpp"

namespace equiroute::io {

TextTable::TextTable(std::vector<std::string> header, std::vector<int> precision)
    : header_(std::move(header)), precision_(std::move(precision)) {
  precision_.resize(header_.size(), 6);
}

void TextTable::add_row(std::vector<Cell> row) {
  if (row.size() != header_.size()) {
    throw std::invalid_argument(
        fmt::format("table row has {} cells, header has {}", row.size(), header_.size()));
  }
  rows_.push_back(std::move(row));
}

std::string TextTable::format(const Cell& cell, std::size_t column, bool markdown) const {
  if (const auto* text = std::get_if<std::string>(&cell)) return *text;
  if (const auto* integer = std::get_if<long long>(&cell)) return std::to_string(*integer);
  double value = std::get<double>(cell);
  if (!std::isfinite(value)) return markdown ? "—" : "";
  // Rounding is for people (Markdown, HTML); machines get the shortest text that reads back
  // as the same double (fmt's shortest round-trip form), so no digit is ever lost in CSV.
  if (!markdown || precision_[column] < 0) return fmt::format("{}", value);
  return fmt::format("{:.{}f}", value, precision_[column]);
}

std::string TextTable::cell_text(std::size_t row, std::size_t column) const {
  return format(rows_.at(row).at(column), column, true);
}

TextTable TextTable::with_header(std::vector<std::string> header) const {
  if (header.size() != header_.size()) throw std::invalid_argument("table header width differs");
  TextTable out = *this;
  out.header_ = std::move(header);
  return out;
}

std::string csv_quote(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

namespace {

std::string markdown_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string TextTable::to_csv() const {
  std::string out;
  for (std::size_t i = 0; i < header_.size(); ++i) out += (i ? "," : "") + csv_quote(header_[i]);
  out += '\n';
  for (const auto& row : rows_) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      out += (i ? "," : "") + csv_quote(format(row[i], i, false));
    }
    out += '\n';
  }
  return out;
}

std::string TextTable::to_markdown() const {
  std::string out = "|";
  std::string rule = "|";
  for (const auto& name : header_) {
    out += " " + markdown_escape(name) + " |";
    rule += " --- |";
  }
  out += "\n" + rule + "\n";
  for (const auto& row : rows_) {
    out += "|";
    for (std::size_t i = 0; i < row.size(); ++i)
      out += " " + markdown_escape(format(row[i], i, true)) + " |";
    out += "\n";
  }
  return out;
}

void TextTable::write_csv(const std::filesystem::path& path) const {
  geodata::write_text_atomic(path, to_csv());
}

void TextTable::write_markdown(const std::filesystem::path& path, const std::string& title) const {
  geodata::write_text_atomic(path, (title.empty() ? "" : "## " + title + "\n\n") + to_markdown());
}

}  // namespace equiroute::io
