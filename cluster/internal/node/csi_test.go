package node

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/container-storage-interface/spec/lib/go/csi"
	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/utils/ptr"
)

func TestAttachmentNameMatchesAttachDetachController(t *testing.T) {
	// Value computed by kubelet's/KCM's getAttachmentName for the same input.
	got := attachmentName("vol-1", "local.csi.bindery.io", "bindery-node-1")
	if len(got) != 4+64 || got[:4] != "csi-" {
		t.Fatalf("attachmentName = %q", got)
	}
	if got == attachmentName("vol-1", "local.csi.bindery.io", "bindery-node-2") {
		t.Fatal("attachment name must depend on the node")
	}
	if u := uniqueCSIName("local.csi.bindery.io", "vol-1"); u != "kubernetes.io/csi/local.csi.bindery.io^vol-1" {
		t.Fatalf("unique name = %q", u)
	}
}

func TestVolumeCapability(t *testing.T) {
	pv := func(modes []v1.PersistentVolumeAccessMode, block bool) *v1.PersistentVolume {
		p := &v1.PersistentVolume{Spec: v1.PersistentVolumeSpec{AccessModes: modes, MountOptions: []string{"noatime"},
			PersistentVolumeSource: v1.PersistentVolumeSource{CSI: &v1.CSIPersistentVolumeSource{Driver: "d", VolumeHandle: "h", FSType: "ext4"}}}}
		if block {
			p.Spec.VolumeMode = ptr.To(v1.PersistentVolumeBlock)
		}
		return p
	}
	for _, tc := range []struct {
		modes []v1.PersistentVolumeAccessMode
		want  csi.VolumeCapability_AccessMode_Mode
	}{
		{nil, csi.VolumeCapability_AccessMode_SINGLE_NODE_WRITER},
		{[]v1.PersistentVolumeAccessMode{v1.ReadWriteOnce}, csi.VolumeCapability_AccessMode_SINGLE_NODE_WRITER},
		{[]v1.PersistentVolumeAccessMode{v1.ReadOnlyMany, v1.ReadWriteOnce}, csi.VolumeCapability_AccessMode_MULTI_NODE_READER_ONLY},
		{[]v1.PersistentVolumeAccessMode{v1.ReadWriteOncePod}, csi.VolumeCapability_AccessMode_SINGLE_NODE_SINGLE_WRITER},
		{[]v1.PersistentVolumeAccessMode{v1.ReadWriteMany}, csi.VolumeCapability_AccessMode_MULTI_NODE_MULTI_WRITER},
	} {
		c, err := volumeCapability(pv(tc.modes, false))
		if err != nil || c.GetAccessMode().GetMode() != tc.want {
			t.Errorf("%v: got %v, %v; want %v", tc.modes, c.GetAccessMode().GetMode(), err, tc.want)
		}
		if m := c.GetMount(); m.GetFsType() != "ext4" || len(m.GetMountFlags()) != 1 {
			t.Errorf("mount = %v", m)
		}
	}
	if _, err := volumeCapability(pv(nil, true)); err == nil {
		t.Error("block volumes must be refused")
	}
}

func TestFinishResize(t *testing.T) {
	pvc := &v1.PersistentVolumeClaim{Status: v1.PersistentVolumeClaimStatus{
		Capacity: v1.ResourceList{v1.ResourceStorage: resource.MustParse("1Gi")},
		AllocatedResourceStatuses: map[v1.ResourceName]v1.ClaimResourceStatus{
			v1.ResourceStorage: v1.PersistentVolumeClaimNodeResizePending},
		Conditions: []v1.PersistentVolumeClaimCondition{
			{Type: v1.PersistentVolumeClaimFileSystemResizePending}, {Type: "Other"}},
	}}
	finishResize(pvc, resource.MustParse("2Gi"))
	if q := pvc.Status.Capacity[v1.ResourceStorage]; q.String() != "2Gi" {
		t.Errorf("capacity = %s", q.String())
	}
	if pvc.Status.AllocatedResourceStatuses != nil {
		t.Errorf("allocatedResourceStatuses = %v", pvc.Status.AllocatedResourceStatuses)
	}
	if len(pvc.Status.Conditions) != 1 || pvc.Status.Conditions[0].Type != "Other" {
		t.Errorf("conditions = %v", pvc.Status.Conditions)
	}
}

func TestSubresource(t *testing.T) {
	for path, want := range map[string]string{"/stats/summary": "stats", "/metrics": "metrics",
		"/metrics/cadvisor": "metrics", "/healthz": "healthz", "/pods": "proxy"} {
		if got := subresource(path); got != want {
			t.Errorf("subresource(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestRemoveEmptyNeverDeletesData(t *testing.T) {
	dir := t.TempDir()
	full := filepath.Join(dir, "mount")
	if err := os.MkdirAll(full, 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(full, "data"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := removeEmpty(full); err == nil {
		t.Fatal("a populated target must not be removed")
	}
	if _, err := os.Stat(filepath.Join(full, "data")); err != nil {
		t.Fatalf("data gone: %v", err)
	}
	if err := removeEmpty(filepath.Join(dir, "missing")); err != nil {
		t.Errorf("missing dir: %v", err)
	}
}

func TestVolDataRoundTripAndStagedForOthers(t *testing.T) {
	a := &Agent{nodeDir: t.TempDir()}
	mk := func(uid, pv, handle string) csiVolume {
		cv := csiVolume{Driver: "d", Handle: handle, PV: pv, PodUID: uid,
			Target: filepath.Join(a.podVolumeDir(uid, pv), "mount"), Staging: a.stagingPath("d", handle)}
		if err := writeVolData(cv); err != nil {
			t.Fatal(err)
		}
		return cv
	}
	want := mk("uid-1", "pv-1", "h1")
	mk("uid-2", "pv-2", "h2")
	files := a.volDataFiles("uid-1")
	if len(files) != 1 {
		t.Fatalf("vol_data files = %v", files)
	}
	got, err := readVolData(files[0])
	if err != nil || got != want {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	if !a.stagedForOthers("h2") || a.stagedForOthers("h3") {
		t.Error("stagedForOthers must see exactly the published handles")
	}
}
