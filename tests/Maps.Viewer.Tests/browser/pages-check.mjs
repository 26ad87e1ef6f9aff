// Opens HTML pages of the API in headless Chromium, one after the other in one browser session,
// and reports for each: console errors, uncaught page errors and failed requests; the page's
// response headers; for a page with a map (#page-map, drawn by page-map.js), its first idle with
// the layer drawn, how many of the page's features the map got, and the count of pixels of a given
// colour inside the map; first contentful paint and time to the map's first idle; a screenshot.
// Prints one JSON object on stdout; the .NET test asserts on it. Exit code 0 unless the check
// itself could not run (then the JSON has "fatal").
//
//   node pages-check.mjs <out-dir> <name>=<url>=<#rrggbb> [<name>=<url>=<#rrggbb> ...]
//   (the colour may be empty for a page without a map)
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { readPng, watchPage, withChromium } from './browser-support.mjs';

const [outDir, ...specs] = process.argv.slice(2);
if (!outDir || specs.length === 0) {
  console.error('usage: node pages-check.mjs <out-dir> <name>=<url>=<#rrggbb> ...');
  process.exit(2);
}
const pages = specs.map((spec) => {
  const [name, ...rest] = spec.split('=');
  const colour = rest.pop();
  return { name, url: rest.join('='), colour };
});

const viewport = { width: 1200, height: 900 };
const report = { pages: {} };
mkdirSync(outDir, { recursive: true });
try {
  await withChromium(viewport, async (context) => {
    for (const { name, url, colour } of pages) {
      const page = await context.newPage();
      page.setDefaultTimeout(300_000); // a readiness deadline, generous for a busy machine
      const result = { url, consoleErrors: [], pageErrors: [], failedRequests: [] };
      report.pages[name] = result;
      watchPage(page, result);
      try {
        const response = await page.goto(url, { waitUntil: 'load' });
        result.status = response.status();
        result.headers = response.headers();
        result.title = await page.title();
        result.hasMap = await page.$('#page-map') !== null;
        if (result.hasMap) {
          await page.waitForFunction(() => window.mapsPage && window.mapsPage.ready);
          await page.evaluate(() => window.mapsPage.ready);
          result.map = await page.evaluate(() => ({
            features: window.mapsPage.features,
            layers: window.mapsPage.map.getStyle().layers.map((l) => l.id),
            rendered: window.mapsPage.map.queryRenderedFeatures().filter((f) => f.source !== 'countries').length,
            bounds: window.mapsPage.map.getBounds().toArray(),
          }));
        }
        result.timing = await page.evaluate(() => ({
          firstContentfulPaintMs: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
          readyMs: performance.now(),
        }));
        const png = await page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: false });
        if (result.hasMap && colour) {
          const box = await page.locator('#page-map').boundingBox();
          result.pixels = (await readPng(context, png, { counts: { layer: colour }, box })).counts;
        }
      } catch (error) {
        result.error = String(error?.stack ?? error);
      } finally {
        await page.close();
      }
    }
  });
} catch (error) {
  report.fatal = String(error?.stack ?? error);
}
process.stdout.write(JSON.stringify(report) + '\n');
