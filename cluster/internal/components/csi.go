package components

import (
	"path/filepath"
	"strconv"

	"github.com/bindery/bindery/cluster/internal/config"
)

// CSIDriverName is the name of Bindery's own CSI driver (CSIDriver object,
// provisioner name of its StorageClasses).
const CSIDriverName = "local.csi.bindery.io"

// CSINamespace holds the provisioner's CSIStorageCapacity objects.
const CSINamespace = "kube-system"

// Process is one supervised process of the CSI stack. Exe "" means this
// binary; the driver runs bin/bindery-csi-driver, the sidecars their
// upstream binaries.
type Process struct {
	Name string
	Exe  string
	Args []string
	Env  []string
}

// CSIDriverProcesses are the driver instances: one controller plugin and
// one node plugin per simulated node, like a Deployment plus a DaemonSet.
// They share a data dir (the volumes are directories on this machine).
func CSIDriverProcesses(c *config.Config) []Process {
	common := []string{"--data-dir=" + c.Path("csi-data"), "--capacity=" + c.CSICapacity,
		"--max-volumes=" + strconv.Itoa(c.CSIMaxVolumes)}
	out := []Process{{
		Name: "csi-controller", Exe: c.DriverBinary,
		Args: append([]string{"--mode=controller", "--endpoint=unix://" + c.CSISocket("controller")}, common...),
	}}
	for _, n := range c.NodeNames() {
		out = append(out, Process{
			Name: "csi-node-" + n, Exe: c.DriverBinary,
			Args: append([]string{"--mode=node", "--node-id=" + n,
				"--endpoint=unix://" + c.CSISocket(n)}, common...),
		})
	}
	return out
}

// CSISidecarProcesses are the upstream sidecars and the snapshot controller,
// unmodified, each with its own kubeconfig (RBAC in manifests/15-csi.yaml),
// all talking to the controller plugin's socket.
func CSISidecarProcesses(c *config.Config) []Process {
	sock := "--csi-address=" + c.CSISocket("controller")
	kc := func(name string) string { return "--kubeconfig=" + c.Kubeconfig(name) }
	exe := func(name string) string { return filepath.Join(c.SidecarsDir, name) }
	// A local cluster should recover from a failed call in seconds, not
	// the upstream default of up to 5 minutes.
	retry := []string{"--retry-interval-start=500ms", "--retry-interval-max=10s"}
	// The upstream client default (5 QPS) let the attacher attach ~1 volume every
	// few seconds when hundreds were asked at once; the apiserver is local.
	qps := []string{"--kube-api-qps=50", "--kube-api-burst=100"}
	return []Process{
		{
			Name: "csi-provisioner", Exe: exe("csi-provisioner"),
			Args: append([]string{sock, kc("csi-provisioner"), "--timeout=60s",
				// Only the scheduler's chosen node is passed as requisite
				// topology: a node-local volume must land there.
				"--strict-topology",
				"--extra-create-metadata",
				// CSIStorageCapacity per node and class, for the scheduler.
				// No owner: these processes are not pods.
				"--enable-capacity", "--capacity-ownerref-level=-1", "--capacity-poll-interval=10s",
				"--worker-threads=10", "--v=2"}, append(retry, qps...)...),
			Env: []string{"NAMESPACE=" + CSINamespace},
		},
		{
			Name: "csi-attacher", Exe: exe("csi-attacher"),
			Args: append([]string{sock, kc("csi-attacher"), "--timeout=30s", "--v=2"}, append(retry, qps...)...),
		},
		{
			Name: "csi-resizer", Exe: exe("csi-resizer"),
			Args: append([]string{sock, kc("csi-resizer"), "--timeout=30s", "--extra-modify-metadata", "--v=2"}, retry...),
		},
		{
			Name: "csi-snapshotter", Exe: exe("csi-snapshotter"),
			Args: append([]string{sock, kc("csi-snapshotter"), "--timeout=60s", "--extra-create-metadata", "--v=2"}, retry...),
		},
		{
			Name: "snapshot-controller", Exe: exe("snapshot-controller"),
			Args: append([]string{kc("snapshot-controller"), "--v=2"}, retry...),
		},
	}
}
