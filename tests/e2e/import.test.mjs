// Import from kubectl, end to end in headless Chromium: the hand-written
// cluster fixture pasted into `kubectl output`, chosen as a file, or dropped
// on the dialog; the `Service` picker; the expected shares table; the notes;
// a bad import keeps the board (and says why); Undo brings the old board
// back; Copy YAML copies the board's Service and Deployment. axe-clean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pageSuite, shareRows, shareRowsWhen, axe, ROOT } from './harness.mjs';

const chrome = pageSuite();
const FIXTURE = join(ROOT, 'crates/kube/tests/fixtures/cluster.json');

const DEFAULT_ROWS = [
  ['web-1', 'node-a', '33.3%'], ['web-2', 'node-b', '16.7%'], ['web-3', 'node-b', '16.7%'],
  ['web-4', 'node-c', '11.1%'], ['web-5', 'node-c', '11.1%'], ['web-6', 'node-c', '11.1%'],
];
// shop/web: Local, GKE pods-per-node weighting: node-a and node-b each hold one Ready pod.
const WEB_ROWS = [
  ['web-7d9f8b6c5-a1', 'node-a', '50.0%'], ['web-7d9f8b6c5-b1', 'node-b', '50.0%'],
  ['web-7d9f8b6c5-b2', 'node-b', '0.0%'], ['web-7d9f8b6c5-b3', 'node-b', '0.0%'],
];
// shop/api: NodePort, Cluster: one Ready pod takes everything.
const API_ROWS = [
  ['api-5c8d7f9b4-a1', 'node-a', '100.0%'], ['api-5c8d7f9b4-a2', 'node-a', '0.0%'], ['api-5c8d7f9b4-b1', 'node-b', '0.0%'],
];

const dialog = () => chrome.page.getByRole('dialog', { name: 'Import from kubectl' });

async function openDialog() {
  await chrome.page.getByRole('button', { name: 'Import from kubectl' }).click();
  await dialog().waitFor();
}

const rowsWhen = (ok) => shareRowsWhen(chrome.page, ok);

test('pasting the fixture, picking shop/api and importing shows its table and notes; Undo brings the board back', async () => {
  const { page } = chrome;
  await openDialog();
  await dialog().getByLabel('kubectl output', { exact: true }).fill(await readFile(FIXTURE, 'utf8'));
  const picker = dialog().getByLabel('Service');
  assert.deepEqual(await picker.locator('option').allTextContents(), ['shop/web (LoadBalancer)', 'shop/api (NodePort)']);
  await picker.selectOption('shop/api');
  const { summary } = await axe(page, { context: '.import-dialog' });
  assert.equal(summary, '', 'axe on the dialog with the picker');
  await dialog().getByRole('button', { name: 'Import', exact: true }).click();
  const notes = dialog().getByRole('region', { name: 'Import notes' });
  await notes.waitFor();
  assert.match(await notes.textContent(), /Imported shop\/api from kubectl output: 3 pods on 3 nodes/);
  assert.match(await notes.textContent(), /no EndpointSlice for shop\/api in the input: endpoints from the 4 pods/);
  assert.match(await notes.textContent(), /api-5c8d7f9b4-p1 \(not scheduled: no spec.nodeName\)/);
  await dialog().getByRole('button', { name: 'Close' }).click();
  assert.deepEqual(await rowsWhen((r) => r[0]?.[0] === 'api-5c8d7f9b4-a1'), API_ROWS);
  // The same output, another Service, without reading it again.
  await page.getByRole('button', { name: 'Import from kubectl' }).click();
  await picker.selectOption('shop/web');
  await dialog().getByRole('button', { name: 'Import', exact: true }).click();
  await dialog().getByRole('button', { name: 'Close' }).click();
  assert.deepEqual(await rowsWhen((r) => r[0]?.[0] === 'web-7d9f8b6c5-a1'), WEB_ROWS);
  await page.getByRole('button', { name: /^Undo/ }).first().click();
  assert.deepEqual(await rowsWhen((r) => r[0]?.[0] === 'api-5c8d7f9b4-a1'), API_ROWS);
  await page.getByRole('button', { name: /^Undo/ }).first().click();
  assert.deepEqual(await rowsWhen((r) => r[0]?.[0] === 'web-1'), DEFAULT_ROWS);
});

test('choosing the fixture as a file imports the first Service, shop/web', async () => {
  await openDialog();
  await dialog().getByLabel('Choose kubectl output file').setInputFiles(FIXTURE);
  const picker = dialog().getByLabel('Service');
  await picker.waitFor();
  assert.equal(await picker.inputValue(), 'shop/web');
  await dialog().getByRole('button', { name: 'Import', exact: true }).click();
  await dialog().getByRole('region', { name: 'Import notes' }).waitFor();
  assert.match(await dialog().textContent(), /endpoints: 4 from 2 EndpointSlices/);
  assert.match(await dialog().textContent(), /weighted by their Ready pods/);
  await chrome.page.keyboard.press('Escape');
  assert.deepEqual(await rowsWhen((r) => r[0]?.[0] === 'web-7d9f8b6c5-a1'), WEB_ROWS);
  // kubectl's long names are shortened on the chips, keeping the pod's own
  // suffix, and no chip's text runs over its edge or into another text.
  const chips = await chrome.page.evaluate(() => [...document.querySelectorAll('svg.board g.pod')].map((g) => {
    const box = (el) => { const r = el.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom }; };
    return { chip: box(g.querySelector('.chip')), name: g.querySelector('.pod-name').textContent, label: g.getAttribute('aria-label'),
      texts: [...g.querySelectorAll('text')].map(box) };
  }));
  assert.equal(chips.length, 4);
  for (const { chip, name, label, texts } of chips) {
    assert.match(name, /^web-.*….*\d$/, `${name} is shortened around an ellipsis`);
    const full = label.match(/^pod (\S+),/)[1];
    assert.ok(full.endsWith(name.split('…')[1]) && full.startsWith(name.split('…')[0]), `${name} is cut from ${full}`);
    for (const [i, t] of texts.entries()) {
      assert.ok(t.left >= chip.left && t.right <= chip.right + 0.5, `${name}: text ${i} inside its chip`);
      for (const u of texts.slice(i + 1)) {
        const apart = t.right <= u.left || u.right <= t.left || t.bottom <= u.top || u.bottom <= t.top;
        assert.ok(apart, `${name}: texts do not overlap`);
      }
    }
  }
});

test('a file dropped on the dialog is read as kubectl output, not as a scenario file', async () => {
  const { page } = chrome;
  await openDialog();
  const text = await readFile(FIXTURE, 'utf8');
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], 'cluster.json', { type: 'application/json' }));
    document.querySelector('.import-dialog').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, text);
  await dialog().getByLabel('Service').waitFor();
  // The page's own drop handler (scenario files) did not see it.
  assert.doesNotMatch(await page.getByRole('status').first().textContent(), /cluster\.json/);
  await dialog().getByRole('button', { name: 'Import', exact: true }).click();
  await dialog().getByRole('region', { name: 'Import notes' }).waitFor();
  assert.match(await dialog().textContent(), /Imported shop\/web from cluster.json/);
});

test('text pasted in the open dialog is kubectl output for the dialog, never a scenario for the page', async () => {
  const { page } = chrome;
  await openDialog();
  const paste = (text) => page.evaluate((text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    // Focus is on a button of the dialog, not in its field.
    document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
  await dialog().getByRole('button', { name: 'Close' }).focus();
  await paste(await readFile(FIXTURE, 'utf8'));
  await dialog().getByLabel('Service').waitFor();
  assert.match(await dialog().getByLabel('kubectl output', { exact: true }).inputValue(), /"kind": "List"/);
  // A scenario pasted now is read as kubectl output too (and refused as such); the board stays.
  const scenario = { nodes: [{ name: 'node-x' }], pods: [{ name: 'p', node: 'node-x' }] };
  await paste(JSON.stringify(scenario));
  assert.match(await dialog().getByRole('alert').textContent(), /^kubectl output: /);
  await dialog().getByRole('button', { name: 'Close' }).click();
  assert.deepEqual(await shareRows(page), DEFAULT_ROWS);
  assert.doesNotMatch(await page.getByRole('status').first().textContent(), /pasted JSON/);
});

test('Tab and Shift+Tab go round the dialog and never reach the page behind it', async () => {
  const { page } = chrome;
  await openDialog();
  for (const key of [...Array(12).fill('Tab'), ...Array(12).fill('Shift+Tab')]) {
    await page.keyboard.press(key);
    assert.ok(await page.evaluate(() => !!document.activeElement?.closest('.import-dialog')), `${key}: focus stays in the dialog`);
  }
  await page.keyboard.press('Escape');
  assert.equal(await dialog().isVisible(), false);
});

test('a bad import shows why and keeps the board', async () => {
  await openDialog();
  const field = dialog().getByLabel('kubectl output', { exact: true });
  const importButton = dialog().getByRole('button', { name: 'Import', exact: true });
  const alert = dialog().getByRole('alert');
  await field.fill('{"kind": "List", "items": [{"kind": "Node"');
  assert.match(await alert.textContent(), /^kubectl output: .*was the output cut off\?.*The board was not changed\.$/);
  assert.equal(await importButton.isDisabled(), true);
  await field.fill('apiVersion: v1\nkind: List\nitems: []\n');
  assert.match(await alert.textContent(), /this build reads only JSON\. Fix: run kubectl with `-o json`/);
  // Valid JSON, but no Node: refused at Import.
  await field.fill(JSON.stringify({ kind: 'List', items: [{ kind: 'Service', metadata: { name: 'web' }, spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } }] }));
  await importButton.click();
  assert.match(await alert.textContent(), /^kubectl output: there is no Node in the kubectl output.*Fix: include the nodes/);
  const { summary } = await axe(chrome.page, { context: '.import-dialog' });
  assert.equal(summary, '', 'axe on the dialog with an error');
  await dialog().getByRole('button', { name: 'Close' }).click();
  assert.deepEqual(await shareRows(chrome.page), DEFAULT_ROWS);
});

test('Copy YAML copies the board as a Service and a Deployment', async () => {
  const { page } = chrome;
  await chrome.instance.contexts()[0].grantPermissions(['clipboard-read', 'clipboard-write'], { origin: chrome.url });
  await page.getByRole('button', { name: 'Copy YAML' }).click();
  const field = page.getByLabel('Service and Deployment YAML');
  await field.waitFor();
  const yaml = await field.inputValue();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), yaml);
  assert.match(yaml, /^apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: default\n/);
  assert.match(yaml, /\n  type: LoadBalancer\n  externalTrafficPolicy: Local\n/);
  assert.match(yaml, /\n---\napiVersion: apps\/v1\nkind: Deployment\n/);
  assert.match(yaml, /\n  replicas: 6\n/);
  assert.match(yaml, /not spread \(1, 2, 3 per node\)/);
  // The field follows the board: spread the pods and the Deployment keeps them spread.
  await page.getByRole('button', { name: /^Spread pods/ }).click();
  await page.waitForFunction(() => document.querySelector('.share textarea[rows="6"]')?.value.includes('maxSkew: 1'));
});
