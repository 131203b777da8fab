package csidriver

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/container-storage-interface/spec/lib/go/csi"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// A group snapshot archives each volume; each member restores its own
// volume's data; members go only with their group.
func TestGroupSnapshot(t *testing.T) {
	d := newDriver(t, t.TempDir(), "n1", ModeBoth, 10*gib)
	a, b := createVol(t, d, "a", gib, nil), createVol(t, d, "b", gib, nil)
	dataA := writeRandom(t, filepath.Join(volDir(d, a), "a.bin"), 100<<10)
	dataB := writeRandom(t, filepath.Join(volDir(d, b), "b.bin"), 200<<10)
	req := &csi.CreateVolumeGroupSnapshotRequest{Name: "g", SourceVolumeIds: []string{b.GetVolumeId(), a.GetVolumeId()}}
	r, err := d.CreateVolumeGroupSnapshot(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	g := r.GetGroupSnapshot()
	if !g.GetReadyToUse() || len(g.GetSnapshots()) != 2 {
		t.Fatalf("group = %v, want ready with 2 members", g)
	}
	again, err := d.CreateVolumeGroupSnapshot(ctx, req)
	if err != nil || again.GetGroupSnapshot().GetGroupSnapshotId() != g.GetGroupSnapshotId() {
		t.Fatalf("idempotent create = %v, %v", again, err)
	}
	if _, err := d.CreateVolumeGroupSnapshot(ctx, &csi.CreateVolumeGroupSnapshotRequest{Name: "g",
		SourceVolumeIds: []string{a.GetVolumeId()}}); status.Code(err) != codes.AlreadyExists {
		t.Fatalf("same name, other volumes: %v, want AlreadyExists", err)
	}

	want := map[string][2]any{a.GetVolumeId(): {"a.bin", dataA}, b.GetVolumeId(): {"b.bin", dataB}}
	for _, sn := range g.GetSnapshots() {
		if sn.GetGroupSnapshotId() != g.GetGroupSnapshotId() {
			t.Fatalf("member %v lacks its group id", sn)
		}
		v := createVol(t, d, "restore-"+sn.GetSourceVolumeId(), 0, &csi.VolumeContentSource{Type: &csi.VolumeContentSource_Snapshot{
			Snapshot: &csi.VolumeContentSource_SnapshotSource{SnapshotId: sn.GetSnapshotId()}}})
		w := want[sn.GetSourceVolumeId()]
		mustEqualFile(t, filepath.Join(volDir(d, v), w[0].(string)), w[1].([]byte))
		if _, err := d.DeleteSnapshot(ctx, &csi.DeleteSnapshotRequest{SnapshotId: sn.GetSnapshotId()}); status.Code(err) != codes.FailedPrecondition {
			t.Fatalf("deleting a member alone: %v, want FailedPrecondition", err)
		}
	}

	if _, err := d.DeleteVolumeGroupSnapshot(ctx, &csi.DeleteVolumeGroupSnapshotRequest{GroupSnapshotId: g.GetGroupSnapshotId()}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.GetVolumeGroupSnapshot(ctx, &csi.GetVolumeGroupSnapshotRequest{GroupSnapshotId: g.GetGroupSnapshotId()}); status.Code(err) != codes.NotFound {
		t.Fatalf("deleted group: %v, want NotFound", err)
	}
	archives, _ := filepath.Glob(filepath.Join(d.root, "n1", "snapshots", "*.tar"))
	if len(archives) != 0 {
		t.Fatalf("archives left after deleting the group: %v", archives)
	}
	if _, err := os.Stat(volDir(d, a)); err != nil {
		t.Fatalf("deleting the group touched the source volume: %v", err)
	}
}
