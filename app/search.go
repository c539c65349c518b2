package app

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/parallax-research/parallax/corpus"
	"github.com/parallax-research/parallax/index"
)

// searchScreen is the query box, the result list and the article preview.
type searchScreen struct {
	u       *UI
	entry   *widget.Entry
	list    *widget.List
	count   *widget.Label
	preview *widget.RichText

	hits     []index.Hit
	selected string

	mu     sync.Mutex
	gen    int
	cancel context.CancelFunc
}

func newSearchScreen(u *UI) *searchScreen {
	s := &searchScreen{u: u}
	s.entry = widget.NewEntry()
	s.entry.SetPlaceHolder(`Search: words, "phrases", outlet:"Harbour Times", published:>="2026-03-01"`)
	s.entry.OnSubmitted = func(string) { s.run() }
	s.count = widget.NewLabel("")
	s.preview = widget.NewRichText()
	s.preview.Wrapping = fyne.TextWrapWord
	s.list = widget.NewList(
		func() int { return len(s.hits) },
		func() fyne.CanvasObject {
			title := widget.NewLabel("title")
			title.TextStyle.Bold = true
			title.Truncation = fyne.TextTruncateEllipsis
			meta := widget.NewLabel("outlet · date")
			meta.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(title, meta)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(s.hits) {
				return
			}
			h := s.hits[id]
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(h.Title)
			box.Objects[1].(*widget.Label).SetText(hitMeta(h))
		},
	)
	s.list.OnSelected = s.onSelected
	return s
}

func (s *searchScreen) build() fyne.CanvasObject {
	left := container.NewBorder(s.count, nil, nil, nil, s.list)
	split := container.NewHSplit(left, container.NewVScroll(s.preview))
	split.SetOffset(0.42)
	return split
}

func hitMeta(h index.Hit) string {
	parts := []string{h.Outlet}
	if !h.Published.IsZero() {
		parts = append(parts, h.Published.Format("2 Jan 2006"))
	}
	if h.Snippet != "" {
		parts = append(parts, h.Snippet)
	}
	return strings.Join(parts, " · ")
}

// run searches for the entry's text off the UI goroutine; a newer search
// cancels an older one, and stale results are dropped.
func (s *searchScreen) run() {
	q := index.Query{Text: s.entry.Text, Size: 200}
	s.mu.Lock()
	if s.cancel != nil {
		s.cancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.gen++
	gen := s.gen
	s.cancel = cancel
	s.mu.Unlock()
	go func() {
		defer cancel()
		res, err := s.u.deps.Corpus.Search(ctx, q)
		fyne.Do(func() {
			s.mu.Lock()
			stale := gen != s.gen
			s.mu.Unlock()
			if stale {
				return
			}
			s.show(res, err)
		})
	}()
}

// show puts a result on screen (UI goroutine).
func (s *searchScreen) show(res *index.Result, err error) {
	s.list.UnselectAll()
	if err != nil {
		s.hits = nil
		s.count.SetText(oneLine(err.Error()))
		s.list.Refresh()
		return
	}
	s.hits = res.Hits
	switch {
	case res.Total == 0:
		s.count.SetText("No articles match.")
	case uint64(len(res.Hits)) < res.Total:
		s.count.SetText(fmt.Sprintf("%d articles match (showing the first %d)", res.Total, len(res.Hits)))
	default:
		s.count.SetText(fmt.Sprintf("%d articles match", res.Total))
	}
	s.list.Refresh()
	if len(s.hits) > 0 {
		s.list.Select(0)
	} else {
		s.preview.ParseMarkdown("")
	}
}

func (s *searchScreen) onSelected(id widget.ListItemID) {
	if id >= len(s.hits) {
		return
	}
	a, err := s.u.deps.Corpus.Article(s.hits[id].ID)
	if err != nil {
		s.preview.ParseMarkdown("*" + err.Error() + "*")
		return
	}
	s.selected = a.ID
	s.preview.Segments = articleSegments(a)
	s.preview.Refresh()
}

// articleSegments renders an article for the preview.
func articleSegments(a *corpus.Article) []widget.RichTextSegment {
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
	if a.URL != "" {
		segs = append(segs, &widget.TextSegment{Text: a.URL, Style: widget.RichTextStyleParagraph})
	}
	for _, p := range strings.Split(a.Body, "\n\n") {
		if strings.TrimSpace(p) != "" {
			segs = append(segs, &widget.TextSegment{Text: p, Style: widget.RichTextStyleParagraph})
		}
	}
	if len(a.Captions) > 0 {
		segs = append(segs, &widget.TextSegment{Text: "Captions", Style: widget.RichTextStyleSubHeading})
		for _, c := range a.Captions {
			segs = append(segs, &widget.TextSegment{Text: c, Style: widget.RichTextStyleBlockquote})
		}
	}
	segs = append(segs, &widget.TextSegment{Text: a.Path, Style: widget.RichTextStyleCodeInline})
	return segs
}

func oneLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
