// Package app is Parallax's desktop user interface, built with Fyne. It
// holds the main window's shell and one unexported struct per screen, each
// with a build method returning its content and onX handlers that change
// its state. Long work runs off the UI goroutine (jobs.go) and comes back
// through fyne.Do.
//
// app imports corpus and index types but never Bleve, and never the native
// dialog package (app/native), which main.go injects as a FolderPicker so
// that this package builds and tests without cgo or a display.
package app
