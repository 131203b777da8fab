package csidriver

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// mounter makes a directory appear at a target path.
type mounter interface {
	// bind makes src visible at target; linked is true when mounting was
	// refused and a symlink stands in for the bind mount.
	bind(src, target string, readOnly bool) (linked bool, err error)
	// release undoes bind and removes target; a missing target is fine.
	release(target string) error
}

// systemMounter bind mounts with mount(2). Where the kernel refuses
// (EPERM/EACCES: no CAP_SYS_ADMIN, a locked-down container) it falls back
// to a symlink, which cannot enforce read-only; see README.md.
type systemMounter struct {
	symlinkOnly bool // tests use this to exercise the fallback
}

func (m systemMounter) bind(src, target string, readOnly bool) (bool, error) {
	if fi, err := os.Lstat(target); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return true, nil // an earlier fallback publication
	}
	if ok, err := isMountPoint(target); err != nil {
		return false, err
	} else if ok {
		return false, nil
	}
	if err := os.MkdirAll(target, 0o750); err != nil {
		return false, fmt.Errorf("create %s: %w", target, err)
	}
	err := errMountRefused
	if !m.symlinkOnly {
		err = unix.Mount(src, target, "", unix.MS_BIND, "")
	}
	if errors.Is(err, unix.EPERM) || errors.Is(err, unix.EACCES) || errors.Is(err, errMountRefused) {
		if err := os.Remove(target); err != nil {
			return false, fmt.Errorf("replace %s by a symlink: %w", target, err)
		}
		if err := os.Symlink(src, target); err != nil {
			return false, fmt.Errorf("symlink %s: %w", target, err)
		}
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("bind mount %s on %s: %w", src, target, err)
	}
	if readOnly {
		// A bind mount inherits the source's flags; read-only needs a remount.
		if err := unix.Mount("", target, "", unix.MS_BIND|unix.MS_REMOUNT|unix.MS_RDONLY, ""); err != nil {
			_ = unix.Unmount(target, 0)
			return false, fmt.Errorf("remount %s read-only: %w", target, err)
		}
	}
	return false, nil
}

var errMountRefused = errors.New("mounting disabled")

func (m systemMounter) release(target string) error {
	fi, err := os.Lstat(target)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("stat %s: %w", target, err)
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		if err := os.Remove(target); err != nil {
			return fmt.Errorf("remove symlink %s: %w", target, err)
		}
		return nil
	}
	// Unmount until nothing is left: a retried publish may have stacked mounts.
	for range 8 {
		mounted, err := isMountPoint(target)
		if err != nil {
			return err
		}
		if !mounted {
			break
		}
		if err := unix.Unmount(target, 0); err != nil {
			return fmt.Errorf("unmount %s: %w", target, err)
		}
	}
	if err := os.Remove(target); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove %s: %w", target, err)
	}
	return nil
}

// isMountPoint looks the path up in /proc/self/mountinfo (a bind mount of
// a directory on the same file system has no device change to detect).
func isMountPoint(path string) (bool, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return false, err
	}
	// The mount table holds resolved paths: resolve symlinks in the parents.
	if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		abs = filepath.Join(dir, filepath.Base(abs))
	}
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return false, fmt.Errorf("read mount table: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) > 4 && unescapeMount(fields[4]) == abs {
			return true, nil
		}
	}
	if err := sc.Err(); err != nil {
		return false, fmt.Errorf("read mount table: %w", err)
	}
	return false, nil
}

// unescapeMount decodes mountinfo's octal escapes (\040 for a space).
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
