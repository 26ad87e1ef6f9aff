-- Shared by the request mixes: cycles through `paths` and prints one summary line at the end.
-- Loaded with dofile() from a mix script; wrk runs from the repository root (scripts/loadtest.sh).
local counter = 0
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function done(summary, latency, requests)
  io.write(string.format("requests: %d, rps: %.0f, p50: %.2f ms, p99: %.2f ms, max: %.2f ms, socket errors: %d, non-2xx/3xx: %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))
end
