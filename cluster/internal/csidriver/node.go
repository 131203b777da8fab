package csidriver

import (
	"context"

	"github.com/container-storage-interface/spec/lib/go/csi"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

var nodeCaps = []csi.NodeServiceCapability_RPC_Type{
	csi.NodeServiceCapability_RPC_STAGE_UNSTAGE_VOLUME,
	csi.NodeServiceCapability_RPC_GET_VOLUME_STATS,
	csi.NodeServiceCapability_RPC_EXPAND_VOLUME,
	csi.NodeServiceCapability_RPC_SINGLE_NODE_MULTI_WRITER,
	csi.NodeServiceCapability_RPC_GET_VOLUME_HEALTH,
	csi.NodeServiceCapability_RPC_GET_STORAGE_HEALTH,
}

func (d *Driver) NodeGetCapabilities(context.Context, *csi.NodeGetCapabilitiesRequest) (*csi.NodeGetCapabilitiesResponse, error) {
	caps := make([]*csi.NodeServiceCapability, 0, len(nodeCaps))
	for _, t := range nodeCaps {
		caps = append(caps, &csi.NodeServiceCapability{Type: &csi.NodeServiceCapability_Rpc{
			Rpc: &csi.NodeServiceCapability_RPC{Type: t}}})
	}
	return &csi.NodeGetCapabilitiesResponse{Capabilities: caps}, nil
}

func (d *Driver) NodeGetInfo(context.Context, *csi.NodeGetInfoRequest) (*csi.NodeGetInfoResponse, error) {
	return &csi.NodeGetInfoResponse{NodeId: d.opts.NodeID, MaxVolumesPerNode: d.opts.MaxVolumes,
		AccessibleTopology: topologyOf(d.opts.NodeID)[0]}, nil
}

// localVolume finds a volume this node may stage or publish: it must live
// here and be attached here (ControllerPublishVolume came first).
func (d *Driver) localVolume(s *State, id string) (*Volume, error) {
	v, ok := s.Volumes[id]
	if !ok {
		return nil, status.Errorf(codes.NotFound, "volume %s not found", id)
	}
	if v.Node != d.opts.NodeID {
		return nil, status.Errorf(codes.FailedPrecondition, "volume %s is local to node %s, not %s", id, v.Node, d.opts.NodeID)
	}
	if _, ok := v.Attached[d.opts.NodeID]; !ok {
		return nil, status.Errorf(codes.FailedPrecondition, "volume %s is not attached to node %s", id, d.opts.NodeID)
	}
	return v, nil
}

func requireNodeArgs(id, path, what string, c *csi.VolumeCapability, needCap bool) error {
	switch {
	case id == "":
		return status.Error(codes.InvalidArgument, "volume id is required")
	case path == "":
		return status.Errorf(codes.InvalidArgument, "%s is required", what)
	case needCap && c == nil:
		return status.Error(codes.InvalidArgument, "volume capability is required")
	case needCap:
		return validateCapabilities([]*csi.VolumeCapability{c})
	}
	return nil
}

// NodeStageVolume bind mounts the volume's directory on the staging path.
func (d *Driver) NodeStageVolume(_ context.Context, req *csi.NodeStageVolumeRequest) (*csi.NodeStageVolumeResponse, error) {
	if err := requireNodeArgs(req.GetVolumeId(), req.GetStagingTargetPath(), "staging target path", req.GetVolumeCapability(), true); err != nil {
		return nil, err
	}
	err := d.store.Update(func(s *State) error {
		v, err := d.localVolume(s, req.GetVolumeId())
		if err != nil {
			return err
		}
		if v.StagingPath != "" && v.StagingPath != req.GetStagingTargetPath() {
			return status.Errorf(codes.AlreadyExists, "volume %s is already staged at %s", v.ID, v.StagingPath)
		}
		ro := v.Attached[d.opts.NodeID] || isReaderOnly(req.GetVolumeCapability().GetAccessMode().GetMode())
		if _, err := d.mounter.bind(d.volumePath(v), req.GetStagingTargetPath(), ro); err != nil {
			return status.Errorf(codes.Internal, "stage volume %s: %v", v.ID, err)
		}
		if v.StagingPath == req.GetStagingTargetPath() {
			return errUnchanged // a repeat (e.g. a node agent restarting): the mount is checked, nothing to save
		}
		v.StagingPath = req.GetStagingTargetPath()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &csi.NodeStageVolumeResponse{}, nil
}

func (d *Driver) NodeUnstageVolume(_ context.Context, req *csi.NodeUnstageVolumeRequest) (*csi.NodeUnstageVolumeResponse, error) {
	if err := requireNodeArgs(req.GetVolumeId(), req.GetStagingTargetPath(), "staging target path", nil, false); err != nil {
		return nil, err
	}
	err := d.store.Update(func(s *State) error {
		v := s.Volumes[req.GetVolumeId()]
		if v != nil && v.StagingPath == req.GetStagingTargetPath() && len(v.Targets) > 0 {
			return status.Errorf(codes.FailedPrecondition, "volume %s is still published at %d target(s)", v.ID, len(v.Targets))
		}
		if err := d.mounter.release(req.GetStagingTargetPath()); err != nil {
			return status.Errorf(codes.Internal, "unstage volume %s: %v", req.GetVolumeId(), err)
		}
		if v != nil && v.StagingPath == req.GetStagingTargetPath() {
			v.StagingPath = ""
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &csi.NodeUnstageVolumeResponse{}, nil
}

// NodePublishVolume bind mounts the staged volume on the pod's target path,
// read-only when asked or when the access mode only allows readers.
// SINGLE_NODE_SINGLE_WRITER (ReadWriteOncePod) allows one target only.
func (d *Driver) NodePublishVolume(_ context.Context, req *csi.NodePublishVolumeRequest) (*csi.NodePublishVolumeResponse, error) {
	if err := requireNodeArgs(req.GetVolumeId(), req.GetTargetPath(), "target path", req.GetVolumeCapability(), true); err != nil {
		return nil, err
	}
	mode := req.GetVolumeCapability().GetAccessMode().GetMode()
	err := d.store.Update(func(s *State) error {
		v, err := d.localVolume(s, req.GetVolumeId())
		if err != nil {
			return err
		}
		// A read-only attachment or reader-only mode makes every publication read-only.
		ro := req.GetReadonly() || isReaderOnly(mode) || v.Attached[d.opts.NodeID]
		if v.StagingPath == "" || v.StagingPath != req.GetStagingTargetPath() {
			return status.Errorf(codes.FailedPrecondition, "volume %s is not staged at %q", v.ID, req.GetStagingTargetPath())
		}
		if t, ok := v.Targets[req.GetTargetPath()]; ok && t.ReadOnly != ro {
			return status.Errorf(codes.AlreadyExists, "volume %s is already published at %s with readonly=%t", v.ID, req.GetTargetPath(), t.ReadOnly)
		}
		for path, t := range v.Targets {
			single := mode == csi.VolumeCapability_AccessMode_SINGLE_NODE_SINGLE_WRITER ||
				t.Mode == csi.VolumeCapability_AccessMode_SINGLE_NODE_SINGLE_WRITER.String()
			if path != req.GetTargetPath() && single {
				return status.Errorf(codes.FailedPrecondition, "volume %s is single-writer and already published at %s", v.ID, path)
			}
		}
		linked, err := d.mounter.bind(v.StagingPath, req.GetTargetPath(), ro)
		if err != nil {
			return status.Errorf(codes.Internal, "publish volume %s: %v", v.ID, err)
		}
		t := Target{ReadOnly: ro, Mode: mode.String(), Symlink: linked}
		if old, ok := v.Targets[req.GetTargetPath()]; ok && old == t {
			return errUnchanged
		}
		if v.Targets == nil {
			v.Targets = map[string]Target{}
		}
		v.Targets[req.GetTargetPath()] = t
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &csi.NodePublishVolumeResponse{}, nil
}

func (d *Driver) NodeUnpublishVolume(_ context.Context, req *csi.NodeUnpublishVolumeRequest) (*csi.NodeUnpublishVolumeResponse, error) {
	if err := requireNodeArgs(req.GetVolumeId(), req.GetTargetPath(), "target path", nil, false); err != nil {
		return nil, err
	}
	err := d.store.Update(func(s *State) error {
		if err := d.mounter.release(req.GetTargetPath()); err != nil {
			return status.Errorf(codes.Internal, "unpublish volume %s: %v", req.GetVolumeId(), err)
		}
		if v := s.Volumes[req.GetVolumeId()]; v != nil {
			delete(v.Targets, req.GetTargetPath())
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &csi.NodeUnpublishVolumeResponse{}, nil
}

// NodeExpandVolume finishes an expansion on the node: a directory has no
// file system to grow, so it records that the node side now sees the
// controller's size (what NodeGetVolumeStats reports as capacity).
func (d *Driver) NodeExpandVolume(_ context.Context, req *csi.NodeExpandVolumeRequest) (*csi.NodeExpandVolumeResponse, error) {
	if err := requireNodeArgs(req.GetVolumeId(), req.GetVolumePath(), "volume path", nil, false); err != nil {
		return nil, err
	}
	var size int64
	err := d.store.Update(func(s *State) error {
		v, ok := s.Volumes[req.GetVolumeId()]
		if !ok {
			return status.Errorf(codes.NotFound, "volume %s not found", req.GetVolumeId())
		}
		if !publishedAt(v, req.GetVolumePath()) {
			return status.Errorf(codes.NotFound, "volume %s is not staged or published at %s", v.ID, req.GetVolumePath())
		}
		if r := req.GetCapacityRange().GetRequiredBytes(); r > v.CapacityBytes {
			return status.Errorf(codes.OutOfRange, "node expansion to %d bytes exceeds the provisioned %d (expand on the controller first)", r, v.CapacityBytes)
		}
		v.NodeBytes = v.CapacityBytes
		size = v.NodeBytes
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &csi.NodeExpandVolumeResponse{CapacityBytes: size}, nil
}

func publishedAt(v *Volume, path string) bool {
	if path == v.StagingPath {
		return path != ""
	}
	_, ok := v.Targets[path]
	return ok
}
