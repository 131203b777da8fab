package supervisor

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/bindery/bindery/cluster/internal/config"
)

// The apiserver reaches the node agents' kubelet API (node proxy, stats)
// through its "cluster" egress selector: HTTP CONNECT over a unix socket
// served here, as with konnectivity. Nodes advertise documentation
// addresses (config.NodeAddress) that pass the apiserver's proxyable-IP
// check but are never dialled: this proxy maps them to 127.0.0.1 and
// refuses every other target, so no packet leaves loopback.

const egressSelectorConfig = `apiVersion: apiserver.k8s.io/v1beta1
kind: EgressSelectorConfiguration
egressSelections:
  - name: cluster
    connection:
      proxyProtocol: HTTPConnect
      transport:
        uds:
          udsName: %s
`

// egressTargets maps each node's advertised kubelet endpoint to loopback.
func egressTargets(c *config.Config) map[string]string {
	m := map[string]string{}
	for i := range c.NodeNames() {
		port := strconv.Itoa(c.KubeletPort(i + 1))
		m[net.JoinHostPort(config.NodeAddress(i+1), port)] = net.JoinHostPort("127.0.0.1", port)
	}
	return m
}

// startEgressProxy writes the apiserver's egress selector file and serves
// the CONNECT proxy until ctx ends.
func startEgressProxy(ctx context.Context, c *config.Config) error {
	if err := os.WriteFile(c.Path("egress-selector.yaml"), fmt.Appendf(nil, egressSelectorConfig, c.EgressSocket()), 0o644); err != nil {
		return err
	}
	_ = os.Remove(c.EgressSocket())
	ln, err := net.Listen("unix", c.EgressSocket())
	if err != nil {
		return fmt.Errorf("egress proxy: %w", err)
	}
	_ = os.Chmod(c.EgressSocket(), 0o600)
	targets := egressTargets(c)
	go func() {
		<-ctx.Done()
		ln.Close()
	}()
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go serveConnect(conn, targets)
		}
	}()
	return nil
}

func serveConnect(conn net.Conn, targets map[string]string) {
	defer conn.Close()
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	br := bufio.NewReader(conn)
	req, err := http.ReadRequest(br)
	if err != nil {
		return
	}
	dst, ok := targets[req.Host]
	if req.Method != http.MethodConnect || !ok {
		fmt.Fprintf(conn, "HTTP/1.1 403 Forbidden\r\n\r\nbindery egress proxy: %s %s is not a node endpoint\n", req.Method, req.Host)
		return
	}
	up, err := net.DialTimeout("tcp", dst, 5*time.Second)
	if err != nil {
		fmt.Fprintf(conn, "HTTP/1.1 502 Bad Gateway\r\n\r\n%v\n", err)
		return
	}
	defer up.Close()
	_ = conn.SetReadDeadline(time.Time{})
	if _, err := io.WriteString(conn, "HTTP/1.1 200 Connection established\r\n\r\n"); err != nil {
		return
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_, _ = io.Copy(up, br) // br first: it may hold bytes read past the request
		if tc, ok := up.(*net.TCPConn); ok {
			_ = tc.CloseWrite()
		}
	}()
	_, _ = io.Copy(conn, up)
	conn.Close()
	wg.Wait()
}
