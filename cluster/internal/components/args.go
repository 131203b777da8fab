// Package components builds the command lines of the upstream Kubernetes
// components and runs them in-process (each in its own OS process, started
// by the supervisor). The argument builders are pure so they can be tested.
package components

import (
	"fmt"
	"strings"

	"github.com/bindery/bindery/cluster/internal/config"
)

// AdmissionPlugins are enabled on top of the apiserver defaults; the storage
// ones are what the portal exercises (default class, in-use protection,
// resize, quota, limit ranges).
var AdmissionPlugins = []string{
	"NamespaceLifecycle", "LimitRanger", "ServiceAccount", "DefaultStorageClass",
	"StorageObjectInUseProtection", "PersistentVolumeClaimResize", "ResourceQuota",
	"DefaultTolerationSeconds", "NodeRestriction",
}

// APIServerArgs returns the kube-apiserver flags.
func APIServerArgs(c *config.Config) []string {
	return []string{
		"--etcd-servers=" + c.EtcdURL(),
		fmt.Sprintf("--secure-port=%d", c.APIServerPort),
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		// Endpoints may not point at loopback, so the default reconciler
		// would fail forever; nothing in-cluster dials the apiserver via
		// its service IP anyway (there is no pod network).
		"--endpoint-reconciler-type=none",
		"--tls-cert-file=" + c.PKI("apiserver.crt"),
		"--tls-private-key-file=" + c.PKI("apiserver.key"),
		"--client-ca-file=" + c.PKI("ca.crt"),
		"--authorization-mode=Node,RBAC",
		"--requestheader-client-ca-file=" + c.PKI("front-proxy-ca.crt"),
		"--requestheader-allowed-names=front-proxy-client",
		"--requestheader-username-headers=X-Remote-User",
		"--requestheader-group-headers=X-Remote-Group",
		"--requestheader-extra-headers-prefix=X-Remote-Extra-",
		"--proxy-client-cert-file=" + c.PKI("front-proxy-client.crt"),
		"--proxy-client-key-file=" + c.PKI("front-proxy-client.key"),
		"--enable-admission-plugins=" + strings.Join(AdmissionPlugins, ","),
		"--service-account-issuer=" + config.SAIssuer,
		"--service-account-key-file=" + c.PKI("sa.pub"),
		"--service-account-signing-key-file=" + c.PKI("sa.key"),
		"--service-cluster-ip-range=" + config.ServiceCIDR,
		"--allow-privileged=true",
		// Node proxy (/api/v1/nodes/N/proxy/stats/summary) reaches the node
		// agents' kubelet API over mutual TLS, as in a real cluster.
		"--kubelet-client-certificate=" + c.PKI("apiserver-kubelet-client.crt"),
		"--kubelet-client-key=" + c.PKI("apiserver-kubelet-client.key"),
		"--kubelet-certificate-authority=" + c.PKI("ca.crt"),
		"--kubelet-preferred-address-types=InternalIP,Hostname",
		// ...through the supervisor's CONNECT proxy (nodes advertise
		// non-loopback addresses that are never dialled).
		"--egress-selector-config-file=" + c.Path("egress-selector.yaml"),
		"--profiling=false",
		"--v=1",
	}
}

// ControllerManagerArgs returns the kube-controller-manager flags.
func ControllerManagerArgs(c *config.Config) []string {
	kc := c.Kubeconfig("controller-manager")
	return []string{
		"--kubeconfig=" + kc,
		"--authentication-kubeconfig=" + kc,
		"--authorization-kubeconfig=" + kc,
		"--bind-address=127.0.0.1",
		fmt.Sprintf("--secure-port=%d", c.KCMPort),
		"--controllers=*",
		// In-tree hostPath provisioner: PVs under /tmp/hostpath_pv/<uuid>,
		// provisioner name kubernetes.io/host-path (dev/test only).
		"--enable-hostpath-provisioner=true",
		"--service-account-private-key-file=" + c.PKI("sa.key"),
		"--root-ca-file=" + c.PKI("ca.crt"),
		"--use-service-account-credentials=true",
		"--cluster-signing-cert-file=" + c.PKI("ca.crt"),
		"--cluster-signing-key-file=" + c.PKI("ca.key"),
		"--service-cluster-ip-range=" + config.ServiceCIDR,
		"--leader-elect=false",
		// Fast binding feedback for the portal (config.PVSyncPeriod).
		"--pvclaimbinder-sync-period=" + c.PVSyncPeriod.String(),
		"--node-monitor-period=2s",
		"--profiling=false",
		"--v=1",
	}
}

// SchedulerArgs returns the kube-scheduler flags.
func SchedulerArgs(c *config.Config) []string {
	kc := c.Kubeconfig("scheduler")
	return []string{
		"--kubeconfig=" + kc,
		"--authentication-kubeconfig=" + kc,
		"--authorization-kubeconfig=" + kc,
		"--bind-address=127.0.0.1",
		fmt.Sprintf("--secure-port=%d", c.SchedulerPort),
		"--leader-elect=false",
		"--profiling=false",
		"--v=1",
	}
}
