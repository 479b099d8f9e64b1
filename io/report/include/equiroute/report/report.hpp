#pragma once
// The run report: Markdown (report.md, images referenced by relative path) and one
// self-contained HTML file (report.html: inline CSS, images embedded as base64 data: URIs,
// no external reference of any kind), built from ordered sections.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "equiroute/report/text_table.hpp"

namespace equiroute::io {

/// Language of the fixed strings ("Figure", "Table", "Note", footer) and of the HTML lang.
enum class ReportLanguage { En, Zh };

/// Parses "en" or "zh" (also "zh-CN"). Throws equiroute::Error (BadInput) otherwise.
ReportLanguage parse_report_language(std::string_view code);

class Report {
 public:
  explicit Report(std::string title, ReportLanguage language = ReportLanguage::En);

  /// Section heading; `level` 2..4 (the title is level 1). Throws std::invalid_argument.
  void add_heading(std::string text, int level = 2);
  /// A paragraph of plain text (HTML-escaped in report.html; copied as is into report.md).
  void add_paragraph(std::string text);
  /// A numbered table ("Table n. caption").
  void add_table(TextTable table, std::string caption = {});
  /// A numbered figure ("Figure n. caption"): a .png or .svg file that must exist when the
  /// report is rendered.
  void add_figure(std::filesystem::path image, std::string caption);
  /// A highlighted note, e.g. "travel times are straight-line approximations".
  void add_note(std::string text);
  /// The interactive map (report.html only): `map_data` is the JSON of the web template's
  /// {{MAP_DATA}} (docs/interactive-report.md). With the web assets (find_web_assets()) the
  /// page is built from the template with the map here; without them the report is static
  /// and a note says why.
  void add_interactive_map(std::string map_data);
  /// report.html links its figures (relative to its folder) instead of embedding them when
  /// embedding would make it larger than `bytes`. Default: always embedded.
  void set_html_budget(std::uintmax_t bytes) { html_budget_ = bytes; }

  /// Markdown; image paths are made relative to `markdown_dir` (the directory report.md
  /// will be written to).
  std::string to_markdown(const std::filesystem::path& markdown_dir) const;
  /// Self-contained HTML. Throws equiroute::Error (BadInput) when a figure file is missing
  /// or is not .png/.svg.
  std::string to_html(const std::filesystem::path& html_dir = {}) const;
  /// Writes both files atomically; either path may be empty to skip it. Outputs resolving
  /// to one of `inputs` are refused.
  void write(const std::filesystem::path& markdown_path, const std::filesystem::path& html_path,
             const std::vector<std::filesystem::path>& inputs = {}) const;

 private:
  struct Heading {
    std::string text;
    int level;
  };
  struct Paragraph {
    std::string text;
  };
  struct Table {
    TextTable table;
    std::string caption;
  };
  struct Figure {
    std::filesystem::path image;
    std::string caption;
  };
  struct Note {
    std::string text;
  };
  struct InteractiveMap {
    std::string data;
  };
  using Section = std::variant<Heading, Paragraph, Table, Figure, Note, InteractiveMap>;

  /// The body of report.html; figures embedded or linked relative to `html_dir`.
  std::string html_body(bool interactive, bool link_figures,
                        const std::filesystem::path& html_dir) const;
  std::uintmax_t embedded_bytes() const;

  std::string title_;
  ReportLanguage language_;
  std::vector<Section> sections_;
  std::uintmax_t html_budget_ = UINTMAX_MAX;
};

}  // namespace equiroute::io
