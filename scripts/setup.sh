# Installs what a fresh machine lacks to build, serve and test the blog. Sourced by
# scripts/serve and scripts/test. Every step checks first, so a second run costs seconds.
#
# cargo-leptos would download wasm-bindgen and wasm-opt from GitHub, which these machines cannot
# reach, so both are put on PATH beforehand: wasm-bindgen from crates.io, wasm-opt from npm.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Build output and tools live outside the checkout so a fresh clone (as in CI) rebuilds
# incrementally instead of from scratch.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/rust-blog/target}"
TOOLS_DIR="${BLOG_TOOLS_DIR:-$HOME/.cache/rust-blog/tools}"
export PATH="$HOME/.cargo/bin:$TOOLS_DIR/node_modules/.bin:$PATH"

CARGO_LEPTOS_VERSION=0.3.10 # 0.3.11 needs rustc 1.96
BINARYEN_VERSION=132.0.0
# Fuzzing needs a nightly compiler; a fixed one keeps the fuzz build's cache valid.
FUZZ_NIGHTLY=nightly-2026-10-29
CARGO_FUZZ_VERSION=0.13.1
CARGO_DENY_VERSION=0.18.3
SCHEMATHESIS_VERSION=4.32.5
AIOSMTPD_VERSION=1.4.6

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }

ensure_rust_parts() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    step "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  for component in clippy rustfmt; do
    if ! rustup component list --installed | grep -q "^$component"; then
      step "adding $component"
      rustup component add "$component"
    fi
  done
}

ensure_cargo_leptos() {
  if ! cargo leptos --version 2>/dev/null | grep -qF "$CARGO_LEPTOS_VERSION"; then
    step "installing cargo-leptos $CARGO_LEPTOS_VERSION (once)"
    # Its own release profile (fat LTO, one codegen unit) took 21 minutes here; the tool
    # mostly waits on cargo and wasm-bindgen, so a quick build serves as well.
    install_tool cargo-leptos "$CARGO_LEPTOS_VERSION"
  fi
}

ensure_wasm_bindgen() {
  local wanted
  wanted=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' "$ROOT/Cargo.lock")
  if ! wasm-bindgen --version 2>/dev/null | grep -qF "$wanted"; then
    step "installing wasm-bindgen-cli $wanted (matches Cargo.lock)"
    # Not --locked: its lock file names a crate version the registry does not serve.
    env -u CARGO_TARGET_DIR cargo install wasm-bindgen-cli --version "=$wanted"
  fi
}

ensure_wasm_opt() {
  if ! wasm-opt --version 2>/dev/null | grep -qF "version ${BINARYEN_VERSION%%.*}"; then
    step "installing wasm-opt (npm binaryen $BINARYEN_VERSION)"
    mkdir -p "$TOOLS_DIR"
    npm install --prefix "$TOOLS_DIR" --no-audit --no-fund "binaryen@$BINARYEN_VERSION"
  fi
}

ensure_chromium() {
  if ! command -v chromium >/dev/null; then
    step "installing Debian's chromium for the end2end tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  fi
  # The Chinese UI and search are tested and photographed: without a CJK font Chromium draws
  # boxes. WenQuanYi Micro Hei is small (1.6 MB).
  if [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then
    step "installing a Chinese font for the end2end tests and screenshots"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei
  fi
}

ensure_end2end_packages() {
  # npm ci only when package-lock.json changed since the last install.
  local lock="$ROOT/end2end/package-lock.json" stamp="$ROOT/end2end/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || [ "$lock" -nt "$stamp" ]; then
    step "installing the end2end test packages"
    (cd "$ROOT/end2end" && npm ci --no-audit --no-fund)
  fi
}

# Installs a tool built for a quick install rather than for speed: cargo-leptos, cargo-fuzz and
# cargo-deny run for seconds or wait on cargo, and a full release build of each costs minutes
# on 2 cores. In a throwaway target folder: the project's own must not be locked meanwhile.
install_tool() {
  env -u CARGO_TARGET_DIR CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_DEBUG=false \
    cargo install "$1" --version "$2" --locked
}

ensure_fuzzing() {
  if ! rustup toolchain list | grep -q "^$FUZZ_NIGHTLY"; then
    step "adding the $FUZZ_NIGHTLY toolchain (for cargo fuzz)"
    rustup toolchain install "$FUZZ_NIGHTLY" --profile minimal
  fi
  if ! cargo fuzz --version 2>/dev/null | grep -qF "$CARGO_FUZZ_VERSION"; then
    step "installing cargo-fuzz $CARGO_FUZZ_VERSION"
    install_tool cargo-fuzz "$CARGO_FUZZ_VERSION"
  fi
}

ensure_cargo_deny() {
  if ! cargo deny --version 2>/dev/null | grep -qF "$CARGO_DENY_VERSION"; then
    step "installing cargo-deny $CARGO_DENY_VERSION"
    install_tool cargo-deny "$CARGO_DENY_VERSION"
  fi
}

# schemathesis in a virtualenv of the tools folder.
ensure_schemathesis() {
  local venv="$TOOLS_DIR/schemathesis"
  if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -qF "$SCHEMATHESIS_VERSION"; then
    step "installing schemathesis $SCHEMATHESIS_VERSION"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "schemathesis==$SCHEMATHESIS_VERSION"
  fi
  export PATH="$venv/bin:$PATH"
}

# aiosmtpd, a real SMTP server, in a virtualenv of the tools folder: the email tests start one
# on loopback (with BLOG_TEST_SMTP_PYTHON) and read the Maildir it writes.
ensure_smtp_sink() {
  local venv="$TOOLS_DIR/aiosmtpd"
  if ! "$venv/bin/python" -c "import aiosmtpd; assert aiosmtpd.__version__ == '$AIOSMTPD_VERSION'" 2>/dev/null; then
    step "installing aiosmtpd $AIOSMTPD_VERSION"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "aiosmtpd==$AIOSMTPD_VERSION"
  fi
  export BLOG_TEST_SMTP_PYTHON="$venv/bin/python"
}

ensure_all() {
  ensure_rust_parts
  ensure_cargo_leptos
  ensure_wasm_bindgen
  ensure_wasm_opt
  ensure_chromium
  ensure_end2end_packages
  ensure_fuzzing
  ensure_cargo_deny
  ensure_schemathesis
  ensure_smtp_sink
}

# A Redis of the run's own on `port`, keeping nothing on disk, stopped when the script exits.
# Tests get a fresh one instead of the machine's, which other work may share.
start_private_redis() {
  local port=$1 dir
  if ! command -v redis-server >/dev/null; then
    step "installing Debian's redis-server"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server
  fi
  dir=$(mktemp -d)
  redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
    --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
  for _ in $(seq 50); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "redis-server did not start on port $port; see $dir/redis.log" >&2
  return 1
}

stop_private_redis() {
  redis-cli -p "$1" shutdown nosave >/dev/null 2>&1 || true
}
