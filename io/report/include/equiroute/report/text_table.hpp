#pragma once
// A small in-memory table rendered as CSV (RFC 4180 quoting) or as a Markdown pipe table.
// Used by every command that writes tables, so that all of them format numbers the same way.

#include <filesystem>
#include <string>
#include <variant>
#include <vector>

namespace equiroute::io {

/// One CSV field (RFC 4180): quoted only when it holds a comma, quote or line break.
std::string csv_quote(const std::string& text);

/// A cell: text, or a number: in CSV its shortest exact (round-trip) text, in Markdown rounded
/// to the column's precision. NaN prints as empty
/// (CSV) or "—" (Markdown): undefined values are never printed as numbers.
using Cell = std::variant<std::string, double, long long>;

class TextTable {
 public:
  /// `precision[i]` is the number of decimals shown for double cells of column i in Markdown
  /// (default 6; negative: the shortest exact form there too); CSV always keeps every digit.
  explicit TextTable(std::vector<std::string> header, std::vector<int> precision = {});

  void add_row(std::vector<Cell> row);  ///< throws std::invalid_argument on a width mismatch
  std::size_t rows() const noexcept { return rows_.size(); }
  const std::vector<std::string>& header() const noexcept { return header_; }

  /// The display text of one cell as in the Markdown rendering but unescaped (NaN → "—"),
  /// for other renderers (HTML reports). Throws std::out_of_range.
  std::string cell_text(std::size_t row, std::size_t column) const;
  /// The cell itself (full precision). Throws std::out_of_range.
  const Cell& cell(std::size_t row, std::size_t column) const { return rows_.at(row).at(column); }
  /// The same table under other column names (the report's headers for people).
  TextTable with_header(std::vector<std::string> header) const;

  std::string to_csv() const;
  std::string to_markdown() const;
  /// Writes atomically (temp file + rename).
  void write_csv(const std::filesystem::path& path) const;
  void write_markdown(const std::filesystem::path& path, const std::string& title = {}) const;

 private:
  std::string format(const Cell& cell, std::size_t column, bool markdown) const;

  std::vector<std::string> header_;
  std::vector<int> precision_;
  std::vector<std::vector<Cell>> rows_;
};

}  // namespace equiroute::io
