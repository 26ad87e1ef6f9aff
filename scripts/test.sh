#!/usr/bin/env bash
# Runs every test of Maps on a fresh machine: installs what the tests need when it is missing
# (GDAL's command-line tools and Chromium from Debian; Azurite for tests/Maps.Storage.Tests and the
# viewer tests' playwright-core from npm), then runs the suite.
# Usage: scripts/test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

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

# Azurite (the Table Storage emulator) for tests/Maps.Storage.Tests, into .tools/ (git-ignored).
azurite_version=3.37.0
if [ ! -x .tools/node_modules/.bin/azurite-table ]; then
  echo "Installing azurite@$azurite_version into .tools/ ..."
  npm install --prefix "$PWD/.tools" --no-audit --no-fund --loglevel=error "azurite@$azurite_version" >/dev/null
fi

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
