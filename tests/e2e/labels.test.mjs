// Packet labels stay readable, end to end in headless Chromium: at two screen
// sizes and under calm and busy traffic, drops and health probes, no text of
// the packet layer covers another or any text of the board (node and pod
// names included), none leaves the board, and each drawn text fits the box the
// placement reserved for it (its width is estimated from its character count).
// The placement itself is tested natively in tests/labels.rs; this checks the
// drawing and the fonts. A screenshot per size lands in tests/e2e/artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageSuite, screenshot } from './harness.mjs';

const chrome = pageSuite();

const SIZES = [
  { name: 'laptop', width: 1280, height: 800 },
  { name: 'projector', width: 1024, height: 768 },
];

/** Widths and heights the placement reserves (src/label_layout/mod.rs). */
const CHAR_EM = 0.62;
const LINE_EM = 1.3;

/**
 * Samples the page every 50 ms for `ms`: the screen boxes of every text in the
 * packet layer against each other, every text of the board and the board's
 * edges (0.5 px of tolerance), and each text's box in board units against the
 * box reserved for it. Resolves to the problems seen, the sample count and
 * every text shown.
 */
function sample(page, ms) {
  return page.evaluate((args) => new Promise((resolve) => {
    const { ms, CHAR_EM, LINE_EM } = args;
    const TOL = 0.5;
    const problems = new Set();
    const texts = new Set();
    let samples = 0;
    const screenBox = (el) => {
      const r = el.getBoundingClientRect();
      return { l: r.left, t: r.top, r: r.right, b: r.bottom, text: el.textContent };
    };
    const overlap = (a, b) => a.l < b.r - TOL && b.l < a.r - TOL && a.t < b.b - TOL && b.t < a.b - TOL;
    const reserved = (el) => {
      const size = parseFloat(getComputedStyle(el).fontSize);
      const x = Number(el.getAttribute('x'));
      const top = Number(el.getAttribute('y')) - size;
      const b = el.getBBox();
      const width = [...el.textContent].length * CHAR_EM * size;
      return b.x >= x - TOL && b.y >= top - TOL && b.x + b.width <= x + width + TOL && b.y + b.height <= top + LINE_EM * size + TOL;
    };
    const once = () => {
      samples += 1;
      const layer = document.querySelector('svg.packet-layer');
      const edge = layer.getBoundingClientRect();
      const board = [...document.querySelectorAll('svg.board text')].map(screenBox).filter((b) => b.r > b.l);
      const elements = [...layer.querySelectorAll('text')].filter((t) => t.textContent.trim() !== '');
      const labels = elements.map(screenBox);
      labels.forEach((a, i) => {
        texts.add(a.text);
        for (const b of labels.slice(i + 1)) if (overlap(a, b)) problems.add(`"${a.text}" covers "${b.text}"`);
        for (const b of board) if (overlap(a, b)) problems.add(`"${a.text}" covers the board's "${b.text}"`);
        if (a.l < edge.left - TOL || a.r > edge.right + TOL || a.t < edge.top - TOL || a.b > edge.bottom + TOL) {
          problems.add(`"${a.text}" leaves the board`);
        }
        if (!reserved(elements[i])) problems.add(`"${a.text}" is bigger than the box reserved for it`);
      });
    };
    const timer = setInterval(once, 50);
    setTimeout(() => { clearInterval(timer); resolve({ problems: [...problems], samples, texts: [...texts] }); }, ms);
  }), { ms, CHAR_EM, LINE_EM });
}

async function flowing({ preset, policy, rate }) {
  const page = chrome.page;
  if (preset) await page.getByRole('combobox', { name: 'Preset' }).selectOption(preset);
  if (policy) await page.getByRole('radiogroup', { name: 'externalTrafficPolicy' }).getByRole('radio', { name: policy, exact: true }).check();
  await page.getByRole('slider', { name: 'Connections per second' }).fill(String(rate));
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('4');
}

for (const size of SIZES) {
  test(`${size.width}×${size.height}: calm Cluster traffic, a followed packet, every address and rewrite readable`, async () => {
    await chrome.page.setViewportSize({ width: size.width, height: size.height });
    await flowing({ policy: 'Cluster', rate: 2 });
    await chrome.page.getByRole('button', { name: 'Follow next' }).click();
    const seen = await sample(chrome.page, 3000);
    assert.ok(seen.samples >= 40, `${seen.samples} samples`);
    assert.deepEqual(seen.problems, []);
    assert.ok(seen.texts.some((t) => /^DNAT 198\.51\.100\.10:80 → /.test(t)), 'a DNAT label was shown');
    assert.ok(seen.texts.some((t) => /^SNAT 203\.0\.113\.10 → /.test(t)), 'an SNAT label was shown');
    assert.ok(seen.texts.some((t) => /^sees /.test(t)), 'a sees badge was shown');
    await screenshot(chrome.page, `labels-${size.name}`);
  });

  test(`${size.width}×${size.height}: busy traffic, drops and probes never cover a name`, async () => {
    await chrome.page.setViewportSize({ width: size.width, height: size.height });
    await flowing({ policy: 'Cluster', rate: 60 });
    const busy = await sample(chrome.page, 2000);
    await flowing({ preset: 'local-empty-node-no-health-check', rate: 20 });
    const drops = await sample(chrome.page, 2500);
    await flowing({ preset: 'local-empty-node-health-checked', rate: 3 });
    const probes = await sample(chrome.page, 2500);
    assert.deepEqual([...busy.problems, ...drops.problems, ...probes.problems], []);
    assert.ok(drops.texts.includes('DROP: no local endpoints') && drops.texts.includes('client: timed out'), drops.texts.join(' | '));
    assert.ok(probes.texts.includes('GET /'), probes.texts.join(' | '));
    await screenshot(chrome.page, `labels-${size.name}-probes`);
  });
}
