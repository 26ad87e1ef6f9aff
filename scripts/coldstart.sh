#!/usr/bin/env bash
# Measures cold start: process start -> first 200 on /api/collections, with the shipped layers.
# Usage: scripts/coldstart.sh [runs=5] [--published]
#   default:      the Release build run with `dotnet Maps.Functions.dll` (JIT), as `dotnet run` does
#   --published:  the framework-dependent ReadyToRun linux-x64 build that infra/publish.sh packages for Azure
# Standalone only; scripts/host-bench.sh measures the start through the Functions host.
# Prints each run and the median in ms.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
mode=${2:-}
if [ "$mode" = "--published" ]; then
  out=artifacts/coldstart
  dotnet publish functions/Maps.Functions -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
    -o "$out" -nologo -v quiet >/dev/null
  rm -rf "$out/data" && mkdir -p "$out/data" && cp -r data/layers "$out/data/"
  start_cmd=(dotnet ./Maps.Functions.dll)
  workdir=$out
else
  dotnet build functions/Maps.Functions -c Release -nologo -v quiet >/dev/null
  start_cmd=(dotnet "$PWD/functions/Maps.Functions/bin/Release/net10.0/Maps.Functions.dll")
  workdir=$PWD
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
times=()
for ((i = 1; i <= runs; i++)); do
  start=$(date +%s%N)
  (cd "$workdir" && exec "${start_cmd[@]}" --urls "http://127.0.0.1:$port") >/dev/null 2>&1 &
  pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/collections")" = "200" ]; do
    kill -0 "$pid" 2>/dev/null || { echo "handler exited" >&2; exit 1; }
    sleep 0.005
  done
  end=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  ms=$(( (end - start) / 1000000 ))
  times+=("$ms")
  echo "run $i: $ms ms"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "median cold start: $median ms"
