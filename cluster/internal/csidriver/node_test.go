package csidriver

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/container-storage-interface/spec/lib/go/csi"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// stagePublish attaches, stages and publishes v at target with capability c.
func stagePublish(t *testing.T, d *Driver, v *csi.Volume, staging, target string, c *csi.VolumeCapability) error {
	t.Helper()
	if _, err := d.ControllerPublishVolume(ctx, &csi.ControllerPublishVolumeRequest{VolumeId: v.GetVolumeId(),
		NodeId: d.opts.NodeID, VolumeCapability: c}); err != nil {
		t.Fatalf("attach: %v", err)
	}
	if _, err := d.NodeStageVolume(ctx, &csi.NodeStageVolumeRequest{VolumeId: v.GetVolumeId(),
		StagingTargetPath: staging, VolumeCapability: c}); err != nil {
		t.Fatalf("stage: %v", err)
	}
	_, err := d.NodePublishVolume(ctx, &csi.NodePublishVolumeRequest{VolumeId: v.GetVolumeId(),
		StagingTargetPath: staging, TargetPath: target, VolumeCapability: c})
	return err
}

func bytesStats(t *testing.T, d *Driver, v *csi.Volume, path string) *csi.VolumeUsage {
	t.Helper()
	r, err := d.NodeGetVolumeStats(ctx, &csi.NodeGetVolumeStatsRequest{VolumeId: v.GetVolumeId(), VolumePath: path})
	if err != nil {
		t.Fatalf("stats: %v", err)
	}
	for _, u := range r.GetUsage() {
		if u.GetUnit() == csi.VolumeUsage_BYTES {
			return u
		}
	}
	t.Fatal("no byte usage")
	return nil
}

// The full node path on real bind mounts: data written through the
// published target lands in the volume, stats move by what was written,
// node expansion updates the reported capacity and unpublish cleans up.
func TestNodeLifecycleAndStats(t *testing.T) {
	for _, symlink := range []bool{false, true} {
		name := map[bool]string{false: "bind mount", true: "symlink fallback"}[symlink]
		t.Run(name, func(t *testing.T) {
			if !symlink {
				requireMount(t)
			}
			dir := t.TempDir()
			d := newDriver(t, dir, "n1", ModeBoth, 10*gib)
			d.mounter = systemMounter{symlinkOnly: symlink}
			v := createVol(t, d, "a", gib, nil)
			staging, target := filepath.Join(dir, "staging"), filepath.Join(dir, "pod", "target")
			if err := stagePublish(t, d, v, staging, target, rwo()); err != nil {
				t.Fatal(err)
			}
			if mounted, _ := isMountPoint(target); mounted == symlink {
				t.Fatalf("target mounted = %t with symlinkOnly=%t", mounted, symlink)
			}
			before := bytesStats(t, d, v, target)
			if before.GetTotal() != gib {
				t.Fatalf("capacity = %d, want 1Gi", before.GetTotal())
			}
			writeRandom(t, filepath.Join(target, "five.bin"), 5<<20)
			if _, err := os.Stat(filepath.Join(volDir(d, v), "five.bin")); err != nil {
				t.Fatalf("file written through the target is not in the volume: %v", err)
			}
			after := bytesStats(t, d, v, target)
			if grew := after.GetUsed() - before.GetUsed(); grew < 5<<20 || grew > 5<<20+64<<10 {
				t.Fatalf("used grew by %d bytes after writing 5 MiB", grew)
			}
			if after.GetAvailable() != gib-after.GetUsed() {
				t.Fatalf("available = %d, want capacity-used = %d", after.GetAvailable(), gib-after.GetUsed())
			}

			if _, err := d.ControllerExpandVolume(ctx, &csi.ControllerExpandVolumeRequest{VolumeId: v.GetVolumeId(),
				CapacityRange: &csi.CapacityRange{RequiredBytes: 2 * gib}}); err != nil {
				t.Fatal(err)
			}
			if got := bytesStats(t, d, v, target).GetTotal(); got != gib {
				t.Fatalf("before node expansion capacity = %d, want still 1Gi", got)
			}
			if r, err := d.NodeExpandVolume(ctx, &csi.NodeExpandVolumeRequest{VolumeId: v.GetVolumeId(), VolumePath: target,
				CapacityRange: &csi.CapacityRange{RequiredBytes: 2 * gib}}); err != nil || r.GetCapacityBytes() != 2*gib {
				t.Fatalf("node expand = %v, %v", r, err)
			}
			if got := bytesStats(t, d, v, target).GetTotal(); got != 2*gib {
				t.Fatalf("after node expansion capacity = %d, want 2Gi", got)
			}

			if _, err := d.DeleteVolume(ctx, &csi.DeleteVolumeRequest{VolumeId: v.GetVolumeId()}); status.Code(err) != codes.FailedPrecondition {
				t.Fatalf("deleting a published volume: %v, want FailedPrecondition", err)
			}
			if _, err := d.NodeUnpublishVolume(ctx, &csi.NodeUnpublishVolumeRequest{VolumeId: v.GetVolumeId(), TargetPath: target}); err != nil {
				t.Fatal(err)
			}
			if _, err := d.NodeUnstageVolume(ctx, &csi.NodeUnstageVolumeRequest{VolumeId: v.GetVolumeId(), StagingTargetPath: staging}); err != nil {
				t.Fatal(err)
			}
			for _, p := range []string{target, staging} {
				if _, err := os.Lstat(p); !os.IsNotExist(err) {
					t.Fatalf("%s still exists after unpublish/unstage: %v", p, err)
				}
			}
			if _, err := os.Stat(filepath.Join(volDir(d, v), "five.bin")); err != nil {
				t.Fatalf("unpublish lost the data: %v", err)
			}
		})
	}
}

func TestAccessModesHonoured(t *testing.T) {
	dir := t.TempDir()
	d := newDriver(t, dir, "n1", ModeBoth, 10*gib)

	t.Run("ReadWriteOncePod allows one target", func(t *testing.T) {
		v := createVol(t, d, "rwop", gib, nil)
		c := capWith(csi.VolumeCapability_AccessMode_SINGLE_NODE_SINGLE_WRITER)
		staging := filepath.Join(dir, "rwop-staging")
		if err := stagePublish(t, d, v, staging, filepath.Join(dir, "rwop-1"), c); err != nil {
			t.Fatal(err)
		}
		_, err := d.NodePublishVolume(ctx, &csi.NodePublishVolumeRequest{VolumeId: v.GetVolumeId(), StagingTargetPath: staging,
			TargetPath: filepath.Join(dir, "rwop-2"), VolumeCapability: c})
		if status.Code(err) != codes.FailedPrecondition {
			t.Fatalf("second target: %v, want FailedPrecondition", err)
		}
		unpublishAll(t, d, v, staging, filepath.Join(dir, "rwop-1"))
	})

	t.Run("ReadWriteOnce allows several pods on the node", func(t *testing.T) {
		v := createVol(t, d, "rwo", gib, nil)
		staging := filepath.Join(dir, "rwo-staging")
		if err := stagePublish(t, d, v, staging, filepath.Join(dir, "rwo-1"), rwo()); err != nil {
			t.Fatal(err)
		}
		if _, err := d.NodePublishVolume(ctx, &csi.NodePublishVolumeRequest{VolumeId: v.GetVolumeId(), StagingTargetPath: staging,
			TargetPath: filepath.Join(dir, "rwo-2"), VolumeCapability: rwo()}); err != nil {
			t.Fatalf("second pod: %v", err)
		}
		unpublishAll(t, d, v, staging, filepath.Join(dir, "rwo-1"), filepath.Join(dir, "rwo-2"))
	})

	t.Run("ReadOnlyMany is mounted read-only", func(t *testing.T) {
		requireMount(t)
		v := createVol(t, d, "rox", gib, nil)
		c := capWith(csi.VolumeCapability_AccessMode_MULTI_NODE_READER_ONLY)
		staging, target := filepath.Join(dir, "rox-staging"), filepath.Join(dir, "rox")
		if err := stagePublish(t, d, v, staging, target, c); err != nil {
			t.Fatal(err)
		}
		err := os.WriteFile(filepath.Join(target, "x"), []byte("x"), 0o600)
		if !errors.Is(err, syscall.EROFS) {
			t.Fatalf("write into a ReadOnlyMany target: %v, want EROFS", err)
		}
		unpublishAll(t, d, v, staging, target)
	})

	t.Run("ReadWriteMany is refused", func(t *testing.T) {
		_, err := d.CreateVolume(ctx, &csi.CreateVolumeRequest{Name: "rwx",
			VolumeCapabilities: []*csi.VolumeCapability{capWith(csi.VolumeCapability_AccessMode_MULTI_NODE_MULTI_WRITER)}})
		if status.Code(err) != codes.InvalidArgument {
			t.Fatalf("RWX create: %v, want InvalidArgument", err)
		}
	})
}

func unpublishAll(t *testing.T, d *Driver, v *csi.Volume, staging string, targets ...string) {
	t.Helper()
	for _, tp := range targets {
		if _, err := d.NodeUnpublishVolume(ctx, &csi.NodeUnpublishVolumeRequest{VolumeId: v.GetVolumeId(), TargetPath: tp}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := d.NodeUnstageVolume(ctx, &csi.NodeUnstageVolumeRequest{VolumeId: v.GetVolumeId(), StagingTargetPath: staging}); err != nil {
		t.Fatal(err)
	}
}

// Attach is real bookkeeping: a volume attaches only to its own node, a
// node takes at most MaxVolumes, and staging needs the attachment.
func TestAttach(t *testing.T) {
	dir := t.TempDir()
	d, err := New(Options{DataDir: dir, NodeID: "n1", Mode: ModeBoth, Capacity: 10 * gib, MaxVolumes: 1})
	if err != nil {
		t.Fatal(err)
	}
	newDriver(t, dir, "n2", ModeNode, gib)
	a, b := createVol(t, d, "a", gib, nil), createVol(t, d, "b", gib, nil)
	pub := func(v *csi.Volume, node string) error {
		_, err := d.ControllerPublishVolume(ctx, &csi.ControllerPublishVolumeRequest{VolumeId: v.GetVolumeId(), NodeId: node, VolumeCapability: rwo()})
		return err
	}
	if _, err := d.NodeStageVolume(ctx, &csi.NodeStageVolumeRequest{VolumeId: a.GetVolumeId(),
		StagingTargetPath: filepath.Join(dir, "s"), VolumeCapability: rwo()}); status.Code(err) != codes.FailedPrecondition {
		t.Fatalf("stage before attach: %v, want FailedPrecondition", err)
	}
	if err := pub(a, "n2"); status.Code(err) != codes.FailedPrecondition {
		t.Fatalf("attach to another node: %v, want FailedPrecondition", err)
	}
	if err := pub(a, "ghost"); status.Code(err) != codes.NotFound {
		t.Fatalf("attach to unknown node: %v, want NotFound", err)
	}
	if err := pub(a, "n1"); err != nil {
		t.Fatal(err)
	}
	if err := pub(a, "n1"); err != nil {
		t.Fatalf("attach is not idempotent: %v", err)
	}
	if err := pub(b, "n1"); status.Code(err) != codes.ResourceExhausted {
		t.Fatalf("attach beyond the limit: %v, want ResourceExhausted", err)
	}
	l, err := d.ListVolumes(ctx, &csi.ListVolumesRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range l.GetEntries() {
		want := map[string]int{a.GetVolumeId(): 1, b.GetVolumeId(): 0}[e.GetVolume().GetVolumeId()]
		if len(e.GetStatus().GetPublishedNodeIds()) != want {
			t.Fatalf("volume %s published on %v", e.GetVolume().GetVolumeId(), e.GetStatus().GetPublishedNodeIds())
		}
	}
}
