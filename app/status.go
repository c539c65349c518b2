package app

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/parallax-research/parallax/index"
)

// statusBar is the line at the bottom of the window: the corpus's name,
// size, outlets and date span, and the background job's progress.
type statusBar struct {
	u      *UI
	line   *widget.RichText
	name   string
	detail string

	mu  sync.Mutex
	gen int
}

func newStatusBar(u *UI) *statusBar {
	s := &statusBar{u: u, line: widget.NewRichText()}
	s.line.Truncation = fyne.TextTruncateEllipsis
	return s
}

func (s *statusBar) build() fyne.CanvasObject {
	j := s.u.jobs
	bar := container.NewGridWrap(fyne.NewSize(180, j.bar.MinSize().Height), j.bar)
	right := container.NewHBox(j.label, container.NewCenter(bar), j.cancel)
	return container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil, nil, right, s.line))
}

// show draws the corpus name (bold) and its summary.
func (s *statusBar) show(name, detail string) {
	s.name, s.detail = name, detail
	s.line.Segments = []widget.RichTextSegment{
		&widget.TextSegment{Text: name, Style: widget.RichTextStyle{Inline: true, ColorName: theme.ColorNameForeground, SizeName: theme.SizeNameText, TextStyle: fyne.TextStyle{Bold: true}}},
		&widget.TextSegment{Text: "   " + detail, Style: widget.RichTextStyleInline},
	}
	s.line.Refresh()
}

// setDetail replaces the summary (e.g. with a message).
func (s *statusBar) setDetail(detail string) { s.show(s.name, detail) }

// refresh recomputes the corpus summary in the background (Stats reads
// every article) and shows it when done; a newer refresh wins.
func (s *statusBar) refresh() {
	c := s.u.corpus
	s.show(s.u.corpusName(), s.detail)
	s.mu.Lock()
	s.gen++
	gen := s.gen
	s.mu.Unlock()
	go func() {
		st := c.Stats()
		meta := sampleMetaFields(c)
		s.u.do(func() {
			s.mu.Lock()
			stale := gen != s.gen
			s.mu.Unlock()
			if !stale {
				s.show(s.u.corpusName(), statsLine(st))
				s.u.library.showStats(st)
				s.u.search.setMetaFacets(meta)
			}
		})
	}()
}

// statsLine is "1,234 articles · 5 outlets · 2 Mar 2026 – 30 Mar 2026".
func statsLine(st index.Stats) string {
	s := countLabel(st.Articles, "article", "articles") + " · " + countLabel(st.Outlets, "outlet", "outlets")
	switch {
	case !st.First.IsZero() && st.Last.After(st.First):
		s += fmt.Sprintf(" · %s – %s", st.First.Format("2 Jan 2006"), st.Last.Format("2 Jan 2006"))
	case !st.First.IsZero():
		s += " · from " + st.First.Format("2 Jan 2006")
	}
	return s
}

// metaSample is how many articles sampleMetaFields reads.
const (
	metaSample    = 200
	maxMetaFacets = 6
)

// sampleMetaFields finds the custom metadata fields of a corpus (the keys
// of Article.Meta) in a sample of its articles, most common first, for
// the facet sidebar.
func sampleMetaFields(c Corpus) []string {
	res, err := c.Search(context.Background(), index.Query{Size: metaSample, Sort: "-date"})
	if err != nil {
		return nil
	}
	count := map[string]int{}
	for _, h := range res.Hits {
		a, err := c.Article(h.ID)
		if err != nil {
			continue
		}
		for k, v := range a.Meta {
			if v != "" {
				count[k]++
			}
		}
	}
	keys := make([]string, 0, len(count))
	for k := range count {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if count[keys[i]] != count[keys[j]] {
			return count[keys[i]] > count[keys[j]]
		}
		return keys[i] < keys[j]
	})
	if len(keys) > maxMetaFacets {
		keys = keys[:maxMetaFacets]
	}
	for i, k := range keys {
		keys[i] = "meta." + k
	}
	return keys
}
