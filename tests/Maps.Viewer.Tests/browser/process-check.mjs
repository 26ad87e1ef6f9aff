// Runs a process from its HTML page in headless Chromium, as a person would: opens the process page,
// fills an input, chooses the points file, submits, follows to the job's page and waits (up to a
// generous deadline) for the page's own polling to say the job ended. Reports each page's status and
// response headers, the session's console errors, uncaught page errors and failed requests (each with
// the page it came from), and the job page's URL, final status and result link, the result downloaded by clicking the link, and the
// jobs the browser sees listed. Prints one JSON object on stdout; exit code 0 unless the check itself
// could not run (then the JSON has "fatal").
//
//   node process-check.mjs <out-dir> <process-page-url> <points-file> <input>=<value> [...]
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { watchPage, withChromium } from './browser-support.mjs';

const [outDir, processUrl, pointsFile, ...inputs] = process.argv.slice(2);
if (!outDir || !processUrl || !pointsFile) {
  console.error('usage: node process-check.mjs <out-dir> <process-page-url> <points-file> <input>=<value> ...');
  process.exit(2);
}

const report = { process: {}, job: {}, watch: { consoleErrors: [], pageErrors: [], failedRequests: [] } };
mkdirSync(outDir, { recursive: true });
try {
  await withChromium({ width: 1200, height: 900 }, async (context) => {
    const page = await context.newPage();
    page.setDefaultTimeout(300_000); // a readiness deadline, generous for a busy machine
    let phase = 'process';
    watchPage(page, report.watch, () => phase);
    const response = await page.goto(processUrl, { waitUntil: 'load' });
    report.process.status = response.status();
    report.process.headers = response.headers();
    report.process.title = await page.title();
    for (const input of inputs) {
      const [name, value] = input.split('=');
      await page.fill(`#process-run input[name="${name}"]`, value);
    }
    await page.setInputFiles('#process-run input[name="points"]', pointsFile);
    const jobResponse = page.waitForResponse((r) => /\/jobs\/[^/?]+\?f=html$/.test(r.url()));
    await page.click('#process-run button[type=submit]');
    const job = await jobResponse;
    phase = 'job';
    report.job.status = job.status();
    report.job.headers = job.headers();
    report.job.url = job.url();
    await page.waitForSelector('#job-status[data-status=successful], #job-status[data-status=failed]');
    report.job.final = await page.getAttribute('#job-status', 'data-status');
    report.job.message = await page.textContent('#job-status [data-field=message]');
    report.job.result = await page.getAttribute('#job-result', 'href').catch(() => null);
    if (report.job.result) {
      // The result as a person gets it, by clicking the link: the browser's own token (its cookie) goes with it.
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#job-result')]);
      report.job.downloaded = path.join(outDir, 'result' + path.extname(download.suggestedFilename()));
      await download.saveAs(report.job.downloaded);
      // The jobs this browser sees listed.
      report.job.listed = await page.evaluate(async () => {
        const list = await (await fetch('../jobs', { headers: { Accept: 'application/json' } })).json();
        return list.jobs.map((job) => job.jobID);
      });
    }
    await page.screenshot({ path: path.join(outDir, 'job.png') });
    await page.close();
  });
} catch (error) {
  report.fatal = String(error?.stack ?? error);
}
process.stdout.write(JSON.stringify(report) + '\n');
