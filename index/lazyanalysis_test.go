package index

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/parallax-research/parallax/corpus"
)

// A reopened index's language analyzers are deferred, and analyse as
// Bleve's own do.
func TestDeferredLanguageAnalyzers(t *testing.T) {
	im := newMapping().(*mapping.IndexMappingImpl)
	if err := deferLanguageAnalyzers(im); err != nil {
		t.Fatal(err)
	}
	if err := im.Validate(); err != nil {
		t.Fatal(err)
	}
	text := []byte("Les réfugiés arrivent; die Flüchtlinge kommen; los refugiados llegan; беженцы прибывают")
	for lang, an := range langAnalyzers {
		got := im.AnalyzerNamed(an)
		if _, ok := got.(*lazyAnalyzer); !ok {
			t.Errorf("%s: analyzer %s is a %T, want a deferred one", lang, an, got)
			continue
		}
		want, err := registry.NewCache().AnalyzerNamed(an)
		if err != nil {
			t.Fatal(err)
		}
		if g, w := got.Analyze(text), want.Analyze(text); !reflect.DeepEqual(g, w) {
			t.Errorf("%s: deferred analysis %v, want %v", an, g, w)
		}
	}
}

// A corpus reopened (its mapping read back, deferred analyzers) indexes
// and finds articles in other languages as the new one did.
func TestReopenedCorpusAnalysesLanguages(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "c")
	fr := corpus.Article{ID: "fr1", Path: "fr1.txt", Title: "Les réfugiés", Body: "Les réfugiés arrivent à la frontière.", Lang: "fr", Outlet: "Le Monde", Format: "txt"}
	de := corpus.Article{ID: "de1", Path: "de1.txt", Title: "Flüchtlinge", Body: "Die Flüchtlinge kommen an der Grenze an.", Lang: "de", Outlet: "Die Zeit", Format: "txt"}
	c, err := Open(dir, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Put(context.Background(), corpus.Batch{Articles: []corpus.Article{fr}}); err != nil {
		t.Fatal(err)
	}
	c.Close()
	c, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, ok := c.idx.Mapping().AnalyzerNamed("fr").(*lazyAnalyzer); !ok {
		t.Fatalf("the reopened corpus's French analyzer is a %T, want a deferred one", c.idx.Mapping().AnalyzerNamed("fr"))
	}
	if err := c.Put(context.Background(), corpus.Batch{Articles: []corpus.Article{de}}); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{"réfugié": "fr1", "refugie": "fr1", "frontières": "fr1", "Flüchtling": "de1", "grenze": "de1"} {
		res, err := c.Search(context.Background(), Query{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 1 || res.Hits[0].ID != want {
			t.Errorf("%q: %d hits %v, want %s", q, res.Total, res.Hits, want)
		}
	}
}
