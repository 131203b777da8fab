#!/usr/bin/env bash
# Helm, built from its Go module (tools/helm: helm.sh/helm/v4 at the version in go.mod),
# cached by the hash of that module's inputs and the Go version. Prints the binary's path;
# with arguments, runs it: `bash scripts/helm.sh template deploy/chart`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export GOTOOLCHAIN=local
command -v go >/dev/null || { echo "error: Go is missing: install Go 1.26 (https://go.dev/dl)" >&2; exit 1; }

hash="$( (cd "$ROOT/tools/helm" && sha256sum go.mod go.sum tools.go; go version) | sha256sum | cut -c1-16)"
dir="$ROOT/tools/helm/bin"
bin="$dir/helm-$hash"
if [[ ! -x "$bin" ]]; then
  mkdir -p "$dir"
  echo "building Helm from helm.sh/helm/v4 (first build takes a few minutes; cached afterwards)..." >&2
  t0=$SECONDS
  version="$(cd "$ROOT/tools/helm" && go list -m -f '{{.Version}}' helm.sh/helm/v4)"
  if ! (cd "$ROOT/tools/helm" && go build -trimpath -ldflags "-s -w -X helm.sh/helm/v4/internal/version.version=$version" \
      -o "$bin.tmp" helm.sh/helm/v4/cmd/helm) >"$dir/build.log" 2>&1; then
    echo "error: building Helm failed (log: $dir/build.log):" >&2
    tail -n 30 "$dir/build.log" >&2
    exit 1
  fi
  mv -f "$bin.tmp" "$bin"
  # Older builds are dead weight once the inputs changed.
  find "$dir" -name 'helm-*' ! -name "helm-$hash" -delete
  echo "built Helm in $((SECONDS - t0))s" >&2
fi
ln -sf "helm-$hash" "$dir/helm"
if [[ $# -eq 0 ]]; then echo "$dir/helm"; else exec "$bin" "$@"; fi
