package csidriver

import (
	"bytes"
	"context"
	"crypto/rand"
	"os"
	"path/filepath"
	"testing"

	"github.com/container-storage-interface/spec/lib/go/csi"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

var ctx = context.Background()

func newDriver(t *testing.T, dataDir, node string, mode Mode, capacity int64) *Driver {
	t.Helper()
	d, err := New(Options{DataDir: dataDir, NodeID: node, Mode: mode, Capacity: capacity})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func rwo() *csi.VolumeCapability { return capWith(csi.VolumeCapability_AccessMode_SINGLE_NODE_WRITER) }

func capWith(m csi.VolumeCapability_AccessMode_Mode) *csi.VolumeCapability {
	return &csi.VolumeCapability{AccessType: &csi.VolumeCapability_Mount{Mount: &csi.VolumeCapability_MountVolume{}},
		AccessMode: &csi.VolumeCapability_AccessMode{Mode: m}}
}

func createVol(t *testing.T, d *Driver, name string, size int64, src *csi.VolumeContentSource) *csi.Volume {
	t.Helper()
	r, err := d.CreateVolume(ctx, &csi.CreateVolumeRequest{Name: name, VolumeCapabilities: []*csi.VolumeCapability{rwo()},
		CapacityRange: &csi.CapacityRange{RequiredBytes: size}, VolumeContentSource: src})
	if err != nil {
		t.Fatalf("CreateVolume %s: %v", name, err)
	}
	return r.GetVolume()
}

func volDir(d *Driver, v *csi.Volume) string {
	return filepath.Join(d.volumesDir(v.GetAccessibleTopology()[0].GetSegments()[TopologyKey]), v.GetVolumeId())
}

func writeRandom(t testing.TB, path string, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	_, _ = rand.Read(b)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o640); err != nil {
		t.Fatal(err)
	}
	return b
}

func mustEqualFile(t *testing.T, path string, want []byte) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s: %d bytes differ from the %d written", path, len(got), len(want))
	}
}

func mustHaveMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != want {
		t.Fatalf("%s: mode %v, want %v", path, fi.Mode().Perm(), want)
	}
}

// A snapshot is a real archive: data written after it does not leak into
// the restore, and restore and clone hold byte-identical data.
func TestSnapshotRestoreAndClone(t *testing.T) {
	d := newDriver(t, t.TempDir(), "n1", ModeBoth, 10*gib)
	src := createVol(t, d, "src", gib, nil)
	data := writeRandom(t, filepath.Join(volDir(d, src), "dir", "data.bin"), 1<<20)
	if err := os.Symlink("dir/data.bin", filepath.Join(volDir(d, src), "link")); err != nil {
		t.Fatal(err)
	}
	// A mode the umask would trim at creation must survive the copies.
	if err := os.Chmod(filepath.Join(volDir(d, src), "dir", "data.bin"), 0o666); err != nil {
		t.Fatal(err)
	}
	snap, err := d.CreateSnapshot(ctx, &csi.CreateSnapshotRequest{Name: "s1", SourceVolumeId: src.GetVolumeId()})
	if err != nil {
		t.Fatal(err)
	}
	if !snap.GetSnapshot().GetReadyToUse() || snap.GetSnapshot().GetSizeBytes() != gib {
		t.Fatalf("snapshot = %v, want ready with the source's size", snap.GetSnapshot())
	}
	writeRandom(t, filepath.Join(volDir(d, src), "after-snapshot"), 10)

	restored := createVol(t, d, "restored", 0, &csi.VolumeContentSource{Type: &csi.VolumeContentSource_Snapshot{
		Snapshot: &csi.VolumeContentSource_SnapshotSource{SnapshotId: snap.GetSnapshot().GetSnapshotId()}}})
	if restored.GetCapacityBytes() != gib || restored.GetContentSource().GetSnapshot() == nil {
		t.Fatalf("restored = %v, want the snapshot's size and source", restored)
	}
	mustEqualFile(t, filepath.Join(volDir(d, restored), "dir", "data.bin"), data)
	mustEqualFile(t, filepath.Join(volDir(d, restored), "link"), data)
	mustHaveMode(t, filepath.Join(volDir(d, restored), "dir", "data.bin"), 0o666)
	if _, err := os.Stat(filepath.Join(volDir(d, restored), "after-snapshot")); !os.IsNotExist(err) {
		t.Fatalf("a file written after the snapshot is in the restore: %v", err)
	}

	clone := createVol(t, d, "clone", 2*gib, &csi.VolumeContentSource{Type: &csi.VolumeContentSource_Volume{
		Volume: &csi.VolumeContentSource_VolumeSource{VolumeId: src.GetVolumeId()}}})
	mustEqualFile(t, filepath.Join(volDir(d, clone), "dir", "data.bin"), data)
	mustHaveMode(t, filepath.Join(volDir(d, clone), "dir", "data.bin"), 0o666)
	if _, err := os.Stat(filepath.Join(volDir(d, clone), "after-snapshot")); err != nil {
		t.Fatalf("clone lacks the source's latest file: %v", err)
	}

	_, err = d.CreateVolume(ctx, &csi.CreateVolumeRequest{Name: "too-small", VolumeCapabilities: []*csi.VolumeCapability{rwo()},
		CapacityRange: &csi.CapacityRange{RequiredBytes: gib / 2}, VolumeContentSource: &csi.VolumeContentSource{
			Type: &csi.VolumeContentSource_Snapshot{Snapshot: &csi.VolumeContentSource_SnapshotSource{SnapshotId: snap.GetSnapshot().GetSnapshotId()}}}})
	if status.Code(err) != codes.OutOfRange {
		t.Fatalf("restore into a smaller volume: %v, want OutOfRange", err)
	}
	if _, err := d.DeleteSnapshot(ctx, &csi.DeleteSnapshotRequest{SnapshotId: snap.GetSnapshot().GetSnapshotId()}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(d.root, "n1", "snapshots", snap.GetSnapshot().GetSnapshotId()+".tar")); !os.IsNotExist(err) {
		t.Fatalf("snapshot archive still there after delete: %v", err)
	}
}

// Capacity is per node: provisioning and expansion use it up, deletion
// gives it back, and GetCapacity reports what is left.
func TestCapacityAccounting(t *testing.T) {
	dir := t.TempDir()
	d := newDriver(t, dir, "n1", ModeBoth, 10*gib)
	newDriver(t, dir, "n2", ModeNode, 4*gib)
	capOf := func(node string) int64 {
		r, err := d.GetCapacity(ctx, &csi.GetCapacityRequest{AccessibleTopology: &csi.Topology{Segments: map[string]string{TopologyKey: node}}})
		if err != nil {
			t.Fatal(err)
		}
		return r.GetAvailableCapacity()
	}
	if capOf("n1") != 10*gib || capOf("n2") != 4*gib || capOf("nope") != 0 {
		t.Fatalf("capacities = %d, %d, %d", capOf("n1"), capOf("n2"), capOf("nope"))
	}
	v := createVol(t, d, "a", 6*gib, nil)
	if got := capOf("n1"); got != 4*gib {
		t.Fatalf("after a 6Gi volume n1 has %d, want 4Gi", got)
	}
	_, err := d.CreateVolume(ctx, &csi.CreateVolumeRequest{Name: "b", VolumeCapabilities: []*csi.VolumeCapability{rwo()},
		CapacityRange:             &csi.CapacityRange{RequiredBytes: 5 * gib},
		AccessibilityRequirements: &csi.TopologyRequirement{Requisite: topologyOf("n1")}})
	if status.Code(err) != codes.ResourceExhausted {
		t.Fatalf("5Gi on a node with 4Gi free: %v, want ResourceExhausted", err)
	}
	if _, err := d.ControllerExpandVolume(ctx, &csi.ControllerExpandVolumeRequest{VolumeId: v.GetVolumeId(),
		CapacityRange: &csi.CapacityRange{RequiredBytes: 11 * gib}}); status.Code(err) != codes.OutOfRange {
		t.Fatalf("expanding past the node's capacity: %v, want OutOfRange", err)
	}
	exp, err := d.ControllerExpandVolume(ctx, &csi.ControllerExpandVolumeRequest{VolumeId: v.GetVolumeId(),
		CapacityRange: &csi.CapacityRange{RequiredBytes: 8 * gib}})
	if err != nil || exp.GetCapacityBytes() != 8*gib || !exp.GetNodeExpansionRequired() {
		t.Fatalf("expand = %v, %v", exp, err)
	}
	if got := capOf("n1"); got != 2*gib {
		t.Fatalf("after expansion to 8Gi n1 has %d, want 2Gi", got)
	}
	if _, err := d.DeleteVolume(ctx, &csi.DeleteVolumeRequest{VolumeId: v.GetVolumeId()}); err != nil {
		t.Fatal(err)
	}
	if got := capOf("n1"); got != 10*gib {
		t.Fatalf("after delete n1 has %d, want 10Gi", got)
	}
	if _, err := os.Stat(volDir(d, v)); !os.IsNotExist(err) {
		t.Fatalf("volume directory survived DeleteVolume: %v", err)
	}
}

func TestModifyTier(t *testing.T) {
	d := newDriver(t, t.TempDir(), "n1", ModeBoth, 10*gib)
	v := createVol(t, d, "a", gib, nil)
	if v.GetVolumeContext()[ParamTier] != "standard" {
		t.Fatalf("default tier = %q", v.GetVolumeContext()[ParamTier])
	}
	tests := []struct {
		name   string
		params map[string]string
		code   codes.Code
		tier   string
	}{
		{"to fast", map[string]string{"tier": "fast"}, codes.OK, "fast"},
		{"unknown value is infeasible", map[string]string{"tier": "platinum"}, codes.InvalidArgument, "fast"},
		{"unknown key is infeasible", map[string]string{"iops": "9000"}, codes.InvalidArgument, "fast"},
		{"back to standard", map[string]string{"tier": "standard"}, codes.OK, "standard"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := d.ControllerModifyVolume(ctx, &csi.ControllerModifyVolumeRequest{VolumeId: v.GetVolumeId(), MutableParameters: tt.params})
			if status.Code(err) != tt.code {
				t.Fatalf("modify: %v, want %v", err, tt.code)
			}
			got, err := d.ControllerGetVolume(ctx, &csi.ControllerGetVolumeRequest{VolumeId: v.GetVolumeId()})
			if err != nil {
				t.Fatal(err)
			}
			if tier := got.GetVolume().GetVolumeContext()[ParamTier]; tier != tt.tier {
				t.Fatalf("tier = %q, want %q", tier, tt.tier)
			}
		})
	}
}

// State survives a restart: a new driver on the same data dir sees the volumes.
func TestStatePersists(t *testing.T) {
	dir := t.TempDir()
	v := createVol(t, newDriver(t, dir, "n1", ModeBoth, 10*gib), "a", gib, nil)
	d2 := newDriver(t, dir, "", ModeController, 0)
	got, err := d2.ControllerGetVolume(ctx, &csi.ControllerGetVolumeRequest{VolumeId: v.GetVolumeId()})
	if err != nil || got.GetVolume().GetCapacityBytes() != gib {
		t.Fatalf("after restart: %v, %v", got, err)
	}
	again := createVol(t, d2, "a", gib, nil)
	if again.GetVolumeId() != v.GetVolumeId() {
		t.Fatalf("idempotent create after restart made a new volume %s", again.GetVolumeId())
	}
}

// Creating an existing name is idempotent only for a compatible request.
func TestCreateIdempotency(t *testing.T) {
	d := newDriver(t, t.TempDir(), "n1", ModeBoth, 10*gib)
	createVol(t, d, "a", gib, nil)
	req := func(mod func(*csi.CreateVolumeRequest)) *csi.CreateVolumeRequest {
		r := &csi.CreateVolumeRequest{Name: "a", VolumeCapabilities: []*csi.VolumeCapability{rwo()},
			CapacityRange: &csi.CapacityRange{RequiredBytes: gib}}
		mod(r)
		return r
	}
	tests := []struct {
		name string
		req  *csi.CreateVolumeRequest
		code codes.Code
	}{
		{"same request", req(func(*csi.CreateVolumeRequest) {}), codes.OK},
		{"smaller request still fits", req(func(r *csi.CreateVolumeRequest) { r.CapacityRange.RequiredBytes = 1 }), codes.OK},
		{"bigger size", req(func(r *csi.CreateVolumeRequest) { r.CapacityRange.RequiredBytes = 2 * gib }), codes.AlreadyExists},
		{"other tier", req(func(r *csi.CreateVolumeRequest) { r.Parameters = map[string]string{"tier": "fast"} }), codes.AlreadyExists},
		{"other node", req(func(r *csi.CreateVolumeRequest) {
			r.AccessibilityRequirements = &csi.TopologyRequirement{Requisite: topologyOf("n2")}
		}), codes.AlreadyExists},
		{"a content source", req(func(r *csi.CreateVolumeRequest) {
			r.VolumeContentSource = &csi.VolumeContentSource{Type: &csi.VolumeContentSource_Volume{Volume: &csi.VolumeContentSource_VolumeSource{VolumeId: "x"}}}
		}), codes.AlreadyExists},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := d.CreateVolume(ctx, tt.req); status.Code(err) != tt.code {
				t.Fatalf("CreateVolume: %v, want %v", err, tt.code)
			}
		})
	}
}

// A copy interrupted by a crash does not leave its name stuck: the next
// controller start forgets the half-made volume and snapshot.
func TestInterruptedCopiesAreDropped(t *testing.T) {
	dir := t.TempDir()
	d := newDriver(t, dir, "n1", ModeBoth, 10*gib)
	if err := d.store.Update(func(s *State) error {
		s.Volumes["half"] = &Volume{ID: "half", Name: "restoring", Node: "n1", CapacityBytes: gib, SourceSnap: "x"}
		s.Snapshots["halfsnap"] = &Snapshot{ID: "halfsnap", Name: "snapping", Node: "n1", SourceVolume: "v"}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	writeRandom(t, filepath.Join(d.volumesDir("n1"), "half", "partial"), 10)
	if _, err := d.CreateVolume(ctx, &csi.CreateVolumeRequest{Name: "restoring", VolumeCapabilities: []*csi.VolumeCapability{rwo()},
		VolumeContentSource: &csi.VolumeContentSource{Type: &csi.VolumeContentSource_Snapshot{
			Snapshot: &csi.VolumeContentSource_SnapshotSource{SnapshotId: "x"}}}}); status.Code(err) != codes.Aborted {
		t.Fatalf("retry during the copy: %v, want Aborted", err)
	}

	d = newDriver(t, dir, "n1", ModeBoth, 10*gib) // restart
	if v := createVol(t, d, "restoring", gib, nil); v.GetVolumeId() == "half" {
		t.Fatal("the interrupted volume was handed out")
	}
	if _, err := os.Stat(filepath.Join(d.volumesDir("n1"), "half")); !os.IsNotExist(err) {
		t.Fatalf("the interrupted volume's data is left: %v", err)
	}
	if _, err := d.GetSnapshot(ctx, &csi.GetSnapshotRequest{SnapshotId: "halfsnap"}); status.Code(err) != codes.NotFound {
		t.Fatalf("interrupted snapshot: %v, want NotFound", err)
	}
}
