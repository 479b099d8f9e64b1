#include "equiroute/pipeline/cost_matrix_csv.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "equiroute/core/error.hpp"
#include "equiroute/geodata/text_encoding.hpp"

// Why a small streaming reader and not GDAL's CSV driver (geodata::read_features): a full
// OD matrix of 10^4 demand points × 10^4 facilities is 10^8 rows. read_features keeps every
// cell of every row as a variant in memory (tens of bytes per cell, > 10 GB here) and OGR's
// per-feature overhead reads on the order of 10^6 rows/s. This reader keeps only the three
// needed columns as 16 bytes per reachable pair, parses numbers with std::from_chars, and
// reads well over 10^7 rows/s. It handles what `equiroute od` and spreadsheet exports write:
// a header row, commas, RFC 4180 double-quoted fields (with "" escapes, no embedded
// newlines), CRLF or LF line ends and a UTF-8 byte order mark.

namespace equiroute::io {

namespace {

/// Splits one CSV line into fields, undoing RFC 4180 quoting.
void split_csv_line(std::string_view line, std::vector<std::string>& fields) {
  fields.clear();
  std::size_t pos = 0;
  while (true) {
    std::string field;
    if (pos < line.size() && line[pos] == '"') {
      ++pos;
      while (pos < line.size()) {
        if (line[pos] == '"') {
          if (pos + 1 < line.size() && line[pos + 1] == '"') {
            field += '"';
            pos += 2;
            continue;
          }
          ++pos;
          break;
        }
        field += line[pos++];
      }
      // Anything between the closing quote and the comma is kept, as lenient readers do.
      while (pos < line.size() && line[pos] != ',') field += line[pos++];
    } else {
      std::size_t end = line.find(',', pos);
      if (end == std::string_view::npos) end = line.size();
      field.assign(line.substr(pos, end - pos));
      pos = end;
    }
    fields.push_back(std::move(field));
    if (pos >= line.size()) break;
    ++pos;  // the comma
    if (pos == line.size()) {
      fields.emplace_back();
      break;
    }
  }
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

/// Position of each id; duplicate ids are refused, since a row could not be assigned.
std::unordered_map<std::string, std::uint32_t> index_ids(const std::vector<std::string>& ids,
                                                         const std::string& what,
                                                         const std::string& file) {
  std::unordered_map<std::string, std::uint32_t> index;
  index.reserve(ids.size() * 2);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (!index.emplace(ids[i], static_cast<std::uint32_t>(i)).second) {
      throw Error("duplicate " + what + " id '" + ids[i] + "'",
                  {.file = file, .feature_id = ids[i]});
    }
  }
  return index;
}

/// Where the three needed columns are, found by name in the header row.
struct CostColumns {
  std::size_t origin = 0;
  std::size_t destination = 0;
  std::size_t travel = 0;
  std::size_t needed = 0;  ///< fields a data row must have at least
};

/// Reads the header row (without a UTF-8 byte order mark) and finds the columns; a missing
/// column's error lists the header, since the usual cause is a misspelt name.
CostColumns read_header(std::istream& in, const std::string& file, const CostCsvOptions& options) {
  std::string line;
  if (!std::getline(in, line)) throw Error("the cost matrix is empty", {.file = file});
  if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
  std::vector<std::string> fields;
  split_csv_line(trim(line), fields);
  std::string header_list;
  for (auto& f : fields) {
    f = std::string(trim(f));
    // Quoted in a message: raw bytes of the file (GBK, say) must not make it invalid UTF-8.
    header_list += (header_list.empty() ? "" : ", ") + geodata::printable_utf8(f);
  }
  auto column = [&](const std::string& name) {
    auto it = std::find(fields.begin(), fields.end(), name);
    if (it == fields.end()) {
      throw Error("no column '" + name + "' in the cost matrix", {.file = file, .field = name},
                  ErrorKind::BadInput, "columns: " + header_list);
    }
    return static_cast<std::size_t>(it - fields.begin());
  };
  CostColumns c;
  c.origin = column(options.origin_field);
  c.destination = column(options.destination_field);
  c.travel = column(options.travel_field);
  c.needed = std::max({c.origin, c.destination, c.travel}) + 1;
  return c;
}

/// The rows of the file in file order, as matrix positions and seconds (infinity when
/// unreachable).
struct CostRows {
  std::vector<std::uint32_t> origin;
  std::vector<std::uint32_t> destination;
  std::vector<double> travel_s;
};

/// Everything a data row is checked against, and where errors point.
struct RowContext {
  const std::unordered_map<std::string, std::uint32_t>& origins;
  const std::unordered_map<std::string, std::uint32_t>& destinations;
  const CostColumns& columns;
  const CostCsvOptions& options;
  const std::string& file;
};

/// A travel time in seconds. Empty, "inf" and "nan" are unreachable (infinity, counted in
/// `unreachable_rows`): `equiroute od` writes unreachable pairs this way.
double parse_travel_time(std::string_view text, const std::string& row, const RowContext& ctx,
                         CostCsvReport& report) {
  double t = std::numeric_limits<double>::infinity();
  if (!text.empty()) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), t);
    if (ec != std::errc() || end != text.data() + text.size()) {
      throw Error(row + ": travel time '" + geodata::printable_utf8(text) + "' is not a number",
                  {.file = ctx.file, .field = ctx.options.travel_field});
    }
    if (t < 0.0) {
      throw Error(row + ": negative travel time " + geodata::printable_utf8(text),
                  {.file = ctx.file, .field = ctx.options.travel_field});
    }
  }
  if (!std::isfinite(t)) {
    ++report.unreachable_rows;
    t = std::numeric_limits<double>::infinity();
  }
  return t;
}

/// Checks one split data row and appends it to `rows`.
void add_row(const std::vector<std::string>& fields, std::size_t line_number, const RowContext& ctx,
             CostRows& rows, CostCsvReport& report) {
  const std::string row = "row " + std::to_string(line_number);
  if (fields.size() < ctx.columns.needed) {
    throw Error(row + " has " + std::to_string(fields.size()) + " fields, expected at least " +
                    std::to_string(ctx.columns.needed),
                {.file = ctx.file});
  }
  const std::string origin_id(trim(fields[ctx.columns.origin]));
  const std::string dest_id(trim(fields[ctx.columns.destination]));
  auto o = ctx.origins.find(origin_id);
  if (o == ctx.origins.end()) {
    const std::string shown = geodata::printable_utf8(origin_id);
    throw Error(row + ": origin '" + shown + "' is not a demand point id",
                {.file = ctx.file, .feature_id = shown, .field = ctx.options.origin_field});
  }
  auto d = ctx.destinations.find(dest_id);
  if (d == ctx.destinations.end()) {
    const std::string shown = geodata::printable_utf8(dest_id);
    throw Error(row + ": destination '" + shown + "' is not a facility id",
                {.file = ctx.file, .feature_id = shown, .field = ctx.options.destination_field});
  }
  const double t = parse_travel_time(trim(fields[ctx.columns.travel]), row, ctx, report);
  rows.origin.push_back(o->second);
  rows.destination.push_back(d->second);
  rows.travel_s.push_back(t);
}

/// Reads the data rows after the header; blank lines are skipped (line numbers still count
/// them, so that errors name the line an editor shows).
CostRows read_rows(std::istream& in, const RowContext& ctx, CostCsvReport& report) {
  CostRows rows;
  std::string line;
  std::vector<std::string> fields;
  std::size_t line_number = 1;
  while (std::getline(in, line)) {
    ++line_number;
    std::string_view view = trim(line);
    if (view.empty()) continue;
    ++report.rows;
    split_csv_line(view, fields);
    add_row(fields, line_number, ctx, rows, report);
  }
  return rows;
}

/// The rows grouped by origin (counting sort, stable in file order): `offsets` has one
/// entry per origin plus one, like the matrix's row_offsets.
std::vector<std::pair<std::uint32_t, double>> group_by_origin(CostRows rows,
                                                              std::vector<std::size_t>& offsets) {
  const std::size_t origin_count = offsets.size() - 1;
  for (auto o : rows.origin) ++offsets[o + 1];
  for (std::size_t i = 0; i < origin_count; ++i) offsets[i + 1] += offsets[i];
  std::vector<std::pair<std::uint32_t, double>> entries(rows.origin.size());
  std::vector<std::size_t> next(offsets.begin(), offsets.end() - 1);
  for (std::size_t r = 0; r < rows.origin.size(); ++r) {
    entries[next[rows.origin[r]]++] = {rows.destination[r], rows.travel_s[r]};
  }
  return entries;
}

/// Fills `result.matrix` (CSR, each row sorted by destination, unreachable pairs left out)
/// and the entry and missing-pair counts. A pair given twice is an error.
void build_matrix(CostRows rows, const std::vector<std::string>& origin_ids,
                  const std::vector<std::string>& destination_ids, const std::string& file,
                  CostCsvResult& result) {
  engine::CostMatrix& m = result.matrix;
  m.origin_count = origin_ids.size();
  m.destination_count = destination_ids.size();
  m.row_offsets.assign(m.origin_count + 1, 0);
  auto entries = group_by_origin(std::move(rows), m.row_offsets);
  std::size_t pairs_given = 0;
  m.destinations.reserve(entries.size());
  m.travel_s.reserve(entries.size());
  std::vector<std::size_t> offsets{0};
  for (std::size_t i = 0; i < m.origin_count; ++i) {
    auto begin = entries.begin() + static_cast<std::ptrdiff_t>(m.row_offsets[i]);
    auto end = entries.begin() + static_cast<std::ptrdiff_t>(m.row_offsets[i + 1]);
    std::sort(begin, end, [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto it = begin; it != end; ++it) {
      if (it != begin && std::prev(it)->first == it->first) {
        throw Error("the pair (" + origin_ids[i] + ", " + destination_ids[it->first] +
                        ") is given more than once",
                    {.file = file, .feature_id = origin_ids[i]});
      }
      ++pairs_given;
      if (std::isinf(it->second)) continue;
      m.destinations.push_back(it->first);
      m.travel_s.push_back(it->second);
    }
    offsets.push_back(m.destinations.size());
  }
  m.row_offsets = std::move(offsets);
  result.report.entries = m.entries();
  result.report.missing_pairs = m.origin_count * m.destination_count - pairs_given;
}

}  // namespace

CostCsvResult read_cost_matrix_csv(const std::filesystem::path& path,
                                   const std::vector<std::string>& origin_ids,
                                   const std::vector<std::string>& destination_ids,
                                   const CostCsvOptions& options) {
  const std::string file = path.string();
  if (origin_ids.size() > std::numeric_limits<std::uint32_t>::max() ||
      destination_ids.size() > std::numeric_limits<std::uint32_t>::max()) {
    throw Error("too many demand points or facilities for a cost matrix", {.file = file});
  }
  const auto origins = index_ids(origin_ids, "demand", file);
  const auto destinations = index_ids(destination_ids, "facility", file);

  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot open the cost matrix", {.file = file});
  // A 1 MiB stream buffer rather than the library's few KiB: fewer reads on large matrices.
  std::vector<char> buffer(1 << 20);
  in.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));

  const CostColumns columns = read_header(in, file, options);
  CostCsvResult result;
  CostRows rows = read_rows(in, {origins, destinations, columns, options, file}, result.report);
  build_matrix(std::move(rows), origin_ids, destination_ids, file, result);
  return result;
}

}  // namespace equiroute::io
