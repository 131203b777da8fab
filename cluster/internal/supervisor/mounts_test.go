package supervisor

import (
	"slices"
	"testing"
)

func TestMountsUnder(t *testing.T) {
	info := `22 1 254:0 / / rw - ext4 /dev/vda rw
90 22 254:0 /d/csi-data/v1 /d/nodes/n1/plugins/x/globalmount rw - ext4 /dev/vda rw
91 22 254:0 /d/csi-data/v1 /d/nodes/n1/pods/u/volumes/kubernetes.io~csi/pv/mount rw - ext4 /dev/vda rw
92 22 254:0 /x /d-other/mnt rw - ext4 /dev/vda rw
93 22 254:0 /x /d/with\040space rw - ext4 /dev/vda rw
`
	got := mountsUnder(info, "/d")
	want := []string{"/d/nodes/n1/pods/u/volumes/kubernetes.io~csi/pv/mount", "/d/nodes/n1/plugins/x/globalmount", "/d/with space"}
	if !slices.Equal(got, want) {
		t.Fatalf("mountsUnder = %q, want %q", got, want)
	}
}
