package config

import (
	"testing"
	"time"
)

func TestLoadDurations(t *testing.T) {
	tests := []struct {
		name, env, value string
		want             time.Duration
		wantErr          bool
	}{
		{name: "pv sync default", env: "BINDERY_PV_SYNC_PERIOD", want: 2 * time.Second},
		{name: "pv sync set", env: "BINDERY_PV_SYNC_PERIOD", value: "15s", want: 15 * time.Second},
		{name: "pv sync zero", env: "BINDERY_PV_SYNC_PERIOD", value: "0s", wantErr: true},
		{name: "pv sync not a duration", env: "BINDERY_PV_SYNC_PERIOD", value: "15", wantErr: true},
		{name: "stats period set", env: "BINDERY_VOLUME_STATS_PERIOD", value: "500ms", want: 500 * time.Millisecond},
		{name: "stats period negative", env: "BINDERY_VOLUME_STATS_PERIOD", value: "-1s", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(tt.env, tt.value)
			c, err := Load()
			if tt.wantErr {
				if err == nil {
					t.Fatalf("Load() with %s=%q: no error", tt.env, tt.value)
				}
				return
			}
			if err != nil {
				t.Fatalf("Load(): %v", err)
			}
			got := map[string]time.Duration{"BINDERY_PV_SYNC_PERIOD": c.PVSyncPeriod, "BINDERY_VOLUME_STATS_PERIOD": c.VolumeStatsPeriod}[tt.env]
			if got != tt.want {
				t.Errorf("%s=%q: got %v, want %v", tt.env, tt.value, got, tt.want)
			}
		})
	}
}
