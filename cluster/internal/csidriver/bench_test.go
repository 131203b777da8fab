package csidriver

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/container-storage-interface/spec/lib/go/csi"
)

// The driver's share of the issue's "snapshot -> readyToUse for a 10 MiB
// volume" figure, and of restore, clone and a stats scrape. Run with
// `go test -run '^$' -bench . ./internal/csidriver/`.

func benchVolume(b *testing.B) (*Driver, *csi.Volume) {
	d, err := New(Options{DataDir: b.TempDir(), NodeID: "n1", Mode: ModeBoth, Capacity: 1 << 50})
	if err != nil {
		b.Fatal(err)
	}
	r, err := d.CreateVolume(ctx, &csi.CreateVolumeRequest{Name: "src", VolumeCapabilities: []*csi.VolumeCapability{rwo()},
		CapacityRange: &csi.CapacityRange{RequiredBytes: gib}})
	if err != nil {
		b.Fatal(err)
	}
	v := r.GetVolume()
	for i := range 10 {
		writeRandom(b, filepath.Join(volDir(d, v), fmt.Sprintf("f%d", i)), 1<<20)
	}
	return d, v
}

func BenchmarkSnapshot10MiB(b *testing.B) {
	d, v := benchVolume(b)
	b.SetBytes(10 << 20)
	for i := 0; b.Loop(); i++ {
		if _, err := d.CreateSnapshot(ctx, &csi.CreateSnapshotRequest{Name: fmt.Sprint("s", i), SourceVolumeId: v.GetVolumeId()}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRestore10MiB(b *testing.B) {
	d, v := benchVolume(b)
	s, err := d.CreateSnapshot(ctx, &csi.CreateSnapshotRequest{Name: "s", SourceVolumeId: v.GetVolumeId()})
	if err != nil {
		b.Fatal(err)
	}
	src := &csi.VolumeContentSource{Type: &csi.VolumeContentSource_Snapshot{
		Snapshot: &csi.VolumeContentSource_SnapshotSource{SnapshotId: s.GetSnapshot().GetSnapshotId()}}}
	b.SetBytes(10 << 20)
	for i := 0; b.Loop(); i++ {
		createVolB(b, d, fmt.Sprint("r", i), src)
	}
}

func BenchmarkClone10MiB(b *testing.B) {
	d, v := benchVolume(b)
	src := &csi.VolumeContentSource{Type: &csi.VolumeContentSource_Volume{
		Volume: &csi.VolumeContentSource_VolumeSource{VolumeId: v.GetVolumeId()}}}
	b.SetBytes(10 << 20)
	for i := 0; b.Loop(); i++ {
		createVolB(b, d, fmt.Sprint("c", i), src)
	}
}

func createVolB(b *testing.B, d *Driver, name string, src *csi.VolumeContentSource) {
	if _, err := d.CreateVolume(ctx, &csi.CreateVolumeRequest{Name: name, VolumeCapabilities: []*csi.VolumeCapability{rwo()},
		VolumeContentSource: src}); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkMeasure1000Files is the du behind NodeGetVolumeStats.
func BenchmarkMeasure1000Files(b *testing.B) {
	dir := b.TempDir()
	for i := range 1000 {
		writeRandom(b, filepath.Join(dir, fmt.Sprint(i/100), fmt.Sprint(i)), 4096)
	}
	for b.Loop() {
		if _, err := measure(dir); err != nil {
			b.Fatal(err)
		}
	}
}
