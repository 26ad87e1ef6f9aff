-- Items pages only: bbox + limit=1000 and small pages, for the p99 goal on items (DESIGN §8).
local paths = {
  "/api/collections/fibre-links/items?bbox=-5,5,5,12&limit=1000",
  "/api/collections/fibre-links/items?limit=10",
  "/api/collections/schools/items?bbox=36.5,-1.5,37.0,-1.0&limit=1000",
  "/api/collections/transmission-nodes/items?limit=10&status=operational",
}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("requests: %d, rps: %.0f, p50: %.2f ms, p99: %.2f ms, max: %.2f ms, socket errors: %d, non-2xx/3xx: %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))
end
