// The animated connections, end to end in headless Chromium: labels rewritten
// at the NAT points, the client address kept under Local, drops, and observed
// counters that converge to the exact shares.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageSuite, screenshot } from './harness.mjs';

const chrome = pageSuite();

const layer = () => chrome.page.locator('svg.packet-layer');
const policy = (name) => chrome.page.getByRole('radiogroup', { name: 'externalTrafficPolicy' }).getByRole('radio', { name, exact: true });

/** Every text the packet layer shows during `ms`, sampled every 40 ms. */
async function textsDuring(ms) {
  return chrome.page.evaluate((ms) => new Promise((resolve) => {
    const seen = new Set();
    const sample = () => document.querySelectorAll('svg.packet-layer text').forEach((t) => seen.add(t.textContent));
    const timer = setInterval(sample, 40);
    setTimeout(() => { clearInterval(timer); resolve([...seen]); }, ms);
  }), ms);
}

async function faster() {
  await chrome.page.getByRole('combobox', { name: 'Speed' }).selectOption('4');
}

test('under Cluster a packet is SNATed to a node IP or a pod-CIDR gateway', async () => {
  await policy('Cluster').check();
  await faster();
  const texts = await textsDuring(4000);
  const snat = texts.filter((t) => /SNAT 203\.0\.113\.10 → (10\.0\.0\.1[1-3]|10\.244\.[1-3]\.1)\b/.test(t));
  assert.ok(snat.length > 0, `no SNAT label among ${texts.length} texts`);
  assert.ok(texts.some((t) => /^DNAT 198\.51\.100\.10:80 → 10\.244\.\d\.\d+:8080/.test(t)), 'a DNAT label');
  assert.ok(texts.some((t) => /^sees (10\.0\.0\.1[1-3]|10\.244\.[1-3]\.1)$/.test(t)), 'a pod sees a node address');
  await screenshot(chrome.page, 'traffic-cluster');
});

test('under Local no SNAT happens and pods see the client', async () => {
  await faster();
  const texts = await textsDuring(4000);
  assert.ok(texts.some((t) => t.startsWith('DNAT 198.51.100.10:80 → ')), 'DNAT still happens');
  assert.ok(!texts.some((t) => t.includes('SNAT')), `an SNAT label under Local: ${texts.filter((t) => t.includes('SNAT'))}`);
  assert.ok(texts.includes('sees 203.0.113.10'), 'a pod sees the client');
  assert.ok(!texts.some((t) => /^sees 10\./.test(t)));
});

test('with Local, no health checks and an empty node, packets are dropped there', async () => {
  await chrome.page.getByRole('combobox', { name: 'Preset' }).selectOption('local-empty-node-no-health-check');
  await chrome.page.getByRole('slider', { name: 'Connections per second' }).fill('10');
  await faster();
  const texts = await textsDuring(5000);
  assert.ok(texts.includes('DROP: no local endpoints'), 'a DROP mark');
  assert.ok(texts.includes('client: timed out'), 'the client side times out');
  await screenshot(chrome.page, 'traffic-drop');
});

test('health probes go to every node and come back 200 or 503', async () => {
  await chrome.page.getByRole('combobox', { name: 'Preset' }).selectOption('local-empty-node-health-checked');
  const texts = await textsDuring(3500);
  assert.ok(texts.includes('GET /'), 'a probe on its way');
  assert.ok(texts.includes('503'), 'node-c answers 503');
  assert.ok(texts.includes('200'));
});

test('following a connection shows its hops and rewrites; step mode moves it hop by hop', async () => {
  const page = chrome.page;
  await page.getByRole('button', { name: '❚❚ Pause' }).click();
  await page.getByRole('button', { name: 'Step' }).click();
  const panel = page.getByRole('region', { name: 'Followed connection' });
  await panel.waitFor();
  const first = await panel.locator('li.current').textContent();
  assert.match(first, /client 203\.0\.113\.10 → load balancer/);
  await page.getByRole('button', { name: 'Step' }).click();
  await page.getByRole('button', { name: 'Step' }).click();
  assert.match(await panel.locator('li.current').textContent(), /DNAT 198\.51\.100\.10:80/);
  assert.match(await panel.locator('.outcome').textContent(), /Delivered to web-\d, which sees source 203\.0\.113\.10 \(the client: no SNAT\)/);
  const rules = await panel.locator('.rules li').allTextContents();
  assert.match(rules[0], /^nat\/KUBE-SERVICES/);
  assert.ok(rules.some((r) => /^nat\/KUBE-SVL-LOLE4ISW44XBNF3G/.test(r)), rules.join('\n'));
  assert.ok(rules.some((r) => r.includes('-j DNAT --to-destination 10.244.')), 'the DNAT rule');
  assert.ok(!rules.some((r) => r.includes('KUBE-MARK-MASQ')), 'no masquerade mark under Local');
  await screenshot(page, 'traffic-follow');
});

test('the observed counters converge to the exact shares', async () => {
  const page = chrome.page;
  await page.getByRole('slider', { name: 'Connections per second' }).fill('60');
  await faster();
  await page.waitForTimeout(9000);
  await page.getByRole('button', { name: '❚❚ Pause' }).click();
  await page.waitForTimeout(300);
  const total = Number((await page.locator('.observed-total').textContent()).match(/^(\d+)/)[1]);
  assert.ok(total >= 600, `only ${total} connections`);
  const rows = await page.getByRole('table', { name: 'Observed share per pod' }).locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.children].map((c) => parseFloat(c.textContent))));
  for (const [, exact, observed] of rows) {
    assert.ok(Math.abs(exact - observed) < 6, `exact ${exact}% vs observed ${observed}% after ${total}`);
  }
});

test('with prefers-reduced-motion the page starts paused and steps from place to place', async () => {
  const context = await chrome.instance.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  try {
    await page.goto(chrome.url);
    await page.getByRole('button', { name: '▶ Play' }).waitFor();
    await page.getByText('Reduced motion: packets jump between places.').waitFor();
    await page.waitForTimeout(600);
    assert.equal(await page.locator('svg.packet-layer g.packet').count(), 0, 'nothing moves on its own');
    await page.getByRole('button', { name: 'Step' }).click();
    await page.getByRole('button', { name: 'Step' }).click();
    const at = await page.locator('svg.packet-layer g.packet').first().getAttribute('transform');
    await page.waitForTimeout(400);
    assert.equal(await page.locator('svg.packet-layer g.packet').first().getAttribute('transform'), at, 'the packet stays put between steps');
  } finally {
    await context.close();
  }
});
