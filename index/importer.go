package index

import (
	"github.com/parallax-research/parallax/corpus"
)

// NewImporter returns the importer the CLI and the GUI share for this
// corpus: incremental (unchanged files are skipped) and reporting every
// failed file to report (which may be nil). Failures are also kept in the
// corpus's import log by Put.
func (c *Corpus) NewImporter(counters *corpus.Counters, report func(path string, err error)) *corpus.Importer {
	return &corpus.Importer{
		Counters:    counters,
		Unchanged:   c.Unchanged,
		Boilerplate: c.boilerplate(),
		NearDups:    c.nearDups(),
		Analyze:     corpus.ExtractEntities, // entities (corpus/entities.go)
		OnError: func(path string, err error) error {
			if report != nil {
				report(path, err)
			}
			return nil
		},
	}
}
