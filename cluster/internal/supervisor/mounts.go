package supervisor

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
)

// mountsUnder lists the mount points below dir (deepest first) from
// /proc/self/mountinfo; the CSI driver bind-mounts volumes into the nodes'
// pod and staging directories.
func mountsUnder(mountinfo, dir string) []string {
	dir = filepath.Clean(dir) + "/"
	var out []string
	sc := bufio.NewScanner(strings.NewReader(mountinfo))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 5 {
			continue
		}
		// Field 5 is the mount point, with spaces etc. octal-escaped.
		mp := strings.NewReplacer(`\040`, " ", `\011`, "\t", `\012`, "\n", `\134`, `\`).Replace(f[4])
		if strings.HasPrefix(mp+"/", dir) {
			out = append(out, mp)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return strings.Count(b, "/") - strings.Count(a, "/") })
	return slices.Compact(out)
}

// unmountAll detaches every mount below dir so that removing dir can never
// reach through a bind mount (or fail on a busy mount point).
func unmountAll(dir string) error {
	b, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		return nil // not Linux: nothing was mounted
	}
	for _, mp := range mountsUnder(string(b), dir) {
		if err := syscall.Unmount(mp, syscall.MNT_DETACH); err != nil {
			return fmt.Errorf("unmount %s: %w", mp, err)
		}
	}
	return nil
}
