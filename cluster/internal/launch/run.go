// Package launch runs the upstream Kubernetes commands. It is separate from
// package components so the argument tests do not link the whole of
// Kubernetes.
package launch

import (
	"os"

	"github.com/spf13/cobra"
	"k8s.io/component-base/cli"
	apiserver "k8s.io/kubernetes/cmd/kube-apiserver/app"
	kcm "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	scheduler "k8s.io/kubernetes/cmd/kube-scheduler/app"

	"github.com/bindery/bindery/cluster/internal/components"
	"github.com/bindery/bindery/cluster/internal/config"
)

// run executes an upstream cobra command with our generated flags plus any
// extra flags given on our own command line (handy for debugging, e.g.
// `bindery-cluster apiserver --v=4`). It never returns.
func run(cmd *cobra.Command, args, extra []string) {
	cmd.SetArgs(append(args, extra...))
	os.Exit(cli.Run(cmd))
}

// RunAPIServer runs kube-apiserver.
func RunAPIServer(c *config.Config, extra []string) {
	run(apiserver.NewAPIServerCommand(), components.APIServerArgs(c), extra)
}

// RunControllerManager runs kube-controller-manager.
func RunControllerManager(c *config.Config, extra []string) {
	run(kcm.NewControllerManagerCommand(), components.ControllerManagerArgs(c), extra)
}

// RunScheduler runs kube-scheduler.
func RunScheduler(c *config.Config, extra []string) {
	run(scheduler.NewSchedulerCommand(), components.SchedulerArgs(c), extra)
}
