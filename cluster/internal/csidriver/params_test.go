package csidriver

import (
	"testing"

	"github.com/container-storage-interface/spec/lib/go/csi"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestVolumeSize(t *testing.T) {
	cr := func(req, lim int64) *csi.CapacityRange {
		return &csi.CapacityRange{RequiredBytes: req, LimitBytes: lim}
	}
	tests := []struct {
		name    string
		r       *csi.CapacityRange
		minSize int64
		want    int64
		code    codes.Code
	}{
		{"no range gets the default", nil, 0, DefaultVolumeSize, codes.OK},
		{"required wins", cr(5*gib, 0), 0, 5 * gib, codes.OK},
		{"limit caps the default", cr(0, 100), 0, 100, codes.OK},
		{"restore without size takes the snapshot size", nil, 3 * gib, 3 * gib, codes.OK},
		{"restore into a smaller volume is out of range", cr(gib, 0), 2 * gib, 0, codes.OutOfRange},
		{"source above the limit is out of range", cr(0, gib), 2 * gib, 0, codes.OutOfRange},
		{"limit below required", cr(2*gib, gib), 0, 0, codes.InvalidArgument},
		{"negative", cr(-1, 0), 0, 0, codes.InvalidArgument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := volumeSize(tt.r, tt.minSize)
			if status.Code(err) != tt.code {
				t.Fatalf("code = %v (%v), want %v", status.Code(err), err, tt.code)
			}
			if got != tt.want {
				t.Fatalf("size = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestExpandedSize(t *testing.T) {
	tests := []struct {
		name          string
		cur, req, lim int64
		free, want    int64
		code          codes.Code
	}{
		{"grows within free space", gib, 2 * gib, 0, gib, 2 * gib, codes.OK},
		{"already big enough is a no-op", 2 * gib, gib, 0, 0, 2 * gib, codes.OK},
		{"growth beyond the node's free space", gib, 3 * gib, 0, gib, 0, codes.OutOfRange},
		{"limit below current size: no shrinking", 2 * gib, 0, gib, gib, 0, codes.OutOfRange},
		{"limit below required", gib, 3 * gib, 2 * gib, 10 * gib, 0, codes.InvalidArgument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := expandedSize(tt.cur, &csi.CapacityRange{RequiredBytes: tt.req, LimitBytes: tt.lim}, tt.free)
			if status.Code(err) != tt.code || got != tt.want {
				t.Fatalf("expandedSize = %d, %v; want %d, %v", got, err, tt.want, tt.code)
			}
		})
	}
}

func TestTierFrom(t *testing.T) {
	tests := []struct {
		name   string
		params map[string]string
		want   string
		code   codes.Code
	}{
		{"none keeps the fallback", nil, "standard", codes.OK},
		{"fast", map[string]string{"tier": "fast"}, "fast", codes.OK},
		{"sidecar metadata is ignored", map[string]string{"csi.storage.k8s.io/pvc/name": "x", "tier": "standard"}, "standard", codes.OK},
		{"unknown tier value", map[string]string{"tier": "gold"}, "", codes.InvalidArgument},
		{"unknown key", map[string]string{"iops": "100"}, "", codes.InvalidArgument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tierFrom(tt.params, "standard")
			if status.Code(err) != tt.code || got != tt.want {
				t.Fatalf("tierFrom = %q, %v; want %q, %v", got, err, tt.want, tt.code)
			}
		})
	}
}

func TestCheckCapability(t *testing.T) {
	mount := func(m csi.VolumeCapability_AccessMode_Mode) *csi.VolumeCapability {
		return &csi.VolumeCapability{AccessType: &csi.VolumeCapability_Mount{Mount: &csi.VolumeCapability_MountVolume{}},
			AccessMode: &csi.VolumeCapability_AccessMode{Mode: m}}
	}
	tests := []struct {
		name string
		c    *csi.VolumeCapability
		ok   bool
	}{
		{"ReadWriteOnce", mount(csi.VolumeCapability_AccessMode_SINGLE_NODE_WRITER), true},
		{"ReadWriteOncePod", mount(csi.VolumeCapability_AccessMode_SINGLE_NODE_SINGLE_WRITER), true},
		{"ReadOnlyMany", mount(csi.VolumeCapability_AccessMode_MULTI_NODE_READER_ONLY), true},
		{"ReadWriteMany refused", mount(csi.VolumeCapability_AccessMode_MULTI_NODE_MULTI_WRITER), false},
		{"multi-node single writer refused", mount(csi.VolumeCapability_AccessMode_MULTI_NODE_SINGLE_WRITER), false},
		{"block refused", &csi.VolumeCapability{AccessType: &csi.VolumeCapability_Block{Block: &csi.VolumeCapability_BlockVolume{}},
			AccessMode: &csi.VolumeCapability_AccessMode{Mode: csi.VolumeCapability_AccessMode_SINGLE_NODE_WRITER}}, false},
		{"nil refused", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if why := checkCapability(tt.c); (why == "") != tt.ok {
				t.Fatalf("checkCapability = %q, want ok=%t", why, tt.ok)
			}
		})
	}
}

func TestPaginate(t *testing.T) {
	tests := []struct {
		name     string
		n        int
		token    string
		max      int32
		from, to int
		next     string
		code     codes.Code
	}{
		{"all", 5, "", 0, 0, 5, "", codes.OK},
		{"first page", 5, "", 2, 0, 2, "2", codes.OK},
		{"last page", 5, "4", 2, 4, 5, "", codes.OK},
		{"garbage token", 5, "x", 0, 0, 0, "", codes.Aborted},
		{"token past the end", 5, "6", 0, 0, 0, "", codes.Aborted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, next, err := paginate(tt.n, tt.token, tt.max)
			if status.Code(err) != tt.code {
				t.Fatalf("code = %v, want %v", status.Code(err), tt.code)
			}
			if err == nil && (page != [2]int{tt.from, tt.to} || next != tt.next) {
				t.Fatalf("page = %v next %q, want [%d %d] %q", page, next, tt.from, tt.to, tt.next)
			}
		})
	}
}

func TestPickNode(t *testing.T) {
	st := &State{Volumes: map[string]*Volume{
		"a": {ID: "a", Node: "n1", CapacityBytes: 8 * gib},
	}, Nodes: map[string]*NodeInfo{
		"n1": {ID: "n1", CapacityBytes: 10 * gib},
		"n2": {ID: "n2", CapacityBytes: 10 * gib},
	}}
	on := func(nodes ...string) *csi.TopologyRequirement {
		r := &csi.TopologyRequirement{}
		for _, n := range nodes {
			r.Preferred = append(r.Preferred, &csi.Topology{Segments: map[string]string{TopologyKey: n}})
		}
		return r
	}
	tests := []struct {
		name  string
		req   *csi.TopologyRequirement
		size  int64
		local string
		want  string
		code  codes.Code
	}{
		{"requested node with room", on("n1"), gib, "", "n1", codes.OK},
		{"requested node full: next preferred", on("n1", "n2"), 5 * gib, "", "n2", codes.OK},
		{"only a full node requested", on("n1"), 5 * gib, "", "", codes.ResourceExhausted},
		{"unknown node", on("n9"), gib, "", "", codes.ResourceExhausted},
		{"no topology: local node first", nil, gib, "n1", "n1", codes.OK},
		{"no topology: most free space", nil, gib, "", "n2", codes.OK},
		{"bigger than any node", nil, 11 * gib, "", "", codes.ResourceExhausted},
		{"topology without our key", &csi.TopologyRequirement{Requisite: []*csi.Topology{{Segments: map[string]string{"zone": "a"}}}}, gib, "", "", codes.InvalidArgument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := st.pickNode(tt.req, tt.size, tt.local)
			if status.Code(err) != tt.code || got != tt.want {
				t.Fatalf("pickNode = %q, %v; want %q, %v", got, err, tt.want, tt.code)
			}
		})
	}
}
