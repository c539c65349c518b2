// Package gcinit keeps the garbage collector off while the program's
// packages initialise. Initialisation allocates a few megabytes of tables
// (regular expressions, Bleve's automata, Fyne's translations) and would
// stop to collect them at least once, some milliseconds of every command's
// start. main.go imports it and calls Restore (or RestoreLazy) first thing.
package gcinit

import "runtime/debug"

// percent is the collector's setting (GOGC) before initialisation.
var percent = debug.SetGCPercent(-1)

// Restore turns the collector back on with the setting it had.
func Restore() { debug.SetGCPercent(percent) }

// RestoreLazy turns the collector back on, collecting ten times less often
// than the setting says (GOGC=off stays off): for brief commands, whose
// heap stays small and whose garbage goes when they exit. A collection
// started at once would compete with the command for the CPU.
func RestoreLazy() {
	if percent < 0 {
		debug.SetGCPercent(percent)
		return
	}
	debug.SetGCPercent(percent * 10)
}
