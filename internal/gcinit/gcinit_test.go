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

func TestRestoreLazy(t *testing.T) {
	debug.SetGCPercent(-1)
	RestoreLazy()
	got := debug.SetGCPercent(percent)
	if percent >= 0 && got != percent*10 || percent < 0 && got != percent {
		t.Errorf("after RestoreLazy the setting is %d (GOGC %d)", got, percent)
	}
}
