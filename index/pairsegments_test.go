package index

import (
	"context"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	bquery "github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
	"github.com/parallax-research/parallax/corpus"
)

// The pair-led phrase query reads the words' postings segment by segment:
// over several segments, with deleted articles, it finds what Bleve's
// phrase query finds, with the same scores.
func TestPairPhraseAcrossSegments(t *testing.T) {
	defer func(v uint64) { parallelPhraseCandidates = v }(parallelPhraseCandidates)
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
			pick := func(n int) string {
				out := make([]string, n)
				for k := range out {
					out[k] = words[r.Intn(len(words))]
				}
				return strings.Join(out, " ")
			}
			a := corpus.Article{Title: fmt.Sprintf("Article %d.%d: ", batch, i) + pick(2+r.Intn(8)), Body: strings.Join(w, " "), Outlet: "Test", Lang: "en", Format: "txt",
				Path: fmt.Sprintf("t/%d/%d.txt", batch, i), Captions: []string{pick(r.Intn(6)), pick(r.Intn(6))}}
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
		for _, min := range []uint64{1 << 62, 0, 50} { // no helper; a helper for every phrase; for the frequent ones
			parallelPhraseCandidates = min
			label := fmt.Sprintf("%q over %d segments, helper from %d candidates", phrase, segs, min)
			sameHits(t, label, runQuery(t, c, pq), want)
			// Inside a disjunction (Next) and a conjunction (Advance).
			tq := bquery.NewTermQuery("articl")
			tq.SetField("title")
			mpq := bquery.NewMultiPhraseQuery(sl, "body")
			sameHits(t, label+" or a title word", runQuery(t, c, bquery.NewDisjunctionQuery([]bquery.Query{pq, tq})),
				runQuery(t, c, bquery.NewDisjunctionQuery([]bquery.Query{mpq, tq})))
			for _, w := range []string{"polic", "border", "reform"} {
				bq := bquery.NewTermQuery(w)
				bq.SetField("body")
				sameHits(t, label+" and "+w, runQuery(t, c, bquery.NewConjunctionQuery([]bquery.Query{bq, pq})),
					runQuery(t, c, bquery.NewConjunctionQuery([]bquery.Query{bq, mpq})))
			}
		}
	}
	// Titles and captions: the candidates are the articles with every word.
	for _, field := range []string{"title", "captions"} {
		for _, phrase := range []string{"climate change", "health care", "white house", "care health", "border wall police", "house house", "wall of police"} {
			cp := &compiler{c: c, m: idx.Mapping(), analyzers: []string{textEN}, text: phrase}
			sl := slots(cp.analyze(textEN, phrase))
			mpq := bquery.NewMultiPhraseQuery(sl, field)
			mpq.SetBoost(2)
			want := runQuery(t, c, mpq)
			if len(want) == 0 && len(sl) == 2 {
				t.Errorf("%s %q: no article holds it; the corpus should", field, phrase)
			}
			pq, ok := cp.wordsQuery(field, sl, 2).(*pairPhraseQuery)
			if !ok {
				t.Fatalf("%s %q: no words query", field, phrase)
			}
			label := fmt.Sprintf("%s %q", field, phrase)
			sameHits(t, label, runQuery(t, c, pq), want)
			tq := bquery.NewTermQuery("polic")
			tq.SetField("body")
			sameHits(t, label+" or a body word", runQuery(t, c, bquery.NewDisjunctionQuery([]bquery.Query{pq, tq})),
				runQuery(t, c, bquery.NewDisjunctionQuery([]bquery.Query{mpq, tq})))
			sameHits(t, label+" and a body word", runQuery(t, c, bquery.NewConjunctionQuery([]bquery.Query{tq, pq})),
				runQuery(t, c, bquery.NewConjunctionQuery([]bquery.Query{tq, mpq})))
		}
	}
	// Advance backwards starts again, with or without a helper.
	cp := &compiler{c: c, m: idx.Mapping(), analyzers: []string{textEN}, text: "white house"}
	sl := slots(cp.analyze(textEN, "white house"))
	pq := cp.pairQuery("white house", sl, 1).(*pairPhraseQuery)
	want := runQuery(t, c, pq)
	r1, err := ai.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r1.Close()
	for _, min := range []uint64{1 << 62, 0} {
		parallelPhraseCandidates = min
		s, err := pq.Searcher(context.Background(), r1, idx.Mapping(), search.SearcherOptions{})
		if err != nil {
			t.Fatal(err)
		}
		sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(10, 0)}
		var docs []uint64
		for d, err := s.Next(sctx); d != nil || err != nil; d, err = s.Next(sctx) {
			if err != nil {
				t.Fatal(err)
			}
			docs = append(docs, d.IndexInternalID.Value())
		}
		if len(docs) != len(want) || len(docs) < 3 {
			t.Fatalf("helper from %d: %d documents, want %d (at least 3)", min, len(docs), len(want))
		}
		for _, k := range []int{1, 0, len(docs) - 1, 2} {
			d, err := s.Advance(sctx, bindex.NewIndexInternalID(nil, docs[k]))
			if err != nil || d == nil || d.IndexInternalID.Value() != docs[k] {
				t.Errorf("helper from %d: Advance to document %d gave %v, %v", min, docs[k], d, err)
			}
		}
		s.Close()
	}
}
