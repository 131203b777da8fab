package csidriver

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"os"
	"slices"

	"github.com/container-storage-interface/spec/lib/go/csi"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// source is where a new volume's data comes from.
type source struct {
	snapshot, volume string
	archive, dir     string // filled in under the lock
}

// CreateVolume makes a directory on one node. Restores and clones copy the
// data outside the state lock; meanwhile the volume is recorded as not
// ready so a retry of the same name gets Aborted instead of a second copy.
func (d *Driver) CreateVolume(_ context.Context, req *csi.CreateVolumeRequest) (*csi.CreateVolumeResponse, error) {
	if req.GetName() == "" {
		return nil, status.Error(codes.InvalidArgument, "volume name is required")
	}
	if err := validateCapabilities(req.GetVolumeCapabilities()); err != nil {
		return nil, err
	}
	tier, err := tierFrom(req.GetParameters(), defaultTier)
	if err != nil {
		return nil, err
	}
	if tier, err = tierFrom(req.GetMutableParameters(), tier); err != nil {
		return nil, err
	}
	src := source{snapshot: req.GetVolumeContentSource().GetSnapshot().GetSnapshotId(),
		volume: req.GetVolumeContentSource().GetVolume().GetVolumeId()}
	if req.GetVolumeContentSource() != nil && src.snapshot == "" && src.volume == "" {
		return nil, status.Error(codes.InvalidArgument, "volume content source names no snapshot or volume")
	}

	var vol Volume
	var existing bool
	err = d.store.Update(func(s *State) error {
		if v := s.volumeByName(req.GetName()); v != nil {
			return sameVolume(v, req, src)
		}
		minSize, err := d.resolveSource(s, &src)
		if err != nil {
			return err
		}
		size, err := volumeSize(req.GetCapacityRange(), minSize)
		if err != nil {
			return err
		}
		node, err := s.pickNode(req.GetAccessibilityRequirements(), size, d.opts.NodeID)
		if err != nil {
			return err
		}
		v := &Volume{ID: newID(), Name: req.GetName(), Node: node, CapacityBytes: size, NodeBytes: size,
			Parameters: req.GetParameters(), Tier: tier, SourceSnap: src.snapshot, SourceVol: src.volume,
			Ready: src.snapshot == "" && src.volume == "", CreatedAt: now()}
		if err := os.MkdirAll(d.volumePath(v), 0o777); err != nil {
			return status.Errorf(codes.Internal, "create volume directory: %v", err)
		}
		s.Volumes[v.ID] = v
		vol = *v
		return nil
	})
	if se, ok := err.(existingVolume); ok {
		vol, existing, err = *se.v, true, nil
	}
	if err != nil {
		return nil, err
	}
	if !existing && !vol.Ready {
		if err := d.fill(&vol, src); err != nil {
			return nil, err
		}
	}
	return &csi.CreateVolumeResponse{Volume: csiVolume(&vol)}, nil
}

// existingVolume carries an idempotent CreateVolume's answer out of Update
// without saving anything.
type existingVolume struct{ v *Volume }

func (existingVolume) Error() string { return "volume exists" }

func sameVolume(v *Volume, req *csi.CreateVolumeRequest, src source) error {
	if !v.Ready {
		return status.Errorf(codes.Aborted, "volume %q is still being created", v.Name)
	}
	if !fits(v.CapacityBytes, req.GetCapacityRange()) || v.SourceSnap != src.snapshot || v.SourceVol != src.volume {
		return status.Errorf(codes.AlreadyExists, "volume %q exists with %d bytes and a different source or size", v.Name, v.CapacityBytes)
	}
	was, _ := tierFrom(v.Parameters, defaultTier)
	if now, _ := tierFrom(req.GetParameters(), defaultTier); now != was {
		return status.Errorf(codes.AlreadyExists, "volume %q exists with tier %s, not %s", v.Name, was, now)
	}
	if nodes := topologyNodes(req.GetAccessibilityRequirements()); len(nodes) > 0 && !slices.Contains(nodes, v.Node) {
		return status.Errorf(codes.AlreadyExists, "volume %q exists on node %s, outside the requested topology", v.Name, v.Node)
	}
	cp := *v
	return existingVolume{&cp}
}

// resolveSource checks the content source exists and returns its size.
func (d *Driver) resolveSource(s *State, src *source) (int64, error) {
	switch {
	case src.snapshot != "":
		sn, ok := s.Snapshots[src.snapshot]
		if !ok {
			return 0, status.Errorf(codes.NotFound, "source snapshot %s not found", src.snapshot)
		}
		if !sn.Ready {
			return 0, status.Errorf(codes.Unavailable, "source snapshot %s is not ready", sn.ID)
		}
		src.archive = d.snapshotPath(sn)
		return sn.SizeBytes, nil
	case src.volume != "":
		v, ok := s.Volumes[src.volume]
		if !ok {
			return 0, status.Errorf(codes.NotFound, "source volume %s not found", src.volume)
		}
		if !v.Ready {
			return 0, status.Errorf(codes.Unavailable, "source volume %s is still being created", v.ID)
		}
		src.dir = d.volumePath(v)
		return v.CapacityBytes, nil
	}
	return 0, nil
}

// fill copies the source's data into a new volume and marks it ready; on
// failure the half-made volume is removed so a retry starts clean.
func (d *Driver) fill(v *Volume, src source) error {
	var err error
	if src.archive != "" {
		err = untar(src.archive, d.volumePath(v))
	} else {
		err = copyTree(src.dir, d.volumePath(v))
	}
	uerr := d.store.Update(func(s *State) error {
		sv, ok := s.Volumes[v.ID]
		if !ok {
			return status.Errorf(codes.Aborted, "volume %s vanished while its data was copied", v.ID)
		}
		if err != nil {
			delete(s.Volumes, v.ID)
			return os.RemoveAll(d.volumePath(v))
		}
		sv.Ready = true
		*v = *sv
		return nil
	})
	if err != nil {
		return status.Errorf(codes.Internal, "copy data into volume %s: %v", v.Name, err)
	}
	if uerr != nil {
		return fmt.Errorf("record volume %s: %w", v.Name, uerr)
	}
	return nil
}

// topologyNodes lists the nodes named by the preferred, then requisite topology.
func topologyNodes(req *csi.TopologyRequirement) []string {
	var nodes []string
	for _, t := range append(slices.Clone(req.GetPreferred()), req.GetRequisite()...) {
		if n := t.GetSegments()[TopologyKey]; n != "" {
			nodes = append(nodes, n)
		}
	}
	return nodes
}

// pickNode chooses the node for a new volume: the first node named by the
// preferred, then requisite topology with room for size; without topology,
// the local node (if any) and then the node with most room.
func (s *State) pickNode(req *csi.TopologyRequirement, size int64, local string) (string, error) {
	candidates := topologyNodes(req)
	if req != nil && len(candidates) == 0 && (len(req.GetPreferred()) > 0 || len(req.GetRequisite()) > 0) {
		return "", status.Errorf(codes.InvalidArgument, "accessibility requirements name no %s segment", TopologyKey)
	}
	if len(candidates) == 0 {
		nodes := slices.Collect(maps.Keys(s.Nodes))
		slices.SortFunc(nodes, func(a, b string) int { return cmp.Or(cmp.Compare(s.free(b), s.free(a)), cmp.Compare(a, b)) })
		if _, ok := s.Nodes[local]; ok {
			nodes = append([]string{local}, nodes...)
		}
		candidates = nodes
	}
	best := int64(-1)
	for _, n := range candidates {
		if _, ok := s.Nodes[n]; !ok {
			continue
		}
		if f := s.free(n); f >= size {
			return n, nil
		} else if f > best {
			best = f
		}
	}
	if best < 0 {
		return "", status.Errorf(codes.ResourceExhausted, "no driver registered on the requested nodes %v", candidates)
	}
	return "", status.Errorf(codes.ResourceExhausted, "insufficient capacity: %d bytes requested, at most %d free on the requested nodes", size, best)
}
