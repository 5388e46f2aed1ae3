// The page at five screen sizes, from a phone to a 1080p projector: nothing
// overflows sideways, the board is first and biggest, and on the phone pods
// still move by touch and by keyboard. A full-page screenshot per size lands
// in tests/e2e/artifacts/ (look at them: these checks cannot see ugliness).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, browser, podName, screenshot } from './harness.mjs';

// `board` is the least share of the viewport the board's visible part must
// cover (measured: 0.55 at 1024×768, 0.39 at 1280×800, 0.40 at 1920×1080, with
// the default preset's 880×384 board).
const SIZES = [
  { name: 'phone', width: 390, height: 844, touch: true },
  { name: 'tablet', width: 768, height: 1024 },
  { name: 'projector', width: 1024, height: 768, board: 0.5 },
  { name: 'laptop', width: 1280, height: 800, board: 0.36, oneScreen: true },
  { name: 'desktop', width: 1920, height: 1080, board: 0.38, oneScreen: true },
];

let server;
let chrome;
before(async () => {
  server = await serve();
  chrome = await browser();
});
after(async () => {
  await chrome?.instance.close();
  await server?.close();
});

/** A fresh page at `size`, loaded, with its errors collected; `use(page)` runs, then the page closes. */
async function at(size, use) {
  const touch = Boolean(size.touch);
  const context = await chrome.instance.newContext({
    viewport: { width: size.width, height: size.height }, hasTouch: touch, isMobile: touch,
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  try {
    await page.goto(server.url);
    await page.getByRole('table', { name: 'Traffic share per pod' }).waitFor();
    await use(page, context);
    assert.deepEqual(errors, [], 'errors in the page');
  } finally {
    await context.close();
  }
}

/** Boxes of the page's regions, and how much of each is inside the viewport at the top of the page. */
function regions(page) {
  return page.evaluate(() => {
    const box = (selector) => {
      const el = document.querySelector(selector);
      if (!el) return null;
      const r = el.getBoundingClientRect();
      const w = Math.max(0, Math.min(r.right, innerWidth) - Math.max(r.left, 0));
      const h = Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0));
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, visible: w * h };
    };
    const svg = document.querySelector('svg.board');
    const name = svg.querySelector('.node-name');
    return {
      viewport: { width: innerWidth, height: innerHeight, area: innerWidth * innerHeight },
      scrollWidth: document.documentElement.scrollWidth,
      scrollHeight: document.documentElement.scrollHeight,
      board: box('svg.board'),
      left: box('aside.left'),
      right: box('aside.right'),
      chart: box('figure.share-chart'),
      controls: box('section.controls'),
      header: box('header.top'),
      // On-screen size of a node's name: its font size in board units times the board's scale.
      nodeNamePx: parseFloat(getComputedStyle(name).fontSize) * svg.getScreenCTM().a,
      // Every panel's right edge, to catch one that sticks out of the page.
      panels: [...document.querySelectorAll('section, .table-scroll, .traffic-bar, figure, .toolbar')]
        .map((el) => ({ what: el.getAttribute('aria-label') ?? el.className, right: el.getBoundingClientRect().right })),
    };
  });
}

for (const size of SIZES) {
  test(`${size.width}×${size.height} (${size.name}): no sideways scrolling, the board first and biggest`, async (t) => {
    await at(size, async (page) => {
      const r = await regions(page);
      const share = r.board.visible / r.viewport.area;
      t.diagnostic(`${size.width}×${size.height}: board ${Math.round(r.board.width)} px wide, ${(100 * share).toFixed(1)}% of the viewport, node names ${r.nodeNamePx.toFixed(1)} px`);

      // A phone zooms out to fit a page that is too wide, so the check is against the device's width.
      assert.equal(r.viewport.width, size.width, 'the page is not zoomed out to fit');
      assert.ok(r.scrollWidth <= size.width, `no horizontal page scroll (scrollWidth ${r.scrollWidth})`);
      assert.ok(r.board.left >= 0 && r.board.right <= r.viewport.width + 0.5, `the board fits the width: ${r.board.left}..${r.board.right}`);
      assert.ok(r.header.right <= r.viewport.width + 0.5, 'the header wraps instead of overflowing');
      for (const p of r.panels) assert.ok(p.right <= r.viewport.width + 0.5, `${p.what} fits the width (right edge ${p.right})`);

      if (size.board) {
        for (const other of ['left', 'right', 'chart']) {
          assert.ok(r.board.visible > r[other].visible, `the board shows more than the ${other} region (${r.board.visible} vs ${r[other].visible})`);
        }
        assert.ok(share >= size.board, `the board covers ${(100 * share).toFixed(1)}% of the viewport, at least ${100 * size.board}%`);
        assert.ok(r.nodeNamePx >= 16, `node names are readable from afar (${r.nodeNamePx.toFixed(1)} px)`);
      }
      if (size.oneScreen) {
        assert.ok(r.scrollHeight <= r.viewport.height, `one screen, no scrolling (scrollHeight ${r.scrollHeight})`);
      }
      if (size.width < 1024) {
        assert.ok(r.board.width >= 0.9 * size.width, 'the board takes the full width');
        assert.ok(r.board.bottom <= r.controls.top, 'the board comes before the controls');
      }
      if (size.name === 'tablet') {
        assert.ok(r.board.bottom <= Math.min(r.left.top, r.right.top), 'the panels are under the board');
        assert.ok(r.left.right <= r.right.left && r.left.top === r.right.top, 'in two columns');
      }
      await screenshot(page, `screen-${size.width}x${size.height}`);
    });
  });
}

/** The board's SVG against the viewport and its frame: all of it shown, nothing in a pane that scrolls. */
function boardFit(page) {
  return page.evaluate(() => {
    const svg = document.querySelector('svg.board');
    const r = svg.getBoundingClientRect();
    const frame = document.querySelector('.board-scroll');
    const f = frame.getBoundingClientRect();
    // Any ancestor that would clip the board in a scrolling pane.
    const panes = [];
    for (let el = svg.parentElement; el && el !== document.body; el = el.parentElement) {
      const style = getComputedStyle(el);
      if (/auto|scroll|hidden/.test(style.overflowY) && el.scrollHeight > el.clientHeight + 1) panes.push(el.className);
    }
    return {
      svg: { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height },
      frame: { top: f.top, bottom: f.bottom, scrollHeight: frame.scrollHeight, clientHeight: frame.clientHeight },
      viewport: { width: innerWidth, height: innerHeight },
      page: document.documentElement.scrollHeight,
      panes,
    };
  });
}

for (const size of SIZES.filter((s) => s.oneScreen)) {
  test(`${size.width}×${size.height}: every preset's whole board is on screen, in no scrolling pane`, async () => {
    await at(size, async (page) => {
      const picker = page.getByRole('combobox', { name: 'Preset' });
      const presets = await picker.locator('option').evaluateAll((os) => os.map((o) => ({ value: o.value, label: o.textContent })).filter((o) => o.value));
      assert.ok(presets.length >= 10, `${presets.length} presets`);
      for (const preset of presets) {
        await picker.selectOption(preset.value);
        await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
        const fit = await boardFit(page);
        const what = `${size.width}×${size.height}, ${preset.label}`;
        assert.ok(fit.frame.scrollHeight <= fit.frame.clientHeight + 1, `${what}: the board's frame does not scroll (${fit.frame.scrollHeight} > ${fit.frame.clientHeight})`);
        assert.deepEqual(fit.panes, [], `${what}: no pane around the board scrolls`);
        assert.ok(fit.svg.top >= 0 && fit.svg.bottom <= fit.viewport.height + 0.5, `${what}: the whole board is on screen (${fit.svg.top}..${fit.svg.bottom})`);
        assert.ok(fit.svg.bottom <= fit.frame.bottom + 0.5, `${what}: the board stays inside its frame`);
        assert.ok(fit.svg.left >= 0 && fit.svg.right <= fit.viewport.width + 0.5, `${what}: the board fits the width`);
        assert.ok(fit.page <= fit.viewport.height, `${what}: one screen (scrollHeight ${fit.page})`);
        if (/two zones|Ingress on Local/.test(preset.label)) {
          await screenshot(page, `screen-${size.width}x${size.height}-${preset.value.replace(/\W+/g, '-').slice(0, 24)}`);
        }
      }
    });
  });
}

test('on a phone the summary\'s numbers and labels do not run into each other', async () => {
  await at(SIZES[0], async (page) => {
    const boxes = await page.locator('.summary .metric').evaluateAll((metrics) => metrics.map((m) => {
      // The text's own extent: a label that overflows its box still counts.
      const range = document.createRange();
      range.selectNodeContents(m);
      const r = range.getBoundingClientRect();
      return { what: m.querySelector('dt').textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    }));
    assert.equal(boxes.length, 6);
    const panel = await page.locator('.summary').boundingBox();
    for (const [i, a] of boxes.entries()) {
      assert.ok(a.left >= panel.x && a.right <= panel.x + panel.width, `${a.what} inside the summary`);
      for (const b of boxes.slice(i + 1)) {
        const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
        assert.ok(apart, `${a.what} (${a.left.toFixed(0)}..${a.right.toFixed(0)}) and ${b.what} (${b.left.toFixed(0)}..${b.right.toFixed(0)}) do not overlap`);
      }
    }
  });
});

for (const size of [SIZES[0], SIZES[3], SIZES[4]]) {
  test(`${size.width}×${size.height}: the PROXY v2 header's fields fit the inspector, no sideways scrolling`, async () => {
    await at(size, async (page) => {
      const picker = page.getByRole('combobox', { name: 'Preset' });
      const v2 = await picker.locator('option').evaluateAll((os) => os.find((o) => o.textContent.includes('PROXY v2'))?.value);
      await picker.selectOption(v2);
      await page.getByRole('button', { name: /^pod web-1,/ }).click();
      const dump = page.getByRole('table', { name: 'PROXY protocol v2 header, field by field' });
      await dump.waitFor();
      assert.equal(await dump.getByRole('row').count(), 9, 'the headings and 8 fields are still a table');
      const fit = await dump.evaluate((table) => {
        const inspector = table.closest('.inspector');
        const box = inspector.getBoundingClientRect();
        const out = [...table.querySelectorAll('td, th')].filter((cell) => {
          const r = cell.getBoundingClientRect();
          return r.width > 1 && (r.left < box.left || r.right > box.right + 0.5);
        });
        return { overflow: inspector.scrollWidth - inspector.clientWidth, out: out.map((c) => c.textContent) };
      });
      assert.equal(fit.overflow, 0, 'the inspector does not scroll sideways');
      assert.deepEqual(fit.out, [], 'every offset, byte, field and meaning is inside the inspector');
      if (size.touch) await screenshot(page, 'screen-390x844-proxy-v2');
    });
  });
}

const phone = SIZES[0];
const inNode = (page, node, pod) =>
  page.getByRole('group', { name: `node ${node}`, exact: true }).getByRole('button', { name: podName(pod) });
const row = (page, pod) =>
  page.getByRole('table', { name: 'Traffic share per pod' }).getByRole('row', { name: new RegExp(`^${pod} `) })
    .locator('td').evaluateAll((tds) => tds.map((td) => td.textContent));

test('on a phone the controls are big enough to tap', async () => {
  await at(phone, async (page) => {
    const small = await page.evaluate(() => [
      ...document.querySelectorAll('.toolbar button, .toolbar select, .traffic-bar button, .traffic-bar select, .controls button, .controls .choice'),
    ].map((el) => ({ what: el.textContent.trim() || el.getAttribute('aria-label'), height: el.getBoundingClientRect().height }))
      .filter((t) => t.height < 44));
    assert.deepEqual(small, [], 'every target is at least 44 px tall');
  });
});

test('on a phone a pod moves to another node by touch', async () => {
  await at(phone, async (page, context) => {
    const a = await page.getByRole('button', { name: podName('web-1') }).boundingBox();
    const b = await page.getByRole('group', { name: 'node node-c', exact: true }).boundingBox();
    const scrollY = await page.evaluate(() => window.scrollY);
    const cdp = await context.newCDPSession(page);
    const touch = (type, x, y) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
    const [x0, y0, x1, y1] = [a.x + a.width / 2, a.y + a.height / 2, b.x + b.width / 2, b.y + b.height * 0.8];
    await touch('touchStart', x0, y0);
    for (let i = 1; i <= 10; i++) await touch('touchMove', x0 + ((x1 - x0) * i) / 10, y0 + ((y1 - y0) * i) / 10);
    await touch('touchEnd');
    await inNode(page, 'node-c', 'web-1').waitFor();
    assert.deepEqual((await row(page, 'web-1')).slice(0, 1), ['node-c']);
    assert.equal(await page.evaluate(() => window.scrollY), scrollY, 'the drag did not scroll the page');
    await screenshot(page, 'screen-390x844-touch-move');
  });
});

test('on a phone a pod moves to another node by keyboard', async () => {
  await at(phone, async (page) => {
    await page.getByRole('button', { name: podName('web-1') }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowRight');
    assert.match(await page.getByRole('status').textContent(), /web-1 over node-b/);
    await page.keyboard.press('Enter');
    await inNode(page, 'node-b', 'web-1').waitFor();
    assert.deepEqual((await row(page, 'web-1')).slice(0, 1), ['node-b']);
  });
});
