#!/usr/bin/env bash
# Runs Slurm tests of `equiroute batch --executor slurm` (a Catch2 executable, test_slurm) on a
# private single-node cluster started for them (scripts/slurm-local run), then checks that
# the cluster was shut down: no daemon or slurmstepd of it left, its directory removed.
#   tests/slurm/run_slurm_tests.sh [--need-provinces] TEST_EXECUTABLE [CATCH2 ARGUMENTS...]
# --need-provinces: the tests need data/hunan-2018 and
# data/provinces/{hubei,jiangxi,guangxi,tianjin,shanghai}.
# Exit 0 pass, 1 fail; 77 (ctest: skipped) only outside CI when Slurm, root or the data are
# missing — under CI=true that fails. A cluster that cannot start fails with its log line.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
need_provinces=0
if [ "${1:-}" = --need-provinces ]; then
  need_provinces=1
  shift
fi
unavailable() {
  if [ "${CI:-}" = true ]; then
    echo "FAIL: $* (under CI the Slurm tests must run)" >&2
    exit 1
  fi
  echo "SKIP: $*" >&2
  exit 77
}
[ "$(id -u)" -eq 0 ] || unavailable "the private Slurm cluster needs root"
for tool in munged slurmctld slurmd sbatch squeue scontrol scancel sinfo; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] ||
    unavailable "'$tool' is not installed (scripts/setup-deps)"
done
if [ "$need_provinces" = 1 ]; then
  data="${EQUIROUTE_DATA_DIR:-$root/data}"
  for f in hunan-2018/counties.geojson provinces/hubei/counties.geojson \
    provinces/jiangxi/counties.geojson provinces/guangxi/counties.geojson \
    provinces/tianjin/counties.geojson provinces/shanghai/counties.geojson; do
    [ -f "$data/$f" ] || unavailable "$data/$f missing (./scripts/fetch-data && ./scripts/fetch-data-provinces)"
  done
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/equiroute-slurm-tests.XXXXXX")
chmod 755 "$work" # munged wants its socket's parents searchable by all
trap 'rm -rf "$work"' EXIT
cluster="$work/cluster"
rc=0
"$root/scripts/slurm-local" run --dir "$cluster" -- "$@" || rc=$?

# The cluster's daemons name its directory on their command line; its slurmstepd processes
# keep their working directory in it.
left=""
for p in $(pgrep -f -- "$cluster" || true); do left+=" $p($(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null))"; done
for p in $(pgrep -x slurmstepd || true); do
  case "$(readlink "/proc/$p/cwd" 2>/dev/null)" in "$cluster"/*) left+=" slurmstepd:$p" ;; esac
done
if [ -n "$left" ]; then
  echo "FAIL: the cluster left processes running:$left" >&2
  rc=1
fi
if [ -e "$cluster" ]; then
  echo "FAIL: the cluster's directory $cluster was not removed" >&2
  rc=1
fi
[ "$rc" -ne 0 ] || echo "ok: the cluster was shut down (no daemon, no slurmstepd, directory removed)"
exit "$rc"
