// Package native opens the platform's own folder dialog (GTK on Linux,
// through github.com/sqweek/dialog, which needs cgo). main.go injects it into
// the app; the app falls back to Fyne's dialog when it reports an error.
package native

import (
	"errors"

	"fyne.io/fyne/v2"
	"github.com/sqweek/dialog"
)

// Picker is the native folder picker.
type Picker struct{}

// PickFolder shows the native dialog off the UI goroutine (it blocks until
// closed) and reports back on the UI goroutine.
func (Picker) PickFolder(parent fyne.Window, done func(dir string, err error)) {
	go func() {
		dir, err := dialog.Directory().Title("Import folder into Parallax").Browse()
		if errors.Is(err, dialog.ErrCancelled) {
			dir, err = "", nil
		}
		fyne.Do(func() { done(dir, err) })
	}()
}
