// Load balancer providers and zones on the board: the Load balancer select and
// its options, the presets per provider, zone bands, and spreading with undo.
// The numbers themselves are checked natively (crates/core/tests/presets.rs);
// here only that the controls reach the reducer and the board shows the result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axe, pageSuite, podName, shareRows, shareRowsWhen, trafficSummary } from './harness.mjs';

const chrome = pageSuite();

const table = () => chrome.page.getByRole('table', { name: 'Traffic share per pod' });
const node = (name) => chrome.page.getByRole('group', { name: `node ${name}`, exact: true });
const provider = () => chrome.page.getByRole('combobox', { name: 'Load balancer' });
const status = () => chrome.page.getByRole('status');

const rows = () => shareRows(chrome.page);

const summary = () => trafficSummary(chrome.page);

test('MetalLB layer 2 under Local: the ARP leader takes all, pods off it get 0.0%', async () => {
  await provider().selectOption('metallbL2');
  await status().getByText('Load balancer: MetalLB layer 2').waitFor();
  const shares = await rows();
  const nodesWithTraffic = new Set(shares.filter((r) => r[2] !== '0.0%').map((r) => r[1]));
  assert.equal(nodesWithTraffic.size, 1, `one node gets everything: ${JSON.stringify(shares)}`);
  const [leader] = nodesWithTraffic;
  await node(leader).getByText(/^ARP leader/).waitFor();
  for (const [, on, share] of shares.filter((r) => r[1] !== leader)) {
    assert.equal(share, '0.0%', `${on} is not the leader`);
  }
  // The generic load balancer's own settings are disabled, with the reason.
  assert.ok(await chrome.page.getByRole('checkbox', { name: 'LB health checks' }).isDisabled());
  await chrome.page.getByText('LB health checks and weighting belong to the generic load balancer').waitFor();
  await chrome.page.getByRole('button', { name: 'Undo', exact: true }).click();
  assert.equal(await provider().inputValue(), 'generic');
  assert.equal((await rows())[0][2], '33.3%');
});

test('Azure rolling update preset: fail-closed, 100% dropped', async () => {
  await chrome.page.getByRole('combobox', { name: 'Preset' }).selectOption('azure-rolling-update-fail-closed');
  assert.equal(await provider().inputValue(), 'azure');
  assert.equal((await summary()).Dropped, '100.0%');
  await node('node-a').getByText('fail-closed: no new flows').waitFor();
  // The packets stop at the load balancer and say why, not kube-proxy's DROP.
  await chrome.page.getByRole('combobox', { name: 'Speed' }).selectOption('4');
  await chrome.page.waitForFunction(() => [...document.querySelectorAll('svg.packet-layer text')]
    .some((t) => t.textContent === 'fail-closed: times out'), null, { timeout: 15000 });
  const texts = await chrome.page.locator('svg.packet-layer text').allTextContents();
  assert.ok(!texts.includes('DROP: no local endpoints'), texts.join(' | '));
});

test('NLB with IP targets: the pod sees the NLB until client IP preservation is on', async () => {
  await provider().selectOption('awsNlbIp');
  assert.equal((await summary())['Client IP kept'], '0.0%');
  await chrome.page.getByRole('checkbox', { name: 'Cross-zone' }).waitFor();
  await chrome.page.getByRole('checkbox', { name: 'Preserve client IP' }).check();
  assert.equal((await summary())['Client IP kept'], '100.0%');
  // A NodePort Service has no load balancer: the provider goes back to generic.
  await chrome.page.getByRole('radio', { name: 'NodePort' }).check();
  await status().getByText(/no load balancer, so AWS NLB, IP targets is gone/).waitFor();
  assert.equal(await provider().inputValue(), 'generic');
});

test('zones: bands per zone, a node moved to a new zone, trafficDistribution', async () => {
  const board = chrome.page.getByRole('group', { name: 'Cluster diagram' });
  await chrome.page.getByRole('button', { name: 'Give nodes zones' }).click();
  await board.getByText('zone zone-a', { exact: true }).waitFor();
  await board.getByText('zone zone-b', { exact: true }).waitFor();
  assert.equal(await node('node-c').count(), 1, 'node groups keep their names');
  // Carried by keyboard, a pod visits the nodes zone by zone: node-a, then node-c (zone-a).
  await chrome.page.getByRole('button', { name: podName('web-1') }).focus();
  await chrome.page.keyboard.press('Enter');
  await chrome.page.keyboard.press('ArrowRight');
  await status().getByText('web-1 over node-c').waitFor();
  await chrome.page.keyboard.press('Escape');
  await chrome.page.getByRole('combobox', { name: 'Traffic distribution' }).selectOption('PreferClose');
  await status().getByText('trafficDistribution: PreferClose').waitFor();
  await chrome.page.getByText("trafficDistribution filters Cluster's endpoints; Local ignores it.").waitFor();

  // The box's centre may lie under a pod chip: click the box itself.
  await node('node-c').locator('.node-box').dispatchEvent('click');
  const inspector = chrome.page.getByRole('region', { name: 'Selection' });
  await inspector.getByRole('textbox', { name: 'Zone' }).fill('zone-c');
  await inspector.getByRole('button', { name: 'Apply zone' }).click();
  await board.getByText('zone zone-c', { exact: true }).waitFor();
  // The new controls (zone field, trafficDistribution, the NLB's checkboxes) pass axe too.
  await provider().selectOption('awsNlbIp');
  await chrome.page.getByRole('checkbox', { name: 'Preserve client IP' }).waitFor();
  const { violations, summary: broken } = await axe(chrome.page);
  assert.equal(violations.length, 0, broken);

  await chrome.page.getByRole('button', { name: 'Remove zones' }).click();
  assert.equal(await board.getByText(/^zone zone-/).count(), 0);
  assert.equal(await chrome.page.getByRole('combobox', { name: 'Traffic distribution' }).count(), 0);
});

test('spreading the pods takes one click and one undo', async () => {
  const before = await rows();
  await chrome.page.getByRole('button', { name: 'Spread pods (maxSkew 1)' }).click();
  await status().getByText(/Spread pods \(maxSkew 1\): moved/).waitFor();
  const after = await rows();
  assert.notDeepEqual(after.map((r) => r[1]), before.map((r) => r[1]));
  assert.deepEqual(new Set(after.map((r) => r[2])), new Set(['16.7%']));
  await chrome.page.getByRole('button', { name: 'Undo', exact: true }).click();
  await node('node-c').getByRole('button', { name: podName('web-6') }).waitFor();
  assert.deepEqual(await rows(), before);
});

test('every select shows the board it stands for after Undo and Back (a picked select stops following `selected`)', async () => {
  const { page } = chrome;
  const preset = page.getByRole('combobox', { name: 'Preset' });
  await preset.selectOption('local-crowded-nodes-starve');
  await provider().selectOption('awsNlbInstance');
  await status().getByText('Load balancer: AWS NLB, instance targets').waitFor();
  await page.getByRole('radio', { name: 'NodePort' }).check();
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  assert.ok(await page.getByRole('radio', { name: 'LoadBalancer' }).isChecked());
  assert.equal(await provider().inputValue(), 'awsNlbInstance');
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  assert.equal(await provider().inputValue(), 'generic');
  // Presets: two picks, then Back walks the picker back with the board.
  await preset.selectOption('cluster-even-but-snat');
  await preset.selectOption('nodeport-local');
  await page.goBack();
  // The board is Cluster's again (every pod 1/6), and so is the picker.
  await shareRowsWhen(page, (r) => r.every(([, , share]) => share === '16.7%'));
  assert.equal(await preset.inputValue(), 'cluster-even-but-snat');
});
