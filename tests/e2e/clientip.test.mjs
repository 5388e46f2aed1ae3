// Keeping the client's address in the browser: turn on PROXY protocol v2 and
// read its header, field by field, in the inspector; put an ingress
// controller in front and see its pods, its table and the second leg's
// X-Forwarded-For; apply a fix from the comparison and undo it; the
// comparison is a modal dialog that keeps focus until it closes. The numbers
// and bytes themselves are checked natively (crates/core/tests/); here only
// the wiring and real interaction, and the page stays axe clean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axe, pageSuite, podName, screenshot, shareRows, focused as focusedIn, assertFocusStaysIn } from './harness.mjs';

const chrome = pageSuite();

const status = () => chrome.page.getByRole('status');
const proxy = () => chrome.page.getByRole('combobox', { name: 'PROXY protocol' });
const inspector = () => chrome.page.getByRole('region', { name: 'Selection' });

test('PROXY protocol v2: the inspector shows the header field by field', async () => {
  await proxy().selectOption('v2');
  await status().getByText('PROXY protocol v2 on the load balancer').waitFor();
  await chrome.page.getByRole('button', { name: podName('web-1') }).click();
  const dump = inspector().getByRole('table', { name: 'PROXY protocol v2 header, field by field' });
  await dump.waitFor();
  const rows = await dump.locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  assert.deepEqual(rows.map((r) => r[2]), ['sig', 'ver_cmd', 'fam', 'len', 'src_addr', 'dst_addr', 'src_port', 'dst_port']);
  assert.deepEqual(rows[0].slice(0, 2), ['0', '0D 0A 0D 0A 00 0D 0A 51 55 49 54 0A']);
  assert.deepEqual(rows[1].slice(0, 2), ['12', '21']);
  assert.deepEqual(rows[4], ['16', 'CB 00 71 0A', 'src_addr', '203.0.113.10']);
  assert.deepEqual(rows[5], ['20', 'C6 33 64 0A', 'dst_addr', '198.51.100.10']);
  // MetalLB cannot send it: the versions are disabled, with the reason.
  await chrome.page.getByRole('combobox', { name: 'Load balancer' }).selectOption('metallbL2');
  await status().getByText(/PROXY protocol v2 turned off/).waitFor();
  assert.equal(await proxy().inputValue(), 'off');
  assert.ok(await proxy().locator('option[value="v2"]').isDisabled());
  await chrome.page.getByText(/MetalLB does not proxy/).first().waitFor();
  await screenshot(chrome.page, 'clientip-1-proxy-v2');
});

test('an ingress controller in front: its pods, its table, and X-Forwarded-For on the second leg', async () => {
  await chrome.page.getByRole('checkbox', { name: 'Ingress controller in front (ingress-nginx)' }).check();
  await status().getByText(/Ingress controller in front/).waitFor();
  const stage1 = chrome.page.getByRole('table', { name: 'Ingress controller pods: share of new connections' });
  await stage1.waitFor();
  assert.equal(await stage1.locator('tbody tr').count(), 3, 'one controller pod per node');
  assert.equal(await chrome.page.locator('svg.controller-layer .controller-chip').count(), 3);
  // Stage 2 is round robin over the app's Ready pods: even, whatever stage 1 did.
  const shares = new Set((await shareRows(chrome.page)).map((r) => r[2]));
  assert.deepEqual([...shares], ['16.7%']);
  // The packets' second leg, controller to app pod, carries the header.
  await chrome.page.getByRole('combobox', { name: 'Speed' }).selectOption('4');
  await chrome.page.waitForFunction(() => [...document.querySelectorAll('svg.packet-layer text')]
    .some((t) => t.textContent === 'X-Forwarded-For: 203.0.113.10'), null, { timeout: 20000 });
  await chrome.page.getByRole('button', { name: podName('web-2') }).click();
  await inspector().getByText('X-Forwarded-For:').waitFor();
  assert.match(await inspector().textContent(), /X-Forwarded-For: 203\.0\.113\.10/);
  await screenshot(chrome.page, 'clientip-2-ingress');
});

test('Compare fixes: apply one, then undo it', async () => {
  await chrome.page.getByRole('button', { name: 'Compare fixes…' }).click();
  const panel = chrome.page.getByRole('dialog', { name: 'Compare fixes' });
  const fixes = await panel.locator('tbody th').allTextContents();
  assert.equal(fixes[0], 'as it is');
  assert.ok(fixes.includes('Cluster + PROXY protocol v2'), fixes.join(' | '));
  await panel.getByRole('button', { name: 'Apply: Cluster + PROXY protocol v2' }).click();
  await status().getByText('Applied: Cluster + PROXY protocol v2').waitFor();
  assert.equal(await panel.count(), 0, 'Apply closes the dialog');
  assert.equal(await proxy().inputValue(), 'v2');
  assert.equal(await chrome.page.getByRole('radio', { name: 'Cluster' }).isChecked(), true);
  await chrome.page.getByRole('button', { name: 'Undo', exact: true }).click();
  await status().getByText(/Undid: Applied: Cluster \+ PROXY protocol v2/).waitFor();
  assert.equal(await proxy().inputValue(), 'off');
});

const focused = () => focusedIn(chrome.page);

test('Compare fixes is modal: Tab stays in it, the page\'s keys rest, Escape and Close give focus back', async () => {
  const page = chrome.page;
  const opener = page.getByRole('button', { name: 'Compare fixes…' });
  const panel = page.getByRole('dialog', { name: 'Compare fixes' });
  await opener.focus();
  await page.keyboard.press('Enter');
  await panel.waitFor();
  assert.deepEqual(await focused(), { name: 'Close', inDialog: true }, 'focus moves into it');
  await assertFocusStaysIn(page, 'Compare fixes');
  await page.keyboard.press('c');
  assert.equal(await page.getByRole('radio', { name: 'Cluster' }).isChecked(), false, 'C does nothing behind the dialog');
  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'detached' });
  assert.deepEqual(await focused(), { name: 'Compare fixes…', inDialog: false }, 'Escape gives focus back to the opener');
  // The page knows it closed: the button opens it again; Close closes it the same way.
  await page.keyboard.press('Enter');
  await panel.waitFor();
  await panel.getByRole('button', { name: 'Close' }).press('Enter');
  await panel.waitFor({ state: 'detached' });
  assert.deepEqual(await focused(), { name: 'Compare fixes…', inDialog: false }, 'Close gives focus back to the opener');
  await opener.click();
  await panel.waitFor();
});

test('with every client-address control in use the page is axe clean', async () => {
  await proxy().selectOption('v2');
  await chrome.page.getByRole('checkbox', { name: 'Ingress controller in front (ingress-nginx)' }).check();
  await chrome.page.getByRole('combobox', { name: 'Data path' }).selectOption('ciliumDsr');
  await chrome.page.getByRole('button', { name: podName('web-1') }).click();
  await inspector().getByRole('table', { name: 'PROXY protocol v2 header, field by field' }).waitFor();
  let { summary } = await axe(chrome.page);
  assert.equal(summary, '', summary);
  await chrome.page.getByRole('button', { name: 'Compare fixes…' }).click();
  await chrome.page.getByRole('dialog', { name: 'Compare fixes' }).waitFor();
  ({ summary } = await axe(chrome.page));
  assert.equal(summary, '', summary);
  await chrome.page.keyboard.press('Escape');
  assert.equal(await chrome.page.getByRole('dialog', { name: 'Compare fixes' }).count(), 0, 'Escape closes it');
});
