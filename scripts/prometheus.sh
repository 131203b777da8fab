#!/usr/bin/env bash
# A real Prometheus scraping the local cluster's node metrics (kubelet_volume_stats_*), for the
# usage tests and for trying the Prometheus usage source: prometheus.sh start|stop|status|url.
# Scrapes every node through the apiserver's node proxy (/api/v1/nodes/N/proxy/metrics) with the
# portal's local token (the local cluster grants it nodes/proxy: 38-portal-nodes-proxy.local-only.yaml). Every 2 s, so tests wait seconds, not minutes.
# Port: BINDERY_PROMETHEUS_PORT, default apiserver port + 2647 (6443 -> 9090, 16443 -> 19090).
source "$(dirname "$0")/lib.sh"

export BINDERY_CLUSTER_DIR="${BINDERY_CLUSTER_DIR:-$ROOT/.cluster}"
API_PORT="${BINDERY_APISERVER_PORT:-6443}"
PORT="${BINDERY_PROMETHEUS_PORT:-$((API_PORT + 2647))}"
DIR="$BINDERY_CLUSTER_DIR/prometheus"
PIDFILE="$DIR/prometheus.pid"
URL="http://127.0.0.1:$PORT"

running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

start() {
  if running; then echo "$URL"; return; fi
  ensure_prometheus >&2
  local kc="$BINDERY_CLUSTER_DIR/kubeconfig-portal.yaml" ca="$BINDERY_CLUSTER_DIR/pki/ca.crt"
  [ -f "$kc" ] && [ -f "$ca" ] || die "no local cluster at $BINDERY_CLUSTER_DIR: run bash cluster/cluster.sh up first"
  mkdir -p "$DIR/data"
  # The token stays in a 0600 file; the config only names it.
  (umask 077; sed -n 's/^ *token: *//p' "$kc" | head -n1 | tr -d '"' > "$DIR/token")
  [ -s "$DIR/token" ] || die "no token in $kc"
  # Debian's build has no Kubernetes service discovery: list the nodes once (the local
  # cluster's set is fixed) and turn each name into its node-proxy path by relabelling.
  local nodes
  nodes="$(curl -fsS --cacert "$ca" -H "Authorization: Bearer $(cat "$DIR/token")" "https://127.0.0.1:$API_PORT/api/v1/nodes" |
    node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>console.log(JSON.parse(s).items.map((n)=>JSON.stringify(n.metadata.name)).join(", ")))')" ||
    die "cannot list the cluster's nodes with the portal's token"
  [ -n "$nodes" ] || die "the cluster has no nodes"
  cat > "$DIR/prometheus.yml" <<YAML
global:
  scrape_interval: 2s
  scrape_timeout: 2s
  evaluation_interval: 2s
scrape_configs:
  - job_name: kubelet
    scheme: https
    tls_config: { ca_file: $ca }
    authorization: { credentials_file: $DIR/token }
    static_configs:
      - targets: [$nodes]
    relabel_configs:
      - source_labels: [__address__]
        target_label: node
      - source_labels: [__address__]
        target_label: instance
      - source_labels: [__address__]
        regex: (.+)
        target_label: __metrics_path__
        replacement: /api/v1/nodes/\${1}/proxy/metrics
      - target_label: __address__
        replacement: 127.0.0.1:$API_PORT
YAML
  promtool check config "$DIR/prometheus.yml" >/dev/null || die "generated Prometheus config is invalid: $DIR/prometheus.yml"
  nohup prometheus --config.file="$DIR/prometheus.yml" --storage.tsdb.path="$DIR/data" \
    --storage.tsdb.retention.time=2d --web.listen-address="127.0.0.1:$PORT" --log.level=warn \
    > "$DIR/prometheus.log" 2>&1 &
  echo $! > "$PIDFILE"
  for _ in $(seq 1 100); do
    if curl -fsS "$URL/-/ready" >/dev/null 2>&1; then echo "$URL"; return; fi
    running || die "Prometheus exited; see $DIR/prometheus.log: $(tail -n 5 "$DIR/prometheus.log")"
    sleep 0.2
  done
  die "Prometheus did not become ready on $URL; see $DIR/prometheus.log"
}

stop() {
  if running; then
    local pid; pid="$(cat "$PIDFILE")"
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$PIDFILE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then echo "running: $URL (pid $(cat "$PIDFILE"))"; else echo "stopped"; exit 1; fi ;;
  url) echo "$URL" ;;
  *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
