// Command bindery-csi-driver serves the local.csi.bindery.io CSI driver,
// the same as `bindery-cluster csi-driver` with the same flags. It exists
// because bindery-cluster links the whole control plane: its package init
// alone costs ~95 MiB RSS per process, this binary idles at ~13 MiB.
package main

import (
	"fmt"
	"os"

	"github.com/bindery/bindery/cluster/internal/csidriver"
)

func main() {
	if err := csidriver.Main(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}
