// The Maps viewer: every collection as vector tiles over Natural Earth country outlines, a
// legend that toggles layers, feature popups, and a planner mode that asks the API for the
// nearest operational backbone and the school connectivity profile of a clicked point, and for
// the profile of every row of a CSV of schools, coloured by any profile column. No basemap, no
// CDN: MapLibre GL JS is vendored beside this file. Data never goes through innerHTML: text is
// set with textContent, so feature properties cannot inject markup.
//
// For tests and scripts, window.mapsViewer exposes { map, ready, lastClick, lastNearest,
// lastProfile, lastSchools, schoolsAnswer, schoolsColour }: ready resolves once the map has drawn
// every visible layer for the first time.
import * as maplibregl from './vendor/maplibre-gl.mjs';
import { RADIO_COLOURS, addCollectionLayers, baseStyle, collectionBounds, colourOf, isLine } from './map-style.js';

const apiRoot = new URL('../', import.meta.url); // .../api/
const api = (path) => new URL(path, apiRoot).href;

// Dense point layers (tens of thousands of points per country) start off so the backbone stays readable.
const HIDDEN_BY_DEFAULT = new Set(['schools', 'mali-schools', 'giga-schools', 'population', 'cell-sites']);
/** Bottom first; lines sort before points, and points go under the lines at low zooms (map-style.js). */
const DRAW_ORDER = ['submarine-cables', 'smart-cables', 'microwave-links', 'fibre-links',
  'population', 'schools', 'mali-schools', 'giga-schools', 'cell-sites', 'landing-points', 'earth-stations', 'ixps', 'transmission-nodes'];
const NEAREST_TARGETS = 'fibre-links,transmission-nodes';
/** The shipped school collection the "try the sample" button profiles: the one the shipped backbone covers. */
const SAMPLE_SCHOOLS = 'mali-schools';
/** How far above the connector's middle the distance label's bottom sits, in CSS pixels. */
const LABEL_LIFT_PX = 10;
const DISTANCE_BANDS = [
  { label: '≤ 10 km', max: 10, colour: '#2b8a3e' },
  { label: '≤ 25 km', max: 25, colour: '#94d82d' },
  { label: '≤ 50 km', max: 50, colour: '#f08c00' },
  { label: '> 50 km', max: Infinity, colour: '#c92a2a' },
];
const NO_ANSWER_COLOUR = '#adb5bd';
/** The ITU bands of the distance to fibre, named as the profile's proximity column names them. */
const PROXIMITY_BANDS = [
  { label: 'within 10km', colour: '#2b8a3e' },
  { label: '10-25km', colour: '#94d82d' },
  { label: '25-50km', colour: '#f08c00' },
  { label: '50-100km', colour: '#e8590c' },
  { label: '>100km', colour: '#c92a2a' },
];
/** Sequential ramp for counts and population, low to high (ColorBrewer YlGnBu, 5 classes). */
const COUNT_RAMP = ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'];
const PROFILE_NOTES_HEADER = 'Maps-Profile-Notes';
/** The nearest-feature columns of the profile, by column prefix: the panel's row name and the colour-by label. */
const PROFILE_ROLES = {
  fiber_node: ['Fibre', 'fibre'],
  microwave_node: ['Microwave', 'microwave'],
  nearest_NR: ['5G (NR)', '5G (NR) cell site'],
  nearest_LTE: ['4G (LTE)', '4G (LTE) cell site'],
  nearest_UMTS: ['3G (UMTS)', '3G (UMTS) cell site'],
  nearest_GSM: ['2G (GSM)', '2G (GSM) cell site'],
};

const viewer = {
  map: null,
  ready: null,
  collections: [],
  layerIds: new Map(), // collection id -> MapLibre layer ids
  lastClick: null,
  lastNearest: null,
  lastProfile: null, // { click, properties, notes, query } of the last planner click
  lastSchools: null, // the drawn features of the last schools CSV
  schoolsAnswer: null, // { file, columns, rows, notes }: every answered row of that CSV, drawn or not
  schoolsColour: null, // { column, kind, label, classes, noDataColour }: what the schools are coloured by
  nearestDrawn: [],
};
window.mapsViewer = viewer;

const el = (id) => document.getElementById(id);

function make(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function addPlannerLayers(map) {
  const empty = { type: 'FeatureCollection', features: [] };
  map.addSource('nearest', { type: 'geojson', data: empty });
  map.addSource('schools-result', { type: 'geojson', data: empty });
  const isRole = (role) => ['==', ['get', 'role'], role];
  map.addLayer({
    id: 'nearest-feature-line', type: 'line', source: 'nearest',
    filter: ['all', isRole('nearest'), ['!=', ['geometry-type'], 'Point']],
    paint: { 'line-color': '#ffd43b', 'line-width': 8, 'line-opacity': 0.85 },
  });
  map.addLayer({
    id: 'nearest-feature-point', type: 'circle', source: 'nearest',
    filter: ['all', isRole('nearest'), ['==', ['geometry-type'], 'Point']],
    paint: { 'circle-radius': 9, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#ffd43b', 'circle-stroke-width': 4 },
  });
  // The connector: a white casing under a dark dashed line, so it reads over fibre, nodes and land alike.
  map.addLayer({
    id: 'nearest-connector-casing', type: 'line', source: 'nearest', filter: isRole('connector'),
    layout: { 'line-cap': 'round' },
    paint: { 'line-color': '#ffffff', 'line-width': 7, 'line-opacity': 0.9 },
  });
  map.addLayer({
    id: 'nearest-connector', type: 'line', source: 'nearest', filter: isRole('connector'),
    paint: { 'line-color': '#212529', 'line-width': 3.5, 'line-dasharray': [2, 1] },
  });
  map.addLayer({
    id: 'nearest-query', type: 'circle', source: 'nearest', filter: isRole('query'),
    paint: { 'circle-radius': 5, 'circle-color': '#212529', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 },
  });
  const fibreDistance = profileColumn('fiber_node_distance');
  map.addLayer({
    id: 'schools-result', type: 'circle', source: 'schools-result',
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 2, 4, 10, 7],
      'circle-color': colourExpression(fibreDistance, classesOf(fibreDistance, [])),
      'circle-stroke-color': '#212529', 'circle-stroke-width': 1,
    },
  });
}

function buildLegend(map) {
  const list = el('layer-list');
  list.replaceChildren();
  viewer.collections.forEach((collection, index) => {
    const ids = viewer.layerIds.get(collection.id) ?? [];
    const item = make('li');
    const label = make('label');
    const box = make('input');
    box.type = 'checkbox';
    box.id = `toggle-${collection.id}`;
    box.dataset.collection = collection.id;
    box.checked = !HIDDEN_BY_DEFAULT.has(collection.id);
    box.addEventListener('change', () => {
      for (const layerId of ids) map.setLayoutProperty(layerId, 'visibility', box.checked ? 'visible' : 'none');
    });
    const zoom = make('button', '⤢', 'zoom-to');
    zoom.type = 'button';
    zoom.dataset.collection = collection.id;
    zoom.title = `Show ${collection.title ?? collection.id} and zoom to it`;
    zoom.setAttribute('aria-label', zoom.title);
    zoom.disabled = !collectionBounds(collection);
    zoom.addEventListener('click', () => zoomToCollection(map, collection));
    const swatch = make('span', null, isLine(collection.geometryType) ? 'swatch' : 'swatch point');
    swatch.style.background = colourOf(collection.id, index);
    label.append(box, swatch, make('span', collection.title ?? collection.id));
    if (typeof collection.numberOfFeatures === 'number') label.append(make('span', collection.numberOfFeatures.toLocaleString('en'), 'count'));
    label.title = collection.id;
    item.append(label, zoom);
    if (collection.id === 'cell-sites') {
      const key = make('div', null, 'radio-key');
      for (const [radio, radioColour] of Object.entries(RADIO_COLOURS)) {
        const dot = make('span', null, 'swatch point');
        dot.style.background = radioColour;
        key.append(dot, make('span', radio));
      }
      item.append(key);
    }
    list.append(item);
  });
  renderKey(classesOf(profileColumn('fiber_node_distance'), []));
}

/** Turns a collection's layers on (its legend box too). */
function showCollection(collection) {
  const box = el(`toggle-${collection.id}`);
  if (box && !box.checked) {
    box.checked = true;
    box.dispatchEvent(new Event('change'));
  }
}

/** Fits the map to the union of the collections' extents. */
function fitCollections(map, collections, animate) {
  const all = collections.map(collectionBounds).filter(Boolean);
  if (!all.length) return;
  const bounds = new maplibregl.LngLatBounds();
  for (const b of all) bounds.extend(b);
  map.fitBounds(bounds, { padding: 40, maxZoom: 12, duration: animate ? 600 : 0 });
}

function zoomToCollection(map, collection) {
  showCollection(collection);
  fitCollections(map, [collection], true);
}

/**
 * ?show=<id>[,<id>...] (the collection pages' "open in the viewer" link): those collections are
 * turned on and, unless the URL named a view (#zoom/lat/lon), the map is fitted to them.
 */
function showRequested(map, fit) {
  const wanted = (new URLSearchParams(location.search).get('show') ?? '').split(',').filter(Boolean);
  const shown = viewer.collections.filter((c) => wanted.includes(c.id));
  shown.forEach(showCollection);
  if (fit) fitCollections(map, shown, false);
}

/** The colour key of the schools: one entry per class, then "no data". */
function renderKey(classes) {
  const bands = el('band-key');
  bands.replaceChildren();
  for (const band of [...classes, { label: 'no data', colour: NO_ANSWER_COLOUR }]) {
    const li = make('li');
    li.dataset.colour = band.colour;
    const swatch = make('span', null, 'swatch point');
    swatch.style.background = band.colour;
    li.append(swatch, make('span', band.label));
    bands.append(li);
  }
}

function collectionLayerIds() {
  return [...viewer.layerIds.values()].flat();
}

function showPopup(map, feature, lngLat) {
  const collection = feature.source;
  const box = make('div');
  const p = feature.properties;
  box.append(make('p', `${p.name ?? p.school_name ?? p.id ?? feature.id ?? ''} (${collection})`, 'popup-title'));
  const table = make('table', null, 'popup-table');
  for (const [key, value] of Object.entries(feature.properties)) {
    const row = make('tr');
    row.append(make('th', key), make('td', typeof value === 'object' ? JSON.stringify(value) : value));
    table.append(row);
  }
  box.append(table);
  if (typeof p.country === 'string' && /^[A-Z]{3}$/.test(p.country)) {
    // The country the feature names: what it has, on its own page.
    const link = make('a', `What ${p.country_name ?? p.country} has`, 'popup-country');
    link.href = api(`countries/${p.country}?f=html`);
    const paragraph = make('p');
    paragraph.append(link);
    box.append(paragraph);
  }
  new maplibregl.Popup({ maxWidth: '360px' }).setLngLat(lngLat).setDOMContent(box).addTo(map);
}

async function fetchJson(url, init) {
  const response = await fetch(url, init);
  const type = response.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    const detail = typeof body === 'object' ? body.detail ?? body.title : body;
    throw new Error(`${response.status}: ${detail || response.statusText}`);
  }
  return body;
}

function formatKm(km) {
  return km < 10 ? km.toFixed(2) : km.toFixed(1);
}

async function planNearest(map, lngLat) {
  const result = el('nearest-result');
  const click = { lon: lngLat.lng, lat: lngLat.lat };
  viewer.lastClick = click;
  result.classList.remove('error');
  result.removeAttribute('data-distance-km');
  result.textContent = 'Looking for the nearest backbone…';
  const query = new URLSearchParams({ lon: String(click.lon), lat: String(click.lat), to: NEAREST_TARGETS, status: 'operational', k: '1' });
  try {
    const answer = await fetchJson(api(`analysis/nearest?${query}`), { headers: { Accept: 'application/geo+json' } });
    if (viewer.lastClick !== click) return; // a later click won
    viewer.lastNearest = answer;
    const nearest = answer.features.find((f) => f.properties?.role === 'nearest');
    const queryPoint = { type: 'Feature', properties: { role: 'query' }, geometry: { type: 'Point', coordinates: [click.lon, click.lat] } };
    const drawn = [...answer.features, queryPoint];
    map.getSource('nearest').setData({ type: 'FeatureCollection', features: drawn });
    showDistanceLabel(map, null);
    viewer.nearestDrawn = drawn.map((f) => f.properties?.role);
    if (!nearest) {
      result.textContent = 'No operational backbone found.';
      return;
    }
    const p = nearest.properties;
    const km = Number(p.distance_km);
    result.textContent = `Nearest backbone: ${p.name ?? nearest.id ?? p.id} (${p.collection}) — ${formatKm(km)} km`;
    showDistanceLabel(map, answer.features.find((f) => f.properties?.role === 'connector'), `${formatKm(km)} km`);
    result.dataset.featureId = String(nearest.id ?? p.id ?? '');
    result.dataset.collection = String(p.collection ?? '');
    result.dataset.distanceKm = String(p.distance_km);
  } catch (error) {
    if (viewer.lastClick !== click) return;
    result.classList.add('error');
    result.textContent = `Nearest backbone: ${error.message}`;
  }
}

/**
 * The distance of the nearest backbone as a label just above the middle of the connector line: an HTML
 * marker (MapLibre text needs a glyph server, which an offline viewer does not have). Null removes it.
 */
function showDistanceLabel(map, connector, text) {
  viewer.distanceLabel?.remove();
  viewer.distanceLabel = null;
  const line = connector?.geometry?.coordinates;
  if (!line || line.length < 2) return;
  const [a, b] = [line[0], line[line.length - 1]];
  // A connector across ±180° runs from 179.9 to -179.9: unwrap the far end before taking the middle.
  const bLon = b[0] - a[0] > 180 ? b[0] - 360 : a[0] - b[0] > 180 ? b[0] + 360 : b[0];
  const node = make('div', text, 'distance-label');
  node.id = 'distance-label';
  // Just above the middle, so a connector shorter than the label stays visible.
  viewer.distanceLabel = new maplibregl.Marker({ element: node, anchor: 'bottom', offset: [0, -LABEL_LIFT_PX] })
    .setLngLat([(a[0] + bLon) / 2, (a[1] + b[1]) / 2]).addTo(map);
}

/**
 * What a column of the profile answer holds, from its name: { name, kind, label, rowName, tokens }
 * with kind 'distance' (km to the nearest feature of a role), 'count' (schools or people within a
 * radius) or 'proximity' (the ITU band); null for any other column (ids, the request's own).
 */
export function profileColumn(name) {
  let m = /^(fiber_node|microwave_node|nearest_(NR|LTE|UMTS|GSM))_distance$/.exec(name);
  if (m) {
    const [rowName, what] = PROFILE_ROLES[m[1]];
    return { name, kind: 'distance', role: m[1], label: `Distance to ${what} (km)`, rowName, tokens: [name, m[1], m[2]].filter(Boolean) };
  }
  m = /^(schools|pop)_within_(.+)km$/.exec(name);
  if (m) {
    const label = `${m[1] === 'schools' ? 'Schools' : 'People'} within ${m[2]} km`;
    return { name, kind: 'count', label, rowName: label, tokens: [name, `${m[1]}_within`] };
  }
  if (name === 'proximity') return { name, kind: 'proximity', label: 'Proximity to fibre (ITU band)', rowName: 'Proximity', tokens: [name] };
  return null;
}

/** The note (from Maps-Profile-Notes) that names this column or its family before its colon, if any. */
function noteFor(column, notes) {
  return notes.find((note) => note.split(':')[0].split(/[\s/,()]+/).some((token) => column.tokens.includes(token)));
}

/** The notes of a Maps-Profile-Notes header: joined with "; ", which a note may also hold, but each note ends with a full stop. */
function splitNotes(header) {
  return (header ?? '').split(/(?<=\.);\s*/).map((n) => n.trim()).filter(Boolean);
}

function renderNotes(list, notes) {
  list.replaceChildren(...notes.map((note) => make('li', note)));
}

/** Point collections of schools (by id or keyword): what schools_within counts around a clicked point. */
function schoolCollections() {
  return viewer.collections
    .filter((c) => !isLine(c.geometryType) && (/school/i.test(c.id) || (c.keywords ?? []).some((k) => /^schools?$/i.test(k))))
    .map((c) => c.id);
}

/**
 * The profile of a clicked point: a one-feature GeoJSON POST to /api/analysis/profile, with
 * schools= the loaded school collections (the default would count the request's own row), shown
 * as a table whose rows carry the API's values unrounded (data-column, data-value).
 */
async function planProfile(click) {
  const box = el('profile-result');
  const status = el('profile-status');
  const body = el('profile-table').tBodies[0];
  box.hidden = false;
  status.classList.remove('error');
  status.textContent = 'Asking for the profile of the point…';
  body.replaceChildren();
  el('profile-notes').replaceChildren();
  const schools = schoolCollections();
  const query = new URLSearchParams(schools.length ? { schools: schools.join(',') } : {});
  const point = { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [click.lon, click.lat] } };
  try {
    const answer = await fetchJson(api(`analysis/profile?${query}`), {
      method: 'POST',
      headers: { 'Content-Type': 'application/geo+json', Accept: 'application/geo+json' },
      body: JSON.stringify({ type: 'FeatureCollection', features: [point] }),
    });
    if (viewer.lastClick !== click) return; // a later click won
    const properties = answer.features?.[0]?.properties ?? {};
    const notes = [...(answer.query?.notes ?? [])];
    if (!schools.length) notes.push('schools_within: no school collection is loaded, so there is nothing to count around a point.');
    viewer.lastProfile = { click, properties, notes, query: answer.query ?? null };
    renderProfile(properties, notes, schools.length > 0);
    if (properties.error) {
      status.classList.add('error');
      status.textContent = `Profile: ${properties.error}`;
    } else {
      status.textContent = `At ${click.lat.toFixed(4)}, ${click.lon.toFixed(4)} (lat, lon); ${schools.length ? `schools counted from ${schools.join(', ')}` : 'no schools counted'}.`;
    }
  } catch (error) {
    if (viewer.lastClick !== click) return;
    viewer.lastProfile = { click, properties: null, notes: [], query: null, error: error.message };
    status.classList.add('error');
    status.textContent = `Profile: ${error.message}`;
  }
}

function renderProfile(properties, notes, schoolsCounted) {
  const body = el('profile-table').tBodies[0];
  for (const [name, value] of Object.entries(properties)) {
    const column = profileColumn(name);
    if (!column || column.kind === 'proximity') continue; // the band is shown with the distance to fibre
    const shown = name.startsWith('schools_within_') && !schoolsCounted ? null : value;
    const tr = make('tr');
    tr.dataset.column = name;
    tr.dataset.value = shown === null || shown === undefined ? '' : String(shown);
    let td;
    if (shown === null || shown === undefined) {
      td = make('td', 'no data', 'no-data');
      const note = noteFor(column, notes);
      if (note) td.title = note;
    } else if (column.kind === 'distance') {
      const band = column.role === 'fiber_node' && properties.proximity ? ` (${properties.proximity})` : '';
      td = make('td', `${formatKm(Number(shown))} km${band}`);
      if (band) tr.dataset.proximity = properties.proximity;
      const id = properties[`${column.role}_id`];
      if (id) {
        tr.dataset.featureId = String(id);
        td.title = `nearest: ${id}`;
      }
    } else {
      td = make('td', Number(shown).toLocaleString('en'));
    }
    tr.append(make('th', column.rowName), td);
    body.append(tr);
  }
  renderNotes(el('profile-notes'), notes);
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF. Returns rows of strings. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      rows.push(row); row = [];
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}

function findColumn(header, names) {
  const lower = header.map((h) => h.trim().toLowerCase());
  for (const name of names) {
    const i = lower.indexOf(name);
    if (i >= 0) return i;
  }
  return -1;
}

/**
 * The classes a profile column is coloured by: the distance bands (near green to far red), the
 * five ITU proximity bands, or for counts and population quantile classes of the answer's values.
 */
function classesOf(column, rows) {
  if (column.kind === 'distance') return DISTANCE_BANDS.map((b) => ({ label: b.label, colour: b.colour, max: b.max }));
  if (column.kind === 'proximity') return PROXIMITY_BANDS.map((b) => ({ label: b.label, colour: b.colour, value: b.label }));
  const values = rows.map((r) => r[column.name]).filter(Number.isFinite).sort((a, b) => a - b);
  return quantileClasses(values);
}

/**
 * Up to COUNT_RAMP.length classes of ascending values: class i holds the values above the previous
 * class's maximum up to its own, the maxima being the values at the 1/5, 2/5, ... quantiles (a
 * value repeated across quantiles, such as many zeros, makes one class). Empty input: no class.
 */
export function quantileClasses(sorted) {
  const count = COUNT_RAMP.length;
  const maxima = [];
  for (let i = 1; i <= count; i++) {
    const max = sorted[Math.ceil((i * sorted.length) / count) - 1];
    if (max !== undefined && max !== maxima[maxima.length - 1]) maxima.push(max);
  }
  const integers = sorted.every(Number.isInteger);
  const format = (v) => v.toLocaleString('en', { maximumFractionDigits: 1 });
  return maxima.map((max, i) => {
    const low = i === 0 ? sorted[0] : (integers ? maxima[i - 1] + 1 : maxima[i - 1]);
    const label = low === max ? format(max) : `${format(low)}–${format(max)}`;
    const colour = COUNT_RAMP[maxima.length === 1 ? Math.floor(count / 2) : Math.round((i * (count - 1)) / (maxima.length - 1))];
    return { label, colour, min: i === 0 ? sorted[0] : null, above: i === 0 ? null : maxima[i - 1], max };
  });
}

/** The class of a value (as classesOf made them), -1 for no data. The paint expression below says the same. */
function classOf(classes, value) {
  if (value === undefined || value === null) return -1;
  if (classes.length && classes[0].value !== undefined) return classes.findIndex((c) => c.value === value);
  if (!Number.isFinite(value) || !classes.length) return -1;
  const i = classes.findIndex((c) => value <= c.max);
  return i >= 0 ? i : classes.length - 1;
}

/** circle-color for the classes: a match on the band name, or '<=' on each class's maximum; grey without a value. */
function colourExpression(column, classes) {
  const value = ['get', column.name];
  if (column.kind === 'proximity') return ['match', ['coalesce', value, ''], ...classes.flatMap((c) => [c.value, c.colour]), NO_ANSWER_COLOUR];
  if (!classes.length) return NO_ANSWER_COLOUR;
  const steps = classes.slice(0, -1).flatMap((c) => [['<=', ['to-number', value], c.max], c.colour]);
  return ['case', ['!=', ['typeof', value], 'number'], NO_ANSWER_COLOUR, ...steps, classes[classes.length - 1].colour];
}

/** Count per class per country ('unknown' when the CSV has no country for the row); rows without a value count as "no data". */
function renderSummary(rows, column, classes) {
  const byCountry = new Map();
  for (const row of rows) {
    const key = row.country || 'unknown';
    const counts = byCountry.get(key) ?? new Array(classes.length + 1).fill(0);
    const i = classOf(classes, row[column.name]);
    counts[i >= 0 ? i : classes.length]++;
    byCountry.set(key, counts);
  }
  const table = el('schools-summary');
  const head = make('tr');
  head.append(make('th', 'Country'), ...classes.map((c) => make('th', c.label)), make('th', 'no data'), make('th', 'total'));
  table.tHead.replaceChildren(head);
  const body = table.tBodies[0];
  body.replaceChildren();
  for (const [country, counts] of [...byCountry].sort((a, b) => a[0].localeCompare(b[0]))) {
    const tr = make('tr');
    tr.dataset.country = country;
    tr.append(make('td', country), ...counts.map((n) => make('td', n)), make('td', counts.reduce((a, b) => a + b, 0)));
    body.append(tr);
  }
  table.dataset.column = column.name;
  table.hidden = false;
}

/** Colours the loaded schools by one profile column: paint, key, summary and status follow. */
function colourSchools(map, name) {
  const answer = viewer.schoolsAnswer;
  const column = answer?.columns.find((c) => c.name === name);
  if (!column) return;
  const classes = classesOf(column, answer.rows);
  map.setPaintProperty('schools-result', 'circle-color', colourExpression(column, classes));
  viewer.schoolsColour = { column: name, kind: column.kind, label: column.label, classes, noDataColour: NO_ANSWER_COLOUR };
  renderKey(classes);
  renderSummary(answer.rows, column, classes);
  el('schools-status').textContent = `${answer.rows.length.toLocaleString('en')} schools from ${answer.file} (${viewer.lastSchools.length.toLocaleString('en')} on the map), coloured by ${column.label.toLowerCase()}.`;
}

/** Every numeric profile column of the answer plus proximity; columns without a value in any row are listed but disabled. */
function fillColourBy(columns, rows) {
  const select = el('colour-by');
  select.replaceChildren();
  const withData = columns.filter((column) => rows.some((r) => r[column.name] !== undefined));
  for (const column of columns) {
    const hasData = withData.includes(column);
    const option = make('option', hasData ? column.label : `${column.label}: no data`);
    option.value = column.name;
    option.disabled = !hasData;
    select.append(option);
  }
  const chosen = withData.find((c) => c.name === 'fiber_node_distance') ?? withData[0] ?? null;
  select.value = chosen?.name ?? '';
  el('colour-by-label').hidden = columns.length === 0;
  return chosen;
}

/**
 * The schools CSV: one POST /api/analysis/profile (streamed both ways; schools_within counts the
 * file's own schools), the answered rows drawn and coloured by a profile column, fibre distance first.
 */
async function planSchools(map, file) {
  const status = el('schools-status');
  const load = Symbol(file.name);
  planSchools.latest = load;
  status.classList.remove('error');
  status.textContent = `Sending ${file.name}…`;
  try {
    const response = await fetch(api('analysis/profile'), {
      method: 'POST', headers: { 'Content-Type': 'text/csv', Accept: 'text/csv' }, body: file,
    });
    const text = await response.text();
    if (planSchools.latest !== load) return; // a later file won
    if (!response.ok) {
      let detail = text;
      try { detail = JSON.parse(text).detail ?? text; } catch { /* not JSON */ }
      throw new Error(`${response.status}: ${detail}`);
    }
    const notes = splitNotes(response.headers.get(PROFILE_NOTES_HEADER));
    const [header = [], ...rows] = parseCsv(text);
    const lat = findColumn(header, ['lat', 'latitude', 'y']);
    const lon = findColumn(header, ['lon', 'lng', 'long', 'longitude', 'x']);
    const country = findColumn(header, ['country', 'country_code', 'iso3', 'country_iso3_code']); // the last: Giga's CSVs
    const name = findColumn(header, ['name', 'school_name']);
    const columns = header.map((h, index) => ({ ...profileColumn(h), index })).filter((c) => c.kind);
    if (lat < 0 || lon < 0 || !columns.length) throw new Error('the answer has no lat, lon or profile columns');
    const points = [];
    const answers = []; // every row, drawn or not: a row without coordinates counts as "no data"
    rows.forEach((row, index) => {
      const properties = { row: index, country: country >= 0 ? (row[country] ?? '') : '', name: name >= 0 ? (row[name] ?? '') : '' };
      for (const column of columns) {
        const value = row[column.index] ?? '';
        if (value !== '') properties[column.name] = column.kind === 'proximity' ? value : Number(value);
      }
      answers.push(properties);
      const x = Number(row[lon]);
      const y = Number(row[lat]);
      if (!Number.isFinite(x) || !Number.isFinite(y) || !row[lon] || !row[lat]) return;
      points.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [x, y] }, properties });
    });
    viewer.lastSchools = points;
    viewer.schoolsAnswer = { file: file.name, columns, rows: answers, notes };
    map.getSource('schools-result').setData({ type: 'FeatureCollection', features: points });
    renderNotes(el('schools-notes'), notes);
    const chosen = fillColourBy(columns, answers);
    if (chosen) colourSchools(map, chosen.name);
    else status.textContent = `${answers.length.toLocaleString('en')} schools from ${file.name}: no profile column has a value.`;
    if (points.length) {
      const bounds = new maplibregl.LngLatBounds();
      for (const p of points) bounds.extend(p.geometry.coordinates);
      map.fitBounds(bounds, { padding: 40, maxZoom: 9, duration: 0 });
    }
  } catch (error) {
    if (planSchools.latest !== load) return;
    status.classList.add('error');
    status.textContent = `Schools: ${error.message}`;
  }
}

/**
 * The sample: the collection's CSV extract (id, name, region, country, lon, lat, wkt), posted to
 * the profile as if it were the planner's own file.
 */
async function planSample(map, collection) {
  const status = el('schools-status');
  const load = Symbol(collection.id);
  planSchools.latest = load; // a file chosen while the sample downloads wins
  status.classList.remove('error');
  status.textContent = `Fetching ${collection.title ?? collection.id}…`;
  try {
    const response = await fetch(api(`extracts/${encodeURIComponent(collection.id)}.csv?properties=name,region,country`));
    if (!response.ok) throw new Error(`${response.status} for the sample`);
    const blob = await response.blob();
    if (planSchools.latest !== load) return;
    await planSchools(map, new File([blob], `${collection.id}.csv`, { type: 'text/csv' }));
  } catch (error) {
    if (planSchools.latest !== load) return;
    status.classList.add('error');
    status.textContent = `Sample: ${error.message}`;
  }
}

async function start() {
  const namedView = Boolean(location.hash); // read before the map writes its own
  const map = new maplibregl.Map({
    container: 'map',
    style: baseStyle(),
    center: [-2, 10],
    zoom: 4,
    hash: true, // #zoom/lat/lon, so a view can be linked (and tests can open a known one)
    attributionControl: { compact: true },
  });
  viewer.map = map;
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');

  const [collections] = await Promise.all([
    fetchJson(api('collections'), { headers: { Accept: 'application/json' } }),
    new Promise((resolve) => map.once('load', resolve)),
  ]);
  const order = (c) => {
    const i = DRAW_ORDER.indexOf(c.id);
    return i >= 0 ? i : (isLine(c.geometryType) ? DRAW_ORDER.indexOf('fibre-links') + 0.5 : DRAW_ORDER.length);
  };
  viewer.collections = [...collections.collections].sort((a, b) => order(a) - order(b));
  viewer.collections.forEach((c, i) => {
    map.addSource(c.id, { type: 'vector', url: api(`tiles/${encodeURIComponent(c.id)}.json`), promoteId: 'id' });
    viewer.layerIds.set(c.id, addCollectionLayers(map, c, colourOf(c.id, i), { visible: !HIDDEN_BY_DEFAULT.has(c.id) }));
  });
  addPlannerLayers(map);
  buildLegend(map);
  showRequested(map, !namedView);

  const planner = el('planner-mode');
  planner.addEventListener('change', () => document.body.classList.toggle('planner', planner.checked));
  map.on('click', (e) => {
    if (planner.checked) {
      planNearest(map, e.lngLat);
      planProfile(viewer.lastClick);
      return;
    }
    const hits = map.queryRenderedFeatures(e.point, { layers: collectionLayerIds().filter((id) => map.getLayoutProperty(id, 'visibility') !== 'none') });
    if (hits.length) showPopup(map, hits[0], e.lngLat);
  });
  map.on('mousemove', (e) => {
    if (planner.checked) return;
    const hits = map.queryRenderedFeatures(e.point, { layers: collectionLayerIds() });
    map.getCanvas().style.cursor = hits.length ? 'pointer' : '';
  });
  el('colour-by').addEventListener('change', (e) => colourSchools(map, e.target.value));
  const sample = viewer.collections.find((c) => c.id === SAMPLE_SCHOOLS);
  el('sample-line').hidden = !sample;
  el('sample-schools').addEventListener('click', () => planSample(map, sample));
  el('schools-file').addEventListener('change', (e) => {
    const file = e.target.files?.[0];
    e.target.value = ''; // choosing the same file again (edited, say) fires change again
    if (file) planSchools(map, file);
  });

  await new Promise((resolve) => map.once('idle', resolve));
  // The compact attribution starts expanded over the map; the sources stay one click away.
  const attribution = document.querySelector('.maplibregl-ctrl-attrib.maplibregl-compact-show');
  attribution?.classList.remove('maplibregl-compact-show');
  attribution?.removeAttribute('open');
}

viewer.ready = start();
viewer.ready.catch((error) => {
  console.error('Maps viewer failed to start:', error);
  el('nearest-result').textContent = `The viewer could not start: ${error.message}`;
});
