#!/usr/bin/env bash
# Rebuilds the CQL2 test dataset (OGC 21-065r2 Annex A) as GeoJSON from the standard's GeoPackage:
#   bash tests/cql2/data/make.sh <path to ne110m4cql2.gpkg>
# The GeoPackage is cql2/standard/data/ne110m4cql2.gpkg of github.com/opengeospatial/ogcapi-features.
# Coordinates keep 15 decimals (S_TOUCHES tests use exact vertices). Each feature gets its GeoPackage fid as its id, and the timestamps, stored without a zone, get the
# 'Z' that CQL2's TIMESTAMP literals carry (the standard defines every timestamp as UTC).
set -euo pipefail
gpkg=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for layer in ne_110m_admin_0_countries ne_110m_populated_places_simple ne_110m_rivers_lake_centerlines; do
  ogr2ogr -f GeoJSON -lco RFC7946=YES -lco COORDINATE_PRECISION=15 -lco WRITE_NAME=NO -sql "SELECT fid AS _fid, * FROM $layer" "$tmp/$layer.geojson" "$gpkg"
  python3 - "$tmp/$layer.geojson" "$here/$layer.geojson" <<'PY'
import json, re, sys
data = json.load(open(sys.argv[1]))
for feature in data["features"]:
    properties = feature["properties"]
    feature["id"] = str(properties.pop("_fid"))
    for key, value in properties.items():
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?", value):
            properties[key] = value + "Z"
with open(sys.argv[2], "w") as out:
    out.write('{"type":"FeatureCollection","features":[\n')
    out.write(",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in data["features"]))
    out.write("\n]}\n")
PY
done
