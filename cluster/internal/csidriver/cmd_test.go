package csidriver

import (
	"strings"
	"testing"
)

func TestMainRejectsBadFlags(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown mode", []string{"--data-dir", dir, "--node-id", "n", "--mode", "both-ish"}, "unknown mode"},
		{"node mode without node id", []string{"--data-dir", dir, "--mode", "node"}, "node id is required"},
		{"bad capacity", []string{"--data-dir", dir, "--node-id", "n", "--capacity", "lots"}, "--capacity"},
		{"no data dir", []string{"--mode", "controller"}, "data dir is required"},
		{"tcp endpoint", []string{"--data-dir", dir, "--mode", "controller", "--endpoint", "tcp://127.0.0.1:1"}, "want unix://"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Main(tt.args)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Main(%v) = %v, want an error containing %q", tt.args, err, tt.want)
			}
		})
	}
}
