#!/usr/bin/env bash
# One command for a fresh machine: installs what is needed and runs every test — static
# checks, unit tests (TypeScript and Go), integration tests against the real local control
# plane, and Playwright e2e in Chromium. CI (.ci/run) calls exactly this.
source "$(dirname "$0")/lib.sh"

export BINDERY_CLUSTER_DIR="${BINDERY_CLUSTER_DIR:-$ROOT/.cluster}"
# Not under test-results/: Playwright empties that folder when it starts.
RESULTS="$ROOT/.test-summary"
mkdir -p "$RESULTS"
: > "$RESULTS/suites.txt"
failed=0

# Runs one suite, records pass/fail, and keeps going so one report covers everything.
suite() {
  local name="$1"
  shift
  say "Suite: $name"
  local start=$SECONDS
  if "$@"; then
    echo "PASS $name $((SECONDS - start))s" >> "$RESULTS/suites.txt"
  else
    echo "FAIL $name $((SECONDS - start))s" >> "$RESULTS/suites.txt"
    failed=1
  fi
}

ensure_go
ensure_node_modules
ensure_chromium
ensure_promtool
ensure_helm

suite "typecheck" npx tsc --noEmit
suite "lint" npx eslint --max-warnings=0 .
suite "unit (TypeScript)" npx vitest run --project unit
suite "unit (Go control plane)" bash -c 'cd cluster && go vet ./... && go test ./...'
# csi-sanity against our CSI driver (own module: csi-test needs a newer CSI spec).
suite "csi-sanity (CSI driver)" bash -c 'cd cluster/csisanity && go vet ./... && set -o pipefail && go test -v ./... | grep -E "^(csi-sanity:|--- (PASS|FAIL)|ok|FAIL)"'

say "Starting the local control plane"
if ! bash cluster/cluster.sh up; then
  die "The local control plane did not start; see the messages above."
fi
export KUBECONFIG="$BINDERY_CLUSTER_DIR/kubeconfig-portal.yaml"
# The local cluster always runs the CSI stack: tests that need it fail instead of skipping.
export BINDERY_REQUIRE_CSI=1

# A real Prometheus scraping the nodes (usage tests, Prometheus backend). Only the tests that
# need it read BINDERY_TEST_PROMETHEUS_URL; portals started by other tests stay on the Summary API.
ensure_prometheus
if BINDERY_TEST_PROMETHEUS_URL="$(bash scripts/prometheus.sh start)"; then
  export BINDERY_TEST_PROMETHEUS_URL
  trap 'bash scripts/prometheus.sh stop' EXIT
else
  echo "FAIL prometheus (did not start) 0s" >> "$RESULTS/suites.txt"
  failed=1
fi

# Built first: the live-stream integration tests start a real portal process (next start).
ensure_next_build
suite "integration (real control plane)" npx vitest run --project integration
# Real portal servers on the build: two replicas and their Lease, readiness across a network
# cut to the apiserver, metrics checked by promtool.
suite "portal processes (replicas, health, metrics)" npx vitest run --project portal
# The "disruptive" project runs last: it removes and restores the snapshot CRDs and stops and
# restarts the control plane (playwright.config.ts).
suite "e2e (Playwright, Chromium)" npx playwright test

echo
say "Summary"
cat "$RESULTS/suites.txt"
passed_n=$(grep -c '^PASS' "$RESULTS/suites.txt" || true)
failed_n=$(grep -c '^FAIL' "$RESULTS/suites.txt" || true)
echo "suites: ${passed_n} passed, ${failed_n} failed"
exit "$failed"
