package kubeletstats

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// The kubelet's volume stats series (pkg/kubelet/metrics/collectors).
var (
	labels = []string{"namespace", "persistentvolumeclaim"}
	descs  = struct{ capacity, available, used, inodes, inodesFree, inodesUsed *prometheus.Desc }{
		prometheus.NewDesc("kubelet_volume_stats_capacity_bytes", "Capacity in bytes of the volume", labels, nil),
		prometheus.NewDesc("kubelet_volume_stats_available_bytes", "Number of available bytes in the volume", labels, nil),
		prometheus.NewDesc("kubelet_volume_stats_used_bytes", "Number of used bytes in the volume", labels, nil),
		prometheus.NewDesc("kubelet_volume_stats_inodes", "Maximum number of inodes in the volume", labels, nil),
		prometheus.NewDesc("kubelet_volume_stats_inodes_free", "Number of free inodes in the volume", labels, nil),
		prometheus.NewDesc("kubelet_volume_stats_inodes_used", "Number of used inodes in the volume", labels, nil),
	}
)

// collector reports the cached figures at each scrape.
type collector struct{ h *handler }

func (c collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descs.capacity, descs.available, descs.used, descs.inodes, descs.inodesFree, descs.inodesUsed} {
		ch <- d
	}
}

// Collect emits one set of series per claim; a claim mounted by several
// pods on the node is reported once, as the kubelet does.
func (c collector) Collect(ch chan<- prometheus.Metric) {
	seen := map[[2]string]bool{}
	for _, m := range c.h.cache.snapshot() {
		key := [2]string{m.ClaimNamespace, m.ClaimName}
		if m.stats == nil || m.ClaimName == "" || seen[key] {
			continue
		}
		seen[key] = true
		for d, v := range map[*prometheus.Desc]*uint64{
			descs.capacity: m.stats.CapacityBytes, descs.available: m.stats.AvailableBytes, descs.used: m.stats.UsedBytes,
			descs.inodes: m.stats.Inodes, descs.inodesFree: m.stats.InodesFree, descs.inodesUsed: m.stats.InodesUsed,
		} {
			if v != nil {
				ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, float64(*v), key[0], key[1])
			}
		}
	}
}

func (h *handler) metrics(w http.ResponseWriter, r *http.Request) {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collector{h: h})
	promhttp.HandlerFor(reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError}).ServeHTTP(w, r)
}
