// How Maps draws its collections, shared by the viewer (app.js) and the maps of the HTML pages
// (page-map.js): the country outlines underneath, one colour per collection, line status by dash,
// point status by fill. Pure style: no DOM, no requests.

/** One colour per collection; the legend shows the same. Exact values are relied on by tests (fibre-links). */
export const COLLECTION_COLOURS = {
  'fibre-links': '#d6336c',
  'transmission-nodes': '#7048e8',
  'microwave-links': '#f08c00',
  'submarine-cables': '#1971c2',
  'smart-cables': '#0ca678',
  'landing-points': '#15aabf',
  'earth-stations': '#5c940d',
  'ixps': '#343a40',
  'schools': '#e8a100',
  'mali-schools': '#e8a100',
  'giga-schools': '#d9480f',
  'cell-sites': '#1c7ed6',
  'population': '#868e96',
};
/** cell-sites: one colour per radio_type (2G/3G/4G/5G); anything else gets the collection colour. */
export const RADIO_COLOURS = { '2G': '#fab005', '3G': '#40c057', '4G': '#1c7ed6', '5G': '#e64980' }; // 5G pink, not purple: transmission nodes are purple
const FALLBACK_COLOURS = ['#a61e4d', '#364fc7', '#2b8a3e', '#e67700', '#5f3dc4'];

/** Below this zoom points are drawn under the lines (nodes would hide the fibre at a country's scale), from it above. */
export const POINTS_OVER_LINES_ZOOM = 8;
/** An empty layer that marks where lines start: the low-zoom point layers are inserted before it. */
export const LINES_ANCHOR = 'lines-anchor';

// MapLibre cannot drive line-dasharray from data in every version: one layer per status group.
const STATUS_GROUPS = [
  { suffix: 'operational', filter: ['!', ['in', ['coalesce', ['get', 'status'], ''], ['literal', ['planned', 'under-construction', 'unknown']]]], paint: {} },
  { suffix: 'planned', filter: ['in', ['get', 'status'], ['literal', ['planned', 'under-construction']]], paint: { 'line-dasharray': [3, 2] } },
  { suffix: 'unknown', filter: ['==', ['get', 'status'], 'unknown'], paint: { 'line-dasharray': [0.5, 1.5], 'line-opacity': 0.55 } },
];

export function colourOf(collectionId, index) {
  return COLLECTION_COLOURS[collectionId] ?? FALLBACK_COLOURS[index % FALLBACK_COLOURS.length];
}

export function isLine(geometryType) {
  return /LineString|Polygon/i.test(geometryType ?? '');
}

/** A point's fill: the collection colour, or for cell-sites a MapLibre match on radio_type. */
function pointFill(collectionId, colour) {
  if (collectionId !== 'cell-sites') return colour;
  return ['match', ['get', 'radio_type'], ...Object.entries(RADIO_COLOURS).flat(), colour];
}

/** Sea, the Natural Earth country outlines (countries.geojson beside this file), and the anchor the layers go above. */
export function baseStyle() {
  return {
    version: 8,
    sources: {
      countries: {
        type: 'geojson',
        data: new URL('countries.geojson', import.meta.url).href,
        attribution: 'Made with Natural Earth',
      },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#dbe7f0' } },
      { id: 'countries-fill', type: 'fill', source: 'countries', paint: { 'fill-color': '#f3f1ea' } },
      { id: 'countries-outline', type: 'line', source: 'countries', paint: { 'line-color': '#9a9a9a', 'line-width': 0.7 } },
      { id: LINES_ANCHOR, type: 'background', paint: { 'background-opacity': 0 } },
    ],
  };
}

/**
 * Adds the MapLibre layers of one collection from source <id> (vector tiles: source layer <id>, as
 * Maps' tiles name it; or a GeoJSON source) and returns their ids. Lines: one layer per status group. Points: circles, twice, split
 * at POINTS_OVER_LINES_ZOOM: under the lines below it (inserted before LINES_ANCHOR), on top from it.
 */
export function addCollectionLayers(map, collection, colour, { visible = true, vectorTiles = true } = {}) {
  const id = collection.id;
  const visibility = visible ? 'visible' : 'none';
  const from = vectorTiles ? { source: id, 'source-layer': id } : { source: id };
  const ids = [];
  if (isLine(collection.geometryType)) {
    for (const group of STATUS_GROUPS) {
      const layerId = `${id}--${group.suffix}`;
      map.addLayer({
        id: layerId, type: 'line', ...from, filter: group.filter,
        layout: { visibility, 'line-cap': group.suffix === 'operational' ? 'round' : 'butt', 'line-join': 'round' },
        paint: { 'line-color': colour, 'line-width': ['interpolate', ['linear'], ['zoom'], 2, 1.5, 8, 2.5, 12, 4], ...group.paint },
      });
      ids.push(layerId);
    }
    return ids;
  }
  // Status on points: operational filled, planned/under construction hollow, unknown faded.
  const hollow = ['in', ['coalesce', ['get', 'status'], ''], ['literal', ['planned', 'under-construction']]];
  const fill = pointFill(id, colour);
  // Cell sites are many and close together: smaller circles.
  const radius = id === 'cell-sites' ? ['interpolate', ['linear'], ['zoom'], 2, 1.5, 8, 3, 12, 5] : ['interpolate', ['linear'], ['zoom'], 2, 2, 8, 4, 12, 6];
  const paint = {
    'circle-radius': radius,
    'circle-color': ['case', hollow, '#ffffff', fill],
    'circle-stroke-color': ['case', hollow, fill, '#ffffff'],
    'circle-stroke-width': ['case', hollow, 1.5, 0.5],
    'circle-opacity': ['case', ['==', ['get', 'status'], 'unknown'], 0.5, 1],
    'circle-stroke-opacity': ['case', ['==', ['get', 'status'], 'unknown'], 0.5, 1],
  };
  const base = { type: 'circle', ...from, layout: { visibility }, paint };
  map.addLayer({ ...base, id: `${id}--points`, minzoom: POINTS_OVER_LINES_ZOOM });
  map.addLayer({ ...base, id: `${id}--points-low`, maxzoom: POINTS_OVER_LINES_ZOOM }, map.getLayer(LINES_ANCHOR) ? LINES_ANCHOR : undefined);
  ids.push(`${id}--points-low`, `${id}--points`);
  return ids;
}

/** A west, south, east, north box as MapLibre bounds [[w, s], [e, n]], or null; a box across ±180° (e < w) gets its east edge moved past 180. */
export function boxBounds(box) {
  if (!Array.isArray(box) || box.length < 4 || !box.every(Number.isFinite)) return null;
  const [w, s, e, n] = box;
  return [[w, s], [e < w ? e + 360 : e, n]];
}

/** The collection's extent (OGC extent.spatial.bbox) as MapLibre bounds, or null. */
export function collectionBounds(collection) {
  return boxBounds(collection.extent?.spatial?.bbox?.[0]);
}
