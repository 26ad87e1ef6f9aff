#!/usr/bin/env bash
# What the Functions host costs, measured in one run against standalone (loopback only, bounded):
#   1. start: process start -> first 200 on /api/collections, standalone and through the host (median of N);
#   2. items (limit=100): wrk, 16 connections, S seconds each, req/s and p50/p99, standalone and through the host;
#   3. POST nearest with 1,000,000 CSV rows: standalone, through the host chunked, and through the host with
#      Content-Length; seconds to the first and the last byte, and the peak resident memory (VmHWM, reset
#      after a warm-up) of the host and of the worker.
# Uses the shared Functions host (../shared/functions-host/run-host.sh beside the checkout, or
# MAPS_FUNCTIONS_HOST); installs wrk from Debian when missing.
# Usage: scripts/host-bench.sh [start-runs=5] [wrk-seconds=20]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
seconds=${2:-20}
repo=$PWD
run_host=${MAPS_FUNCTIONS_HOST:-$repo/../shared/functions-host/run-host.sh}
[ -x "$run_host" ] || { echo "host-bench.sh: no Functions host at $run_host (set MAPS_FUNCTIONS_HOST)" >&2; exit 2; }
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
dotnet build functions/Maps.Functions -c Release -nologo -v quiet >/dev/null
app=$repo/functions/Maps.Functions/bin/Release/net10.0
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
export FUNCTIONS_HOST_DIR=$repo/.tools/functions-host FUNCTIONS_SECRETS_PATH=$work/secrets AzureWebJobsDisableHomepage=true
export Logging__LogLevel__Default=Warning
mkdir -p "$FUNCTIONS_SECRETS_PATH"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# start MODE PORT: starts Maps, echoes its pid
start() {
  if [ "$1" = standalone ]; then
    dotnet "$app/Maps.Functions.dll" --urls "http://127.0.0.1:$2" >"$work/$1.log" 2>&1 &
  else
    "$run_host" "$app" dotnet-isolated "$2" >"$work/$1.log" 2>&1 &
  fi
  echo $!
}
wait_ready() {
  until [ "$(curl -s -o /dev/null -m 5 -w '%{http_code}' "http://127.0.0.1:$2/api/collections")" = 200 ]; do
    kill -0 "$1" 2>/dev/null || { echo "Maps exited; log:" >&2; cat "$work"/*.log >&2; exit 1; }
    sleep 0.01
  done
}
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
worker_of() { pgrep -P "$1" -f Maps.Functions.dll | head -1 || true; }
hwm_mb() { [ -n "$1" ] && awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$1/status" 2>/dev/null || echo "-"; }
reset_hwm() { for p in "$@"; do [ -n "$p" ] && echo 5 > "/proc/$p/clear_refs" 2>/dev/null || true; done; }

# Unpack the host once, outside the timings.
port=$(free_port); pid=$(start host "$port"); pids+=("$pid"); wait_ready "$pid" "$port"; stop "$pid"

echo "== 1. start -> first 200 on /api/collections (ms, $runs runs each)"
for mode in standalone host; do
  times=()
  for ((i = 1; i <= runs; i++)); do
    port=$(free_port); t0=$(now_ms); pid=$(start $mode "$port"); pids+=("$pid"); wait_ready "$pid" "$port"
    times+=($(( $(now_ms) - t0 ))); stop "$pid"
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$mode: ${times[*]}  median $median"
done

python3 - "$work/schools.csv" <<'PY'
import random, sys
r = random.Random(7)
with open(sys.argv[1], "w") as f:
    f.write("id,lat,lon\n")
    for i in range(1_000_000):
        f.write(f"s{i},{r.random() * 20 + 4:.5f},{r.random() * 30 - 15:.5f}\n")
PY
head -20001 "$work/schools.csv" > "$work/warmup.csv"
query="/api/analysis/nearest?to=fibre-links&status=operational"

echo "== 2. wrk -t2 -c16 -d${seconds}s: items (limit=100), and /api/conformance (a 400-byte constant: the per-request floor)"
declare -A rps
for mode in standalone host; do
  port=$(free_port); pid=$(start $mode "$port"); pids+=("$pid"); wait_ready "$pid" "$port"
  for route in items conformance; do
    url="http://127.0.0.1:$port/api/collections/transmission-nodes/items?limit=100"
    [ $route = conformance ] && url="http://127.0.0.1:$port/api/conformance"
    wrk -t2 -c16 -d5s "$url" >/dev/null
    out=$(wrk -t2 -c16 -d"${seconds}s" --latency "$url")
    rps[$mode-$route]=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    echo "$mode $route: ${rps[$mode-$route]} req/s, p50 $(echo "$out" | awk '$1=="50%" {print $2}'), p99 $(echo "$out" | awk '$1=="99%" {print $2}'), non-2xx $(echo "$out" | awk '/Non-2xx/ {print $NF}' | grep . || echo 0)"
  done
  stop "$pid"
done
for route in items conformance; do
  python3 -c "import sys; s, h = float(sys.argv[1]), float(sys.argv[2]); print(f'{sys.argv[3]}: standalone / host = {s / h:.1f}x')" "${rps[standalone-$route]}" "${rps[host-$route]}" $route
done

echo "== 3. POST nearest, 1,000,000 rows ($(( $(stat -c %s "$work/schools.csv") / 1000000 )) MB CSV)"
for run in standalone:length host:chunked host:length; do
  mode=${run%%:*}; body=${run##*:}
  port=$(free_port); pid=$(start $mode "$port"); pids+=("$pid"); wait_ready "$pid" "$port"
  headers=(-H 'Content-Type: text/csv')
  [ "$body" = chunked ] && headers+=(-H 'Transfer-Encoding: chunked')
  curl -s -o /dev/null "${headers[@]}" --data-binary @"$work/warmup.csv" "http://127.0.0.1:$port$query"
  worker=$([ $mode = host ] && worker_of "$pid" || echo "")
  reset_hwm "$pid" "$worker"
  read -r code first total bytes < <(curl -s -o /dev/null "${headers[@]}" --data-binary @"$work/schools.csv" \
    -w '%{http_code} %{time_starttransfer} %{time_total} %{size_download}\n' "http://127.0.0.1:$port$query")
  if [ $mode = host ]; then mem="host peak $(hwm_mb "$pid") MB, worker peak $(hwm_mb "$worker") MB"; else mem="process peak $(hwm_mb "$pid") MB"; fi
  echo "$mode ($body): HTTP $code, first byte ${first} s, all ${total} s, $(( bytes / 1000000 )) MB answered; $mem"
  stop "$pid"
done
