package index

import (
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
)

// deferredAnalyzer is the type of an analyzer built on its first use: it
// stands in for one of Bleve's language analyzers (config "of": its name)
// in the mapping of an opened index.
//
// Opening an index validates its mapping, and validating builds every
// analyzer the mapping names: the fourteen language analyzers, their
// stop-word lists and stemmers, a good part of a millisecond on every open,
// while most runs (a search of an English corpus) use none of them.
const deferredAnalyzer = "px_deferred"

func init() {
	registry.RegisterAnalyzer(deferredAnalyzer, func(config map[string]interface{}, _ *registry.Cache) (analysis.Analyzer, error) {
		name, ok := config["of"].(string)
		if !ok || name == "" {
			return nil, fmt.Errorf("%s: no analyzer named", deferredAnalyzer)
		}
		return &lazyAnalyzer{name: name}, nil
	})
}

// deferLanguageAnalyzers makes im's language analyzers (langAnalyzers)
// deferred ones: the same analysis, built when first used. Only for a
// mapping read from an index (unmarshalJSON): a new index stores its
// mapping as newMapping builds it.
func deferLanguageAnalyzers(im *mapping.IndexMappingImpl) error {
	done := map[string]bool{}
	for _, an := range langAnalyzers {
		if done[an] {
			continue
		}
		done[an] = true
		if err := im.AddCustomAnalyzer(an, map[string]interface{}{"type": deferredAnalyzer, "of": an}); err != nil {
			return err
		}
	}
	return nil
}

// lazyAnalyzer is a deferredAnalyzer: Bleve's analyzer of that name,
// built from the registry on the first Analyze.
type lazyAnalyzer struct {
	name string
	once sync.Once
	a    analysis.Analyzer
}

func (l *lazyAnalyzer) Analyze(text []byte) analysis.TokenStream {
	l.once.Do(func() {
		a, err := registry.NewCache().AnalyzerNamed(l.name)
		if err != nil {
			// The names are Bleve's own language analyzers, linked into
			// this binary (mapping.go): a failure is a build mistake.
			panic(fmt.Sprintf("analyzer %s: %v", l.name, err))
		}
		l.a = a
	})
	return l.a.Analyze(text)
}
