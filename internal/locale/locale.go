// Package locale prepares the process environment before the GUI
// toolkits' package initialisers read it. main.go imports it first.
//
// The locale: Fyne parses the user's locale when its lang package
// initialises; with LANG=C or POSIX (common in terminals, containers and
// CI) it logs a parse error on every run, even of a CLI command. This
// package sets LANGUAGE=en in that case, which Fyne reads before LANG.
//
// The display: the native file dialogs' package (sqweek/dialog) starts
// GTK when it initialises, and with a display that means connecting to it
// and loading GTK's modules and theme: 50 to 120 ms before main runs, on
// every command. A command-line run never opens a window, so for one
// (the first argument is a subcommand, not a flag) this package hides
// DISPLAY and WAYLAND_DISPLAY during initialisation; main puts them back
// with RestoreDisplay. The window (no arguments, or flags only) keeps them.
package locale

import (
	"os"
	"syscall"
)

// displayVars are the variables GTK looks for a display in.
var displayVars = []string{"DISPLAY", "WAYLAND_DISPLAY"}

// hidden holds the display variables hidden from a command-line run.
var hidden = map[string]string{}

func init() {
	setLanguage()
	if Headless(os.Args[1:]) {
		for _, k := range displayVars {
			if v, ok := syscall.Getenv(k); ok {
				hidden[k] = v
				syscall.Unsetenv(k)
			}
		}
	}
}

func setLanguage() {
	if v, ok := syscall.Getenv("LANGUAGE"); ok && v != "" {
		return
	}
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v, ok := syscall.Getenv(k); ok && v != "" {
			if v != "C" && v != "POSIX" && v != "C.UTF-8" && v != "C.utf8" {
				return
			}
			break
		}
	}
	syscall.Setenv("LANGUAGE", "en")
}

// Headless reports whether a run with these arguments (without the program
// name) is a command-line run: its first argument is a subcommand, not a
// flag of the window.
func Headless(args []string) bool {
	return len(args) > 0 && args[0] != "" && args[0][0] != '-'
}

// RestoreDisplay puts back the display variables hidden during package
// initialisation, so that the command's child processes see them.
func RestoreDisplay() {
	for k, v := range hidden {
		os.Setenv(k, v)
	}
}
