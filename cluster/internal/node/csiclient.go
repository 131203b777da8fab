package node

import (
	"context"
	"fmt"
	"time"

	"github.com/container-storage-interface/spec/lib/go/csi"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// csiTimeout bounds one node RPC, like kubelet's csiTimeout (2 min there;
// our volumes are local directories, copies of at most a few GiB).
const csiTimeout = 2 * time.Minute

// csiPlugin is the node plugin of a CSI driver, reached over its unix
// socket exactly as kubelet reaches it after plugin registration.
type csiPlugin struct {
	driver string
	conn   *grpc.ClientConn
	node   csi.NodeClient
	info   *csi.NodeGetInfoResponse
	stage  bool // STAGE_UNSTAGE_VOLUME
	expand bool // EXPAND_VOLUME
	stats  bool // GET_VOLUME_STATS
}

// dialPlugin connects to socket and asks the plugin who it is and what it
// can do (GetPluginInfo, NodeGetCapabilities, NodeGetInfo).
func dialPlugin(ctx context.Context, socket string) (*csiPlugin, error) {
	conn, err := grpc.NewClient("unix://"+socket, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", socket, err)
	}
	p := &csiPlugin{conn: conn, node: csi.NewNodeClient(conn)}
	if err := p.probe(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	return p, nil
}

func (p *csiPlugin) probe(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	id, err := csi.NewIdentityClient(p.conn).GetPluginInfo(ctx, &csi.GetPluginInfoRequest{})
	if err != nil {
		return fmt.Errorf("GetPluginInfo: %w", err)
	}
	p.driver = id.GetName()
	caps, err := p.node.NodeGetCapabilities(ctx, &csi.NodeGetCapabilitiesRequest{})
	if err != nil {
		return fmt.Errorf("NodeGetCapabilities: %w", err)
	}
	for _, c := range caps.GetCapabilities() {
		switch c.GetRpc().GetType() {
		case csi.NodeServiceCapability_RPC_STAGE_UNSTAGE_VOLUME:
			p.stage = true
		case csi.NodeServiceCapability_RPC_EXPAND_VOLUME:
			p.expand = true
		case csi.NodeServiceCapability_RPC_GET_VOLUME_STATS:
			p.stats = true
		}
	}
	if p.info, err = p.node.NodeGetInfo(ctx, &csi.NodeGetInfoRequest{}); err != nil {
		return fmt.Errorf("NodeGetInfo: %w", err)
	}
	return nil
}

func (p *csiPlugin) close() { _ = p.conn.Close() }

// rpcCtx gives one node RPC its deadline.
func rpcCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, csiTimeout)
}
