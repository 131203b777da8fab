# Shared helpers for scripts/start.sh and scripts/test.sh. Sourced, not run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export NEXT_TELEMETRY_DISABLED=1
export GOTOOLCHAIN=local

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
die() { printf '\033[1;31mxx\033[0m %s\n' "$*" >&2; exit 1; }

# npm dependencies, including Node 24 itself (the npm package "node"): the machine's own
# Node may be older, and @kubernetes/client-node 2.x needs Node >= 22.19.
ensure_node_modules() {
  command -v npm >/dev/null || die "npm is missing: install Node.js (any version >= 18) and npm first."
  local stamp="node_modules/.bindery-lock-hash"
  local want
  want="$(sha256sum package-lock.json | cut -d' ' -f1)"
  if [ ! -x node_modules/.bin/node ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "Installing npm dependencies (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$want" > "$stamp"
  fi
  export PATH="$ROOT/node_modules/.bin:$PATH"
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  [ "$major" -ge 24 ] || die "Node 24 was not installed into node_modules (found $(node --version))."
}

# Debian's Chromium for Playwright (its own browser download cannot work here).
ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then return; fi
  say "Installing Chromium (apt)"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
}

# Prometheus' promtool checks /api/metrics' text format in the portal tests (Debian package).
ensure_promtool() {
  if command -v promtool >/dev/null; then return; fi
  say "Installing promtool (apt: prometheus)"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq prometheus >/dev/null
}

# The Prometheus server itself (same Debian package as promtool): scripts/prometheus.sh runs
# the binary with its own config and data directory; Debian's service is never started.
ensure_prometheus() {
  if command -v prometheus >/dev/null; then return; fi
  say "Installing Prometheus (apt: prometheus)"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  # policy-rc.d 101: the package must not start its own service (a second Prometheus on :9090).
  DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 $SUDO apt-get install -y -qq prometheus >/dev/null
  if command -v service >/dev/null; then $SUDO service prometheus stop >/dev/null 2>&1 || true; fi
}

# Helm from its Go module (tools/helm), built once per version and cached.
ensure_helm() {
  bash "$ROOT/scripts/helm.sh" >/dev/null
}

ensure_go() {
  command -v go >/dev/null || die "Go is missing: install Go 1.26 (https://go.dev/dl) to build the local control plane."
}

# Next.js production build, skipped when nothing that goes into it changed.
ensure_next_build() {
  local want
  want="$(find app components lib public proxy.ts instrumentation.ts next.config.ts package-lock.json tsconfig.json postcss.config.mjs -type f 2>/dev/null | sort | xargs sha256sum | sha256sum | cut -d' ' -f1)"
  if [ ! -f .next/BUILD_ID ] || [ "$(cat .next/.bindery-src-hash 2>/dev/null)" != "$want" ]; then
    say "Building the portal (next build)"
    npx next build
    echo "$want" > .next/.bindery-src-hash
  fi
}

# A stable secret for next-auth sessions on this machine (never committed).
session_secret() {
  local f="$1/portal-session-secret"
  mkdir -p "$1"
  [ -s "$f" ] || node -e 'console.log(require("crypto").randomBytes(32).toString("hex"))' > "$f"
  cat "$f"
}
