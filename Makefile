# trafficlab's two commands: `make serve` and `make test`. Both install what
# is missing first (scripts/ensure-tools.sh), from the package registries only.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
CARGO_BIN := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
export PATH := $(CURDIR)/node_modules/.bin:$(CARGO_BIN):$(PATH)
TRUNK := trunk build --release --offline
E2E_DIST := dist-e2e
E2E_SUBPATH_DIST := dist-e2e-subpath
SIZE_DIST := dist-size

.PHONY: serve test tools build size test-native test-browser test-e2e test-lab bench bench-core bench-board bench-first-view bench-anim bench-import clean

## serve: build the site and serve it on http://127.0.0.1:8080 (rebuilds on change)
serve:
	scripts/ensure-tools.sh build
	trunk serve --release --offline --address 127.0.0.1 --port 8080

## test: every test: native (unit, table, property, CLI), browser (wasm-bindgen-test), end-to-end (Playwright), the kernel lab
test:
	scripts/ensure-tools.sh
	$(MAKE) --no-print-directory test-native test-browser test-e2e test-lab

tools:
	scripts/ensure-tools.sh

## build: the release site in dist/
build:
	scripts/ensure-tools.sh build
	$(TRUNK) --dist dist

## size: build the release site and print the gzip -9 size of every file the page loads
size:
	scripts/ensure-tools.sh build
	$(TRUNK) --dist $(SIZE_DIST)
	node scripts/size.mjs $(SIZE_DIST)

test-native:
	cargo test --workspace --locked

## test-lab: the lab in the real kernel (root, ip, iptables, nft); elsewhere it prints `lab: skipped (reason)`
test-lab:
	scripts/test-lab.sh

test-browser:
	cargo test --locked --target wasm32-unknown-unknown -p trafficlab --test browser

# The e2e tests serve their own build from a separate dist, so a running
# `make serve` is never raced. The second build is the same code under a
# sub-path (cargo's output is reused; only wasm-bindgen and wasm-opt rerun).
test-e2e:
	$(TRUNK) --dist $(E2E_DIST)
	$(TRUNK) --dist $(E2E_SUBPATH_DIST) --public-url /trafficlab/
	E2E_DIST=$(E2E_DIST) E2E_SUBPATH_DIST=$(E2E_SUBPATH_DIST) npm run --silent e2e

## bench-core: criterion benchmarks of the routing core; prints the medians
bench-core:
	cargo bench --locked -p trafficlab-core --bench shares
	scripts/criterion-medians.sh

## bench-board: a real mouse drop on a 100-node, 2 000-pod board in headless Chromium, timed to the redrawn chart
bench-board:
	scripts/ensure-tools.sh
	$(TRUNK) --dist $(E2E_DIST)
	E2E_DIST=$(E2E_DIST) node tests/e2e/bench/board-drop.mjs

## bench-first-view: time to the first view of ?generate=100x2000, 500x15000 and 5000x150000 in headless Chromium
bench-first-view:
	scripts/ensure-tools.sh
	$(TRUNK) --dist $(E2E_DIST)
	E2E_DIST=$(E2E_DIST) node tests/e2e/bench/first-view.mjs

## bench-anim: frame times with ~200 animated packets in flight, headless Chromium at 1280x800
bench-anim:
	scripts/ensure-tools.sh
	$(TRUNK) --dist $(E2E_DIST)
	E2E_DIST=$(E2E_DIST) node tests/e2e/bench/packets.mjs

## bench-import: import a generated kubectl List (1 000 nodes, 30 000 pods, ~350 MB) natively, then in headless Chromium
bench-import:
	scripts/ensure-tools.sh
	cargo bench --locked -p trafficlab-kube --bench import
	scripts/criterion-medians.sh
	$(TRUNK) --dist $(E2E_DIST)
	E2E_DIST=$(E2E_DIST) node tests/e2e/bench/import.mjs

bench: bench-core bench-board bench-first-view bench-anim bench-import

clean:
	cargo clean
	rm -rf dist $(E2E_DIST) $(E2E_SUBPATH_DIST) $(SIZE_DIST) tests/e2e/artifacts
