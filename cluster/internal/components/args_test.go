package components

import (
	"strings"
	"testing"
	"time"

	"github.com/bindery/bindery/cluster/internal/config"
)

func flags(args []string) map[string]string {
	m := map[string]string{}
	for _, a := range args {
		k, v, _ := strings.Cut(strings.TrimPrefix(a, "--"), "=")
		m[k] = v
	}
	return m
}

func testConfig() *config.Config {
	return &config.Config{DataDir: "/data", APIServerPort: 7443, EtcdPort: 42379, EtcdPeerPort: 42380, Nodes: 2, PVSyncPeriod: 15 * time.Second}
}

func TestAPIServerArgs(t *testing.T) {
	f := flags(APIServerArgs(testConfig()))
	want := map[string]string{
		"secure-port":                      "7443",
		"bind-address":                     "127.0.0.1",
		"etcd-servers":                     "http://127.0.0.1:42379",
		"authorization-mode":               "Node,RBAC",
		"client-ca-file":                   "/data/pki/ca.crt",
		"tls-cert-file":                    "/data/pki/apiserver.crt",
		"service-account-key-file":         "/data/pki/sa.pub",
		"service-account-signing-key-file": "/data/pki/sa.key",
		"service-account-issuer":           config.SAIssuer,
		"service-cluster-ip-range":         "10.96.0.0/16",
		"allow-privileged":                 "true",
		"requestheader-client-ca-file":     "/data/pki/front-proxy-ca.crt",
		"proxy-client-cert-file":           "/data/pki/front-proxy-client.crt",
		"kubelet-client-certificate":       "/data/pki/apiserver-kubelet-client.crt",
		"kubelet-preferred-address-types":  "InternalIP,Hostname",
	}
	for k, v := range want {
		if f[k] != v {
			t.Errorf("--%s = %q, want %q", k, f[k], v)
		}
	}
	plugins := f["enable-admission-plugins"]
	for _, p := range []string{"NodeRestriction", "DefaultStorageClass", "StorageObjectInUseProtection", "PersistentVolumeClaimResize", "ResourceQuota", "LimitRanger"} {
		if !strings.Contains(plugins, p) {
			t.Errorf("admission plugin %s missing from %q", p, plugins)
		}
	}
}

func TestControllerManagerArgs(t *testing.T) {
	f := flags(ControllerManagerArgs(testConfig()))
	want := map[string]string{
		"kubeconfig":                       "/data/kubeconfigs/controller-manager.yaml",
		"controllers":                      "*",
		"enable-hostpath-provisioner":      "true",
		"service-account-private-key-file": "/data/pki/sa.key",
		"root-ca-file":                     "/data/pki/ca.crt",
		"use-service-account-credentials":  "true",
		"cluster-signing-cert-file":        "/data/pki/ca.crt",
		"cluster-signing-key-file":         "/data/pki/ca.key",
		"leader-elect":                     "false",
		"pvclaimbinder-sync-period":        "15s",
	}
	for k, v := range want {
		if f[k] != v {
			t.Errorf("--%s = %q, want %q", k, f[k], v)
		}
	}
}

func TestSchedulerArgs(t *testing.T) {
	f := flags(SchedulerArgs(testConfig()))
	if f["kubeconfig"] != "/data/kubeconfigs/scheduler.yaml" || f["leader-elect"] != "false" {
		t.Errorf("scheduler flags = %v", f)
	}
}

func TestEtcdConfig(t *testing.T) {
	cfg, err := EtcdConfig(testConfig())
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Dir != "/data/etcd" || cfg.ListenClientUrls[0].String() != "http://127.0.0.1:42379" ||
		cfg.ListenPeerUrls[0].String() != "http://127.0.0.1:42380" {
		t.Errorf("etcd config: dir=%s client=%v peer=%v", cfg.Dir, cfg.ListenClientUrls, cfg.ListenPeerUrls)
	}
	if err := cfg.Validate(); err != nil {
		t.Errorf("invalid etcd config: %v", err)
	}
}

func TestCSIProcesses(t *testing.T) {
	c := testConfig()
	c.SidecarsDir, c.CSICapacity, c.DriverBinary, c.CSIMaxVolumes = "/bin/sidecars", "10Gi", "/bin/bindery-csi-driver", 3000
	drivers := CSIDriverProcesses(c)
	if len(drivers) != 1+c.Nodes || drivers[0].Exe != "/bin/bindery-csi-driver" {
		t.Fatalf("driver processes = %+v", drivers)
	}
	f := flags(drivers[1].Args)
	if f["mode"] != "node" || f["node-id"] != "bindery-node-1" || f["endpoint"] != "unix:///data/csi/bindery-node-1.sock" ||
		f["capacity"] != "10Gi" || f["data-dir"] != "/data/csi-data" || f["max-volumes"] != "3000" {
		t.Errorf("node plugin flags = %v", f)
	}
	for _, p := range CSISidecarProcesses(c) {
		f := flags(p.Args)
		if p.Exe != "/bin/sidecars/"+p.Name || f["kubeconfig"] != "/data/kubeconfigs/"+p.Name+".yaml" {
			t.Errorf("%s: exe %s, flags %v", p.Name, p.Exe, f)
		}
		if p.Name != "snapshot-controller" && f["csi-address"] != "/data/csi/controller.sock" {
			t.Errorf("%s: csi-address %q", p.Name, f["csi-address"])
		}
		if p.Name == "csi-provisioner" {
			for _, k := range []string{"enable-capacity", "strict-topology", "extra-create-metadata"} {
				if _, ok := f[k]; !ok {
					t.Errorf("provisioner lacks --%s", k)
				}
			}
			if f["capacity-ownerref-level"] != "-1" || len(p.Env) != 1 {
				t.Errorf("provisioner capacity owner: %v %v", f, p.Env)
			}
		}
	}
}
