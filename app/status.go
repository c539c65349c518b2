package app

import (
	"fmt"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/parallax-research/parallax/index"
)

// statusBar is the line at the bottom of the window: the corpus's name,
// size, outlets and date span, and the background job's progress.
type statusBar struct {
	u      *UI
	name   *widget.Label
	detail *widget.Label

	mu  sync.Mutex
	gen int
}

func newStatusBar(u *UI) *statusBar {
	s := &statusBar{u: u, name: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), detail: widget.NewLabel("")}
	return s
}

func (s *statusBar) build() fyne.CanvasObject {
	j := s.u.jobs
	bar := container.NewGridWrap(fyne.NewSize(180, j.bar.MinSize().Height), j.bar)
	right := container.NewHBox(j.label, container.NewCenter(bar), j.cancel)
	left := container.NewHBox(s.name, s.detail)
	return container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil, left, right, layout.NewSpacer()))
}

// refresh recomputes the corpus summary in the background (Stats reads
// every article) and shows it when done; a newer refresh wins.
func (s *statusBar) refresh() {
	c := s.u.corpus
	s.name.SetText(s.u.corpusName())
	s.mu.Lock()
	s.gen++
	gen := s.gen
	s.mu.Unlock()
	go func() {
		st := c.Stats()
		s.u.do(func() {
			s.mu.Lock()
			stale := gen != s.gen
			s.mu.Unlock()
			if !stale {
				s.detail.SetText(statsLine(st))
				s.u.library.showStats(st)
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
