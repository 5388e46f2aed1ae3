// Shared by the end-to-end tests: a static file server for the release build
// (on loopback, an ephemeral port, stopped by the test that started it) and a
// headless Debian Chromium driven by playwright-core, and axe-core's audit.
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { chromium } from 'playwright-core';
import { before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const ARTIFACTS = join(ROOT, 'tests', 'e2e', 'artifacts');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/**
 * Serves a build on 127.0.0.1; resolves to { url, origin, close }.
 * `serve()` or `serve(dir)` serves `dir` (default: $E2E_DIST) at the site root.
 * `serve({ dir, prefix: '/trafficlab/', headers })` serves it under `prefix`,
 * as a static host serving the site from a sub-path would (anything outside
 * the prefix is a 404), and adds `headers` (e.g. a CSP) to every response.
 */
export async function serve(options = {}) {
  const { dir = process.env.E2E_DIST ?? 'dist-e2e', prefix = '/', headers = {} } =
    typeof options === 'string' ? { dir: options } : options;
  if (!prefix.startsWith('/') || !prefix.endsWith('/')) throw new Error(`prefix must start and end with /: ${prefix}`);
  const base = resolve(ROOT, dir);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path + '/' === prefix) { res.writeHead(301, { ...headers, Location: prefix }).end(); return; }
    if (!path.startsWith(prefix)) { res.writeHead(404, headers).end('not found'); return; }
    const rest = path.slice(prefix.length - 1);
    const file = normalize(join(base, rest.endsWith('/') ? rest + 'index.html' : rest));
    if (!file.startsWith(base + sep)) { res.writeHead(403, headers).end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404, headers).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { url: origin + prefix, origin, close: () => new Promise((ok) => server.close(ok)) };
}

/** A headless Chromium with a 1280×800 page; collects page errors. */
export async function browser() {
  const instance = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
    ],
  });
  const page = await instance.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return { instance, page, errors };
}

/**
 * Matches the accessible name of pod `name`'s chip on the board, which goes
 * on with what the chip shows: "pod web-1, 33.3%, Ready" (not "pod web-10, …").
 */
export function podName(name) {
  return new RegExp(`^pod ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')},`);
}

let axeSource;

/** The rule sets `axe` runs: WCAG 2.0 and 2.1 A and AA, and axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/**
 * Audits `page` with axe-core; resolves to { violations, summary }, where
 * `summary` is '' when nothing is broken, else one paragraph per rule: id,
 * impact, help, and each failing element's selector with axe's failure summary.
 * `options.context` (default the whole document), `options.tags` (default
 * AXE_TAGS) and `options.rules` (axe's per-rule switches) pass on to axe.run.
 *
 * axe goes in through the DevTools protocol (page.evaluate of its source), not
 * a <script> (page.addScriptTag): the page's CSP does not govern the former,
 * so this also audits the site under its strict CSP, with no console error.
 */
export async function axe(page, options = {}) {
  const { context = null, tags = AXE_TAGS, rules } = options;
  axeSource ??= await readFile(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async ({ context, tags, rules }) => {
    const result = await window.axe.run(context ?? document, { runOnly: { type: 'tag', values: tags }, ...(rules ? { rules } : {}) });
    return result.violations.map(({ id, impact, help, helpUrl, nodes }) => ({
      id, impact, help, helpUrl,
      nodes: nodes.map(({ target, failureSummary, html }) => ({ target, failureSummary, html })),
    }));
  }, { context, tags, rules });
  return { violations, summary: summarize(violations) };
}

function summarize(violations) {
  return violations.map(({ id, impact, help, nodes }) => [
    `${id} (${impact}, ${nodes.length} element${nodes.length === 1 ? '' : 's'}): ${help}`,
    ...nodes.map(({ target, failureSummary }) =>
      `  ${target.join(' >> ')}\n    ${(failureSummary ?? '').replace(/\n\s*/g, '\n    ')}`),
  ].join('\n')).join('\n\n');
}

export async function screenshot(page, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/**
 * Registers the hooks every page test shares: one server and one browser for
 * the file, a fresh load of the page before each test, and no console error
 * allowed after it (a panic in wasm kills the page). Returns a live handle:
 * `suite.page`, `suite.url`, `suite.instance` are set once `before` has run.
 */
export function pageSuite() {
  const suite = {};
  before(async () => {
    const server = await serve();
    const chrome = await browser();
    Object.assign(suite, { server, chrome, url: server.url, page: chrome.page, instance: chrome.instance, errors: chrome.errors });
  });
  after(async () => { await suite.instance?.close(); await suite.server?.close(); });
  beforeEach(async () => {
    suite.errors.length = 0;
    await suite.page.goto(suite.url);
    await suite.page.getByRole('table', { name: 'Traffic share per pod' }).waitFor();
  });
  afterEach(() => assert.deepEqual(suite.errors, [], 'errors in the page'));
  return suite;
}

/** The accessible name (or text) of what has focus, and whether it is inside a dialog. */
export const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return { name: '<body>', inDialog: false };
  return { name: el.getAttribute('aria-label') ?? el.textContent.trim(), inDialog: !!el.closest('dialog[open], [role="dialog"]') };
});

/** Tab and Shift+Tab ten times each: focus never leaves the open dialog. */
export async function assertFocusStaysIn(page, what) {
  for (const key of ['Tab', 'Shift+Tab']) {
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press(key);
      const now = await focused(page);
      assert.ok(now.inDialog, `${key} #${i + 1} in ${what} left it, for ${JSON.stringify(now.name)}`);
    }
  }
}

/** The table's rows once `ok(rows)` holds (polled for up to 10 s), or a failure showing them. */
export async function shareRowsWhen(page, ok) {
  for (let i = 0; i < 100; i += 1) {
    const now = await shareRows(page);
    if (ok(now)) return now;
    await page.waitForTimeout(100);
  }
  throw new Error(`the table never matched: ${JSON.stringify(await shareRows(page))}`);
}

/** The table `Traffic share per pod` as [pod, node, share] rows. */
export async function shareRows(page) {
  return page.getByRole('table', { name: 'Traffic share per pod' }).locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
}

/** The region `Traffic summary` as { Dropped: '0.0%', ... }. */
export async function trafficSummary(page) {
  const region = page.getByRole('region', { name: 'Traffic summary' });
  const pairs = await region.locator('dt').evaluateAll((dts) => dts.map((dt) => [dt.textContent, dt.nextElementSibling.textContent]));
  return Object.fromEntries(pairs);
}

/** Drags with real mouse moves from the centre of one element to another's. */
export async function mouseDrag(page, from, to) {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  const { mouse } = page;
  await mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await mouse.down();
  await mouse.move(a.x + a.width / 2 + 8, a.y + a.height / 2 + 8, { steps: 3 });
  await mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await mouse.up();
}
