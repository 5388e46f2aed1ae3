// The traffic summary and the observed panel say what happens, also at the
// edges: every connection failing at the app (a PROXY mismatch), nothing
// reaching a pod at all, a Ready pod that gets nothing (an infinite
// imbalance), and the tiny exact shares of a big board.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageSuite, trafficSummary } from './harness.mjs';

const chrome = pageSuite();

const summary = () => chrome.page.getByRole('region', { name: 'Traffic summary' });
const seen = async () => (await summary().locator('.seen').textContent()).replace(/^Pods see as source: /, '');
const preset = (id) => chrome.page.getByRole('combobox', { name: 'Preset' }).selectOption(id);

test('a PROXY header the app does not expect: the summary says every connection fails', async () => {
  const { page } = chrome;
  await page.getByRole('combobox', { name: 'PROXY protocol' }).selectOption('v1');
  await page.getByRole('combobox', { name: 'App expects a PROXY header' }).selectOption('no');
  const note = summary().getByRole('note');
  assert.match(await note.textContent(), /^Every connection fails at the app: .*400 Bad Request/);
  assert.equal(await seen(), 'no one: every connection fails at the app');
  assert.equal((await trafficSummary(page))['Client IP kept'], '0.0%');
  await page.getByRole('combobox', { name: 'App expects a PROXY header' }).selectOption('as sent');
  assert.equal(await summary().getByRole('note').count(), 0);
  assert.match(await seen(), /^the client's own IP/);
});

test('nothing reaches a pod: no one sees a source', async () => {
  await preset('no-pods-rejected');
  await chrome.page.waitForFunction(() => document.querySelector('.summary .seen')?.textContent.includes('no one'));
  assert.equal(await seen(), 'no one: no connection reaches a pod');
  assert.equal((await trafficSummary(chrome.page)).Rejected, '100.0%');
});

test('a Ready pod that gets nothing makes the imbalance infinite, written ∞', async () => {
  await preset('metallb-l2-local-pods-off-the-leader');
  await chrome.page.waitForFunction(() => document.querySelector('.summary')?.textContent.includes('∞'));
  assert.equal((await trafficSummary(chrome.page)).Imbalance, '∞');
});

test('on a big board the observed panel writes tiny exact shares with two digits, like the table', async () => {
  const { page, url } = chrome;
  await page.goto(`${url}?generate=500x15000`);
  const observed = page.getByRole('region', { name: 'Observed connections' });
  await observed.locator('tbody tr').first().waitFor();
  const exact = await observed.locator('tbody tr td.num:first-of-type').allTextContents();
  assert.ok(exact.length > 0);
  for (const share of exact) assert.match(share, /^0\.0\d*[1-9]\d*%$/, `${share} keeps its digits`);
});
