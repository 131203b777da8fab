package csidriver

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/container-storage-interface/spec/lib/go/csi"
)

func TestVolumeHealth(t *testing.T) {
	d := newDriver(t, t.TempDir(), "n1", ModeBoth, 10*gib)
	tests := []struct {
		name    string
		breakIt func(dir string)
		want    []csi.VolumeHealthErrorType
	}{
		{"healthy", func(string) {}, nil},
		{"written past its capacity", func(dir string) { writeRandom(t, filepath.Join(dir, "big"), 1<<20) }, []csi.VolumeHealthErrorType{csi.VolumeHealthErrorType_DEGRADED}},
		{"directory gone", func(dir string) { _ = os.RemoveAll(dir) }, []csi.VolumeHealthErrorType{csi.VolumeHealthErrorType_INACCESSIBLE}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := createVol(t, d, tt.name, 64<<10, nil)
			tt.breakIt(volDir(d, v))
			for _, get := range []func() *csi.VolumeHealth{
				func() *csi.VolumeHealth {
					r, err := d.ControllerGetVolumeHealth(ctx, &csi.ControllerGetVolumeHealthRequest{VolumeId: v.GetVolumeId()})
					if err != nil {
						t.Fatal(err)
					}
					return r.GetVolumeHealth()
				},
				func() *csi.VolumeHealth {
					r, err := d.NodeGetVolumeHealth(ctx, &csi.NodeGetVolumeHealthRequest{VolumeId: v.GetVolumeId()})
					if err != nil {
						t.Fatal(err)
					}
					return r.GetVolumeHealth()
				},
			} {
				h := get()
				var got []csi.VolumeHealthErrorType
				for _, e := range h.GetHealthStatuses() {
					got = append(got, e.GetStatus())
				}
				if h.GetVolumeId() != v.GetVolumeId() || len(got) != len(tt.want) || (len(got) > 0 && got[0] != tt.want[0]) {
					t.Fatalf("health = %v, want %v", h, tt.want)
				}
			}
		})
	}
}
