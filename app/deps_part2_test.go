package app

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/parallax-research/parallax/assets"
	"github.com/parallax-research/parallax/corpus"
	"github.com/parallax-research/parallax/corpus/ner"
	"github.com/parallax-research/parallax/index"
)

// uiMu stands in for the UI goroutine in tests: the screens' callbacks
// (part2Do) and the test's own UI work (onUI) take turns under it.
var uiMu sync.Mutex

func init() {
	part2Do = func(f func()) {
		uiMu.Lock()
		defer uiMu.Unlock()
		f()
	}
}

// onUI runs f as if on the UI goroutine.
func onUI(f func()) {
	uiMu.Lock()
	defer uiMu.Unlock()
	f()
}

// part2UI is a UI with only a test window, for the part-2 screens.
func part2UI(t *testing.T, w, h float32) (*UI, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	win.Resize(fyne.NewSize(w, h))
	return &UI{win: win}, win
}

// waitPart2 polls cond on the UI goroutine until it holds or 5 s pass.
func waitPart2(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		ok := false
		onUI(func() { ok = cond() })
		if ok {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

func marchDay(d int) time.Time { return time.Date(2026, 3, d, 9, 0, 0, 0, time.UTC) }

// fakeDoc is one article of the fake corpus with its entity mentions.
type fakeDoc struct {
	id, outlet, title string
	published         time.Time
	body              string
	ents              []string // "Name/TYPE"
}

// fakePart2 implements storyCorpus, compareCorpus and entityCorpus over a
// handful of articles, with a working alias table.
type fakePart2 struct {
	mu      sync.Mutex
	docs    []fakeDoc
	stories []storyRow
	cmp     *cmpView
	alias   map[string]string // name → canonical
	ignored map[string]bool
	merges  int
}

func newFakePart2() *fakePart2 {
	f := &fakePart2{alias: map[string]string{}, ignored: map[string]bool{}}
	f.docs = []fakeDoc{
		{"a1", "Wire Service", "Summit opens in Korvana", marchDay(14), "Leaders met at the border summit in Korvana on Tuesday. Varga praised the talks.", []string{"Korvana/LOC", "Varga/PER", "Brennik/PER", "Union Council/ORG"}},
		{"a2", "The Paper", "What the summit means", marchDay(15), "The border summit was a gamble for both capitals. Varga and Brennik shook hands.", []string{"Korvana/LOC", "Varga/PER", "Brennik/PER"}},
		{"a3", "Harbour Times", "Summit ends without deal", marchDay(15), "Talks in Korvana ended without a deal. Brennik blamed the Union Council.", []string{"Korvana/LOC", "Brennik/PER", "Union Council/ORG"}},
		{"a4", "Wire Service", "Port strike enters second week", marchDay(20), "Dockers in Velsport stayed out as the Dockers Union held firm.", []string{"Velsport/LOC", "Dockers Union/ORG", "Varga/PER"}},
		{"a5", "The Paper", "Strike hits exports", marchDay(21), "Velsport exports fell as the strike went on. Varga urged talks.", []string{"Velsport/LOC", "Varga/PER", "Dockers Union/ORG"}},
		{"a6", "Harbour Times", "Flood relief arrives", marchDay(22), "Relief reached Dresna after the flood. Brenik visited the town.", []string{"Dresna/LOC", "Brenik/PER"}},
	}
	f.stories = []storyRow{
		{ID: "s1", Label: "Korvana border summit", First: marchDay(14), Last: marchDay(15), Articles: map[string][]string{"Wire Service": {"a1"}, "The Paper": {"a2"}, "Harbour Times": {"a3"}}},
		{ID: "s2", Label: "Velsport port strike", First: marchDay(20), Last: marchDay(21), Articles: map[string][]string{"Wire Service": {"a4"}, "The Paper": {"a5"}}, Missing: []string{"Harbour Times"}},
		{ID: "s3", Label: "Dresna flood relief", First: marchDay(22), Last: marchDay(22), Articles: map[string][]string{"Harbour Times": {"a6"}}, Missing: []string{"Wire Service", "The Paper"}},
	}
	f.cmp = &cmpView{
		Similarity: 0.61,
		Articles: []cmpArticle{
			{ID: "a1", Outlet: "Wire Service", Title: "Summit opens in Korvana", Published: marchDay(14), Words: 14,
				Sentences: []cmpSentence{
					{Text: "Leaders met at the border summit in Korvana on Tuesday.", Start: 0, End: 56, Label: labelShared, Matches: []cmpRef{{Article: 1, Sentence: 0, Score: 0.9}, {Article: 2, Sentence: 0, Score: 0.7}}},
					{Text: "Varga praised the talks.", Start: 57, End: 81, Label: labelUnique},
				},
				Framing: []cmpTerm{{"praised", 2.4}, {"leaders", 1.8}},
				Quotes:  []cmpQuote{{Speaker: "Varga", Text: "These talks are a beginning", Start: 57, End: 81}}},
			{ID: "a2", Outlet: "The Paper", Title: "What the summit means", Published: marchDay(15), Words: 16,
				Sentences: []cmpSentence{
					{Text: "Leaders met at the border summit in Korvana this week.", Start: 0, End: 54, Label: labelShared, Matches: []cmpRef{{Article: 0, Sentence: 0, Score: 0.9}}},
					{Text: "Varga and Brennik shook hands.", Start: 55, End: 85, Label: labelParaphrased, Matches: []cmpRef{{Article: 2, Sentence: 1, Score: 0.5}}},
				},
				Framing: []cmpTerm{{"gamble", 3.1}}},
			{ID: "a3", Outlet: "Harbour Times", Title: "Summit ends without deal", Published: marchDay(15), Words: 15,
				Sentences: []cmpSentence{
					{Text: "Talks in Korvana ended without a deal.", Start: 0, End: 38, Label: labelParaphrased, Matches: []cmpRef{{Article: 0, Sentence: 0, Score: 0.7}}},
					{Text: "Brennik blamed the Union Council.", Start: 39, End: 72, Label: labelParaphrased, Matches: []cmpRef{{Article: 1, Sentence: 1, Score: 0.5}}},
				},
				Quotes: []cmpQuote{{Speaker: "Brennik", Text: "The Council walked away", Start: 39, End: 72}}},
		},
		Passages: []cmpPassage{{Text: "Leaders met at the border summit in Korvana", Words: 8, Spans: []cmpSpan{{0, 0, 43}, {1, 0, 43}}}},
		Entities: cmpEntityDiff{
			InAll:  []cmpEntity{{Name: "Korvana", Type: "LOC", Counts: []int{1, 1, 1}}},
			InSome: []cmpEntity{{Name: "Brennik", Type: "PER", Counts: []int{0, 1, 1}}, {Name: "Varga", Type: "PER", Counts: []int{1, 1, 0}}},
			InOne:  []cmpEntity{{Name: "Union Council", Type: "ORG", Counts: []int{0, 0, 1}}},
		},
	}
	return f
}

func (f *fakePart2) doc(id string) (fakeDoc, bool) {
	for _, d := range f.docs {
		if d.id == id {
			return d, true
		}
	}
	return fakeDoc{}, false
}

func (f *fakePart2) article(id string) (*corpus.Article, error) {
	d, ok := f.doc(id)
	if !ok {
		return nil, fmt.Errorf("no article %s", id)
	}
	return &corpus.Article{ID: d.id, Outlet: d.outlet, Title: d.title, Published: d.published, Body: d.body}, nil
}

func (f *fakePart2) ref(d fakeDoc) articleRef {
	return articleRef{ID: d.id, Outlet: d.outlet, Title: d.title, Published: d.published}
}

func (f *fakePart2) storyList(context.Context, int, int) ([]storyRow, error) {
	return append([]storyRow(nil), f.stories...), nil
}

func (f *fakePart2) articleRefs(ids []string) []articleRef {
	var out []articleRef
	for _, id := range ids {
		if d, ok := f.doc(id); ok {
			out = append(out, f.ref(d))
		}
	}
	return out
}

func (f *fakePart2) queryIDs(_ context.Context, q string, _ int) (map[string]bool, error) {
	out := map[string]bool{}
	for _, d := range f.docs {
		if strings.Contains(strings.ToLower(d.title+" "+d.body), strings.ToLower(q)) {
			out[d.id] = true
		}
	}
	return out, nil
}

func (f *fakePart2) outletNames() []string {
	return []string{"Harbour Times", "The Paper", "Wire Service"}
}

func (f *fakePart2) compareArticles(ids ...string) (*cmpView, error) {
	v := *f.cmp
	v.Articles = nil
	for _, id := range ids {
		for _, a := range f.cmp.Articles {
			if a.ID == id {
				v.Articles = append(v.Articles, a)
			}
		}
	}
	if len(v.Articles) < 2 {
		return nil, fmt.Errorf("need two known articles, got %v", ids)
	}
	return &v, nil
}

func (f *fakePart2) similarArticles(_ context.Context, id string, k, _ int, otherOutlets bool) ([]articleRef, error) {
	self, _ := f.doc(id)
	var out []articleRef
	for _, d := range f.docs {
		if d.id == id || (otherOutlets && d.outlet == self.outlet) {
			continue
		}
		if strings.Contains(d.title, "ummit") == strings.Contains(self.title, "ummit") {
			out = append(out, f.ref(d))
		}
	}
	if len(out) > k {
		out = out[:k]
	}
	return out, nil
}

func (f *fakePart2) findArticles(ctx context.Context, q string, limit int) ([]articleRef, error) {
	ids, _ := f.queryIDs(ctx, q, limit)
	var out []articleRef
	for _, d := range f.docs {
		if ids[d.id] {
			out = append(out, f.ref(d))
		}
	}
	return out, nil
}

// mentions are a document's entities after aliasing, deduplicated.
func (f *fakePart2) mentions(d fakeDoc, types []string) []entityRow {
	seen := map[string]bool{}
	var out []entityRow
	for _, e := range d.ents {
		name, typ, _ := strings.Cut(e, "/")
		if c, ok := f.alias[name]; ok {
			name = c
		}
		if f.ignored[name] || seen[name] || (len(types) > 0 && !fakeHas(types, typ)) {
			continue
		}
		seen[name] = true
		out = append(out, entityRow{Name: name, Type: typ})
	}
	return out
}

func fakeHas(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (f *fakePart2) selected(flt entityFilter) []fakeDoc {
	var out []fakeDoc
	for _, d := range f.docs {
		if len(flt.Outlets) > 0 && !fakeHas(flt.Outlets, d.outlet) {
			continue
		}
		if flt.Query != "" && !strings.Contains(strings.ToLower(d.title+" "+d.body), strings.ToLower(flt.Query)) {
			continue
		}
		out = append(out, d)
	}
	return out
}

func (f *fakePart2) entityList(_ context.Context, flt entityFilter) ([]entityRow, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	byName := map[string]*entityRow{}
	for _, d := range f.selected(flt) {
		for _, e := range f.mentions(d, flt.Types) {
			r := byName[e.Name]
			if r == nil {
				r = &entityRow{ID: len(byName) + 1, Name: e.Name, Type: e.Type, ByOutlet: map[string]int{}}
				byName[e.Name] = r
			}
			r.Count++
			r.Docs++
			r.ByOutlet[d.outlet]++
		}
	}
	var out []entityRow
	for _, r := range byName {
		if r.Count >= flt.MinCount {
			out = append(out, *r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func (f *fakePart2) pairList(ctx context.Context, flt entityFilter) ([]pairRow, error) {
	ents, _ := f.entityList(ctx, flt)
	keep := map[string]entityRow{}
	for _, e := range ents {
		keep[e.Name] = e
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	docs := f.selected(flt)
	counts := map[[2]string]int{}
	for _, d := range docs {
		m := f.mentions(d, flt.Types)
		for i := range m {
			for j := i + 1; j < len(m); j++ {
				a, b := m[i].Name, m[j].Name
				if a > b {
					a, b = b, a
				}
				counts[[2]string{a, b}]++
			}
		}
	}
	var out []pairRow
	n := float64(len(docs))
	for k, c := range counts {
		a, okA := keep[k[0]]
		b, okB := keep[k[1]]
		if !okA || !okB {
			continue
		}
		pab, pa, pb := float64(c)/n, float64(a.Docs)/n, float64(b.Docs)/n
		pmi := math.Log(pab / (pa * pb))
		npmi := 1.0
		if pab < 1 {
			npmi = pmi / -math.Log(pab)
		}
		out = append(out, pairRow{A: a, B: b, Count: c, Docs: c, PMI: pmi, NPMI: npmi, G2: 2 * float64(c) * pmi,
			Jaccard: float64(c) / float64(a.Docs+b.Docs-c)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].A.Name+out[i].B.Name < out[j].A.Name+out[j].B.Name })
	return out, nil
}

func (f *fakePart2) evidenceFor(_ context.Context, a, b string, flt entityFilter) ([]evidenceRow, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []evidenceRow
	for _, d := range f.selected(flt) {
		var hasA, hasB bool
		for _, e := range f.mentions(d, nil) {
			hasA = hasA || e.Name == a
			hasB = hasB || e.Name == b
		}
		if hasA && hasB {
			out = append(out, evidenceRow{ArticleID: d.id, Outlet: d.outlet, Title: d.title, Published: d.published,
				Field: "body", Sentence: d.body, Start: 0, End: len(d.body)})
		}
	}
	return out, nil
}

func (f *fakePart2) entityArticles(_ context.Context, e entityRow, flt entityFilter) ([]articleRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []articleRef
	for _, d := range f.selected(flt) {
		for _, m := range f.mentions(d, nil) {
			if m.Name == e.Name {
				out = append(out, f.ref(d))
				break
			}
		}
	}
	return out, nil
}

func (f *fakePart2) mergeEntities(into string, names ...string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, n := range names {
		f.alias[n] = into
	}
	f.merges++
	return nil
}

func (f *fakePart2) renameEntity(old, nw string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.alias[old] = nw
	return nil
}

func (f *fakePart2) splitEntity(name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for k, v := range f.alias {
		if v == name {
			delete(f.alias, k)
		}
	}
	return nil
}

func (f *fakePart2) ignoreEntity(name string, ignore bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ignored[name] = ignore
	return nil
}

func (f *fakePart2) writeGraph(w io.Writer, format string, pairs []pairRow, _ map[string]string) error {
	_, err := fmt.Fprintf(w, "<%s edges=%d/>", format, len(pairs))
	return err
}

func widgetCell(r, c int) widget.TableCellID { return widget.TableCellID{Row: r, Col: c} }

// nerLoads reports whether the embedded NER model loads (the importer
// panics on its goroutines otherwise, taking the test binary down).
func nerLoads() (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return ner.Default() != nil
}

// TestEntitiesStoriesCompareOnSampleIndex runs the part-2 adapter against a
// real index holding the built-in sample corpus: every screen gets real
// content from it.
func TestEntitiesStoriesCompareOnSampleIndex(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the sample corpus")
	}
	if !nerLoads() {
		t.Skip("the embedded NER model does not load in this build (corpus/ner's own tests report it)")
	}
	c, err := index.Open(filepath.Join(t.TempDir(), "c"), index.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	im := c.NewImporter(new(corpus.Counters), func(path string, err error) { t.Logf("import %s: %v", path, err) })
	if _, err := im.ImportFS(ctx, c, assets.Sample(), "sample:"); err != nil {
		t.Fatal(err)
	}
	src := newPart2Source(func() part2Index { return c })
	if o := src.outletNames(); len(o) < 2 {
		t.Fatalf("outlets %v", o)
	}
	stories, err := src.storyList(ctx, 3, 2)
	if err != nil || len(stories) == 0 {
		t.Fatalf("stories: %d, %v", len(stories), err)
	}
	var ids []string
	for _, list := range stories[0].Articles {
		ids = append(ids, list[0])
	}
	if len(ids) > 4 {
		ids = ids[:4]
	}
	if refs := src.articleRefs(ids); len(refs) != len(ids) {
		t.Errorf("article refs %d of %d", len(refs), len(ids))
	}
	v, err := src.compareArticles(ids...)
	if err != nil || len(v.Articles) != len(ids) {
		t.Fatalf("compare %v: %v", ids, err)
	}
	for _, a := range v.Articles {
		for _, s := range a.Sentences {
			if s.Label != labelShared && s.Label != labelParaphrased && s.Label != labelUnique {
				t.Fatalf("label %q", s.Label)
			}
		}
	}
	sim, err := src.similarArticles(ctx, ids[0], 3, 7, true)
	if err != nil || len(sim) == 0 {
		t.Errorf("similar: %d, %v", len(sim), err)
	}
	f := entityFilter{Top: 100, PairTop: 2000, Measure: "npmi", Window: "doc", EvidenceLimit: 20, ArticleListLimit: 20}
	ents, err := src.entityList(ctx, f)
	if err != nil || len(ents) == 0 {
		t.Fatalf("entities: %d, %v", len(ents), err)
	}
	arts, err := src.entityArticles(ctx, ents[0], f)
	if err != nil || len(arts) == 0 {
		t.Errorf("articles naming %q: %d, %v", ents[0].Name, len(arts), err)
	}
	pairs, err := src.pairList(ctx, f)
	if err != nil || len(pairs) == 0 {
		t.Fatalf("pairs: %d, %v", len(pairs), err)
	}
	ev, err := src.evidenceFor(ctx, pairs[0].A.Name, pairs[0].B.Name, f)
	if err != nil || len(ev) == 0 {
		t.Errorf("evidence for %s–%s: %d, %v", pairs[0].A.Name, pairs[0].B.Name, len(ev), err)
	}
	var buf bytes.Buffer
	if err := src.writeGraph(&buf, "gexf", pairs, map[string]string{"query": ""}); err != nil || !strings.Contains(buf.String(), "<gexf") {
		t.Errorf("gexf: %v", err)
	}
	nodes, edges, _ := buildGraph(ents, pairs, "npmi", 0)
	t.Logf("sample: %d outlets, %d stories, first %q with %d articles; %d entities, %d pairs, %d edges drawn",
		len(src.outletNames()), len(stories), stories[0].Label, stories[0].count(), len(nodes), len(pairs), len(edges))
}

func TestEntitiesSourceWithoutCorpusFails(t *testing.T) {
	src := newPart2Source(func() part2Index { return nil })
	if _, err := src.storyList(context.Background(), 3, 2); err != errNoPart2 {
		t.Errorf("stories without a corpus: %v", err)
	}
	if _, err := src.entityList(context.Background(), entityFilter{}); err != errNoPart2 {
		t.Errorf("entities without a corpus: %v", err)
	}
	if o := src.outletNames(); o != nil {
		t.Errorf("outlets %v", o)
	}
}

func TestBuildGraphKeepsStrongestLinksPerNode(t *testing.T) {
	e := func(n string) entityRow { return entityRow{Name: n, Type: "PER", Count: 3} }
	ents := []entityRow{e("A"), e("B"), e("C"), e("D")}
	// A hub with links of falling strength, plus a weak C–D link that is
	// still D's strongest (and only) link.
	pairs := []pairRow{
		{A: e("A"), B: e("B"), NPMI: 0.9},
		{A: e("A"), B: e("C"), NPMI: 0.5},
		{A: e("A"), B: e("D"), NPMI: 0.1},
		{A: e("C"), B: e("D"), NPMI: 0.2},
		{A: e("B"), B: e("C"), NPMI: 0.05},
	}
	for _, tc := range []struct {
		perNode int
		want    []int // pair indices drawn, in pair order
	}{
		{0, []int{0, 1, 2, 3, 4}},
		{1, []int{0, 1, 3}},       // A:AB, B:AB, C:AC, D:CD
		{2, []int{0, 1, 2, 3, 4}}, // A–D is D's second, B–C is B's second
	} {
		_, edges, edgePair := buildGraph(ents, pairs, "npmi", tc.perNode)
		if fmt.Sprint(edgePair) != fmt.Sprint(tc.want) || len(edges) != len(tc.want) {
			t.Errorf("perNode %d: drew pairs %v, want %v", tc.perNode, edgePair, tc.want)
		}
		for _, ed := range edges {
			if ed.Weight < 0 || ed.Weight > 1 {
				t.Errorf("perNode %d: weight %v outside [0,1]", tc.perNode, ed.Weight)
			}
		}
	}
}
