package csidriver

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/container-storage-interface/spec/lib/go/csi"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

const (
	// ParamTier is the one parameter: a StorageClass parameter at creation
	// and a VolumeAttributesClass (mutable) parameter afterwards.
	ParamTier   = "tier"
	defaultTier = "standard"
	// Sidecars add these (e.g. --extra-create-metadata); they carry no meaning here.
	k8sParamPrefix = "csi.storage.k8s.io/"
)

var tiers = []string{"standard", "fast"}

// supportedModes are the access modes a node-local directory can honour:
// one node writing, or readers. Multi-node writers are refused.
var supportedModes = map[csi.VolumeCapability_AccessMode_Mode]bool{
	csi.VolumeCapability_AccessMode_SINGLE_NODE_WRITER:        true,
	csi.VolumeCapability_AccessMode_SINGLE_NODE_READER_ONLY:   true,
	csi.VolumeCapability_AccessMode_SINGLE_NODE_SINGLE_WRITER: true,
	csi.VolumeCapability_AccessMode_SINGLE_NODE_MULTI_WRITER:  true,
	csi.VolumeCapability_AccessMode_MULTI_NODE_READER_ONLY:    true,
}

// checkCapability says why a capability cannot be honoured ("" if it can).
func checkCapability(c *csi.VolumeCapability) string {
	if c == nil {
		return "volume capability is empty"
	}
	if c.GetBlock() != nil {
		return "block access is not supported: volumes are directories"
	}
	if c.GetMount() == nil {
		return "access type must be mount"
	}
	mode := c.GetAccessMode().GetMode()
	if !supportedModes[mode] {
		return fmt.Sprintf("access mode %s is not supported: volumes are local to one node", mode)
	}
	return ""
}

// validateCapabilities returns InvalidArgument for a missing or unsupported capability.
func validateCapabilities(caps []*csi.VolumeCapability) error {
	if len(caps) == 0 {
		return status.Error(codes.InvalidArgument, "volume capabilities are required")
	}
	for _, c := range caps {
		if why := checkCapability(c); why != "" {
			return status.Error(codes.InvalidArgument, why)
		}
	}
	return nil
}

func isReaderOnly(m csi.VolumeCapability_AccessMode_Mode) bool {
	return m == csi.VolumeCapability_AccessMode_SINGLE_NODE_READER_ONLY ||
		m == csi.VolumeCapability_AccessMode_MULTI_NODE_READER_ONLY
}

// tierFrom validates parameters (only `tier` is known) and returns the
// tier they select, or fallback when they name none.
func tierFrom(params map[string]string, fallback string) (string, error) {
	tier := fallback
	for _, k := range slices.Sorted(maps.Keys(params)) {
		v := params[k]
		switch {
		case strings.HasPrefix(k, k8sParamPrefix):
		case k == ParamTier:
			if !slices.Contains(tiers, v) {
				return "", status.Errorf(codes.InvalidArgument, "parameter %s=%q: want one of %s", k, v, strings.Join(tiers, ", "))
			}
			tier = v
		default:
			return "", status.Errorf(codes.InvalidArgument, "unknown parameter %q (only %q is supported)", k, ParamTier)
		}
	}
	return tier, nil
}

// volumeSize picks a size for a capacity range. minSize is the size of a
// snapshot or volume the data comes from: a smaller volume cannot hold it.
func volumeSize(r *csi.CapacityRange, minSize int64) (int64, error) {
	req, lim := r.GetRequiredBytes(), r.GetLimitBytes()
	if req < 0 || lim < 0 {
		return 0, status.Error(codes.InvalidArgument, "capacity range must not be negative")
	}
	if lim > 0 && lim < req {
		return 0, status.Errorf(codes.InvalidArgument, "limit_bytes %d is below required_bytes %d", lim, req)
	}
	size := req
	if size == 0 {
		size = max(DefaultVolumeSize, minSize)
		if lim > 0 && lim < size {
			size = lim
		}
	}
	if size < minSize {
		return 0, status.Errorf(codes.OutOfRange, "%d bytes cannot hold the %d-byte source", size, minSize)
	}
	if lim > 0 && size > lim {
		return 0, status.Errorf(codes.OutOfRange, "source needs %d bytes, above limit_bytes %d", size, lim)
	}
	return size, nil
}

// fits says whether an existing size satisfies a capacity range (idempotent create).
func fits(size int64, r *csi.CapacityRange) bool {
	return size >= r.GetRequiredBytes() && (r.GetLimitBytes() == 0 || size <= r.GetLimitBytes())
}

func newID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on Linux
	return hex.EncodeToString(b)
}

func volumeContext(v *Volume) map[string]string {
	return map[string]string{ParamTier: v.Tier, "node": v.Node}
}

func topologyOf(node string) []*csi.Topology {
	return []*csi.Topology{{Segments: map[string]string{TopologyKey: node}}}
}
