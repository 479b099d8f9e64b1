#!/usr/bin/env bash
# ctest driver of the interactive report's browser test: runs the embedded Hunan scenario
# with its maps and report, checks that report.html has the interactive map and at most 5 MB,
# and runs the headless-Chromium harness (report_page.test.js) on it. Screenshots:
# WORK_DIR/screenshots/. STYLE_TOOL is unused (kept for the ctest command line).
#   run_report_test.sh EQUIROUTE STYLE_TOOL SOURCE_DIR WORK_DIR
# Exit 77 = skipped (a prerequisite is missing), except with CI=true where that fails.
set -euo pipefail
equiroute=$1 style_tool=$2 src=$3 work=$4
skip() {
  if [ "${CI:-}" = "true" ]; then echo "FAILED: $1 (CI=true: the test needs it)" >&2; exit 1; fi
  echo "SKIPPED: $1" >&2
  exit 77
}
assets=${EQUIROUTE_WEB_ASSETS:-$src/build/web-assets}
hunan=${EQUIROUTE_DATA_DIR:-$src/data}/hunan-2018
[ -f "$assets/dist/report_page.html" ] || skip "web assets in $assets (scripts/fetch-web-assets --test-tools)"
if [ ! -f "$hunan/.complete" ]; then  # data, not the browser: skipped even under CI
  echo "SKIPPED: the embedded data set $hunan (scripts/fetch-data)" >&2
  exit 77
fi
command -v node >/dev/null || skip "node (Debian's nodejs)"

rm -rf "$work"
mkdir -p "$work"
# The real report of the Hunan run, as `equiroute run` writes it (maps and report on), with the
# web assets of this test (EQUIROUTE_WEB_ASSETS, read by the report writer at run time).
sed -e "s|\.\./\.\./data/hunan-2018/|$hunan/|" "$src/examples/hunan-2018/scenario.toml" >"$work/scenario.toml"
EQUIROUTE_WEB_ASSETS=$assets "$equiroute" --quiet run "$work/scenario.toml" -o "$work/run" >/dev/null
page=$work/run/report.html
grep -q 'id="equiroute-map"' "$page" || { echo "FAILED: $page has no interactive map" >&2; exit 1; }
size=$(stat -c %s "$page")
if [ "$size" -gt 5000000 ]; then
  echo "FAILED: the report has $size bytes, more than 5 MB" >&2
  exit 1
fi
echo "report.html: $size bytes"
EQUIROUTE_WEB_ASSETS=$assets node "$src/tests/browser/report_page.test.js" "$page" \
  "$work/run/layers/regions.geojson" adcode "$work/screenshots"
