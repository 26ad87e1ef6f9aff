// First paint of Maps' pages in headless Chromium, each run in a fresh browser profile (cold cache):
// first contentful paint, and the time until the page's map has drawn its layers for the first time
// (window.mapsViewer.ready for the viewer, window.mapsPage.ready for an HTML page with a map).
// Prints one line per page with the median, min and max over the runs; the first page given is the
// baseline (a page without a map), and the others' first paint is also given as a ratio to it.
//
//   node first-paint.mjs <runs> <name>=<url> [<name>=<url> ...]
import { withChromium } from './browser-support.mjs';

const [runsText, ...specs] = process.argv.slice(2);
const runs = Number(runsText);
if (!Number.isInteger(runs) || runs < 1 || specs.length === 0) {
  console.error('usage: node first-paint.mjs <runs> <name>=<url> ...');
  process.exit(2);
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const summary = (values) => `median ${Math.round(median(values))} ms (${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))})`;
let baseline = null;
for (const spec of specs) {
  const at = spec.indexOf('=');
  const [name, url] = [spec.slice(0, at), spec.slice(at + 1)];
  const paints = [];
  const readies = [];
  for (let i = 0; i < runs; i++) {
    const timing = await withChromium({ width: 1200, height: 800 }, async (context) => {
      const page = context.pages()[0] ?? await context.newPage();
      await page.goto(url, { waitUntil: 'load' });
      // A page without a map is "drawn" at its load event.
      await page.evaluate(() => (window.mapsViewer ?? window.mapsPage)?.ready);
      await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
      return page.evaluate(() => ({
        paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
        ready: performance.now(),
      }));
    });
    paints.push(timing.paint);
    readies.push(timing.ready);
  }
  const ratio = baseline === null ? ' (baseline)' : ` = ${(median(paints) / baseline).toFixed(2)}× the baseline`;
  baseline ??= median(paints);
  console.log(`${name}: first contentful paint ${summary(paints)}${ratio}; drawn ${summary(readies)} (${runs} cold runs)`);
}
