// Package csisanity runs csi-sanity against the driver. It is its own
// module because csi-test v5.6.0 needs CSI spec 1.13 and a newer grpc than
// the control plane's k8s.io/kubernetes v1.37.2 pins; bumping those in the
// cluster module would force a cold rebuild of the whole control plane.
package csisanity

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/bindery/bindery/cluster/internal/csidriver"
	"github.com/kubernetes-csi/csi-test/v5/pkg/sanity"
	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"
	"github.com/onsi/gomega"
)

// TestSanity runs the upstream csi-sanity suite against the driver as the
// cluster deploys it: a controller instance and a node instance, each on
// its own unix socket, sharing one data directory (and its state file).
func TestSanity(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	node := serve(t, csidriver.Options{Endpoint: "unix://" + filepath.Join(dir, "node.sock"), NodeID: "sanity-node",
		DataDir: data, Capacity: 1 << 40, MaxVolumes: 4, Mode: csidriver.ModeNode})
	controller := serve(t, csidriver.Options{Endpoint: "unix://" + filepath.Join(dir, "controller.sock"),
		DataDir: data, Mode: csidriver.ModeController})

	cfg := sanity.NewTestConfig()
	cfg.Address = node
	cfg.ControllerAddress = controller
	cfg.TargetPath = filepath.Join(dir, "target")
	cfg.StagingPath = filepath.Join(dir, "staging")
	cfg.TestVolumeSize = 10 << 20
	cfg.TestVolumeMutableParameters = map[string]string{csidriver.ParamTier: "fast"}
	cfg.TestNodeVolumeAttachLimit = true
	cfg.IdempotentCount = 3

	sc := sanity.GinkgoTest(&cfg)
	ginkgo.ReportAfterSuite("csi-sanity summary", func(r ginkgo.Report) {
		counts := map[types.SpecState]int{}
		for _, s := range r.SpecReports {
			if s.LeafNodeType == types.NodeTypeIt {
				counts[s.State]++
			}
		}
		fmt.Printf("\ncsi-sanity: %d passed, %d skipped, %d failed, %d pending\n",
			counts[types.SpecStatePassed], counts[types.SpecStateSkipped],
			counts[types.SpecStateFailed]+counts[types.SpecStatePanicked], counts[types.SpecStatePending])
	})
	gomega.RegisterFailHandler(ginkgo.Fail)
	ginkgo.RunSpecs(t, "CSI sanity: "+csidriver.DriverName)
	sc.Finalize()
}

// serve starts one driver instance and returns its socket path.
func serve(t *testing.T, opts csidriver.Options) string {
	t.Helper()
	d, err := csidriver.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	lis, err := d.Listen()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.ServeOn(ctx, lis) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return lis.Addr().String()
}
