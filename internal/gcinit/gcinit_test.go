package gcinit

import (
	"runtime/debug"
	"testing"
)

func TestRestore(t *testing.T) {
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Fatalf("the collector was on (%d) after initialisation", got)
	}
	Restore()
	if got := debug.SetGCPercent(percent); got != percent {
		t.Errorf("after Restore the setting is %d, want %d", got, percent)
	}
}
