#!/usr/bin/env bash
# Checks Maps' analysis answers against PostGIS on points neither has seen, and measures PostGIS
# doing the same queries on the same data in the same run (docs/architecture.md §6, §8).
#  - starts a throw-away PostgreSQL 15 + PostGIS 3 cluster on a unix socket (Debian packages
#    postgresql-15-postgis-3, installed when missing), loads fibre-links, transmission-nodes and
#    population with GDAL's ogr2ogr, and builds geography columns with GiST indexes;
#  - draws N random points with unique ids (seed differs from every test's): 20% in clusters around
#    Lagos, Accra and Nairobi (so counts within a few km are not just the point itself), 1% on the
#    exact position of an earlier point, 1% on the exact position of a populated place (distance 0,
#    inclusive), 1% due north of an earlier point or a populated place at r(1 + 2e-9) of a radius on
#    Maps' sphere (outside for Maps, inside on PostGIS's smaller sphere: the band below is
#    exercised), the rest over West Africa (90%) and the globe;
#  - nearest: PostGIS by the index (<->), re-ranked by ST_Distance(geography, geography, false) over
#    the 16 nearest candidates, in 2 parallel sessions; Maps: the points POSTed as CSV to
#    /api/analysis/nearest on the Release handler; same feature (unless two are within tolerance),
#    distance within 1e-6 relative or 1 m;
#  - range: Maps' POST /api/analysis/profile (schools_within_{r}km: the request's distinct rows within
#    r, the point itself included; pop_within_{r}km: the population property of the population
#    collection summed within r) against counts and sums by ST_DWithin(geography, geography, r, false)
#    in 2 sessions. Radii are compared exactly, except that a pair whose distance is within 1e-6
#    relative of r may fall either way (the band is measured with ST_Distance(..., false)):
#    PostGIS's sphere (use_spheroid=false) has the radius (2a + b)/3 of the WGS84 spheroid,
#    6,371,008.7714 m, printed below; Maps' is the IUGG mean radius 6,371,008.8 m, so PostGIS's
#    distances are 4.5e-9 relative shorter, far inside the band;
#  - fibre: the profile's fiber_node_distance/fiber_node_id against the PostGIS nearest over the same
#    subset (operational fibre-links and operational transmission-nodes whose infrastructure is
#    fibre), same criteria as nearest, and never nearer than the nearest check's any-status answer.
# Exits non-zero on any disagreement outside tolerance.
# Usage: scripts/postgis-check.sh [points=5000]
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
n=${1:-5000}
radii=(1 2 3 10)            # whole km, as the profile's default radii=1,2,3,10
band=1e-6                   # relative: pairs this near a radius may be counted either way
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
# The sphere of use_spheroid=false, measured: a quarter of a great circle is R·π/2.
pg_radius=$("${psql[@]}" -c "select st_distance('POINT(0 0)'::geography, 'POINT(90 0)'::geography, false) * 2 / pi()")
python3 - "$pg_radius" <<'PY'
import sys
r = float(sys.argv[1])
print(f"PostGIS sphere radius (use_spheroid=false): {r:,.4f} m; Maps: 6,371,008.8 m; PostGIS distances are {(6371008.8 - r) / 6371008.8:.2e} relative shorter")
PY
ogr() { ogr2ogr -f PostgreSQL "PG:host=$work port=$port user=postgres dbname=postgres" "data/layers/$1.geojson" \
  -nln "${1//-/_}" -lco GEOMETRY_NAME=geom -lco FID=fid "${@:2}"; }
ogr fibre-links -nlt PROMOTE_TO_MULTI -select id,status
ogr transmission-nodes -nlt PROMOTE_TO_MULTI -select id,status,infrastructure
ogr population -select id,population
"${psql[@]}" <<'SQL'
create table backbone as
  select 'fibre-links'::text as collection, id, status, null::text as infrastructure, geography(geom) as g from fibre_links
  union all select 'transmission-nodes', id, status, infrastructure, geography(geom) from transmission_nodes;
create index on backbone using gist (g);
analyze backbone;
-- The profile's fibre: status=operational (its default) and infrastructure fibre or absent.
create table fibre as
  select * from backbone where status = 'operational' and coalesce(infrastructure, 'fibre') = 'fibre';
create index on fibre using gist (g);
analyze fibre;
create table pop as select id, population::bigint as w, geography(geom) as g from population;
create index on pop using gist (g);
analyze pop;
SQL
echo "backbone features in PostGIS: $("${psql[@]}" -c 'select count(*) from backbone') (operational fibre: $("${psql[@]}" -c 'select count(*) from fibre')); populated places: $("${psql[@]}" -c 'select count(*) from pop')"

python3 - "$n" "$work/points.csv" "${radii[@]}" <<'PY'
import json, math, random, sys
n, path, radii = int(sys.argv[1]), sys.argv[2], [float(r) * 1000 for r in sys.argv[3:]]
rnd = random.Random(20261123)
places = [f["geometry"]["coordinates"] for f in json.load(open("data/layers/population.geojson"))["features"]]
centres = [(3.3792, 6.5244), (-0.1870, 5.6037), (36.8219, -1.2921)]   # Lagos, Accra, Nairobi (lon, lat)
drawn = []   # positions as written, so that a copy is the same text and the same double everywhere
with open(path, "w") as f:
    f.write("id,lat,lon\n")
    for i in range(n):
        u = rnd.random()
        if u < 0.01 and drawn:
            lon, lat = rnd.choice(drawn)                 # same position (same text) as an earlier row, another id
            drawn.append((lon, lat))
            f.write(f"q{i},{lat},{lon}\n")
            continue
        elif u < 0.02:
            lon, lat = rnd.choice(places)                # on a populated place: distance 0
        elif u < 0.03 and drawn:
            # due north of an earlier row or a populated place, at r(1 + 2e-9) of a radius on Maps'
            # sphere: just outside for Maps, just inside on PostGIS's smaller sphere (in the band)
            lon, lat = rnd.choice(drawn) if u < 0.025 else rnd.choice(places)
            lat = float(lat)
            lat += math.degrees(rnd.choice(radii) * (1 + 2e-9) / 6371008.8) * (1 if lat < 80 else -1)
            drawn.append((f"{float(lon):.6f}", repr(lat)))
            f.write(f"q{i},{lat!r},{float(lon):.6f}\n")
            continue
        elif u < 0.23:
            clon, clat = rnd.choice(centres)             # a city cluster, about 4 km standard deviation
            lat = clat + rnd.gauss(0, 4 / 111.2)
            lon = clon + rnd.gauss(0, 4 / (111.2 * math.cos(math.radians(clat))))
        elif rnd.random() < 0.9:
            lat, lon = rnd.uniform(3, 28), rnd.uniform(-26, 16)
        else:
            lat, lon = rnd.uniform(-89.9, 89.9), rnd.uniform(-180, 180)
        lon, lat = f"{float(lon):.6f}", f"{float(lat):.6f}"
        drawn.append((lon, lat))
        f.write(f"q{i},{lat},{lon}\n")
PY
"${psql[@]}" <<SQL
create table pts (id text primary key, lat float8, lon float8);
\\copy pts from '$work/points.csv' csv header
create table ptsg as select id, geography(st_setsrid(st_makepoint(lon, lat), 4326)) as g from pts;
create index on ptsg using gist (g);
analyze ptsg;
SQL

# Runs a query in 2 sessions (half of the points each) into $2.csv; prints the wall time in ms.
parallel2() {
  local start a b rc=0; start=$(date +%s%N)
  "${psql[@]}" -F, -c "copy ($1 where hashtext(p.id) % 2 = 0) to stdout with csv" > "$work/$2-0.csv" & a=$!
  "${psql[@]}" -F, -c "copy ($1 where hashtext(p.id) % 2 <> 0) to stdout with csv" > "$work/$2-1.csv" & b=$!
  wait $a || rc=1; wait $b || rc=1
  [ $rc = 0 ] || return 1
  cat "$work/$2-0.csv" "$work/$2-1.csv" > "$work/$2.csv"
  echo $(( ($(date +%s%N) - start) / 1000000 ))
}
nearest_in() {  # nearest feature of table $1 to each point: id, collection, feature id, metres
  echo "select p.id, b.collection, b.id, b.d from ptsg p cross join lateral (
  select c.collection, c.id, st_distance(c.g, p.g, false) as d
  from (select collection, id, g from $1 order by g <-> p.g limit 16) c
  order by d, c.collection, c.id limit 1) b"
}
postgis_ms=$(parallel2 "$(nearest_in backbone)" postgis)
fibre_ms=$(parallel2 "$(nearest_in fibre)" fibre)

# Range: counts and sums by ST_DWithin, one index search per point and source at the largest radius.
rmax=$(printf '%s\n' "${radii[@]}" | sort -g | tail -1)
school_cols= pop_cols= band_cols=
for r in "${radii[@]}"; do
  m=$((r * 1000))
  school_cols+="${school_cols:+, }count(*) filter (where st_dwithin(p.g, b.g, $m, false))"
  pop_cols+="${pop_cols:+, }coalesce(sum(b.w) filter (where st_dwithin(p.g, b.g, $m, false)), 0)"
  # per radius: schools surely inside (d < r(1-band)) and inside or in the band (d <= r(1+band));
  # populated places the same, then their population sums
  lo="d < $m * (1 - $band)" hi="d <= $m * (1 + $band)"
  band_cols+="${band_cols:+, }count(*) filter (where school and $lo), count(*) filter (where school and $hi)"
  band_cols+=", count(*) filter (where not school and $lo), count(*) filter (where not school and $hi)"
  band_cols+=", coalesce(sum(w) filter (where not school and $lo), 0), coalesce(sum(w) filter (where not school and $hi), 0)"
done
range_query="select p.id, s.*, q.* from ptsg p
  cross join lateral (select $school_cols from ptsg b where st_dwithin(p.g, b.g, $((rmax * 1000)), false)) s
  cross join lateral (select $pop_cols from pop b where st_dwithin(p.g, b.g, $((rmax * 1000)), false)) q"
range_ms=$(parallel2 "$range_query" range)
# The tolerance band, not timed: every pair out to rmax(1+band) with its ST_Distance.
band_query="select p.id, x.* from ptsg p cross join lateral (select $band_cols from (
    select true as school, st_distance(p.g, b.g, false) as d, 0::bigint as w from ptsg b where st_dwithin(p.g, b.g, $((rmax * 1000)) * (1 + $band), false)
    union all select false, st_distance(p.g, b.g, false), b.w from pop b where st_dwithin(p.g, b.g, $((rmax * 1000)) * (1 + $band), false)) y) x"
parallel2 "$band_query" band >/dev/null

# Maps answers over HTTP.
dotnet build functions/Maps.Functions -c Release -nologo -v quiet >/dev/null
hport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
dotnet functions/Maps.Functions/bin/Release/net10.0/Maps.Functions.dll --urls "http://127.0.0.1:$hport" >/dev/null 2>&1 &
handler_pid=$!
until curl -sf -o /dev/null "http://127.0.0.1:$hport/api/collections"; do sleep 0.05; done
maps_post() {  # POST the points to $1, answer into $2; prints the wall time in ms of the second of two runs
  curl -sf -o /dev/null -X POST -H 'Content-Type: text/csv' --data-binary @"$work/points.csv" "http://127.0.0.1:$hport/api/analysis/$1"  # warm-up
  local start; start=$(date +%s%N)
  curl -sf -X POST -H 'Content-Type: text/csv' --data-binary @"$work/points.csv" "http://127.0.0.1:$hport/api/analysis/$1" -o "$2"
  echo $(( ($(date +%s%N) - start) / 1000000 ))
}
maps_ms=$(maps_post "nearest?to=fibre-links,transmission-nodes" "$work/maps.csv")
columns=$( (printf 'schools_within_%skm\n' "${radii[@]}"; printf 'pop_within_%skm\n' "${radii[@]}"; echo fiber_node_distance; echo fiber_node_id) | paste -sd,)
profile_ms=$(maps_post "profile?radii=$(IFS=,; echo "${radii[*]}")&columns=$columns" "$work/profile.csv")

python3 - "$work" "$n" "$postgis_ms" "$maps_ms" "$fibre_ms" "$range_ms" "$profile_ms" "$band" "${radii[@]}" <<'PY'
import csv, sys
work, n = sys.argv[1], int(sys.argv[2])
postgis_ms, maps_ms, fibre_ms, range_ms, profile_ms = (int(v) for v in sys.argv[3:8])
band, radii = float(sys.argv[8]), sys.argv[9:]
failed = False

def nearest_check(name, pg, maps):
    """Same criteria as ever: distance within 1e-6 relative or 1 m; the feature may differ only then."""
    global failed
    worst_abs = worst_rel = 0.0
    different = bad = 0
    for pid, (pc, pf, pd) in pg.items():
        if pid not in maps:
            continue
        mc, mf, md = maps[pid]
        diff = abs(md - pd)
        worst_abs, worst_rel = max(worst_abs, diff), max(worst_rel, diff / pd if pd > 0 else 0)
        different += (mf, mc or pc) != (pf, pc)
        if diff > max(1.0, 1e-6 * pd):
            bad += 1
            print(f"MISMATCH {name} {pid}: PostGIS {pc}/{pf} {pd:.3f} m, Maps {mc or '?'}/{mf} {md:.3f} m")
    missing = len(pg) != n or any(pid not in maps for pid in pg)
    failed |= bad > 0 or missing
    print(f"{name}: points {len(pg)} of {n}; distance disagreements beyond 1e-6 relative or 1 m: {bad}; "
          f"different feature: {different} (all within tolerance when distances agree); "
          f"worst difference {worst_abs:.6f} m, {worst_rel:.3e} relative")

def read_pg(path):
    return {row[0]: (row[1], row[2], float(row[3])) for row in csv.reader(open(path))}

# 1. nearest backbone, every status
pg_any = read_pg(f"{work}/postgis.csv")
maps = {r["id"]: (r["nearest_collection"], r["nearest_id"], float(r["distance_km"]) * 1000) for r in csv.DictReader(open(f"{work}/maps.csv", newline=""))}
nearest_check("nearest", pg_any, maps)

# 2. the profile's fibre columns (no collection column: only the id is compared)
profile = {r["id"]: r for r in csv.DictReader(open(f"{work}/profile.csv", newline=""))}
errors = [pid for pid, r in profile.items() if r.get("error")]
if errors or len(profile) != n:
    failed = True
    print(f"PROFILE: {len(profile)} rows of {n}, {len(errors)} with an error, e.g. {errors[:3]}")
fibre = {pid: ("", r["fiber_node_id"], float(r["fiber_node_distance"]) * 1000) for pid, r in profile.items() if r["fiber_node_distance"]}
nearest_check("fiber_node_distance", read_pg(f"{work}/fibre.csv"), fibre)
nearer = [pid for pid, (_, _, d) in fibre.items() if d < pg_any[pid][2] - max(1.0, 1e-6 * pg_any[pid][2])]
failed |= bool(nearer)
print(f"fiber_node_distance nearer than the nearest check's any-status, any-infrastructure answer: {len(nearer)} {nearer[:3]}")

# 3. range: schools_within and pop_within per radius
k = len(radii)
pg_range = {row[0]: [float(v) for v in row[1:]] for row in csv.reader(open(f"{work}/range.csv"))}
pg_band = {row[0]: [float(v) for v in row[1:]] for row in csv.reader(open(f"{work}/band.csv"))}
print(f"range: rows compared {sum(1 for pid in pg_range if pid in profile)} of {n}; radii {','.join(radii)} km; "
      f"band: pairs within {band:g} relative of r may be counted either way")
for j, r in enumerate(radii):
    # band columns per radius: schools lo, hi; population lo, hi, weight lo, weight hi
    for name, value, b_lo, b_hi, col in (("schools_within", j, 6 * j, 6 * j + 1, f"schools_within_{r}km"),
                                          ("pop_within", k + j, 6 * j + 4, 6 * j + 5, f"pop_within_{r}km")):
        differ = lower = outside = band_pairs = 0
        total = 0.0
        for pid, pgv in pg_range.items():
            if pid not in profile:
                continue
            expected, bands, got = pgv[value], pg_band[pid], float(profile[pid][col])
            lo, hi = bands[b_lo], bands[b_hi]
            pairs = bands[6 * j + 1] - bands[6 * j] if name == "schools_within" else bands[6 * j + 3] - bands[6 * j + 2]
            band_pairs += pairs
            total += expected
            if got != expected:
                differ += 1
                lower += got < expected
                if not lo <= got <= hi:
                    outside += 1
                    if outside <= 5:
                        print(f"  MISMATCH {col} {pid}: PostGIS {expected:g}, Maps {got:g} (band allows {lo:g}..{hi:g})")
        failed |= outside > 0
        print(f"  {col:>20}: rows disagreeing {differ} (Maps lower in {lower}), outside the band {outside}; "
              f"pairs in the band {band_pairs:g}; PostGIS mean {total / max(len(pg_range), 1):,.2f}")

print(f"PostGIS nearest (2 sessions, GiST <-> then ST_Distance sphere): {postgis_ms} ms -> {n / max(postgis_ms, 1) * 1000:,.0f} points/s")
print(f"Maps nearest (POST CSV over HTTP, both cores): {maps_ms} ms -> {n / max(maps_ms, 1) * 1000:,.0f} points/s; ratio {postgis_ms / max(maps_ms, 1):.1f}x")
print(f"PostGIS profile equivalent (2 sessions): fibre nearest {fibre_ms} ms + ST_DWithin schools and population at {','.join(radii)} km {range_ms} ms = {fibre_ms + range_ms} ms")
print(f"Maps profile (POST CSV over HTTP: both passes, request-schools index, fibre, ranges): {profile_ms} ms -> {n / max(profile_ms, 1) * 1000:,.0f} rows/s; "
      f"ratio {(fibre_ms + range_ms) / max(profile_ms, 1):.1f}x (range alone in PostGIS: {range_ms / max(profile_ms, 1):.1f}x)")
sys.exit(1 if failed else 0)
PY
