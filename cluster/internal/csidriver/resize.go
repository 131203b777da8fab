package csidriver

import (
	"context"

	"github.com/container-storage-interface/spec/lib/go/csi"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// ControllerExpandVolume grows a volume's provisioned size if its node has
// the room; a node that has not is reported as OutOfRange, which the
// external-resizer treats as infeasible rather than retrying forever.
func (d *Driver) ControllerExpandVolume(_ context.Context, req *csi.ControllerExpandVolumeRequest) (*csi.ControllerExpandVolumeResponse, error) {
	if req.GetVolumeId() == "" {
		return nil, status.Error(codes.InvalidArgument, "volume id is required")
	}
	if req.GetCapacityRange() == nil {
		return nil, status.Error(codes.InvalidArgument, "capacity range is required")
	}
	var out Volume
	err := d.store.Update(func(s *State) error {
		v, ok := s.Volumes[req.GetVolumeId()]
		if !ok {
			return status.Errorf(codes.NotFound, "volume %s not found", req.GetVolumeId())
		}
		if !v.Ready {
			return status.Errorf(codes.Aborted, "volume %s is still being created", v.ID)
		}
		size, err := expandedSize(v.CapacityBytes, req.GetCapacityRange(), s.free(v.Node))
		if err != nil {
			return err
		}
		v.CapacityBytes = size
		out = *v
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &csi.ControllerExpandVolumeResponse{CapacityBytes: out.CapacityBytes, NodeExpansionRequired: out.NodeBytes < out.CapacityBytes}, nil
}

// expandedSize is the size after an expansion request: never smaller than
// now, and the growth must fit in the node's free capacity.
func expandedSize(cur int64, r *csi.CapacityRange, free int64) (int64, error) {
	req, lim := r.GetRequiredBytes(), r.GetLimitBytes()
	switch {
	case req < 0 || lim < 0:
		return 0, status.Error(codes.InvalidArgument, "capacity range must not be negative")
	case lim > 0 && lim < req:
		return 0, status.Errorf(codes.InvalidArgument, "limit_bytes %d is below required_bytes %d", lim, req)
	case lim > 0 && lim < cur:
		return 0, status.Errorf(codes.OutOfRange, "limit_bytes %d is below the current size %d: volumes do not shrink", lim, cur)
	case req <= cur:
		return cur, nil
	case req-cur > free:
		return 0, status.Errorf(codes.OutOfRange, "growing by %d bytes needs more than the %d bytes free on the node", req-cur, free)
	}
	return req, nil
}

// ControllerModifyVolume applies a VolumeAttributesClass: only `tier` is
// mutable; anything else is InvalidArgument, which the resizer reports as
// an infeasible modification.
func (d *Driver) ControllerModifyVolume(_ context.Context, req *csi.ControllerModifyVolumeRequest) (*csi.ControllerModifyVolumeResponse, error) {
	if req.GetVolumeId() == "" {
		return nil, status.Error(codes.InvalidArgument, "volume id is required")
	}
	if len(req.GetMutableParameters()) == 0 {
		return nil, status.Error(codes.InvalidArgument, "mutable parameters are required")
	}
	err := d.store.Update(func(s *State) error {
		v, ok := s.Volumes[req.GetVolumeId()]
		if !ok {
			return status.Errorf(codes.NotFound, "volume %s not found", req.GetVolumeId())
		}
		tier, err := tierFrom(req.GetMutableParameters(), v.Tier)
		if err != nil {
			return err
		}
		v.Tier = tier
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &csi.ControllerModifyVolumeResponse{}, nil
}

// GetCapacity answers per topology segment (one node): its configured
// capacity minus what its volumes were provisioned with. Without a segment
// it answers the largest volume any node could still take.
func (d *Driver) GetCapacity(_ context.Context, req *csi.GetCapacityRequest) (*csi.GetCapacityResponse, error) {
	for _, c := range req.GetVolumeCapabilities() {
		if checkCapability(c) != "" {
			return &csi.GetCapacityResponse{AvailableCapacity: 0}, nil
		}
	}
	if _, err := tierFrom(req.GetParameters(), defaultTier); err != nil {
		return nil, err
	}
	var free int64
	err := d.store.View(func(s *State) error {
		if seg := req.GetAccessibleTopology().GetSegments(); len(seg) > 0 {
			free = s.free(seg[TopologyKey])
			return nil
		}
		for n := range s.Nodes {
			free = max(free, s.free(n))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &csi.GetCapacityResponse{AvailableCapacity: free, MaximumVolumeSize: wrapperspb.Int64(free)}, nil
}
