package csidriver

import (
	"cmp"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/container-storage-interface/spec/lib/go/csi"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// CreateSnapshot archives the source volume's directory into a tar file.
// The archive is written outside the state lock; until it is complete the
// snapshot is listed with ready_to_use=false.
func (d *Driver) CreateSnapshot(_ context.Context, req *csi.CreateSnapshotRequest) (*csi.CreateSnapshotResponse, error) {
	if req.GetName() == "" {
		return nil, status.Error(codes.InvalidArgument, "snapshot name is required")
	}
	if req.GetSourceVolumeId() == "" {
		return nil, status.Error(codes.InvalidArgument, "source volume id is required")
	}
	if err := checkSnapshotParams(req.GetParameters()); err != nil {
		return nil, err
	}
	var snap Snapshot
	var srcDir string
	err := d.store.Update(func(s *State) error {
		if sn := s.snapshotByName(req.GetName()); sn != nil {
			if sn.SourceVolume != req.GetSourceVolumeId() {
				return status.Errorf(codes.AlreadyExists, "snapshot %q exists for another volume (%s)", sn.Name, sn.SourceVolume)
			}
			snap = *sn
			return errSnapshotExists
		}
		v, ok := s.Volumes[req.GetSourceVolumeId()]
		if !ok {
			return status.Errorf(codes.NotFound, "source volume %s not found", req.GetSourceVolumeId())
		}
		if !v.Ready {
			return status.Errorf(codes.Unavailable, "source volume %s is still being created", v.ID)
		}
		sn := &Snapshot{ID: newID(), Name: req.GetName(), SourceVolume: v.ID, Node: v.Node,
			SizeBytes: v.CapacityBytes, CreatedAt: now()}
		s.Snapshots[sn.ID] = sn
		snap, srcDir = *sn, d.volumePath(v)
		return nil
	})
	if errors.Is(err, errSnapshotExists) {
		return &csi.CreateSnapshotResponse{Snapshot: csiSnapshot(&snap)}, nil
	}
	if err != nil {
		return nil, err
	}
	if err := d.archive(&snap, srcDir); err != nil {
		return nil, err
	}
	return &csi.CreateSnapshotResponse{Snapshot: csiSnapshot(&snap)}, nil
}

var errSnapshotExists = errors.New("snapshot exists")

// checkSnapshotParams refuses parameters: a snapshot class has none here.
func checkSnapshotParams(p map[string]string) error {
	for k := range p {
		if !strings.HasPrefix(k, k8sParamPrefix) {
			return status.Errorf(codes.InvalidArgument, "unknown snapshot parameter %q (snapshots take no parameters)", k)
		}
	}
	return nil
}

func (d *Driver) archive(sn *Snapshot, srcDir string) error {
	path := d.snapshotPath(sn)
	err := os.MkdirAll(filepath.Dir(path), 0o755)
	if err == nil {
		err = tarDir(srcDir, path)
	}
	uerr := d.store.Update(func(s *State) error {
		cur, ok := s.Snapshots[sn.ID]
		if !ok {
			return status.Errorf(codes.Aborted, "snapshot %s vanished while it was archived", sn.ID)
		}
		if err != nil {
			delete(s.Snapshots, sn.ID)
			_ = os.Remove(path)
			return nil
		}
		cur.Ready = true
		*sn = *cur
		return nil
	})
	if err != nil {
		return status.Errorf(codes.Internal, "archive volume %s: %v", sn.SourceVolume, err)
	}
	return uerr
}

func (d *Driver) DeleteSnapshot(_ context.Context, req *csi.DeleteSnapshotRequest) (*csi.DeleteSnapshotResponse, error) {
	if req.GetSnapshotId() == "" {
		return nil, status.Error(codes.InvalidArgument, "snapshot id is required")
	}
	err := d.store.Update(func(s *State) error {
		sn, ok := s.Snapshots[req.GetSnapshotId()]
		if !ok {
			return nil
		}
		if !sn.Ready {
			return status.Errorf(codes.Aborted, "snapshot %s is still being taken", sn.ID)
		}
		if sn.Group != "" {
			return status.Errorf(codes.FailedPrecondition, "snapshot %s belongs to group snapshot %s: delete the group", sn.ID, sn.Group)
		}
		if err := os.Remove(d.snapshotPath(sn)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return status.Errorf(codes.Internal, "remove snapshot %s: %v", sn.ID, err)
		}
		delete(s.Snapshots, sn.ID)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &csi.DeleteSnapshotResponse{}, nil
}

func (d *Driver) ListSnapshots(_ context.Context, req *csi.ListSnapshotsRequest) (*csi.ListSnapshotsResponse, error) {
	var snaps []Snapshot
	if err := d.store.View(func(s *State) error {
		for _, sn := range s.Snapshots {
			if (req.GetSnapshotId() == "" || sn.ID == req.GetSnapshotId()) &&
				(req.GetSourceVolumeId() == "" || sn.SourceVolume == req.GetSourceVolumeId()) {
				snaps = append(snaps, *sn)
			}
		}
		return nil
	}); err != nil {
		return nil, err
	}
	slices.SortFunc(snaps, func(a, b Snapshot) int { return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID)) })
	page, next, err := paginate(len(snaps), req.GetStartingToken(), req.GetMaxEntries())
	if err != nil {
		return nil, err
	}
	resp := &csi.ListSnapshotsResponse{NextToken: next}
	for _, sn := range snaps[page[0]:page[1]] {
		resp.Entries = append(resp.Entries, &csi.ListSnapshotsResponse_Entry{Snapshot: csiSnapshot(&sn)})
	}
	return resp, nil
}

func (d *Driver) GetSnapshot(_ context.Context, req *csi.GetSnapshotRequest) (*csi.GetSnapshotResponse, error) {
	if req.GetSnapshotId() == "" {
		return nil, status.Error(codes.InvalidArgument, "snapshot id is required")
	}
	var snap Snapshot
	err := d.store.View(func(s *State) error {
		sn, ok := s.Snapshots[req.GetSnapshotId()]
		if !ok {
			return status.Errorf(codes.NotFound, "snapshot %s not found", req.GetSnapshotId())
		}
		snap = *sn
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &csi.GetSnapshotResponse{Snapshot: csiSnapshot(&snap)}, nil
}

func csiSnapshot(sn *Snapshot) *csi.Snapshot {
	return &csi.Snapshot{SnapshotId: sn.ID, SourceVolumeId: sn.SourceVolume, SizeBytes: sn.SizeBytes,
		CreationTime: timestamppb.New(sn.CreatedAt), ReadyToUse: sn.Ready, GroupSnapshotId: sn.Group}
}
