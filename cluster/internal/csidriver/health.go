package csidriver

import (
	"context"
	"fmt"
	"os"

	"github.com/container-storage-interface/spec/lib/go/csi"
	"golang.org/x/sys/unix"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// lowFreeBytes marks the backing file system degraded: below it new data
// may not fit whatever the volumes' capacities say.
const lowFreeBytes = 1 * gib

// volumeHealth checks what can go wrong with a directory volume: the
// directory vanished (INACCESSIBLE) or the pod wrote past the provisioned
// capacity, which nothing enforces (DEGRADED). An empty list means healthy.
func (d *Driver) volumeHealth(v *Volume) *csi.VolumeHealth {
	h := &csi.VolumeHealth{VolumeId: v.ID}
	if !v.Ready {
		return h // still being copied: nothing known to be wrong
	}
	dir := d.volumePath(v)
	if _, err := os.Stat(dir); err != nil {
		h.HealthStatuses = append(h.HealthStatuses, &csi.VolumeHealth_VolumeHealthEntry{
			Status: csi.VolumeHealthErrorType_INACCESSIBLE, Reason: "VolumeDirectoryMissing", Message: err.Error()})
		return h
	}
	if u, err := measure(dir); err != nil {
		h.HealthStatuses = append(h.HealthStatuses, &csi.VolumeHealth_VolumeHealthEntry{
			Status: csi.VolumeHealthErrorType_INACCESSIBLE, Reason: "VolumeUnreadable", Message: err.Error()})
	} else if u.usedBytes > v.NodeBytes {
		h.HealthStatuses = append(h.HealthStatuses, &csi.VolumeHealth_VolumeHealthEntry{
			Status: csi.VolumeHealthErrorType_DEGRADED, Reason: "OverCapacity",
			Message: fmt.Sprintf("uses %d bytes, more than its %d-byte capacity", u.usedBytes, v.NodeBytes)})
	}
	return h
}

func (d *Driver) ControllerGetVolumeHealth(_ context.Context, req *csi.ControllerGetVolumeHealthRequest) (*csi.ControllerGetVolumeHealthResponse, error) {
	if req.GetVolumeId() == "" {
		return nil, status.Error(codes.InvalidArgument, "volume id is required")
	}
	var v Volume
	if err := d.getVolume(req.GetVolumeId(), &v); err != nil {
		return nil, err
	}
	return &csi.ControllerGetVolumeHealthResponse{VolumeHealth: d.volumeHealth(&v)}, nil
}

func (d *Driver) ControllerListVolumeHealth(_ context.Context, req *csi.ControllerListVolumeHealthRequest) (*csi.ControllerListVolumeHealthResponse, error) {
	vols, err := d.sortedVolumes()
	if err != nil {
		return nil, err
	}
	page, next, err := paginate(len(vols), req.GetStartingToken(), req.GetMaxEntries())
	if err != nil {
		return nil, err
	}
	resp := &csi.ControllerListVolumeHealthResponse{NextToken: next}
	for _, v := range vols[page[0]:page[1]] {
		resp.Entries = append(resp.Entries, d.volumeHealth(&v))
	}
	return resp, nil
}

func (d *Driver) NodeGetVolumeHealth(_ context.Context, req *csi.NodeGetVolumeHealthRequest) (*csi.NodeGetVolumeHealthResponse, error) {
	if req.GetVolumeId() == "" {
		return nil, status.Error(codes.InvalidArgument, "volume id is required")
	}
	var v Volume
	if err := d.getVolume(req.GetVolumeId(), &v); err != nil {
		return nil, err
	}
	return &csi.NodeGetVolumeHealthResponse{VolumeHealth: d.volumeHealth(&v)}, nil
}

// NodeGetStorageHealth reports the backing file system of this node's
// volumes: unreachable if it cannot be read, degraded when nearly full.
func (d *Driver) NodeGetStorageHealth(context.Context, *csi.NodeGetStorageHealthRequest) (*csi.NodeGetStorageHealthResponse, error) {
	resp := &csi.NodeGetStorageHealthResponse{}
	var sfs unix.Statfs_t
	if err := unix.Statfs(d.volumesDir(d.opts.NodeID), &sfs); err != nil {
		resp.BackendHealth = append(resp.BackendHealth, &csi.NodeGetStorageHealthResponse_StorageBackendHealth{
			Status: csi.StorageHealthErrorType_STORAGE_UNREACHABLE, Reason: "VolumesDirectoryUnreadable", Message: err.Error()})
		return resp, nil
	}
	if free := int64(sfs.Bavail) * sfs.Bsize; free < lowFreeBytes {
		resp.BackendHealth = append(resp.BackendHealth, &csi.NodeGetStorageHealthResponse_StorageBackendHealth{
			Status: csi.StorageHealthErrorType_STORAGE_DEGRADED, Reason: "LowFreeSpace",
			Message: fmt.Sprintf("only %d bytes free on the file system holding the volumes", free)})
	}
	return resp, nil
}
