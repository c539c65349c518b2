package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"math/rand"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bquery "github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/util"
	"github.com/parallax-research/parallax/corpus"
)

// pairsCorpus is a corpus of random English-like bodies over a small
// vocabulary, so that most articles hold the words of a phrase without the
// phrase itself.
func pairsCorpus(t *testing.T) *Corpus {
	t.Helper()
	c, err := Open(filepath.Join(t.TempDir(), "c"), Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	words := strings.Fields("climate change health care supreme court white house border wall tax cuts the of and police reform")
	r := rand.New(rand.NewSource(7))
	var b corpus.Batch
	for i := 0; i < 400; i++ {
		n := 5 + r.Intn(60)
		w := make([]string, n)
		for k := range w {
			w[k] = words[r.Intn(len(words))]
		}
		body := strings.Join(w, " ")
		a := corpus.Article{Title: fmt.Sprintf("Article %d", i), Body: body, Outlet: "Test", Lang: "en", Format: "txt", Path: fmt.Sprintf("t/%d.txt", i)}
		a.ID = corpus.MakeID(a.Title, a.Body)
		b.Articles = append(b.Articles, a)
	}
	if err := c.Put(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	return c
}

type hitScores map[string]float64

func runQuery(t *testing.T, c *Corpus, q bquery.Query) hitScores {
	t.Helper()
	req := bleve.NewSearchRequestOptions(q, 1000, 0, false)
	res, err := c.idx.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	out := hitScores{}
	for _, h := range res.Hits {
		out[h.ID] = h.Score
	}
	return out
}

func sameHits(t *testing.T, label string, got, want hitScores) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d hits, want %d", label, len(got), len(want))
	}
	for id, s := range want {
		g, ok := got[id]
		if !ok {
			t.Errorf("%s: missing %s", label, id)
			continue
		}
		if math.Abs(g-s) > 1e-9*math.Max(1, math.Abs(s)) {
			t.Errorf("%s: %s scores %g, want %g", label, id, g, s)
		}
	}
}

// The pair-led phrase query finds exactly what Bleve's phrase query finds,
// with the same scores.
func TestPairPhraseMatchesPhrase(t *testing.T) {
	c := pairsCorpus(t)
	for _, phrase := range []string{"climate change", "health care", "white house", "care health", "change of climate", "the tax cuts",
		"border wall tax", "supreme court and police reform", "house house", "police the reform"} {
		cp := &compiler{c: c, m: c.idx.Mapping(), analyzers: []string{textEN}, text: phrase}
		sl := slots(cp.analyze(textEN, phrase))
		want := runQuery(t, c, bquery.NewMultiPhraseQuery(sl, "body"))
		if len(want) == 0 {
			t.Errorf("%q: no article holds it; the corpus should", phrase)
		}
		pq, ok := cp.pairQuery(phrase, sl, 1).(*pairPhraseQuery)
		if ok {
			sameHits(t, fmt.Sprintf("%q", phrase), runQuery(t, c, pq), want)
			// Inside a disjunction, which sets the query norm.
			tq := bquery.NewTermQuery("articl")
			tq.SetField("title")
			mpq := bquery.NewMultiPhraseQuery(sl, "body")
			sameHits(t, fmt.Sprintf("%q or a title word", phrase), runQuery(t, c, bquery.NewDisjunctionQuery([]bquery.Query{pq, tq})),
				runQuery(t, c, bquery.NewDisjunctionQuery([]bquery.Query{mpq, tq})))
		} else if phrase != "change of climate" && phrase != "police the reform" { // their only pairs span the stop word
			t.Errorf("%q: no pair query", phrase)
		}

		// The whole search path agrees with the positional compilation.
		res, err := c.Search(context.Background(), Query{Text: `body:"` + phrase + `"`, Size: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != uint64(len(want)) {
			t.Errorf("%q: Search found %d, want %d", phrase, res.Total, len(want))
		}
	}
}

// Two pairs with one code: an article with the other pair and the words
// of the phrase apart is a candidate, and the position check drops it.
func TestPairCodeCollision(t *testing.T) {
	cp := &compiler{m: newMapping()}
	code := func(p string) string {
		ts := cp.analyze(pairsEN, p)
		if len(ts) != 1 {
			t.Fatalf("%q: %d pairs", p, len(ts))
		}
		return string(ts[0].Term)
	}
	seen := map[string]string{}
	var p1, p2 string
	for i := 0; p1 == ""; i++ {
		p := fmt.Sprintf("xq%d yq%d", i, i)
		if other, ok := seen[code(p)]; ok {
			p1, p2 = other, p
		}
		seen[code(p)] = p
	}
	w1 := strings.Fields(p1)
	c, err := Open(filepath.Join(t.TempDir(), "c"), Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var b corpus.Batch
	for i, body := range []string{
		"it says " + p1 + " here",                            // the phrase
		"it says " + p2 + " and " + w1[1] + " then " + w1[0], // the code and the words, apart
		"only " + p2, // the code only
	} {
		a := corpus.Article{Title: fmt.Sprint("Doc ", i), Body: body, Lang: "en", Outlet: "T", Path: fmt.Sprint(i)}
		a.ID = fmt.Sprint("doc", i)
		b.Articles = append(b.Articles, a)
	}
	if err := c.Put(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	res, err := c.Search(context.Background(), Query{Text: `body:"` + p1 + `"`})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 || res.Hits[0].ID != "doc0" {
		t.Errorf("%q (code shared with %q): %d hits %v, want doc0 only", p1, p2, res.Total, res.Hits)
	}
	sl := slots(cp.analyze(textEN, p1))
	want := runQuery(t, c, bquery.NewMultiPhraseQuery(sl, "body"))
	sameHits(t, p1, runQuery(t, c, &pairPhraseQuery{field: "body", slots: sl, codes: []string{code(p1)}, boost: 1}), want)
}

func TestPairCode(t *testing.T) {
	a, b := string(pairCode([]byte("climat chang"))), string(pairCode([]byte("health care")))
	if len(a) != 4 || len(b) != 4 || a == b {
		t.Errorf("codes %q %q: want two different 4-character codes", a, b)
	}
	if a != string(pairCode([]byte("climat chang"))) {
		t.Error("pairCode is not deterministic")
	}
	// The analyzer indexes exactly the codes the query side looks up.
	cp := &compiler{m: newMapping()}
	ts := cp.analyze(pairsEN, "Climate change")
	if len(ts) != 1 || string(ts[0].Term) != a {
		t.Errorf("analysed %v, want [%s]", ts, a)
	}
}

// mappingSum is the checksum of newMapping's JSON. When this fails, the
// mapping has changed: bump SchemaVersion if older indexes cannot serve
// the new mapping, and set mappingSum to the value printed.
func TestMappingSum(t *testing.T) {
	b, err := util.MarshalJSON(newMapping())
	if err != nil {
		t.Fatal(err)
	}
	if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != mappingSum {
		t.Fatalf("the mapping changed: mappingSum = %q", hex.EncodeToString(sum[:]))
	}
}

// An index keeps the mapping it was created with; opening it rebuilds this
// build's mapping instead of decoding the stored JSON, which only works if
// the stored bytes have the checksum mappingSum.
func TestStoredMappingIsRebuilt(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "c")
	c, err := Open(dir, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	c, err = Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r, err := c.idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	ir, err := r.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer ir.Close()
	stored, err := ir.GetInternal([]byte("_mapping"))
	if err != nil {
		t.Fatal(err)
	}
	if sum := sha256.Sum256(stored); hex.EncodeToString(sum[:]) != mappingSum {
		t.Fatalf("the stored mapping's checksum is not mappingSum: opening decodes it the slow way")
	}
	var im0 *mapping.IndexMappingImpl
	if err := json.Unmarshal(stored, &im0); err != nil {
		t.Fatal(err)
	}
	if again, _ := json.Marshal(im0); string(again) != string(stored) {
		t.Fatal("the stored mapping does not survive a JSON round trip")
	}
	// Other mappings, and other values, still decode.
	var im *mapping.IndexMappingImpl
	if err := util.UnmarshalJSON([]byte(`{"default_analyzer":"keyword"}`), &im); err != nil || im.DefaultAnalyzer != "keyword" {
		t.Fatalf("decoding another mapping: %v, %+v", err, im)
	}
	var m map[string]int
	if err := util.UnmarshalJSON([]byte(`{"a":1}`), &m); err != nil || m["a"] != 1 {
		t.Fatalf("decoding a map: %v %v", err, m)
	}
}
