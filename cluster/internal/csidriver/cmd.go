package csidriver

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"k8s.io/apimachinery/pkg/api/resource"
)

// Main runs the `csi-driver` subcommand: parse flags, serve until SIGTERM.
func Main(args []string) error {
	fs := flag.NewFlagSet("csi-driver", flag.ContinueOnError)
	endpoint := fs.String("endpoint", "", "unix:///absolute/path.sock to serve on")
	nodeID := fs.String("node-id", "", "this node's name (required for --mode node|both)")
	dataDir := fs.String("data-dir", "", "cluster data directory shared by every driver instance")
	capacity := fs.String("capacity", "100Gi", "provisionable capacity of this node (node mode)")
	maxVolumes := fs.Int64("max-volumes", DefaultMaxVolumes, "volumes attachable to this node")
	mode := fs.String("mode", string(ModeBoth), "services to serve: controller, node or both")
	if err := fs.Parse(args); err != nil {
		return err
	}
	q, err := resource.ParseQuantity(*capacity)
	if err != nil {
		return fmt.Errorf("--capacity %q: %w", *capacity, err)
	}
	d, err := New(Options{Endpoint: *endpoint, NodeID: *nodeID, DataDir: *dataDir, Capacity: q.Value(),
		MaxVolumes: *maxVolumes, Mode: Mode(*mode)})
	if err != nil {
		return fmt.Errorf("csi-driver: %w", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return d.Serve(ctx)
}
