// Package supervisor starts the control plane components as child processes
// in dependency order, bootstraps the cluster and keeps everything running.
package supervisor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"syscall"
	"time"

	"github.com/bindery/bindery/cluster/internal/components"
	"github.com/bindery/bindery/cluster/internal/config"
	"github.com/bindery/bindery/cluster/internal/pki"
)

// State is what the supervisor publishes in $DATA/supervisor.state so that
// `up` (another process) can follow progress and explain failures.
type State struct {
	Phase     string `json:"phase"`
	Component string `json:"component"` // whose log to show on failure
	Ready     bool   `json:"ready"`
	Error     string `json:"error,omitempty"`
	ReadyIn   string `json:"readyIn,omitempty"`
}

func statePath(c *config.Config) string { return c.Path("supervisor.state") }

func writeState(c *config.Config, s State) {
	b, _ := json.Marshal(s)
	tmp := statePath(c) + ".tmp"
	if os.WriteFile(tmp, b, 0o644) == nil {
		_ = os.Rename(tmp, statePath(c))
	}
	fmt.Printf("%s [%s] %s %s\n", time.Now().Format("15:04:05.000"), s.Component, s.Phase, s.Error)
}

func readState(c *config.Config) (State, error) {
	var s State
	b, err := os.ReadFile(statePath(c))
	if err == nil {
		err = json.Unmarshal(b, &s)
	}
	return s, err
}

// Supervise is the long-running supervisor (run in the background by Up).
func Supervise(c *config.Config) error {
	began := time.Now()
	for _, d := range []string{"logs", "run", "volumes"} {
		if err := os.MkdirAll(c.Path(d), 0o755); err != nil {
			return err
		}
	}
	// etcd warns unless its data dir is private.
	if err := os.MkdirAll(c.Path("etcd"), 0o700); err != nil {
		return err
	}
	_ = os.Chmod(c.Path("etcd"), 0o700)
	lock, err := os.OpenFile(c.Path("supervisor.lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return err
	}
	// The lock (not the pid file) is the real guard against two supervisors.
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return fmt.Errorf("another supervisor holds %s", lock.Name())
	}
	if err := os.WriteFile(c.PidFile(), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		return err
	}
	defer os.Remove(c.PidFile())

	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer cancel()

	var children []*child
	stopAll := func(publish bool) {
		for _, ch := range slices.Backward(children) {
			if publish {
				writeState(c, State{Phase: "stopping", Component: ch.name})
			}
			ch.stop()
		}
	}
	// fail keeps the failed component in the state file (not whichever
	// component is stopped last) so `up` shows the right log.
	fail := func(component string, err error) error {
		failed := State{Phase: "failed", Component: component, Error: err.Error()}
		writeState(c, failed)
		stopAll(false)
		writeState(c, failed)
		return err
	}
	launchProc := func(p components.Process) error {
		ch := &child{name: p.Name, exe: p.Exe, args: p.Args, env: p.Env,
			logPath: c.LogFile(p.Name), pidPath: c.Path("run", p.Name+".pid")}
		children = append(children, ch)
		writeState(c, State{Phase: "starting", Component: p.Name})
		return ch.start()
	}
	launch := func(name string, args ...string) error {
		return launchProc(components.Process{Name: name, Args: args})
	}

	writeState(c, State{Phase: "generating certificates", Component: "supervisor"})
	if err := pki.EnsureAll(c); err != nil {
		return fail("supervisor", err)
	}

	if err := startEgressProxy(ctx, c); err != nil {
		return fail("supervisor", err)
	}
	if err := launch("etcd", "etcd"); err != nil {
		return fail("etcd", err)
	}
	writeState(c, State{Phase: "waiting for etcd health", Component: "etcd"})
	if err := waitFor(ctx, 60*time.Second, func(ctx context.Context) error { return etcdHealthy(ctx, c) }); err != nil {
		return fail("etcd", err)
	}

	if err := launch("apiserver", "apiserver"); err != nil {
		return fail("apiserver", err)
	}
	writeState(c, State{Phase: "waiting for apiserver /readyz", Component: "apiserver"})
	cl, err := newAdminClients(c)
	if err != nil {
		return fail("supervisor", err)
	}
	if err := waitFor(ctx, 90*time.Second, cl.readyz); err != nil {
		return fail("apiserver", err)
	}

	writeState(c, State{Phase: "applying snapshot CRDs", Component: "supervisor"})
	if err := applySnapshotCRDs(ctx, cl, c); err != nil {
		return fail("supervisor", err)
	}
	writeState(c, State{Phase: "applying bootstrap manifests", Component: "supervisor"})
	if err := applyManifests(ctx, cl, c.ManifestsDir); err != nil {
		return fail("supervisor", err)
	}

	for _, err := range []error{
		launch("controller-manager", "controller-manager"),
		launch("scheduler", "scheduler"),
	} {
		if err != nil {
			return fail("supervisor", err)
		}
	}
	// The CSI driver and its sidecars start before the node agents, which
	// register the driver on their node once its socket answers.
	if err := os.MkdirAll(c.Path("csi"), 0o755); err != nil {
		return fail("supervisor", err)
	}
	for _, p := range csiProcesses(c) {
		if _, err := os.Stat(p.Exe); p.Exe != "" && err != nil {
			return fail(p.Name, fmt.Errorf("%s is missing (%w); build it with: bash cluster/cluster.sh build", p.Exe, err))
		}
		if err := launchProc(p); err != nil {
			return fail(p.Name, err)
		}
	}
	for i, n := range c.NodeNames() {
		if err := launch("node-"+n, "node", "--name", n, "--index", strconv.Itoa(i+1)); err != nil {
			return fail("node-"+n, err)
		}
	}
	cl.removeStaleNodes(ctx, c.NodeNames())

	writeState(c, State{Phase: "waiting for nodes Ready", Component: "node-" + c.NodeNames()[0]})
	if err := waitFor(ctx, 60*time.Second, func(ctx context.Context) error {
		return cl.nodesReady(ctx, c.NodeNames(), began)
	}); err != nil {
		return fail("node-"+c.NodeNames()[0], err)
	}
	writeState(c, State{Phase: "waiting for the CSI driver on every node", Component: "csi-controller"})
	if err := waitFor(ctx, 60*time.Second, func(ctx context.Context) error {
		return cl.csiRegistered(ctx, c.NodeNames())
	}); err != nil {
		return fail("csi-node-"+c.NodeNames()[0], err)
	}

	writeState(c, State{Phase: "waiting for the portal service-account token", Component: "controller-manager"})
	if err := waitFor(ctx, 60*time.Second, func(ctx context.Context) error { return cl.writePortalKubeconfig(ctx, c) }); err != nil {
		return fail("controller-manager", err)
	}

	writeState(c, State{Phase: "ready", Component: "supervisor", Ready: true,
		ReadyIn: time.Since(began).Round(100 * time.Millisecond).String()})
	<-ctx.Done()
	stopAll(true)
	writeState(c, State{Phase: "stopped", Component: "supervisor"})
	return nil
}

// permanentError stops waitFor from retrying.
type permanentError struct{ error }

func (e permanentError) Unwrap() error { return e.error }

// waitFor polls check until it succeeds, the timeout passes, ctx ends or
// check returns a permanentError.
func waitFor(ctx context.Context, timeout time.Duration, check func(context.Context) error) error {
	deadline := time.Now().Add(timeout)
	for {
		cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		err := check(cctx)
		cancel()
		if err == nil {
			return nil
		}
		var perm permanentError
		if errors.As(err, &perm) {
			return perm.error
		}
		if ctx.Err() != nil {
			return fmt.Errorf("interrupted: %w", ctx.Err())
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("timed out after %s: %w", timeout, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
