#!/usr/bin/env python3
"""Writes the viewer's country outlines, functions/Maps.Functions/wwwroot/viewer/countries.geojson,
from the shipped Natural Earth 50m boundaries (public domain, data/sources/country-boundaries).

The viewer has no basemap: these outlines are its only background. To keep the asset small
(~0.5 MB) each ring is simplified with Douglas-Peucker (tolerance below, in degrees: about 5 km
at the equator, two pixels at zoom 6) and rounded to 3 decimals; a ring that would collapse
(small islands) keeps its full outline instead. Rings that cross the antimeridian unsplit
(Russia, Fiji: an even number of ±180 jumps) are unwrapped to continuous longitudes (> 180),
which MapLibre's GeoJSON tiler wraps onto the map; Antarctica's pole-enclosing ring (one jump)
is kept as is. Properties kept: name, iso_a3. Deterministic: same input, same bytes.

    python3 scripts/viewer-countries.py
"""
import json
import math
import os

TOLERANCE_DEG = 0.05
DECIMALS = 3

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
source = os.path.join(root, "data", "sources", "country-boundaries", "worldatlas_50m_countries.geojson")
target = os.path.join(root, "functions", "Maps.Functions", "wwwroot", "viewer", "countries.geojson")


def simplify(points, tolerance):
    """Douglas-Peucker on planar lon/lat, iterative; keeps the first and last positions."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        ax, ay = points[first]
        bx, by = points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        best, index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                d = math.hypot(px - ax, py - ay)
            else:
                d = abs(dy * px - dx * py + bx * ay - by * ax) / length
            if d > best:
                best, index = d, i
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep) if k]


def unwrap(ring):
    jumps = sum(1 for a, b in zip(ring, ring[1:]) if abs(a[0] - b[0]) > 180)
    if jumps == 0 or jumps % 2:
        return ring
    return [[x + 360 if x < 0 else x, y] for x, y in ring]


def rounded(ring):
    out = []
    for x, y in ring:
        p = [round(x, DECIMALS), round(y, DECIMALS)]
        if not out or out[-1] != p:
            out.append(p)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out if len(out) >= 4 else None


def ring_out(ring):
    ring = unwrap(ring)
    # A small island that the tolerance would erase keeps its full outline instead.
    return rounded(simplify(ring, TOLERANCE_DEG)) or rounded(ring)


def polygon_out(rings):
    outer = ring_out(rings[0])
    if outer is None:
        return None
    return [outer] + [r for r in (ring_out(h) for h in rings[1:]) if r is not None]


with open(source, encoding="utf-8") as f:
    collection = json.load(f)

features = []
for feature in collection["features"]:
    geometry = feature["geometry"]
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    polygons = [p for p in (polygon_out(p) for p in polygons) if p is not None]
    if not polygons:
        continue
    props = feature["properties"]
    features.append({
        "type": "Feature",
        "properties": {"name": props.get("name"), "iso_a3": props.get("iso_a3")},
        "geometry": {"type": "MultiPolygon", "coordinates": polygons},
    })

os.makedirs(os.path.dirname(target), exist_ok=True)
with open(target, "w", encoding="utf-8", newline="\n") as f:
    json.dump({
        "type": "FeatureCollection",
        "attribution": "Made with Natural Earth (public domain), via world-atlas 2.0.2",
        "features": features,
    }, f, separators=(",", ":"), ensure_ascii=False)
    f.write("\n")
print(f"{target}: {len(features)} countries, {os.path.getsize(target)} bytes")
