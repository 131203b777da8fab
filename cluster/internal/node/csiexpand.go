package node

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/container-storage-interface/spec/lib/go/csi"
	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/util/retry"
	"k8s.io/klog/v2"
)

// expandInterval: how often published claims are checked for a pending
// file-system resize. Nodes may only GET claims (no watch), like kubelet,
// which re-reads them from its volume manager loop.
const expandInterval = 2 * time.Second

// Past expandBurst published volumes, the GETs of one pass are spaced by
// expandSpacing: a node with thousands of volumes would otherwise spend its
// whole client rate limit here and starve mounts, status updates and the
// SubjectAccessReviews of its stats endpoint.
const (
	expandBurst   = 20
	expandSpacing = 100 * time.Millisecond
)

func (a *Agent) expansionLoop(ctx context.Context) {
	t := time.NewTicker(expandInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		vols := a.publishedCSI()
		for i, cv := range vols {
			if err := a.expandIfPending(ctx, cv); err != nil && ctx.Err() == nil {
				klog.Warningf("expand %s/%s: %v", cv.ClaimNS, cv.Claim, err)
			}
			if len(vols) > expandBurst && i < len(vols)-1 {
				select {
				case <-ctx.Done():
					return
				case <-time.After(expandSpacing):
				}
			}
		}
	}
}

// expandIfPending runs NodeExpandVolume when the external-resizer left the
// claim at NodeResizePending, then records the new size on the claim the
// way kubelet does (capacity, allocatedResourceStatuses, conditions).
func (a *Agent) expandIfPending(ctx context.Context, cv csiVolume) error {
	pvcs := a.client.CoreV1().PersistentVolumeClaims(cv.ClaimNS)
	pvc, err := pvcs.Get(ctx, cv.Claim, metav1.GetOptions{})
	if err != nil {
		return err
	}
	if pvc.Status.AllocatedResourceStatuses[v1.ResourceStorage] != v1.PersistentVolumeClaimNodeResizePending {
		return nil
	}
	pv, err := a.client.CoreV1().PersistentVolumes().Get(ctx, cv.PV, metav1.GetOptions{})
	if err != nil {
		return err
	}
	size := pv.Spec.Capacity[v1.ResourceStorage]
	p := a.csiPlugin()
	if p == nil || !p.expand {
		return fmt.Errorf("driver %s cannot expand on the node", cv.Driver)
	}
	capability, err := volumeCapability(pv)
	if err != nil {
		return err
	}
	rctx, cancel := rpcCtx(ctx)
	_, err = p.node.NodeExpandVolume(rctx, &csi.NodeExpandVolumeRequest{
		VolumeId: cv.Handle, VolumePath: cv.Target, StagingTargetPath: cv.Staging,
		CapacityRange: &csi.CapacityRange{RequiredBytes: size.Value()}, VolumeCapability: capability,
	})
	cancel()
	ref := &v1.ObjectReference{Kind: "PersistentVolumeClaim", APIVersion: "v1", Namespace: pvc.Namespace,
		Name: pvc.Name, UID: pvc.UID}
	if err != nil {
		a.events.Eventf(ref, v1.EventTypeWarning, "VolumeResizeFailed",
			"MountVolume.NodeExpandVolume failed for volume %q : rpc error: %v", pv.Name, err)
		return err
	}
	err = retry.RetryOnConflict(retry.DefaultRetry, func() error {
		cur, err := pvcs.Get(ctx, cv.Claim, metav1.GetOptions{})
		if err != nil {
			return err
		}
		finishResize(cur, size.DeepCopy())
		_, err = pvcs.UpdateStatus(ctx, cur, metav1.UpdateOptions{})
		return err
	})
	if err != nil {
		return fmt.Errorf("record resize on claim: %w", err)
	}
	a.events.Eventf(ref, v1.EventTypeNormal, "FileSystemResizeSuccessful",
		"MountVolume.NodeExpandVolume succeeded for volume %q %s", pv.Name, a.name)
	return nil
}

// finishResize is kubelet's MarkNodeExpansionFinishedWithRecovery: the new
// capacity, no storage resize status, no resize conditions.
func finishResize(pvc *v1.PersistentVolumeClaim, size resource.Quantity) {
	if pvc.Status.Capacity == nil {
		pvc.Status.Capacity = v1.ResourceList{}
	}
	pvc.Status.Capacity[v1.ResourceStorage] = size
	delete(pvc.Status.AllocatedResourceStatuses, v1.ResourceStorage)
	if len(pvc.Status.AllocatedResourceStatuses) == 0 {
		pvc.Status.AllocatedResourceStatuses = nil
	}
	pvc.Status.Conditions = slices.DeleteFunc(pvc.Status.Conditions, func(c v1.PersistentVolumeClaimCondition) bool {
		switch c.Type {
		case v1.PersistentVolumeClaimResizing, v1.PersistentVolumeClaimFileSystemResizePending,
			v1.PersistentVolumeClaimControllerResizeError, v1.PersistentVolumeClaimNodeResizeError:
			return true
		}
		return false
	})
}
