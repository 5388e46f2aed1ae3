#!/usr/bin/env bash
# Installs what building and testing trafficlab needs, from the package
# registries only, skipping every piece already present at the exact version.
# trunk 0.21.14: 0.22 needs a newer rustc than this toolchain's; wasm-bindgen-cli:
# exactly the version Cargo.lock pins; wasm-opt: npm's binaryen (Debian's is too old).
#
#   scripts/ensure-tools.sh          everything (build + tests)
#   scripts/ensure-tools.sh build    only what `make serve` needs
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$PWD/node_modules/.bin:$CARGO_BIN:$PATH"
want="${1:-all}"

say() { printf '\033[1m[tools]\033[0m %s\n' "$*"; }
fail() { printf '[tools] error: %s\n' "$*" >&2; exit 1; }

# The wasm-bindgen CLI must match the library version Cargo.lock pins exactly.
wasm_bindgen_version() {
  awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@";
  elif command -v sudo >/dev/null; then sudo "$@";
  else fail "need root to run: $* (install it by hand, or run as root)"; fi
}

ensure_rust() {
  command -v cargo >/dev/null || fail "cargo not found: install Rust with rustup first (https://rustup.rs)"
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_cargo_tool() { # ensure_cargo_tool CRATE VERSION BINARY [ENV...]
  local crate=$1 version=$2 binary=$3; shift 3
  if [ "$("$binary" --version 2>/dev/null | awk '{print $2}')" = "$version" ]; then return; fi
  say "installing $crate $version (a few minutes, once)"
  env "$@" cargo install "$crate" --version "$version" --locked
}

ensure_node_modules() {
  command -v npm >/dev/null || fail "npm not found: install Node.js 20 or newer"
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing node packages (wasm-opt, playwright-core)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

ensure_chromium() {
  if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then return; fi
  say "installing Debian's chromium and chromium-driver"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  chromium --version >/dev/null 2>&1 || fail "chromium did not install"
}

# The kernel lab (`make test-lab`, `trafficlab lab`) needs ip, iptables and nft.
# Installed only as root: elsewhere the lab cannot run anyway and says so.
ensure_netfilter() {
  if command -v ip >/dev/null && command -v iptables-restore >/dev/null && command -v nft >/dev/null; then return; fi
  [ "$(id -u)" = 0 ] || return 0
  say "installing Debian's iproute2, iptables and nftables (for the kernel lab)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iproute2 iptables nftables >/dev/null
}

ensure_rust
version=$(wasm_bindgen_version)
[ -n "$version" ] || fail "wasm-bindgen is not in Cargo.lock"
ensure_cargo_tool wasm-bindgen-cli "$version" wasm-bindgen
# LTO off and more codegen units make trunk's install ~40% faster; it is a dev tool.
ensure_cargo_tool trunk "$TRUNK_VERSION" trunk CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
ensure_node_modules
if [ "$want" = all ]; then
  ensure_chromium
  ensure_netfilter
fi
