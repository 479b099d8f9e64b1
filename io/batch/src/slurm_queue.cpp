#include "equiroute/batch/slurm_queue.hpp"

#include <cctype>
#include <cmath>
#include <set>
#include <sstream>

#include "equiroute/batch/child_process.hpp"

namespace equiroute::io {

std::optional<std::vector<SlurmJobState>> query_job_states(const std::vector<std::string>& job_ids,
                                                           std::string& error) {
  std::string ids;
  for (const auto& id : job_ids) ids += (ids.empty() ? "" : ",") + id;
  const CommandOutput out =
      run_command({"squeue", "--array", "-h", "-t", "all", "-j", ids, "-o", "%i|%T|%r"});
  if (out.exit_code != 0) {
    // Every id forgotten (MinJobAge passed): squeue fails instead of listing nothing.
    if (out.err.find("Invalid job id specified") != std::string::npos)
      return std::vector<SlurmJobState>{};
    error = "squeue: " + out.first_line();
    return std::nullopt;
  }
  std::vector<SlurmJobState> states;
  std::stringstream lines(out.out);
  std::string line;
  while (std::getline(lines, line)) {
    const auto a = line.find('|');
    const auto b = line.find('|', a == std::string::npos ? a : a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    states.push_back({line.substr(0, a), line.substr(a + 1, b - a - 1), line.substr(b + 1)});
  }
  return states;
}

namespace {

/// "6-8,11" (a throttle "%2" already cut off) → 6, 7, 8, 11; throws on anything else.
std::vector<std::size_t> expand_ranges(const std::string& list) {
  std::vector<std::size_t> indices;
  std::stringstream items(list);
  std::string item;
  while (std::getline(items, item, ',')) {
    const auto dash = item.find('-');
    const std::size_t first = std::stoul(item.substr(0, dash));
    const std::size_t last = dash == std::string::npos ? first : std::stoul(item.substr(dash + 1));
    for (std::size_t i = first; i <= last; ++i) indices.push_back(i);
  }
  return indices;
}

}  // namespace

std::vector<std::size_t> array_task_indices(const std::string& id,
                                            const std::string& array_job_id) {
  const std::string prefix = array_job_id + "_";
  if (id.rfind(prefix, 0) != 0) return {};
  std::string rest = id.substr(prefix.size());
  if (!rest.empty() && rest.front() == '[' && rest.back() == ']') {
    rest = rest.substr(1, rest.size() - 2);
    rest = rest.substr(0, rest.find('%'));
  } else if (rest.find_first_not_of("0123456789") != std::string::npos) {
    return {};
  }
  try {
    return expand_ranges(rest);
  } catch (const std::exception&) {  // not an index list: nothing we can attribute
    return {};
  }
}

bool is_active_state(const std::string& state) {
  static const std::set<std::string> active{"PENDING",   "RUNNING",   "COMPLETING",   "CONFIGURING",
                                            "SUSPENDED", "REQUEUED",  "REQUEUE_HOLD", "REQUEUE_FED",
                                            "RESIZING",  "SIGNALING", "STAGE_OUT",    "STOPPED"};
  return active.count(state) > 0;
}

std::string scontrol_value(const std::string& text, const std::string& key) {
  // "Key=value" among blank-separated fields, or a "Key   = value" line (show config).
  std::size_t at = 0;
  while ((at = text.find(key, at)) != std::string::npos) {
    const bool starts = at == 0 || std::isspace(static_cast<unsigned char>(text[at - 1]));
    std::size_t p = at + key.size();
    while (p < text.size() && text[p] == ' ') ++p;
    if (starts && p < text.size() && text[p] == '=') {
      ++p;
      while (p < text.size() && text[p] == ' ') ++p;
      const std::size_t end = text.find_first_of(" \t\n", p);
      return text.substr(p, end == std::string::npos ? std::string::npos : end - p);
    }
    at += key.size();
  }
  return {};
}

namespace {

std::optional<double> minutes_of(const std::string& text) {
  double days = 0;
  std::string rest = text;
  if (const auto dash = text.find('-'); dash != std::string::npos) {
    days = std::stod(text.substr(0, dash));
    rest = text.substr(dash + 1);
  }
  std::vector<double> parts;
  std::stringstream fields(rest);
  std::string field;
  while (std::getline(fields, field, ':')) parts.push_back(std::stod(field));
  double minutes = 0;
  if (text.find('-') != std::string::npos) {  // D-HH[:MM[:SS]]
    const double h = parts.size() > 0 ? parts[0] : 0, m = parts.size() > 1 ? parts[1] : 0,
                 s = parts.size() > 2 ? parts[2] : 0;
    minutes = days * 1440 + h * 60 + m + s / 60;
  } else if (parts.size() == 3) {  // HH:MM:SS
    minutes = parts[0] * 60 + parts[1] + parts[2] / 60;
  } else if (parts.size() == 2) {  // MM:SS
    minutes = parts[0] + parts[1] / 60;
  } else if (parts.size() == 1) {  // MM
    minutes = parts[0];
  }
  return std::ceil(minutes);
}

}  // namespace

std::optional<double> parse_slurm_minutes(const std::string& text) {
  if (text.empty() || text == "UNLIMITED" || text == "INFINITE" || text == "NONE")
    return std::nullopt;
  try {
    return minutes_of(text);
  } catch (const std::exception&) {  // not a time: no limit we can check
    return std::nullopt;
  }
}

std::string parse_sbatch_job_id(const std::string& out) {
  std::string id;
  for (char c : out) {
    if (c >= '0' && c <= '9') {
      id += c;
    } else {
      break;
    }
  }
  return id;
}

}  // namespace equiroute::io
