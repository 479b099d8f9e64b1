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
  std::vector<char> buffer(1 << 20);
  in.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));

  std::string line;
  std::vector<std::string> fields;
  if (!std::getline(in, line)) throw Error("the cost matrix is empty", {.file = file});
  if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
  split_csv_line(trim(line), fields);
  std::string header_list;
  for (auto& f : fields) {
    f = std::string(trim(f));
    header_list += (header_list.empty() ? "" : ", ") + f;
  }
  auto column = [&](const std::string& name) {
    auto it = std::find(fields.begin(), fields.end(), name);
    if (it == fields.end()) {
      throw Error("no column '" + name + "' in the cost matrix", {.file = file, .field = name},
                  ErrorKind::BadInput, "columns: " + header_list);
    }
    return static_cast<std::size_t>(it - fields.begin());
  };
  const std::size_t origin_col = column(options.origin_field);
  const std::size_t dest_col = column(options.destination_field);
  const std::size_t time_col = column(options.travel_field);
  const std::size_t needed = std::max({origin_col, dest_col, time_col}) + 1;

  std::vector<std::uint32_t> row_origin;
  std::vector<std::uint32_t> row_dest;
  std::vector<double> row_time;
  CostCsvResult result;
  std::size_t line_number = 1;
  while (std::getline(in, line)) {
    ++line_number;
    std::string_view view = trim(line);
    if (view.empty()) continue;
    ++result.report.rows;
    split_csv_line(view, fields);
    const std::string row = "row " + std::to_string(line_number);
    if (fields.size() < needed) {
      throw Error(row + " has " + std::to_string(fields.size()) + " fields, expected at least " +
                      std::to_string(needed),
                  {.file = file});
    }
    const std::string origin_id(trim(fields[origin_col]));
    const std::string dest_id(trim(fields[dest_col]));
    auto o = origins.find(origin_id);
    if (o == origins.end()) {
      throw Error(row + ": origin '" + origin_id + "' is not a demand point id",
                  {.file = file, .feature_id = origin_id, .field = options.origin_field});
    }
    auto d = destinations.find(dest_id);
    if (d == destinations.end()) {
      throw Error(row + ": destination '" + dest_id + "' is not a facility id",
                  {.file = file, .feature_id = dest_id, .field = options.destination_field});
    }
    std::string_view text = trim(fields[time_col]);
    double t = std::numeric_limits<double>::infinity();
    if (!text.empty()) {
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), t);
      if (ec != std::errc() || end != text.data() + text.size()) {
        throw Error(row + ": travel time '" + std::string(text) + "' is not a number",
                    {.file = file, .field = options.travel_field});
      }
      if (t < 0.0) {
        throw Error(row + ": negative travel time " + std::string(text),
                    {.file = file, .field = options.travel_field});
      }
    }
    if (!std::isfinite(t)) {
      // Empty, inf or nan: `equiroute od` writes unreachable pairs this way.
      ++result.report.unreachable_rows;
      t = std::numeric_limits<double>::infinity();
    }
    row_origin.push_back(o->second);
    row_dest.push_back(d->second);
    row_time.push_back(t);
  }

  // CSR by counting sort on the origin, then each row sorted by destination.
  engine::CostMatrix& m = result.matrix;
  m.origin_count = origin_ids.size();
  m.destination_count = destination_ids.size();
  m.row_offsets.assign(m.origin_count + 1, 0);
  for (auto o : row_origin) ++m.row_offsets[o + 1];
  for (std::size_t i = 0; i < m.origin_count; ++i) m.row_offsets[i + 1] += m.row_offsets[i];
  std::vector<std::pair<std::uint32_t, double>> entries(row_origin.size());
  {
    std::vector<std::size_t> next(m.row_offsets.begin(), m.row_offsets.end() - 1);
    for (std::size_t r = 0; r < row_origin.size(); ++r) {
      entries[next[row_origin[r]]++] = {row_dest[r], row_time[r]};
    }
  }
  row_origin = {};
  row_dest = {};
  row_time = {};
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
  return result;
}

}  // namespace equiroute::io
