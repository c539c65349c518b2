package index

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/parallax-research/parallax/corpus"
	bolt "go.etcd.io/bbolt"
)

// coldArticles makes articles with body and caption mentions, surface
// forms and a query word in some of them.
func coldArticles(n int, seed uint64) []corpus.Article {
	r := rand.New(rand.NewPCG(seed, 3))
	names := []string{"Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India", "Juliet", "Kilo", "Lima"}
	arts := make([]corpus.Article, n)
	for d := range arts {
		sents := []string{"S0 x.", "S1 y.", "S2 z."}
		if d%3 == 0 {
			sents[1] = "S1 quokka."
		}
		var ents []string
		for k := 0; k < r.IntN(8); k++ {
			where := fmt.Sprint(r.IntN(3))
			if r.IntN(6) == 0 {
				where = "c"
			}
			ents = append(ents, fmt.Sprintf("%s/%s@%s", names[r.IntN(len(names))], []string{"ORG", "PER", "LOC"}[r.IntN(3)], where))
		}
		arts[d] = entArticle([]string{"A", "B", "C"}[d%3], 1+d%28, sents, ents...)
	}
	return arts
}

// TestCooccurColdMatchesWarm checks that the first query after Open
// (answered from the name record stats or the matching doc records only)
// equals the answer from the full entity cache, also after the tables are
// upgraded from format 2.
func TestCooccurColdMatchesWarm(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "c")
	c, err := Open(dir, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	arts := coldArticles(90, 5)
	for _, part := range [][]corpus.Article{arts[:30], arts[30:70], arts[70:]} {
		var recs []corpus.FileRecord
		for _, a := range part {
			recs = append(recs, corpus.FileRecord{Path: a.Path, Size: 1, Hash: "a", IDs: []string{a.ID}})
		}
		if err := c.Put(ctx, corpus.Batch{Articles: part, Files: recs}); err != nil {
			t.Fatal(err)
		}
	}
	// Re-import changed articles and delete some: the stats follow.
	changed := coldArticles(10, 6)
	for i := range changed {
		changed[i].ID = arts[i].ID
	}
	gone := []corpus.FileRecord{{Path: arts[50].Path, Size: 2, Hash: "b"}, {Path: arts[51].Path, Size: 2, Hash: "b"}}
	if err := c.Put(ctx, corpus.Batch{Articles: changed, Files: gone}); err != nil {
		t.Fatal(err)
	}
	c.Close()

	queries := []CooccurQuery{
		{Top: 1000},
		{Window: "sentence", Top: 1000},
		{Measure: "npmi", Window: "sentence", Top: 5},
		{Measure: "g2", Top: 7, EntityQuery: EntityQuery{Types: []string{"ORG", "PER"}}},
		{Top: 1000, EntityQuery: EntityQuery{Query: Query{Text: "quokka"}}},
		{Window: "sentence", Top: 1000, EntityQuery: EntityQuery{Query: Query{Text: "quokka"}, Outlets: []string{"A"}}},
		{Top: 1000, EntityQuery: EntityQuery{Query: Query{Text: "quokka"}, Captions: true}},
		{Top: 1000, EntityQuery: EntityQuery{Query: Query{Text: "nomatchword"}}},
	}
	var answers [][]Pair
	check := func(label string) {
		t.Helper()
		answers = answers[:0]
		for i, q := range queries {
			c, err := Open(dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			cold, err := c.Cooccur(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if c.loadedEnts() != nil && i < len(queries)-1 {
				// The cold path loads no full cache (bar the last query, which
				// matches nothing and may take either path).
				t.Errorf("%s query %d: full cache loaded", label, i)
			}
			if _, err := c.ents(); err != nil {
				t.Fatal(err)
			}
			warm, err := c.Cooccur(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(cold, warm) {
				t.Errorf("%s query %d (%+v):\ncold %+v\nwarm %+v", label, i, q, cold, warm)
			}
			answers = append(answers, cold)
			if i == 0 && len(cold) == 0 {
				t.Errorf("%s: no pairs", label)
			}
			c.Close()
		}
	}
	check("format 3")
	want := slices.Clone(answers)

	// Format 2 tables (name records without stats) are upgraded on open.
	db, err := bolt.Open(filepath.Join(dir, storeFile), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		names := tx.Bucket(bEntNames)
		var ks, vs [][]byte
		names.ForEach(func(k, v []byte) error {
			n, err := decodeNameRec(v)
			if err != nil {
				return err
			}
			n.st = nameStats{}
			old := n.encode()
			ks, vs = append(ks, append([]byte(nil), k...)), append(vs, old[:len(old)-7]) // tag and six zero counts
			return nil
		})
		for i := range ks {
			if err := names.Put(ks[i], vs[i]); err != nil {
				return err
			}
		}
		return metaPut(tx.Bucket(bEntMeta), "format", 2)
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	// Read-only, format 2 tables are used as they are (from the full cache).
	ro, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, q := range queries {
		got, err := ro.Cooccur(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want[i]) {
			t.Errorf("read-only format 2, query %d:\n got %+v\nwant %+v", i, got, want[i])
		}
	}
	ro.Close()
	check("upgraded from format 2")
	if !reflect.DeepEqual(answers, want) {
		t.Error("answers changed by the upgrade")
	}

	// With alias rules the names are read in full (and the whole corpus
	// takes the full cache when a rule applies).
	c, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.MergeEntities("Alpha", "Bravo"); err != nil {
		t.Fatal(err)
	}
	if err := c.IgnoreEntity("Charlie", true); err != nil {
		t.Fatal(err)
	}
	c.Close()
	queries = queries[4:] // the query scopes: whole-corpus queries load the cache
	check("aliases")
	c, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SetAliases(AliasTable{}); err != nil {
		t.Fatal(err)
	}
	if err := c.RenameEntity("Zulu", "Zulu Two"); err != nil { // a rule that changes nothing
		t.Fatal(err)
	}
	c.Close()
	queries = []CooccurQuery{{Top: 1000}, {Window: "sentence", Top: 1000}, {Top: 1000, EntityQuery: EntityQuery{Query: Query{Text: "quokka"}}}}
	check("inert alias rule")
}
