package csidriver

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// copyTree copies the files, directories and symlinks under src into dst
// (which must exist), keeping modes and owners: a clone is a real copy.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("walk %s: %w", p, err)
		}
		rel, err := filepath.Rel(src, p)
		if err != nil || rel == "." {
			return err
		}
		info, err := e.Info()
		if err != nil {
			return fmt.Errorf("stat %s: %w", p, err)
		}
		target := filepath.Join(dst, rel)
		switch {
		case info.IsDir():
			err = os.Mkdir(target, info.Mode().Perm())
		case info.Mode()&fs.ModeSymlink != 0:
			var link string
			if link, err = os.Readlink(p); err == nil {
				err = os.Symlink(link, target)
			}
		case info.Mode().IsRegular():
			err = copyFile(p, target, info.Mode().Perm())
		default:
			return nil // sockets, fifos and devices are not data
		}
		if err != nil {
			return fmt.Errorf("copy %s: %w", rel, err)
		}
		return keepMeta(target, info.Mode(), info.ModTime(), owner(info))
	})
}

func copyFile(src, dst string, perm fs.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	return writeFile(dst, in, perm)
}

func writeFile(dst string, r io.Reader, perm fs.FileMode) error {
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, r); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func owner(info fs.FileInfo) [2]int {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return [2]int{int(st.Uid), int(st.Gid)}
	}
	return [2]int{-1, -1}
}

// keepMeta gives a copied entry its source's owner, exact mode (the umask
// trimmed it at creation) and modification time.
func keepMeta(p string, mode fs.FileMode, mtime time.Time, own [2]int) error {
	if err := os.Lchown(p, own[0], own[1]); err != nil && !errors.Is(err, fs.ErrPermission) {
		return fmt.Errorf("chown %s: %w", p, err)
	}
	if mode&fs.ModeSymlink != 0 {
		return nil
	}
	if err := os.Chmod(p, mode&(fs.ModePerm|fs.ModeSetuid|fs.ModeSetgid|fs.ModeSticky)); err != nil {
		return fmt.Errorf("chmod %s: %w", p, err)
	}
	if err := os.Chtimes(p, time.Time{}, mtime); err != nil {
		return fmt.Errorf("set times of %s: %w", p, err)
	}
	return nil
}

// tarDir archives the content of dir into the file archive (a snapshot).
func tarDir(dir, archive string) (err error) {
	f, err := os.OpenFile(archive, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("create archive: %w", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("close archive: %w", cerr)
		}
	}()
	tw := tar.NewWriter(f)
	err = filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("walk %s: %w", p, err)
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil || rel == "." {
			return err
		}
		info, err := e.Info()
		if err != nil {
			return fmt.Errorf("stat %s: %w", p, err)
		}
		if !info.IsDir() && !info.Mode().IsRegular() && info.Mode()&fs.ModeSymlink == 0 {
			return nil
		}
		link := ""
		if info.Mode()&fs.ModeSymlink != 0 {
			if link, err = os.Readlink(p); err != nil {
				return fmt.Errorf("readlink %s: %w", p, err)
			}
		}
		hdr, err := tar.FileInfoHeader(info, link)
		if err != nil {
			return fmt.Errorf("header %s: %w", rel, err)
		}
		hdr.Name = filepath.ToSlash(rel)
		if err := tw.WriteHeader(hdr); err != nil {
			return fmt.Errorf("archive %s: %w", rel, err)
		}
		if info.Mode().IsRegular() {
			in, err := os.Open(p)
			if err != nil {
				return fmt.Errorf("archive %s: %w", rel, err)
			}
			defer in.Close()
			if _, err := io.Copy(tw, in); err != nil {
				return fmt.Errorf("archive %s: %w", rel, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return fmt.Errorf("finish archive: %w", err)
	}
	return f.Sync()
}

// untar restores an archive written by tarDir into dir (which must exist).
func untar(archive, dir string) error {
	f, err := os.Open(archive)
	if err != nil {
		return fmt.Errorf("open archive: %w", err)
	}
	defer f.Close()
	tr := tar.NewReader(f)
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read archive: %w", err)
		}
		target := filepath.Join(dir, filepath.FromSlash(hdr.Name))
		if !strings.HasPrefix(target, filepath.Clean(dir)+string(os.PathSeparator)) {
			return fmt.Errorf("archive entry %q escapes the volume", hdr.Name)
		}
		perm := fs.FileMode(hdr.Mode).Perm()
		switch hdr.Typeflag {
		case tar.TypeDir:
			err = os.Mkdir(target, perm)
		case tar.TypeSymlink:
			err = os.Symlink(hdr.Linkname, target)
		case tar.TypeReg:
			err = writeFile(target, tr, perm)
		default:
			continue
		}
		if err != nil {
			return fmt.Errorf("restore %s: %w", hdr.Name, err)
		}
		if err := keepMeta(target, hdr.FileInfo().Mode(), hdr.ModTime, [2]int{hdr.Uid, hdr.Gid}); err != nil {
			return err
		}
	}
}
