-- Items pages only: bbox + limit=1000 and small pages, for the p99 goal on items (docs/architecture.md §8).
paths = {
  "/api/collections/fibre-links/items?bbox=-5,5,5,12&limit=1000",
  "/api/collections/fibre-links/items?limit=10",
  "/api/collections/schools/items?bbox=36.5,-1.5,37.0,-1.0&limit=1000",
  "/api/collections/transmission-nodes/items?limit=10&status=operational",
}
dofile("scripts/load/report.lua")
