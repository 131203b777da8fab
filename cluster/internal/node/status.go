package node

import (
	"context"
	"fmt"

	coordv1 "k8s.io/api/coordination/v1"
	v1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/util/retry"
	"k8s.io/utils/ptr"

	"github.com/bindery/bindery/cluster/internal/config"
)

// register creates the Node (or adopts an existing one from a previous run),
// its CSINode and its Lease, then pushes a Ready status.
func (a *Agent) register(ctx context.Context) error {
	cidr := fmt.Sprintf("10.244.%d.0/24", a.index)
	n := &v1.Node{
		ObjectMeta: metav1.ObjectMeta{
			Name:   a.name,
			Labels: a.labels(),
			// Like kubelet: the attach/detach controller owns attachments.
			Annotations: map[string]string{"volumes.kubernetes.io/controller-managed-attach-detach": "true"},
		},
		Spec: v1.NodeSpec{PodCIDR: cidr, PodCIDRs: []string{cidr}},
	}
	a.fillStatus(n)
	_, err := a.client.CoreV1().Nodes().Create(ctx, n, metav1.CreateOptions{})
	if err != nil && !apierrors.IsAlreadyExists(err) {
		return err
	}
	if err := a.ensureCSINode(ctx); err != nil {
		return err
	}
	if err := a.renewLease(ctx); err != nil {
		return err
	}
	return a.syncNodeStatus(ctx)
}

// ensureCSINode creates the (driver-less) CSINode kubelet would publish.
func (a *Agent) ensureCSINode(ctx context.Context) error {
	node, err := a.client.CoreV1().Nodes().Get(ctx, a.name, metav1.GetOptions{})
	if err != nil {
		return err
	}
	c := &storagev1.CSINode{
		ObjectMeta: metav1.ObjectMeta{Name: a.name, OwnerReferences: []metav1.OwnerReference{nodeOwner(node)}},
		Spec:       storagev1.CSINodeSpec{Drivers: []storagev1.CSINodeDriver{}},
	}
	_, err = a.client.StorageV1().CSINodes().Create(ctx, c, metav1.CreateOptions{})
	if apierrors.IsAlreadyExists(err) {
		return nil
	}
	return err
}

func nodeOwner(n *v1.Node) metav1.OwnerReference {
	return metav1.OwnerReference{APIVersion: "v1", Kind: "Node", Name: n.Name, UID: n.UID}
}

// renewLease is the cheap heartbeat the node lifecycle controller watches.
func (a *Agent) renewLease(ctx context.Context) error {
	leases := a.client.CoordinationV1().Leases(v1.NamespaceNodeLease)
	now := metav1.NewMicroTime(metav1.Now().Time)
	l, err := leases.Get(ctx, a.name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		node, err := a.client.CoreV1().Nodes().Get(ctx, a.name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		l = &coordv1.Lease{
			ObjectMeta: metav1.ObjectMeta{Name: a.name, Namespace: v1.NamespaceNodeLease,
				OwnerReferences: []metav1.OwnerReference{nodeOwner(node)}},
			Spec: coordv1.LeaseSpec{HolderIdentity: ptr.To(a.name), LeaseDurationSeconds: ptr.To[int32](40), RenewTime: &now},
		}
		_, err = leases.Create(ctx, l, metav1.CreateOptions{})
		return err
	}
	if err != nil {
		return err
	}
	l.Spec.RenewTime = &now
	_, err = leases.Update(ctx, l, metav1.UpdateOptions{})
	return err
}

// syncNodeStatus pushes conditions, capacity and volumesInUse.
func (a *Agent) syncNodeStatus(ctx context.Context) error {
	a.statMu.Lock()
	defer a.statMu.Unlock()
	return retry.RetryOnConflict(retry.DefaultRetry, func() error {
		n, err := a.client.CoreV1().Nodes().Get(ctx, a.name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		a.fillStatus(n)
		_, err = a.client.CoreV1().Nodes().UpdateStatus(ctx, n, metav1.UpdateOptions{})
		return err
	})
}

// fillStatus sets everything a kubelet reports. volumesAttached is left to
// the attach/detach controller, which owns it (hostPath/local volumes are
// not attachable, so it stays empty for them).
func (a *Agent) fillStatus(n *v1.Node) {
	now := metav1.Now()
	s := &n.Status
	s.Capacity, s.Allocatable = a.capacity(), a.capacity()
	s.Phase = v1.NodeRunning
	// The apiserver's node proxy refuses loopback addresses: the node
	// advertises a documentation address that the apiserver's egress
	// selector tunnels to 127.0.0.1 (see config.NodeAddress).
	s.Addresses = []v1.NodeAddress{{Type: v1.NodeInternalIP, Address: a.nodeIP}, {Type: v1.NodeHostName, Address: a.name}}
	s.DaemonEndpoints = v1.NodeDaemonEndpoints{KubeletEndpoint: v1.DaemonEndpoint{Port: int32(a.kubeletPort)}}
	s.NodeInfo = v1.NodeSystemInfo{
		MachineID: a.name, SystemUUID: a.name, BootID: a.name,
		KernelVersion: "bindery", OSImage: "Bindery simulated node",
		ContainerRuntimeVersion: "bindery://0.1.0", KubeletVersion: config.KubeVersion,
		OperatingSystem: "linux", Architecture: n.Labels["kubernetes.io/arch"],
	}
	setNodeCondition(s, v1.NodeReady, v1.ConditionTrue, "KubeletReady", "bindery node agent is posting ready status", now)
	setNodeCondition(s, v1.NodeMemoryPressure, v1.ConditionFalse, "KubeletHasSufficientMemory", "kubelet has sufficient memory available", now)
	setNodeCondition(s, v1.NodeDiskPressure, v1.ConditionFalse, "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now)
	setNodeCondition(s, v1.NodePIDPressure, v1.ConditionFalse, "KubeletHasSufficientPID", "kubelet has sufficient PID available", now)
	// Until the pod informer has synced we do not know what is in use;
	// keep the previous value rather than briefly reporting nothing.
	if inUse, synced := a.inUse(); synced {
		s.VolumesInUse = inUse
	}
}

func setNodeCondition(s *v1.NodeStatus, t v1.NodeConditionType, st v1.ConditionStatus, reason, msg string, now metav1.Time) {
	for i := range s.Conditions {
		c := &s.Conditions[i]
		if c.Type == t {
			if c.Status != st {
				c.LastTransitionTime = now
			}
			c.Status, c.Reason, c.Message, c.LastHeartbeatTime = st, reason, msg, now
			return
		}
	}
	s.Conditions = append(s.Conditions, v1.NodeCondition{Type: t, Status: st, Reason: reason, Message: msg,
		LastHeartbeatTime: now, LastTransitionTime: now})
}
