package node

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/container-storage-interface/spec/lib/go/csi"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/klog/v2"
)

// volDataFiles lists the vol_data.json of CSI volumes published for pod
// uid ("*" for every pod on this node).
func (a *Agent) volDataFiles(uid string) []string {
	files, _ := filepath.Glob(filepath.Join(a.nodeDir, "pods", uid, "volumes", "kubernetes.io~csi", "*", "vol_data.json"))
	return files
}

// unmountPodCSI unpublishes every CSI volume recorded on disk for pod uid
// and unstages the ones no other pod on this node still uses (kubelet's
// TearDown + UnmountDevice). The pod's directories go once empty; a target
// still holding data is never deleted.
func (a *Agent) unmountPodCSI(ctx context.Context, uid string) error {
	files := a.volDataFiles(uid)
	if len(files) == 0 {
		a.removePodDir(uid)
		return nil
	}
	p := a.csiPlugin()
	var errs []error
	for _, f := range files {
		cv, err := readVolData(f)
		if err != nil {
			errs = append(errs, fmt.Errorf("UnmountVolume.TearDown failed: %s: %w", f, err))
			continue
		}
		if p == nil || p.driver != cv.Driver {
			errs = append(errs, fmt.Errorf("UnmountVolume.TearDown failed for volume %q : driver name %s not found in the list of registered CSI drivers", cv.PV, cv.Driver))
			continue
		}
		rctx, cancel := rpcCtx(ctx)
		_, err = p.node.NodeUnpublishVolume(rctx, &csi.NodeUnpublishVolumeRequest{VolumeId: cv.Handle, TargetPath: cv.Target})
		cancel()
		if err != nil {
			errs = append(errs, fmt.Errorf("UnmountVolume.TearDown failed for volume %q : rpc error: %w", cv.PV, err))
			continue
		}
		if err := removeEmpty(cv.Target); err != nil {
			errs = append(errs, fmt.Errorf("UnmountVolume.TearDown failed for volume %q : %w", cv.PV, err))
			continue
		}
		_ = os.Remove(f)
		_ = os.Remove(filepath.Dir(f))
		if cv.Staging != "" && !a.stagedForOthers(cv.Handle) {
			rctx, cancel := rpcCtx(ctx)
			_, err = p.node.NodeUnstageVolume(rctx, &csi.NodeUnstageVolumeRequest{VolumeId: cv.Handle, StagingTargetPath: cv.Staging})
			cancel()
			if err != nil {
				errs = append(errs, fmt.Errorf("UnmountDevice failed for volume %q : rpc error: %w", cv.PV, err))
				continue
			}
			_ = removeEmpty(cv.Staging)
			_ = os.Remove(filepath.Dir(cv.Staging))
		}
		klog.Infof("unpublished volume %s (%s) of pod %s", cv.PV, cv.Handle, uid)
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	a.removePodDir(uid)
	return nil
}

// stagedForOthers reports whether another pod on this node still has the
// volume published (then it stays staged).
func (a *Agent) stagedForOthers(handle string) bool {
	for _, f := range a.volDataFiles("*") {
		if cv, err := readVolData(f); err == nil && cv.Handle == handle {
			return true
		}
	}
	return false
}

// removeEmpty removes a directory only if it is empty (or already gone),
// so a failed unmount can never delete a volume's data.
func removeEmpty(dir string) error {
	err := os.Remove(dir)
	if err == nil || errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return fmt.Errorf("%s is still populated after unpublish: %w", dir, err)
}

func (a *Agent) removePodDir(uid string) {
	base := filepath.Join(a.nodeDir, "pods", uid)
	for _, d := range []string{"volumes/kubernetes.io~csi", "volumes", ""} {
		_ = os.Remove(filepath.Join(base, d))
	}
}

// cleanupOrphans unpublishes volumes of pods that vanished while the agent
// was not running (e.g. force-deleted), given the UIDs of current pods.
func (a *Agent) cleanupOrphans(ctx context.Context, live sets.Set[string]) {
	dirs, _ := filepath.Glob(filepath.Join(a.nodeDir, "pods", "*"))
	for _, d := range dirs {
		uid := filepath.Base(d)
		if live.Has(uid) {
			continue
		}
		if err := a.unmountPodCSI(ctx, uid); err != nil {
			klog.Warningf("orphaned pod %s: %v", uid, err)
		}
	}
}
