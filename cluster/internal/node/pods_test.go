package node

import (
	"testing"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/utils/ptr"
)

func TestClaimVolume(t *testing.T) {
	pod := &v1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web-0", Namespace: "team-a"}}
	for _, tc := range []struct {
		name      string
		vol       v1.Volume
		claim     string
		ephemeral bool
	}{
		{"claim", v1.Volume{Name: "data", VolumeSource: v1.VolumeSource{PersistentVolumeClaim: &v1.PersistentVolumeClaimVolumeSource{ClaimName: "db"}}}, "db", false},
		{"generic ephemeral", v1.Volume{Name: "scratch", VolumeSource: v1.VolumeSource{Ephemeral: &v1.EphemeralVolumeSource{}}}, "web-0-scratch", true},
		{"emptyDir", v1.Volume{Name: "tmp", VolumeSource: v1.VolumeSource{EmptyDir: &v1.EmptyDirVolumeSource{}}}, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, eph := claimVolume(pod, tc.vol)
			claim := ""
			if got.PersistentVolumeClaim != nil {
				claim = got.PersistentVolumeClaim.ClaimName
			}
			if claim != tc.claim || eph != tc.ephemeral || got.Name != tc.vol.Name {
				t.Fatalf("claimVolume = %q (ephemeral %v, name %q), want %q (%v)", claim, eph, got.Name, tc.claim, tc.ephemeral)
			}
		})
	}
}

func TestOwnedEphemeral(t *testing.T) {
	pod := &v1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web-0", Namespace: "team-a", UID: types.UID("pod-uid")}}
	owner := func(uid string, controller bool) []metav1.OwnerReference {
		return []metav1.OwnerReference{{APIVersion: "v1", Kind: "Pod", Name: "web-0", UID: types.UID(uid), Controller: ptr.To(controller)}}
	}
	for _, tc := range []struct {
		name   string
		owners []metav1.OwnerReference
		ok     bool
	}{
		{"made for this pod", owner("pod-uid", true), true},
		{"an older pod of the same name", owner("old-uid", true), false},
		{"owned but not controlled", owner("pod-uid", false), false},
		{"a claim someone created by hand", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pvc := &v1.PersistentVolumeClaim{ObjectMeta: metav1.ObjectMeta{Name: "web-0-scratch", Namespace: "team-a", OwnerReferences: tc.owners}}
			if err := ownedEphemeral(pvc, pod); (err == nil) != tc.ok {
				t.Fatalf("ownedEphemeral = %v, want ok=%v", err, tc.ok)
			}
		})
	}
}
