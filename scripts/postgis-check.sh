#!/usr/bin/env bash
# Checks Maps' nearest-backbone answers against PostGIS on points neither has seen, and measures
# PostGIS doing the same query on the same data in the same run (docs/architecture.md §6, §8).
#  - starts a throw-away PostgreSQL 15 + PostGIS 3 cluster on a unix socket (Debian packages
#    postgresql-15-postgis-3, installed when missing), loads fibre-links and transmission-nodes with
#    GDAL's ogr2ogr, and builds a geography column with a GiST index;
#  - draws N random points (seed differs from every test's) over West Africa and the globe;
#  - PostGIS: nearest by the index (<->), re-ranked by ST_Distance(geography, geography, false) over
#    the 16 nearest candidates, in 2 parallel sessions;
#  - Maps: the same points POSTed as CSV to /api/analysis/nearest on the Release handler;
#  - compares: same feature (unless two are within tolerance), distance within 1e-6 relative or 1 m.
# Usage: scripts/postgis-check.sh [points=5000]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-5000}
pg=/usr/lib/postgresql/15/bin
if [ ! -x "$pg/postgres" ] || [ ! -f /usr/share/postgresql/15/extension/postgis.control ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15-postgis-3 >/dev/null
fi
command -v ogr2ogr >/dev/null || { apt-get update -qq && apt-get install -y -qq gdal-bin >/dev/null; }

work=$(mktemp -d /tmp/maps-postgis-XXXXXX)
chown postgres "$work"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
handler_pid=
cleanup() {
  [ -n "$handler_pid" ] && kill "$handler_pid" 2>/dev/null || true
  runuser -u postgres -- "$pg/pg_ctl" -D "$work/db" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
runuser -u postgres -- "$pg/initdb" -D "$work/db" -A trust -U postgres >/dev/null
runuser -u postgres -- "$pg/pg_ctl" -D "$work/db" -w -l "$work/pg.log" \
  -o "-p $port -k $work -c listen_addresses='' -c fsync=off -c max_parallel_workers_per_gather=0" start >/dev/null
psql=(psql -h "$work" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt)
"${psql[@]}" -c "create extension postgis" >/dev/null
"${psql[@]}" -c "select 'PostGIS ' || postgis_lib_version()"
for layer in fibre-links transmission-nodes; do
  ogr2ogr -f PostgreSQL "PG:host=$work port=$port user=postgres dbname=postgres" "data/layers/$layer.geojson" \
    -nln "${layer//-/_}" -lco GEOMETRY_NAME=geom -lco FID=fid -nlt PROMOTE_TO_MULTI -select id
done
"${psql[@]}" <<'SQL'
create table backbone as
  select 'fibre-links'::text as collection, id, geography(geom) as g from fibre_links
  union all select 'transmission-nodes', id, geography(geom) from transmission_nodes;
create index on backbone using gist (g);
analyze backbone;
SQL
echo "backbone features in PostGIS: $("${psql[@]}" -c 'select count(*) from backbone')"

python3 - "$n" "$work/points.csv" <<'PY'
import random, sys
n, path = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(20261123)
with open(path, "w") as f:
    f.write("id,lat,lon\n")
    for i in range(n):
        if rnd.random() < 0.9:
            lat, lon = rnd.uniform(3, 28), rnd.uniform(-26, 16)
        else:
            lat, lon = rnd.uniform(-89.9, 89.9), rnd.uniform(-180, 180)
        f.write(f"q{i},{lat:.6f},{lon:.6f}\n")
PY
"${psql[@]}" -c "create table pts (id text primary key, lat float8, lon float8)"
"${psql[@]}" -c "\\copy pts from '$work/points.csv' csv header"

# PostGIS answers, 2 sessions in parallel, timed.
query="select p.id, b.collection, b.id, b.d from pts p cross join lateral (
  select c.collection, c.id, st_distance(c.g, q.g, false) as d
  from (select geography(st_setsrid(st_makepoint(p.lon, p.lat), 4326)) as g) q,
       lateral (select collection, id, g from backbone order by g <-> q.g limit 16) c
  order by d, c.collection, c.id limit 1) b"
start=$(date +%s%N)
"${psql[@]}" -F, -c "copy ($query where hashtext(p.id) % 2 = 0) to stdout with csv" > "$work/postgis-0.csv" &
"${psql[@]}" -F, -c "copy ($query where hashtext(p.id) % 2 <> 0) to stdout with csv" > "$work/postgis-1.csv" &
wait %1 %2
postgis_ms=$(( ($(date +%s%N) - start) / 1000000 ))
cat "$work/postgis-0.csv" "$work/postgis-1.csv" > "$work/postgis.csv"

# Maps answers over HTTP.
dotnet build functions/Maps.Functions -c Release -nologo -v quiet >/dev/null
hport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
dotnet functions/Maps.Functions/bin/Release/net10.0/Maps.Functions.dll --urls "http://127.0.0.1:$hport" >/dev/null 2>&1 &
handler_pid=$!
until curl -sf -o /dev/null "http://127.0.0.1:$hport/api/collections"; do sleep 0.05; done
curl -sf -o /dev/null -X POST -H 'Content-Type: text/csv' --data-binary @"$work/points.csv" \
  "http://127.0.0.1:$hport/api/analysis/nearest?to=fibre-links,transmission-nodes"   # warm-up
start=$(date +%s%N)
curl -sf -X POST -H 'Content-Type: text/csv' --data-binary @"$work/points.csv" \
  "http://127.0.0.1:$hport/api/analysis/nearest?to=fibre-links,transmission-nodes" -o "$work/maps.csv"
maps_ms=$(( ($(date +%s%N) - start) / 1000000 ))

python3 - "$work/postgis.csv" "$work/maps.csv" "$n" "$postgis_ms" "$maps_ms" <<'PY'
import csv, sys
postgis_path, maps_path, n, postgis_ms, maps_ms = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
pg = {row[0]: (row[1], row[2], float(row[3])) for row in csv.reader(open(postgis_path))}
maps = {r["id"]: (r["nearest_collection"], r["nearest_id"], float(r["distance_km"]) * 1000) for r in csv.DictReader(open(maps_path, newline=""))}
worst_abs = worst_rel = 0.0
different_feature = bad = 0
for pid, (pc, pf, pd) in pg.items():
    mc, mf, md = maps[pid]
    diff = abs(md - pd)
    ok = diff <= max(1.0, 1e-6 * pd)
    worst_abs = max(worst_abs, diff)
    worst_rel = max(worst_rel, diff / pd if pd > 0 else 0)
    if (mc, mf) != (pc, pf):
        different_feature += 1
    if not ok:
        bad += 1
        print(f"MISMATCH {pid}: PostGIS {pc}/{pf} {pd:.3f} m, Maps {mc}/{mf} {md:.3f} m")
print(f"points: {len(pg)} of {n}; distance disagreements beyond 1e-6 relative or 1 m: {bad}; "
      f"different nearest feature: {different_feature} (all within tolerance when distances agree)")
print(f"worst difference: {worst_abs:.6f} m absolute, {worst_rel:.3e} relative")
print(f"PostGIS (2 sessions, GiST <-> then ST_Distance sphere): {postgis_ms} ms -> {n / postgis_ms * 1000:,.0f} points/s")
print(f"Maps (POST CSV over HTTP, both cores): {maps_ms} ms -> {n / max(maps_ms, 1) * 1000:,.0f} points/s; ratio {postgis_ms / max(maps_ms, 1):.1f}x")
sys.exit(1 if bad or len(pg) != n else 0)
PY
