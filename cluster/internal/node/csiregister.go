package node

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	v1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/retry"
	"k8s.io/klog/v2"
	"k8s.io/utils/ptr"
)

// registerCSI plays kubelet's plugin registration: it waits for the node
// plugin's socket, then publishes the driver in the CSINode object
// (node id, topology keys, volume limit) and the topology labels on the
// Node. It retries until the plugin answers (it may start later).
func (a *Agent) registerCSI(ctx context.Context) {
	var p *csiPlugin
	err := retryUntil(ctx, "CSI plugin "+a.socket, func(ctx context.Context) error {
		var err error
		p, err = dialPlugin(ctx, a.socket)
		return err
	})
	if err != nil {
		return
	}
	if err := retryUntil(ctx, "register CSI driver "+p.driver, func(ctx context.Context) error {
		return a.publishDriver(ctx, p)
	}); err != nil {
		p.close()
		return
	}
	a.mu.Lock()
	a.plugin = p
	a.mu.Unlock()
	klog.Infof("CSI driver %s registered on %s (node id %s)", p.driver, a.name, p.info.GetNodeId())
	a.enqueueAll() // pods that waited for the driver
}

func (a *Agent) publishDriver(ctx context.Context, p *csiPlugin) error {
	topo := p.info.GetAccessibleTopology().GetSegments()
	keys := make([]string, 0, len(topo))
	for k := range topo {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if len(topo) > 0 {
		patch, _ := json.Marshal(map[string]any{"metadata": map[string]any{"labels": topo}})
		if _, err := a.client.CoreV1().Nodes().Patch(ctx, a.name, types.MergePatchType, patch, metav1.PatchOptions{}); err != nil {
			return fmt.Errorf("topology labels: %w", err)
		}
	}
	drv := storagev1.CSINodeDriver{Name: p.driver, NodeID: p.info.GetNodeId(), TopologyKeys: keys}
	if n := p.info.GetMaxVolumesPerNode(); n > 0 {
		drv.Allocatable = &storagev1.VolumeNodeResources{Count: ptr.To(int32(n))}
	}
	if err := a.ensureCSINode(ctx); err != nil {
		return err
	}
	return retry.RetryOnConflict(retry.DefaultRetry, func() error {
		cn, err := a.client.StorageV1().CSINodes().Get(ctx, a.name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		cn.Spec.Drivers = slices.DeleteFunc(cn.Spec.Drivers, func(d storagev1.CSINodeDriver) bool { return d.Name == p.driver })
		cn.Spec.Drivers = append(cn.Spec.Drivers, drv)
		_, err = a.client.StorageV1().CSINodes().Update(ctx, cn, metav1.UpdateOptions{})
		return err
	})
}

func (a *Agent) csiPlugin() *csiPlugin {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.plugin
}

// podInfoOnMount reads the CSIDriver object (cached for a minute).
func (a *Agent) podInfoOnMount(ctx context.Context, driver string) bool {
	a.mu.Lock()
	c, ok := a.driverInfo[driver]
	a.mu.Unlock()
	if ok && time.Since(c.at) < time.Minute {
		return c.podInfo
	}
	d, err := a.client.StorageV1().CSIDrivers().Get(ctx, driver, metav1.GetOptions{})
	info := cachedDriver{at: time.Now(), podInfo: err == nil && ptr.Deref(d.Spec.PodInfoOnMount, false)}
	a.mu.Lock()
	a.driverInfo[driver] = info
	a.mu.Unlock()
	return info.podInfo
}

type cachedDriver struct {
	at      time.Time
	podInfo bool
}

// addInUse reports a volume in volumesInUse as soon as a pod needs it,
// before it is attached, as kubelet's desired state of world does.
func (a *Agent) addInUse(key string, v v1.UniqueVolumeName) {
	a.mu.Lock()
	changed := !slices.Contains(a.volumes[key], v)
	if changed {
		a.volumes[key] = append(slices.Clone(a.volumes[key]), v)
	}
	a.mu.Unlock()
	if changed {
		a.markDirty()
	}
}

// recordCSI remembers a published volume for stats and expansion.
func (a *Agent) recordCSI(key string, cv csiVolume) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.csiVols[key] = append(slices.DeleteFunc(a.csiVols[key], func(o csiVolume) bool { return o.PV == cv.PV }), cv)
}

func (a *Agent) forgetCSI(key string) (uid string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, cv := range a.csiVols[key] {
		uid = cv.PodUID
	}
	delete(a.csiVols, key)
	return uid
}

// publishedCSI is a snapshot of every published CSI volume.
func (a *Agent) publishedCSI() []csiVolume {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []csiVolume
	for _, vs := range a.csiVols {
		out = append(out, vs...)
	}
	return out
}

func (a *Agent) enqueueAll() {
	pods, _ := a.pods.List(labels.Everything())
	for _, p := range pods {
		if key, err := cache.MetaNamespaceKeyFunc(p); err == nil {
			a.queue.Add(key)
		}
	}
}

// setMounted records that all volumes of a pod are set up.
func (a *Agent) setMounted(key string, ok bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if ok {
		a.mounted[key] = true
	} else {
		delete(a.mounted, key)
	}
}

func (a *Agent) isMounted(key string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.mounted[key]
}
