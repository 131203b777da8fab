// Command bindery-cluster runs a local Kubernetes control plane built from
// the upstream Go modules. The supervisor re-execs this same binary with a
// component subcommand so every component is its own OS process.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/bindery/bindery/cluster/internal/components"
	"github.com/bindery/bindery/cluster/internal/config"
	"github.com/bindery/bindery/cluster/internal/csidriver"
	"github.com/bindery/bindery/cluster/internal/launch"
	"github.com/bindery/bindery/cluster/internal/node"
	"github.com/bindery/bindery/cluster/internal/supervisor"
)

const usage = `usage: bindery-cluster <command>

user commands:
  up        start the cluster in the background and wait until it is ready
  down      stop the cluster (data is kept)
  status    show component health; exit 0 healthy, 1 degraded, 3 not running
  reset     stop the cluster and delete its data

internal (run by the supervisor):
  supervise | etcd | apiserver | controller-manager | scheduler | node --name N [--index I]
  csi-driver --endpoint unix:///path --data-dir D [--node-id N] [--mode controller|node|both] [--capacity 100Gi]
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	c, err := config.Load()
	if err != nil {
		die(err)
	}
	cmd, rest := os.Args[1], os.Args[2:]
	switch cmd {
	case "up":
		check(supervisor.Up(c))
	case "down":
		check(supervisor.Down(c))
	case "reset":
		check(supervisor.Reset(c))
	case "status":
		os.Exit(supervisor.Status(c))
	case "supervise":
		check(supervisor.Supervise(c))
	case "etcd":
		components.RunEtcd(c)
	case "apiserver":
		launch.RunAPIServer(c, rest)
	case "controller-manager":
		launch.RunControllerManager(c, rest)
	case "scheduler":
		launch.RunScheduler(c, rest)
	case "node":
		fs := flag.NewFlagSet("node", flag.ExitOnError)
		name := fs.String("name", "", "node name")
		index := fs.Int("index", 0, "node index (selects pod CIDR and zone); derived from the name if 0")
		_ = fs.Parse(rest)
		if *name == "" {
			die(fmt.Errorf("node: --name is required"))
		}
		if *index == 0 {
			fmt.Sscanf(strings.TrimPrefix(*name, config.NodeNamePrefix), "%d", index)
		}
		check(node.Run(c, *name, max(*index, 1)))
	case "csi-driver":
		check(csidriver.Main(rest))
	case "help", "-h", "--help":
		fmt.Print(usage)
	default:
		fmt.Fprintf(os.Stderr, "unknown command %q\n\n%s", cmd, usage)
		os.Exit(2)
	}
}

func check(err error) {
	if err != nil {
		die(err)
	}
}

func die(err error) {
	fmt.Fprintln(os.Stderr, "error:", err)
	os.Exit(1)
}
