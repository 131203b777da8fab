// Package kubeletstats serves the kubelet's volume statistics endpoints
// (GET /stats/summary in the Summary API shape and GET /metrics with the
// kubelet_volume_stats_* series) for a node agent. Figures come from the
// CSI driver's NodeGetVolumeStats, measured on the real volume directory.
// TLS and authentication are the embedding server's job (the node agent
// verifies client certificates against the cluster CA like a kubelet).
package kubeletstats

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

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
// pods are listed without figures.
type Lister func() ([]Volume, csi.NodeClient)

// statsTimeout bounds one NodeGetVolumeStats call (a du of the directory).
const statsTimeout = 10 * time.Second

type handler struct {
	node    string
	list    Lister
	started metav1.Time
}

// NewHandler serves /stats/summary and /metrics for nodeName.
func NewHandler(nodeName string, list func() ([]Volume, csi.NodeClient)) http.Handler {
	h := &handler{node: nodeName, list: list, started: metav1.Now()}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /stats/summary", h.summary)
	mux.HandleFunc("GET /metrics", h.metrics)
	return mux
}

// measured is a volume with its stats (nil when the driver could not say).
type measured struct {
	Volume
	stats *statsapi.FsStats
}

func (h *handler) collect(ctx context.Context) []measured {
	vols, client := h.list()
	out := make([]measured, 0, len(vols))
	for _, v := range vols {
		m := measured{Volume: v}
		if client != nil {
			m.stats = volumeStats(ctx, client, v)
		}
		out = append(out, m)
	}
	return out
}

func volumeStats(ctx context.Context, c csi.NodeClient, v Volume) *statsapi.FsStats {
	ctx, cancel := context.WithTimeout(ctx, statsTimeout)
	defer cancel()
	r, err := c.NodeGetVolumeStats(ctx, &csi.NodeGetVolumeStatsRequest{VolumeId: v.VolumeID, VolumePath: v.VolumePath,
		StagingTargetPath: v.StagingPath})
	if err != nil {
		return nil // like the kubelet: a volume that cannot be measured has no figures
	}
	fs := &statsapi.FsStats{Time: metav1.Now()}
	for _, u := range r.GetUsage() {
		switch u.GetUnit() {
		case csi.VolumeUsage_BYTES:
			fs.AvailableBytes, fs.CapacityBytes, fs.UsedBytes = u64(u.GetAvailable()), u64(u.GetTotal()), u64(u.GetUsed())
		case csi.VolumeUsage_INODES:
			fs.InodesFree, fs.Inodes, fs.InodesUsed = u64(u.GetAvailable()), u64(u.GetTotal()), u64(u.GetUsed())
		}
	}
	return fs
}

func u64(n int64) *uint64 {
	v := uint64(max(n, 0))
	return &v
}

// summaryDoc builds the Summary API document: one entry per pod, its CSI
// volumes with pvcRef and figures.
func (h *handler) summaryDoc(ctx context.Context) statsapi.Summary {
	s := statsapi.Summary{Node: statsapi.NodeStats{NodeName: h.node, StartTime: h.started}, Pods: []statsapi.PodStats{}}
	index := map[string]int{}
	for _, m := range h.collect(ctx) {
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
	if err := json.NewEncoder(w).Encode(h.summaryDoc(r.Context())); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}
