// The release site as a plain static host serves it: from the site root and
// from a sub-path, under a strict Content-Security-Policy. A load fails on any
// CSP violation, console error, request that leaves the server, or 4xx/5xx.
//
// Expects two builds: $E2E_DIST (the root build the other tests use) and
// $E2E_SUBPATH_DIST, built with `--public-url /trafficlab/` (`make test-e2e`
// builds both).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve, browser, screenshot, ROOT } from './harness.mjs';

/** The policy the README promises the site runs under. */
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const SUBPATH = '/trafficlab/';
const ROOT_DIST = process.env.E2E_DIST ?? 'dist-e2e';
const SUBPATH_DIST = process.env.E2E_SUBPATH_DIST ?? 'dist-e2e-subpath';

let chrome;
before(async () => { chrome = await browser(); });
after(async () => { await chrome?.instance.close(); });

/**
 * Opens `server.url` + `query` in a fresh page, waits for the app (and runs
 * `exercise(page)`), and returns what a strict host would object to, plus the
 * URLs the page requested.
 */
async function load(server, { query = '', exercise = async () => {} } = {}) {
  const page = await chrome.instance.newPage({ viewport: { width: 1280, height: 800 } });
  const seen = { errors: [], foreign: [], failed: [], requests: [] };
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(
      `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`));
    // Which code set a style attribute (the report only names the bindings' line).
    window.__styleAttributes = new Set();
    const setAttribute = Element.prototype.setAttribute;
    Element.prototype.setAttribute = function (name, value) {
      if (name.toLowerCase() === 'style') window.__styleAttributes.add(`<${this.localName} style="${value}">`);
      return setAttribute.call(this, name, value);
    };
  });
  page.on('console', (m) => { if (m.type() === 'error') seen.errors.push(m.text()); });
  page.on('pageerror', (e) => seen.errors.push(e.message));
  page.on('request', (r) => {
    seen.requests.push(r.url());
    if (!r.url().startsWith(server.origin + '/')) seen.foreign.push(r.url());
  });
  page.on('response', (r) => { if (r.status() >= 400) seen.failed.push(`${r.status()} ${r.url()}`); });
  page.on('requestfailed', (r) => seen.failed.push(`${r.failure()?.errorText} ${r.url()}`));

  const response = await page.goto(server.url + query);
  assert.equal(response.headers()['content-security-policy'], CSP, 'the page is served with the CSP');
  await page.getByRole('table', { name: 'Traffic share per pod' }).waitFor();
  await exercise(page);
  await page.waitForLoadState('networkidle');
  const [violations, styles] = await page.evaluate(() => [window.__cspViolations, [...window.__styleAttributes]]);
  return { page, violations, styles, ...seen };
}

/** Asserts a clean load and that the page still enforces the CSP afterwards. */
async function assertClean(loaded, name) {
  const { page, violations, styles, errors, foreign, failed } = loaded;
  await screenshot(page, name);
  assert.deepEqual(violations, [], `CSP violations; style attributes the page set: ${styles.join(' ') || 'none'}`);
  assert.deepEqual(errors, [], 'console errors');
  assert.deepEqual(foreign, [], 'requests that leave the test server');
  assert.deepEqual(failed, [], 'failed requests');
  // The control: an inline style is refused and reported, so the checks above can fail.
  await page.evaluate(() => document.body.setAttribute('style', 'outline: 1px solid red'));
  await page.waitForFunction(() => window.__cspViolations.some((v) => v.startsWith('style-src-attr')));
  await page.close();
}

/** An update after the first render: styles set at run time must pass the CSP too. */
async function toCluster(page) {
  await page.getByRole('radiogroup', { name: 'externalTrafficPolicy' }).getByRole('radio', { name: 'Cluster', exact: true }).check();
  const table = page.getByRole('table', { name: 'Traffic share per pod' });
  await table.getByRole('row').filter({ hasText: 'web-1' }).getByRole('cell', { name: '16.7%' }).waitFor();
}

function expectBuild(dir, publicUrl) {
  let html;
  try {
    html = readFileSync(join(ROOT, dir, 'index.html'), 'utf8');
  } catch {
    assert.fail(`no build in ${dir}: run \`make test-e2e\`, or \`trunk build --release --offline --public-url ${publicUrl} --dist ${dir}\``);
  }
  assert.match(html, new RegExp(`<script type="module" src="${publicUrl}boot-[0-9a-f]{16}\\.js"`), `${dir} was built with --public-url ${publicUrl} and the boot hook`);
  assert.doesNotMatch(html, /<script\b(?![^>]*\bsrc=)[^>]*>/, 'no inline script in index.html');
  assert.doesNotMatch(html, /\bstyle=/, 'no inline style in index.html');
}

test('the root build works at / under the strict CSP', async () => {
  expectBuild(ROOT_DIST, '/');
  const server = await serve({ dir: ROOT_DIST, headers: { 'Content-Security-Policy': CSP } });
  try {
    const loaded = await load(server, { exercise: toCluster });
    assert.ok(loaded.requests.some((u) => /\/boot-[0-9a-f]{16}\.js$/.test(u)), 'the boot script is loaded');
    await assertClean(loaded, 'hosting-root');
  } finally {
    await server.close();
  }
});

test('the sub-path build works at /trafficlab/ under the strict CSP', async () => {
  expectBuild(SUBPATH_DIST, SUBPATH);
  const server = await serve({ dir: SUBPATH_DIST, prefix: SUBPATH, headers: { 'Content-Security-Policy': CSP } });
  try {
    const loaded = await load(server, { exercise: toCluster });
    const outside = loaded.requests.filter((u) => !u.startsWith(server.url));
    assert.deepEqual(outside, [], `every request stays under ${SUBPATH}`);
    for (const kind of [/\/boot-[0-9a-f]{16}\.js$/, /_bg\.wasm$/, /\.css$/]) {
      assert.ok(loaded.requests.some((u) => kind.test(u)), `a request matching ${kind}`);
    }
    await assertClean(loaded, 'hosting-subpath');
  } finally {
    await server.close();
  }
});

test('a big board (compact pod chips) works under the strict CSP', async () => {
  expectBuild(SUBPATH_DIST, SUBPATH);
  const server = await serve({ dir: SUBPATH_DIST, prefix: SUBPATH, headers: { 'Content-Security-Policy': CSP } });
  try {
    const loaded = await load(server, { query: '?generate=10x100' });
    assert.equal(await loaded.page.locator('.pod.compact').count(), 100, 'compact chips');
    await assertClean(loaded, 'hosting-compact');
  } finally {
    await server.close();
  }
});
