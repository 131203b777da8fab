#!/usr/bin/env bash
# Local Kubernetes control plane for Bindery: cluster.sh up|down|status|reset
# The heavy lifting is in the Go binary (bin/bindery-cluster); this script
# only builds it when its sources changed and checks the environment.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$HERE")"
BIN="$HERE/bin/bindery-cluster"
export GOTOOLCHAIN=local
export BINDERY_CLUSTER_DIR="${BINDERY_CLUSTER_DIR:-$REPO/.cluster}"
API_PORT="${BINDERY_APISERVER_PORT:-6443}"
ETCD_PORT="${BINDERY_ETCD_PORT:-32379}"
ETCD_PEER_PORT="${BINDERY_ETCD_PEER_PORT:-32380}"
KUBE_VERSION="v1.37.2"
REBUILT=0

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

source_hash() {
  # Names and contents of every input of the build.
  (cd "$HERE" && find . -name '*.go' -not -path './bin/*' | LC_ALL=C sort |
    xargs sha256sum go.mod go.sum) | sha256sum | cut -d' ' -f1
}

build() {
  if ! command -v go >/dev/null 2>&1; then
    echo "error: Go is not installed (or not on PATH). Install Go >= 1.26 from https://go.dev/dl/ and retry." >&2
    exit 1
  fi
  local hash; hash="$(source_hash)"
  if [[ -x "$BIN" && -x "$HERE/bin/bindery-csi-driver" && -f "$HERE/bin/.hash" && "$(cat "$HERE/bin/.hash")" == "$hash" ]]; then
    echo "control plane binary up to date"
    return
  fi
  mkdir -p "$HERE/bin"
  local log="$HERE/bin/build.log" t0; t0="$(now)"
  echo "building $BIN (first build takes several minutes; later builds are cached)..."
  local v=k8s.io/component-base/version c=k8s.io/client-go/pkg/version date
  date="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  local ldflags="-s -w"
  for p in $v $c; do
    ldflags+=" -X $p.gitVersion=$KUBE_VERSION -X $p.gitMajor=1 -X $p.gitMinor=37"
    ldflags+=" -X $p.gitTreeState=clean -X $p.buildDate=$date -X $p.gitCommit=${hash:0:40}"
  done
  if ! (cd "$HERE" && go build -ldflags "$ldflags" -o "$BIN.tmp" ./cmd/bindery-cluster) >"$log" 2>&1; then
    echo "error: building the control plane failed (full log: $log):" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
  # The CSI driver instances run a small binary of their own (13 MiB RSS
  # instead of ~95 MiB for a process of the control-plane binary).
  if ! (cd "$HERE" && go build -ldflags "-s -w" -o "$HERE/bin/bindery-csi-driver" ./cmd/bindery-csi-driver) >>"$log" 2>&1; then
    echo "error: building the CSI driver failed (full log: $log):" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
  mv -f "$BIN.tmp" "$BIN"
  REBUILT=1
  echo "$hash" >"$HERE/bin/.hash"
  echo "built in $(elapsed "$t0")"
}

# The upstream CSI sidecars are built from their own module (cluster/sidecars:
# `tool` directives, no code of ours) into bin/sidecars/, with the snapshot
# CRDs copied from the external-snapshotter client module next to them.
SIDECARS="$HERE/bin/sidecars"
sidecars_hash() {
  (cd "$HERE/sidecars" && sha256sum go.mod go.sum && go version) | sha256sum | cut -d' ' -f1
}

build_sidecars() {
  local hash; hash="$(sidecars_hash)"
  if [[ -f "$SIDECARS/.hash" && "$(cat "$SIDECARS/.hash")" == "$hash" ]]; then
    echo "CSI sidecars up to date"
    return
  fi
  mkdir -p "$SIDECARS"
  local log="$SIDECARS/build.log" t0; t0="$(now)"
  echo "building the CSI sidecars (first build takes a few minutes; later builds are cached)..."
  if ! (cd "$HERE/sidecars" && go build -ldflags "-s -w" -o "$SIDECARS/" tool) >"$log" 2>&1; then
    echo "error: building the CSI sidecars failed (full log: $log):" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
  local crds
  crds="$(cd "$HERE/sidecars" && go list -m -f '{{.Dir}}' github.com/kubernetes-csi/external-snapshotter/client/v8)/config/crd"
  rm -rf "$SIDECARS/crds" && mkdir -p "$SIDECARS/crds"
  cp "$crds"/*storage.k8s.io_*.yaml "$SIDECARS/crds/"
  chmod u+w "$SIDECARS/crds"/*.yaml
  echo "$hash" >"$SIDECARS/.hash"
  echo "CSI sidecars built in $(elapsed "$t0")"
}

check_ports() {
  local port busy=0
  local ports=("$API_PORT" "$ETCD_PORT" "$ETCD_PEER_PORT" "${BINDERY_KCM_PORT:-10257}" "${BINDERY_SCHEDULER_PORT:-10259}")
  local i kubelet_base="${BINDERY_KUBELET_PORT_BASE:-10250}"
  for ((i = 0; i < ${BINDERY_NODES:-2}; i++)); do ports+=("$((kubelet_base + i))"); done
  for port in "${ports[@]}"; do
    if [[ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]]; then
      echo "error: port $port is already in use by:" >&2
      ss -Hltnp "sport = :$port" >&2 || true
      busy=1
    fi
  done
  if ((busy)); then
    echo "free the port(s) above (or stop the other cluster) and retry" >&2
    exit 1
  fi
}

up() {
  local t0; t0="$(now)"
  build
  build_sidecars
  local rc=0
  "$BIN" status >/dev/null 2>&1 || rc=$?
  case $rc in
    0)
      "$BIN" up # prints "already running" and the kubeconfig paths
      if ((REBUILT)); then
        echo "note: the running cluster still uses the previous binary; run down then up to switch"
      fi
      return 0 ;;
    1)
      "$BIN" status || true
      echo "error: the cluster is running but degraded; check $BINDERY_CLUSTER_DIR/logs or run: bash cluster/cluster.sh down && bash cluster/cluster.sh up" >&2
      exit 1 ;;
  esac
  check_ports
  "$BIN" up
  echo "up in $(elapsed "$t0") (including build check)"
}

need_bin() {
  if [[ ! -x "$BIN" ]]; then
    echo "control plane binary not built yet; nothing is running"
    return 1
  fi
}

case "${1:-}" in
  up) up ;;
  build) build && build_sidecars ;;
  down) need_bin && "$BIN" down || true ;;
  status) need_bin || exit 3; "$BIN" status ;;
  reset)
    if need_bin; then "$BIN" reset; else rm -rf "$BINDERY_CLUSTER_DIR" /tmp/hostpath_pv; fi ;;
  *) echo "usage: $0 up|down|status|reset|build" >&2; exit 2 ;;
esac
