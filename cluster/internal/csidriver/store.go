package csidriver

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/sys/unix"
)

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

// Store keeps State in a JSON file. Every access takes an flock on a
// sibling lock file, so the controller and node processes never interleave
// a read-modify-write; writes go to a temp file renamed into place.
type Store struct {
	path string
}

// NewStore returns a store persisting to path, creating its directory.
func NewStore(path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("create state dir: %w", err)
	}
	return &Store{path: path}, nil
}

// View runs fn on a consistent snapshot of the state.
func (s *Store) View(fn func(*State) error) error {
	return s.locked(unix.LOCK_SH, func() error {
		st, err := s.read()
		if err != nil {
			return err
		}
		return fn(st)
	})
}

// Update runs fn on the state and saves it if fn returns nil.
func (s *Store) Update(fn func(*State) error) error {
	return s.locked(unix.LOCK_EX, func() error {
		st, err := s.read()
		if err != nil {
			return err
		}
		if err := fn(st); err != nil {
			return err
		}
		return s.write(st)
	})
}

func (s *Store) locked(how int, fn func() error) error {
	f, err := os.OpenFile(s.path+".lock", os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return fmt.Errorf("open state lock: %w", err)
	}
	defer f.Close()
	if err := unix.Flock(int(f.Fd()), how); err != nil {
		return fmt.Errorf("lock state: %w", err)
	}
	defer unix.Flock(int(f.Fd()), unix.LOCK_UN) //nolint:errcheck // close releases it anyway
	return fn()
}

func (s *Store) read() (*State, error) {
	st := &State{}
	b, err := os.ReadFile(s.path)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("read state: %w", err)
	default:
		if err := json.Unmarshal(b, st); err != nil {
			return nil, fmt.Errorf("parse state %s: %w", s.path, err)
		}
	}
	if st.Volumes == nil {
		st.Volumes = map[string]*Volume{}
	}
	if st.Snapshots == nil {
		st.Snapshots = map[string]*Snapshot{}
	}
	if st.Nodes == nil {
		st.Nodes = map[string]*NodeInfo{}
	}
	if st.Groups == nil {
		st.Groups = map[string]*Group{}
	}
	return st, nil
}

func (s *Store) write(st *State) error {
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return fmt.Errorf("encode state: %w", err)
	}
	tmp := s.path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return fmt.Errorf("write state: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("sync state: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close state: %w", err)
	}
	if err := os.Rename(tmp, s.path); err != nil {
		return fmt.Errorf("replace state: %w", err)
	}
	return nil
}
