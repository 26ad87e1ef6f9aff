#!/usr/bin/env bash
# Runs every test of Maps on a fresh machine: installs what the tests need when it is missing
# (GDAL's command-line tools and Chromium from Debian, and GDAL 3.10 from Debian trixie unpacked into
# .tools/; Azurite for the storage and end-to-end tests and the viewer tests' playwright-core from
# npm), then runs the suite. The end-to-end, viewer and
# deploy tests run the app through a real Azure Functions host: the project's shared build
# (../shared/functions-host beside the checkout, or MAPS_FUNCTIONS_HOST=<run-host.sh>), else Azure
# Functions Core Tools (`func`); with neither, this script stops before building and says so.
# Usage: scripts/test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

run_host=${MAPS_FUNCTIONS_HOST:-$PWD/../shared/functions-host/run-host.sh}
if [ ! -f "$run_host" ] && ! command -v func >/dev/null 2>&1; then
  echo "scripts/test.sh: no Azure Functions host for the end-to-end tests: expected $run_host" >&2
  echo "  (the project's shared host beside the checkout; or set MAPS_FUNCTIONS_HOST), or Azure Functions Core Tools v4 (func) on PATH." >&2
  exit 1
fi

need_apt=()
command -v ogrinfo >/dev/null 2>&1 || need_apt+=(gdal-bin)
command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)   # Maps.Viewer.Tests: no browser download, Debian's build
if ((${#need_apt[@]})); then
  echo "Installing ${need_apt[*]} from Debian packages..."
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# Azurite (the Table Storage emulator) for the storage and end-to-end tests, into .tools/ (git-ignored).
azurite_version=3.37.0
if [ ! -x .tools/node_modules/.bin/azurite-table ]; then
  echo "Installing azurite@$azurite_version into .tools/ ..."
  npm install --prefix "$PWD/.tools" --no-audit --no-fund --loglevel=error "azurite@$azurite_version" >/dev/null
fi

# GDAL 3.10 (Debian trixie's, unpacked into .tools/gdal-trixie beside the system's 3.6) for the
# OGC API – Tiles client tests: bookworm's GDAL 3.6 reads only the 1.0 encoding of tile matrix sets.
scripts/install-gdal-trixie.sh .tools/gdal-trixie >/dev/null

# playwright-core (pinned in package-lock.json) drives /usr/bin/chromium for Maps.Viewer.Tests.
viewer_browser=tests/Maps.Viewer.Tests/browser
if [ ! -d "$viewer_browser/node_modules/playwright-core" ]; then
  echo "Installing $viewer_browser npm packages..."
  (cd "$viewer_browser" && npm ci --no-audit --no-fund --loglevel=error)
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Maps.sln -c Release -nologo -v quiet
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test Maps.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log" || status=$?
# One closing line over every test project: "N passed, N failed, N skipped".
awk '/(Passed|Failed)! +- +Failed:/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i + 1));
         if ($i == "Failed:") f += $(i + 1); if ($i == "Passed:") p += $(i + 1); if ($i == "Skipped:") s += $(i + 1) } }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
