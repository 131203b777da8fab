package node

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	v1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/tools/cache"
	"k8s.io/klog/v2"
	"k8s.io/utils/ptr"
)

func (a *Agent) worker(ctx context.Context) {
	for {
		key, quit := a.queue.Get()
		if quit {
			return
		}
		if err := a.syncPod(ctx, key); err != nil {
			klog.V(2).Infof("pod %s: %v (will retry)", key, err)
			a.queue.AddRateLimited(key)
		} else {
			a.queue.Forget(key)
		}
		a.queue.Done(key)
	}
}

// mounted is a volume the agent prepared for a pod.
type mounted struct {
	podVolume, pvName string
	unique            v1.UniqueVolumeName
}

// syncPod drives one pod towards its desired state (running or gone).
func (a *Agent) syncPod(ctx context.Context, key string) error {
	ns, name, _ := cache.SplitMetaNamespaceKey(key)
	pod, err := a.pods.Pods(ns).Get(name)
	if apierrors.IsNotFound(err) {
		// Gone without us seeing its deletion (e.g. force-deleted).
		if uid := a.forgetCSI(key); uid != "" {
			if err := a.unmountPodCSI(ctx, uid); err != nil {
				return err
			}
		}
		a.setVolumes(key, nil)
		a.setMounted(key, false)
		return nil
	}
	if err != nil {
		return err
	}
	if pod.DeletionTimestamp != nil {
		return a.stopPod(ctx, key, pod)
	}
	if pod.Status.Phase == v1.PodSucceeded || pod.Status.Phase == v1.PodFailed {
		return nil
	}
	if isRunning(pod) && a.isMounted(key) {
		// Volumes of a running pod stay as they are (kubelet does not
		// re-check a claim that is, say, being deleted meanwhile).
		return nil
	}
	vols, err := a.prepareVolumes(ctx, pod)
	if err != nil {
		// Right after scheduling, the Node authorizer's graph may not yet
		// link this node to the PVC/PV ("no relationship found"): retry
		// quietly a few times before reporting it.
		// Waiting for attach is normal for a few seconds (kubelet only
		// reports it after a timeout).
		quiet := (apierrors.IsForbidden(err) && a.queue.NumRequeues(key) < 3) ||
			(errors.Is(err, errNotAttached) && a.queue.NumRequeues(key) < 12)
		if !quiet {
			a.events.Event(pod, v1.EventTypeWarning, "FailedMount", err.Error())
		}
		if perr := a.markContainerCreating(ctx, pod); perr != nil {
			return perr
		}
		return err // retried with backoff, like kubelet's volume manager
	}
	var unique []v1.UniqueVolumeName
	for _, m := range vols {
		unique = append(unique, m.unique)
	}
	a.setVolumes(key, unique)
	a.setMounted(key, true)
	if isRunning(pod) {
		return nil // already started (e.g. agent restart): nothing to announce
	}
	for _, m := range vols {
		a.events.Eventf(pod, v1.EventTypeNormal, "SuccessfulMountVolume",
			"MountVolume.SetUp succeeded for volume %q (UniqueName: %q) pod %q (UID: %q)", m.pvName, m.unique, pod.Name, pod.UID)
	}
	for _, c := range allContainers(pod) {
		ref := containerRef(pod, c)
		a.events.Eventf(ref, v1.EventTypeNormal, "Pulled", "Container image %q already present on machine", c.Image)
		a.events.Eventf(ref, v1.EventTypeNormal, "Created", "Created container: %s", c.Name)
		a.events.Eventf(ref, v1.EventTypeNormal, "Started", "Started container %s", c.Name)
	}
	ip, err := a.allocateIP(pod)
	if err != nil {
		return err
	}
	_, err = a.client.CoreV1().Pods(ns).UpdateStatus(ctx, runningPod(pod, ip), metav1.UpdateOptions{})
	return err
}

// prepareVolumes resolves every PVC volume to its PV and makes sure the
// backing directory exists. Other volume types (configMap, secret,
// emptyDir, projected tokens) need nothing on disk in this simulation.
func (a *Agent) prepareVolumes(ctx context.Context, pod *v1.Pod) ([]mounted, error) {
	var out []mounted
	var failed []string
	var errs []error
	for _, vol := range pod.Spec.Volumes {
		vol, ephemeral := claimVolume(pod, vol)
		if vol.PersistentVolumeClaim == nil {
			continue
		}
		m, err := a.preparePVC(ctx, pod, vol, ephemeral)
		if err != nil {
			failed = append(failed, vol.Name)
			errs = append(errs, err)
			continue
		}
		m.podVolume = vol.Name
		out = append(out, m)
	}
	if len(errs) > 0 {
		// Same shape as kubelet's volume manager message.
		return nil, fmt.Errorf("Unable to attach or mount volumes: unmounted volumes=[%s], unattached volumes=[%s], failed to process volumes=[%s]: %w",
			strings.Join(failed, " "), strings.Join(failed, " "), strings.Join(failed, " "), errors.Join(errs...))
	}
	return out, nil
}

// claimVolume turns a generic ephemeral volume into the claim the ephemeral-volume
// controller creates for it (<pod>-<volume>), as the kubelet does; other volumes pass as they are.
func claimVolume(pod *v1.Pod, vol v1.Volume) (v1.Volume, bool) {
	if vol.Ephemeral == nil {
		return vol, false
	}
	return v1.Volume{Name: vol.Name, VolumeSource: v1.VolumeSource{
		PersistentVolumeClaim: &v1.PersistentVolumeClaimVolumeSource{ClaimName: pod.Name + "-" + vol.Name},
	}}, true
}

// ownedEphemeral is the kubelet's check that an ephemeral volume's claim was made for this
// pod: a claim of that name that belongs to someone else must not be mounted.
func ownedEphemeral(pvc *v1.PersistentVolumeClaim, pod *v1.Pod) error {
	if metav1.IsControlledBy(pvc, pod) {
		return nil
	}
	return fmt.Errorf("PVC %s/%s was not created for pod %s/%s (pod is not owner)", pvc.Namespace, pvc.Name, pod.Namespace, pod.Name)
}

func (a *Agent) preparePVC(ctx context.Context, pod *v1.Pod, vol v1.Volume, ephemeral bool) (mounted, error) {
	ns, claim := pod.Namespace, vol.PersistentVolumeClaim.ClaimName
	prefix := fmt.Sprintf("error processing PVC %s/%s", ns, claim)
	pvc, err := a.client.CoreV1().PersistentVolumeClaims(ns).Get(ctx, claim, metav1.GetOptions{})
	if err != nil {
		return mounted{}, fmt.Errorf("%s: failed to fetch PVC from API server: %w", prefix, err)
	}
	if pvc.DeletionTimestamp != nil {
		return mounted{}, fmt.Errorf("%s: PVC is being deleted", prefix)
	}
	if ephemeral {
		if err := ownedEphemeral(pvc, pod); err != nil {
			return mounted{}, fmt.Errorf("%s: %w", prefix, err)
		}
	}
	if pvc.Status.Phase != v1.ClaimBound || pvc.Spec.VolumeName == "" {
		return mounted{}, fmt.Errorf("%s: PVC is not bound", prefix)
	}
	pv, err := a.client.CoreV1().PersistentVolumes().Get(ctx, pvc.Spec.VolumeName, metav1.GetOptions{})
	if err != nil {
		return mounted{}, fmt.Errorf("%s: failed to fetch PV %s from API server: %w", prefix, pvc.Spec.VolumeName, err)
	}
	var dir string
	var unique v1.UniqueVolumeName
	switch {
	case pv.Spec.CSI != nil:
		return a.mountCSI(ctx, pod, vol, pvc, pv)
	case pv.Spec.HostPath != nil:
		dir, unique = pv.Spec.HostPath.Path, v1.UniqueVolumeName("kubernetes.io/host-path/"+pv.Name)
	case pv.Spec.Local != nil:
		dir, unique = pv.Spec.Local.Path, v1.UniqueVolumeName("kubernetes.io/local-volume/"+pv.Name)
	default:
		return mounted{}, fmt.Errorf("%s: volume %s is not hostPath/local/CSI; the bindery node agent cannot mount it", prefix, pv.Name)
	}
	// The only filesystem effect: the directory the container would see.
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return mounted{}, fmt.Errorf("MountVolume.SetUp failed for volume %q: %v", pv.Name, err)
	}
	return mounted{pvName: pv.Name, unique: unique}, nil
}

// stopPod "kills" the containers, releases the volumes, then removes the
// pod object with grace period 0, as kubelet does once containers exited.
func (a *Agent) stopPod(ctx context.Context, key string, pod *v1.Pod) error {
	if isRunning(pod) {
		for _, c := range pod.Spec.Containers {
			a.events.Eventf(containerRef(pod, ctr{c, false}), v1.EventTypeNormal, "Killing", "Stopping container %s", c.Name)
		}
	}
	// Unpublish/unstage before the volumes leave volumesInUse: only then
	// may the attach/detach controller detach them.
	if err := a.unmountPodCSI(ctx, string(pod.UID)); err != nil {
		a.events.Event(pod, v1.EventTypeWarning, "FailedUnmount", err.Error())
		return err
	}
	a.forgetCSI(key)
	a.setMounted(key, false)
	if a.setVolumes(key, nil) {
		if err := a.syncNodeStatus(ctx); err != nil {
			return err
		}
	}
	err := a.client.CoreV1().Pods(pod.Namespace).Delete(ctx, pod.Name, metav1.DeleteOptions{
		GracePeriodSeconds: ptr.To[int64](0),
		Preconditions:      metav1.NewUIDPreconditions(string(pod.UID)),
	})
	if apierrors.IsNotFound(err) || apierrors.IsConflict(err) {
		return nil // already gone, or replaced by a new pod of the same name
	}
	return err
}

// setVolumes records the volumes of a pod; reports whether anything changed.
func (a *Agent) setVolumes(key string, vols []v1.UniqueVolumeName) bool {
	a.mu.Lock()
	old := a.volumes[key]
	if len(vols) == 0 {
		delete(a.volumes, key)
	} else {
		a.volumes[key] = vols
	}
	a.mu.Unlock()
	changed := !slices.Equal(old, vols)
	if changed {
		a.markDirty()
	}
	return changed
}

// allocateIP keeps the pod's IP or picks the first free one in the node range.
func (a *Agent) allocateIP(pod *v1.Pod) (string, error) {
	if pod.Status.PodIP != "" {
		return pod.Status.PodIP, nil
	}
	pods, err := a.pods.List(labels.Everything())
	if err != nil {
		return "", err
	}
	used := map[string]bool{}
	for _, p := range pods {
		used[p.Status.PodIP] = true
	}
	for i := 2; i < 255; i++ {
		if ip := fmt.Sprintf("10.244.%d.%d", a.index, i); !used[ip] {
			return ip, nil
		}
	}
	return "", fmt.Errorf("no free pod IP on %s", a.name)
}

func isRunning(pod *v1.Pod) bool {
	return pod.Status.Phase == v1.PodRunning && pod.Status.PodIP != ""
}

// ctr is a container plus whether it is an init container.
type ctr struct {
	v1.Container
	init bool
}

func allContainers(pod *v1.Pod) []ctr {
	var out []ctr
	for _, c := range pod.Spec.InitContainers {
		out = append(out, ctr{c, true})
	}
	for _, c := range pod.Spec.Containers {
		out = append(out, ctr{c, false})
	}
	return out
}

// containerRef points events at a container, like kubelet's fieldPath.
func containerRef(pod *v1.Pod, c ctr) *v1.ObjectReference {
	field := "spec.containers{%s}"
	if c.init {
		field = "spec.initContainers{%s}"
	}
	return &v1.ObjectReference{Kind: "Pod", APIVersion: "v1", Namespace: pod.Namespace, Name: pod.Name,
		UID: pod.UID, ResourceVersion: pod.ResourceVersion, FieldPath: fmt.Sprintf(field, c.Name)}
}

func fakeID(parts ...string) string {
	return fmt.Sprintf("%x", sha256.Sum256([]byte(strings.Join(parts, "/"))))
}
