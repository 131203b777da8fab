package pki

import (
	"os"
	"path/filepath"

	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// Credentials of a kubeconfig user: either a client cert or a bearer token.
type Credentials struct {
	CertPEM, KeyPEM []byte
	Token           string
}

// WriteKubeconfig writes a single-context kubeconfig with the CA embedded so
// the file is self-contained (the portal can copy it anywhere). The write is
// atomic: readers never see a half-written file.
func WriteKubeconfig(path, server, user string, caPEM []byte, creds Credentials) error {
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters["bindery"] = &clientcmdapi.Cluster{Server: server, CertificateAuthorityData: caPEM}
	cfg.AuthInfos[user] = &clientcmdapi.AuthInfo{
		ClientCertificateData: creds.CertPEM,
		ClientKeyData:         creds.KeyPEM,
		Token:                 creds.Token,
	}
	cfg.Contexts["bindery"] = &clientcmdapi.Context{Cluster: "bindery", AuthInfo: user}
	cfg.CurrentContext = "bindery"
	data, err := clientcmd.Write(*cfg)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
