package app

import (
	"context"
	"io"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/parallax-research/parallax/corpus"
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
