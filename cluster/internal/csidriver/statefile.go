package csidriver

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"golang.org/x/sys/unix"
)

// Store keeps State in a JSON file shared by the controller and node
// processes. Every access takes an flock on a sibling lock file, so no two
// accesses interleave a read-modify-write; writes go to a temp file renamed
// into place.
//
// Reads are cached: parsing the whole state for every call made each
// NodeGetVolumeStats cost O(volumes), so measuring every volume every few
// seconds cost O(volumes²) (two node drivers at ~50 % of a core each with
// 400 volumes). Every write bumps a generation counter kept in the lock
// file (under the exclusive lock, before the rename); a reader that finds
// the counter and the file unchanged reuses what it parsed last.
type Store struct {
	path string

	mu     sync.Mutex
	cached *State   // read-only once cached: View callers must not modify it
	key    cacheKey // what the file and counter were when cached was parsed
}

type cacheKey struct {
	gen       uint64
	ino, size int64
	mtime     unix.Timespec
}

// NewStore returns a store persisting to path, creating its directory.
func NewStore(path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("create state dir: %w", err)
	}
	return &Store{path: path}, nil
}

// View runs fn on a consistent snapshot of the state, which fn must not
// modify (it may be shared with other readers).
func (s *Store) View(fn func(*State) error) error {
	return s.locked(unix.LOCK_SH, func(lock *os.File) error {
		key, err := s.keyOf(lock)
		if err != nil {
			return err
		}
		s.mu.Lock()
		st := s.cached
		if s.key != key {
			st = nil
		}
		s.mu.Unlock()
		if st == nil {
			if st, err = s.read(); err != nil {
				return err
			}
			s.mu.Lock()
			s.cached, s.key = st, key
			s.mu.Unlock()
		}
		return fn(st)
	})
}

// errUnchanged, returned by an Update function, says the state already is
// as asked (an idempotent repeat): Update then writes nothing and returns nil.
var errUnchanged = errors.New("state unchanged")

// Update runs fn on a private copy of the state (fn may keep pointers into
// it) and saves it if fn returns nil; the saved state becomes the cache.
func (s *Store) Update(fn func(*State) error) error {
	return s.locked(unix.LOCK_EX, func(lock *os.File) error {
		key, err := s.keyOf(lock)
		if err != nil {
			return err
		}
		var st *State
		s.mu.Lock()
		if s.cached != nil && s.key == key {
			st = s.cached.clone()
		}
		s.mu.Unlock()
		if st == nil {
			if st, err = s.read(); err != nil {
				return err
			}
		}
		if err := fn(st); errors.Is(err, errUnchanged) {
			return nil
		} else if err != nil {
			return err
		}
		if err := s.write(st, lock); err != nil {
			return err
		}
		if key, err = s.keyOf(lock); err == nil {
			s.mu.Lock()
			s.cached, s.key = st.clone(), key
			s.mu.Unlock()
		}
		return nil
	})
}

// clone copies the state deeply (every map and slice a caller may change):
// ~100 times cheaper than parsing the file again.
func (s *State) clone() *State {
	c := &State{
		Volumes:   make(map[string]*Volume, len(s.Volumes)),
		Snapshots: make(map[string]*Snapshot, len(s.Snapshots)),
		Nodes:     make(map[string]*NodeInfo, len(s.Nodes)),
		Groups:    make(map[string]*Group, len(s.Groups)),
	}
	for id, v := range s.Volumes {
		cv := *v
		cv.Parameters, cv.Attached, cv.Targets = maps.Clone(v.Parameters), maps.Clone(v.Attached), maps.Clone(v.Targets)
		c.Volumes[id] = &cv
	}
	for id, sn := range s.Snapshots {
		csn := *sn
		c.Snapshots[id] = &csn
	}
	for id, n := range s.Nodes {
		cn := *n
		c.Nodes[id] = &cn
	}
	for id, g := range s.Groups {
		cg := *g
		cg.Snapshots = slices.Clone(g.Snapshots)
		c.Groups[id] = &cg
	}
	return c
}

func (s *Store) locked(how int, fn func(lock *os.File) error) error {
	f, err := os.OpenFile(s.path+".lock", os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return fmt.Errorf("open state lock: %w", err)
	}
	defer f.Close()
	if err := unix.Flock(int(f.Fd()), how); err != nil {
		return fmt.Errorf("lock state: %w", err)
	}
	defer unix.Flock(int(f.Fd()), unix.LOCK_UN) //nolint:errcheck // close releases it anyway
	return fn(f)
}

// keyOf reads the write generation from the lock file and stats the state
// file (a missing file has a zero identity).
func (s *Store) keyOf(lock *os.File) (cacheKey, error) {
	var k cacheKey
	gen, err := readGen(lock)
	if err != nil {
		return k, err
	}
	k.gen = gen
	var st unix.Stat_t
	switch err := unix.Stat(s.path, &st); {
	case errors.Is(err, unix.ENOENT):
	case err != nil:
		return k, fmt.Errorf("stat state: %w", err)
	default:
		k.ino, k.size, k.mtime = int64(st.Ino), st.Size, st.Mtim
	}
	return k, nil
}

func readGen(lock *os.File) (uint64, error) {
	var b [8]byte
	n, err := lock.ReadAt(b[:], 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return 0, fmt.Errorf("read state generation: %w", err)
	}
	if n < len(b) {
		return 0, nil // a new lock file: no write counted yet
	}
	return binary.LittleEndian.Uint64(b[:]), nil
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

func (s *Store) write(st *State, lock *os.File) error {
	b, err := json.Marshal(st)
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
	// Bumped before the rename: a crash in between costs readers one
	// needless parse, never a stale cache.
	gen, err := readGen(lock)
	if err != nil {
		return err
	}
	var next [8]byte
	binary.LittleEndian.PutUint64(next[:], gen+1)
	if _, err := lock.WriteAt(next[:], 0); err != nil {
		return fmt.Errorf("bump state generation: %w", err)
	}
	if err := os.Rename(tmp, s.path); err != nil {
		return fmt.Errorf("replace state: %w", err)
	}
	return nil
}
