#!/usr/bin/env bash
# Load test on loopback only, bounded in time: starts the Release handler on a free 127.0.0.1 port,
# runs wrk (Debian package) with 64 connections for the given seconds over a request mix, and
# reports requests/s, p50/p99, errors and the handler's memory before and after.
# Usage: scripts/loadtest.sh [seconds=60] [mix|items]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
mix=${2:-mix}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
dotnet build functions/Maps.Functions -c Release -nologo -v quiet >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
dotnet functions/Maps.Functions/bin/Release/net10.0/Maps.Functions.dll --urls "http://127.0.0.1:$port" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$port/api/collections"; do sleep 0.05; done
rss() { awk '/VmRSS/ {print $2/1024 " MiB"}' /proc/$pid/status; }
# Warm up (JIT, tile projections) so the run measures the steady state.
wrk -t2 -c16 -d5s -s "scripts/load/$mix.lua" "http://127.0.0.1:$port" >/dev/null
echo "memory before: $(rss)"
wrk -t2 -c64 -d"${seconds}s" --latency -s "scripts/load/$mix.lua" "http://127.0.0.1:$port" | tail -1
echo "memory after:  $(rss) (peak $(awk '/VmHWM/ {print $2/1024 " MiB"}' /proc/$pid/status))"
