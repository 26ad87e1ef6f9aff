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
//      with no other within 14 px, not under a control) the colour of its centre pixel;
//   6. zoom to: clicks a collection's zoom button in the legend and reads the view;
//   7. sample: clicks "try the shipped sample" and reads the summary of that collection's profile.
// Between 2 and 3 it clicks a fibre link (found with queryRenderedFeatures) and reads its popup;
// after 3 it reads the distance label. Timings: first contentful paint and time to ready.
// Prints one JSON object on stdout; the .NET test asserts on it. Exit code 0 unless the check
// itself could not run (then the JSON has "fatal").
//
//   node viewer-check.mjs <viewer-url> <out-dir> [--count name=#rrggbb ...] [--click x,y] [--csv file]
//     [--colour-by column,column...] [--zoom-to collection] [--sample collection]
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { readPng, watchPage, withChromium } from './browser-support.mjs';

const [url, outDir, ...rest] = process.argv.slice(2);
if (!url || !outDir) {
  console.error('usage: node viewer-check.mjs <viewer-url> <out-dir> [--count name=#rrggbb ...] [--click x,y] [--csv file] [--colour-by column,...] [--zoom-to collection] [--sample collection]');
  process.exit(2);
}
const counts = {};
let click = null;
let csv = null;
let colourBy = [];
let zoomTo = null;
let sample = null;
for (let i = 0; i < rest.length; i++) {
  if (rest[i] === '--count') {
    const [name, hex] = rest[++i].split('=');
    counts[name] = hex;
  } else if (rest[i] === '--colour-by') {
    colourBy = rest[++i].split(',').filter(Boolean);
  } else if (rest[i] === '--sample') {
    sample = rest[++i];
  } else if (rest[i] === '--zoom-to') {
    zoomTo = rest[++i];
  } else if (rest[i] === '--csv') {
    csv = rest[++i];
  } else if (rest[i] === '--click') {
    const [x, y] = rest[++i].split(',').map(Number);
    click = { x, y };
  }
}

const viewport = { width: 1200, height: 800 };
// Each wait is a readiness deadline, generous for a busy 2-core machine where SwiftShader draws on the CPU.
const timeoutMs = 300_000;
const report = { url, consoleErrors: [], pageErrors: [], failedRequests: [], abortedTiles: [], phases: {} };
const errorsSoFar = () => report.consoleErrors.length + report.pageErrors.length;

mkdirSync(outDir, { recursive: true });
try {
  await withChromium(viewport, async (context) => {
    const page = context.pages()[0] ?? await context.newPage();
    page.setDefaultTimeout(timeoutMs);
    let phase = 'load';
    watchPage(page, report, () => phase);

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

    report.timing = await page.evaluate(() => ({
      firstContentfulPaintMs: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
      domContentLoadedMs: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? null,
      readyMs: performance.now(),
    }));

    // 2b: a popup: click the first fibre-link found on a grid over the map, read the popup, close it.
    phase = 'popup';
    const target = await page.evaluate(() => {
      const { map } = window.mapsViewer;
      const layers = map.getStyle().layers.map((l) => l.id).filter((id) => id.startsWith('fibre-links--'));
      const { width, height } = map.getCanvas().getBoundingClientRect();
      for (let y = 40; y < height - 40; y += 8) {
        for (let x = 60; x < width - 60; x += 8) {
          const hit = map.queryRenderedFeatures([x, y], { layers })[0];
          if (hit) return { x, y, id: hit.properties.id ?? hit.id, properties: hit.properties };
        }
      }
      return null;
    });
    if (target) {
      await page.mouse.click(mapBox.x + target.x, mapBox.y + target.y);
      await page.waitForSelector('.maplibregl-popup');
      report.popup = {
        target,
        title: await page.textContent('.maplibregl-popup .popup-title'),
        rows: await page.$$eval('.maplibregl-popup .popup-table tr', (rows) => rows.map((r) => [r.children[0].textContent, r.children[1].textContent])),
      };
      await page.click('.maplibregl-popup-close-button');
      await page.waitForSelector('.maplibregl-popup', { state: 'detached' });
    } else {
      report.popup = { target: null };
    }

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
          label: (() => {
            const node = document.getElementById('distance-label');
            if (!node) return null;
            const box = node.getBoundingClientRect();
            const canvas = window.mapsViewer.map.getCanvas().getBoundingClientRect();
            const connector = window.mapsViewer.lastNearest?.features.find((f) => f.properties?.role === 'connector');
            const line = connector?.geometry.coordinates ?? [];
            const mid = line.length ? window.mapsViewer.map.project([(line[0][0] + line.at(-1)[0]) / 2, (line[0][1] + line.at(-1)[1]) / 2]) : null;
            return { text: node.textContent, x: box.left + box.width / 2 - canvas.left, bottom: box.bottom - canvas.top, midX: mid?.x ?? null, midY: mid?.y ?? null };
          })(),
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

    // 6: zoom to a layer from the legend (last: it moves the map the phases above measured at a fixed view).
    if (zoomTo) {
      phase = 'zoom-to';
      const moved = page.evaluate(() => new Promise((resolve) => window.mapsViewer.map.once('moveend', resolve)));
      await page.click(`.zoom-to[data-collection="${zoomTo}"]`);
      await moved;
      await idle(page);
      report.zoomTo = await page.evaluate((id) => ({
        collection: id,
        bounds: window.mapsViewer.map.getBounds().toArray(),
        zoom: window.mapsViewer.map.getZoom(),
        checked: document.getElementById(`toggle-${id}`).checked,
        rendered: window.mapsViewer.map.queryRenderedFeatures({ layers: window.mapsViewer.map.getStyle().layers.map((l) => l.id).filter((l) => l.startsWith(`${id}--`)) }).length,
      }), zoomTo);
      await page.screenshot({ path: path.join(outDir, `viewer-zoom-${zoomTo}.png`) });
    }

    // 7: the shipped sample through the "try the sample" button.
    if (sample) {
      phase = 'sample';
      await page.click('#sample-schools');
      await page.waitForFunction((file) => window.mapsViewer.schoolsAnswer?.file === file || document.getElementById('schools-status').classList.contains('error'), `${sample}.csv`, { timeout: timeoutMs });
      await idle(page);
      report.sample = await page.evaluate(() => ({
        status: document.getElementById('schools-status').textContent,
        error: document.getElementById('schools-status').classList.contains('error'),
        rows: window.mapsViewer.schoolsAnswer?.rows.length ?? null,
        drawn: window.mapsViewer.lastSchools?.length ?? null,
        header: [...document.querySelectorAll('#schools-summary thead th')].map((th) => th.textContent),
        summary: [...document.querySelectorAll('#schools-summary tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent)),
      }));
      await page.screenshot({ path: path.join(outDir, 'viewer-sample.png') });
    }
  });
} catch (error) {
  report.fatal = String(error?.stack ?? error);
}
process.stdout.write(JSON.stringify(report) + '\n');

/** Waits for the map's next idle after a repaint (every change drawn). */
async function idle(page) {
  await page.evaluate(() => new Promise((resolve) => {
    window.mapsViewer.map.once('idle', resolve);
    window.mapsViewer.map.triggerRepaint();
  }));
}
