#!/usr/bin/env bash
# ctest driver of the interactive report's browser test: runs the embedded Hunan scenario
# (maps off: the page's classes come from io's choropleth code through equiroute_style_sample),
# builds the sample page with web/build_sample.py, checks its size (≤ 5 MB) and runs the
# headless-Chromium harness (report_page.test.js). Screenshots: WORK_DIR/screenshots/.
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
sed -e "s|\.\./\.\./data/hunan-2018/|$hunan/|" -e 's/^maps = true$/maps = false/' \
  -e 's/^report = true$/report = false/' "$src/examples/hunan-2018/scenario.toml" >"$work/scenario.toml"
"$equiroute" --quiet run "$work/scenario.toml" -o "$work/run" >/dev/null
python3 "$src/web/build_sample.py" --run "$work/run" --dist "$assets/dist" --classes-tool "$style_tool" \
  --out "$work/hunan-report.html"
size=$(stat -c %s "$work/hunan-report.html")
if [ "$size" -gt 5000000 ]; then
  echo "FAILED: the page has $size bytes, more than 5 MB" >&2
  exit 1
fi
EQUIROUTE_WEB_ASSETS=$assets node "$src/tests/browser/report_page.test.js" "$work/hunan-report.html" \
  "$work/run/layers/regions.geojson" adcode "$work/screenshots"
