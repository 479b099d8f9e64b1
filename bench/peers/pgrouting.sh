#!/usr/bin/env bash
# Peer OD query with pgRouting (pgr_dijkstraCost, many-to-many) on an `equiroute graph-export`
# graph, in a private throw-away PostgreSQL cluster.
#
# usage: pgrouting.sh NODES.csv EDGES.csv ORIGINS.csv DESTINATIONS.csv OUT.csv
#
# ORIGINS/DESTINATIONS: CSV whose first column `id` is a node id of the exported graph.
# OUT.csv: origin_id,destination_id,travel_s for every reachable pair (same ids).
# Prints one JSON line: load_s (COPY + table set-up), query_s (pgr_dijkstraCost, which
# includes pgRouting's own graph build from the edge SQL: that is how pgRouting is used),
# pairs, reachable.
#
# Installs postgresql-15 and postgresql-15-pgrouting from Debian with apt-get when missing
# (idempotent). The cluster lives in a fresh temp dir, runs as the `postgres` OS user (the
# server refuses root), listens on a unix socket in that dir only (listen_addresses=''), and
# is stopped and removed on exit, failure included.
set -euo pipefail

if [ $# -ne 5 ]; then
  sed -n '2,9p' "$0" >&2
  exit 2
fi
abspath() { (cd "$(dirname "$1")" && printf '%s/%s\n' "$(pwd)" "$(basename "$1")"); }
nodes_csv=$(abspath "$1")
edges_csv=$(abspath "$2")
origins_csv=$(abspath "$3")
destinations_csv=$(abspath "$4")
out_csv=$(abspath "$5")

pg_version=15
pg_bin=/usr/lib/postgresql/$pg_version/bin
need=()
for p in postgresql-$pg_version postgresql-$pg_version-pgrouting; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "pgrouting.sh: installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi

# Run postgres tools as a non-root user.
pg_user=postgres
if [ "$(id -u)" -eq 0 ]; then
  id "$pg_user" >/dev/null 2>&1 || useradd --system --no-create-home "$pg_user"
  as_pg() { runuser -u "$pg_user" -- "$@"; }
else
  pg_user=$(id -un)
  as_pg() { "$@"; }
fi

work=$(mktemp -d /tmp/equiroute-pgrouting.XXXXXX)
chmod 755 "$work"
[ "$(id -u)" -eq 0 ] && chown "$pg_user" "$work"
data="$work/data"
port=$((20000 + RANDOM % 20000))
started=0
cleanup() {
  if [ "$started" -eq 1 ]; then
    as_pg "$pg_bin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

as_pg "$pg_bin/initdb" -D "$data" -U "$pg_user" --auth=trust --no-sync -E UTF8 >/dev/null
# The whole graph in memory, no durability: this is a throw-away benchmark database.
as_pg "$pg_bin/pg_ctl" -D "$data" -l "$work/server.log" -w \
  -o "-c listen_addresses='' -k $work -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=1GB -c work_mem=1GB -c maintenance_work_mem=1GB" \
  start >/dev/null
started=1

# Inputs copied where the postgres user can read them.
cp "$edges_csv" "$work/edges.csv"
cp "$origins_csv" "$work/origins.csv"
cp "$destinations_csv" "$work/destinations.csv"
chmod 644 "$work"/*.csv

psql_run() { as_pg psql -X -q -v ON_ERROR_STOP=1 -h "$work" -p "$port" -U "$pg_user" -d postgres "$@"; }

# pgRouting wants positive ids: node ids are shifted by +1 inside the database.
result=$(psql_run -t -A <<SQL
CREATE EXTENSION pgrouting CASCADE;  -- Debian's pgRouting requires PostGIS
SELECT extract(epoch FROM clock_timestamp()) AS t0 \gset
CREATE TABLE edges_raw (source bigint, target bigint, cost double precision, length_m double precision);
\copy edges_raw FROM '$work/edges.csv' WITH (FORMAT csv, HEADER true)
CREATE TABLE edges AS
  SELECT row_number() OVER () AS id, source + 1 AS source, target + 1 AS target, cost,
         -1.0::double precision AS reverse_cost
  FROM edges_raw;
ALTER TABLE edges ADD PRIMARY KEY (id);
CREATE TABLE origins_raw (id bigint, lon text, lat text);
\copy origins_raw FROM '$work/origins.csv' WITH (FORMAT csv, HEADER true)
CREATE TABLE destinations_raw (id bigint, lon text, lat text);
\copy destinations_raw FROM '$work/destinations.csv' WITH (FORMAT csv, HEADER true)
ANALYZE;
SELECT extract(epoch FROM clock_timestamp()) AS t1 \gset
CREATE TABLE od AS
  SELECT start_vid - 1 AS origin_id, end_vid - 1 AS destination_id, agg_cost AS travel_s
  FROM pgr_dijkstraCost('SELECT id, source, target, cost, reverse_cost FROM edges',
                        (SELECT array_agg(id + 1) FROM origins_raw),
                        (SELECT array_agg(id + 1) FROM destinations_raw),
                        directed => true);
SELECT extract(epoch FROM clock_timestamp()) AS t2 \gset
SELECT json_build_object('tool', 'pgrouting', 'pgrouting_version', pgr_version(),
                         'load_s', :t1 - :t0, 'query_s', :t2 - :t1,
                         'pairs', (SELECT count(*) FROM origins_raw) * (SELECT count(*) FROM destinations_raw),
                         'reachable', (SELECT count(*) FROM od)
                           + (SELECT count(*) FROM origins_raw o JOIN destinations_raw d ON o.id = d.id));
SQL
)
# Writing the result out is not timed. pgr_dijkstraCost omits pairs with the same start and
# end vertex; they cost 0, so they are added back here.
psql_run -c "\copy (SELECT origin_id, destination_id, travel_s FROM od UNION ALL SELECT o.id, d.id, 0.0 FROM origins_raw o JOIN destinations_raw d ON o.id = d.id ORDER BY 1, 2) TO '$work/od.csv' WITH (FORMAT csv, HEADER true)"
{ echo "origin_id,destination_id,travel_s"; tail -n +2 "$work/od.csv"; } >"$out_csv"
echo "$result"
