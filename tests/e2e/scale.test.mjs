// Boards at Kubernetes' limits, end to end: ?generate=NODESxPODS at every
// level of detail (chips, counts per node, a grid of nodes), shown in time,
// without a console error, with their accessible names; the virtual shares
// table (only the rows in view exist, scrolling by keyboard reaches the last
// pod); and a pod moved on a big board from the table and by dragging.
// The 1.5 s first-view target is a benchmark (make bench-first-view); here
// the bound is generous so a busy CI machine does not fail it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { pageSuite, axe, screenshot, mouseDrag, ARTIFACTS } from './harness.mjs';

const chrome = pageSuite();
const FIRST_VIEW_BOUND_MS = 20_000;

const table = () => chrome.page.getByRole('table', { name: 'Traffic share per pod' });
const node = (name) => chrome.page.getByRole('group', { name: `node ${name}`, exact: true });
const note = () => chrome.page.locator('#board-note');

/** Opens ?generate=SIZE; resolves to ms from navigation to the first rows and the board's note shown. */
async function open(size) {
  const { page } = chrome;
  await page.goto('about:blank');
  await page.goto(`${chrome.url}?generate=${size}`, { waitUntil: 'commit' });
  await table().locator('tbody tr:not(.spacer)').first().waitFor({ timeout: 60_000 });
  await chrome.page.getByRole('group', { name: 'Cluster diagram' }).waitFor();
  return page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => ok(performance.now()))));
}

/** The table row of pod `name` as [pod, node, share], once it is built. */
async function row(name) {
  const tr = table().locator('tbody tr').filter({ has: chrome.page.getByRole('rowheader', { name, exact: true }) });
  await tr.waitFor();
  return tr.locator('th, td').allTextContents();
}

test('5 000 nodes and 150 000 pods show their first view in time, as a grid', async () => {
  const ms = await open('5000x150000');
  console.log(`# ?generate=5000x150000 first view: ${Math.round(ms)} ms (target 1.5 s on a quiet 2-core machine)`);
  assert.ok(ms < FIRST_VIEW_BOUND_MS, `${ms} ms`);
  await note().waitFor();
  assert.match(await note().textContent(), /^5 000 nodes, 150 000 pods: each node drawn as a square/);
  assert.deepEqual(await row('web-1'), ['web-1', 'node-a', '0.0017%']);
  const grid = chrome.page.getByRole('img', { name: /^5000 nodes as squares/ });
  assert.match(await grid.getAttribute('aria-label'), /150000 pods; a pod gets from 0\.00042% to 0\.0017%/);
  assert.equal(await grid.locator('rect.cell').count(), 5000 + 6, 'one square per node, and the legend');
  assert.equal(await table().getAttribute('aria-rowcount'), '150001');
  const built = await table().locator('tbody tr:not(.spacer)').count();
  assert.ok(built > 5 && built < 100, `${built} rows in the DOM`);
  await screenshot(chrome.page, 'scale-5000x150000');
  const { summary } = await axe(chrome.page);
  assert.equal(summary, '', summary);
});

test('every level keeps its accessible names and shows no console error', async () => {
  const cases = [
    { size: '100x2000', pod: /^pod web-1, / },
    { size: '500x15000', pod: /^pod web-12, / },
  ];
  for (const { size, pod } of cases) {
    await open(size);
    assert.equal(await node('node-a').getByRole('button', { name: pod }).count(), 1, `${size}: a chip in node-a`);
    assert.deepEqual(chrome.errors, [], size);
  }
  assert.match(await node('node-a').textContent(), /12 pods/, 'counts per node');
  assert.equal(await note().count(), 1);
});

test('a pod moves on the grid from the table and the Selection panel', async () => {
  await open('5000x150000');
  await table().getByRole('button', { name: 'web-2', exact: true }).click();
  const picker = chrome.page.getByRole('combobox', { name: 'Move to node' });
  assert.equal(await picker.inputValue(), 'node-a');
  await picker.selectOption('node-c');
  await chrome.page.getByRole('button', { name: 'Move pod', exact: true }).click();
  await chrome.page.getByText('Moved web-2 from node-a to node-c').waitFor();
  assert.equal((await row('web-2'))[1], 'node-c');
  // The selected pod has a chip on its square, for the keyboard.
  assert.equal(await chrome.page.getByRole('button', { name: /^pod web-2, / }).count(), 1);
});

test('the virtual table scrolls by keyboard to the last pod and keeps few rows', async () => {
  await open('500x15000');
  const region = chrome.page.getByRole('region', { name: 'Traffic share per pod, scrollable' });
  await region.focus();
  await chrome.page.keyboard.press('End');
  assert.equal((await row('web-15000'))[0], 'web-15000');
  assert.equal(await table().locator('tbody tr[aria-rowindex="15001"]').count(), 1);
  const built = await table().locator('tbody tr:not(.spacer)').count();
  assert.ok(built < 100, `${built} rows in the DOM`);
  await chrome.page.mouse.move(1100, 400);
  await region.evaluate((el) => { el.scrollTop = 0; });
  await row('web-1');
});

test('dragging a node\'s chip on the counts board moves one of its pods', async () => {
  await open('500x15000');
  const chip = node('node-a').getByRole('button', { name: /^pod web-12, / });
  await mouseDrag(chrome.page, chip, node('node-b').locator('.node-box'));
  await chrome.page.getByText('Moved web-12 from node-a to node-b').waitFor();
  assert.match(await node('node-a').textContent(), /11 pods/);
  assert.match(await node('node-b').textContent(), /25 pods/);
  assert.equal((await row('web-12'))[1], 'node-b');
});

test('dragging a square of the grid moves one of its node\'s pods', async () => {
  await open('5000x150000');
  const cells = chrome.page.locator('.node-grid > rect.cell');
  await mouseDrag(chrome.page, cells.nth(0), cells.nth(2));
  await chrome.page.getByText(/^Moved web-\d+ from node-a to node-c$/).waitFor();
});

test('on a phone the grid\'s legend shows every entry inside the board', async () => {
  const context = await chrome.instance.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  try {
    const page = await context.newPage();
    await page.goto(`${chrome.url}?generate=5000x150000`);
    await page.locator('.grid-legend text').first().waitFor({ timeout: 60_000 });
    const { board, texts, cellsTop } = await page.evaluate(() => {
      const box = (el) => { const r = el.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom }; };
      return {
        board: box(document.querySelector('svg.board')),
        texts: [...document.querySelectorAll('.grid-legend text')].map((t) => ({ text: t.textContent, ...box(t) })),
        cellsTop: Math.min(...[...document.querySelectorAll('.node-grid > rect.cell')].slice(0, 200).map((c) => c.getBoundingClientRect().top)),
      };
    });
    assert.deepEqual(texts.map((t) => t.text).filter((t) => /drops|skipped by the LB/.test(t)), ['drops', 'skipped by the LB']);
    assert.equal(texts.filter((t) => /\d%/.test(t.text)).length, 4, 'every shade has its number');
    for (const [i, t] of texts.entries()) {
      assert.ok(t.left >= board.left && t.right <= board.right && t.top >= board.top && t.bottom <= board.bottom,
        `"${t.text}" (${t.left.toFixed(0)}..${t.right.toFixed(0)}) is inside the board (${board.left.toFixed(0)}..${board.right.toFixed(0)})`);
      assert.ok(t.bottom <= cellsTop + 1, `"${t.text}" is above the squares`);
      for (const u of texts.slice(i + 1)) {
        const apart = t.right <= u.left || u.right <= t.left || t.bottom <= u.top || u.bottom <= t.top;
        assert.ok(apart, `"${t.text}" and "${u.text}" do not overlap`);
      }
    }
    // The board only: a full-page shot of 5 000 squares is too big to take.
    await mkdir(ARTIFACTS, { recursive: true });
    await page.locator('svg.board').screenshot({ path: `${ARTIFACTS}/scale-5000x150000-390.png` });
  } finally {
    await context.close();
  }
});
