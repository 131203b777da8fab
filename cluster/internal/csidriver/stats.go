package csidriver

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"syscall"

	"github.com/container-storage-interface/spec/lib/go/csi"
	"golang.org/x/sys/unix"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// NodeGetVolumeStats measures the volume's real directory: used bytes are
// the blocks its files occupy (like du), capacity is the provisioned size
// the node last expanded to, available is what is left of it (and never
// more than the backing file system has free). Nothing stops writes past
// the capacity (no quotas on a plain directory); available then reads 0.
func (d *Driver) NodeGetVolumeStats(_ context.Context, req *csi.NodeGetVolumeStatsRequest) (*csi.NodeGetVolumeStatsResponse, error) {
	if err := requireNodeArgs(req.GetVolumeId(), req.GetVolumePath(), "volume path", nil, false); err != nil {
		return nil, err
	}
	var v Volume
	if err := d.getVolume(req.GetVolumeId(), &v); err != nil {
		return nil, err
	}
	if !publishedAt(&v, req.GetVolumePath()) {
		return nil, status.Errorf(codes.NotFound, "volume %s is not staged or published at %s", v.ID, req.GetVolumePath())
	}
	u, err := measure(d.volumePath(&v))
	if err != nil {
		return nil, status.Errorf(codes.Internal, "volume %s: %v", v.ID, err)
	}
	capacity := v.NodeBytes
	avail := min(max(capacity-u.usedBytes, 0), u.fsFreeBytes)
	return &csi.NodeGetVolumeStatsResponse{
		Usage: []*csi.VolumeUsage{
			{Unit: csi.VolumeUsage_BYTES, Total: capacity, Used: u.usedBytes, Available: avail},
			{Unit: csi.VolumeUsage_INODES, Total: u.fsInodes, Used: u.inodesUsed, Available: u.fsInodesFree},
		},
	}, nil
}

type usage struct {
	usedBytes, inodesUsed               int64
	fsFreeBytes, fsInodes, fsInodesFree int64
}

// measure walks dir (du semantics: allocated blocks, every entry one
// inode) and reads the backing file system's free space and inodes.
func measure(dir string) (usage, error) {
	var u usage
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		u.inodesUsed++
		if st, ok := info.Sys().(*syscall.Stat_t); ok {
			u.usedBytes += st.Blocks * 512
		}
		return nil
	})
	if err != nil {
		return u, fmt.Errorf("measure volume directory: %w", err)
	}
	var sfs unix.Statfs_t
	if err := unix.Statfs(dir, &sfs); err != nil {
		return u, fmt.Errorf("statfs %s: %w", dir, err)
	}
	u.fsFreeBytes = int64(sfs.Bavail) * sfs.Bsize
	u.fsInodes, u.fsInodesFree = int64(sfs.Files), int64(sfs.Ffree)
	return u, nil
}
