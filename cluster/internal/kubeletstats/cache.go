package kubeletstats

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/container-storage-interface/spec/lib/go/csi"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/klog/v2"
	statsapi "k8s.io/kubelet/pkg/apis/stats/v1alpha1"
)

// Volumes are measured in the background and served from a Cache, as the
// kubelet does (pkg/kubelet/server/stats/fs_resource_analyzer.go and
// volume_stat_calculator.go): a /stats/summary or a Prometheus scrape then
// costs no NodeGetVolumeStats call (a directory walk each), however many
// volumes the node has and however many clients ask.

const (
	// DefaultPeriod is how long a figure is served before the volume is
	// measured again. The kubelet waits 1 min (volumeStatsAggPeriod); this
	// node is local, and the portal's tests expect a written file in the
	// figure within a few of its 1 s refreshes.
	DefaultPeriod = 2 * time.Second
	// defaultMaxRate bounds the measurements a second: a node with many
	// volumes measures each less often (1000 volumes: every 10 s) instead
	// of keeping its driver busy (~0.5 ms of CPU a call, 2000 volumes every
	// 2 s used half a core).
	defaultMaxRate = 100
	// defaultWorkers bounds the NodeGetVolumeStats calls in flight, so a
	// node with many volumes does not walk them all at once.
	defaultWorkers = 4
	// maxResync bounds how long a newly published volume waits to be noticed.
	maxResync = 500 * time.Millisecond
	// jitterFactor spreads re-measurements over [period, 1.5 period), so
	// volumes published together do not keep being measured together.
	jitterFactor = 0.5
	// statsTimeout bounds one NodeGetVolumeStats call.
	statsTimeout = 10 * time.Second
)

// Options tune a Cache; zero values take the defaults.
type Options struct {
	Period  time.Duration // between two measurements of a volume, before jitter (DefaultPeriod)
	MaxRate int           // measurements a second at most; stretches Period on big nodes (100)
	Workers int           // NodeGetVolumeStats calls at a time (4)
	Resync  time.Duration // between two reads of the volume list (min(Period, 500 ms))
}

// key identifies a measurement: the figure depends only on what
// NodeGetVolumeStats is asked, and a publish target belongs to one pod's
// volume, so a re-published volume (new pod, new target) starts afresh.
type key struct{ volumeID, path string }

func keyOf(v Volume) key { return key{v.VolumeID, v.VolumePath} }

type entry struct {
	vol   Volume
	stats *statsapi.FsStats // nil until measured, or when the last measurement failed
}

// Cache measures every volume its Lister returns, in the background.
type Cache struct {
	list  Lister
	opts  Options
	queue workqueue.TypedDelayingInterface[key] // set by Run: keys due for measurement

	mu      sync.Mutex
	client  csi.NodeClient // from the last read of the list; nil: no driver yet
	entries map[key]*entry // the volumes listed at the last read
}

// NewCache returns a cache over list; nothing is measured until Run.
func NewCache(list Lister, o Options) *Cache {
	if o.Period <= 0 {
		o.Period = DefaultPeriod
	}
	if o.MaxRate <= 0 {
		o.MaxRate = defaultMaxRate
	}
	if o.Workers <= 0 {
		o.Workers = defaultWorkers
	}
	if o.Resync <= 0 {
		o.Resync = min(o.Period, maxResync)
	}
	return &Cache{list: list, opts: o, entries: map[key]*entry{}}
}

// Run measures until ctx ends, then returns once every goroutine it started
// has returned (an in-flight call is cancelled with ctx). Call it once.
func (c *Cache) Run(ctx context.Context) {
	c.queue = workqueue.NewTypedDelayingQueueWithConfig(workqueue.TypedDelayingQueueConfig[key]{Name: "volume-stats"})
	var wg sync.WaitGroup
	for range c.opts.Workers {
		wg.Go(func() {
			for c.measureNext(ctx) {
			}
		})
	}
	wait.UntilWithContext(ctx, c.resync, c.opts.Resync)
	c.queue.ShutDown()
	wg.Wait()
}

// resync reads the volume list: a new volume is queued at once (served
// without figures until then, like the kubelet before its first pass), a
// volume no longer listed is dropped (its queued key is then skipped).
func (c *Cache) resync(context.Context) {
	vols, client := c.list()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.client = client
	listed := make(map[key]bool, len(vols))
	for _, v := range vols {
		k := keyOf(v)
		listed[k] = true
		if e, ok := c.entries[k]; ok {
			e.vol = v // pod or claim names may have been filled in since
			continue
		}
		c.entries[k] = &entry{vol: v}
		c.queue.Add(k)
	}
	for k := range c.entries {
		if !listed[k] {
			delete(c.entries, k)
		}
	}
}

// measureNext measures one due volume and queues its next measurement; it
// returns false once the queue is shut down.
func (c *Cache) measureNext(ctx context.Context) bool {
	k, shutdown := c.queue.Get()
	if shutdown {
		return false
	}
	defer c.queue.Done(k)
	c.mu.Lock()
	e, client, n := c.entries[k], c.client, len(c.entries)
	var v Volume
	if e != nil {
		v = e.vol
	}
	c.mu.Unlock()
	switch {
	case e == nil: // no longer listed
		return true
	case client == nil: // driver not registered yet: look again soon
		c.queue.AddAfter(k, c.opts.Resync)
		return true
	}
	stats, err := volumeStats(ctx, client, v)
	if err != nil && ctx.Err() == nil {
		klog.V(2).Infof("volume stats: %v", err)
	}
	c.mu.Lock()
	if c.entries[k] == e { // still listed: a failure clears the figures, as in the kubelet
		e.stats = stats
	}
	c.mu.Unlock()
	c.queue.AddAfter(k, wait.Jitter(periodFor(n, c.opts), jitterFactor))
	return true
}

// periodFor is the time between two measurements of a volume on a node
// with n volumes: the configured period, or longer so that the node
// measures at most MaxRate volumes a second.
func periodFor(n int, o Options) time.Duration {
	return max(o.Period, time.Duration(n)*time.Second/time.Duration(o.MaxRate))
}

// snapshot lists the node's volumes now, each with its last figures; no
// driver (yet) means no figures.
func (c *Cache) snapshot() []measured {
	vols, client := c.list()
	out := make([]measured, 0, len(vols))
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, v := range vols {
		m := measured{Volume: v}
		if e := c.entries[keyOf(v)]; e != nil && client != nil {
			m.stats = e.stats // never mutated once stored: safe to share
		}
		out = append(out, m)
	}
	return out
}

// volumeStats asks the driver for v's figures; Time is when they were measured.
func volumeStats(ctx context.Context, c csi.NodeClient, v Volume) (*statsapi.FsStats, error) {
	ctx, cancel := context.WithTimeout(ctx, statsTimeout)
	defer cancel()
	r, err := c.NodeGetVolumeStats(ctx, &csi.NodeGetVolumeStatsRequest{VolumeId: v.VolumeID, VolumePath: v.VolumePath,
		StagingTargetPath: v.StagingPath})
	if err != nil {
		return nil, fmt.Errorf("NodeGetVolumeStats %s at %s: %w", v.VolumeID, v.VolumePath, err)
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
	return fs, nil
}

func u64(n int64) *uint64 {
	v := uint64(max(n, 0))
	return &v
}
