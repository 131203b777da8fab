package node

import (
	"testing"

	v1 "k8s.io/api/core/v1"
	"k8s.io/utils/ptr"
)

func TestRunningPodStatus(t *testing.T) {
	pod := &v1.Pod{Spec: v1.PodSpec{
		InitContainers: []v1.Container{
			{Name: "migrate", Image: "busybox"},
			{Name: "sidecar", Image: "envoy", RestartPolicy: ptr.To(v1.ContainerRestartPolicyAlways)},
		},
		Containers: []v1.Container{{Name: "app", Image: "nginx"}},
	}}
	p := runningPod(pod, "10.244.1.7")
	s := p.Status
	if s.Phase != v1.PodRunning || s.PodIP != "10.244.1.7" || s.HostIP != "127.0.0.1" || s.StartTime == nil {
		t.Fatalf("status = %+v", s)
	}
	want := []v1.PodConditionType{v1.PodScheduled, v1.PodReadyToStartContainers, v1.PodInitialized, v1.ContainersReady, v1.PodReady}
	for _, ct := range want {
		found := false
		for _, c := range s.Conditions {
			found = found || (c.Type == ct && c.Status == v1.ConditionTrue)
		}
		if !found {
			t.Errorf("condition %s not True", ct)
		}
	}
	if s.InitContainerStatuses[0].State.Terminated == nil || s.InitContainerStatuses[1].State.Running == nil {
		t.Errorf("init statuses = %+v", s.InitContainerStatuses)
	}
	if c := s.ContainerStatuses[0]; !c.Ready || c.State.Running == nil || c.ContainerID == "" {
		t.Errorf("container status = %+v", c)
	}
	if pod.Status.Phase != "" {
		t.Error("input pod must not be modified")
	}
}
