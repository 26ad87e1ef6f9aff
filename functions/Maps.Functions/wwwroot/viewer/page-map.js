// The map on the HTML pages of the OGC API (collection, items, item), drawn as the viewer draws
// the layer (map-style.js). The page says what to draw in data attributes of #page-map:
//   data-collection, data-geometry-type   the collection and its geometry type
//   data-tilejson                         collection page: the layer's vector tiles (TileJSON URL)
//   data-features                         items and item pages: the JSON of this very page
//   data-bounds                           w,s,e,n to fit (the layer's extent, or the features')
//   data-also                             more layers over it, from their tiles: "id,geometryType,tilejson" each, space-separated
// Scripts are files, not inline, so the pages keep their Content-Security-Policy (script-src 'self').
// window.mapsPage = { map, ready, features } for tests: ready resolves at the map's first idle
// with the layer drawn; features is how many features the page's GeoJSON held (null for tiles).
import * as maplibregl from './vendor/maplibre-gl.mjs';
import { addCollectionLayers, baseStyle, boxBounds, colourOf } from './map-style.js';

const container = document.getElementById('page-map');
const page = { map: null, ready: null, features: null };
window.mapsPage = page;

async function sourceOf(data) {
  if (data.tilejson) return { source: { type: 'vector', url: new URL(data.tilejson, location.href).href, promoteId: 'id' }, vectorTiles: true };
  const response = await fetch(new URL(data.features, location.href), { headers: { Accept: 'application/geo+json' } });
  if (!response.ok) throw new Error(`${response.status} for the page's GeoJSON`);
  const json = await response.json();
  const collection = json.type === 'Feature' ? { type: 'FeatureCollection', features: [json] } : json;
  page.features = collection.features.length;
  return { source: { type: 'geojson', data: collection }, vectorTiles: false };
}

async function start() {
  const data = container.dataset;
  const fit = boxBounds((data.bounds ?? '').split(',').filter(Boolean).map(Number));
  const map = new maplibregl.Map({
    container,
    style: baseStyle(),
    bounds: fit ?? [[-180, -60], [180, 75]],
    fitBoundsOptions: { padding: 30, maxZoom: data.features ? 11 : 9 },
    attributionControl: { compact: true },
    cooperativeGestures: false,
  });
  page.map = map;
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left');
  const [{ source, vectorTiles }] = await Promise.all([sourceOf(data), new Promise((resolve) => map.once('load', resolve))]);
  const collection = { id: data.collection, geometryType: data.geometryType };
  map.addSource(collection.id, source);
  addCollectionLayers(map, collection, colourOf(collection.id, 0), { vectorTiles });
  (data.also ?? '').split(' ').filter(Boolean).forEach((entry, index) => {
    const [id, geometryType, tilejson] = entry.split(',');
    map.addSource(id, { type: 'vector', url: new URL(tilejson, location.href).href, promoteId: 'id' });
    addCollectionLayers(map, { id, geometryType }, colourOf(id, index + 1), { vectorTiles: true });
  });
  await new Promise((resolve) => map.once('idle', resolve));
}

page.ready = start();
page.ready.catch((error) => {
  console.error('The page map failed:', error);
  container.textContent = `The map could not be drawn: ${error.message}`;
});
