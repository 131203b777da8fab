package supervisor

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

const (
	stopTimeout    = 15 * time.Second
	maxBackoff     = 30 * time.Second
	stableAfter    = 60 * time.Second // a run this long resets the backoff
	maxLogBytes    = 50 << 20
	killGraceExtra = 5 * time.Second
)

// child is one supervised component process (the same binary, re-exec'ed
// with a subcommand) that is restarted with backoff when it crashes.
type child struct {
	name    string // component name; also the log/pid file name
	exe     string // "" = this binary
	args    []string
	env     []string // added to the supervisor's environment
	logPath string
	pidPath string

	mu       sync.Mutex
	cmd      *exec.Cmd
	stopping bool
	exited   chan struct{} // closed when the current process exits
	restarts int
}

func (c *child) start() error {
	exe := c.exe
	if exe == "" {
		var err error
		if exe, err = os.Executable(); err != nil {
			return err
		}
	}
	rotate(c.logPath)
	logf, err := os.OpenFile(c.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	fmt.Fprintf(logf, "\n=== %s starting %s (restart #%d) ===\n", time.Now().Format(time.RFC3339), c.name, c.restarts)
	cmd := exec.Command(exe, c.args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	// A KUBECONFIG from the shell that ran `up` (e.g. the portal's, in the test script) must not
	// change a component's identity: each one is given its own --kubeconfig.
	cmd.Env = append(withoutKubeconfig(os.Environ()), c.env...)
	// Own process group: a Ctrl-C in the terminal that ran `up` must not hit
	// the components. Pdeathsig: if the supervisor is SIGKILLed, children
	// get SIGTERM instead of running on as orphans.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		logf.Close()
		return err
	}
	_ = os.WriteFile(c.pidPath, []byte(strconv.Itoa(cmd.Process.Pid)), 0o644)
	exited := make(chan struct{})
	c.mu.Lock()
	c.cmd, c.exited = cmd, exited
	c.mu.Unlock()
	go func() {
		began := time.Now()
		err := cmd.Wait()
		logf.Close()
		close(exited)
		c.onExit(err, time.Since(began))
	}()
	return nil
}

// onExit restarts a crashed child with exponential backoff.
func (c *child) onExit(err error, ran time.Duration) {
	c.mu.Lock()
	if c.stopping {
		c.mu.Unlock()
		return
	}
	if ran > stableAfter {
		c.restarts = 0
	}
	c.restarts++
	delay := min(time.Duration(1<<min(c.restarts-1, 5))*time.Second, maxBackoff)
	c.mu.Unlock()
	logLine(c.logPath, fmt.Sprintf("=== %s exited (%v) after %s; restarting in %s ===", c.name, err, ran.Round(time.Second), delay))
	time.Sleep(delay)
	c.mu.Lock()
	stopping := c.stopping
	c.mu.Unlock()
	if !stopping {
		if err := c.start(); err != nil {
			logLine(c.logPath, "=== restart failed: "+err.Error()+" ===")
		}
	}
}

// stop sends SIGTERM, waits, then SIGKILLs.
func (c *child) stop() {
	c.mu.Lock()
	c.stopping = true
	cmd, exited := c.cmd, c.exited
	c.mu.Unlock()
	defer os.Remove(c.pidPath)
	if cmd == nil || cmd.Process == nil {
		return
	}
	select {
	case <-exited:
		return
	default:
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(stopTimeout):
		logLine(c.logPath, "=== did not stop in time; SIGKILL ===")
		_ = cmd.Process.Kill()
		select {
		case <-exited:
		case <-time.After(killGraceExtra):
		}
	}
}

// alive reports whether the current process is running.
func (c *child) alive() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.exited == nil {
		return false
	}
	select {
	case <-c.exited:
		return false
	default:
		return true
	}
}

func rotate(path string) {
	if st, err := os.Stat(path); err == nil && st.Size() > maxLogBytes {
		_ = os.Rename(path, path+".1")
	}
}

func logLine(path, line string) {
	if f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644); err == nil {
		fmt.Fprintln(f, line)
		f.Close()
	}
}

func withoutKubeconfig(env []string) []string {
	out := env[:0:0]
	for _, kv := range env {
		if !strings.HasPrefix(kv, "KUBECONFIG=") {
			out = append(out, kv)
		}
	}
	return out
}
