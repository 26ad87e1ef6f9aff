#!/usr/bin/env bash
# Measures cold start: process start -> first 200 on /api/collections, with the shipped layers.
# Usage: scripts/coldstart.sh [runs]   (default 5; prints each run and the median in ms)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
dotnet build functions/Maps.Functions -c Release -nologo -v quiet >/dev/null
dll=functions/Maps.Functions/bin/Release/net10.0/Maps.Functions.dll
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
times=()
for ((i = 1; i <= runs; i++)); do
  start=$(date +%s%N)
  FUNCTIONS_CUSTOMHANDLER_PORT=$port dotnet "$dll" >/dev/null 2>&1 &
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
