package supervisor

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/bindery/bindery/cluster/internal/config"
)

const upTimeout = 120 * time.Second

// runningPid returns the supervisor pid if its pid file points at a live
// process; a stale pid file is removed.
func runningPid(c *config.Config) int {
	b, err := os.ReadFile(c.PidFile())
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err == nil && pid > 0 && alive(pid) {
		return pid
	}
	fmt.Printf("removing stale pid file %s\n", c.PidFile())
	_ = os.Remove(c.PidFile())
	return 0
}

func alive(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	// A zombie still answers kill(0); treat it as dead.
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	f := strings.Fields(string(b))
	return len(f) < 3 || f[2] != "Z"
}

// Up starts the supervisor in the background and waits until the cluster is
// ready (or fails, showing the log of the component that failed).
func Up(c *config.Config) error {
	began := time.Now()
	if pid := runningPid(c); pid != 0 {
		if s, _ := readState(c); s.Ready {
			fmt.Printf("cluster already running (supervisor pid %d)\n", pid)
			printKubeconfigs(c)
			return nil
		}
		return fmt.Errorf("supervisor already running (pid %d) but not ready; see `status`, or `down` first", pid)
	}
	if err := os.MkdirAll(c.Path("logs"), 0o755); err != nil {
		return err
	}
	_ = os.Remove(statePath(c))
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	logf, err := os.OpenFile(c.LogFile("supervisor"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer logf.Close()
	fmt.Fprintf(logf, "\n=== %s up ===\n", time.Now().Format(time.RFC3339))
	cmd := exec.Command(exe, "supervise")
	cmd.Env = append(os.Environ(), "BINDERY_CLUSTER_DIR="+c.DataDir, "BINDERY_MANIFESTS_DIR="+c.ManifestsDir)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true} // detach from the terminal
	if err := cmd.Start(); err != nil {
		return err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	fmt.Printf("supervisor started (pid %d), logs in %s\n", cmd.Process.Pid, c.Path("logs"))

	last := ""
	deadline := time.After(upTimeout)
	for {
		s, _ := readState(c)
		if s.Phase != "" && s.Phase != last {
			fmt.Printf("  %-6s %s\n", fmt.Sprintf("%.1fs", time.Since(began).Seconds()), s.Phase)
			last = s.Phase
		}
		if s.Ready {
			fmt.Printf("cluster ready in %.1fs\n", time.Since(began).Seconds())
			printKubeconfigs(c)
			return nil
		}
		select {
		case err := <-exited:
			s, _ = readState(c)
			showFailure(c, s)
			return fmt.Errorf("supervisor exited (%v) during %q: %s", err, s.Phase, s.Error)
		case <-deadline:
			s, _ = readState(c)
			showFailure(c, s)
			_ = Down(c)
			return fmt.Errorf("cluster not ready after %s (stuck at %q)", upTimeout, s.Phase)
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func showFailure(c *config.Config, s State) {
	comp := s.Component
	if comp == "" {
		comp = "supervisor"
	}
	fmt.Fprintf(os.Stderr, "\n--- last lines of %s ---\n%s\n", c.LogFile(comp), tail(c.LogFile(comp), 30))
	if comp != "supervisor" {
		fmt.Fprintf(os.Stderr, "--- last lines of %s ---\n%s\n", c.LogFile("supervisor"), tail(c.LogFile("supervisor"), 10))
	}
}

func tail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return "(no log: " + err.Error() + ")"
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

func printKubeconfigs(c *config.Config) {
	fmt.Printf("admin:  KUBECONFIG=%s\n", c.AdminKubeconfig())
	fmt.Printf("portal: KUBECONFIG=%s\n", c.PortalKubeconfig())
}

// Down stops the supervisor (which stops its children in reverse order);
// after a timeout everything left is SIGKILLed by pid.
func Down(c *config.Config) error {
	pid := runningPid(c)
	if pid == 0 {
		killLeftovers(c)
		fmt.Println("cluster is not running")
		return nil
	}
	fmt.Printf("stopping supervisor (pid %d)...\n", pid)
	_ = syscall.Kill(pid, syscall.SIGTERM)
	deadline := time.Now().Add(60 * time.Second)
	for alive(pid) && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if alive(pid) {
		fmt.Println("supervisor did not stop in 60s; sending SIGKILL")
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
	killLeftovers(c)
	_ = os.Remove(c.PidFile())
	fmt.Println("cluster stopped")
	return nil
}

// killLeftovers SIGKILLs component processes whose pid files survived a
// crashed supervisor (only pids recorded by us, checked against our binary).
func killLeftovers(c *config.Config) {
	files, _ := filepath.Glob(c.Path("run", "*.pid"))
	exe, _ := os.Executable()
	for _, f := range files {
		b, _ := os.ReadFile(f)
		pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
		if pid > 0 && alive(pid) {
			if target, _ := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid)); strings.HasPrefix(target, exe) {
				fmt.Printf("killing leftover %s (pid %d)\n", strings.TrimSuffix(filepath.Base(f), ".pid"), pid)
				_ = syscall.Kill(pid, syscall.SIGKILL)
			}
		}
		_ = os.Remove(f)
	}
}

// Reset stops the cluster and wipes its data (and the hostPath provisioner's
// directories, whose PV objects are gone with etcd).
func Reset(c *config.Config) error {
	if err := Down(c); err != nil {
		return err
	}
	if err := unmountAll(c.DataDir); err != nil {
		return err
	}
	if err := os.RemoveAll(c.DataDir); err != nil {
		return err
	}
	_ = os.RemoveAll("/tmp/hostpath_pv")
	fmt.Printf("removed %s and /tmp/hostpath_pv\n", c.DataDir)
	return nil
}
