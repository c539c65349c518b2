package assets

import (
	"embed"
	_ "embed"
	"io/fs"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is the application icon.
var Icon = fyne.NewStaticResource("parallax.png", iconPNG)

//go:embed all:sample
var sample embed.FS

// Sample is the built-in sample corpus: plain-text articles under
// <Outlet_Name>/<date>-<slug>.txt plus a manifest.tsv, all fiction written
// for Parallax (see sample/README.md).
func Sample() fs.FS {
	sub, err := fs.Sub(sample, "sample")
	if err != nil {
		panic(err) // the embedded tree always has the folder
	}
	return sampleFS{sub}
}

// sampleFS hides the README, which documents the sample and is no article.
type sampleFS struct{ fs.FS }

func (s sampleFS) Open(name string) (fs.File, error) {
	if name == "README.md" {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return s.FS.Open(name)
}

func (s sampleFS) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(s.FS, name)
	if name != "." {
		return entries, err
	}
	out := entries[:0]
	for _, e := range entries {
		if e.Name() != "README.md" {
			out = append(out, e)
		}
	}
	return out, err
}
