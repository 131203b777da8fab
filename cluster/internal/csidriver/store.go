package csidriver

import "time"

// Volume is one provisioned volume: a directory on its home node.
type Volume struct {
	ID            string            `json:"id"`
	Name          string            `json:"name"`
	Node          string            `json:"node"`
	CapacityBytes int64             `json:"capacityBytes"`
	NodeBytes     int64             `json:"nodeBytes"` // size the node side last expanded to
	Parameters    map[string]string `json:"parameters,omitempty"`
	Tier          string            `json:"tier"`
	SourceSnap    string            `json:"sourceSnapshot,omitempty"`
	SourceVol     string            `json:"sourceVolume,omitempty"`
	Ready         bool              `json:"ready"` // false while its content is being copied
	CreatedAt     time.Time         `json:"createdAt"`
	// Attached records ControllerPublishVolume: node id -> read-only.
	Attached map[string]bool `json:"attached,omitempty"`
	// StagingPath is set by NodeStageVolume on the home node.
	StagingPath string `json:"stagingPath,omitempty"`
	// Targets records NodePublishVolume: target path -> publication.
	Targets map[string]Target `json:"targets,omitempty"`
}

// Target is one NodePublishVolume publication.
type Target struct {
	ReadOnly bool   `json:"readOnly"`
	Mode     string `json:"mode"`
	Symlink  bool   `json:"symlink"` // true when bind mounting was refused
}

// Snapshot is a tar archive of a volume's data.
type Snapshot struct {
	ID           string    `json:"id"`
	Name         string    `json:"name"`
	SourceVolume string    `json:"sourceVolume"`
	Node         string    `json:"node"`
	SizeBytes    int64     `json:"sizeBytes"`
	Ready        bool      `json:"ready"`
	CreatedAt    time.Time `json:"createdAt"`
	Group        string    `json:"group,omitempty"` // the group snapshot it belongs to
}

// Group is a volume group snapshot: one member snapshot per source volume.
type Group struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Snapshots []string  `json:"snapshots"`
	Ready     bool      `json:"ready"`
	CreatedAt time.Time `json:"createdAt"`
}

// NodeInfo is what a node instance registers at start.
type NodeInfo struct {
	ID            string `json:"id"`
	CapacityBytes int64  `json:"capacityBytes"`
	MaxVolumes    int64  `json:"maxVolumes"`
}

// State is everything the driver persists; controller and node instances
// share it through one file so separate processes see the same volumes.
type State struct {
	Volumes   map[string]*Volume   `json:"volumes"`
	Snapshots map[string]*Snapshot `json:"snapshots"`
	Nodes     map[string]*NodeInfo `json:"nodes"`
	Groups    map[string]*Group    `json:"groups,omitempty"`
}

func (s *State) volumeByName(name string) *Volume {
	for _, v := range s.Volumes {
		if v.Name == name {
			return v
		}
	}
	return nil
}

func (s *State) snapshotByName(name string) *Snapshot {
	for _, sn := range s.Snapshots {
		if sn.Name == name {
			return sn
		}
	}
	return nil
}

// provisioned is the sum of the capacities of the volumes on a node.
func (s *State) provisioned(node string) int64 {
	var sum int64
	for _, v := range s.Volumes {
		if v.Node == node {
			sum += v.CapacityBytes
		}
	}
	return sum
}

// free is what is left to provision on a node (0 for an unknown node).
func (s *State) free(node string) int64 {
	n, ok := s.Nodes[node]
	if !ok {
		return 0
	}
	return max(n.CapacityBytes-s.provisioned(node), 0)
}
