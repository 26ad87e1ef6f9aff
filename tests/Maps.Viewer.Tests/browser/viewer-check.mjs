// Opens the Maps viewer in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core: no browser download), in one browser session:
//   1. load: every console error and uncaught page error is collected;
//   2. render: waits for window.mapsViewer.ready (the map's first idle with all layers), takes a
//      screenshot of the page and counts pixels of given colours in it;
//   3. planner: turns planner mode on, clicks the map at a given point and waits for
//      #nearest-result to carry data-distance-km (or an error text) and for the profile table;
//   4. schools: loads a CSV through the file input and reads the per-country summary table and
//      the "colour by" options;
//   5. colour by: for each column given, selects it, and reads the paint, the key, the summary,
//      and per drawn school its screen position, the features rendered there and (for a school
//      with no other within 14 px, not under a control) the colour of its centre pixel.
// Prints one JSON object on stdout; the .NET test asserts on it. Exit code 0 unless the check
// itself could not run (then the JSON has "fatal").
//
//   node viewer-check.mjs <viewer-url> <out-dir> [--count name=#rrggbb ...] [--click x,y] [--csv file]
//     [--colour-by column,column...]
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const [url, outDir, ...rest] = process.argv.slice(2);
if (!url || !outDir) {
  console.error('usage: node viewer-check.mjs <viewer-url> <out-dir> [--count name=#rrggbb ...] [--click x,y] [--csv file] [--colour-by column,...]');
  process.exit(2);
}
const counts = {};
let click = null;
let csv = null;
let colourBy = [];
for (let i = 0; i < rest.length; i++) {
  if (rest[i] === '--count') {
    const [name, hex] = rest[++i].split('=');
    counts[name] = hex;
  } else if (rest[i] === '--colour-by') {
    colourBy = rest[++i].split(',').filter(Boolean);
  } else if (rest[i] === '--csv') {
    csv = rest[++i];
  } else if (rest[i] === '--click') {
    const [x, y] = rest[++i].split(',').map(Number);
    click = { x, y };
  }
}

const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const viewport = { width: 1200, height: 800 };
const timeoutMs = 60_000;
const report = { url, consoleErrors: [], pageErrors: [], failedRequests: [], phases: {} };
const errorsSoFar = () => report.consoleErrors.length + report.pageErrors.length;

mkdirSync(outDir, { recursive: true });
const profile = mkdtempSync(path.join(tmpdir(), 'maps-viewer-chromium-'));
let context;
try {
  // A new, empty profile every run (Playwright's persistent context is how it takes --user-data-dir).
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    viewport,
    deviceScaleFactor: 1,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      // WebGL without a GPU: ANGLE on SwiftShader (software), which newer Chromium only
      // enables when asked.
      '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
    ],
  });
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(timeoutMs);
  let phase = 'load';
  page.on('console', (message) => {
    if (message.type() === 'error') report.consoleErrors.push({ phase, text: message.text(), location: message.location() });
  });
  page.on('pageerror', (error) => report.pageErrors.push({ phase, text: String(error?.stack ?? error) }));
  page.on('requestfailed', (request) => report.failedRequests.push({ phase, url: request.url(), error: request.failure()?.errorText }));
  page.on('response', (response) => {
    if (response.status() >= 400) report.failedRequests.push({ phase, url: response.url(), status: response.status() });
  });

  // 1 + 2: load and render.
  const started = Date.now();
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.mapsViewer && window.mapsViewer.ready);
  await page.evaluate(() => window.mapsViewer.ready);
  report.phases.load = {
    ms: Date.now() - started,
    errors: errorsSoFar(),
    center: await page.evaluate(() => window.mapsViewer.map.getCenter().toArray()),
    zoom: await page.evaluate(() => window.mapsViewer.map.getZoom()),
    layers: await page.evaluate(() => window.mapsViewer.map.getStyle().layers.map((l) => ({ id: l.id, visibility: l.layout?.visibility ?? 'visible' }))),
    legend: await page.$$eval('#layer-list input[type=checkbox]', (boxes) => boxes.map((b) => ({ collection: b.dataset.collection, checked: b.checked }))),
  };
  const mapBox = await page.locator('#map').boundingBox();
  const screenshotPath = path.join(outDir, 'viewer.png');
  const png = await page.screenshot({ path: screenshotPath });
  report.screenshot = screenshotPath;
  report.mapBox = mapBox;
  report.pixels = (await readPng(context, png, { counts, box: mapBox })).counts;

  // 3: planner click.
  if (click) {
    phase = 'planner';
    await page.check('#planner-mode');
    await page.mouse.click(mapBox.x + click.x, mapBox.y + click.y);
    await page.waitForFunction(() => {
      const result = document.getElementById('nearest-result');
      const profile = window.mapsViewer.lastProfile;
      return (result.hasAttribute('data-distance-km') || result.classList.contains('error'))
        && profile && profile.click === window.mapsViewer.lastClick;
    });
    await page.evaluate(() => new Promise((resolve) => {
      window.mapsViewer.map.once('idle', resolve);
      window.mapsViewer.map.triggerRepaint();
    }));
    report.planner = await page.evaluate(() => {
      const result = document.getElementById('nearest-result');
      return {
        lastClick: window.mapsViewer.lastClick,
        text: result.textContent,
        distanceKm: result.dataset.distanceKm ?? null,
        featureId: result.dataset.featureId ?? null,
        collection: result.dataset.collection ?? null,
        error: result.classList.contains('error'),
        drawn: window.mapsViewer.nearestDrawn,
      };
    });
    report.profile = await page.evaluate(() => {
      const status = document.getElementById('profile-status');
      return {
        lastProfile: window.mapsViewer.lastProfile,
        status: status.textContent,
        error: status.classList.contains('error'),
        visible: !document.getElementById('profile-result').hidden,
        rows: [...document.querySelectorAll('#profile-table tbody tr')].map((tr) => ({
          column: tr.dataset.column,
          value: tr.dataset.value,
          label: tr.querySelector('th').textContent,
          text: tr.querySelector('td').textContent,
          title: tr.querySelector('td').title,
          proximity: tr.dataset.proximity ?? null,
          featureId: tr.dataset.featureId ?? null,
        })),
        notes: [...document.querySelectorAll('#profile-notes li')].map((li) => li.textContent),
      };
    });
    const plannerShot = path.join(outDir, 'viewer-planner.png');
    await page.screenshot({ path: plannerShot });
    report.plannerScreenshot = plannerShot;
  }

  // 4: schools CSV through the file input.
  if (csv) {
    phase = 'schools';
    await page.setInputFiles('#schools-file', csv);
    await page.waitForFunction(() => !document.getElementById('schools-summary').hidden || document.getElementById('schools-status').classList.contains('error'));
    report.schools = await page.evaluate(() => ({
      status: document.getElementById('schools-status').textContent,
      error: document.getElementById('schools-status').classList.contains('error'),
      header: [...document.querySelectorAll('#schools-summary thead th')].map((th) => th.textContent),
      rows: [...document.querySelectorAll('#schools-summary tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent)),
      points: (window.mapsViewer.lastSchools ?? []).map((p) => ({ coordinates: p.geometry.coordinates, ...p.properties })),
      options: [...document.querySelectorAll('#colour-by option')].map((o) => ({ value: o.value, text: o.textContent, disabled: o.disabled, selected: o.selected })),
      notes: [...document.querySelectorAll('#schools-notes li')].map((li) => li.textContent),
      colour: window.mapsViewer.schoolsColour,
    }));
    const schoolsShot = path.join(outDir, 'viewer-schools.png');
    await idle(page);
    await page.screenshot({ path: schoolsShot });
    report.schoolsScreenshot = schoolsShot;

    // 5: colour by each column given.
    report.colourBy = [];
    for (const column of colourBy) {
      phase = `colour-by ${column}`;
      await page.selectOption('#colour-by', column);
      await page.waitForFunction((c) => window.mapsViewer.schoolsColour?.column === c, column);
      await idle(page);
      const state = await page.evaluate(() => {
        const { map, lastSchools, schoolsColour } = window.mapsViewer;
        const canvas = map.getCanvas();
        const box = canvas.getBoundingClientRect();
        const points = lastSchools.map((f) => {
          const p = map.project(f.geometry.coordinates);
          return { row: f.properties.row, x: p.x, y: p.y };
        });
        for (const p of points) {
          const under = document.elementFromPoint(box.left + p.x, box.top + p.y);
          p.isolated = points.every((q) => q === p || Math.hypot(q.x - p.x, q.y - p.y) > 14);
          p.onCanvas = under === canvas;
          p.rendered = map.queryRenderedFeatures([p.x, p.y], { layers: ['schools-result'] }).map((f) => f.properties);
          p.pageX = Math.round(box.left + p.x);
          p.pageY = Math.round(box.top + p.y);
        }
        return {
          paint: map.getPaintProperty('schools-result', 'circle-color'),
          colour: schoolsColour,
          key: [...document.querySelectorAll('#band-key li')].map((li) => ({ label: li.textContent, colour: li.dataset.colour })),
          header: [...document.querySelectorAll('#schools-summary thead th')].map((th) => th.textContent),
          rows: [...document.querySelectorAll('#schools-summary tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent)),
          selected: document.getElementById('colour-by').value,
          status: document.getElementById('schools-status').textContent,
          points,
        };
      });
      const shot = await page.screenshot({ path: path.join(outDir, `viewer-colour-${column}.png`) });
      const sampled = (await readPng(context, shot, { samples: state.points.filter((p) => p.isolated && p.onCanvas).map((p) => [p.pageX, p.pageY]) })).samples;
      let next = 0;
      for (const p of state.points) p.pixel = p.isolated && p.onCanvas ? sampled[next++] : null;
      report.colourBy.push({ column, ...state });
    }
  }
} catch (error) {
  report.fatal = String(error?.stack ?? error);
} finally {
  await context?.close();
  rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(report) + '\n');

/** Waits for the map's next idle after a repaint (every change drawn). */
async function idle(page) {
  await page.evaluate(() => new Promise((resolve) => {
    window.mapsViewer.map.once('idle', resolve);
    window.mapsViewer.map.triggerRepaint();
  }));
}

/**
 * Reads a PNG screenshot: counts pixels of exact colours inside a box (counts, box) and gives the
 * #rrggbb colour at page positions (samples: [[x, y], ...]). The PNG is decoded by the browser
 * itself (an <img> drawn on a 2D canvas, in a blank page), so no image package is needed.
 */
async function readPng(context, png, { counts: colours = {}, box = null, samples = [] }) {
  const page = await context.newPage();
  try {
    return await page.evaluate(async ({ dataUrl, colours, box, samples }) => {
      const image = new Image();
      image.src = dataUrl;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const g = canvas.getContext('2d', { willReadFrequently: true });
      g.drawImage(image, 0, 0);
      const hex = (v) => v.toString(16).padStart(2, '0');
      const sampled = samples.map(([x, y]) => {
        const [r, gr, b] = g.getImageData(x, y, 1, 1).data;
        return `#${hex(r)}${hex(gr)}${hex(b)}`;
      });
      if (!box) return { counts: {}, samples: sampled };
      const x0 = Math.round(box.x), y0 = Math.round(box.y);
      const { data } = g.getImageData(x0, y0, Math.round(box.width), Math.round(box.height));
      const wanted = Object.entries(colours).map(([name, hex]) => [name, parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)]);
      const result = Object.fromEntries(wanted.map(([name]) => [name, 0]));
      result.total = data.length / 4;
      for (let i = 0; i < data.length; i += 4) {
        for (const [name, r, gr, b] of wanted) {
          if (data[i] === r && data[i + 1] === gr && data[i + 2] === b) result[name]++;
        }
      }
      return { counts: result, samples: sampled };
    }, { dataUrl: 'data:image/png;base64,' + png.toString('base64'), colours, box, samples });
  } finally {
    await page.close();
  }
}
