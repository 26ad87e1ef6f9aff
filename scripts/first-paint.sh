#!/usr/bin/env bash
# Measures first paint of the viewer and of a collection page with a map in headless Chromium on
# loopback, against the home page (no map) measured in the same run: the Release build standalone on
# the shipped data, each run a fresh browser profile.
# Needs what scripts/test.sh installs (Chromium, the viewer tests' playwright-core).
# Usage: scripts/first-paint.sh [runs=5]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
dotnet build functions/Maps.Functions -c Release -nologo -v quiet >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
dotnet functions/Maps.Functions/bin/Release/net10.0/Maps.Functions.dll --urls "http://127.0.0.1:$port" >/dev/null 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
root="http://127.0.0.1:$port/api"
deadline=$((SECONDS + 120))
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$root/collections")" = "200" ]; do
  kill -0 "$pid" 2>/dev/null || { echo "the API exited" >&2; exit 1; }
  [ "$SECONDS" -lt "$deadline" ] || { echo "the API did not answer within 120 s" >&2; exit 1; }
  sleep 0.1
done
cd tests/Maps.Viewer.Tests/browser
node first-paint.mjs "$runs" "home page (no map)=$root?f=html" "viewer=$root/viewer#6/9/-1" "collection page (fibre-links)=$root/collections/fibre-links?f=html" \
  "items page (100 nodes)=$root/collections/transmission-nodes/items?country=GHA&f=html"
