package supervisor

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/bindery/bindery/cluster/internal/config"
	"github.com/bindery/bindery/cluster/internal/pki"
)

// adminClients talk to the apiserver as bindery-admin (system:masters).
type adminClients struct {
	rest *rest.Config
	kube kubernetes.Interface
	dyn  dynamic.Interface
}

func newAdminClients(c *config.Config) (*adminClients, error) {
	rc, err := clientcmd.BuildConfigFromFlags("", c.AdminKubeconfig())
	if err != nil {
		return nil, err
	}
	rc.UserAgent = "bindery-supervisor"
	rc.QPS, rc.Burst = 50, 100
	kube, err := kubernetes.NewForConfig(rc)
	if err != nil {
		return nil, err
	}
	dyn, err := dynamic.NewForConfig(rc)
	if err != nil {
		return nil, err
	}
	return &adminClients{rest: rc, kube: kube, dyn: dyn}, nil
}

func (a *adminClients) readyz(ctx context.Context) error {
	body, err := a.kube.Discovery().RESTClient().Get().AbsPath("/readyz").DoRaw(ctx)
	if err != nil {
		return fmt.Errorf("/readyz: %v %s", err, strings.TrimSpace(string(body)))
	}
	return nil
}

func etcdHealthy(ctx context.Context, c *config.Config) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, c.EtcdURL()+"/health", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("etcd /health: %s", resp.Status)
	}
	return nil
}

// nodesReady checks every node reported Ready after `since`, so a stale
// Ready condition left from a previous run does not count.
func (a *adminClients) nodesReady(ctx context.Context, names []string, since time.Time) error {
	for _, n := range names {
		node, err := a.kube.CoreV1().Nodes().Get(ctx, n, metav1.GetOptions{})
		if err != nil {
			return fmt.Errorf("node %s: %w", n, err)
		}
		if !nodeReady(node, since) {
			return fmt.Errorf("node %s is not Ready yet", n)
		}
	}
	return nil
}

func nodeReady(n *v1.Node, since time.Time) bool {
	for _, c := range n.Status.Conditions {
		if c.Type == v1.NodeReady {
			return c.Status == v1.ConditionTrue && !c.LastHeartbeatTime.Time.Before(since.Truncate(time.Second))
		}
	}
	return false
}

// removeStaleNodes deletes bindery nodes left over from a run with more
// nodes (BINDERY_NODES lowered), so they don't linger NotReady.
func (a *adminClients) removeStaleNodes(ctx context.Context, keep []string) {
	nodes, err := a.kube.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return
	}
	want := map[string]bool{}
	for _, n := range keep {
		want[n] = true
	}
	for _, n := range nodes.Items {
		if strings.HasPrefix(n.Name, config.NodeNamePrefix) && !want[n.Name] {
			_ = a.kube.CoreV1().Nodes().Delete(ctx, n.Name, metav1.DeleteOptions{})
		}
	}
}

// writePortalKubeconfig waits for the token controller to fill the
// bindery-token Secret and writes kubeconfig-portal.yaml with it.
func (a *adminClients) writePortalKubeconfig(ctx context.Context, c *config.Config) error {
	s, err := a.kube.CoreV1().Secrets(config.PortalNamespace).Get(ctx, config.PortalSecret, metav1.GetOptions{})
	if err != nil {
		return err
	}
	token := string(s.Data[v1.ServiceAccountTokenKey])
	if token == "" {
		return fmt.Errorf("secret %s/%s has no token yet", config.PortalNamespace, config.PortalSecret)
	}
	ca, err := os.ReadFile(c.PKI("ca.crt"))
	if err != nil {
		return err
	}
	user := fmt.Sprintf("system:serviceaccount:%s:%s", config.PortalNamespace, config.PortalSA)
	return pki.WriteKubeconfig(c.PortalKubeconfig(), c.Server(), user, ca, pki.Credentials{Token: token})
}
