// Browser benchmark (not a test): frame times with ~200 packets in flight.
// Opens the default scenario under Cluster (packets cross nodes) in headless
// Chromium at 1280×800, raises the rate until about 200 packets are in the
// air, then records requestAnimationFrame deltas for a few seconds.
//
// Run: make bench-anim   (builds the release site first)
import { serve, browser } from '../harness.mjs';

const TARGET = Number(process.env.PACKETS ?? 200);
const SECONDS = Number(process.env.SECONDS ?? 6);
const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };

const server = await serve();
const chrome = await browser();
const { page } = chrome;
try {
  await page.goto(server.url);
  await page.getByRole('table', { name: 'Traffic share per pod' }).waitFor();
  await page.getByRole('radiogroup', { name: 'externalTrafficPolicy' }).getByRole('radio', { name: 'Cluster', exact: true }).check();
  await page.getByRole('slider', { name: 'Connections per second' }).fill('60');
  // Let the sky fill up: packets live a few seconds each.
  const inFlight = () => page.locator('svg.packet-layer g.packet').count();
  for (let i = 0; i < 40 && (await inFlight()) < TARGET; i++) await page.waitForTimeout(250);
  const packets = await inFlight();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const before = await metrics();
  const stats = await page.evaluate((seconds) => new Promise((resolve) => {
    const deltas = []; let last = null; let samples = [];
    const end = performance.now() + seconds * 1000;
    const frame = (t) => {
      if (last !== null) deltas.push(t - last);
      last = t;
      samples.push(document.querySelectorAll('svg.packet-layer g.packet').length);
      if (t < end) requestAnimationFrame(frame); else resolve({ deltas, samples });
    };
    requestAnimationFrame(frame);
  }), SECONDS);
  const after = await metrics();
  const perFrame = (name) => ((after[name] - before[name]) * 1000) / stats.deltas.length;
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const fmt = (x) => `${x.toFixed(1)} ms`;
  console.log(`packets in flight: ${packets} at start, ${Math.round(mean(stats.samples))} on average (SVG, one rAF loop)`);
  const dropped = stats.deltas.filter((d) => d > 1.5 * quantile(stats.deltas, 0.5)).length;
  console.log(`frame interval over ${stats.deltas.length} frames: median ${fmt(quantile(stats.deltas, 0.5))}, p95 ${fmt(quantile(stats.deltas, 0.95))}, max ${fmt(Math.max(...stats.deltas))}; ${dropped} frames late`);
  console.log(`work per frame (Chrome's own counters): ${fmt(perFrame('TaskDuration'))} busy, of which script ${fmt(perFrame('ScriptDuration'))}, style ${fmt(perFrame('RecalcStyleDuration'))}, layout ${fmt(perFrame('LayoutDuration'))}`);
  if (packets < TARGET * 0.9) throw new Error(`only ${packets} packets in flight; wanted ${TARGET}`);
  if (chrome.errors.length) throw new Error(chrome.errors.join('\n'));
} finally {
  await chrome.instance.close();
  await server.close();
}
