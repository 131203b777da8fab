// Package csidriver is Bindery's CSI driver local.csi.bindery.io: volumes are
// directories on this machine, each local to one simulated node. It follows
// the kubernetes-csi drivers' layout: identity.go, controller*.go, node*.go.
package csidriver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"

	"github.com/container-storage-interface/spec/lib/go/csi"
	"google.golang.org/grpc"
	"google.golang.org/grpc/status"
)

const (
	// DriverName is the CSI driver name (CSIDriver object, StorageClass provisioner).
	DriverName = "local.csi.bindery.io"
	// TopologyKey is the one topology segment: the node a volume lives on.
	TopologyKey = "topology.local.csi.bindery.io/node"
	// Version is reported by GetPluginInfo.
	Version = "0.1.0"

	gib = int64(1) << 30
	// DefaultCapacity is each node's provisionable capacity unless configured.
	DefaultCapacity = 100 * gib
	// DefaultVolumeSize is used when CreateVolume asks for no size.
	DefaultVolumeSize = 1 * gib
	// DefaultMaxVolumes is the per-node attach limit reported by NodeGetInfo.
	DefaultMaxVolumes = 64
)

// Mode selects which CSI services one process serves.
type Mode string

const (
	ModeController Mode = "controller"
	ModeNode       Mode = "node"
	ModeBoth       Mode = "both"
)

// Options configure one driver instance.
type Options struct {
	Endpoint   string // unix:///abs/path.sock
	NodeID     string // required for node and both modes
	DataDir    string // shared by every instance of the cluster
	Capacity   int64  // per node, registered by node instances
	MaxVolumes int64
	Mode       Mode
	Log        *slog.Logger
}

// Driver implements the Identity, Controller and Node services.
type Driver struct {
	csi.UnimplementedIdentityServer
	csi.UnimplementedControllerServer
	csi.UnimplementedNodeServer
	csi.UnimplementedGroupControllerServer

	opts    Options
	root    string // <DataDir>/csi
	store   *Store
	mounter mounter
	log     *slog.Logger
}

// New validates opts, opens the state and, for node instances, registers
// the node's capacity so the controller can account for it.
func New(opts Options) (*Driver, error) {
	if opts.Mode == "" {
		opts.Mode = ModeBoth
	}
	switch opts.Mode {
	case ModeController, ModeNode, ModeBoth:
	default:
		return nil, fmt.Errorf("unknown mode %q (want controller, node or both)", opts.Mode)
	}
	if opts.DataDir == "" {
		return nil, errors.New("data dir is required")
	}
	if opts.Mode != ModeController && opts.NodeID == "" {
		return nil, errors.New("node id is required in node mode")
	}
	if opts.Capacity <= 0 {
		opts.Capacity = DefaultCapacity
	}
	if opts.MaxVolumes <= 0 {
		opts.MaxVolumes = DefaultMaxVolumes
	}
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	root, err := filepath.Abs(filepath.Join(opts.DataDir, "csi"))
	if err != nil {
		return nil, fmt.Errorf("data dir: %w", err)
	}
	store, err := NewStore(filepath.Join(root, "state.json"))
	if err != nil {
		return nil, err
	}
	d := &Driver{opts: opts, root: root, store: store, mounter: systemMounter{}, log: opts.Log}
	if opts.Mode != ModeController {
		if err := d.registerNode(); err != nil {
			return nil, err
		}
	}
	if d.serves(ModeController) {
		if err := d.dropInterrupted(); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// dropInterrupted forgets volumes and snapshots whose copy a previous
// controller process did not finish (it died mid-copy): left as not ready
// they would answer Aborted forever. Only the controller copies data and
// only one runs, so nothing not ready at its start is still in progress.
func (d *Driver) dropInterrupted() error {
	return d.store.Update(func(s *State) error {
		for id, v := range s.Volumes {
			if !v.Ready {
				if err := os.RemoveAll(d.volumePath(v)); err != nil {
					return fmt.Errorf("remove interrupted volume %s: %w", id, err)
				}
				delete(s.Volumes, id)
				d.log.Warn("dropped a volume whose copy was interrupted", "volume", id, "name", v.Name)
			}
		}
		for id, sn := range s.Snapshots {
			if !sn.Ready {
				if err := os.Remove(d.snapshotPath(sn)); err != nil && !errors.Is(err, os.ErrNotExist) {
					return fmt.Errorf("remove interrupted snapshot %s: %w", id, err)
				}
				delete(s.Snapshots, id)
				d.log.Warn("dropped a snapshot whose archive was interrupted", "snapshot", id, "name", sn.Name)
			}
		}
		for id, g := range s.Groups {
			if !g.Ready {
				d.forgetGroup(s, g)
				d.log.Warn("dropped a group snapshot whose archives were interrupted", "group", id, "name", g.Name)
			}
		}
		return nil
	})
}

func (d *Driver) registerNode() error {
	if err := os.MkdirAll(d.volumesDir(d.opts.NodeID), 0o755); err != nil {
		return fmt.Errorf("create node dir: %w", err)
	}
	return d.store.Update(func(s *State) error {
		s.Nodes[d.opts.NodeID] = &NodeInfo{ID: d.opts.NodeID, CapacityBytes: d.opts.Capacity, MaxVolumes: d.opts.MaxVolumes}
		return nil
	})
}

func (d *Driver) volumesDir(node string) string { return filepath.Join(d.root, node, "volumes") }
func (d *Driver) volumePath(v *Volume) string   { return filepath.Join(d.volumesDir(v.Node), v.ID) }
func (d *Driver) snapshotPath(s *Snapshot) string {
	return filepath.Join(d.root, s.Node, "snapshots", s.ID+".tar")
}

func (d *Driver) serves(m Mode) bool { return d.opts.Mode == ModeBoth || d.opts.Mode == m }

// Serve listens on the endpoint's unix socket and serves until ctx ends.
func (d *Driver) Serve(ctx context.Context) error {
	lis, err := d.Listen()
	if err != nil {
		return err
	}
	return d.ServeOn(ctx, lis)
}

// Listen creates the endpoint's unix socket, replacing a stale one. Callers
// that must not race the first request (tests) listen before serving.
func (d *Driver) Listen() (net.Listener, error) {
	path, err := socketPath(d.opts.Endpoint)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("create socket dir: %w", err)
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("remove stale socket: %w", err)
	}
	lis, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", path, err)
	}
	return lis, nil
}

// ServeOn serves the driver's services on lis until ctx ends.
func (d *Driver) ServeOn(ctx context.Context, lis net.Listener) error {
	srv := grpc.NewServer(grpc.UnaryInterceptor(d.logErrors))
	csi.RegisterIdentityServer(srv, d)
	if d.serves(ModeController) {
		csi.RegisterControllerServer(srv, d)
		csi.RegisterGroupControllerServer(srv, d)
	}
	if d.serves(ModeNode) {
		csi.RegisterNodeServer(srv, d)
	}
	go func() {
		<-ctx.Done()
		srv.GracefulStop()
	}()
	d.log.Info("csi driver serving", "endpoint", lis.Addr().String(), "mode", d.opts.Mode, "node", d.opts.NodeID)
	if err := srv.Serve(lis); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

func socketPath(endpoint string) (string, error) {
	path, ok := strings.CutPrefix(endpoint, "unix://")
	if !ok || path == "" {
		return "", fmt.Errorf("endpoint %q: want unix:///absolute/path", endpoint)
	}
	return path, nil
}

// logErrors logs failed calls so the supervisor's log shows why an operation failed.
func (d *Driver) logErrors(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
	resp, err := h(ctx, req)
	if err != nil {
		d.log.Warn("csi call failed", "method", info.FullMethod, "code", status.Code(err).String(), "error", err)
	}
	return resp, err
}
