package node

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/container-storage-interface/spec/lib/go/csi"
	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// csiVolume is one CSI volume published for a pod. It is also written to
// <pod volume dir>/vol_data.json (as kubelet does), so unpublish works after
// an agent restart or a force-deleted pod.
type csiVolume struct {
	Driver    string              `json:"driverName"`
	Handle    string              `json:"volumeHandle"`
	PV        string              `json:"specVolID"`
	Unique    v1.UniqueVolumeName `json:"uniqueName"`
	Staging   string              `json:"stagingPath,omitempty"`
	Target    string              `json:"targetPath"`
	PodUID    string              `json:"podUID"`
	PodNS     string              `json:"podNamespace"`
	PodName   string              `json:"podName"`
	PodVolume string              `json:"podVolume"`
	ClaimNS   string              `json:"claimNamespace"`
	Claim     string              `json:"claimName"`
	ReadOnly  bool                `json:"readOnly"`
}

// errNotAttached: still waiting for the attach/detach controller and the
// external-attacher; not worth an event on every retry.
var errNotAttached = errors.New("volume is not attached yet")

func uniqueCSIName(driver, handle string) v1.UniqueVolumeName {
	return v1.UniqueVolumeName(fmt.Sprintf("kubernetes.io/csi/%s^%s", driver, handle))
}

// attachmentName is the VolumeAttachment name the attach/detach
// controller uses for a CSI volume on a node.
func attachmentName(handle, driver, node string) string {
	return fmt.Sprintf("csi-%x", sha256.Sum256([]byte(handle+driver+node)))
}

// Kubelet's layout under its root dir.
func (a *Agent) stagingPath(driver, handle string) string {
	return filepath.Join(a.nodeDir, "plugins", "kubernetes.io", "csi", driver,
		fmt.Sprintf("%x", sha256.Sum256([]byte(handle))), "globalmount")
}

func (a *Agent) podVolumeDir(uid, pv string) string {
	return filepath.Join(a.nodeDir, "pods", uid, "volumes", "kubernetes.io~csi", pv)
}

// mountCSI waits until the volume is attached to this node, then stages
// and publishes it, like kubelet's operation executor (WaitForAttach,
// MountDevice, SetUp).
func (a *Agent) mountCSI(ctx context.Context, pod *v1.Pod, vol v1.Volume, pvc *v1.PersistentVolumeClaim, pv *v1.PersistentVolume) (mounted, error) {
	src := pv.Spec.CSI
	unique := uniqueCSIName(src.Driver, src.VolumeHandle)
	m := mounted{pvName: pv.Name, unique: unique}
	a.addInUse(podKey(pod), unique)
	p := a.csiPlugin()
	if p == nil || p.driver != src.Driver {
		return m, fmt.Errorf("MountVolume.MountDevice failed for volume %q : kubernetes.io/csi: attacher.MountDevice failed to create newCsiDriverClient: driver name %s not found in the list of registered CSI drivers", pv.Name, src.Driver)
	}
	publishCtx, err := a.waitAttached(ctx, pv, unique)
	if err != nil {
		return m, err
	}
	capability, err := volumeCapability(pv)
	if err != nil {
		return m, fmt.Errorf("MountVolume.MountDevice failed for volume %q : %w", pv.Name, err)
	}
	cv := csiVolume{
		Driver: src.Driver, Handle: src.VolumeHandle, PV: pv.Name, Unique: unique,
		Target: filepath.Join(a.podVolumeDir(string(pod.UID), pv.Name), "mount"), PodUID: string(pod.UID),
		PodNS: pod.Namespace, PodName: pod.Name,
		PodVolume: vol.Name, ClaimNS: pvc.Namespace, Claim: pvc.Name,
		ReadOnly: vol.PersistentVolumeClaim.ReadOnly || src.ReadOnly,
	}
	if p.stage {
		cv.Staging = a.stagingPath(src.Driver, src.VolumeHandle)
		if err := os.MkdirAll(cv.Staging, 0o750); err != nil {
			return m, fmt.Errorf("MountVolume.MountDevice failed for volume %q : %w", pv.Name, err)
		}
		rctx, cancel := rpcCtx(ctx)
		_, err := p.node.NodeStageVolume(rctx, &csi.NodeStageVolumeRequest{
			VolumeId: src.VolumeHandle, PublishContext: publishCtx, StagingTargetPath: cv.Staging,
			VolumeCapability: capability, VolumeContext: src.VolumeAttributes,
		})
		cancel()
		if err != nil {
			return m, fmt.Errorf("MountVolume.MountDevice failed for volume %q : rpc error: %w", pv.Name, err)
		}
	}
	// Like kubelet: create the parent of the target and record the volume;
	// the driver creates the target itself.
	if err := writeVolData(cv); err != nil {
		return m, fmt.Errorf("MountVolume.SetUp failed for volume %q : %w", pv.Name, err)
	}
	volCtx := map[string]string{}
	for k, v := range src.VolumeAttributes {
		volCtx[k] = v
	}
	if a.podInfoOnMount(ctx, src.Driver) {
		volCtx["csi.storage.k8s.io/pod.name"] = pod.Name
		volCtx["csi.storage.k8s.io/pod.namespace"] = pod.Namespace
		volCtx["csi.storage.k8s.io/pod.uid"] = string(pod.UID)
		volCtx["csi.storage.k8s.io/serviceAccount.name"] = pod.Spec.ServiceAccountName
		volCtx["csi.storage.k8s.io/ephemeral"] = "false"
	}
	rctx, cancel := rpcCtx(ctx)
	_, err = p.node.NodePublishVolume(rctx, &csi.NodePublishVolumeRequest{
		VolumeId: src.VolumeHandle, PublishContext: publishCtx, StagingTargetPath: cv.Staging,
		TargetPath: cv.Target, VolumeCapability: capability, Readonly: cv.ReadOnly, VolumeContext: volCtx,
	})
	cancel()
	if err != nil {
		return m, fmt.Errorf("MountVolume.SetUp failed for volume %q : rpc error: %w", pv.Name, err)
	}
	a.recordCSI(podKey(pod), cv)
	return m, nil
}

// waitAttached checks that the attach/detach controller reports the volume
// in node.status.volumesAttached and returns the attachment metadata the
// external-attacher stored (the CSI publish context).
func (a *Agent) waitAttached(ctx context.Context, pv *v1.PersistentVolume, unique v1.UniqueVolumeName) (map[string]string, error) {
	src := pv.Spec.CSI
	va, vaErr := a.client.StorageV1().VolumeAttachments().Get(ctx, attachmentName(src.VolumeHandle, src.Driver, a.name), metav1.GetOptions{})
	if vaErr == nil && va.Status.AttachError != nil && !va.Status.Attached {
		return nil, fmt.Errorf("AttachVolume.Attach failed for volume %q : %s", pv.Name, va.Status.AttachError.Message)
	}
	attached := false
	if n, err := a.nodeLister.Get(a.name); err == nil {
		for _, av := range n.Status.VolumesAttached {
			attached = attached || av.Name == unique
		}
	}
	if !attached || vaErr != nil || !va.Status.Attached {
		return nil, fmt.Errorf("volume %q (VolumeAttachment %s): %w", pv.Name, attachmentName(src.VolumeHandle, src.Driver, a.name), errNotAttached)
	}
	return va.Status.AttachmentMetadata, nil
}

// volumeCapability maps the PV to a CSI capability as kubelet does (the
// first access mode of the PV).
func volumeCapability(pv *v1.PersistentVolume) (*csi.VolumeCapability, error) {
	if pv.Spec.VolumeMode != nil && *pv.Spec.VolumeMode == v1.PersistentVolumeBlock {
		return nil, fmt.Errorf("raw block volumes are not supported by the bindery node agent")
	}
	mode := csi.VolumeCapability_AccessMode_SINGLE_NODE_WRITER
	if len(pv.Spec.AccessModes) > 0 {
		switch pv.Spec.AccessModes[0] {
		case v1.ReadOnlyMany:
			mode = csi.VolumeCapability_AccessMode_MULTI_NODE_READER_ONLY
		case v1.ReadWriteMany:
			mode = csi.VolumeCapability_AccessMode_MULTI_NODE_MULTI_WRITER
		case v1.ReadWriteOncePod:
			mode = csi.VolumeCapability_AccessMode_SINGLE_NODE_SINGLE_WRITER
		}
	}
	return &csi.VolumeCapability{
		AccessType: &csi.VolumeCapability_Mount{Mount: &csi.VolumeCapability_MountVolume{
			FsType: pv.Spec.CSI.FSType, MountFlags: pv.Spec.MountOptions}},
		AccessMode: &csi.VolumeCapability_AccessMode{Mode: mode},
	}, nil
}

func writeVolData(cv csiVolume) error {
	dir := filepath.Dir(cv.Target)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	b, _ := json.Marshal(cv)
	return os.WriteFile(filepath.Join(dir, "vol_data.json"), b, 0o640)
}

func readVolData(path string) (csiVolume, error) {
	var cv csiVolume
	b, err := os.ReadFile(path)
	if err == nil {
		err = json.Unmarshal(b, &cv)
	}
	return cv, err
}

func podKey(pod *v1.Pod) string { return pod.Namespace + "/" + pod.Name }
