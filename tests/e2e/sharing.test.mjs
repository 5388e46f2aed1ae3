// Sharing, end to end in headless Chromium: the board lives in the address
// bar (a link reproduces it exactly; Back undoes an edit), broken links fall
// back to the default board with a reason, Copy link and Copy embed code show
// what they copy, and scenario files go out and come in (picker, drop, paste)
// with the CLI's messages for bad ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pageSuite, podName, screenshot, ROOT, shareRows, shareRowsWhen, mouseDrag } from './harness.mjs';

const chrome = pageSuite();

const table = () => chrome.page.getByRole('table', { name: 'Traffic share per pod' });
const node = (name) => chrome.page.getByRole('group', { name: `node ${name}`, exact: true });
const pod = (name) => chrome.page.getByRole('button', { name: podName(name) });
const policy = (name) => chrome.page.getByRole('radiogroup', { name: 'externalTrafficPolicy' }).getByRole('radio', { name, exact: true });
const status = () => chrome.page.getByRole('status').first();

const rows = (page = chrome.page) => shareRows(page);

const DEFAULT_ROWS = [
  ['web-1', 'node-a', '33.3%'], ['web-2', 'node-b', '16.7%'], ['web-3', 'node-b', '16.7%'],
  ['web-4', 'node-c', '11.1%'], ['web-5', 'node-c', '11.1%'], ['web-6', 'node-c', '11.1%'],
];

const drag = (from, to) => mouseDrag(chrome.page, from, to);

/** Waits until the shares table's rows satisfy `ok`; returns them. */
const rowsWhen = (ok, page = chrome.page) => shareRowsWhen(page, ok);

/** The `board` value in the address bar, once it holds one. */
async function boardParam(page = chrome.page) {
  await page.waitForFunction(() => new URL(location.href).searchParams.get('board'));
  return new URL(page.url()).searchParams.get('board');
}

test('a link reproduces the exact board after a drag, a policy change and a pod state', async () => {
  const page = chrome.page;
  await drag(pod('web-1'), node('node-b'));
  await node('node-b').getByRole('button', { name: 'pod web-1' }).waitFor();
  await policy('Cluster').check();
  await pod('web-6').click();
  await page.getByRole('radiogroup', { name: 'Endpoint state' }).getByRole('radio', { name: 'Terminating' }).check();
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('2');
  const expected = await rows();
  assert.notDeepEqual(expected, DEFAULT_ROWS);
  const board = await boardParam();
  const url = page.url();
  assert.ok(url.length < 400, `short link: ${url.length} characters`);

  const other = await chrome.instance.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  other.on('pageerror', (e) => errors.push(e.message));
  other.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await other.goto(url);
  await other.getByRole('table', { name: 'Traffic share per pod' }).waitFor();
  assert.deepEqual(await rows(other), expected);
  assert.equal(await other.getByRole('radiogroup', { name: 'externalTrafficPolicy' }).getByRole('radio', { name: 'Cluster', exact: true }).isChecked(), true);
  assert.equal(await other.getByRole('combobox', { name: 'Speed' }).inputValue(), '2');
  assert.match(await other.locator('.lede').textContent(), /\(modified\)/, 'an edited preset shows as modified');
  assert.equal(await boardParam(other), board, 'the opened page keeps the same link');
  assert.deepEqual(errors, []);
  await other.close();
});

test('Back walks back through edits, Forward redoes them', async () => {
  const page = chrome.page;
  await boardParam();
  await policy('Cluster').check();
  await page.waitForFunction(() => history.length >= 2);
  const clusterRows = await rows();
  assert.ok(clusterRows.every(([, , share]) => share === '16.7%'), JSON.stringify(clusterRows));
  await page.goBack();
  await rowsWhen((r) => r[0][2] === '33.3%');
  assert.deepEqual(await rows(), DEFAULT_ROWS);
  assert.equal(await policy('Local').isChecked(), true);
  await page.goForward();
  assert.deepEqual(await rowsWhen((r) => r[0][2] === '16.7%'), clusterRows);
});

test('a drag in progress does not flood the history', async () => {
  const page = chrome.page;
  await boardParam();
  const before = await page.evaluate(() => history.length);
  await drag(pod('web-4'), node('node-a'));
  await node('node-a').getByRole('button', { name: 'pod web-4' }).waitFor();
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => history.length), before + 1, 'one drop, one entry');
});

for (const [kind, mangle, reason] of [
  // Cut to whole base64 quanta after the `3.` prefix, so what is left is still base64.
  ['truncated', (b) => b.slice(0, 2 + Math.floor((b.length - 2) / 8) * 4), /cut short or changed/],
  ['tampered', (b) => b.slice(0, 20) + (b[20] === 'A' ? 'B' : 'A') + b.slice(21), /cut short or changed/],
  ['future-version', (b) => '9' + b.slice(1), /newer trafficlab/],
  ['malformed', () => 'hello%20world', /does not hold a trafficlab board/],
]) {
  test(`a ${kind} link opens the default board and says why`, async () => {
    const page = chrome.page;
    await policy('Cluster').check();
    const board = await boardParam();
    await page.goto(`${chrome.url}?board=${mangle(board)}`);
    await table().waitFor();
    assert.deepEqual(await rows(), DEFAULT_ROWS);
    const text = await status().textContent();
    assert.match(text, /This link could not be opened/);
    assert.match(text, reason);
    await screenshot(page, `sharing-broken-${kind}`);
  });
}

test('Copy link and Copy embed code show what they copy', async () => {
  const page = chrome.page;
  await chrome.instance.contexts()[0].grantPermissions(['clipboard-read', 'clipboard-write'], { origin: chrome.url });
  await page.getByRole('button', { name: 'Copy link' }).click();
  const link = await page.getByRole('textbox', { name: 'Link to this board' }).inputValue();
  assert.equal(link, page.url());
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/\?board=\d+\./);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
  await page.getByRole('button', { name: 'Copy embed code' }).click();
  const code = await page.getByRole('textbox', { name: 'Embed code' }).inputValue();
  assert.match(code, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?embed=1&amp;board=\d+\.[\w-]+" title="trafficlab: Local: crowded nodes starve, lone pods drown" width="720" height="\d+" loading="lazy"><\/iframe>$/);
  await screenshot(page, 'sharing-copy');
});

test('Download scenario gives a file the CLI reads to the same shares', async () => {
  const page = chrome.page;
  await drag(pod('web-6'), node('node-a'));
  await node('node-a').getByRole('button', { name: 'pod web-6' }).waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download scenario' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'local-crowded-nodes-starve.json');
  const path = join(await mkdtemp(join(tmpdir(), 'trafficlab-')), 'board.json');
  await download.saveAs(path);
  // The board was edited: the file says so, as the page does.
  assert.equal(JSON.parse(await readFile(path, 'utf8')).title, 'Local: crowded nodes starve, lone pods drown (modified)');
  await page.getByRole('button', { name: 'Copy embed code' }).click();
  assert.match(await page.getByRole('textbox', { name: 'Embed code' }).inputValue(), / title="trafficlab: Local: crowded nodes starve, lone pods drown \(modified\)"/);
  const cli = JSON.parse(execFileSync('cargo', ['run', '-q', '--locked', '-p', 'trafficlab-cli', '--', 'shares', path, '--json'], { cwd: ROOT, encoding: 'utf8' }));
  const fromCli = cli.pods.map((p) => [p.name, p.node, `${(p.share * 100).toFixed(1)}%`]);
  assert.deepEqual(await rows(), fromCli);
});

test('Open scenario file loads a good file, and a bad one keeps the board with the CLI message', async () => {
  const page = chrome.page;
  const picker = page.getByLabel('Open scenario file');
  await picker.setInputFiles(join(ROOT, 'static/scenarios/local-empty-node-health-checked.json'));
  const good = await rowsWhen((r) => r.length === 4);
  assert.deepEqual(good.map((r) => r[2]), ['16.7%', '16.7%', '16.7%', '50.0%']);

  const dir = await mkdtemp(join(tmpdir(), 'trafficlab-'));
  const bad = join(dir, 'bad.json');
  await writeFile(bad, JSON.stringify({ service: {}, nodes: [{ name: 'node-a' }], pods: [{ name: 'web-1', node: 'node-z' }] }));
  await picker.setInputFiles(bad);
  await page.waitForFunction(() => /bad\.json/.test(document.querySelector('[role=status]')?.textContent));
  const message = await status().textContent();
  let cliMessage = '';
  try {
    execFileSync('cargo', ['run', '-q', '--locked', '-p', 'trafficlab-cli', '--', 'shares', bad], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    cliMessage = e.stderr.trim();
  }
  const problem = cliMessage.slice(cliMessage.indexOf('pods[0].node'));
  assert.ok(problem.startsWith('pods[0].node: there is no node named `node-z`'), cliMessage);
  assert.ok(message.includes(problem), `page: ${message}\ncli: ${cliMessage}`);
  assert.deepEqual(await rows(), good, 'the board stays');
  await screenshot(page, 'sharing-bad-file');
});

test('a dropped file and pasted JSON load', async () => {
  const page = chrome.page;
  const json = await readFile(join(ROOT, 'static/scenarios/cluster-even-but-snat.json'), 'utf8');
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], 'cluster.json', { type: 'application/json' }));
    const target = document.querySelector('svg.board');
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
    }
  }, json);
  await rowsWhen((r) => r.every(([, , share]) => share === '16.7%'));
  assert.match(await status().textContent(), /Opened cluster\.json/);

  const pasted = JSON.parse(await readFile(join(ROOT, 'static/scenarios/local-empty-node-health-checked.json'), 'utf8'));
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, JSON.stringify(pasted));
  await rowsWhen((r) => r.length === 4);
  assert.match(await status().textContent(), /Opened the pasted JSON/);
  await page.keyboard.press('Control+z');
  await rowsWhen((r) => r.length === 6 && r.every(([, , share]) => share === '16.7%'));
});

test('an embedded board fills a 400×300 frame with no scrollbars and links to the full page', async () => {
  const page = chrome.page;
  const board = await boardParam();
  await page.setViewportSize({ width: 400, height: 300 });
  try {
    await page.goto(`${chrome.url}?embed=1&board=${board}`);
    await pod('web-1').waitFor();
    const overflow = await page.evaluate(() => ({
      w: document.documentElement.scrollWidth - innerWidth, h: document.documentElement.scrollHeight - innerHeight,
    }));
    assert.deepEqual(overflow, { w: 0, h: 0 });
    assert.equal(await table().count(), 0, 'no page chrome: no table');
    const open = page.getByRole('link', { name: 'Open in trafficlab' });
    const href = await open.getAttribute('href');
    assert.ok(!href.includes('embed=1') && href.includes(`board=${board}`), href);
    const box = await page.locator('svg.board').boundingBox();
    assert.ok(box.width > 300 || box.height > 200, `the board fills the frame: ${JSON.stringify(box)}`);
    await screenshot(page, 'sharing-embed-400x300');
    // The strip's policy toggle changes the board.
    await page.getByRole('radio', { name: 'Cluster', exact: true }).check();
    await page.waitForFunction(() => document.querySelector('[aria-label^="pod web-1"] title')?.textContent.includes('16.7%'));
  } finally {
    await page.setViewportSize({ width: 1280, height: 800 });
  }
});

test('the embed strip fits from a 320×240 frame to 1200×800: the whole link, no scrollbars', async () => {
  const page = chrome.page;
  const sizes = [[320, 240], [360, 240], [400, 300], [480, 320], [640, 400], [1200, 800]];
  try {
    for (const [width, height] of sizes) {
      await page.setViewportSize({ width, height });
      await page.goto(`${chrome.url}?embed=1`);
      await pod('web-1').waitFor();
      const at = `${width}×${height}`;
      const fit = await page.evaluate(() => {
        const strip = document.querySelector('.embed-strip');
        const inside = (el) => {
          const r = el.getBoundingClientRect();
          return r.width > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= strip.getBoundingClientRect().bottom;
        };
        return {
          page: [document.documentElement.scrollWidth - innerWidth, document.documentElement.scrollHeight - innerHeight],
          strip: strip.scrollWidth - strip.clientWidth,
          shown: [...strip.querySelectorAll('a, button, input')].filter((el) => !inside(el)).map((el) => el.outerHTML.slice(0, 60)),
        };
      });
      assert.deepEqual(fit.page, [0, 0], `${at}: no scrollbars`);
      assert.equal(fit.strip, 0, `${at}: nothing in the strip is cut off`);
      assert.deepEqual(fit.shown, [], `${at}: every control and the link are inside the frame`);
      const open = page.getByRole('link', { name: 'Open in trafficlab' });
      const box = await open.boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= width, `${at}: the link is whole: ${JSON.stringify(box)}`);
      // The play button keeps its word for screen readers where only its symbol shows.
      await page.getByRole('button', { name: /Pause$/ }).waitFor();
      if (width === 320) await screenshot(page, 'sharing-embed-320x240');
    }
  } finally {
    await page.setViewportSize({ width: 1280, height: 800 });
  }
});

test('the embed example page shows the two boards with different shares, sized by their messages', async () => {
  const page = chrome.page;
  await page.goto(`${chrome.url}embed-example.html`);
  const frames = page.locator('iframe');
  assert.equal(await frames.count(), 2);
  const shares = [];
  for (let i = 0; i < 2; i += 1) {
    const frame = page.frameLocator('iframe').nth(i);
    await frame.getByRole('button', { name: podName('web-6') }).waitFor();
    shares.push(await frame.locator('[aria-label^="pod "] title').allTextContents());
  }
  const percents = shares.map((titles) => titles.map((t) => (t.match(/(\d+\.\d)%/) ?? [])[1]));
  assert.deepEqual(percents[0], ['16.7', '16.7', '16.7', '16.7', '16.7', '16.7'], 'Cluster: even');
  assert.deepEqual(percents[1], ['33.3', '16.7', '16.7', '11.1', '11.1', '11.1'], 'Local: 1/3, 1/6, 1/9');
  // Each frame asked for the height at which its board is not letterboxed.
  await page.waitForFunction(() => [...document.querySelectorAll('iframe')].every((f) => f.style.height));
  const heights = await frames.evaluateAll((fs) => fs.map((f) => parseInt(f.style.height, 10)));
  assert.ok(heights.every((h) => h > 150 && h < 1000), JSON.stringify(heights));
  await screenshot(page, 'sharing-embed-example');
});
