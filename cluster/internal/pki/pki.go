// Package pki generates the cluster's certificates once and keeps them in
// $DATA/pki, so the cluster's identity (and etcd data encrypted to nothing
// but signed tokens) survives down/up. Leaf certificates are re-issued when
// they are missing, expiring, or their identity/SANs no longer match.
package pki

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"slices"
	"time"
)

const (
	caValidity   = 10 * 365 * 24 * time.Hour
	leafValidity = 2 * 365 * 24 * time.Hour
	renewBefore  = 30 * 24 * time.Hour
)

// CA is a loaded certificate authority.
type CA struct {
	Cert    *x509.Certificate
	Key     crypto.Signer
	CertPEM []byte
}

// Spec describes a leaf certificate.
type Spec struct {
	CommonName   string
	Organization []string
	DNSNames     []string
	IPs          []net.IP
	Server       bool // serving cert (ExtKeyUsageServerAuth) in addition to client auth
	NoKubeconfig bool // EnsureAll writes no kubeconfig for it
}

// EnsureCA loads dir/<name>.{crt,key} or creates them.
func EnsureCA(dir, name string) (*CA, error) {
	certPath, keyPath := filepath.Join(dir, name+".crt"), filepath.Join(dir, name+".key")
	if cert, key, certPEM, err := load(certPath, keyPath); err == nil {
		if time.Until(cert.NotAfter) > renewBefore {
			return &CA{Cert: cert, Key: key, CertPEM: certPEM}, nil
		}
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: "bindery-" + name},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(caValidity),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, err
	}
	if err := write(certPath, keyPath, der, key); err != nil {
		return nil, err
	}
	cert, _ := x509.ParseCertificate(der)
	return &CA{Cert: cert, Key: key, CertPEM: pemCert(der)}, nil
}

// EnsureCert loads dir/name.{crt,key} if still valid for spec, else issues a new one.
func (ca *CA) EnsureCert(dir, name string, spec Spec) (certPEM, keyPEM []byte, err error) {
	certPath, keyPath := filepath.Join(dir, name+".crt"), filepath.Join(dir, name+".key")
	if cert, _, _, err := load(certPath, keyPath); err == nil && ca.matches(cert, spec) {
		return readPair(certPath, keyPath)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	usages := []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
	if spec.Server {
		usages = append(usages, x509.ExtKeyUsageServerAuth)
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: spec.CommonName, Organization: spec.Organization},
		DNSNames:     spec.DNSNames,
		IPAddresses:  spec.IPs,
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(leafValidity),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:  usages,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Cert, key.Public(), ca.Key)
	if err != nil {
		return nil, nil, err
	}
	if err := write(certPath, keyPath, der, key); err != nil {
		return nil, nil, err
	}
	return readPair(certPath, keyPath)
}

// matches reports whether an existing cert can be reused for spec.
func (ca *CA) matches(c *x509.Certificate, spec Spec) bool {
	if c.CheckSignatureFrom(ca.Cert) != nil || time.Until(c.NotAfter) < renewBefore {
		return false
	}
	if c.Subject.CommonName != spec.CommonName || !slices.Equal(c.Subject.Organization, spec.Organization) {
		return false
	}
	if !slices.Equal(c.DNSNames, spec.DNSNames) || len(c.IPAddresses) != len(spec.IPs) {
		return false
	}
	for i := range spec.IPs {
		if !c.IPAddresses[i].Equal(spec.IPs[i]) {
			return false
		}
	}
	return true
}

// EnsureServiceAccountKey creates the RSA key pair used to sign
// service-account tokens (sa.key private, sa.pub public).
func EnsureServiceAccountKey(dir string) error {
	keyPath, pubPath := filepath.Join(dir, "sa.key"), filepath.Join(dir, "sa.pub")
	if fileExists(keyPath) && fileExists(pubPath) {
		return nil
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	pub, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return err
	}
	priv := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	if err := os.WriteFile(keyPath, priv, 0o600); err != nil {
		return err
	}
	return os.WriteFile(pubPath, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}), 0o644)
}

func load(certPath, keyPath string) (*x509.Certificate, crypto.Signer, []byte, error) {
	certPEM, keyPEM, err := readPair(certPath, keyPath)
	if err != nil {
		return nil, nil, nil, err
	}
	cb, _ := pem.Decode(certPEM)
	kb, _ := pem.Decode(keyPEM)
	if cb == nil || kb == nil {
		return nil, nil, nil, errors.New("invalid PEM")
	}
	cert, err := x509.ParseCertificate(cb.Bytes)
	if err != nil {
		return nil, nil, nil, err
	}
	key, err := x509.ParseECPrivateKey(kb.Bytes)
	if err != nil {
		return nil, nil, nil, err
	}
	if !bytes.Equal(mustPub(key), mustPubOf(cert)) {
		return nil, nil, nil, fmt.Errorf("%s does not match %s", keyPath, certPath)
	}
	return cert, key, certPEM, nil
}

func mustPub(k *ecdsa.PrivateKey) []byte   { b, _ := x509.MarshalPKIXPublicKey(k.Public()); return b }
func mustPubOf(c *x509.Certificate) []byte { b, _ := x509.MarshalPKIXPublicKey(c.PublicKey); return b }

func readPair(certPath, keyPath string) ([]byte, []byte, error) {
	c, err := os.ReadFile(certPath)
	if err != nil {
		return nil, nil, err
	}
	k, err := os.ReadFile(keyPath)
	return c, k, err
}

func write(certPath, keyPath string, der []byte, key *ecdsa.PrivateKey) error {
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(certPath), 0o700); err != nil {
		return err
	}
	// Key first: a crash between the two writes leaves a mismatched pair,
	// which load() detects and regenerates.
	if err := os.WriteFile(keyPath, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600); err != nil {
		return err
	}
	return os.WriteFile(certPath, pemCert(der), 0o644)
}

func pemCert(der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

func serial() *big.Int {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	return n
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }
