#!/usr/bin/env bash
# Assembles the Function App package (DESIGN §3): the self-contained linux-x64 handler at the
# package root, host.json beside it, one <Function>/function.json folder per route (written by the
# handler itself: `Maps.Functions generate-functions <dir>`), and the shipped layers in data/layers.
# Zips it with the Unix mode bits kept (the host must be able to exec ./Maps.Functions).
#
#   infra/publish.sh [zip-path]        default: artifacts/maps-functionapp.zip
#
# Environment: MAPS_PUBLISH_STAGING=<dir> stages there and keeps it (default: a temp dir, removed).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
zip_path="${1:-$repo/artifacts/maps-functionapp.zip}"
case "$zip_path" in /*) ;; *) zip_path="$PWD/$zip_path" ;; esac
executable="Maps.Functions"

work="$(mktemp -d)"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
if [[ -n "${MAPS_PUBLISH_STAGING:-}" ]]; then
    staging="$MAPS_PUBLISH_STAGING"
    rm -rf "$staging"
    mkdir -p "$staging"
else
    staging="$work/package"
fi

fail() { echo "publish.sh: $*" >&2; exit 1; }

[[ -f "$repo/host.json" ]] || fail "no host.json at the repository root"
[[ -d "$repo/data/layers" ]] || fail "no data/layers folder: the package ships the normalised layers"

# A separate artifacts path keeps this Release/linux-x64 build out of the working tree's bin/obj,
# so it can run beside a developer's (or the test run's) Debug build.
echo "publish.sh: dotnet publish (Release, linux-x64, self-contained, ReadyToRun)" >&2
dotnet publish "$repo/functions/Maps.Functions/Maps.Functions.csproj" \
    -c Release -r linux-x64 --self-contained true \
    -p:PublishReadyToRun=true \
    --artifacts-path "$work/build" \
    -o "$staging" \
    --nologo --verbosity quiet >&2

[[ -x "$staging/$executable" ]] || fail "dotnet publish produced no executable $staging/$executable"

cp "$repo/host.json" "$staging/host.json"
mkdir -p "$staging/data"
cp -R "$repo/data/layers" "$staging/data/layers"

# One source of truth for the routes: the handler writes its own function.json set. Bounded, and
# on an ephemeral port, in case a handler without the verb ignores it and starts serving instead.
echo "publish.sh: $executable generate-functions" >&2
if ! (cd "$staging" && ASPNETCORE_URLS="http://127.0.0.1:0" timeout 60 "./$executable" generate-functions "$staging" >&2); then
    fail "'$executable generate-functions <dir>' failed or is missing (the handler must write <dir>/<Function>/function.json for every route)"
fi
shopt -s nullglob
functions=("$staging"/*/function.json)
shopt -u nullglob
(( ${#functions[@]} > 0 )) || fail "'$executable generate-functions' wrote no <Function>/function.json"
echo "publish.sh: ${#functions[@]} functions" >&2

mkdir -p "$(dirname "$zip_path")"
rm -f "$zip_path"
# python3's zipfile, so every entry carries its Unix mode (external_attr high 16 bits), and the
# order and timestamps do not depend on the file system.
python3 - "$staging" "$zip_path" <<'PY'
import os, stat, sys, zipfile
root, out = sys.argv[1], sys.argv[2]
entries = []
for dirpath, dirnames, filenames in os.walk(root):
    dirnames.sort()
    for name in sorted(filenames):
        full = os.path.join(dirpath, name)
        entries.append((os.path.relpath(full, root).replace(os.sep, "/"), full))
with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as z:
    for arcname, full in entries:
        mode = stat.S_IMODE(os.stat(full).st_mode)
        info = zipfile.ZipInfo(arcname, date_time=(2020, 1, 1, 0, 0, 0))
        info.create_system = 3  # Unix, so external_attr holds the mode
        info.external_attr = (stat.S_IFREG | mode) << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        with open(full, "rb") as f:
            z.writestr(info, f.read())
PY

size="$(stat -c %s "$zip_path")"
echo "publish.sh: wrote $zip_path ($((size / 1024 / 1024)) MiB, $size bytes)"
