package supervisor

import (
	"bufio"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/bindery/bindery/cluster/internal/config"
)

func TestEgressTargetsOnlyLoopback(t *testing.T) {
	c := &config.Config{Nodes: 2, KubeletPortBase: 11250}
	got := egressTargets(c)
	want := map[string]string{"198.51.100.1:11250": "127.0.0.1:11250", "198.51.100.2:11251": "127.0.0.1:11251"}
	if len(got) != len(want) {
		t.Fatalf("targets = %v", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s -> %q, want %q", k, got[k], v)
		}
	}
}

func TestConnectProxy(t *testing.T) {
	up, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer up.Close()
	go func() {
		c, err := up.Accept()
		if err == nil {
			line, _ := bufio.NewReader(c).ReadString('\n')
			_, _ = c.Write([]byte("echo " + line))
			c.Close()
		}
	}()
	targets := map[string]string{"198.51.100.1:1": up.Addr().String()}
	for _, tc := range []struct{ target, status string }{
		{"198.51.100.1:1", "200"}, {"192.0.2.2:443", "403"}, {"127.0.0.1:22", "403"},
	} {
		client, server := net.Pipe()
		go serveConnect(server, targets)
		go func() {
			_, _ = client.Write([]byte("CONNECT " + tc.target + " HTTP/1.1\r\nHost: " + tc.target + "\r\n\r\nhello\n"))
		}()
		br := bufio.NewReader(client)
		res, err := http.ReadResponse(br, nil)
		if err != nil || !strings.HasPrefix(res.Status, tc.status) {
			t.Fatalf("%s: status %v, %v", tc.target, res, err)
		}
		if tc.status == "200" {
			if line, _ := br.ReadString('\n'); line != "echo hello\n" {
				t.Errorf("tunnel returned %q", line)
			}
		}
		client.Close()
	}
}
