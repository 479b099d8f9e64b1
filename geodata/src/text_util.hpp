#pragma once
// Small text helpers shared by geodata's readers and writers (private to geodata).

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

namespace equiroute::geodata::text {

inline std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

/// ASCII lower case (field names and extensions; other bytes unchanged).
inline std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

inline std::string trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return {};
  const auto end = s.find_last_not_of(" \t\r\n");
  return s.substr(begin, end - begin + 1);
}

/// Parses the whole of `s` (after trimming blanks) as a finite number.
inline std::optional<double> parse_number(const std::string& s) {
  const std::string t = trim(s);
  if (t.empty()) return std::nullopt;
  const char* first = t.data();
  if (*first == '+') ++first;
  double value = 0.0;
  auto [end, ec] = std::from_chars(first, t.data() + t.size(), value);
  if (ec != std::errc() || end != t.data() + t.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

/// The shortest text that reads back as the same double (fmt's Dragonbox: 0.1 → "0.1").
inline std::string format_number(double v) { return fmt::format("{}", v); }

}  // namespace equiroute::geodata::text
