package corpus

import (
	"errors"
	"fmt"
)

// Reader parses the raw bytes of one file into zero or more articles.
//
// name is the file's slash-separated path (its extension is a format hint).
// A reader fills what the file itself says (Title, Body, Outlet, Published
// with DateSource "metadata", URL, Authors, Lang, Meta ...); the importer then
// fills Path, Format, Source, ID and runs cleaning and analysis.
//
// A reader of a multi-article file (JSONL, CSV) that meets bad items returns
// the good articles together with an *ItemErrors listing the bad ones; any
// other error means the whole file failed.
type Reader interface {
	Read(name string, data []byte) ([]Article, error)
}

// ReaderFunc adapts a function to Reader.
type ReaderFunc func(name string, data []byte) ([]Article, error)

// Read calls f.
func (f ReaderFunc) Read(name string, data []byte) ([]Article, error) { return f(name, data) }

// ItemError is one bad item (a line, a row, an archive entry) inside a file.
type ItemError struct {
	// Item names the item inside the file, e.g. "line 3" or "row 12".
	Item string
	Err  error
}

func (e ItemError) Error() string { return e.Item + ": " + e.Err.Error() }

// ItemErrors is returned with the good articles of a partly bad file.
type ItemErrors []ItemError

func (e ItemErrors) Error() string {
	if len(e) == 1 {
		return e[0].Error()
	}
	return fmt.Sprintf("%s (and %d more bad items)", e[0].Error(), len(e)-1)
}

// ErrSkip is wrapped by readers for files that are deliberately not imported
// (not an article format); the importer counts them as skipped, not failed.
var ErrSkip = errors.New("not an article file")
