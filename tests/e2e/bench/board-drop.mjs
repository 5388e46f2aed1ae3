// Browser benchmark (not a test): how long a drop takes to reach the screen on
// a big board. Opens ?generate=100x2000 (100 nodes, 2 000 pods) in headless
// Chromium at 1280×800, drags pods with real mouse moves, and reads the app's
// User Timing marks: `trafficlab:drop` (pointer released over a node) to
// `trafficlab:chart-drawn` (the last redraw a change causes, after the table
// and board), and whether that happened before the next frame started.
// Prints the median and p95, and how many drops were redrawn within one
// frame (16.7 ms at 60 Hz).
//
// Run: make bench-board   (builds the release site first)
import { serve, browser } from '../harness.mjs';

const DROPS = Number(process.env.DROPS ?? 30);
const SIZE = process.env.SIZE ?? '100x2000';

const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };

const server = await serve();
const chrome = await browser();
const { page } = chrome;
try {
  await page.goto(`${server.url}?generate=${SIZE}`);
  await page.getByRole('table', { name: 'Traffic share per pod' }).waitFor();
  const rowCount = await page.locator('g.pod').count();
  const nodeCount = await page.locator('[role="group"][aria-label^="node "]').count();
  const toChart = [], toFrame = [], inFrame = [];
  for (let i = 0; i < DROPS; i++) {
    const pod = page.locator('g.pod').nth((i * 97) % rowCount);
    const target = page.locator('[role="group"][aria-label^="node "] .node-box').nth((i * 37 + 11) % nodeCount);
    await pod.scrollIntoViewIfNeeded();
    const a = await pod.boundingBox();
    // At the drop, note when the next frame starts (a capture listener runs
    // before the app's own pointerup handler).
    await page.evaluate(() => {
      performance.clearMarks();
      window.__frame = null;
      window.addEventListener('pointerup', () => requestAnimationFrame(() => { window.__frame = performance.now(); }), { capture: true, once: true });
    });
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move(a.x + a.width / 2 + 6, a.y + a.height / 2 + 6, { steps: 2 });
    const b = await target.boundingBox();
    await page.mouse.move(b.x + b.width / 2, b.y + b.height - 4, { steps: 4 });
    await page.mouse.up();
    const timing = await page.evaluate(() => new Promise((resolve) => {
      const poll = () => {
        const drop = performance.getEntriesByName('trafficlab:drop')[0];
        const drawn = performance.getEntriesByName('trafficlab:chart-drawn')[0];
        if (!drop) return resolve(null); // landed on its own node: no move
        if (!drawn || window.__frame === null) return setTimeout(poll, 1);
        resolve({ chart: drawn.startTime - drop.startTime, frame: window.__frame - drop.startTime, inFrame: drawn.startTime <= window.__frame });
      };
      poll();
    }));
    if (timing) { toChart.push(timing.chart); toFrame.push(timing.frame); inFrame.push(timing.inFrame); }
  }
  if (toChart.length < DROPS / 2) throw new Error(`only ${toChart.length} of ${DROPS} drops moved a pod`);
  const fmt = (x) => `${x.toFixed(1)} ms`;
  console.log(`board ${SIZE} (${nodeCount} nodes, ${rowCount} pods), ${toChart.length} drops`);
  console.log(`drop → shares, table, board and chart redrawn: median ${fmt(quantile(toChart, 0.5))}, p95 ${fmt(quantile(toChart, 0.95))}, max ${fmt(Math.max(...toChart))}`);
  console.log(`drop → the next frame running:                 median ${fmt(quantile(toFrame, 0.5))}, p95 ${fmt(quantile(toFrame, 0.95))}`);
  console.log(`chart redrawn before that frame ran: ${inFrame.filter(Boolean).length} of ${inFrame.length} drops`);
  console.log(`redrawn within one frame (16.7 ms): ${toChart.filter((ms) => ms <= 16.7).length} of ${toChart.length} drops`);
  if (chrome.errors.length) throw new Error(chrome.errors.join('\n'));
} finally {
  await chrome.instance.close();
  await server.close();
}
