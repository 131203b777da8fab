package csidriver

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/container-storage-interface/spec/lib/go/csi"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"
)

func (d *Driver) GroupControllerGetCapabilities(context.Context, *csi.GroupControllerGetCapabilitiesRequest) (*csi.GroupControllerGetCapabilitiesResponse, error) {
	return &csi.GroupControllerGetCapabilitiesResponse{Capabilities: []*csi.GroupControllerServiceCapability{{
		Type: &csi.GroupControllerServiceCapability_Rpc{Rpc: &csi.GroupControllerServiceCapability_RPC{
			Type: csi.GroupControllerServiceCapability_RPC_CREATE_DELETE_GET_VOLUME_GROUP_SNAPSHOT}}}}}, nil
}

// CreateVolumeGroupSnapshot archives every source volume, one after the
// other: writes are not frozen, so the members are not one instant in
// time (see README.md). Like CreateSnapshot, archives are written outside
// the state lock while the group is recorded as not ready.
func (d *Driver) CreateVolumeGroupSnapshot(_ context.Context, req *csi.CreateVolumeGroupSnapshotRequest) (*csi.CreateVolumeGroupSnapshotResponse, error) {
	if req.GetName() == "" {
		return nil, status.Error(codes.InvalidArgument, "group snapshot name is required")
	}
	if len(req.GetSourceVolumeIds()) == 0 {
		return nil, status.Error(codes.InvalidArgument, "source volume ids are required")
	}
	if err := checkSnapshotParams(req.GetParameters()); err != nil {
		return nil, err
	}
	want := slices.Compact(slices.Sorted(slices.Values(req.GetSourceVolumeIds())))
	var group Group
	var members []Snapshot
	var dirs []string
	err := d.store.Update(func(s *State) error {
		if g := groupByName(s, req.GetName()); g != nil {
			if !slices.Equal(groupSources(s, g), want) {
				return status.Errorf(codes.AlreadyExists, "group snapshot %q exists for other volumes", g.Name)
			}
			group, members = *g, groupMembers(s, g)
			return errSnapshotExists
		}
		group = Group{ID: newID(), Name: req.GetName(), CreatedAt: now()}
		for _, id := range want {
			v, ok := s.Volumes[id]
			if !ok {
				return status.Errorf(codes.NotFound, "source volume %s not found", id)
			}
			if !v.Ready {
				return status.Errorf(codes.Unavailable, "source volume %s is still being created", id)
			}
			sn := Snapshot{ID: newID(), Name: req.GetName() + "/" + id, SourceVolume: id, Node: v.Node,
				SizeBytes: v.CapacityBytes, CreatedAt: group.CreatedAt, Group: group.ID}
			members, dirs = append(members, sn), append(dirs, d.volumePath(v))
			group.Snapshots = append(group.Snapshots, sn.ID)
		}
		for i := range members {
			s.Snapshots[members[i].ID] = &members[i]
		}
		g := group
		s.Groups[g.ID] = &g
		return nil
	})
	if errors.Is(err, errSnapshotExists) {
		return &csi.CreateVolumeGroupSnapshotResponse{GroupSnapshot: csiGroup(&group, members)}, nil
	}
	if err != nil {
		return nil, err
	}
	var archiveErr error
	for i := range members {
		path := d.snapshotPath(&members[i])
		if archiveErr = os.MkdirAll(filepath.Dir(path), 0o755); archiveErr == nil {
			archiveErr = tarDir(dirs[i], path)
		}
		if archiveErr != nil {
			archiveErr = fmt.Errorf("archive volume %s: %w", members[i].SourceVolume, archiveErr)
			break
		}
	}
	err = d.store.Update(func(s *State) error {
		g, ok := s.Groups[group.ID]
		if !ok {
			return status.Errorf(codes.Aborted, "group snapshot %s vanished while it was archived", group.ID)
		}
		if archiveErr != nil {
			d.forgetGroup(s, g)
			return nil
		}
		g.Ready = true
		for _, id := range g.Snapshots {
			s.Snapshots[id].Ready = true
		}
		group, members = *g, groupMembers(s, g)
		return nil
	})
	if archiveErr != nil {
		return nil, status.Errorf(codes.Internal, "group snapshot %s: %v", req.GetName(), archiveErr)
	}
	if err != nil {
		return nil, err
	}
	return &csi.CreateVolumeGroupSnapshotResponse{GroupSnapshot: csiGroup(&group, members)}, nil
}

func (d *Driver) DeleteVolumeGroupSnapshot(_ context.Context, req *csi.DeleteVolumeGroupSnapshotRequest) (*csi.DeleteVolumeGroupSnapshotResponse, error) {
	if req.GetGroupSnapshotId() == "" {
		return nil, status.Error(codes.InvalidArgument, "group snapshot id is required")
	}
	err := d.store.Update(func(s *State) error {
		g, ok := s.Groups[req.GetGroupSnapshotId()]
		if !ok {
			return nil
		}
		if !g.Ready {
			return status.Errorf(codes.Aborted, "group snapshot %s is still being taken", g.ID)
		}
		if ids := req.GetSnapshotIds(); len(ids) > 0 && !slices.Equal(slices.Sorted(slices.Values(ids)), slices.Sorted(slices.Values(g.Snapshots))) {
			return status.Errorf(codes.InvalidArgument, "snapshot ids %v are not the members of group snapshot %s", ids, g.ID)
		}
		d.forgetGroup(s, g)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &csi.DeleteVolumeGroupSnapshotResponse{}, nil
}

func (d *Driver) GetVolumeGroupSnapshot(_ context.Context, req *csi.GetVolumeGroupSnapshotRequest) (*csi.GetVolumeGroupSnapshotResponse, error) {
	if req.GetGroupSnapshotId() == "" {
		return nil, status.Error(codes.InvalidArgument, "group snapshot id is required")
	}
	var resp *csi.GetVolumeGroupSnapshotResponse
	err := d.store.View(func(s *State) error {
		g, ok := s.Groups[req.GetGroupSnapshotId()]
		if !ok {
			return status.Errorf(codes.NotFound, "group snapshot %s not found", req.GetGroupSnapshotId())
		}
		resp = &csi.GetVolumeGroupSnapshotResponse{GroupSnapshot: csiGroup(g, groupMembers(s, g))}
		return nil
	})
	return resp, err
}

// forgetGroup removes a group, its member snapshots and their archives.
func (d *Driver) forgetGroup(s *State, g *Group) {
	for _, id := range g.Snapshots {
		if sn, ok := s.Snapshots[id]; ok {
			_ = os.Remove(d.snapshotPath(sn)) // a missing archive is what we want
			delete(s.Snapshots, id)
		}
	}
	delete(s.Groups, g.ID)
}

func groupByName(s *State, name string) *Group {
	for _, g := range s.Groups {
		if g.Name == name {
			return g
		}
	}
	return nil
}

func groupMembers(s *State, g *Group) []Snapshot {
	var out []Snapshot
	for _, id := range g.Snapshots {
		if sn, ok := s.Snapshots[id]; ok {
			out = append(out, *sn)
		}
	}
	return out
}

func groupSources(s *State, g *Group) []string {
	var ids []string
	for _, sn := range groupMembers(s, g) {
		ids = append(ids, sn.SourceVolume)
	}
	slices.Sort(ids)
	return ids
}

func csiGroup(g *Group, members []Snapshot) *csi.VolumeGroupSnapshot {
	out := &csi.VolumeGroupSnapshot{GroupSnapshotId: g.ID, CreationTime: timestamppb.New(g.CreatedAt), ReadyToUse: g.Ready}
	for i := range members {
		out.Snapshots = append(out.Snapshots, csiSnapshot(&members[i]))
	}
	return out
}
