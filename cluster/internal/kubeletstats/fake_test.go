package kubeletstats

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/container-storage-interface/spec/lib/go/csi"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// fakeNode answers NodeGetVolumeStats from a table of used bytes per volume
// ID and counts the calls, in total and in flight.
type fakeNode struct {
	csi.NodeClient               // other methods are never called
	gate           chan struct{} // when set, calls wait for it to close (or for their context)

	mu                    sync.Mutex
	used                  map[string]int64 // volume ID -> used bytes; absent: the call fails
	calls                 int
	inFlight, maxInFlight int
}

func newFakeNode(used map[string]int64) *fakeNode { return &fakeNode{used: used} }

func (f *fakeNode) NodeGetVolumeStats(ctx context.Context, r *csi.NodeGetVolumeStatsRequest, _ ...grpc.CallOption) (*csi.NodeGetVolumeStatsResponse, error) {
	f.mu.Lock()
	f.calls++
	f.inFlight++
	f.maxInFlight = max(f.maxInFlight, f.inFlight)
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.inFlight--
		f.mu.Unlock()
	}()
	if f.gate != nil {
		select {
		case <-f.gate:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	f.mu.Lock()
	used, ok := f.used[r.GetVolumeId()]
	f.mu.Unlock()
	if !ok {
		return nil, status.Errorf(codes.NotFound, "volume %s not found", r.GetVolumeId())
	}
	return &csi.NodeGetVolumeStatsResponse{Usage: []*csi.VolumeUsage{
		{Unit: csi.VolumeUsage_BYTES, Total: 1 << 30, Used: used, Available: 1<<30 - used},
		{Unit: csi.VolumeUsage_INODES, Total: 1000, Used: 1, Available: 999},
	}}, nil
}

// counts returns the calls made, in flight now, and at most in flight.
func (f *fakeNode) counts() (calls, inFlight, maxInFlight int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls, f.inFlight, f.maxInFlight
}

func (f *fakeNode) fail(id string) {
	f.mu.Lock()
	delete(f.used, id)
	f.mu.Unlock()
}

// nodeVolumes is a Lister whose volumes a test changes.
type nodeVolumes struct {
	mu     sync.Mutex
	vols   []Volume
	client csi.NodeClient
}

func (n *nodeVolumes) list() ([]Volume, csi.NodeClient) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]Volume(nil), n.vols...), n.client
}

func (n *nodeVolumes) set(vols []Volume) {
	n.mu.Lock()
	n.vols = vols
	n.mu.Unlock()
}

// vol is claim `id` of pod uid-1, published at /pods/uid-1/<id>.
func vol(id string) Volume {
	return Volume{PodName: "web", PodNamespace: "shop", PodUID: "uid-1", VolumeName: id + "-vol",
		ClaimNamespace: "shop", ClaimName: id, VolumeID: id, VolumePath: "/pods/uid-1/" + id}
}

// start runs a cache over list until the test ends.
func start(t *testing.T, list Lister, o Options) *Cache {
	t.Helper()
	c := NewCache(list, o)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		c.Run(ctx)
		close(done)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	return c
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(2 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// listed and measured say whether the cache tracks v, and has figures for it.
func (c *Cache) listed(v Volume) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.entries[keyOf(v)] != nil
}

func (c *Cache) measured(v Volume) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[keyOf(v)]
	return e != nil && e.stats != nil
}
