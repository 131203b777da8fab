package supervisor

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/bindery/bindery/cluster/internal/components"
	"github.com/bindery/bindery/cluster/internal/config"
)

// crdDir holds the snapshot CRDs that cluster.sh copies from the
// external-snapshotter client module (upstream YAML, unmodified).
func crdDir(c *config.Config) string { return filepath.Join(c.SidecarsDir, "crds") }

// applySnapshotCRDs installs the VolumeSnapshot (and group snapshot) CRDs
// before the manifests and the snapshot controller need them.
func applySnapshotCRDs(ctx context.Context, a *adminClients, c *config.Config) error {
	if _, err := os.Stat(crdDir(c)); err != nil {
		return fmt.Errorf("snapshot CRDs missing (%w); build with `bash cluster/cluster.sh up`", err)
	}
	return applyManifests(ctx, a, crdDir(c))
}

// csiProcesses is the CSI stack in start order: driver plugins first, then
// the sidecars that dial the controller plugin's socket.
func csiProcesses(c *config.Config) []components.Process {
	return append(components.CSIDriverProcesses(c), components.CSISidecarProcesses(c)...)
}

// csiRegistered checks that every node's CSINode lists our driver (the node
// agent registers it once the node plugin answered NodeGetInfo).
func (a *adminClients) csiRegistered(ctx context.Context, nodes []string) error {
	for _, n := range nodes {
		cn, err := a.kube.StorageV1().CSINodes().Get(ctx, n, metav1.GetOptions{})
		if err != nil {
			return fmt.Errorf("CSINode %s: %w", n, err)
		}
		found := false
		for _, d := range cn.Spec.Drivers {
			found = found || d.Name == components.CSIDriverName
		}
		if !found {
			return fmt.Errorf("driver %s not registered on node %s yet", components.CSIDriverName, n)
		}
	}
	return nil
}
