package csidriver

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// Two stores on one file stand for two processes (controller and node).
func TestStoreCachesReadsUntilAnyWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	a, err := NewStore(path)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := NewStore(path)
	view := func(s *Store) *State {
		t.Helper()
		var got *State
		if err := s.View(func(st *State) error { got = st; return nil }); err != nil {
			t.Fatal(err)
		}
		return got
	}
	add := func(s *Store, id string) {
		t.Helper()
		if err := s.Update(func(st *State) error { st.Volumes[id] = &Volume{ID: id}; return nil }); err != nil {
			t.Fatal(err)
		}
	}

	if len(view(a).Volumes) != 0 {
		t.Fatal("a new store should be empty")
	}
	add(b, "v1")
	first := view(a)
	if _, ok := first.Volumes["v1"]; !ok {
		t.Fatal("a did not see b's write")
	}
	if view(a) != first {
		t.Fatal("an unchanged file was parsed again")
	}

	add(a, "v2")
	if got := view(b); len(got.Volumes) != 2 {
		t.Fatalf("b sees %d volumes after a's write, want 2", len(got.Volumes))
	}
	if view(a) == first {
		t.Fatal("a kept its cache after its own write")
	}

	// A failed update leaves the file, the generation and the cache as they were.
	cached := view(a)
	boom := errors.New("boom")
	if err := a.Update(func(st *State) error { st.Volumes["v3"] = &Volume{ID: "v3"}; return boom }); !errors.Is(err, boom) {
		t.Fatalf("Update error = %v, want boom", err)
	}
	if got := view(a); got != cached || len(got.Volumes) != 2 {
		t.Fatal("a failed update changed what readers see")
	}

	// An idempotent repeat writes nothing: readers keep their cache, the file keeps its identity.
	before, _ := os.Stat(path)
	if err := a.Update(func(st *State) error { st.Volumes["v3"] = &Volume{ID: "v3"}; return errUnchanged }); err != nil {
		t.Fatalf("Update returning errUnchanged = %v, want nil", err)
	}
	if after, _ := os.Stat(path); !os.SameFile(before, after) || len(view(b).Volumes) != 2 {
		t.Fatal("an unchanged update rewrote the state")
	}

	// A file replaced behind the stores' back (e.g. restored) is noticed by its identity.
	if err := os.WriteFile(path+".new", []byte(`{"volumes":{"x":{"id":"x"}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path+".new", path); err != nil {
		t.Fatal(err)
	}
	if got := view(a); len(got.Volumes) != 1 || got.Volumes["x"] == nil {
		t.Fatalf("a did not re-read a replaced file: %v", got.Volumes)
	}
}

// storeWith2000 is a store holding 2000 published volumes, the size the
// usage benchmark mounts.
func storeWith2000(b *testing.B) *Store {
	s, err := NewStore(filepath.Join(b.TempDir(), "state.json"))
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Update(func(st *State) error {
		for i := range 2000 {
			id := fmt.Sprintf("vol-%04d", i)
			st.Volumes[id] = &Volume{ID: id, Name: "pvc-" + id, Node: "n1", Targets: map[string]Target{"/t/" + id: {Mode: "mount"}}}
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	return s
}

// What NodeGetVolumeStats pays per call to find its volume (cached).
func BenchmarkViewAt2000Volumes(b *testing.B) {
	s := storeWith2000(b)
	b.ResetTimer()
	for range b.N {
		if err := s.View(func(*State) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}

// What every call paid before reads were cached.
func BenchmarkParseAt2000Volumes(b *testing.B) {
	s := storeWith2000(b)
	b.ResetTimer()
	for range b.N {
		if _, err := s.read(); err != nil {
			b.Fatal(err)
		}
	}
}

// A publish or stage: copy, change one volume, save (fsync included).
func BenchmarkUpdateAt2000Volumes(b *testing.B) {
	s := storeWith2000(b)
	b.ResetTimer()
	for i := range b.N {
		if err := s.Update(func(st *State) error { st.Volumes["vol-0001"].StagingPath = fmt.Sprint(i); return nil }); err != nil {
			b.Fatal(err)
		}
	}
}

func TestCloneSharesNothing(t *testing.T) {
	orig := &State{
		Volumes: map[string]*Volume{"v": {ID: "v", Parameters: map[string]string{"tier": "fast"},
			Attached: map[string]bool{"n1": false}, Targets: map[string]Target{"/t": {Mode: "mount"}}}},
		Snapshots: map[string]*Snapshot{"s": {ID: "s", SourceVolume: "v"}},
		Nodes:     map[string]*NodeInfo{"n1": {ID: "n1", MaxVolumes: 3}},
		Groups:    map[string]*Group{"g": {ID: "g", Snapshots: []string{"s"}}},
	}
	want, _ := json.Marshal(orig)
	c := orig.clone()
	if got, _ := json.Marshal(c); string(got) != string(want) {
		t.Fatalf("clone differs:\n got %s\nwant %s", got, want)
	}
	v := c.Volumes["v"]
	v.Parameters["tier"], v.Attached["n2"], v.Targets["/u"], v.Name = "slow", true, Target{}, "changed"
	c.Snapshots["s"].Ready, c.Nodes["n1"].MaxVolumes, c.Groups["g"].Snapshots[0] = true, 9, "other"
	c.Volumes["w"] = &Volume{ID: "w"}
	if got, _ := json.Marshal(orig); string(got) != string(want) {
		t.Fatalf("changing the clone changed the original:\n got %s\nwant %s", got, want)
	}
}
