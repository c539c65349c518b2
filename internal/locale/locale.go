// Package locale fixes the process locale before Fyne reads it. Fyne parses
// the user's locale when its lang package initialises; with LANG=C or POSIX
// (common in terminals, containers and CI) it logs a parse error on every
// run, even of a CLI command. Importing this package first (main.go does)
// sets LANGUAGE=en in that case, which Fyne reads before LANG.
package locale

import "syscall"

func init() {
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
