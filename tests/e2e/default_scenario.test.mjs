// The release site, served locally, shows the default scenario's shares
// computed by the core in the browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, browser, screenshot } from './harness.mjs';

let server, chrome;
before(async () => { server = await serve(); chrome = await browser(); });
after(async () => { await chrome?.instance.close(); await server?.close(); });

test('the default scenario shows Cluster and Local shares per pod', async () => {
  const { page, errors } = chrome;
  await page.goto(server.url);
  const table = page.getByRole('table', { name: 'Share per pod under each policy' });
  await table.waitFor();
  const rows = await table.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  assert.deepEqual(rows, [
    ['web-1', 'node-a', 'Ready', '16.7%', '33.3%'],
    ['web-2', 'node-b', 'Ready', '16.7%', '16.7%'],
    ['web-3', 'node-b', 'Ready', '16.7%', '16.7%'],
    ['web-4', 'node-c', 'Ready', '16.7%', '11.1%'],
    ['web-5', 'node-c', 'Ready', '16.7%', '11.1%'],
    ['web-6', 'node-c', 'Ready', '16.7%', '11.1%'],
  ]);
  const summary = page.getByRole('table', { name: 'Summary under each policy' });
  assert.equal(await summary.getByRole('row', { name: /Local/ }).locator('td').last().textContent(), '3.00×');
  await screenshot(page, 'default-scenario');
  assert.deepEqual(errors, []);
});
