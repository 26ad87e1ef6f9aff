// Shared by the browser checks (viewer-check.mjs, pages-check.mjs, first-paint.mjs): Debian's Chromium
// through playwright-core on a throw-away profile, what a page reports as going wrong, and reading
// colours out of a screenshot without an image package.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Runs fn(context) in a Chromium on a fresh temporary profile, closed and removed afterwards whatever happens. */
export async function withChromium(viewport, fn) {
  const profile = mkdtempSync(path.join(tmpdir(), 'maps-chromium-'));
  let context;
  try {
    context = await launchChromium(profile, viewport);
    return await fn(context);
  } finally {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * Collects a page's console errors, uncaught errors and failed requests (network failures and
 * responses of 400 or more) into sink.consoleErrors, sink.pageErrors and sink.failedRequests, each
 * entry tagged with phase() when given. With sink.abortedTiles, tile requests the page cancelled
 * (MapLibre drops the tiles of a view it has moved away from) go there instead of failedRequests.
 */
export function watchPage(page, sink, phase = () => undefined) {
  page.on('console', (message) => {
    if (message.type() === 'error') sink.consoleErrors.push({ phase: phase(), text: message.text(), location: message.location() });
  });
  page.on('pageerror', (error) => sink.pageErrors.push({ phase: phase(), text: String(error?.stack ?? error) }));
  page.on('requestfailed', (request) => {
    const failure = { phase: phase(), url: request.url(), error: request.failure()?.errorText };
    if (sink.abortedTiles && failure.error === 'net::ERR_ABORTED' && /\/tiles\/[^/]+\/\d+\/\d+\/\d+\.mvt$/.test(failure.url)) sink.abortedTiles.push(failure);
    else sink.failedRequests.push(failure);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) sink.failedRequests.push({ phase: phase(), url: response.url(), status: response.status() });
  });
}

/**
 * Headless Chromium (CHROMIUM_PATH, else /usr/bin/chromium) on a new, empty profile (Playwright's
 * persistent context is how it takes --user-data-dir), with WebGL on SwiftShader.
 */
function launchChromium(profile, viewport) {
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
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
}

/**
 * Reads a PNG screenshot: counts pixels of exact colours inside a box (counts, box) and gives the
 * #rrggbb colour at page positions (samples: [[x, y], ...]). The PNG is decoded by the browser
 * itself (an <img> drawn on a 2D canvas, in a blank page), so no image package is needed.
 */
export async function readPng(context, png, { counts: colours = {}, box = null, samples = [] }) {
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
