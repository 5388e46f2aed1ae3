#!/usr/bin/env bash
# Prints the median of every criterion benchmark that has run (criterion's
# headline figure is the mean; the README reports medians).
set -euo pipefail
cd "$(dirname "$0")/.."
find target/criterion -path '*/new/estimates.json' | sort | while read -r f; do
  name=${f#target/criterion/}; name=${name%/new/estimates.json}
  node -e '
    const e = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const ns = e.median.point_estimate;
    const text = ns >= 1e6 ? (ns / 1e6).toFixed(2) + " ms" : ns >= 1e3 ? (ns / 1e3).toFixed(1) + " µs" : ns.toFixed(1) + " ns";
    console.log(process.argv[2].padEnd(50) + " median " + text);
  ' "$f" "$name"
done
