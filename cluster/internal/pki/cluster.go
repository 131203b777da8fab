package pki

import (
	"fmt"
	"net"

	"github.com/bindery/bindery/cluster/internal/config"
)

// CSISidecars are the upstream CSI sidecar processes (binary names).
var CSISidecars = []string{"csi-provisioner", "csi-attacher", "csi-resizer", "csi-snapshotter", "snapshot-controller"}

// Identities returns every client/serving identity the cluster needs, keyed
// by file name under $DATA/pki. The subjects are what RBAC and the Node
// authorizer key on, so they must stay exactly like this.
func Identities(c *config.Config) map[string]Spec {
	ids := map[string]Spec{
		"apiserver": {
			CommonName: "kube-apiserver",
			DNSNames: []string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
				"kubernetes.default.svc.cluster.local"},
			IPs:    []net.IP{net.ParseIP("127.0.0.1").To4(), net.ParseIP(config.ServiceIP).To4()},
			Server: true,
		},
		"admin":              {CommonName: config.AdminUser, Organization: []string{"system:masters"}},
		"controller-manager": {CommonName: "system:kube-controller-manager"},
		"scheduler":          {CommonName: "system:kube-scheduler"},
	}
	// The upstream CSI sidecars, each its own user bound in 15-csi.yaml.
	for _, s := range CSISidecars {
		ids[s] = Spec{CommonName: "bindery:" + s}
	}
	// The apiserver's client identity towards the node agents' kubelet API
	// (node proxy, stats), as kubeadm's apiserver-kubelet-client.
	ids["apiserver-kubelet-client"] = Spec{CommonName: "kube-apiserver-kubelet-client",
		Organization: []string{"system:masters"}, NoKubeconfig: true}
	for i, n := range c.NodeNames() {
		ips := []net.IP{net.ParseIP(config.NodeAddress(i + 1)).To4(), net.ParseIP("127.0.0.1").To4()}
		ids["node-"+n] = Spec{CommonName: "system:node:" + n, Organization: []string{"system:nodes"}}
		// Serving certificate of the node's kubelet API, like kubelet's own.
		ids["kubelet-"+n] = Spec{CommonName: "system:node:" + n, Organization: []string{"system:nodes"},
			DNSNames: []string{n}, IPs: ips, Server: true, NoKubeconfig: true}
	}
	return ids
}

// EnsureAll creates/refreshes the CA, the service-account key, every
// identity's certificate and the internal kubeconfigs of the components.
func EnsureAll(c *config.Config) error {
	dir := c.Path("pki")
	ca, err := EnsureCA(dir, "ca")
	if err != nil {
		return fmt.Errorf("CA: %w", err)
	}
	// Separate CA for the aggregation layer's request-header auth (as
	// kubeadm does): a normal client cert must never be able to assert
	// X-Remote-User headers.
	fp, err := EnsureCA(dir, "front-proxy-ca")
	if err != nil {
		return fmt.Errorf("front-proxy CA: %w", err)
	}
	if _, _, err := fp.EnsureCert(dir, "front-proxy-client", Spec{CommonName: "front-proxy-client"}); err != nil {
		return fmt.Errorf("front-proxy client: %w", err)
	}
	if err := EnsureServiceAccountKey(dir); err != nil {
		return fmt.Errorf("service-account key: %w", err)
	}
	for name, spec := range Identities(c) {
		certPEM, keyPEM, err := ca.EnsureCert(dir, name, spec)
		if err != nil {
			return fmt.Errorf("certificate %s: %w", name, err)
		}
		if name == "apiserver" || spec.NoKubeconfig {
			continue // serving cert or apiserver identity, no kubeconfig
		}
		path := c.Kubeconfig(name)
		if name == "admin" {
			path = c.AdminKubeconfig()
		}
		creds := Credentials{CertPEM: certPEM, KeyPEM: keyPEM}
		if err := WriteKubeconfig(path, c.Server(), spec.CommonName, ca.CertPEM, creds); err != nil {
			return fmt.Errorf("kubeconfig %s: %w", name, err)
		}
	}
	return nil
}
