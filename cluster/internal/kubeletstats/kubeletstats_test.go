package kubeletstats

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/container-storage-interface/spec/lib/go/csi"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	statsapi "k8s.io/kubelet/pkg/apis/stats/v1alpha1"

	"github.com/bindery/bindery/cluster/internal/csidriver"
)

// fixture serves the real driver on a unix socket and publishes two
// volumes into one pod, as the node agent would.
type fixture struct {
	dir    string
	client csi.NodeClient
	vols   []Volume
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	dir := t.TempDir()
	sock := filepath.Join(dir, "csi.sock")
	d, err := csidriver.New(csidriver.Options{Endpoint: "unix://" + sock, NodeID: "n1", DataDir: filepath.Join(dir, "data"), Mode: csidriver.ModeBoth})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	lis, err := d.Listen()
	if err != nil {
		t.Fatal(err)
	}
	go func() { done <- d.ServeOn(ctx, lis) }()
	conn, err := grpc.NewClient("unix://"+sock, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{dir: dir, client: csi.NewNodeClient(conn)}
	ctrl := csi.NewControllerClient(conn)
	capability := &csi.VolumeCapability{AccessType: &csi.VolumeCapability_Mount{Mount: &csi.VolumeCapability_MountVolume{}},
		AccessMode: &csi.VolumeCapability_AccessMode{Mode: csi.VolumeCapability_AccessMode_SINGLE_NODE_WRITER}}
	for _, claim := range []string{"data", "logs"} {
		v, err := ctrl.CreateVolume(ctx, &csi.CreateVolumeRequest{Name: "pv-" + claim, VolumeCapabilities: []*csi.VolumeCapability{capability},
			CapacityRange: &csi.CapacityRange{RequiredBytes: 1 << 30}})
		if err != nil {
			t.Fatal(err)
		}
		id := v.GetVolume().GetVolumeId()
		staging, target := filepath.Join(dir, "staging-"+claim), filepath.Join(dir, "pod", claim, "mount")
		if _, err := ctrl.ControllerPublishVolume(ctx, &csi.ControllerPublishVolumeRequest{VolumeId: id, NodeId: "n1", VolumeCapability: capability}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.client.NodeStageVolume(ctx, &csi.NodeStageVolumeRequest{VolumeId: id, StagingTargetPath: staging, VolumeCapability: capability}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.client.NodePublishVolume(ctx, &csi.NodePublishVolumeRequest{VolumeId: id, StagingTargetPath: staging, TargetPath: target, VolumeCapability: capability}); err != nil {
			t.Fatal(err)
		}
		f.vols = append(f.vols, Volume{PodName: "web", PodNamespace: "shop", PodUID: "uid-1", VolumeName: claim + "-vol",
			ClaimNamespace: "shop", ClaimName: claim, VolumeID: id, VolumePath: target, StagingPath: staging})
	}
	t.Cleanup(func() {
		for _, v := range f.vols {
			_, _ = f.client.NodeUnpublishVolume(context.Background(), &csi.NodeUnpublishVolumeRequest{VolumeId: v.VolumeID, TargetPath: v.VolumePath})
			_, _ = f.client.NodeUnstageVolume(context.Background(), &csi.NodeUnstageVolumeRequest{VolumeId: v.VolumeID, StagingTargetPath: v.StagingPath})
		}
		conn.Close()
		cancel()
		<-done
	})
	return f
}

func get(t *testing.T, h http.Handler, path string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body)
	}
	return rec
}

func summary(t *testing.T, h http.Handler) statsapi.Summary {
	t.Helper()
	var s statsapi.Summary
	if err := json.Unmarshal(get(t, h, "/stats/summary").Body.Bytes(), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func metric(t *testing.T, h http.Handler, name, claim string) float64 {
	t.Helper()
	prefix := name + `{namespace="shop",persistentvolumeclaim="` + claim + `"} `
	sc := bufio.NewScanner(get(t, h, "/metrics").Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), prefix); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatal(err)
			}
			return f
		}
	}
	t.Fatalf("no series %s", prefix)
	return 0
}

// Writing 5 MiB into a published volume moves usedBytes in the summary
// and kubelet_volume_stats_used_bytes by 5 MiB at the next background
// measurement; the other volume stays.
func TestStatsFollowWrittenBytes(t *testing.T) {
	f := newFixture(t)
	h := NewHandler("n1", start(t, func() ([]Volume, csi.NodeClient) { return f.vols, f.client }, Options{Period: 20 * time.Millisecond}))

	var before statsapi.Summary
	eventually(t, "both volumes measured", func() bool {
		before = summary(t, h)
		return len(before.Pods) == 1 && len(before.Pods[0].VolumeStats) == 2 &&
			before.Pods[0].VolumeStats[0].UsedBytes != nil && before.Pods[0].VolumeStats[1].UsedBytes != nil
	})
	if before.Node.NodeName != "n1" {
		t.Fatalf("summary = %+v, want node n1", before)
	}
	pod := before.Pods[0]
	if pod.PodRef != (statsapi.PodReference{Name: "web", Namespace: "shop", UID: "uid-1"}) {
		t.Fatalf("podRef = %+v", pod.PodRef)
	}
	data := pod.VolumeStats[0]
	if data.Name != "data-vol" || data.PVCRef == nil || *data.PVCRef != (statsapi.PVCReference{Name: "data", Namespace: "shop"}) {
		t.Fatalf("volume = %+v", data)
	}
	if *data.CapacityBytes != 1<<30 || data.Inodes == nil || data.InodesUsed == nil || data.Time.IsZero() {
		t.Fatalf("figures = %+v", data.FsStats)
	}

	b := make([]byte, 5<<20)
	_, _ = rand.Read(b)
	if err := os.WriteFile(filepath.Join(f.vols[0].VolumePath, "five.bin"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	// A measurement may catch the file half-written: wait for one after.
	var after []statsapi.VolumeStats
	eventually(t, "the whole file measured", func() bool {
		after = summary(t, h).Pods[0].VolumeStats
		return int64(*after[0].UsedBytes)-int64(*data.UsedBytes) >= 5<<20
	})
	if grew := int64(*after[0].UsedBytes) - int64(*data.UsedBytes); grew > 5<<20+64<<10 {
		t.Fatalf("usedBytes grew by %d after writing 5 MiB", grew)
	}
	if *after[1].UsedBytes != *pod.VolumeStats[1].UsedBytes {
		t.Fatalf("the other volume's usedBytes moved: %d -> %d", *pod.VolumeStats[1].UsedBytes, *after[1].UsedBytes)
	}
	if *after[0].InodesUsed != *data.InodesUsed+1 {
		t.Fatalf("inodesUsed = %d, want %d", *after[0].InodesUsed, *data.InodesUsed+1)
	}
	if after[0].Time.Before(&data.Time) { // JSON keeps whole seconds: equal is fine
		t.Fatalf("time = %v, before the first measurement's %v", after[0].Time, data.Time)
	}

	if got := metric(t, h, "kubelet_volume_stats_used_bytes", "data"); got != float64(*after[0].UsedBytes) {
		t.Fatalf("used_bytes metric = %v, summary says %d", got, *after[0].UsedBytes)
	}
	if got := metric(t, h, "kubelet_volume_stats_capacity_bytes", "logs"); got != 1<<30 {
		t.Fatalf("capacity_bytes metric = %v", got)
	}
	for _, name := range []string{"available_bytes", "inodes", "inodes_free", "inodes_used"} {
		metric(t, h, "kubelet_volume_stats_"+name, "data")
	}
}

// Without a driver client, or for a volume the driver does not know, pods
// are still listed, with no figures and no metric series.
func TestStatsWithoutFigures(t *testing.T) {
	f := newFixture(t)
	gone := Volume{PodName: "old", PodNamespace: "shop", PodUID: "uid-2", VolumeName: "v", ClaimNamespace: "shop",
		ClaimName: "gone", VolumeID: "no-such-volume", VolumePath: "/nowhere"}
	tests := []struct {
		name   string
		client *countingNode // nil: no driver yet
		vols   []Volume
	}{
		{"no driver yet", nil, f.vols[:1]},
		{"unknown volume", &countingNode{NodeClient: f.client}, []Volume{gone}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var client csi.NodeClient
			if tt.client != nil {
				client = tt.client
			}
			c := start(t, func() ([]Volume, csi.NodeClient) { return tt.vols, client }, Options{Period: time.Hour, Resync: 5 * time.Millisecond})
			h := NewHandler("n1", c)
			eventually(t, "the volume listed and, with a driver, asked about", func() bool {
				return c.listed(tt.vols[0]) && (tt.client == nil || tt.client.calls.Load() > 0)
			})
			s := summary(t, h)
			if len(s.Pods) != 1 || len(s.Pods[0].VolumeStats) != 1 || s.Pods[0].VolumeStats[0].UsedBytes != nil {
				t.Fatalf("summary = %+v, want one volume without figures", s.Pods)
			}
			if body := get(t, h, "/metrics").Body.String(); strings.Contains(body, "kubelet_volume_stats_used_bytes{") {
				t.Fatalf("metrics for an unmeasured volume:\n%s", body)
			}
		})
	}
}

// countingNode counts NodeGetVolumeStats calls to a real driver.
type countingNode struct {
	csi.NodeClient
	calls atomic.Int32
}

func (c *countingNode) NodeGetVolumeStats(ctx context.Context, r *csi.NodeGetVolumeStatsRequest, o ...grpc.CallOption) (*csi.NodeGetVolumeStatsResponse, error) {
	defer c.calls.Add(1)
	return c.NodeClient.NodeGetVolumeStats(ctx, r, o...)
}
