-- A request mix for wrk: item pages (small and bbox/limit 1000), vector tiles, and nearest-backbone
-- lookups when the analysis endpoint exists. Counts non-2xx/3xx answers per path kind.
local paths = {
  "/api/collections/fibre-links/items?limit=10",
  "/api/collections/transmission-nodes/items?limit=10&status=operational",
  "/api/collections/fibre-links/items?bbox=-5,5,5,12&limit=1000",
  "/api/collections/schools/items?bbox=36.5,-1.5,37.0,-1.0&limit=1000",
  "/api/tiles/fibre-links/6/31/30.mvt",
  "/api/tiles/fibre-links/5/15/15.mvt",
  "/api/tiles/transmission-nodes/7/63/61.mvt",
  "/api/analysis/nearest?lon=3.4&lat=6.5&to=fibre-links,transmission-nodes&status=operational",
  "/api/analysis/nearest?lon=-1.6&lat=12.4&to=fibre-links",
}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
local bad = 0
response = function(status, headers, body)
  if status >= 400 then bad = bad + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("requests: %d, rps: %.0f, p50: %.2f ms, p99: %.2f ms, max: %.2f ms, socket errors: %d, non-2xx/3xx: %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))
end
