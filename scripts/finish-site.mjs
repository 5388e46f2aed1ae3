#!/usr/bin/env node
// trunk's post_build hook (Trunk.toml): moves the inline boot script out of
// index.html, so the site runs under a CSP without 'unsafe-inline'.
//
// trunk replaces `<link data-trunk rel="rust">` with an inline
// `<script type="module">import init from '{public_url}trafficlab-web-….js'; …</script>`.
// This script writes that module, byte for byte, to `boot-<hash>.js` next to
// index.html and replaces it with `<script type="module" src="{public_url}boot-<hash>.js">`.
// The module's imports are the absolute URLs trunk wrote (public URL included),
// so they resolve the same from the external file. When trunk wrote SRI hashes
// for the other files, the new tag gets one too (same algorithm, same
// crossorigin), so the page keeps checking every script it runs.
//
// Runs inside trunk (`trunk build`, `trunk serve`), which sets
// TRUNK_STAGING_DIR and TRUNK_PUBLIC_URL; by hand: `node scripts/finish-site.mjs DIR [PUBLIC_URL]`.
// `trunk serve` also adds its inline live-reload script (not a module); it is
// left alone, as only the dev server adds it and only the dev server can fill it in.
import { readFile, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
const publicUrl = process.env.TRUNK_PUBLIC_URL ?? process.argv[3] ?? '/';
if (!dir) fail('no site directory: run me from trunk, or pass the directory');

const indexPath = join(dir, 'index.html');
const html = await readFile(indexPath, 'utf8');

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;
const inlineModules = [...html.matchAll(SCRIPT)].filter(([, attrs, body]) =>
  /\btype\s*=\s*["']?module\b/i.test(attrs) && !/\bsrc\s*=/i.test(attrs) && body.trim() !== '');
if (inlineModules.length !== 1) {
  fail(`expected trunk's one inline module script in ${indexPath}, found ${inlineModules.length}: did trunk's output change?`);
}

const [tag, attrs, body] = inlineModules[0];
const source = body.trim() + '\n';
const name = `boot-${createHash('sha256').update(source).digest('hex').slice(0, 16)}.js`;
await writeFile(join(dir, name), source);

// Same integrity algorithm and crossorigin as trunk's own preload links, if any.
const algorithm = html.match(/\bintegrity\s*=\s*["']?(sha256|sha384|sha512)-/i)?.[1]?.toLowerCase();
const crossorigin = html.match(/\bcrossorigin\s*=\s*["']?([\w-]*)/i)?.[1];
const kept = attrs.replace(/\btype\s*=\s*["']?module["']?/i, '').trim(); // e.g. trunk's nonce
const extra = [
  kept,
  algorithm && `integrity="${algorithm}-${createHash(algorithm).update(source).digest('base64')}"`,
  algorithm && `crossorigin="${crossorigin || 'anonymous'}"`,
].filter(Boolean).map((a) => ' ' + a).join('');
const external = `<script type="module" src="${publicUrl}${name}"${extra}></script>`;

await writeFile(indexPath, html.replace(tag, () => external));
console.log(`finish-site: boot script moved to ${publicUrl}${name}`);

function fail(message) {
  console.error(`finish-site: ${message}`);
  process.exit(1);
}
