package supervisor

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/bindery/bindery/cluster/internal/config"
)

// Exit codes of `status`, LSB style.
const (
	StatusOK         = 0
	StatusDegraded   = 1
	StatusNotRunning = 3
)

// Status prints pid/health of every component and returns an exit code.
func Status(c *config.Config) int {
	pid := runningPid(c)
	if pid == 0 {
		fmt.Println("supervisor          not running")
		return StatusNotRunning
	}
	s, _ := readState(c)
	fmt.Printf("%-19s pid %-7d phase: %s %s\n", "supervisor", pid, s.Phase, s.Error)
	ok := s.Ready
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	insecure := &http.Client{Timeout: 3 * time.Second, Transport: &http.Transport{
		// Only probing health of our own loopback endpoints; the KCM and
		// scheduler serve self-signed certs.
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	probe := func(url string) error {
		resp, err := insecure.Get(url)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			return fmt.Errorf("%s", resp.Status)
		}
		return nil
	}
	components := []struct {
		name  string
		check func() error
	}{
		{"etcd", func() error { return etcdHealthy(ctx, c) }},
		{"apiserver", func() error { return probe(c.Server() + "/readyz") }},
		{"controller-manager", func() error { return probe(fmt.Sprintf("https://127.0.0.1:%d/healthz", c.KCMPort)) }},
		{"scheduler", func() error { return probe(fmt.Sprintf("https://127.0.0.1:%d/healthz", c.SchedulerPort)) }},
	}
	for _, comp := range components {
		health := "healthy"
		if comp.name == "apiserver" {
			health = "healthy (/readyz ok)"
		}
		if err := comp.check(); err != nil {
			health, ok = "UNHEALTHY: "+err.Error(), false
		}
		fmt.Printf("%-19s pid %-7s %s\n", comp.name, childPid(c, comp.name), health)
	}

	cl, err := newAdminClients(c)
	if err != nil {
		fmt.Println("admin client:", err)
		return StatusDegraded
	}
	if v, err := cl.kube.Discovery().ServerVersion(); err == nil {
		fmt.Printf("%-19s %s (%s)\n", "apiserver version", v.GitVersion, v.Platform)
	} else {
		ok = false
	}
	nodes, err := cl.kube.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		fmt.Println("nodes: ", err)
		return StatusDegraded
	}
	for _, name := range c.NodeNames() {
		state := "NOT REGISTERED"
		for i := range nodes.Items {
			if nodes.Items[i].Name == name {
				// Lease-based liveness: Ready must be fresh (< 1 min).
				state = "NotReady"
				if nodeReady(&nodes.Items[i], time.Now().Add(-time.Minute)) || leaseFresh(ctx, cl, name) {
					state = "Ready"
				}
			}
		}
		if state != "Ready" {
			ok = false
		}
		fmt.Printf("%-19s pid %-7s %s\n", "node "+name, childPid(c, "node-"+name), state)
	}
	// The CSI processes have no health endpoint of their own: alive or not.
	for _, p := range csiProcesses(c) {
		pid, state := childPid(c, p.Name), "running"
		if pid == "-" || strings.HasSuffix(pid, "(dead)") {
			state, ok = "NOT RUNNING", false
		}
		fmt.Printf("%-19s pid %-7s %s\n", p.Name, pid, state)
	}
	fmt.Printf("admin kubeconfig    %s\nportal kubeconfig   %s\n", c.AdminKubeconfig(), c.PortalKubeconfig())
	if !ok {
		return StatusDegraded
	}
	return StatusOK
}

func leaseFresh(ctx context.Context, cl *adminClients, node string) bool {
	l, err := cl.kube.CoordinationV1().Leases("kube-node-lease").Get(ctx, node, metav1.GetOptions{})
	return err == nil && l.Spec.RenewTime != nil && time.Since(l.Spec.RenewTime.Time) < 40*time.Second
}

func childPid(c *config.Config, name string) string {
	b, err := os.ReadFile(c.Path("run", name+".pid"))
	if err != nil {
		return "-"
	}
	p := strings.TrimSpace(string(b))
	if n, err := strconv.Atoi(p); err != nil || !alive(n) {
		return p + "(dead)"
	}
	return p
}
