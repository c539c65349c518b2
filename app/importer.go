package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"fyne.io/fyne/v2/dialog"

	"github.com/parallax-research/parallax/corpus"
)

// importController runs imports for the UI and reports their outcome.
type importController struct {
	u *UI
	// failures of the last import, "path: reason".
	mu       sync.Mutex
	failures []string
	last     corpus.Progress
}

func newImportController(u *UI) *importController { return &importController{u: u} }

func (ic *importController) onImportFolder() {
	ic.u.picker.PickFolder(ic.u.win, func(dir string, err error) {
		if err != nil {
			if _, native := ic.u.picker.(fynePicker); !native {
				// The native dialog is unavailable: fall back to Fyne's.
				fynePicker{}.PickFolder(ic.u.win, func(dir string, err error) {
					if err == nil && dir != "" {
						ic.importPaths(dir)
					}
				})
				return
			}
			dialog.ShowError(err, ic.u.win)
			return
		}
		if dir != "" {
			ic.importPaths(dir)
		}
	})
}

// importPaths imports folders or files in the background.
func (ic *importController) importPaths(paths ...string) {
	ic.run("Importing "+strings.Join(paths, ", "), func(ctx context.Context, im *corpus.Importer) (corpus.Progress, error) {
		return im.Import(ctx, ic.u.deps.Corpus, paths...)
	})
}

// importSample loads the built-in sample corpus.
func (ic *importController) importSample() {
	ic.run("Loading the sample corpus", func(ctx context.Context, im *corpus.Importer) (corpus.Progress, error) {
		return im.ImportFS(ctx, ic.u.deps.Corpus, ic.u.deps.Sample, "sample:")
	})
}

func (ic *importController) run(what string, work func(context.Context, *corpus.Importer) (corpus.Progress, error)) {
	ic.mu.Lock()
	ic.failures = nil
	ic.mu.Unlock()
	ic.u.status.SetText(what + "…")
	started := ic.u.jobs.start(func(ctx context.Context, counters *corpus.Counters) (corpus.Progress, error) {
		im := ic.u.deps.Corpus.NewImporter(counters, func(path string, err error) {
			ic.mu.Lock()
			ic.failures = append(ic.failures, path+": "+err.Error())
			ic.mu.Unlock()
		})
		return work(ctx, im)
	}, func(p corpus.Progress, err error) {
		ic.mu.Lock()
		ic.last = p
		failures := append([]string(nil), ic.failures...)
		ic.mu.Unlock()
		ic.u.refreshStatus()
		ic.u.search.run()
		switch {
		case errors.Is(err, context.Canceled):
			dialog.ShowInformation("Import cancelled", fmt.Sprintf("Stopped after %d files; what was imported is kept.", p.Done), ic.u.win)
		case err != nil:
			dialog.ShowError(err, ic.u.win)
		case len(failures) > 0:
			msg := fmt.Sprintf("Imported %d files (%d articles), skipped %d, failed %d:\n\n%s",
				p.Imported, p.Articles, p.Skipped, p.Failed, strings.Join(failures[:min(len(failures), 12)], "\n"))
			if len(failures) > 12 {
				msg += fmt.Sprintf("\n… and %d more (see parallax import-log)", len(failures)-12)
			}
			dialog.ShowInformation("Import finished with failures", msg, ic.u.win)
		}
	})
	if !started {
		dialog.ShowInformation("Busy", "Another import is running; wait for it or cancel it first.", ic.u.win)
	}
}

// Failures returns the failures of the last import.
func (ic *importController) Failures() []string {
	ic.mu.Lock()
	defer ic.mu.Unlock()
	return append([]string(nil), ic.failures...)
}
