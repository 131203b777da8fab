//go:build tools

// Package tools pins the Helm CLI as a build-time tool: scripts/helm.sh builds
// helm.sh/helm/v4/cmd/helm from this module so the chart is rendered and linted by
// the real Helm, at the version recorded in go.mod, without a downloaded binary.
package tools

import _ "helm.sh/helm/v4/cmd/helm"
