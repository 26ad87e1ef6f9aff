#!/usr/bin/env bash
# Runs every test of Maps on a fresh machine: installs what the tests need when it is missing
# (GDAL's command-line tools; Azurite for tests/Maps.Storage.Tests; Chromium once its tests exist), then runs the suite.
# Usage: scripts/test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v ogrinfo >/dev/null 2>&1 || need_apt+=(gdal-bin)
command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)
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
