#!/usr/bin/env bash
# Copies MapLibre GL JS (pinned below) from its npm package into the viewer's vendor folder,
# functions/Maps.Functions/wwwroot/viewer/vendor/. The copied files are committed, so a fresh
# machine runs `dotnet run --project functions/Maps.Functions` with no npm step, and the viewer
# works offline (no CDN). Run this only to change the version; commit the result.
#
# Copied: the ES module build (maplibre-gl.mjs), its module worker (maplibre-gl-worker.mjs,
# loaded by the library from beside itself: same origin, no blob: or eval, so the page's strict
# CSP holds), the stylesheet and the licence. Not copied: source maps, dev builds, types.
#
#   scripts/vendor-viewer.sh
set -euo pipefail

MAPLIBRE_VERSION="6.17.0"

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
vendor="$repo/functions/Maps.Functions/wwwroot/viewer/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "maplibre-gl@$MAPLIBRE_VERSION" >/dev/null)
tar -xzf "$work/maplibre-gl-$MAPLIBRE_VERSION.tgz" -C "$work"

rm -rf "$vendor"
mkdir -p "$vendor"
for file in maplibre-gl.mjs maplibre-gl-worker.mjs maplibre-gl.css; do
    # Drop the sourceMappingURL comment: the maps are not shipped, and a browser would ask for them.
    sed -e '/^\/\/# sourceMappingURL=/d' -e 's#/\*\# sourceMappingURL=[^*]*\*/##' \
        "$work/package/dist/$file" > "$vendor/$file"
done
cp "$work/package/LICENSE.txt" "$vendor/LICENSE.txt"
echo "maplibre-gl $MAPLIBRE_VERSION (npm), copied by scripts/vendor-viewer.sh" > "$vendor/VERSION"
ls -l "$vendor"
