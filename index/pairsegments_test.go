package index

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bquery "github.com/blevesearch/bleve/v2/search/query"
	"github.com/parallax-research/parallax/corpus"
)

// The pair-led phrase query reads the words' postings segment by segment:
// over several segments, with deleted articles, it finds what Bleve's
// phrase query finds, with the same scores.
func TestPairPhraseAcrossSegments(t *testing.T) {
	// A raw in-memory index with this build's mapping: with nothing
	// persisted nothing is merged, so each batch stays a segment.
	idx, err := bleve.NewUsing("", newMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	c := &Corpus{idx: idx}
	words := strings.Fields("climate change health care white house border wall the of police reform")
	r := rand.New(rand.NewSource(11))
	var ids []string
	for batch := 0; batch < 4; batch++ {
		b := idx.NewBatch()
		for i := 0; i < 60+batch*17; i++ {
			w := make([]string, 5+r.Intn(40))
			for k := range w {
				w[k] = words[r.Intn(len(words))]
			}
			a := corpus.Article{Title: fmt.Sprintf("Article %d.%d", batch, i), Body: strings.Join(w, " "), Outlet: "Test", Lang: "en", Format: "txt",
				Path: fmt.Sprintf("t/%d/%d.txt", batch, i)}
			a.ID = corpus.MakeID(a.Title, a.Body)
			ids = append(ids, a.ID)
			if err := b.Index(a.ID, toDoc(&a)); err != nil {
				t.Fatal(err)
			}
		}
		if err := idx.Batch(b); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < len(ids); i += 7 {
		if err := idx.Delete(ids[i]); err != nil {
			t.Fatal(err)
		}
	}
	ai, err := idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r0, err := ai.Reader()
	if err != nil {
		t.Fatal(err)
	}
	segs := len(r0.(*scorch.IndexSnapshot).Segments())
	r0.Close()
	if segs < 3 {
		t.Fatalf("the index has %d segment(s); the test needs several", segs)
	}
	for _, phrase := range []string{"climate change", "health care", "white house", "care health", "border wall police", "house house"} {
		cp := &compiler{c: c, m: idx.Mapping(), analyzers: []string{textEN}, text: phrase}
		sl := slots(cp.analyze(textEN, phrase))
		want := runQuery(t, c, bquery.NewMultiPhraseQuery(sl, "body"))
		if len(want) == 0 {
			t.Errorf("%q: no article holds it; the corpus should", phrase)
		}
		pq, ok := cp.pairQuery(phrase, sl, 1).(*pairPhraseQuery)
		if !ok {
			t.Fatalf("%q: no pair query", phrase)
		}
		sameHits(t, fmt.Sprintf("%q over %d segments", phrase, segs), runQuery(t, c, pq), want)
	}
}
