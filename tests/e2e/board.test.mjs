// The interactive board, end to end: the release build served locally, driven
// by real pointer and keyboard input in headless Chromium, and the numbers
// checked against the accessibility contract and against the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { pageSuite, podName, screenshot, ROOT, shareRows, trafficSummary, mouseDrag } from './harness.mjs';

const chrome = pageSuite();

const table = () => chrome.page.getByRole('table', { name: 'Traffic share per pod' });
const node = (name) => chrome.page.getByRole('group', { name: `node ${name}`, exact: true });
const pod = (name) => chrome.page.getByRole('button', { name: podName(name) });

const rows = () => shareRows(chrome.page);

const summary = () => trafficSummary(chrome.page);

const drag = (from, to) => mouseDrag(chrome.page, from, to);

test('the default scenario shows Local shares per pod and the summary', async () => {
  assert.deepEqual(await rows(), [
    ['web-1', 'node-a', '33.3%'], ['web-2', 'node-b', '16.7%'], ['web-3', 'node-b', '16.7%'],
    ['web-4', 'node-c', '11.1%'], ['web-5', 'node-c', '11.1%'], ['web-6', 'node-c', '11.1%'],
  ]);
  assert.deepEqual(await summary(), { Dropped: '0.0%', Rejected: '0.0%', SNAT: '0.0%', 'Client IP kept': '100.0%', 'Cross-node': '0.0%', Imbalance: '3.00×' });
  assert.equal(await node('node-a').getByRole('button', { name: 'pod web-1' }).count(), 1, 'pods sit inside their node group');
  const page = chrome.page;
  assert.ok(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight), 'one screen, no scrolling at 1280×800');
  await screenshot(page, '1-default');
  assert.deepEqual(chrome.errors, []);
});

test('dragging web-1 onto node-b with the mouse moves it and rebalances', async () => {
  await drag(pod('web-1'), node('node-b'));
  await node('node-b').getByRole('button', { name: 'pod web-1' }).waitFor();
  // node-a is empty now: it answers 503 and the LB splits between node-b and node-c.
  assert.deepEqual(await rows(), [
    ['web-1', 'node-b', '16.7%'], ['web-2', 'node-b', '16.7%'], ['web-3', 'node-b', '16.7%'],
    ['web-4', 'node-c', '16.7%'], ['web-5', 'node-c', '16.7%'], ['web-6', 'node-c', '16.7%'],
  ]);
  assert.equal((await summary()).Imbalance, '1.00×');
  await screenshot(chrome.page, '2-after-drag');

  // The same placement under Cluster: even, but every connection SNATed.
  await chrome.page.getByRole('radiogroup', { name: 'externalTrafficPolicy' }).getByRole('radio', { name: 'Cluster' }).check();
  assert.deepEqual(await summary(), { Dropped: '0.0%', Rejected: '0.0%', SNAT: '100.0%', 'Client IP kept': '0.0%', 'Cross-node': '66.7%', Imbalance: '1.00×' });
  await chrome.page.getByRole('radio', { name: 'Local', exact: true }).check();
  assert.equal((await summary()).SNAT, '0.0%');

  // Undo with the keyboard restores the move's state step by step.
  await chrome.page.keyboard.press('Control+z');
  await chrome.page.keyboard.press('Control+z');
  await chrome.page.keyboard.press('Control+z');
  await node('node-a').getByRole('button', { name: 'pod web-1' }).waitFor();
  assert.equal((await rows())[0][2], '33.3%');
});

test('dropping a pod outside every node snaps it back', async () => {
  await drag(pod('web-4'), chrome.page.getByText('client', { exact: true }));
  assert.equal(await node('node-c').getByRole('button', { name: 'pod web-4' }).count(), 1);
  assert.match(await chrome.page.getByRole('status').textContent(), /web-4 stays on node-c/);
});

test('a pod moves with the keyboard alone', async () => {
  await pod('web-4').focus();
  await chrome.page.keyboard.press('Enter');
  assert.match(await chrome.page.getByRole('status').textContent(), /Picked up web-4/);
  await chrome.page.keyboard.press('ArrowLeft');
  assert.match(await chrome.page.getByRole('status').textContent(), /web-4 over node-b/);
  await chrome.page.keyboard.press('Enter');
  await node('node-b').getByRole('button', { name: 'pod web-4' }).waitFor();
  assert.deepEqual((await rows())[3], ['web-4', 'node-b', '11.1%']);
  assert.match(await chrome.page.evaluate(() => document.activeElement?.getAttribute('aria-label')), podName('web-4'), 'focus stays on the moved pod');
  assert.match(await chrome.page.getByRole('status').textContent(), /Moved web-4 from node-c to node-b/);
  await screenshot(chrome.page, '3-keyboard-move');
});

/** The accessible name of what has focus. */
const focusedName = () => chrome.page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.tagName);

const status = () => chrome.page.getByRole('status');

test('Delete on a pod gives focus to the next pod on its node, else the previous one, else its "+ pod"; Undo keeps it', async () => {
  const page = chrome.page;
  await pod('web-2').focus();
  await page.keyboard.press('Delete');
  await status().getByText('Removed web-2').waitFor();
  await page.waitForFunction(() => document.activeElement !== document.body);
  assert.match(await focusedName(), podName('web-3'), 'the next pod on node-b');
  await page.keyboard.press('Delete');
  await status().getByText('Removed web-3').waitFor();
  await page.waitForFunction(() => document.activeElement !== document.body);
  assert.equal(await focusedName(), 'add a pod to node-b', 'node-b is empty: its + pod button');
  await page.keyboard.press('Control+z');
  await node('node-b').getByRole('button', { name: podName('web-3') }).waitFor();
  assert.equal(await focusedName(), 'add a pod to node-b', 'Undo puts web-3 back and focus stays');

  await pod('web-6').focus();
  await page.keyboard.press('Delete');
  await status().getByText('Removed web-6').waitFor();
  await page.waitForFunction(() => document.activeElement !== document.body);
  assert.match(await focusedName(), podName('web-5'), 'the last pod of node-c: the one before it');
  await page.keyboard.press('Control+z');
  await node('node-c').getByRole('button', { name: podName('web-6') }).waitFor();
  assert.match(await focusedName(), podName('web-5'), 'Undo puts web-6 back and focus stays');
  assert.deepEqual((await rows()).map((r) => r[0]), ['web-1', 'web-3', 'web-4', 'web-5', 'web-6'], 'web-2 stays removed');
});

test('removing a node by keyboard gives focus to the next node\'s remove button, else the previous one\'s', async () => {
  const page = chrome.page;
  await page.getByRole('button', { name: 'remove node-b' }).focus();
  await page.keyboard.press('Enter');
  await status().getByText(/Removed node-b/).waitFor();
  await page.waitForFunction(() => document.activeElement !== document.body);
  assert.equal(await focusedName(), 'remove node-c');
  await page.keyboard.press('Enter');
  await status().getByText(/Removed node-c/).waitFor();
  await page.waitForFunction(() => document.activeElement !== document.body);
  assert.equal(await focusedName(), 'remove node-a', 'node-c was the last: the one before it');
  await page.keyboard.press('Control+z');
  await node('node-c').waitFor();
  assert.equal(await focusedName(), 'remove node-a', 'Undo brings node-c back and focus stays');
});

test('clicking a pod selects it; the inspector sets its state', async () => {
  await pod('web-1').click();
  const inspector = chrome.page.getByRole('region', { name: 'Selection' });
  await inspector.getByRole('heading', { name: 'pod web-1' }).waitFor();
  await inspector.getByRole('radio', { name: 'Terminating' }).check();
  // node-a's only pod is Terminating: its health check answers 503 and the LB skips it.
  assert.deepEqual((await rows())[0], ['web-1', 'node-a', '0.0%']);
  assert.match(await chrome.page.locator('.lede').textContent(), /\(modified\)/);
  await node('node-a').getByText('skipped by the LB: health check 503').waitFor();
});

test('a pod can be dragged by touch', async () => {
  const context = await chrome.instance.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true });
  const page = await context.newPage();
  try {
    await page.goto(chrome.url);
    const web1 = page.getByRole('button', { name: podName('web-1') });
    const a = await web1.boundingBox();
    const b = await page.getByRole('group', { name: 'node node-c', exact: true }).boundingBox();
    const cdp = await context.newCDPSession(page);
    const touch = (type, x, y) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
    const [x0, y0, x1, y1] = [a.x + a.width / 2, a.y + a.height / 2, b.x + b.width / 2, b.y + b.height - 10];
    await touch('touchStart', x0, y0);
    for (let i = 1; i <= 10; i++) await touch('touchMove', x0 + ((x1 - x0) * i) / 10, y0 + ((y1 - y0) * i) / 10);
    await touch('touchEnd');
    await page.getByRole('group', { name: 'node node-c', exact: true }).getByRole('button', { name: 'pod web-1' }).waitFor();
    assert.equal(await page.evaluate(() => window.scrollY), 0, 'the page did not scroll');
  } finally {
    await context.close();
  }
});

test('health checks off: the empty node drops a third of all connections', async () => {
  await chrome.page.getByRole('combobox', { name: 'Preset' }).selectOption('local-empty-node-health-checked');
  assert.deepEqual((await rows()).map((r) => r[2]), ['16.7%', '16.7%', '16.7%', '50.0%']);
  await chrome.page.getByRole('checkbox', { name: 'LB health checks' }).uncheck();
  assert.equal((await summary()).Dropped, '33.3%');
  await node('node-c').getByText('no local endpoints: DROP, clients time out').waitFor();
  // The health badge tells what the LB would have seen.
  await node('node-c').getByRole('img', { name: /health check of node-c: 503/ }).hover();
  await chrome.page.getByRole('tooltip').getByText('HTTP/1.1 503 Service Unavailable').waitFor();
  await screenshot(chrome.page, '4-drop');
});

test('every preset shows exactly the shares the CLI computes', async () => {
  const presets = await chrome.page.getByRole('combobox', { name: 'Preset' }).locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  assert.ok(presets.length >= 8);
  for (const id of presets) {
    await chrome.page.getByRole('combobox', { name: 'Preset' }).selectOption(id);
    const cli = JSON.parse(execFileSync('cargo', ['run', '-q', '--locked', '-p', 'trafficlab-cli', '--', 'shares', `static/scenarios/${id}.json`, '--json'], { cwd: ROOT, encoding: 'utf8' }));
    const expected = cli.pods.map((p) => [p.name, p.node, `${(p.share * 100).toFixed(1)}%`]);
    assert.deepEqual(await rows(), expected, id);
    assert.equal((await summary()).Dropped, `${(cli.dropped * 100).toFixed(1)}%`, id);
  }
});
