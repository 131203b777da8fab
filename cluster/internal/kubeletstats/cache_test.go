package kubeletstats

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestNewCacheDefaults(t *testing.T) {
	tests := []struct {
		name string
		in   Options
		want Options
	}{
		{"zero", Options{}, Options{Period: DefaultPeriod, MaxRate: 100, Workers: 4, Resync: 500 * time.Millisecond}},
		{"short period resyncs as often", Options{Period: 100 * time.Millisecond}, Options{Period: 100 * time.Millisecond, MaxRate: 100, Workers: 4, Resync: 100 * time.Millisecond}},
		{"all set", Options{Period: time.Minute, MaxRate: 7, Workers: 2, Resync: time.Second}, Options{Period: time.Minute, MaxRate: 7, Workers: 2, Resync: time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NewCache(nil, tt.in).opts; got != tt.want {
				t.Fatalf("options = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestPeriodStretchesOnBigNodes(t *testing.T) {
	o := Options{Period: 2 * time.Second, MaxRate: 100}
	tests := []struct {
		volumes int
		want    time.Duration
	}{
		{0, 2 * time.Second},
		{200, 2 * time.Second}, // exactly the rate
		{201, 2010 * time.Millisecond},
		{1000, 10 * time.Second},
	}
	for _, tt := range tests {
		if got := periodFor(tt.volumes, o); got != tt.want {
			t.Errorf("periodFor(%d) = %v, want %v", tt.volumes, got, tt.want)
		}
	}
}

// Requests are answered from the cache: once both volumes are measured,
// no summary or scrape makes a NodeGetVolumeStats call.
func TestCacheServesWithoutCalls(t *testing.T) {
	fake := newFakeNode(map[string]int64{"a": 1 << 20, "b": 2 << 20})
	vols := &nodeVolumes{vols: []Volume{vol("a"), vol("b")}, client: fake}
	c := start(t, vols.list, Options{Period: time.Hour, Resync: 5 * time.Millisecond})
	h := NewHandler("n1", c)
	eventually(t, "both volumes measured", func() bool { return c.measured(vol("a")) && c.measured(vol("b")) })
	for range 10 {
		s := summary(t, h)
		if len(s.Pods) != 1 || len(s.Pods[0].VolumeStats) != 2 {
			t.Fatalf("summary = %+v, want one pod with two volumes", s.Pods)
		}
		a := s.Pods[0].VolumeStats[0]
		if a.UsedBytes == nil || *a.UsedBytes != 1<<20 || a.Time.IsZero() {
			t.Fatalf("volume a = %+v, want 1 MiB used, measured at some time", a.FsStats)
		}
		if got := metric(t, h, "kubelet_volume_stats_used_bytes", "b"); got != 2<<20 {
			t.Fatalf("used_bytes metric of b = %v", got)
		}
	}
	if calls, _, _ := fake.counts(); calls != 2 {
		t.Fatalf("%d NodeGetVolumeStats calls, want 2 (one per volume, none per request)", calls)
	}
}

// Volumes appearing are measured at their first resync (the period is an
// hour: only that explains their figures); volumes gone are dropped.
func TestCacheFollowsVolumeList(t *testing.T) {
	moved := vol("a")
	moved.PodUID, moved.VolumePath = "uid-2", "/pods/uid-2/a"
	tests := []struct {
		name              string
		before, after     []Volume
		measured, dropped []Volume
	}{
		{"new volume measured at once", []Volume{vol("a")}, []Volume{vol("a"), vol("b")}, []Volume{vol("a"), vol("b")}, nil},
		{"removed volume dropped", []Volume{vol("a"), vol("b")}, []Volume{vol("b")}, []Volume{vol("b")}, []Volume{vol("a")}},
		{"re-published volume measured anew", []Volume{vol("a")}, []Volume{moved}, []Volume{moved}, []Volume{vol("a")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newFakeNode(map[string]int64{"a": 1 << 20, "b": 2 << 20})
			vols := &nodeVolumes{vols: tt.before, client: fake}
			c := start(t, vols.list, Options{Period: time.Hour, Resync: 5 * time.Millisecond})
			eventually(t, "the first volumes measured", func() bool {
				for _, v := range tt.before {
					if !c.measured(v) {
						return false
					}
				}
				return true
			})
			vols.set(tt.after)
			eventually(t, "the new list followed", func() bool {
				for _, v := range tt.measured {
					if !c.measured(v) {
						return false
					}
				}
				for _, v := range tt.dropped {
					if c.listed(v) {
						return false
					}
				}
				return true
			})
		})
	}
}

// At most Workers NodeGetVolumeStats calls run at once.
func TestCacheBoundsConcurrency(t *testing.T) {
	tests := []struct {
		name    string
		workers int
		want    int
	}{
		{"one", 1, 1},
		{"default", 0, defaultWorkers},
		{"more workers than volumes", 16, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newFakeNode(map[string]int64{})
			var all []Volume
			for i := range 10 {
				v := vol(fmt.Sprint("v", i))
				fake.used[v.VolumeID] = int64(i)
				all = append(all, v)
			}
			fake.gate = make(chan struct{})
			c := start(t, (&nodeVolumes{vols: all, client: fake}).list, Options{Period: time.Hour, Workers: tt.workers, Resync: 5 * time.Millisecond})
			eventually(t, "calls in flight", func() bool { _, n, _ := fake.counts(); return n == tt.want })
			time.Sleep(20 * time.Millisecond) // room for a call too many
			close(fake.gate)
			eventually(t, "every volume measured", func() bool {
				for _, v := range all {
					if !c.measured(v) {
						return false
					}
				}
				return true
			})
			if _, _, most := fake.counts(); most != tt.want {
				t.Fatalf("%d calls at once, want %d", most, tt.want)
			}
		})
	}
}

// A volume the driver cannot measure (or not yet: no driver) is listed
// without figures and has no metric series, even if it had figures before.
func TestCacheFailures(t *testing.T) {
	tests := []struct {
		name    string
		driver  bool // a driver client is listed
		succeed bool // the first measurement succeeds, later ones fail
	}{
		{"no driver yet", false, false},
		{"driver fails", true, false},
		{"driver fails after a success", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newFakeNode(map[string]int64{})
			if tt.succeed {
				fake.used["a"] = 1 << 20
			}
			vols := &nodeVolumes{vols: []Volume{vol("a")}}
			if tt.driver {
				vols.client = fake
			}
			c := start(t, vols.list, Options{Period: 5 * time.Millisecond})
			h := NewHandler("n1", c)
			if tt.succeed {
				eventually(t, "the first measurement", func() bool { return c.measured(vol("a")) })
				fake.fail("a")
			}
			// Measurements of one volume never overlap: once call n+2 has
			// started, call n+1 (begun after fail) has stored its result.
			n, _, _ := fake.counts()
			eventually(t, "a failed measurement stored", func() bool {
				calls, _, _ := fake.counts()
				return c.listed(vol("a")) && (!tt.driver || calls >= n+2)
			})
			s := summary(t, h)
			if len(s.Pods) != 1 || len(s.Pods[0].VolumeStats) != 1 || s.Pods[0].VolumeStats[0].UsedBytes != nil {
				t.Fatalf("summary = %+v, want one volume without figures", s.Pods)
			}
			if body := get(t, h, "/metrics").Body.String(); strings.Contains(body, "kubelet_volume_stats_") {
				t.Fatalf("metrics for an unmeasured volume:\n%s", body)
			}
		})
	}
}

// Run returns when its context ends, cancelling calls in flight, and
// leaves no goroutine behind.
func TestCacheStopsWithContext(t *testing.T) {
	before := runtime.NumGoroutine()
	fake := newFakeNode(map[string]int64{"a": 1, "b": 2})
	fake.gate = make(chan struct{}) // never closed: calls end with their context
	c := NewCache((&nodeVolumes{vols: []Volume{vol("a"), vol("b")}, client: fake}).list, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		c.Run(ctx)
		close(done)
	}()
	eventually(t, "both calls in flight", func() bool { _, n, _ := fake.counts(); return n == 2 })
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
	eventually(t, fmt.Sprintf("goroutines back to %d", before), func() bool { return runtime.NumGoroutine() <= before })
}
