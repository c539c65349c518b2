// Package layers holds no code: its test enforces Parallax's dependency
// rules (app → index → corpus, Fyne only in app/ and main, Bleve only in
// index/, the native dialog only under app/, Fyne's app package only in
// main.go).
package layers
