package index

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/parallax-research/parallax/corpus"
	bolt "go.etcd.io/bbolt"
)

// entArticle builds an article whose body is its sentences joined by
// spaces; ents lists "Name/TYPE@sentence" (or "@c" for a caption).
func entArticle(outlet string, day int, sents []string, ents ...string) corpus.Article {
	a := corpus.Article{Outlet: outlet, Title: "T " + strings.Join(sents, " ")[:min(20, len(strings.Join(sents, " ")))],
		Body: strings.Join(sents, " "), Published: time.Date(2024, 1, day, 12, 0, 0, 0, time.UTC)}
	starts := []int{}
	off := 0
	for _, s := range sents {
		starts = append(starts, off)
		off += len(s) + 1
	}
	for _, e := range ents {
		nameType, where, _ := strings.Cut(e, "@")
		name, typ, _ := strings.Cut(nameType, "/")
		ent := corpus.Entity{Text: name, Type: typ, Canonical: name, Field: corpus.FieldBody}
		if canon, ctyp, ok := corpus.BuiltinAlias(name, typ); ok {
			ent.Canonical, ent.Type = canon, ctyp
		}
		if where == "c" {
			ent.Field = corpus.FieldCaptions
			a.Captions = append(a.Captions, name+" pictured.")
			ent.Start, ent.End = 0, len(name)
		} else {
			k := 0
			fmt.Sscan(where, &k)
			ent.Sentence = k
			i := strings.Index(sents[k], name)
			if i < 0 {
				i = 0
			}
			ent.Start, ent.End = starts[k]+i, starts[k]+i+len(name)
		}
		a.Entities = append(a.Entities, ent)
	}
	a.ID = corpus.MakeID(a.Title, a.Body+outlet+fmt.Sprint(day, ents))
	a.Path = a.ID + ".txt"
	return a
}

func openEntCorpus(t testing.TB, arts []corpus.Article) *Corpus {
	t.Helper()
	c, err := Open(filepath.Join(t.TempDir(), "c"), Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Put(context.Background(), corpus.Batch{Articles: arts}); err != nil {
		t.Fatal(err)
	}
	return c
}

func goldenArticles() []corpus.Article {
	return []corpus.Article{
		entArticle("Daily", 1, []string{"Barack Obama met Angela Merkel in Berlin.", "Obama spoke about Russia."},
			"Barack Obama/PER@0", "Angela Merkel/PER@0", "Berlin/LOC@0", "Barack Obama/PER@1", "Russia/LOC@1"),
		entArticle("Daily", 2, []string{"Angela Merkel visited the U.S. today.", "The United States welcomed Merkel."},
			"Angela Merkel/PER@0", "U.S./LOC@0", "United States/LOC@1", "Angela Merkel/PER@1"),
		entArticle("Herald", 3, []string{"Obama and Merkel talked.", "Berlin hosted."},
			"Obama/PER@0", "Merkel/PER@0", "Berlin/LOC@1", "Getty/ORG@c", "Reuters/ORG@c"),
		entArticle("Herald", 4, []string{"Reuters reported on Russia.", "Berlin was quiet."},
			"Reuters/ORG@0", "Russia/LOC@0", "Berlin/LOC@1"),
	}
}

func pairMap(ps []Pair) map[string]int {
	m := map[string]int{}
	for _, p := range ps {
		a, b := p.A.Name, p.B.Name
		if a > b {
			a, b = b, a
		}
		m[a+" + "+b] = p.Count
	}
	return m
}

func TestCooccurGolden(t *testing.T) {
	c := openEntCorpus(t, goldenArticles())
	ctx := context.Background()
	doc, err := c.Cooccur(ctx, CooccurQuery{Top: 100})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{
		"Angela Merkel + Barack Obama":  1,
		"Angela Merkel + Berlin":        1,
		"Barack Obama + Berlin":         1,
		"Barack Obama + Russia":         1,
		"Angela Merkel + Russia":        1,
		"Berlin + Russia":               2,
		"Angela Merkel + United States": 1,
		"Berlin + Merkel":               1,
		"Berlin + Obama":                1,
		"Merkel + Obama":                1,
		"Berlin + Reuters":              1,
		"Reuters + Russia":              1,
	}
	if got := pairMap(doc); !reflect.DeepEqual(got, want) {
		t.Errorf("doc pairs:\n got %v\nwant %v", got, want)
	}
	// Captions are excluded by default: no Getty/Reuters pair from article 3.
	for _, p := range doc {
		if p.A.Name == "Getty" || p.B.Name == "Getty" {
			t.Errorf("caption entity in co-occurrence: %+v", p)
		}
	}
	withCaps, err := c.Cooccur(ctx, CooccurQuery{EntityQuery: EntityQuery{Captions: true}, Top: 100})
	if err != nil {
		t.Fatal(err)
	}
	if pairMap(withCaps)["Getty + Reuters"] != 1 {
		t.Errorf("captions on: missing Getty + Reuters in %v", pairMap(withCaps))
	}
	sent, err := c.Cooccur(ctx, CooccurQuery{Window: "sentence", Top: 100})
	if err != nil {
		t.Fatal(err)
	}
	wantSent := map[string]int{
		"Angela Merkel + Barack Obama":  1,
		"Angela Merkel + Berlin":        1,
		"Barack Obama + Berlin":         1,
		"Barack Obama + Russia":         1,
		"Angela Merkel + United States": 2,
		"Merkel + Obama":                1,
		"Reuters + Russia":              1,
	}
	if got := pairMap(sent); !reflect.DeepEqual(got, wantSent) {
		t.Errorf("sentence pairs:\n got %v\nwant %v", got, wantSent)
	}
	for _, p := range sent {
		if p.A.Name+p.B.Name == "Angela MerkelUnited States" && p.Docs != 1 {
			t.Errorf("Merkel + US sentence docs = %d, want 1", p.Docs)
		}
	}

	// Merge the short forms: counts are recomputed exactly (no double count
	// for article 1 where Obama and Barack Obama are the same entity).
	if err := c.MergeEntities("Barack Obama", "Obama"); err != nil {
		t.Fatal(err)
	}
	if err := c.MergeEntities("Angela Merkel", "Merkel"); err != nil {
		t.Fatal(err)
	}
	merged, err := c.Cooccur(ctx, CooccurQuery{Top: 100})
	if err != nil {
		t.Fatal(err)
	}
	wantMerged := map[string]int{
		"Angela Merkel + Barack Obama":  2,
		"Angela Merkel + Berlin":        2,
		"Barack Obama + Berlin":         2,
		"Barack Obama + Russia":         1,
		"Angela Merkel + Russia":        1,
		"Berlin + Russia":               2,
		"Angela Merkel + United States": 1,
		"Berlin + Reuters":              1,
		"Reuters + Russia":              1,
	}
	if got := pairMap(merged); !reflect.DeepEqual(got, wantMerged) {
		t.Errorf("merged pairs:\n got %v\nwant %v", got, wantMerged)
	}
	// The scoped path (a filter) must agree with the whole-corpus path.
	scoped, err := c.Cooccur(ctx, CooccurQuery{EntityQuery: EntityQuery{Outlets: []string{"Daily", "Herald"}}, Top: 100})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(pairMap(scoped), wantMerged) {
		t.Errorf("scoped merged pairs differ:\n got %v\nwant %v", pairMap(scoped), wantMerged)
	}

	// Ignore Berlin: its pairs go.
	if err := c.IgnoreEntity("berlin", true); err != nil {
		t.Fatal(err)
	}
	ign, _ := c.Cooccur(ctx, CooccurQuery{Top: 100})
	for k := range pairMap(ign) {
		if strings.Contains(k, "Berlin") {
			t.Errorf("ignored entity in pair %s", k)
		}
	}
	ents, _ := c.Entities(ctx, EntityQuery{})
	for _, e := range ents {
		if e.Name == "Berlin" {
			t.Error("ignored entity listed")
		}
	}
	if err := c.IgnoreEntity("Berlin", false); err != nil {
		t.Fatal(err)
	}

	// Split the merge again: back to the original pairs.
	if err := c.SplitEntity("Barack Obama"); err != nil {
		t.Fatal(err)
	}
	if err := c.SplitEntity("Angela Merkel"); err != nil {
		t.Fatal(err)
	}
	back, _ := c.Cooccur(ctx, CooccurQuery{Top: 100})
	if got := pairMap(back); !reflect.DeepEqual(got, want) {
		t.Errorf("after split:\n got %v\nwant %v", got, want)
	}

	// Split the built-in alias: "U.S." counts as itself.
	if err := c.SplitEntity("United States"); err != nil {
		t.Fatal(err)
	}
	sp, _ := c.Cooccur(ctx, CooccurQuery{Window: "sentence", Top: 100})
	gotSp := pairMap(sp)
	if gotSp["Angela Merkel + U.S."] != 1 || gotSp["Angela Merkel + United States"] != 1 {
		t.Errorf("split United States: %v", gotSp)
	}
}

func TestEntitiesListAndRename(t *testing.T) {
	c := openEntCorpus(t, goldenArticles())
	ctx := context.Background()
	ents, err := c.Entities(ctx, EntityQuery{})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]EntityStat{}
	for _, e := range ents {
		byName[e.Name] = e
	}
	if b := byName["Berlin"]; b.Count != 3 || b.Docs != 3 || b.Type != "LOC" || b.ByOutlet["Daily"] != 1 || b.ByOutlet["Herald"] != 2 {
		t.Errorf("Berlin = %+v", b)
	}
	if us := byName["United States"]; us.Count != 2 || us.Docs != 1 {
		t.Errorf("United States = %+v", us)
	}
	if ents[0].Name != "Berlin" && ents[0].Name != "Angela Merkel" {
		t.Errorf("first entity %q", ents[0].Name)
	}
	per, _ := c.Entities(ctx, EntityQuery{Types: []string{"per"}, Top: 2})
	if len(per) != 2 || per[0].Type != "PER" {
		t.Errorf("PER top 2 = %+v", per)
	}
	if _, err := c.Entities(ctx, EntityQuery{Types: []string{"FOO"}}); err == nil {
		t.Error("unknown type accepted")
	}
	if err := c.RenameEntity("Berlin", "Berlin, Germany"); err != nil {
		t.Fatal(err)
	}
	ents, _ = c.Entities(ctx, EntityQuery{Types: []string{"LOC"}})
	found := false
	for _, e := range ents {
		if e.Name == "Berlin" {
			t.Error("old name still listed")
		}
		if e.Name == "Berlin, Germany" && e.Count == 3 {
			found = true
		}
	}
	if !found {
		t.Errorf("renamed entity missing: %+v", ents)
	}
	ev, err := c.Evidence(ctx, "Berlin, Germany", "Angela Merkel", Query{}, 10)
	if err != nil || len(ev) != 1 || ev[0].Window != "sentence" || ev[0].Sentence != "Barack Obama met Angela Merkel in Berlin." {
		t.Errorf("evidence after rename = %+v, %v", ev, err)
	}
	// Export and import the alias table.
	tab, err := c.Aliases()
	if err != nil || len(tab.Rules) != 1 {
		t.Fatalf("aliases = %+v, %v", tab, err)
	}
	var buf bytes.Buffer
	corpus.WriteAliasTSV(&buf, tab)
	c2 := openEntCorpus(t, goldenArticles())
	back, err := corpus.ReadAliasTSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if err := c2.SetAliases(back); err != nil {
		t.Fatal(err)
	}
	e2, _ := c2.Entities(ctx, EntityQuery{Top: 1})
	if e2[0].Name != "Berlin, Germany" {
		t.Errorf("imported alias table not applied: %+v", e2)
	}
}

func TestEvidence(t *testing.T) {
	c := openEntCorpus(t, goldenArticles())
	ctx := context.Background()
	ev, err := c.Evidence(ctx, "Angela Merkel", "US", Query{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(ev) != 2 || ev[0].Sentence != "Angela Merkel visited the U.S. today." || ev[1].Sentence != "The United States welcomed Merkel." {
		t.Fatalf("evidence = %+v", ev)
	}
	if ev[0].Outlet != "Daily" || ev[0].Published.Day() != 2 || ev[0].Field != "body" || ev[0].ArticleID == "" {
		t.Errorf("evidence metadata = %+v", ev[0])
	}
	a, _ := c.Article(ev[0].ArticleID)
	if a.Body[ev[0].Start:ev[0].End] != ev[0].Sentence {
		t.Errorf("offsets %d:%d do not give the sentence", ev[0].Start, ev[0].End)
	}
	// Only the same article: a doc-level entry joining the two sentences.
	ev, err = c.Evidence(ctx, "Berlin", "Russia", Query{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(ev) != 2 || ev[0].Window != "doc" || !strings.Contains(ev[0].Sentence, " … ") {
		t.Errorf("doc evidence = %+v", ev)
	}
	if _, err := c.Evidence(ctx, "Nobody Here", "Berlin", Query{}, 10); err == nil {
		t.Error("unknown entity accepted")
	}
}

func TestCooccurIncrementalDelete(t *testing.T) {
	// Re-putting a file that no longer yields its article removes its pairs.
	arts := goldenArticles()
	c := openEntCorpus(t, nil)
	ctx := context.Background()
	var recs []corpus.FileRecord
	for _, a := range arts {
		recs = append(recs, corpus.FileRecord{Path: a.Path, Size: 1, Hash: "a", IDs: []string{a.ID}})
	}
	if err := c.Put(ctx, corpus.Batch{Articles: arts, Files: recs}); err != nil {
		t.Fatal(err)
	}
	gone := corpus.FileRecord{Path: arts[0].Path, Size: 2, Hash: "b"}
	if err := c.Put(ctx, corpus.Batch{Files: []corpus.FileRecord{gone}}); err != nil {
		t.Fatal(err)
	}
	got, _ := c.Cooccur(ctx, CooccurQuery{Top: 100})
	want := map[string]int{"Angela Merkel + United States": 1, "Berlin + Merkel": 1, "Berlin + Obama": 1, "Merkel + Obama": 1,
		"Berlin + Reuters": 1, "Berlin + Russia": 1, "Reuters + Russia": 1}
	if !reflect.DeepEqual(pairMap(got), want) {
		t.Errorf("after delete: %v", pairMap(got))
	}
	ents, _ := c.Entities(ctx, EntityQuery{Types: []string{"PER"}})
	for _, e := range ents {
		if e.Name == "Barack Obama" {
			t.Errorf("deleted article's entity still listed: %+v", e)
		}
	}
}

// TestCooccurMatchesBruteForce checks whole-corpus, scoped and aliased
// counts against a direct count on random corpora.
func TestCooccurMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	names := []string{"Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India", "Juliet"}
	var arts []corpus.Article
	for d := 0; d < 60; d++ {
		sents := []string{"S0 x.", "S1 y.", "S2 z."}
		var ents []string
		for k := 0; k < r.IntN(6); k++ {
			ents = append(ents, fmt.Sprintf("%s/ORG@%d", names[r.IntN(len(names))], r.IntN(3)))
		}
		outlet := []string{"A", "B"}[d%2]
		arts = append(arts, entArticle(outlet, 1+d%28, sents, ents...))
	}
	// Put in several batches to exercise incremental counts.
	c := openEntCorpus(t, arts[:20])
	ctx := context.Background()
	for _, part := range [][]corpus.Article{arts[20:45], arts[45:]} {
		if err := c.Put(ctx, corpus.Batch{Articles: part}); err != nil {
			t.Fatal(err)
		}
	}
	c.MergeEntities("Alpha", "Bravo")
	c.IgnoreEntity("Charlie", true)
	resolve := func(n string) string {
		switch n {
		case "Bravo":
			return "Alpha"
		case "Charlie":
			return ""
		}
		return n
	}
	brute := func(outlet, window string) map[string]int {
		m := map[string]int{}
		for _, a := range arts {
			if outlet != "" && a.Outlet != outlet {
				continue
			}
			groups := map[int]map[string]bool{}
			for _, e := range a.Entities {
				n := resolve(e.Canonical)
				if n == "" {
					continue
				}
				g := 0
				if window == "sentence" {
					g = e.Sentence
				}
				if groups[g] == nil {
					groups[g] = map[string]bool{}
				}
				groups[g][n] = true
			}
			for _, set := range groups {
				var ns []string
				for n := range set {
					ns = append(ns, n)
				}
				sort.Strings(ns)
				for i := range ns {
					for j := i + 1; j < len(ns); j++ {
						m[ns[i]+" + "+ns[j]]++
					}
				}
			}
		}
		return m
	}
	for _, window := range []string{"doc", "sentence"} {
		for _, outlet := range []string{"", "A"} {
			q := CooccurQuery{Window: window, Top: 10000}
			if outlet != "" {
				q.Outlets = []string{outlet}
			}
			got, err := c.Cooccur(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if want := brute(outlet, window); !reflect.DeepEqual(pairMap(got), want) {
				t.Errorf("window %s outlet %q:\n got %v\nwant %v", window, outlet, pairMap(got), want)
			}
			for _, p := range got {
				if p.NPMI < -1 || p.NPMI > 1 || p.G2 < 0 || p.Jaccard < 0 || p.Jaccard > 1 {
					t.Errorf("measure out of range: %+v", p)
				}
			}
		}
	}
	// Ranking by npmi with min count returns only pairs meeting it, best first.
	ps, err := c.Cooccur(ctx, CooccurQuery{Measure: "npmi", EntityQuery: EntityQuery{MinCount: 2}, Top: 5})
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range ps {
		if p.Count < 2 || i > 0 && p.Score > ps[i-1].Score {
			t.Errorf("npmi ranking: %+v", ps)
		}
	}
}

func TestCooccurQueryScope(t *testing.T) {
	c := openEntCorpus(t, goldenArticles())
	ctx := context.Background()
	got, err := c.Cooccur(ctx, CooccurQuery{EntityQuery: EntityQuery{Query: Query{Text: "quiet"}}, Top: 100})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"Berlin + Reuters": 1, "Berlin + Russia": 1, "Reuters + Russia": 1}
	if !reflect.DeepEqual(pairMap(got), want) {
		t.Errorf("query scope: %v", pairMap(got))
	}
	if _, err := c.Cooccur(ctx, CooccurQuery{Measure: "bogus"}); err == nil {
		t.Error("bad measure accepted")
	}
}

func TestCooccurExportXML(t *testing.T) {
	c := openEntCorpus(t, goldenArticles())
	pairs, err := c.Cooccur(context.Background(), CooccurQuery{Measure: "npmi", EntityQuery: EntityQuery{MinCount: 1}, Top: 50})
	if err != nil || len(pairs) == 0 {
		t.Fatal(pairs, err)
	}
	meta := map[string]string{"query": `Merkel & "Obama" <x>`, "corpus": "test corpus", "measure": "npmi"}
	var gexf bytes.Buffer
	if err := WriteGEXF(&gexf, pairs, meta); err != nil {
		t.Fatal(err)
	}
	var g gexfDoc
	if err := xml.Unmarshal(gexf.Bytes(), &g); err != nil {
		t.Fatalf("GEXF does not parse: %v\n%s", err, gexf.String())
	}
	if g.Meta.Keywords != meta["query"] || !strings.Contains(g.Meta.Description, "corpus: test corpus") {
		t.Errorf("GEXF meta = %+v", g.Meta)
	}
	if len(g.Graph.Edges) != len(pairs) || len(g.Graph.Attributes) != 2 {
		t.Fatalf("GEXF has %d edges, %d attribute classes", len(g.Graph.Edges), len(g.Graph.Attributes))
	}
	nodes := map[string]gexfNode{}
	for _, n := range g.Graph.Nodes {
		nodes[n.ID] = n
	}
	for i, e := range g.Graph.Edges {
		p := pairs[i]
		if nodes[e.Source].Label != p.A.Name || nodes[e.Target].Label != p.B.Name {
			t.Errorf("edge %d endpoints %q %q", i, nodes[e.Source].Label, nodes[e.Target].Label)
		}
		vals := map[string]string{}
		for _, v := range e.Values {
			vals[v.For] = v.Value
		}
		if vals["count"] != fmt.Sprint(p.Count) || vals["npmi"] == "" || e.Weight == "" {
			t.Errorf("edge %d values %v weight %q", i, vals, e.Weight)
		}
		nv := map[string]string{}
		for _, v := range nodes[e.Source].Values {
			nv[v.For] = v.Value
		}
		if nv["type"] != p.A.Type || nv["count"] != fmt.Sprint(p.A.Count) {
			t.Errorf("node values %v for %+v", nv, p.A)
		}
	}

	var gml bytes.Buffer
	if err := WriteGraphML(&gml, pairs, meta); err != nil {
		t.Fatal(err)
	}
	var m graphmlDoc
	if err := xml.Unmarshal(gml.Bytes(), &m); err != nil {
		t.Fatalf("GraphML does not parse: %v", err)
	}
	gd := map[string]string{}
	for _, d := range m.Graph.Data {
		gd[d.Key] = d.Value
	}
	if gd["g_query"] != meta["query"] || gd["g_corpus"] != "test corpus" {
		t.Errorf("GraphML graph data = %v", gd)
	}
	keys := map[string]graphmlKey{}
	for _, k := range m.Keys {
		keys[k.ID] = k
	}
	for _, k := range []string{"label", "type", "count", "docs", "weight", "e_count", "e_npmi", "e_g2"} {
		if _, ok := keys[k]; !ok {
			t.Errorf("GraphML key %q missing", k)
		}
	}
	if len(m.Graph.Edges) != len(pairs) {
		t.Fatalf("GraphML has %d edges", len(m.Graph.Edges))
	}
	e := m.Graph.Edges[0]
	ed := map[string]string{}
	for _, d := range e.Data {
		ed[d.Key] = d.Value
	}
	if ed["e_count"] != fmt.Sprint(pairs[0].Count) || ed["weight"] == "" {
		t.Errorf("GraphML edge data %v", ed)
	}
}

func TestEntityRecordRoundTrip(t *testing.T) {
	rec := &docRec{id: "x", outlet: "Le Monde", published: -12345, nsent: 9,
		ms: []mrec{{canon: 1, surf: 0, typ: 2, field: fBody, sent: 3}, {canon: 70000, surf: 5, typ: 0, field: fCaptions, sent: 0}}}
	back, err := decodeDocRec("x", rec.encode())
	if err != nil || !reflect.DeepEqual(back, rec) {
		t.Errorf("round trip = %+v, %v", back, err)
	}
	if _, err := decodeDocRec("x", []byte{1, 200}); err == nil {
		t.Error("damaged record accepted")
	}
	es := []pairEntry{{b: 3, doc: 1, sent: 2, sdoc: 1}, {b: 9000, doc: 5}}
	if got := decodeChunk(encodeChunk(es), nil); !reflect.DeepEqual(got, es) {
		t.Errorf("chunk round trip = %+v", got)
	}
}

// synthArticles makes n articles with realistic entity lists (Zipf-like
// popularity over vocab names, about 40 mentions in 25 sentences).
func synthArticles(n, vocab int, seed uint64) []corpus.Article {
	r := rand.New(rand.NewPCG(seed, 9))
	z := rand.NewZipf(rand.New(rand.NewPCG(seed, 10)), 1.1, 2, uint64(vocab-1))
	arts := make([]corpus.Article, n)
	for i := range arts {
		a := &arts[i]
		a.Outlet = fmt.Sprintf("Outlet %d", r.IntN(40))
		a.Published = time.Date(2020, 1, 1+r.IntN(300), 0, 0, 0, 0, time.UTC)
		a.Title = fmt.Sprintf("Article %d", i)
		a.Body = strings.Repeat("A sentence of news. ", 25)
		for k := 0; k < 40; k++ {
			name := fmt.Sprintf("Entity %d", z.Uint64())
			a.Entities = append(a.Entities, corpus.Entity{Text: name, Canonical: name, Type: "ORG", Field: corpus.FieldBody, Sentence: r.IntN(25)})
		}
		a.ID = corpus.MakeID(a.Title, fmt.Sprint(seed))
	}
	return arts
}

func BenchmarkEntitiesOnPut(b *testing.B) {
	c, err := Open(filepath.Join(b.TempDir(), "c"), Options{Create: true})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	for i := 0; i < b.N; i++ {
		arts := synthArticles(1000, 50000, uint64(i))
		work := map[string]string{}
		for _, a := range arts {
			work[a.ID] = pendPut
		}
		b.StartTimer()
		if err := c.db.Update(func(tx *bolt.Tx) error { return c.onPut(tx, arts, work) }); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
	}
}

func FuzzEntityRecords(f *testing.F) {
	rec := &docRec{outlet: "X", published: 5, nsent: 2, ms: []mrec{{canon: 3, surf: 4, typ: 1, field: 2, sent: 1}}}
	f.Add(rec.encode())
	f.Add((&nameRec{key: "k", forms: map[string]int64{"K": 2}}).encode())
	f.Add(encodeChunk([]pairEntry{{b: 7, doc: 1, sent: 1, sdoc: 1}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		if r, err := decodeDocRec("id", data); err == nil {
			back, err := decodeDocRec("id", r.encode())
			if err != nil || !reflect.DeepEqual(back, r) {
				t.Fatalf("doc record round trip: %+v vs %+v (%v)", r, back, err)
			}
		}
		if n, err := decodeNameRec(data); err == nil {
			n.display()
			n.encode()
		}
		decodeChunk(data, nil)
		decodeCName(data)
	})
}

func TestAliasSuggestions(t *testing.T) {
	var arts []corpus.Article
	for i := 0; i < 5; i++ {
		arts = append(arts,
			entArticle("A", 1+i, []string{"Donald Trump spoke.", "The National Rifle Association agreed."}, "Donald Trump/PER@0", "National Rifle Association/ORG@1"),
			entArticle("B", 1+i, []string{"Trump spoke to the NRA."}, "Trump/PER@0", "NRA/ORG@0"))
	}
	arts = append(arts, entArticle("C", 9, []string{"Ivanka Trump came."}, "Ivanka Trump/PER@0"),
		entArticle("C", 10, []string{"Stray Word Democratic came."}, "Stray Word Democratic/PER@0", "Democratic/PER@0"))
	c := openEntCorpus(t, arts)
	sug, err := c.AliasSuggestions(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range sug {
		got[s.Name] = s.Into
	}
	// NRA is a built-in alias of the full name already, so only Trump is left.
	if got["Trump"] != "Donald Trump" || len(got) != 1 {
		t.Errorf("suggestions = %+v", sug)
	}
}

func TestEntitiesRebuild(t *testing.T) {
	c := openEntCorpus(t, goldenArticles())
	ctx := context.Background()
	before, err := c.Cooccur(ctx, CooccurQuery{Window: "sentence", Top: 100})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.RebuildEntities(ctx); err != nil {
		t.Fatal(err)
	}
	after, err := c.Cooccur(ctx, CooccurQuery{Window: "sentence", Top: 100})
	if err != nil || !reflect.DeepEqual(pairMap(before), pairMap(after)) {
		t.Errorf("after rebuild: %v (%v), before %v", pairMap(after), err, pairMap(before))
	}
	// A corpus whose tables are missing (imported by an older Parallax) is
	// rebuilt on first use.
	c.db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bEntKeys, bEntNames, bEntDocs, bEntPairs, bEntMeta} {
			tx.DeleteBucket(b)
		}
		return nil
	})
	if c.EntityTablesReady() {
		t.Error("tables reported ready after deletion")
	}
	again, err := c.Cooccur(ctx, CooccurQuery{Window: "sentence", Top: 100})
	if err != nil || !reflect.DeepEqual(pairMap(before), pairMap(again)) {
		t.Errorf("after automatic rebuild: %v (%v)", pairMap(again), err)
	}
	if !c.EntityTablesReady() {
		t.Error("tables not ready after rebuild")
	}
	// Tables missing, then a new import: the older articles are not lost.
	c.db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bEntKeys, bEntNames, bEntDocs, bEntPairs, bEntMeta} {
			tx.DeleteBucket(b)
		}
		return nil
	})
	extra := entArticle("Z", 20, []string{"Oslo and Bergen."}, "Oslo/LOC@0", "Bergen/LOC@0")
	if err := c.Put(ctx, corpus.Batch{Articles: []corpus.Article{extra}}); err != nil {
		t.Fatal(err)
	}
	later, err := c.Cooccur(ctx, CooccurQuery{Window: "sentence", Top: 100})
	if err != nil {
		t.Fatal(err)
	}
	want := pairMap(before)
	want["Bergen + Oslo"] = 1
	if got := pairMap(later); !reflect.DeepEqual(got, want) {
		t.Errorf("after a Put on missing tables: %v", got)
	}
}
