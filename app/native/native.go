// Package native opens the platform's own file dialogs (GTK on Linux,
// through github.com/sqweek/dialog, which needs cgo). main.go injects it into
// the app; the app falls back to Fyne's dialogs when it reports an error.
package native

import (
	"errors"

	"fyne.io/fyne/v2"
	"github.com/sqweek/dialog"
)

// Picker is the native file picker. Each dialog runs off the UI goroutine
// (it blocks until closed) and reports back on the UI goroutine.
type Picker struct{}

// PickFolder asks for a folder to import.
func (Picker) PickFolder(_ fyne.Window, done func(dir string, err error)) {
	run(done, func() (string, error) {
		return dialog.Directory().Title("Import folder into Parallax").Browse()
	})
}

// PickFile asks for an existing file.
func (Picker) PickFile(_ fyne.Window, title string, done func(path string, err error)) {
	run(done, func() (string, error) { return dialog.File().Title(title).Load() })
}

// SaveFile asks where to save a file, suggesting name.
func (Picker) SaveFile(_ fyne.Window, title, name string, done func(path string, err error)) {
	run(done, func() (string, error) { return dialog.File().Title(title).SetStartFile(name).Save() })
}

func run(done func(string, error), show func() (string, error)) {
	go func() {
		p, err := show()
		if errors.Is(err, dialog.ErrCancelled) {
			p, err = "", nil
		}
		fyne.Do(func() { done(p, err) })
	}()
}
