#!/usr/bin/env node
// Where the release wasm's bytes go, by crate: sums `twiggy top`'s shallow
// sizes by the crate each function's path starts with. A development aid, not
// part of any build or test; twiggy comes from `cargo install twiggy --locked`.
//
// The wasm needs its function names, which the release profile strips, and
// should have been through wasm-opt as trunk runs it:
//
//   CARGO_TARGET_DIR=/tmp/wasm-names CARGO_PROFILE_RELEASE_STRIP=false \
//     cargo build --release --locked --target wasm32-unknown-unknown --bin trafficlab-web
//   wasm-bindgen --target web --out-dir /tmp/wasm-names/bg /tmp/wasm-names/wasm32-unknown-unknown/release/trafficlab-web.wasm
//   wasm-opt -Oz -g <index.html's data-wasm-opt-params> /tmp/wasm-names/bg/trafficlab-web_bg.wasm -o named.wasm
//   twiggy top -n 100000 -f json named.wasm | node scripts/wasm-crates.mjs
//
// Generic code is counted where its path starts (a Yew component's `view` is
// `yew::…::CompStateInner<COMP>::view`), so those views get a line of their
// own; `<f64 as core::fmt::Display>::fmt` counts for core. Data segments
// cannot be split by crate.
import { readFileSync } from 'node:fs';

const items = JSON.parse(readFileSync(0, 'utf8'));
const STD = new Set(['core', 'alloc', 'std', 'dlmalloc', 'compiler_builtins', 'hashbrown']);

function group(name) {
  if (/^"[a-z ]+" subsection$/.test(name)) return null; // the names section: stripped in release
  if (name.startsWith('data segment')) return '(data segments)';
  if (/^(type|table|elem|memory|global|export|import|code|custom)\b|^"/.test(name)) return '(wasm tables, types, imports, unnamed code)';
  if (name.includes('CompStateInner<COMP> as yew::html::component::lifecycle::Stateful>::view')) return 'app component views (in yew generics)';
  let path = name.replace(/^[<&]+/, '').replace(/^(mut |dyn )/, '');
  if (/^(\[|\(|[fiu](8|16|32|64|128|size)\b|bool\b|char\b|str\b|T\b|I\b|F\b)/.test(path)) {
    path = name.match(/ as ([a-z_][a-z0-9_]*)/)?.[1] ?? 'core'; // <f64 as core::fmt::Display>: the trait's crate
  }
  const crate = (path.match(/^[A-Za-z_][A-Za-z0-9_]*/)?.[0] ?? '?').replace(/\[[0-9a-f]+\]$/, '');
  if (STD.has(crate)) return 'std (core, alloc, hashbrown, dlmalloc)';
  if (/^__wbg|^__wbindgen|^__externref/.test(crate) || ['wasm_bindgen', 'js_sys', 'web_sys'].includes(crate)) return 'wasm-bindgen, js-sys, web-sys';
  return crate;
}

const bytes = new Map();
for (const { name, shallow_size } of items) {
  const key = group(name);
  if (key) bytes.set(key, (bytes.get(key) ?? 0) + shallow_size);
}
const total = [...bytes.values()].reduce((a, b) => a + b, 0);
console.log(`${(total / 1000).toFixed(1).padStart(7)} KB  total (without the names section)`);
for (const [key, size] of [...bytes].sort((a, b) => b[1] - a[1])) {
  if (size < 500) continue;
  console.log(`${(size / 1000).toFixed(1).padStart(7)} KB  ${(100 * size / total).toFixed(1).padStart(4)}%  ${key}`);
}
