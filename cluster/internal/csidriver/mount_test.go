package csidriver

import (
	"os"
	"path/filepath"
	"testing"
)

// A target under a symlinked directory is still recognised as mounted, so
// a retried publish does not stack mounts and release unmounts it.
func TestBindUnderSymlinkedParent(t *testing.T) {
	requireMount(t)
	dir := t.TempDir()
	src, real := filepath.Join(dir, "src"), filepath.Join(dir, "real")
	for _, p := range []string{src, real} {
		if err := os.Mkdir(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(real, filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(dir, "link", "target")
	m := systemMounter{}
	for range 2 {
		if linked, err := m.bind(src, target, false); err != nil || linked {
			t.Fatalf("bind = %t, %v", linked, err)
		}
	}
	if ok, err := isMountPoint(target); err != nil || !ok {
		t.Fatalf("isMountPoint = %t, %v", ok, err)
	}
	if err := m.release(target); err != nil {
		t.Fatal(err)
	}
	if ok, _ := isMountPoint(target); ok {
		t.Fatal("still mounted after release")
	}
	if _, err := os.Lstat(target); !os.IsNotExist(err) {
		t.Fatalf("target left behind: %v", err)
	}
}

func TestUnescapeMount(t *testing.T) {
	for in, want := range map[string]string{`/a\040b`: "/a b", `/plain`: "/plain", `/tab\011x`: "/tab\tx", `/odd\`: `/odd\`} {
		if got := unescapeMount(in); got != want {
			t.Errorf("unescapeMount(%q) = %q, want %q", in, got, want)
		}
	}
}

// requireMount skips tests of real bind mounts where mount(2) is not
// allowed (not root); the symlink fallback has its own test case.
func requireMount(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("bind mounts need root")
	}
}
