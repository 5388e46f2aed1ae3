// Browser benchmark (not a test): how long a generated board takes to show.
// Opens ?generate=NxP in headless Chromium at 1280×800 for each size and
// times navigation start → the shares table's first row and the board's
// summary (or first node) visible, and counts console errors.
//
// Run: make bench-first-view   (builds the release site first)
// SIZES=100x2000,500x15000 RUNS=3 narrows or repeats it.
import { serve, browser } from '../harness.mjs';

const SIZES = (process.env.SIZES ?? '100x2000,500x15000,5000x150000').split(',');
const RUNS = Number(process.env.RUNS ?? 3);
const TIMEOUT_MS = Number(process.env.TIMEOUT_MS ?? 60000);

const server = await serve();
const chrome = await browser();
const { page } = chrome;
let failed = false;
try {
  for (const size of SIZES) {
    const times = [];
    for (let run = 0; run < RUNS; run++) {
      chrome.errors.length = 0;
      await page.goto('about:blank');
      const start = Date.now();
      await page.goto(`${server.url}?generate=${size}`, { waitUntil: 'commit' });
      await page.getByRole('table', { name: 'Traffic share per pod' }).locator('tbody tr:not(.spacer)').first().waitFor({ timeout: TIMEOUT_MS });
      await page.getByRole('group', { name: 'Cluster diagram' }).waitFor({ timeout: TIMEOUT_MS });
      // The first view is on screen once a frame has been painted after it.
      const shown = await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => setTimeout(() => ok(performance.now()), 0))));
      times.push({ wall: Date.now() - start, page: shown });
      if (chrome.errors.length) {
        failed = true;
        console.log(`${size}: ${chrome.errors.length} console errors, first: ${chrome.errors[0].slice(0, 200)}`);
      }
    }
    const pageMs = times.map((t) => t.page).sort((a, b) => a - b);
    console.log(`?generate=${size}: first view ${pageMs.map((t) => `${Math.round(t)} ms`).join(', ')} (median ${Math.round(pageMs[Math.floor(pageMs.length / 2)])} ms from navigation start)`);
  }
} finally {
  await chrome.instance.close();
  await server.close();
}
if (failed) process.exit(1);
