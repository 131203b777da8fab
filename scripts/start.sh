#!/usr/bin/env bash
# One command for a fresh machine: installs what is needed, starts the local Kubernetes
# control plane and the portal on it with demo users. Ctrl-C stops the portal; the cluster
# keeps running (npm run cluster:down stops it).
source "$(dirname "$0")/lib.sh"

PORT="${PORT:-3000}"
# Demo users have a well-known password: listen on loopback unless told otherwise.
HOST="${BINDERY_HOST:-127.0.0.1}"
ensure_go
ensure_node_modules
say "Starting the local control plane"
bash cluster/cluster.sh up
CLUSTER_DIR="${BINDERY_CLUSTER_DIR:-$ROOT/.cluster}"
ensure_next_build

export KUBECONFIG="$CLUSTER_DIR/kubeconfig-portal.yaml"
export BINDERY_DEMO_USERS=1
export BINDERY_DEMO_PASSWORD="${BINDERY_DEMO_PASSWORD:-demo}"
export NEXTAUTH_URL="http://localhost:$PORT"
NEXTAUTH_SECRET="$(session_secret "$CLUSTER_DIR")"
export NEXTAUTH_SECRET

cat <<TXT

  Bindery is starting on http://localhost:$PORT

  Demo users (password: $BINDERY_DEMO_PASSWORD)
    john   cluster admin        groups bindery:admins
    bob    developer, team-a    groups bindery:developers, bindery:team-a
    alice  developer, team-b    groups bindery:developers, bindery:team-b

  Admin kubeconfig for your own checks: $CLUSTER_DIR/kubeconfig-admin.yaml

TXT
# The portal's V8 flags (package.json config.portalNodeFlags) keep its heap near the live size;
# two malloc arenas instead of one per thread (response compression runs on the thread pool) save
# ~30 MiB of RSS at 10k objects (README, issue 11).
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
# shellcheck disable=SC2046
exec node_modules/.bin/node $(node_modules/.bin/node -p 'require("./package.json").config.portalNodeFlags') node_modules/next/dist/bin/next start -p "$PORT" -H "$HOST"
