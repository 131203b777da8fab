package node

import "net/http"

// statsHandler serves /stats/summary and /metrics from the driver's
// NodeGetVolumeStats (package kubeletstats, pending).
func (a *Agent) statsHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "volume stats are not available yet", http.StatusNotImplemented)
	})
}
