package pki

import (
	"crypto/x509"
	"encoding/pem"
	"net"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"k8s.io/client-go/tools/clientcmd"

	"github.com/bindery/bindery/cluster/internal/config"
)

func parse(t *testing.T, certPEM []byte) *x509.Certificate {
	t.Helper()
	b, _ := pem.Decode(certPEM)
	if b == nil {
		t.Fatal("no PEM block")
	}
	c, err := x509.ParseCertificate(b.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestServingCertHasAllSANs(t *testing.T) {
	dir := t.TempDir()
	ca, err := EnsureCA(dir, "ca")
	if err != nil {
		t.Fatal(err)
	}
	c := &config.Config{DataDir: dir, APIServerPort: 6443, Nodes: 2}
	certPEM, _, err := ca.EnsureCert(dir, "apiserver", Identities(c)["apiserver"])
	if err != nil {
		t.Fatal(err)
	}
	cert := parse(t, certPEM)
	for _, dns := range []string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"} {
		if err := cert.VerifyHostname(dns); err != nil {
			t.Errorf("SAN %s: %v", dns, err)
		}
	}
	for _, ip := range []string{"127.0.0.1", "10.96.0.1"} {
		if err := cert.VerifyHostname(ip); err != nil {
			t.Errorf("SAN %s: %v", ip, err)
		}
	}
	pool := x509.NewCertPool()
	pool.AddCert(ca.Cert)
	if _, err := cert.Verify(x509.VerifyOptions{Roots: pool, DNSName: "kubernetes.default.svc"}); err != nil {
		t.Errorf("does not chain to CA: %v", err)
	}
	if !slices.Contains(cert.ExtKeyUsage, x509.ExtKeyUsageServerAuth) {
		t.Error("missing server auth usage")
	}
}

func TestCertsAreReusedAndReissuedOnChange(t *testing.T) {
	dir := t.TempDir()
	ca, _ := EnsureCA(dir, "ca")
	spec := Spec{CommonName: "system:node:n1", Organization: []string{"system:nodes"}}
	first, _, err := ca.EnsureCert(dir, "node", spec)
	if err != nil {
		t.Fatal(err)
	}
	again, _, _ := ca.EnsureCert(dir, "node", spec)
	if string(first) != string(again) {
		t.Error("unchanged spec must reuse the certificate")
	}
	spec.IPs = []net.IP{net.ParseIP("127.0.0.1").To4()}
	changed, _, _ := ca.EnsureCert(dir, "node", spec)
	if string(first) == string(changed) {
		t.Error("changed spec must reissue the certificate")
	}
	cert := parse(t, changed)
	if cert.Subject.CommonName != "system:node:n1" || !slices.Equal(cert.Subject.Organization, []string{"system:nodes"}) {
		t.Errorf("subject = %v", cert.Subject)
	}
	// The CA itself must survive a reload (data survives down/up).
	ca2, err := EnsureCA(dir, "ca")
	if err != nil || !ca2.Cert.Equal(ca.Cert) {
		t.Errorf("CA not reused: %v", err)
	}
}

func TestEnsureAllWritesKubeconfigs(t *testing.T) {
	dir := t.TempDir()
	c := &config.Config{DataDir: dir, APIServerPort: 6443, Nodes: 2}
	if err := EnsureAll(c); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"sa.key", "sa.pub", "ca.crt", "ca.key", "node-bindery-node-2.crt", "front-proxy-ca.crt", "front-proxy-client.key"} {
		if _, err := os.Stat(filepath.Join(dir, "pki", f)); err != nil {
			t.Error(err)
		}
	}
	kc, err := clientcmd.LoadFromFile(c.AdminKubeconfig())
	if err != nil {
		t.Fatal(err)
	}
	ctx := kc.Contexts[kc.CurrentContext]
	if kc.Clusters[ctx.Cluster].Server != "https://127.0.0.1:6443" || len(kc.Clusters[ctx.Cluster].CertificateAuthorityData) == 0 {
		t.Errorf("cluster = %+v", kc.Clusters[ctx.Cluster])
	}
	cert := parse(t, kc.AuthInfos[ctx.AuthInfo].ClientCertificateData)
	if cert.Subject.CommonName != "bindery-admin" || cert.Subject.Organization[0] != "system:masters" {
		t.Errorf("admin subject = %v", cert.Subject)
	}
	for _, n := range []string{"controller-manager", "scheduler", "node-bindery-node-1"} {
		if _, err := clientcmd.LoadFromFile(c.Kubeconfig(n)); err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
}
