// Package gcinit keeps the garbage collector off while the program's
// packages initialise. Initialisation allocates a few megabytes of tables
// (regular expressions, Bleve's automata, Fyne's translations) and would
// stop to collect them at least once, some milliseconds of every command's
// start. main.go imports it and calls Restore first thing.
package gcinit

import "runtime/debug"

// percent is the collector's setting (GOGC) before initialisation.
var percent = debug.SetGCPercent(-1)

// Restore turns the collector back on with the setting it had.
func Restore() { debug.SetGCPercent(percent) }
