-- A request mix: item pages (small and bbox/limit 1000), vector tiles and nearest-backbone lookups.
paths = {
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
dofile("scripts/load/report.lua")
