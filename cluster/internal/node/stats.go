package node

import (
	"context"
	"net/http"
	"time"

	"github.com/container-storage-interface/spec/lib/go/csi"

	"github.com/bindery/bindery/cluster/internal/kubeletstats"
)

// statsHandler serves /stats/summary and /metrics with figures from the
// driver's NodeGetVolumeStats for every published CSI volume, measured in
// the background every period (0: kubeletstats.DefaultPeriod) until ctx ends.
func (a *Agent) statsHandler(ctx context.Context, period time.Duration) http.Handler {
	cache := kubeletstats.NewCache(a.statsVolumes, kubeletstats.Options{Period: period})
	go cache.Run(ctx)
	return kubeletstats.NewHandler(a.name, cache)
}

func (a *Agent) statsVolumes() ([]kubeletstats.Volume, csi.NodeClient) {
	pub := a.publishedCSI()
	out := make([]kubeletstats.Volume, 0, len(pub))
	for _, cv := range pub {
		out = append(out, kubeletstats.Volume{
			PodName: cv.PodName, PodNamespace: cv.PodNS, PodUID: cv.PodUID, VolumeName: cv.PodVolume,
			ClaimNamespace: cv.ClaimNS, ClaimName: cv.Claim,
			VolumeID: cv.Handle, VolumePath: cv.Target, StagingPath: cv.Staging,
		})
	}
	if p := a.csiPlugin(); p != nil {
		return out, p.node
	}
	return out, nil
}
