package components

import (
	"fmt"
	"net/url"
	"os"
	"os/signal"
	"syscall"
	"time"

	"go.etcd.io/etcd/server/v3/embed"

	"github.com/bindery/bindery/cluster/internal/config"
)

// EtcdConfig builds the embedded etcd configuration: a single member on
// loopback, plain HTTP (it is only reachable from this machine).
func EtcdConfig(c *config.Config) (*embed.Config, error) {
	cfg := embed.NewConfig()
	cfg.Name = "bindery"
	cfg.Dir = c.Path("etcd")
	client, err := url.Parse(c.EtcdURL())
	if err != nil {
		return nil, err
	}
	peer, err := url.Parse(fmt.Sprintf("http://127.0.0.1:%d", c.EtcdPeerPort))
	if err != nil {
		return nil, err
	}
	cfg.ListenClientUrls, cfg.AdvertiseClientUrls = []url.URL{*client}, []url.URL{*client}
	cfg.ListenPeerUrls, cfg.AdvertisePeerUrls = []url.URL{*peer}, []url.URL{*peer}
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
	cfg.LogLevel = "warn"
	// Keep the database small for a dev cluster.
	cfg.AutoCompactionMode = "periodic"
	cfg.AutoCompactionRetention = "1h"
	cfg.QuotaBackendBytes = 2 << 30
	return cfg, nil
}

// RunEtcd runs embedded etcd until SIGTERM/SIGINT. It never returns.
func RunEtcd(c *config.Config) {
	cfg, err := EtcdConfig(c)
	if err != nil {
		fatal(err)
	}
	e, err := embed.StartEtcd(cfg)
	if err != nil {
		fatal(err)
	}
	select {
	case <-e.Server.ReadyNotify():
		fmt.Println("etcd ready on", c.EtcdURL())
	case <-time.After(60 * time.Second):
		e.Server.Stop()
		fatal(fmt.Errorf("etcd did not become ready in 60s"))
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	select {
	case s := <-sig:
		fmt.Println("etcd: received", s, "- shutting down")
		e.Close()
	case err := <-e.Err():
		fatal(err)
	}
	os.Exit(0)
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "error:", err)
	os.Exit(1)
}
