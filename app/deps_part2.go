package app

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/parallax-research/parallax/corpus"
	"github.com/parallax-research/parallax/index"
)

// The Stories, Compare and Entities screens talk to the corpus through the
// small interfaces below, in terms of view models (storyRow, cmpView,
// entityRow, ...) rather than index and corpus types. part2Source adapts an
// open *index.Corpus to all three, one function per call, so an API change
// in index touches one adapter function and no screen.

// articleRef is one article as listed by a screen.
type articleRef struct {
	ID, Outlet, Title string
	Published         time.Time
	Score             float64
	Reasons           []string
}

// articleSource opens an article (to show it at a sentence).
type articleSource interface {
	article(id string) (*corpus.Article, error)
}

// storyRow is one story: articles about the same event across outlets.
type storyRow struct {
	ID, Label   string
	First, Last time.Time
	Articles    map[string][]string // outlet → article ids
	Missing     []string            // outlets that did not cover it
}

// count is the number of articles in the story.
func (s storyRow) count() int {
	n := 0
	for _, ids := range s.Articles {
		n += len(ids)
	}
	return n
}

type storyCorpus interface {
	articleSource
	storyList(ctx context.Context, days, minOutlets int) ([]storyRow, error)
	articleRefs(ids []string) []articleRef
	// queryIDs is the set of article ids matching a search query.
	queryIDs(ctx context.Context, query string, limit int) (map[string]bool, error)
	outletNames() []string
}

// cmpView is a comparison of 2–4 articles (mirrors corpus.Comparison).
type cmpView struct {
	Articles   []cmpArticle
	Passages   []cmpPassage
	Entities   cmpEntityDiff
	Similarity float64
}

type cmpArticle struct {
	ID, Outlet, Title string
	Published         time.Time
	Words             int
	Sentences         []cmpSentence
	Framing           []cmpTerm
	Quotes            []cmpQuote
}

// cmpSentence is one sentence with its alignment Label: "shared",
// "paraphrased" or "unique"; Start/End are byte offsets in the body.
type cmpSentence struct {
	Text       string
	Start, End int
	Label      string
	Matches    []cmpRef
}

type cmpRef struct {
	Article, Sentence int
	Score             float64
}

// cmpPassage is a shared run of 8+ words and where each article has it.
type cmpPassage struct {
	Text  string
	Words int
	Spans []cmpSpan
}

type cmpSpan struct{ Article, Start, End int }

type cmpEntityDiff struct{ InAll, InSome, InOne []cmpEntity }

// cmpEntity is an entity and its mention count in each compared article.
type cmpEntity struct {
	Name, Type string
	Counts     []int
}

type cmpTerm struct {
	Term string
	Z    float64
}

type cmpQuote struct {
	Speaker, Text string
	Start, End    int
}

type compareCorpus interface {
	articleSource
	compareArticles(ids ...string) (*cmpView, error)
	similarArticles(ctx context.Context, id string, k, days int, otherOutlets bool) ([]articleRef, error)
	findArticles(ctx context.Context, query string, limit int) ([]articleRef, error)
}

// entityFilter narrows the entity views (mirrors index.EntityQuery).
type entityFilter struct {
	Query            string
	Filters          []index.Filter // facet filters of the main query
	Types, Outlets   []string
	From, To         time.Time
	MinCount, Top    int
	Window, Measure  string // cooccurrence: "doc"|"sentence"; "count"|"npmi"|"pmi"|"g2"|"jaccard"
	PairTop          int
	EvidenceLimit    int
	ArticleListLimit int
}

type entityRow struct {
	ID         int
	Name, Type string
	Count      int
	Docs       int
	ByOutlet   map[string]int
}

type pairRow struct {
	A, B                   entityRow
	Count, Docs            int
	PMI, NPMI, G2, Jaccard float64
}

type evidenceRow struct {
	ArticleID, Outlet, Title string
	Published                time.Time
	Field, Sentence          string
	Start, End               int
}

type entityCorpus interface {
	articleSource
	entityList(ctx context.Context, f entityFilter) ([]entityRow, error)
	pairList(ctx context.Context, f entityFilter) ([]pairRow, error)
	evidenceFor(ctx context.Context, a, b string, f entityFilter) ([]evidenceRow, error)
	entityArticles(ctx context.Context, e entityRow, f entityFilter) ([]articleRef, error)
	mergeEntities(into string, names ...string) error
	renameEntity(old, new string) error
	splitEntity(name string) error
	ignoreEntity(name string, ignore bool) error
	// writeGraph writes pairs as "gexf" or "graphml".
	writeGraph(w io.Writer, format string, pairs []pairRow, meta map[string]string) error
	outletNames() []string
}

// part2Do runs f on the UI goroutine (fyne.Do). Tests swap it for a
// version that serialises with the test goroutine, since the test driver
// runs fyne.Do inline on the calling goroutine.
var part2Do = fyne.Do

// part2Window is the main window, or nil in tests without a UI.
func part2Window(u *UI) fyne.Window {
	if u == nil {
		return nil
	}
	return u.win
}

// showArticleAt opens article id in a dialog with the byte range
// [start, end) of its body (a sentence) emphasised. It is the default
// "open article" action of the part-2 screens.
func showArticleAt(u *UI, src articleSource, id string, start, end int) {
	w := part2Window(u)
	a, err := src.article(id)
	if w == nil {
		return
	}
	if err != nil {
		dialog.ShowError(err, w)
		return
	}
	rt := widget.NewRichText(articleAtSegments(a, start, end)...)
	rt.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(rt)
	d := dialog.NewCustom(a.Title, "Close", scroll, w)
	d.Resize(fyne.NewSize(760, 560))
	d.Show()
	if start > 0 && len(a.Body) > 0 {
		frac := float32(start) / float32(len(a.Body))
		scroll.Offset = fyne.NewPos(0, frac*rt.MinSize().Height*0.95)
		scroll.Refresh()
	}
}

// articleAtSegments renders an article with body[start:end] emphasised.
func articleAtSegments(a *corpus.Article, start, end int) []widget.RichTextSegment {
	var segs []widget.RichTextSegment
	segs = append(segs, &widget.TextSegment{Text: a.Title, Style: widget.RichTextStyleHeading})
	meta := []string{a.Outlet}
	if a.Dated() {
		meta = append(meta, a.Published.Format("Monday 2 January 2006"))
	}
	if len(a.Authors) > 0 {
		meta = append(meta, "by "+strings.Join(a.Authors, ", "))
	}
	segs = append(segs, &widget.TextSegment{Text: strings.Join(meta, " · "), Style: widget.RichTextStyleSubHeading})
	if start < 0 || end > len(a.Body) || start >= end {
		start, end = -1, -1
	}
	off := 0
	for _, p := range strings.Split(a.Body, "\n\n") {
		ps, pe := off, off+len(p)
		off = pe + 2
		if strings.TrimSpace(p) == "" {
			continue
		}
		if start < 0 || end <= ps || start >= pe {
			segs = append(segs, &widget.TextSegment{Text: p, Style: widget.RichTextStyleParagraph})
			continue
		}
		s, e := max(start, ps)-ps, min(end, pe)-ps
		hl := widget.RichTextStyleStrong
		hl.ColorName = theme.ColorNamePrimary
		if s > 0 {
			segs = append(segs, &widget.TextSegment{Text: p[:s], Style: widget.RichTextStyleInline})
		}
		segs = append(segs, &widget.TextSegment{Text: p[s:e], Style: hl})
		last := widget.RichTextStyleParagraph
		segs = append(segs, &widget.TextSegment{Text: p[e:], Style: last})
	}
	return segs
}

// part2Index is what the part-2 screens need from an open corpus.
type part2Index interface {
	Article(id string) (*corpus.Article, error)
	Search(ctx context.Context, q index.Query) (*index.Result, error)
	Stories(ctx context.Context, days, minOutlets int) ([]index.Story, error)
	Similar(ctx context.Context, a *corpus.Article, k, days int, otherOutlets bool) ([]index.SimilarHit, error)
	CompareIDs(ids ...string) (*corpus.Comparison, error)
	Entities(ctx context.Context, q index.EntityQuery) ([]index.EntityStat, error)
	Cooccur(ctx context.Context, q index.CooccurQuery) ([]index.Pair, error)
	EvidenceFor(ctx context.Context, a, b string, eq index.EntityQuery, limit int) ([]index.Evidence, error)
	MergeEntities(into string, names ...string) error
	RenameEntity(old, new string) error
	SplitEntity(name string) error
	IgnoreEntity(name string, ignore bool) error
}

var _ part2Index = (*index.Corpus)(nil)

// part2Source adapts the open corpus to storyCorpus, compareCorpus and
// entityCorpus: each method is the one place an index type is converted.
// get returns the corpus open now (it changes when the user switches), or
// nil when it lacks the part-2 methods.
type part2Source struct{ get func() part2Index }

var (
	_ storyCorpus   = part2Source{}
	_ compareCorpus = part2Source{}
	_ entityCorpus  = part2Source{}
)

// newPart2Source adapts the corpus get returns at each call.
func newPart2Source(get func() part2Index) part2Source { return part2Source{get: get} }

// errNoPart2 is returned when the open corpus cannot build stories,
// comparisons or entity networks.
var errNoPart2 = fmt.Errorf("this corpus does not support stories, comparison or entity networks")

// ix is the corpus open now; when there is none, a stand-in whose methods
// all fail with errNoPart2.
func (p part2Source) ix() part2Index {
	if p.get != nil {
		if ix := p.get(); ix != nil {
			return ix
		}
	}
	return noPart2{}
}

func (p part2Source) article(id string) (*corpus.Article, error) { return p.ix().Article(id) }

func (p part2Source) storyList(ctx context.Context, days, minOutlets int) ([]storyRow, error) {
	stories, err := p.ix().Stories(ctx, days, minOutlets)
	if err != nil {
		return nil, err
	}
	rows := make([]storyRow, len(stories))
	for i, s := range stories {
		rows[i] = storyRow{ID: s.ID, Label: s.Label, First: s.First, Last: s.Last, Articles: s.Articles, Missing: s.Missing}
	}
	return rows, nil
}

func (p part2Source) articleRefs(ids []string) []articleRef {
	out := make([]articleRef, 0, len(ids))
	for _, id := range ids {
		a, err := p.ix().Article(id)
		if err != nil {
			continue
		}
		out = append(out, articleRef{ID: a.ID, Outlet: a.Outlet, Title: a.Title, Published: a.Published})
	}
	return out
}

func (p part2Source) queryIDs(ctx context.Context, query string, limit int) (map[string]bool, error) {
	res, err := p.ix().Search(ctx, index.Query{Text: query, Size: limit})
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(res.Hits))
	for _, h := range res.Hits {
		out[h.ID] = true
	}
	return out, nil
}

func (p part2Source) outletNames() []string {
	res, err := p.ix().Search(context.Background(), index.Query{Size: 1, Facets: []string{"outlet"}})
	if err != nil {
		return nil
	}
	var out []string
	for _, f := range res.Facets["outlet"] {
		out = append(out, f.Value)
	}
	sort.Strings(out)
	return out
}

func (p part2Source) compareArticles(ids ...string) (*cmpView, error) {
	c, err := p.ix().CompareIDs(ids...)
	if err != nil {
		return nil, err
	}
	v := &cmpView{Similarity: c.Similarity}
	for _, a := range c.Articles {
		ca := cmpArticle{ID: a.ID, Outlet: a.Outlet, Title: a.Title, Published: a.Published, Words: a.Words}
		for _, s := range a.Sentences {
			cs := cmpSentence{Text: s.Text, Start: s.Start, End: s.End, Label: s.Label}
			for _, m := range s.Matches {
				cs.Matches = append(cs.Matches, cmpRef{Article: m.Article, Sentence: m.Sentence, Score: m.Score})
			}
			ca.Sentences = append(ca.Sentences, cs)
		}
		for _, t := range a.Framing {
			ca.Framing = append(ca.Framing, cmpTerm{Term: t.Term, Z: t.Z})
		}
		for _, q := range a.Quotes {
			ca.Quotes = append(ca.Quotes, cmpQuote{Speaker: q.Speaker, Text: q.Text, Start: q.Start, End: q.End})
		}
		v.Articles = append(v.Articles, ca)
	}
	for _, ps := range c.Passages {
		cp := cmpPassage{Text: ps.Text, Words: ps.Words}
		for _, sp := range ps.Spans {
			cp.Spans = append(cp.Spans, cmpSpan{Article: sp.Article, Start: sp.Start, End: sp.End})
		}
		v.Passages = append(v.Passages, cp)
	}
	conv := func(list []corpus.EntityCount) []cmpEntity {
		out := make([]cmpEntity, len(list))
		for i, e := range list {
			out[i] = cmpEntity{Name: e.Name, Type: e.Type, Counts: e.Counts}
		}
		return out
	}
	v.Entities = cmpEntityDiff{InAll: conv(c.Entities.InAll), InSome: conv(c.Entities.InSome), InOne: conv(c.Entities.InOne)}
	return v, nil
}

func (p part2Source) similarArticles(ctx context.Context, id string, k, days int, otherOutlets bool) ([]articleRef, error) {
	a, err := p.ix().Article(id)
	if err != nil {
		return nil, err
	}
	hits, err := p.ix().Similar(ctx, a, k, days, otherOutlets)
	if err != nil {
		return nil, err
	}
	out := make([]articleRef, len(hits))
	for i, h := range hits {
		out[i] = articleRef{ID: h.ID, Outlet: h.Outlet, Title: h.Title, Published: h.Published, Score: h.Score, Reasons: h.Reasons}
	}
	return out, nil
}

func (p part2Source) findArticles(ctx context.Context, query string, limit int) ([]articleRef, error) {
	res, err := p.ix().Search(ctx, index.Query{Text: query, Size: limit})
	if err != nil {
		return nil, err
	}
	out := make([]articleRef, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = articleRef{ID: h.ID, Outlet: h.Outlet, Title: h.Title, Published: h.Published, Score: h.Score}
	}
	return out, nil
}

// entityQuery converts the screen's filter.
func entityQuery(f entityFilter) index.EntityQuery {
	return index.EntityQuery{Query: index.Query{Text: f.Query, Filters: f.Filters}, Types: f.Types, Outlets: f.Outlets,
		From: f.From, To: f.To, MinCount: f.MinCount, Top: f.Top}
}

func entityRowOf(e index.EntityStat) entityRow {
	return entityRow{ID: e.ID, Name: e.Name, Type: e.Type, Count: e.Count, Docs: e.Docs, ByOutlet: e.ByOutlet}
}

func (p part2Source) entityList(ctx context.Context, f entityFilter) ([]entityRow, error) {
	stats, err := p.ix().Entities(ctx, entityQuery(f))
	if err != nil {
		return nil, err
	}
	out := make([]entityRow, len(stats))
	for i, e := range stats {
		out[i] = entityRowOf(e)
	}
	return out, nil
}

func (p part2Source) pairList(ctx context.Context, f entityFilter) ([]pairRow, error) {
	eq := entityQuery(f)
	eq.MinCount, eq.Top = 0, 0 // pairs: the measure's default minimum
	pairs, err := p.ix().Cooccur(ctx, index.CooccurQuery{EntityQuery: eq, Window: f.Window, Measure: f.Measure, Top: f.PairTop})
	if err != nil {
		return nil, err
	}
	out := make([]pairRow, len(pairs))
	for i, x := range pairs {
		out[i] = pairRow{A: entityRowOf(x.A), B: entityRowOf(x.B), Count: x.Count, Docs: x.Docs, PMI: x.PMI, NPMI: x.NPMI, G2: x.G2, Jaccard: x.Jaccard}
	}
	return out, nil
}

func (p part2Source) evidenceFor(ctx context.Context, a, b string, f entityFilter) ([]evidenceRow, error) {
	ev, err := p.ix().EvidenceFor(ctx, a, b, entityQuery(f), f.EvidenceLimit)
	if err != nil {
		return nil, err
	}
	out := make([]evidenceRow, len(ev))
	for i, e := range ev {
		out[i] = evidenceRow{ArticleID: e.ArticleID, Outlet: e.Outlet, Title: e.Title, Published: e.Published,
			Field: e.Field, Sentence: e.Sentence, Start: e.Start, End: e.End}
	}
	return out, nil
}

// entityArticles finds the articles naming e (by its canonical name in the
// index) among those the filter selects, newest first.
func (p part2Source) entityArticles(ctx context.Context, e entityRow, f entityFilter) ([]articleRef, error) {
	text := "entity:" + quoteTerm(e.Name)
	if q := strings.TrimSpace(f.Query); q != "" {
		text = "+(" + q + ") +" + text
	}
	if !f.From.IsZero() {
		text += " +published:>=" + quoteTerm(f.From.Format("2006-01-02"))
	}
	if !f.To.IsZero() {
		text += " +published:<" + quoteTerm(f.To.Format("2006-01-02"))
	}
	q := index.Query{Text: text, Size: f.ArticleListLimit, Sort: "-date", Filters: append([]index.Filter(nil), f.Filters...)}
	for _, o := range f.Outlets {
		q.Filters = append(q.Filters, index.Filter{Field: "outlet", Value: o})
	}
	res, err := p.ix().Search(ctx, q)
	if err != nil {
		return nil, err
	}
	out := make([]articleRef, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = articleRef{ID: h.ID, Outlet: h.Outlet, Title: h.Title, Published: h.Published, Score: h.Score}
	}
	return out, nil
}

// quoteTerm quotes s as a phrase for the query language.
func quoteTerm(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func (p part2Source) mergeEntities(into string, names ...string) error {
	return p.ix().MergeEntities(into, names...)
}
func (p part2Source) renameEntity(old, new string) error { return p.ix().RenameEntity(old, new) }
func (p part2Source) splitEntity(name string) error      { return p.ix().SplitEntity(name) }
func (p part2Source) ignoreEntity(name string, ignore bool) error {
	return p.ix().IgnoreEntity(name, ignore)
}

func (p part2Source) writeGraph(w io.Writer, format string, pairs []pairRow, meta map[string]string) error {
	stat := func(e entityRow) index.EntityStat {
		return index.EntityStat{ID: e.ID, Name: e.Name, Type: e.Type, Count: e.Count, Docs: e.Docs, ByOutlet: e.ByOutlet}
	}
	ps := make([]index.Pair, len(pairs))
	for i, x := range pairs {
		ps[i] = index.Pair{A: stat(x.A), B: stat(x.B), Count: x.Count, Docs: x.Docs, PMI: x.PMI, NPMI: x.NPMI, G2: x.G2, Jaccard: x.Jaccard}
	}
	switch format {
	case "gexf":
		return index.WriteGEXF(w, ps, meta)
	case "graphml":
		return index.WriteGraphML(w, ps, meta)
	}
	return fmt.Errorf("unknown graph format %q", format)
}

// noPart2 stands in for a corpus without the part-2 methods.
type noPart2 struct{}

func (noPart2) Article(string) (*corpus.Article, error) { return nil, errNoPart2 }
func (noPart2) Search(context.Context, index.Query) (*index.Result, error) {
	return nil, errNoPart2
}
func (noPart2) Stories(context.Context, int, int) ([]index.Story, error) { return nil, errNoPart2 }
func (noPart2) Similar(context.Context, *corpus.Article, int, int, bool) ([]index.SimilarHit, error) {
	return nil, errNoPart2
}
func (noPart2) CompareIDs(...string) (*corpus.Comparison, error) { return nil, errNoPart2 }
func (noPart2) Entities(context.Context, index.EntityQuery) ([]index.EntityStat, error) {
	return nil, errNoPart2
}
func (noPart2) Cooccur(context.Context, index.CooccurQuery) ([]index.Pair, error) {
	return nil, errNoPart2
}
func (noPart2) EvidenceFor(context.Context, string, string, index.EntityQuery, int) ([]index.Evidence, error) {
	return nil, errNoPart2
}
func (noPart2) MergeEntities(string, ...string) error { return errNoPart2 }
func (noPart2) RenameEntity(string, string) error     { return errNoPart2 }
func (noPart2) SplitEntity(string) error              { return errNoPart2 }
func (noPart2) IgnoreEntity(string, bool) error       { return errNoPart2 }
