package app

import (
	"context"
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
}

var _ Corpus = (*index.Corpus)(nil)

// FolderPicker asks the user for a folder. The callback gets "" when the
// user cancelled, and an error when the picker itself failed (then the UI
// falls back to Fyne's own dialog).
type FolderPicker interface {
	PickFolder(parent fyne.Window, done func(dir string, err error))
}

// Deps are what main.go injects.
type Deps struct {
	Corpus Corpus
	// Picker is the native folder dialog; nil uses Fyne's dialog.
	Picker FolderPicker
	// Sample is the built-in sample corpus, imported when LoadSample is set
	// and the corpus is empty.
	Sample     fs.FS
	LoadSample bool
}

// fynePicker is the fallback folder picker: Fyne's own dialog.
type fynePicker struct{}

func (fynePicker) PickFolder(parent fyne.Window, done func(string, error)) {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil || u == nil {
			done("", err)
			return
		}
		done(u.Path(), nil)
	}, parent)
	if home, err := storage.ListerForURI(storage.NewFileURI(homeDir())); err == nil {
		d.SetLocation(home)
	}
	d.Resize(fyne.NewSize(720, 520))
	d.Show()
}
