#!/usr/bin/env node
// Prints the size of every file the page loads at startup, raw and gzip -9,
// and the total: what a visitor downloads (`make size`).
//
//   node scripts/size.mjs DIST
//
// The files are index.html, what its <script src> and <link href> tags load
// (boot script, wasm-bindgen JS, wasm, CSS, icon) and the .js/.wasm files the
// scripts import; files only fetched later (the preset JSON) are not counted.
// Sizes come from GNU gzip itself (`gzip -9 -n`; node's zlib compresses the
// wasm about 1.5% worse), in KB of 1000 bytes.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

const [dir] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node scripts/size.mjs DIST');
  process.exit(2);
}

const html = readFileSync(join(dir, 'index.html'), 'utf8');
// The build's --public-url: where its boot script (scripts/finish-site.mjs) lives.
const publicUrl = html.match(/<script\b[^>]*\bsrc="([^"]*\/)boot-[0-9a-f]+\.js"/)?.[1];
if (publicUrl === undefined) {
  console.error(`size: no boot script in ${dir}/index.html: was it built by trunk with Trunk.toml's hook?`);
  process.exit(1);
}
const files = new Set(['index.html']);
const local = (url) => (url.startsWith(publicUrl) ? url.slice(publicUrl.length) : null);

for (const [tag] of html.matchAll(/<(script|link)\b[^>]*>/gi)) {
  const url = tag.match(/\b(?:src|href)\s*=\s*["']?([^"'\s>]+)/i)?.[1];
  const rel = tag.match(/\brel\s*=\s*["']?([\w-]+)/i)?.[1];
  if (!url || (tag.startsWith('<link') && !['stylesheet', 'modulepreload', 'preload', 'icon'].includes(rel))) continue;
  const file = local(url);
  if (file) files.add(file);
}
// What the scripts import or fetch by name (the boot script names the wasm-bindgen JS and the wasm).
for (const file of [...files].filter((f) => f.endsWith('.js'))) {
  const source = readFileSync(join(dir, file), 'utf8');
  for (const [, url] of source.matchAll(/["'`]([^"'`\s]+\.(?:js|wasm))["'`]/g)) {
    const name = local(url) ?? (url.includes('/') ? null : url);
    if (name && statSync(join(dir, name), { throwIfNoEntry: false })) files.add(name);
  }
}

const KB = 1000;
const rows = [...files].map((file) => {
  const path = join(dir, file);
  const gzipped = execFileSync('gzip', ['-9', '-n', '-c', path], { maxBuffer: 1 << 30 });
  return { file, raw: statSync(path).size, gzip: gzipped.length };
}).sort((a, b) => b.gzip - a.gzip);
const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip }), { raw: 0, gzip: 0 });

const width = Math.max(...rows.map((r) => r.file.length), 5);
const line = (name, raw, gzip) =>
  `${name.padEnd(width)}  ${(raw / KB).toFixed(1).padStart(8)}  ${(gzip / KB).toFixed(1).padStart(8)}`;
console.log(`${'file'.padEnd(width)}  ${'raw KB'.padStart(8)}  ${'gzip -9'.padStart(8)}   (KB = 1000 bytes)`);
for (const r of rows) console.log(line(r.file, r.raw, r.gzip));
console.log(line('total', total.raw, total.gzip));
