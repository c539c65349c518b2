package cli

import "github.com/parallax-research/parallax/corpus"

// analyzeExtracted runs the per-article analysis an import runs (entities)
// on an article read by `parallax extract`.
func analyzeExtracted(a *corpus.Article) { corpus.ExtractEntities(a) }
