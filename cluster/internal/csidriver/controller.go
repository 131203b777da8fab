package csidriver

import (
	"cmp"
	"context"
	"os"
	"slices"
	"strconv"
	"time"

	"github.com/container-storage-interface/spec/lib/go/csi"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

var controllerCaps = []csi.ControllerServiceCapability_RPC_Type{
	csi.ControllerServiceCapability_RPC_CREATE_DELETE_VOLUME,
	csi.ControllerServiceCapability_RPC_PUBLISH_UNPUBLISH_VOLUME,
	csi.ControllerServiceCapability_RPC_LIST_VOLUMES,
	csi.ControllerServiceCapability_RPC_GET_CAPACITY,
	csi.ControllerServiceCapability_RPC_CREATE_DELETE_SNAPSHOT,
	csi.ControllerServiceCapability_RPC_LIST_SNAPSHOTS,
	csi.ControllerServiceCapability_RPC_CLONE_VOLUME,
	csi.ControllerServiceCapability_RPC_PUBLISH_READONLY,
	csi.ControllerServiceCapability_RPC_EXPAND_VOLUME,
	csi.ControllerServiceCapability_RPC_LIST_VOLUMES_PUBLISHED_NODES,
	csi.ControllerServiceCapability_RPC_GET_VOLUME,
	csi.ControllerServiceCapability_RPC_SINGLE_NODE_MULTI_WRITER,
	csi.ControllerServiceCapability_RPC_MODIFY_VOLUME,
	csi.ControllerServiceCapability_RPC_GET_SNAPSHOT,
	csi.ControllerServiceCapability_RPC_GET_VOLUME_HEALTH,
	csi.ControllerServiceCapability_RPC_LIST_VOLUME_HEALTH,
}

func (d *Driver) ControllerGetCapabilities(context.Context, *csi.ControllerGetCapabilitiesRequest) (*csi.ControllerGetCapabilitiesResponse, error) {
	caps := make([]*csi.ControllerServiceCapability, 0, len(controllerCaps))
	for _, t := range controllerCaps {
		caps = append(caps, &csi.ControllerServiceCapability{Type: &csi.ControllerServiceCapability_Rpc{
			Rpc: &csi.ControllerServiceCapability_RPC{Type: t}}})
	}
	return &csi.ControllerGetCapabilitiesResponse{Capabilities: caps}, nil
}

func (d *Driver) DeleteVolume(_ context.Context, req *csi.DeleteVolumeRequest) (*csi.DeleteVolumeResponse, error) {
	if req.GetVolumeId() == "" {
		return nil, status.Error(codes.InvalidArgument, "volume id is required")
	}
	err := d.store.Update(func(s *State) error {
		v, ok := s.Volumes[req.GetVolumeId()]
		if !ok {
			return nil // already gone: DeleteVolume is idempotent
		}
		if !v.Ready {
			return status.Errorf(codes.Aborted, "volume %s is still being created", v.ID)
		}
		if v.StagingPath != "" || len(v.Targets) > 0 {
			return status.Errorf(codes.FailedPrecondition, "volume %s is still staged or published on node %s", v.ID, v.Node)
		}
		if err := os.RemoveAll(d.volumePath(v)); err != nil {
			return status.Errorf(codes.Internal, "remove volume %s data: %v", v.ID, err)
		}
		delete(s.Volumes, v.ID)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &csi.DeleteVolumeResponse{}, nil
}

// ControllerPublishVolume is the attach step: it records that the volume
// may be staged on the node. A volume lives on one node, so only that node
// can attach it, and each node takes at most MaxVolumes attachments.
func (d *Driver) ControllerPublishVolume(_ context.Context, req *csi.ControllerPublishVolumeRequest) (*csi.ControllerPublishVolumeResponse, error) {
	switch {
	case req.GetVolumeId() == "":
		return nil, status.Error(codes.InvalidArgument, "volume id is required")
	case req.GetNodeId() == "":
		return nil, status.Error(codes.InvalidArgument, "node id is required")
	case req.GetVolumeCapability() == nil:
		return nil, status.Error(codes.InvalidArgument, "volume capability is required")
	}
	if err := validateCapabilities([]*csi.VolumeCapability{req.GetVolumeCapability()}); err != nil {
		return nil, err
	}
	ro := req.GetReadonly()
	err := d.store.Update(func(s *State) error {
		v, ok := s.Volumes[req.GetVolumeId()]
		if !ok {
			return status.Errorf(codes.NotFound, "volume %s not found", req.GetVolumeId())
		}
		n, ok := s.Nodes[req.GetNodeId()]
		if !ok {
			return status.Errorf(codes.NotFound, "node %s not found (no driver registered there)", req.GetNodeId())
		}
		if v.Node != n.ID {
			return status.Errorf(codes.FailedPrecondition, "volume %s is local to node %s and cannot be attached to %s", v.ID, v.Node, n.ID)
		}
		if was, ok := v.Attached[n.ID]; ok {
			if was != ro {
				return status.Errorf(codes.AlreadyExists, "volume %s is already attached to %s with readonly=%t", v.ID, n.ID, was)
			}
			return errUnchanged
		}
		attached := 0
		for _, o := range s.Volumes {
			if _, ok := o.Attached[n.ID]; ok {
				attached++
			}
		}
		if int64(attached) >= n.MaxVolumes {
			return status.Errorf(codes.ResourceExhausted, "node %s already has %d volumes attached (limit %d)", n.ID, attached, n.MaxVolumes)
		}
		if v.Attached == nil {
			v.Attached = map[string]bool{}
		}
		v.Attached[n.ID] = ro
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &csi.ControllerPublishVolumeResponse{PublishContext: map[string]string{"readOnly": strconv.FormatBool(ro)}}, nil
}

func (d *Driver) ControllerUnpublishVolume(_ context.Context, req *csi.ControllerUnpublishVolumeRequest) (*csi.ControllerUnpublishVolumeResponse, error) {
	if req.GetVolumeId() == "" {
		return nil, status.Error(codes.InvalidArgument, "volume id is required")
	}
	err := d.store.Update(func(s *State) error {
		v, ok := s.Volumes[req.GetVolumeId()]
		if !ok {
			return nil // an unknown volume is detached from everywhere
		}
		if req.GetNodeId() == "" {
			v.Attached = nil
		} else {
			delete(v.Attached, req.GetNodeId())
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &csi.ControllerUnpublishVolumeResponse{}, nil
}

func (d *Driver) ValidateVolumeCapabilities(_ context.Context, req *csi.ValidateVolumeCapabilitiesRequest) (*csi.ValidateVolumeCapabilitiesResponse, error) {
	if req.GetVolumeId() == "" {
		return nil, status.Error(codes.InvalidArgument, "volume id is required")
	}
	if len(req.GetVolumeCapabilities()) == 0 {
		return nil, status.Error(codes.InvalidArgument, "volume capabilities are required")
	}
	var v Volume
	if err := d.getVolume(req.GetVolumeId(), &v); err != nil {
		return nil, err
	}
	for _, c := range req.GetVolumeCapabilities() {
		if why := checkCapability(c); why != "" {
			return &csi.ValidateVolumeCapabilitiesResponse{Message: why}, nil
		}
	}
	if _, err := tierFrom(req.GetParameters(), v.Tier); err != nil {
		return &csi.ValidateVolumeCapabilitiesResponse{Message: status.Convert(err).Message()}, nil
	}
	if _, err := tierFrom(req.GetMutableParameters(), v.Tier); err != nil {
		return &csi.ValidateVolumeCapabilitiesResponse{Message: status.Convert(err).Message()}, nil
	}
	return &csi.ValidateVolumeCapabilitiesResponse{Confirmed: &csi.ValidateVolumeCapabilitiesResponse_Confirmed{
		VolumeContext:      req.GetVolumeContext(),
		VolumeCapabilities: req.GetVolumeCapabilities(),
		Parameters:         req.GetParameters(),
		MutableParameters:  req.GetMutableParameters(),
	}}, nil
}

// getVolume copies the volume's record into out, or returns NotFound.
func (d *Driver) getVolume(id string, out *Volume) error {
	return d.store.View(func(s *State) error {
		v, ok := s.Volumes[id]
		if !ok {
			return status.Errorf(codes.NotFound, "volume %s not found", id)
		}
		*out = *v
		return nil
	})
}

func (d *Driver) ControllerGetVolume(_ context.Context, req *csi.ControllerGetVolumeRequest) (*csi.ControllerGetVolumeResponse, error) {
	if req.GetVolumeId() == "" {
		return nil, status.Error(codes.InvalidArgument, "volume id is required")
	}
	var v Volume
	if err := d.getVolume(req.GetVolumeId(), &v); err != nil {
		return nil, err
	}
	return &csi.ControllerGetVolumeResponse{Volume: csiVolume(&v), Status: &csi.ControllerGetVolumeResponse_VolumeStatus{
		PublishedNodeIds: publishedNodes(&v)}}, nil
}

func (d *Driver) ListVolumes(_ context.Context, req *csi.ListVolumesRequest) (*csi.ListVolumesResponse, error) {
	vols, err := d.sortedVolumes()
	if err != nil {
		return nil, err
	}
	page, next, err := paginate(len(vols), req.GetStartingToken(), req.GetMaxEntries())
	if err != nil {
		return nil, err
	}
	resp := &csi.ListVolumesResponse{NextToken: next}
	for _, v := range vols[page[0]:page[1]] {
		resp.Entries = append(resp.Entries, &csi.ListVolumesResponse_Entry{Volume: csiVolume(&v),
			Status: &csi.ListVolumesResponse_VolumeStatus{PublishedNodeIds: publishedNodes(&v)}})
	}
	return resp, nil
}

// sortedVolumes lists volumes oldest first, the stable order paging needs.
func (d *Driver) sortedVolumes() ([]Volume, error) {
	var vols []Volume
	err := d.store.View(func(s *State) error {
		for _, v := range s.Volumes {
			vols = append(vols, *v)
		}
		return nil
	})
	slices.SortFunc(vols, func(a, b Volume) int { return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID)) })
	return vols, err
}

// paginate turns a starting token (an index) and a page size into a slice
// range and the next token.
func paginate(n int, token string, maxEntries int32) ([2]int, string, error) {
	start := 0
	if token != "" {
		i, err := strconv.Atoi(token)
		if err != nil || i < 0 || i > n {
			return [2]int{}, "", status.Errorf(codes.Aborted, "invalid starting token %q", token)
		}
		start = i
	}
	if maxEntries < 0 {
		return [2]int{}, "", status.Error(codes.InvalidArgument, "max_entries must not be negative")
	}
	end := n
	if maxEntries > 0 && start+int(maxEntries) < n {
		end = start + int(maxEntries)
	}
	next := ""
	if end < n {
		next = strconv.Itoa(end)
	}
	return [2]int{start, end}, next, nil
}

func publishedNodes(v *Volume) []string {
	var ids []string
	for n := range v.Attached {
		ids = append(ids, n)
	}
	slices.Sort(ids)
	return ids
}

func csiVolume(v *Volume) *csi.Volume {
	out := &csi.Volume{
		VolumeId:           v.ID,
		CapacityBytes:      v.CapacityBytes,
		VolumeContext:      volumeContext(v),
		AccessibleTopology: topologyOf(v.Node),
	}
	switch {
	case v.SourceSnap != "":
		out.ContentSource = &csi.VolumeContentSource{Type: &csi.VolumeContentSource_Snapshot{
			Snapshot: &csi.VolumeContentSource_SnapshotSource{SnapshotId: v.SourceSnap}}}
	case v.SourceVol != "":
		out.ContentSource = &csi.VolumeContentSource{Type: &csi.VolumeContentSource_Volume{
			Volume: &csi.VolumeContentSource_VolumeSource{VolumeId: v.SourceVol}}}
	}
	return out
}

func now() time.Time { return time.Now().UTC() }
