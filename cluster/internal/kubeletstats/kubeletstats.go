// Package kubeletstats serves the kubelet's volume statistics endpoints
// (GET /stats/summary in the Summary API shape and GET /metrics with the
// kubelet_volume_stats_* series) for a node agent. Figures come from the
// CSI driver's NodeGetVolumeStats, measured on the real volume directory in
// the background by a Cache (cache.go) and served from it.
// TLS and authentication are the embedding server's job (the node agent
// verifies client certificates against the cluster CA like a kubelet).
package kubeletstats

import (
	"encoding/json"
	"net/http"

	"github.com/container-storage-interface/spec/lib/go/csi"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	statsapi "k8s.io/kubelet/pkg/apis/stats/v1alpha1"
)

// Volume is one CSI volume mounted into one pod on this node.
type Volume struct {
	PodName, PodNamespace, PodUID     string
	VolumeName                        string // the pod's volume name (pods[].volume[].name)
	ClaimNamespace, ClaimName         string // pvcRef
	VolumeID, VolumePath, StagingPath string // for NodeGetVolumeStats (VolumePath = publish target)
}

// Lister returns the node's pod volumes and a client for the node's CSI
// driver; the client may be nil (driver not registered yet), in which case
// pods are listed without figures. It is called on every request and every
// Cache resync, from several goroutines: it must be cheap and safe for that.
type Lister func() ([]Volume, csi.NodeClient)

type handler struct {
	node    string
	cache   *Cache
	started metav1.Time
}

// NewHandler serves /stats/summary and /metrics for nodeName from c; the
// caller runs c (Cache.Run) for the figures to appear and stay fresh.
func NewHandler(nodeName string, c *Cache) http.Handler {
	h := &handler{node: nodeName, cache: c, started: metav1.Now()}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /stats/summary", h.summary)
	mux.HandleFunc("GET /metrics", h.metrics)
	return mux
}

// measured is a volume with its stats (nil when not measured yet or when
// the driver could not say).
type measured struct {
	Volume
	stats *statsapi.FsStats
}

// summaryDoc builds the Summary API document: one entry per pod, its CSI
// volumes with pvcRef and figures.
func (h *handler) summaryDoc() statsapi.Summary {
	s := statsapi.Summary{Node: statsapi.NodeStats{NodeName: h.node, StartTime: h.started}, Pods: []statsapi.PodStats{}}
	index := map[string]int{}
	for _, m := range h.cache.snapshot() {
		i, ok := index[m.PodUID]
		if !ok {
			i = len(s.Pods)
			index[m.PodUID] = i
			s.Pods = append(s.Pods, statsapi.PodStats{Containers: []statsapi.ContainerStats{},
				PodRef: statsapi.PodReference{Name: m.PodName, Namespace: m.PodNamespace, UID: m.PodUID}})
		}
		vs := statsapi.VolumeStats{Name: m.VolumeName}
		if m.ClaimName != "" {
			vs.PVCRef = &statsapi.PVCReference{Name: m.ClaimName, Namespace: m.ClaimNamespace}
		}
		if m.stats != nil {
			vs.FsStats = *m.stats
		}
		s.Pods[i].VolumeStats = append(s.Pods[i].VolumeStats, vs)
	}
	return s
}

func (h *handler) summary(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(h.summaryDoc()); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}
