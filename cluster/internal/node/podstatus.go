package node

import (
	"context"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

// runningPod returns a copy of pod with the status kubelet reports once all
// containers started. Init containers are reported as completed (sidecars,
// i.e. init containers with restartPolicy Always, as running).
func runningPod(pod *v1.Pod, ip string) *v1.Pod {
	p := pod.DeepCopy()
	now := metav1.Now()
	s := &p.Status
	s.Phase = v1.PodRunning
	s.Reason, s.Message = "", ""
	s.HostIP, s.HostIPs = "127.0.0.1", []v1.HostIP{{IP: "127.0.0.1"}}
	s.PodIP, s.PodIPs = ip, []v1.PodIP{{IP: ip}}
	if s.StartTime == nil {
		s.StartTime = &now
	}
	for _, t := range []v1.PodConditionType{v1.PodScheduled, v1.PodReadyToStartContainers, v1.PodInitialized, v1.ContainersReady, v1.PodReady} {
		setPodCondition(s, t, v1.ConditionTrue, "", now)
	}
	s.InitContainerStatuses = nil
	for _, c := range pod.Spec.InitContainers {
		st := containerStatus(pod, c, now)
		if c.RestartPolicy == nil || *c.RestartPolicy != v1.ContainerRestartPolicyAlways {
			st.Ready, st.Started = false, ptr.To(false)
			st.State = v1.ContainerState{Terminated: &v1.ContainerStateTerminated{
				ExitCode: 0, Reason: "Completed", StartedAt: now, FinishedAt: now, ContainerID: st.ContainerID}}
		}
		s.InitContainerStatuses = append(s.InitContainerStatuses, st)
	}
	s.ContainerStatuses = nil
	for _, c := range pod.Spec.Containers {
		s.ContainerStatuses = append(s.ContainerStatuses, containerStatus(pod, c, now))
	}
	return p
}

func containerStatus(pod *v1.Pod, c v1.Container, now metav1.Time) v1.ContainerStatus {
	return v1.ContainerStatus{
		Name: c.Name, Image: c.Image, ImageID: "bindery://sha256:" + fakeID(c.Image),
		ContainerID: "bindery://" + fakeID(string(pod.UID), c.Name),
		Ready:       true, Started: ptr.To(true),
		State: v1.ContainerState{Running: &v1.ContainerStateRunning{StartedAt: now}},
	}
}

// markContainerCreating reports a pod stuck on volume setup the way kubelet
// does (Pending, containers waiting in ContainerCreating); written once.
func (a *Agent) markContainerCreating(ctx context.Context, pod *v1.Pod) error {
	if len(pod.Status.ContainerStatuses) > 0 {
		return nil
	}
	p := pod.DeepCopy()
	now := metav1.Now()
	s := &p.Status
	s.Phase = v1.PodPending
	s.HostIP, s.HostIPs = "127.0.0.1", []v1.HostIP{{IP: "127.0.0.1"}}
	if s.StartTime == nil {
		s.StartTime = &now
	}
	setPodCondition(s, v1.PodScheduled, v1.ConditionTrue, "", now)
	setPodCondition(s, v1.PodReadyToStartContainers, v1.ConditionFalse, "", now)
	setPodCondition(s, v1.PodInitialized, v1.ConditionTrue, "", now)
	setPodCondition(s, v1.ContainersReady, v1.ConditionFalse, "ContainersNotReady", now)
	setPodCondition(s, v1.PodReady, v1.ConditionFalse, "ContainersNotReady", now)
	for _, c := range pod.Spec.Containers {
		s.ContainerStatuses = append(s.ContainerStatuses, v1.ContainerStatus{
			Name: c.Name, Image: c.Image, Started: ptr.To(false),
			State: v1.ContainerState{Waiting: &v1.ContainerStateWaiting{Reason: "ContainerCreating"}},
		})
	}
	_, err := a.client.CoreV1().Pods(pod.Namespace).UpdateStatus(ctx, p, metav1.UpdateOptions{})
	return err
}

func setPodCondition(s *v1.PodStatus, t v1.PodConditionType, st v1.ConditionStatus, reason string, now metav1.Time) {
	for i := range s.Conditions {
		c := &s.Conditions[i]
		if c.Type == t {
			if c.Status != st {
				c.LastTransitionTime = now
			}
			c.Status, c.Reason = st, reason
			return
		}
	}
	s.Conditions = append(s.Conditions, v1.PodCondition{Type: t, Status: st, Reason: reason, LastTransitionTime: now})
}
