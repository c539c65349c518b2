package app

import (
	"context"
	"io"
	"io/fs"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"github.com/parallax-research/parallax/corpus"
	"github.com/parallax-research/parallax/index"
)

// Corpus is what the screens need from an open corpus (*index.Corpus).
type Corpus interface {
	Name() string
	Dir() string
	Count() int
	Stats() index.Stats
	Search(ctx context.Context, q index.Query) (*index.Result, error)
	Article(id string) (*corpus.Article, error)
	NewImporter(counters *corpus.Counters, report func(path string, err error)) *corpus.Importer
	Put(ctx context.Context, b corpus.Batch) error
	Close() error

	// KWIC streams the concordance lines of q's matches.
	KWIC(ctx context.Context, q index.Query, width int, fn func(index.KWICLine) error) error
	// Timeline counts q's matches per day, week or month.
	Timeline(ctx context.Context, q index.Query, by string, splitOutlet bool) (*index.Timeline, error)
	// Export writes q's matches as CSV or JSONL.
	Export(ctx context.Context, q index.Query, format string, fields []string, w io.Writer) (int, error)

	SavedSearches() ([]index.SavedSearch, error)
	SaveSearch(name, query string) error
	DeleteSearch(name string) error
}

var _ Corpus = (*index.Corpus)(nil)

// Opener opens the corpus in dir; with create it may create a new one
// there. main.go injects one built on index.Open; tests inject fakes.
type Opener func(dir string, create bool) (Corpus, error)

// Picker asks the user for paths. Every callback runs on the UI goroutine
// and gets "" when the user cancelled, and an error when the picker itself
// failed (the UI then falls back to Fyne's own dialogs).
type Picker interface {
	PickFolder(parent fyne.Window, done func(dir string, err error))
	PickFile(parent fyne.Window, title string, done func(path string, err error))
	SaveFile(parent fyne.Window, title, name string, done func(path string, err error))
}

// Deps are what main.go injects.
type Deps struct {
	// Corpus is the corpus open at start.
	Corpus Corpus
	// Open opens another corpus (File ▸ Corpora). Nil disables switching.
	Open Opener
	// CorporaDir holds the named corpora, one directory each
	// (index.DataDir()/corpora).
	CorporaDir string
	// Picker is the native file dialog; nil uses Fyne's dialogs.
	Picker Picker
	// Sample is the built-in sample corpus, imported when LoadSample is set
	// and the corpus is empty.
	Sample     fs.FS
	LoadSample bool
}

// fynePicker is the fallback picker: Fyne's own dialogs.
type fynePicker struct{}

func (fynePicker) PickFolder(parent fyne.Window, done func(string, error)) {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil || u == nil {
			done("", err)
			return
		}
		done(u.Path(), nil)
	}, parent)
	startAtHome(d)
	d.Resize(fyne.NewSize(720, 520))
	d.Show()
}

func (fynePicker) PickFile(parent fyne.Window, _ string, done func(string, error)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			done("", err)
			return
		}
		r.Close()
		done(r.URI().Path(), nil)
	}, parent)
	startAtHome(d)
	d.Resize(fyne.NewSize(720, 520))
	d.Show()
}

func (fynePicker) SaveFile(parent fyne.Window, _, name string, done func(string, error)) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			done("", err)
			return
		}
		w.Close()
		done(w.URI().Path(), nil)
	}, parent)
	d.SetFileName(name)
	startAtHome(d)
	d.Resize(fyne.NewSize(720, 520))
	d.Show()
}

func startAtHome(d *dialog.FileDialog) {
	if home, err := storage.ListerForURI(storage.NewFileURI(homeDir())); err == nil {
		d.SetLocation(home)
	}
}

// pick runs one of the injected picker's methods and, when it reports an
// error (no native dialog on this system), the same with Fyne's dialog.
func (u *UI) pick(call func(p Picker, done func(string, error)), use func(string)) {
	call(u.picker, func(path string, err error) {
		if err != nil {
			if _, fallback := u.picker.(fynePicker); !fallback {
				call(fynePicker{}, func(path string, err error) {
					if err == nil && path != "" {
						use(path)
					}
				})
				return
			}
			dialog.ShowError(err, u.win)
			return
		}
		if path != "" {
			use(path)
		}
	})
}
