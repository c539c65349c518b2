package index

import (
	"context"
	"fmt"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parallax-research/parallax/corpus"
)

// simCopySample copies the sample corpus (without its README, which would
// import as an article) into a temporary folder; keep selects files.
func simCopySample(t testing.TB, keep func(rel string) bool) string {
	t.Helper()
	src := filepath.Join("..", "assets", "sample")
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		rel = filepath.ToSlash(rel)
		if rel == "README.md" || keep != nil && rel != "manifest.tsv" && !keep(rel) {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out := filepath.Join(dst, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, data, 0o644)
	})
	if err != nil {
		t.Fatalf("copying the sample: %v", err)
	}
	return dst
}

func simImport(t testing.TB, c *Corpus, dir string) {
	t.Helper()
	im := c.NewImporter(nil, func(p string, err error) { t.Errorf("%s: %v", p, err) })
	if _, err := im.Import(context.Background(), c, dir); err != nil {
		t.Fatal(err)
	}
}

// simSampleCorpus opens a fresh corpus holding the sample.
func simSampleCorpus(t testing.TB) *Corpus {
	t.Helper()
	c, err := Open(filepath.Join(t.TempDir(), "corpus"), Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	simImport(t, c, simCopySample(t, nil))
	if n := c.Count(); n != 30 {
		t.Fatalf("sample corpus has %d articles, want 30", n)
	}
	return c
}

func simEvents(t testing.TB, c *Corpus) (map[string]string, map[string][]*corpus.Article) {
	t.Helper()
	ev := map[string]string{}
	members := map[string][]*corpus.Article{}
	c.ForEach(func(a *corpus.Article) error {
		e := a.Meta["event"]
		if e == "" {
			t.Fatalf("%s: no event", a.Path)
		}
		ev[a.ID] = e
		members[e] = append(members[e], a)
		return nil
	})
	return ev, members
}

// TestSimilarSample: every sample article's same-event articles are its
// top hits, with reasons; --other-outlets drops its own outlet.
func TestSimilarSample(t *testing.T) {
	c := simSampleCorpus(t)
	ctx := context.Background()
	ev, members := simEvents(t, c)
	for e, arts := range members {
		if e == "none" {
			continue
		}
		for _, a := range arts {
			hits, err := c.Similar(ctx, a, len(arts)-1, corpus.DefaultDays, true)
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) != len(arts)-1 {
				t.Errorf("%s: %d hits, want %d", a.Path, len(hits), len(arts)-1)
			}
			for _, h := range hits {
				if ev[h.ID] != e {
					t.Errorf("%s (%s): hit %s %q is %s", a.Path, e, h.Outlet, h.Title, ev[h.ID])
				}
				if h.Outlet == a.Outlet || h.ID == a.ID {
					t.Errorf("%s: hit from its own outlet or itself", a.Path)
				}
				if len(h.Reasons) < 2 || !strings.HasPrefix(h.Reasons[0], "shared") || h.Title == "" || h.Published.IsZero() {
					t.Errorf("%s: hit %+v", a.Path, h)
				}
			}
		}
	}
	// A file that is not in the corpus is analysed on the fly.
	cpa := members["e03-dresna-flood"][0]
	fresh := &corpus.Article{ID: "not-stored", Outlet: "Elsewhere", Title: "Floods hit Velmora",
		Body:      "The Dresna River flooded Velmora's Old Harbour district overnight. Thousands were evacuated as the river peaked at 7.4 metres, officials said.",
		Published: cpa.Published.AddDate(0, 0, 1)}
	hits, err := c.Similar(ctx, fresh, 3, corpus.DefaultDays, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 || ev[hits[0].ID] != "e03-dresna-flood" {
		t.Errorf("a new flood article found %+v", hits)
	}
	// The window excludes articles far away in time.
	hits, _ = c.Similar(ctx, &corpus.Article{ID: "x", Title: fresh.Title, Body: fresh.Body, Published: cpa.Published.AddDate(1, 0, 0)}, 3, 3, false)
	if len(hits) != 0 {
		t.Errorf("a year later: %+v", hits)
	}
}

// TestSimilarIncremental: new and removed articles are picked up without
// rebuilding, and the vectors survive reopening.
func TestSimilarIncremental(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "corpus")
	c, err := Open(dir, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	simImport(t, c, simCopySample(t, func(rel string) bool { return strings.Contains(rel, "Continental") }))
	stats, err := c.TermStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Docs() != 7 {
		t.Errorf("docs = %d, want 7", stats.Docs())
	}
	simImport(t, c, simCopySample(t, func(rel string) bool { return strings.Contains(rel, "Meridian") }))
	if stats, err = c.TermStats(ctx); err != nil {
		t.Fatal(err)
	}
	if stats.Docs() != 14 {
		t.Errorf("docs after second import = %d, want 14", stats.Docs())
	}
	if stats.DocFreq("velmora") < 4 {
		t.Errorf("df(velmora) = %d", stats.DocFreq("velmora"))
	}
	c.Close()
	c, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s := c.sim()
	if _, err := c.syncSim(ctx); err != nil {
		t.Fatal(err)
	}
	if s.Docs() != 14 || len(s.docs) != 14 {
		t.Errorf("after reopening: %d docs, %d records", s.Docs(), len(s.docs))
	}
}

func TestCompareIDsSample(t *testing.T) {
	c := simSampleCorpus(t)
	_, members := simEvents(t, c)
	var ids []string
	for _, a := range members["e03-dresna-flood"] {
		ids = append(ids, a.ID)
	}
	cmp, err := c.CompareIDs(ids...)
	if err != nil {
		t.Fatal(err)
	}
	if len(cmp.Articles) != 4 || len(cmp.Passages) == 0 || cmp.Similarity <= 0 {
		t.Fatalf("comparison: %d articles, %d passages, similarity %v", len(cmp.Articles), len(cmp.Passages), cmp.Similarity)
	}
	shared := 0
	for _, a := range cmp.Articles {
		for _, s := range a.Sentences {
			if s.Label == corpus.LabelShared && strings.Contains(s.Text, "7.4 metres at the Velmora gauge") {
				shared++
			}
		}
	}
	if shared != 2 {
		t.Errorf("the verbatim flood sentence is shared in %d articles, want 2 (CPA and MST)", shared)
	}
	if _, err := c.CompareIDs(ids[0]); err == nil {
		t.Errorf("comparing one article did not fail")
	}
	oc, err := c.CompareOutletsIDs(context.Background(), ids...)
	if err != nil || len(oc.Outlets) != 4 {
		t.Errorf("outlet comparison: %v %+v", err, oc)
	}
}

func TestSimRecordRoundTrip(t *testing.T) {
	d := simDoc{id: "x", outlet: "Wire", day: 20000, pub: 20000, size: 1234, terms: []uint32{1, 5, 900}, tf: []uint16{3, 1, 7}}
	d.setURL("https://www.bbc.com/news/world-48275795")
	got, err := decodeSimRecord("x", encodeSimRecord(&d))
	if err != nil || got.outlet != d.outlet || got.day != d.day || got.pub != d.pub || got.url != d.url || got.userial != 48275795 ||
		got.size != d.size || fmt.Sprint(got.terms, got.tf) != fmt.Sprint(d.terms, d.tf) {
		t.Errorf("round trip = %+v, %v", got, err)
	}
	d.day, d.pub, d.est, d.estDone = corpus.NoDay, corpus.NoDay, 20001, true
	if got, err := decodeSimRecord("x", encodeSimRecord(&d)); err != nil || !got.estDone || got.est != 20001 || got.when() != 20001 {
		t.Errorf("estimated date round trip = %+v, %v", got, err)
	}
	if _, err := decodeSimRecord("x", []byte{1, 2}); err == nil {
		t.Error("damaged record accepted")
	}
	s := &simState{dict: map[string]uint32{}}
	s.df[s.termID("a")]++ // grows df
	s.termID("b")
	s.n = 3
	s2 := &simState{dict: map[string]uint32{}}
	if err := s2.decodeDict(s.encodeDict()); err != nil || s2.n != 3 || s2.DocFreq("a") != 1 || len(s2.terms) != 2 {
		t.Errorf("dictionary round trip: %v %+v", err, s2)
	}
}

// simSynthetic fills a similarity state with n synthetic articles over a
// Zipf vocabulary, spread over ten years, without a store.
func simSynthetic(n int) *simState {
	rng := rand.New(rand.NewSource(1))
	s := &simState{dict: map[string]uint32{}, byID: map[string]int32{}}
	const vocab = 200000
	zipf := rand.NewZipf(rng, 1.1, 2, vocab-1)
	s.terms = make([]string, vocab)
	s.df = make([]int32, vocab)
	for i := range s.terms {
		s.terms[i] = fmt.Sprintf("t%d", i)
		s.dict[s.terms[i]] = uint32(i)
	}
	day0 := corpus.DayNumber(time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC))
	for i := range n {
		tc := map[uint32]uint16{}
		for range 400 {
			tc[uint32(zipf.Uint64())]++
		}
		d := simDoc{id: fmt.Sprintf("doc%06d", i), outlet: fmt.Sprintf("outlet%d", i%300), day: day0 + int32(rng.Intn(3650))}
		if i%10 == 0 {
			d.day = corpus.NoDay
		}
		for t := range tc {
			s.df[t]++
		}
		s.n++
		// Keep the VectorTerms rarest terms, as the real selection does.
		type p struct {
			t  uint32
			tf uint16
		}
		var ps []p
		for t, f := range tc {
			ps = append(ps, p{t, f})
		}
		for a := 1; a < len(ps); a++ {
			for b := a; b > 0 && ps[b].t > ps[b-1].t; b-- {
				ps[b], ps[b-1] = ps[b-1], ps[b]
			}
		}
		ps = ps[:min(len(ps), corpus.VectorTerms)]
		for a := 1; a < len(ps); a++ {
			for b := a; b > 0 && ps[b].t < ps[b-1].t; b-- {
				ps[b], ps[b-1] = ps[b-1], ps[b]
			}
		}
		for _, x := range ps {
			d.terms = append(d.terms, x.t)
			d.tf = append(d.tf, x.tf)
		}
		// The title, lead and entity parts of the event vector, of their
		// typical sizes (about 8, 45 and 25 terms).
		for part, size := range [corpus.EventParts]int{0, 8, 45, 25} {
			if part == corpus.PartText {
				continue
			}
			seen := map[uint32]bool{}
			var ids []uint32
			for range size {
				if t := uint32(zipf.Uint64()); !seen[t] {
					seen[t] = true
					ids = append(ids, t)
				}
			}
			slices.Sort(ids)
			for _, t := range ids {
				d.terms = append(d.terms, tagged(part, t))
				d.tf = append(d.tf, 1)
			}
		}
		s.byID[d.id] = int32(len(s.docs))
		s.docs = append(s.docs, d)
	}
	s.rebuild()
	return s
}

// BenchmarkSimilar100k ranks one article against 100,000 and computes the
// re-ranking features of the best RerankDepth (the in-memory part of
// Similar; the store adds RerankDepth article reads and their passages).
func BenchmarkSimilar100k(b *testing.B) {
	s := simSynthetic(100000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d := &s.docs[(i*7919)%len(s.docs)]
		q := query{self: int32((i * 7919) % len(s.docs)), day: d.day, est: d.day, outlet: d.outlet, terms: d.terms, w: d.w}
		for _, t := range s.rank(q, max(10, RerankDepth), corpus.DefaultDays, false, MinSimilar) {
			s.pairFeatures(&q, t, &s.docs[t.doc])
		}
	}
}

func FuzzSimRecord(f *testing.F) {
	d := simDoc{id: "x", outlet: "Wire", day: 20000, size: 12, terms: []uint32{1, 5}, tf: []uint16{3, 1}}
	f.Add(encodeSimRecord(&d))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, v []byte) {
		got, err := decodeSimRecord("x", v)
		if err != nil {
			return
		}
		if len(got.terms) != len(got.tf) {
			t.Fatalf("terms and counts differ: %d %d", len(got.terms), len(got.tf))
		}
		s := &simState{dict: map[string]uint32{}}
		s.decodeDict(v) // must not panic
	})
}

func TestPairFeatures(t *testing.T) {
	s := simSynthetic(3000)
	ws := corpus.EventWeights()
	checked := 0
	for k := 0; k < 50; k++ {
		self := int32((k * 7919) % len(s.docs))
		d := &s.docs[self]
		q := query{self: self, day: d.day, est: d.when(), outlet: d.outlet, terms: d.terms, w: d.w}
		for _, c := range s.rank(q, RerankDepth, -1, false, 0) {
			x := s.pairFeatures(&q, c, &s.docs[c.doc])
			cos := 0.0
			for p, w := range ws {
				cos += w * x[2+p]
			}
			if x[0] != 1 || x[1] != c.score || math.Abs(cos-float64(c.cos)) > 1e-4 {
				t.Fatalf("features %v of a candidate with cosine %v, score %v", x, c.cos, c.score)
			}
			if dated := q.day != corpus.NoDay && s.docs[c.doc].day != corpus.NoDay; dated == (x[9] == 1) {
				t.Fatalf("undated flag %v for days %d, %d", x[9], q.day, s.docs[c.doc].day)
			}
			if x[6]+x[7]+x[8] > 1 || (x[10] == 1) != (s.docs[c.doc].outlet == q.outlet) {
				t.Fatalf("date or outlet flags %v", x)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no candidates")
	}
}
