#pragma once
// A stand-in for `equiroute run` used by the batch tests: a shell script that honours the
// run contract (exit codes, the status file of --status-file, a result directory built in a
// temporary sibling and renamed when complete, manifest.json + summary.json). It is driven
// by lines of the scenario it is given:
//   #fake-summary {...}   the summary.json to write (one line of JSON)
//   #fake-fail STEP MSG   fail in STEP with MSG (exit 2)
//   #fake-crash           die by SIGSEGV
//   #fake-sleep SECONDS   sleep (after creating the temporary directory) before finishing
// $FAKE_RUN_DELAY adds a sleep to every run (tests only: production code has no such hook).

#include <filesystem>
#include <string>

#include "support.hpp"

namespace equiroute::test {

inline const char* const kFakeRunScript = R"SH(#!/bin/sh
# usage: fake-run --quiet run SCENARIO -o OUT --threads N --status-file FILE
scenario="$3"; out="$5"; status="$9"
[ "$2" = run ] && [ "$4" = -o ] && [ "$8" = --status-file ] ||
  { echo "error: fake-run: bad arguments: $*" >&2; exit 1; }
if grep -q '^#fake-crash' "$scenario"; then kill -SEGV $$; fi
fail=$(sed -n 's/^#fake-fail //p' "$scenario")
if [ -n "$fail" ]; then
  echo "warn: something before the error" >&2
  echo "error: step '${fail%% *}': ${fail#* }" >&2
  printf '{"status": "failed", "step": "%s", "message": "%s", "exit_code": 2, "seconds": 0, "peak_rss_mb": 0, "summary": null, "environment": {}}\n' \
    "${fail%% *}" "${fail#* }" > "$status.tmp" && mv "$status.tmp" "$status"
  exit 2
fi
dir=$(dirname "$out"); name=$(basename "$out")
tmp="$dir/.tmp-$$-0-$name"
mkdir -p "$tmp"
echo partial > "$tmp/partial.txt"
delay=$(sed -n 's/^#fake-sleep //p' "$scenario")
sleep "${delay:-0}"
sleep "${FAKE_RUN_DELAY:-0}"
rm "$tmp/partial.txt"
sed -n 's/^#fake-summary //p' "$scenario" > "$tmp/summary.json"
echo "table" > "$tmp/table.csv"
scen_sha=$(sha256sum "$scenario" | cut -d' ' -f1)
sum_sha=$(sha256sum "$tmp/summary.json" | cut -d' ' -f1)
tab_sha=$(sha256sum "$tmp/table.csv" | cut -d' ' -f1)
cat > "$tmp/manifest.json" <<EOF
{"equiroute_version": "fake", "scenario": "$scenario",
 "inputs": [{"path": "$scenario", "sha256": "$scen_sha"}],
 "outputs": [{"path": "summary.json", "sha256": "$sum_sha"}, {"path": "table.csv", "sha256": "$tab_sha"}],
 "parameters": {}, "timings": {}}
EOF
rm -rf "$out"
mv "$tmp" "$out"
printf '{"status": "ok", "step": "", "message": "", "exit_code": 0, "seconds": 0, "peak_rss_mb": 0, "summary": %s, "environment": {}}\n' \
  "$(cat "$out/summary.json")" > "$status.tmp" && mv "$status.tmp" "$status"
)SH";

/// Writes the fake runner into `dir` (executable) and returns its path.
inline std::filesystem::path write_fake_runner(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  const fs::path script = dir / "fake-run";
  write_file(script, kFakeRunScript);
  fs::permissions(script, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec,
                  fs::perm_options::replace);
  return script;
}

/// A summary.json line as `run` writes it (io::RunSummary), with the values given.
inline std::string fake_summary(const std::string& title, int regions, double gini_area,
                                double mean_nearest_min) {
  return "#fake-summary {\"title\": \"" + title + "\", \"regions\": " + std::to_string(regions) +
         ", \"groups\": 0, \"equity\": {\"facilities\": {\"area\": {\"gini\": " +
         std::to_string(gini_area) +
         ", \"band\": \"absolutely fair\", \"theil_t\": 0.1, \"theil_l\": null}}}, "
         "\"travel\": {\"mean_nearest_min\": " +
         std::to_string(mean_nearest_min) +
         ", \"median_nearest_min\": null, \"p90_nearest_min\": null, "
         "\"share_beyond_min\": {\"30\": 0.5, \"60\": 0.25}, \"unreachable_units\": 0, "
         "\"approximate\": true, \"weight\": \"area\"}, "
         "\"access_gini\": {\"2sfca_facilities\": 0.5}, \"notes\": []}\n";
}

/// A minimal summary.json line with a title and a region count only (template runs).
inline std::string fake_minimal_summary(const std::string& title, const std::string& regions) {
  return "#fake-summary {\"title\": \"" + title + "\", \"regions\": " + regions +
         ", \"groups\": 0, \"equity\": {}, \"travel\": {}, \"access_gini\": {}, "
         "\"notes\": []}\n";
}

}  // namespace equiroute::test
