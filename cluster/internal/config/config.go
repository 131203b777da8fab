// Package config resolves the on-disk layout and ports shared by every
// bindery-cluster subcommand. Everything is derived from environment
// variables so that re-exec'ed children see exactly what the supervisor saw.
package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// Config is the resolved cluster layout.
type Config struct {
	DataDir       string // $DATA, survives down/up; wiped by reset
	ManifestsDir  string // bootstrap manifests (cluster/manifests)
	APIServerPort int
	EtcdPort      int
	EtcdPeerPort  int
	KCMPort       int // controller-manager secure port
	SchedulerPort int
	Nodes         int
	// KubeletPortBase: node N serves its kubelet API (stats) on base+N-1.
	KubeletPortBase int
	// SidecarsDir holds the upstream CSI sidecar binaries and the snapshot
	// CRDs (built/copied by cluster.sh from cluster/sidecars).
	SidecarsDir string
	CSICapacity string // capacity of each node's CSI storage, e.g. 100Gi
	// CSIMaxVolumes: volumes each node may attach (the driver's attach limit;
	// raised by benchmarks that mount thousands of claims).
	CSIMaxVolumes int
	// VolumeStatsPeriod: how often node agents re-measure each mounted
	// volume for their stats endpoints (0: kubeletstats.DefaultPeriod, 2 s).
	VolumeStatsPeriod time.Duration
	// PVSyncPeriod: the controller-manager's PV binder resync. Pending claims
	// bind to PVs created after them only on a resync, so the dev default is
	// short (2 s); each resync matches every pending claim against every PV,
	// so benchmarks seeding 10k of both set Kubernetes' default (15s).
	PVSyncPeriod time.Duration
	// DriverBinary is the CSI driver (cmd/bindery-csi-driver), next to this binary.
	DriverBinary string
}

// Fixed cluster parameters (the brief's contract).
const (
	ServiceCIDR     = "10.96.0.0/16"
	ServiceIP       = "10.96.0.1"
	SAIssuer        = "https://kubernetes.default.svc.cluster.local"
	KubeVersion     = "v1.37.2"
	NodeNamePrefix  = "bindery-node-"
	AdminUser       = "bindery-admin"
	PortalNamespace = "bindery-system"
	PortalSA        = "bindery"
	PortalSecret    = "bindery-token"
)

// Load reads the environment. The default data dir is <repo>/.cluster, found
// relative to the binary (<repo>/cluster/bin/bindery-cluster) so the
// binary works from any working directory.
func Load() (*Config, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	exe, _ = filepath.EvalSymlinks(exe)
	clusterDir := filepath.Dir(filepath.Dir(exe)) // .../cluster
	c := &Config{
		DataDir:         envOr("BINDERY_CLUSTER_DIR", filepath.Join(filepath.Dir(clusterDir), ".cluster")),
		ManifestsDir:    envOr("BINDERY_MANIFESTS_DIR", filepath.Join(clusterDir, "manifests")),
		APIServerPort:   6443,
		EtcdPort:        32379,
		EtcdPeerPort:    32380,
		KCMPort:         10257,
		SchedulerPort:   10259,
		Nodes:           2,
		KubeletPortBase: 10250,
		SidecarsDir:     envOr("BINDERY_SIDECARS_DIR", filepath.Join(filepath.Dir(exe), "sidecars")),
		CSICapacity:     envOr("BINDERY_CSI_CAPACITY", "100Gi"),
		CSIMaxVolumes:   64,
		PVSyncPeriod:    2 * time.Second,
		DriverBinary:    filepath.Join(filepath.Dir(exe), "bindery-csi-driver"),
	}
	for name, dst := range map[string]*int{
		"BINDERY_APISERVER_PORT":    &c.APIServerPort,
		"BINDERY_ETCD_PORT":         &c.EtcdPort,
		"BINDERY_ETCD_PEER_PORT":    &c.EtcdPeerPort,
		"BINDERY_KCM_PORT":          &c.KCMPort,
		"BINDERY_SCHEDULER_PORT":    &c.SchedulerPort,
		"BINDERY_NODES":             &c.Nodes,
		"BINDERY_KUBELET_PORT_BASE": &c.KubeletPortBase,
		"BINDERY_CSI_MAX_VOLUMES":   &c.CSIMaxVolumes,
	} {
		if v := os.Getenv(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > 65535 {
				return nil, fmt.Errorf("%s=%q is not a valid number", name, v)
			}
			*dst = n
		}
	}
	for name, dst := range map[string]*time.Duration{
		"BINDERY_VOLUME_STATS_PERIOD": &c.VolumeStatsPeriod,
		"BINDERY_PV_SYNC_PERIOD":      &c.PVSyncPeriod,
	} {
		if v := os.Getenv(name); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return nil, fmt.Errorf("%s=%q is not a positive duration (e.g. 2s)", name, v)
			}
			*dst = d
		}
	}
	if c.DataDir, err = filepath.Abs(c.DataDir); err != nil {
		return nil, err
	}
	return c, nil
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// Paths under $DATA.
func (c *Config) Path(parts ...string) string {
	return filepath.Join(append([]string{c.DataDir}, parts...)...)
}
func (c *Config) PKI(name string) string        { return c.Path("pki", name) }
func (c *Config) Kubeconfig(name string) string { return c.Path("kubeconfigs", name+".yaml") }
func (c *Config) LogFile(component string) string {
	return c.Path("logs", component+".log")
}
func (c *Config) PidFile() string { return c.Path("supervisor.pid") }

// AdminKubeconfig and PortalKubeconfig are the user-facing outputs.
func (c *Config) AdminKubeconfig() string  { return c.Path("kubeconfig-admin.yaml") }
func (c *Config) PortalKubeconfig() string { return c.Path("kubeconfig-portal.yaml") }

// Server is the apiserver URL every client uses.
func (c *Config) Server() string { return fmt.Sprintf("https://127.0.0.1:%d", c.APIServerPort) }
func (c *Config) EtcdURL() string {
	return fmt.Sprintf("http://127.0.0.1:%d", c.EtcdPort)
}

// KubeletPort is the kubelet API port of node index i (1-based).
func (c *Config) KubeletPort(i int) int { return c.KubeletPortBase + i - 1 }

// CSISocket is the unix socket of the CSI driver instance `name`
// ("controller" or a node name). Kept short: unix paths max 107 bytes.
func (c *Config) CSISocket(name string) string { return c.Path("csi", name+".sock") }

// NodeDir is a node's kubelet root (pods/, plugins/ like /var/lib/kubelet).
func (c *Config) NodeDir(node string) string { return c.Path("nodes", node) }

// NodeAddress is node i's (1-based) advertised InternalIP: an address of
// the TEST-NET-2 documentation range, never dialled. The apiserver refuses
// to proxy to loopback, so nodes advertise this and its egress selector
// tunnels through the supervisor's CONNECT proxy, which maps
// NodeAddress(i):port to 127.0.0.1:port and nothing else.
func NodeAddress(i int) string { return fmt.Sprintf("198.51.100.%d", i) }

// EgressSocket is the unix socket of that CONNECT proxy.
func (c *Config) EgressSocket() string { return c.Path("run", "egress.sock") }

// NodeNames returns bindery-node-1..N.
func (c *Config) NodeNames() []string {
	var out []string
	for i := 1; i <= c.Nodes; i++ {
		out = append(out, fmt.Sprintf("%s%d", NodeNamePrefix, i))
	}
	return out
}
