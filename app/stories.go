package app

import (
	"context"
	"fmt"
	"image/color"
	"sort"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/parallax-research/parallax/corpus"
)

// Story sort orders (the sort select's options).
const (
	storySortNewest   = "Newest first"
	storySortOldest   = "Oldest first"
	storySortArticles = "Most articles"
	storySortOutlets  = "Most outlets"
	storySortLabel    = "Label A–Z"
	storyAllOutlets   = "All outlets"
)

// storiesScreen lists stories (same-event clusters across outlets) with
// filters, shows the stories × outlets coverage matrix with blind spots,
// and lists the selected story's articles by outlet with "Compare selected".
type storiesScreen struct {
	u *UI
	c storyCorpus

	query   *widget.Entry
	outlet  *widget.Select
	from    *widget.Entry
	to      *widget.Entry
	sortBy  *widget.Select
	status  *widget.Label
	list    *widget.List
	matrix  *widget.Table
	tabs    *container.AppTabs
	detail  *fyne.Container
	title   *widget.Label
	missing *widget.Label
	compare *widget.Button

	all      []storyRow // as loaded
	rows     []storyRow // filtered and sorted
	outlets  []string   // matrix columns: every outlet in the corpus
	selected int
	checked  map[string]bool // article ids ticked for comparison
	refs     map[string]articleRef

	// Days and MinOutlets parameterise story building.
	days, minOutlets int
	// stale is set when the corpus changed since the last load.
	stale bool

	// openCompare shows the comparison of ids (wired to the Compare screen);
	// openArticle opens one article.
	openCompare func(ids []string)
	openArticle func(id string)

	mu  sync.Mutex
	gen int
}

func newStoriesScreen(u *UI, c storyCorpus) *storiesScreen {
	s := &storiesScreen{u: u, c: c, selected: -1, days: corpus.StoryDays, minOutlets: 2, stale: true,
		checked: map[string]bool{}, refs: map[string]articleRef{}}
	s.openArticle = func(id string) { showArticleAt(u, c, id, -1, -1) }
	s.query = widget.NewEntry()
	s.query.SetPlaceHolder("Filter stories: words or a search query")
	s.query.OnSubmitted = func(string) { s.onFilter() }
	s.outlet = widget.NewSelect([]string{storyAllOutlets}, func(string) { s.onFilter() })
	s.outlet.Selected = storyAllOutlets
	s.from = widget.NewEntry()
	s.from.SetPlaceHolder("from YYYY-MM-DD")
	s.from.OnSubmitted = func(string) { s.onFilter() }
	s.to = widget.NewEntry()
	s.to.SetPlaceHolder("to YYYY-MM-DD")
	s.to.OnSubmitted = func(string) { s.onFilter() }
	s.sortBy = widget.NewSelect([]string{storySortNewest, storySortOldest, storySortArticles, storySortOutlets, storySortLabel}, func(string) { s.applyFilter(nil) })
	s.sortBy.Selected = storySortNewest
	s.status = widget.NewLabel("")
	s.list = widget.NewList(func() int { return len(s.rows) }, s.createRow, s.updateRow)
	s.list.OnSelected = func(id widget.ListItemID) { s.onSelect(id) }
	s.matrix = widget.NewTableWithHeaders(s.matrixSize, s.createCell, s.updateCell)
	s.matrix.ShowHeaderColumn = false
	s.matrix.StickyColumnCount = 1
	s.matrix.CreateHeader = func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.TextStyle.Bold = true
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	s.matrix.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		if id.Col == 0 {
			l.SetText("Story")
		} else if id.Col-1 < len(s.outlets) {
			l.SetText(s.outlets[id.Col-1])
		}
	}
	s.matrix.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(s.rows) {
			s.showStory(id.Row)
		}
	}
	s.matrix.SetColumnWidth(0, 260)
	s.title = widget.NewLabel("Select a story")
	s.title.TextStyle.Bold = true
	s.title.Wrapping = fyne.TextWrapWord
	s.missing = widget.NewLabel("")
	s.missing.Wrapping = fyne.TextWrapWord
	s.detail = container.NewVBox()
	s.compare = widget.NewButton("Compare selected", s.onCompareSelected)
	s.compare.Importance = widget.HighImportance
	s.compare.Disable()
	return s
}

func (s *storiesScreen) build() fyne.CanvasObject {
	filters := container.NewBorder(nil, nil, nil,
		container.NewHBox(s.outlet, fixedWidthBox(130, s.from), fixedWidthBox(130, s.to), s.sortBy,
			widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), s.load)),
		s.query)
	s.tabs = container.NewAppTabs(
		container.NewTabItem("List", container.NewBorder(s.status, nil, nil, nil, s.list)),
		container.NewTabItem("Coverage matrix", s.matrix),
	)
	right := container.NewBorder(container.NewVBox(s.title, s.missing), s.compare, nil, nil, container.NewVScroll(s.detail))
	split := container.NewHSplit(s.tabs, right)
	split.SetOffset(0.62)
	return container.NewBorder(filters, nil, nil, nil, split)
}

// onShown loads the stories when the screen is shown and the corpus has
// changed since they were built.
func (s *storiesScreen) onShown() {
	if s.stale {
		s.load()
	}
}

// invalidate marks the stories out of date (after an import or a corpus
// switch); they are rebuilt when the screen is next shown.
func (s *storiesScreen) invalidate() { s.stale = true }

// load builds the story list off the UI goroutine.
func (s *storiesScreen) load() {
	s.stale = false
	s.mu.Lock()
	s.gen++
	gen := s.gen
	s.mu.Unlock()
	s.status.SetText("Building stories…")
	days, minOutlets := s.days, s.minOutlets
	go func() {
		rows, err := s.c.storyList(context.Background(), days, minOutlets)
		outlets := s.c.outletNames()
		part2Do(func() {
			s.mu.Lock()
			stale := gen != s.gen
			s.mu.Unlock()
			if stale {
				return
			}
			if err != nil {
				s.status.SetText(oneLineP2(err.Error()))
				return
			}
			s.setStories(rows, outlets)
		})
	}()
}

// setStories shows rows (UI goroutine).
func (s *storiesScreen) setStories(rows []storyRow, outlets []string) {
	s.all = rows
	seen := map[string]bool{}
	s.outlets = nil
	for _, o := range outlets {
		if !seen[o] {
			seen[o] = true
			s.outlets = append(s.outlets, o)
		}
	}
	for _, r := range rows {
		for o := range r.Articles {
			if !seen[o] {
				seen[o] = true
				s.outlets = append(s.outlets, o)
			}
		}
	}
	sort.Strings(s.outlets)
	for i := range s.outlets {
		s.matrix.SetColumnWidth(i+1, 110)
	}
	sel := s.outlet.Selected
	s.outlet.SetOptions(append([]string{storyAllOutlets}, s.outlets...))
	if sel == "" {
		sel = storyAllOutlets
	}
	s.outlet.Selected = sel
	s.outlet.Refresh()
	s.onFilter()
}

// onFilter applies the filters; a query filter first asks the index which
// articles match.
func (s *storiesScreen) onFilter() {
	q := strings.TrimSpace(s.query.Text)
	if q == "" {
		s.applyFilter(nil)
		return
	}
	s.mu.Lock()
	s.gen++
	gen := s.gen
	s.mu.Unlock()
	go func() {
		ids, err := s.c.queryIDs(context.Background(), q, 5000)
		part2Do(func() {
			s.mu.Lock()
			stale := gen != s.gen
			s.mu.Unlock()
			if stale {
				return
			}
			if err != nil {
				ids = map[string]bool{}
			}
			s.applyFilter(ids)
		})
	}()
}

// applyFilter filters and sorts s.all into s.rows. ids, when not nil, is
// the set of articles matching the query text.
func (s *storiesScreen) applyFilter(ids map[string]bool) {
	q := strings.ToLower(strings.TrimSpace(s.query.Text))
	outlet := s.outlet.Selected
	from, _ := time.Parse("2006-01-02", strings.TrimSpace(s.from.Text))
	to, _ := time.Parse("2006-01-02", strings.TrimSpace(s.to.Text))
	var rows []storyRow
	for _, r := range s.all {
		if outlet != "" && outlet != storyAllOutlets && len(r.Articles[outlet]) == 0 {
			continue
		}
		if !from.IsZero() && r.Last.Before(from) {
			continue
		}
		if !to.IsZero() && r.First.After(to.Add(24*time.Hour-time.Nanosecond)) {
			continue
		}
		if q != "" && !strings.Contains(strings.ToLower(r.Label), q) && !storyHasAny(r, ids) {
			continue
		}
		rows = append(rows, r)
	}
	sortStories(rows, s.sortBy.Selected)
	s.rows = rows
	s.selected = -1
	s.list.UnselectAll()
	s.list.Refresh()
	s.matrix.Refresh()
	switch {
	case len(s.all) == 0:
		s.status.SetText("No stories yet: stories need articles on the same event from at least two outlets.")
	case len(rows) == len(s.all):
		s.status.SetText(fmt.Sprintf("%d stories", len(rows)))
	default:
		s.status.SetText(fmt.Sprintf("%d of %d stories", len(rows), len(s.all)))
	}
	s.showStory(-1)
}

func storyHasAny(r storyRow, ids map[string]bool) bool {
	for _, list := range r.Articles {
		for _, id := range list {
			if ids[id] {
				return true
			}
		}
	}
	return false
}

// sortStories orders rows by one of the storySort options (stable, with
// the label as the tie-break so the order is deterministic).
func sortStories(rows []storyRow, by string) {
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		switch by {
		case storySortOldest:
			if !a.First.Equal(b.First) {
				return a.First.Before(b.First)
			}
		case storySortArticles:
			if a.count() != b.count() {
				return a.count() > b.count()
			}
		case storySortOutlets:
			if len(a.Articles) != len(b.Articles) {
				return len(a.Articles) > len(b.Articles)
			}
		case storySortLabel:
		default:
			if !a.Last.Equal(b.Last) {
				return a.Last.After(b.Last)
			}
		}
		return a.Label < b.Label
	})
}

// storyDateSpan formats a story's first and last dates compactly.
func storyDateSpan(first, last time.Time) string {
	switch {
	case first.IsZero():
		return "undated"
	case first.Format("2006-01-02") == last.Format("2006-01-02") || last.IsZero():
		return first.Format("2 Jan 2006")
	case first.Year() == last.Year() && first.Month() == last.Month():
		return fmt.Sprintf("%d–%s", first.Day(), last.Format("2 Jan 2006"))
	case first.Year() == last.Year():
		return first.Format("2 Jan") + " – " + last.Format("2 Jan 2006")
	}
	return first.Format("2 Jan 2006") + " – " + last.Format("2 Jan 2006")
}

// outletColour is a stable colour per outlet index (coverage dots).
func outletColour(i int) color.NRGBA {
	palette := []color.NRGBA{
		{0x25, 0x63, 0xeb, 0xff}, {0xd9, 0x77, 0x06, 0xff}, {0x05, 0x96, 0x69, 0xff}, {0xdc, 0x26, 0x26, 0xff},
		{0x7c, 0x3a, 0xed, 0xff}, {0x0e, 0x74, 0x90, 0xff}, {0xdb, 0x27, 0x77, 0xff}, {0x65, 0xa3, 0x0d, 0xff},
	}
	return palette[i%len(palette)]
}

const storyDotSize = 12

func (s *storiesScreen) createRow() fyne.CanvasObject {
	title := widget.NewLabel("story label")
	title.TextStyle.Bold = true
	title.Truncation = fyne.TextTruncateEllipsis
	meta := widget.NewLabel("date · articles · outlets")
	meta.Truncation = fyne.TextTruncateEllipsis
	dots := container.NewHBox() // one dot per outlet, filled when it covered the story
	return container.NewBorder(nil, nil, nil, container.NewCenter(dots), container.NewVBox(title, meta))
}

func (s *storiesScreen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(s.rows) {
		return
	}
	r := s.rows[id]
	box := o.(*fyne.Container)
	texts := box.Objects[0].(*fyne.Container)
	texts.Objects[0].(*widget.Label).SetText(r.Label)
	texts.Objects[1].(*widget.Label).SetText(fmt.Sprintf("%s · %s · %d of %d outlets",
		storyDateSpan(r.First, r.Last), nounCount(r.count(), "article"), len(r.Articles), len(s.outlets)))
	dots := box.Objects[1].(*fyne.Container).Objects[0].(*fyne.Container)
	for len(dots.Objects) < len(s.outlets) {
		dots.Objects = append(dots.Objects, container.NewGridWrap(fyne.NewSize(storyDotSize, storyDotSize), canvas.NewCircle(color.Transparent)))
	}
	dots.Objects = dots.Objects[:len(s.outlets)]
	for i, out := range s.outlets {
		c := dots.Objects[i].(*fyne.Container).Objects[0].(*canvas.Circle)
		if len(r.Articles[out]) > 0 {
			c.FillColor, c.StrokeColor, c.StrokeWidth = outletColour(i), color.Transparent, 0
		} else {
			c.FillColor, c.StrokeColor, c.StrokeWidth = color.Transparent, theme.Color(theme.ColorNameDisabled), 1.5
		}
		c.Refresh()
	}
	box.Refresh() // the dots' width changes the row's layout
}

func (s *storiesScreen) matrixSize() (int, int) { return len(s.rows), len(s.outlets) + 1 }

// blindSpotColour tints a cell where an outlet ran nothing on a story that
// others covered.
var blindSpotColour = color.NRGBA{R: 0xef, G: 0x44, B: 0x44, A: 0x55}

func (s *storiesScreen) createCell() fyne.CanvasObject {
	bg := canvas.NewRectangle(color.Transparent)
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	return container.NewStack(bg, l)
}

func (s *storiesScreen) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	box := o.(*fyne.Container)
	bg, l := box.Objects[0].(*canvas.Rectangle), box.Objects[1].(*widget.Label)
	if id.Row >= len(s.rows) {
		return
	}
	r := s.rows[id.Row]
	var fill color.Color = color.Transparent
	if id.Col == 0 {
		l.Alignment = fyne.TextAlignLeading
		l.SetText(r.Label)
	} else if id.Col-1 < len(s.outlets) {
		n := len(r.Articles[s.outlets[id.Col-1]])
		l.Alignment = fyne.TextAlignCenter
		if n == 0 {
			l.SetText("—")
			fill = blindSpotColour
		} else {
			l.SetText(fmt.Sprint(n))
			c := outletColour(id.Col - 1)
			c.A = uint8(min(0x30+0x28*n, 0xc0))
			fill = c
		}
	}
	if bg.FillColor != fill {
		bg.FillColor = fill
		bg.Refresh()
	}
}

func (s *storiesScreen) onSelect(id widget.ListItemID) {
	if id < len(s.rows) {
		s.showStory(id)
	}
}

// showStory lists story i's articles grouped by outlet, with check boxes
// for "Compare selected" (i = -1 clears the panel).
func (s *storiesScreen) showStory(i int) {
	s.selected = i
	s.checked = map[string]bool{}
	s.detail.Objects = nil
	s.compare.Disable()
	if i < 0 || i >= len(s.rows) {
		s.title.SetText("Select a story")
		s.missing.SetText("")
		s.detail.Refresh()
		return
	}
	r := s.rows[i]
	s.title.SetText(r.Label)
	missing := r.Missing
	if len(missing) == 0 {
		for _, o := range s.outlets {
			if len(r.Articles[o]) == 0 {
				missing = append(missing, o)
			}
		}
	}
	if len(missing) > 0 {
		s.missing.SetText(storyDateSpan(r.First, r.Last) + " · not covered by " + strings.Join(missing, ", "))
	} else {
		s.missing.SetText(storyDateSpan(r.First, r.Last) + " · covered by every outlet")
	}
	var ids []string
	outlets := make([]string, 0, len(r.Articles))
	for o := range r.Articles {
		outlets = append(outlets, o)
	}
	sort.Strings(outlets)
	for _, o := range outlets {
		ids = append(ids, r.Articles[o]...)
	}
	refs := map[string]articleRef{}
	for _, a := range s.c.articleRefs(ids) {
		refs[a.ID] = a
	}
	s.refs = refs
	// Pre-tick the first article of up to four outlets.
	preticked := 0
	for _, o := range outlets {
		head := widget.NewLabel(fmt.Sprintf("%s (%d)", o, len(r.Articles[o])))
		head.TextStyle.Bold = true
		s.detail.Add(head)
		for k, id := range r.Articles[o] {
			id := id
			ref, ok := refs[id]
			label := id
			if ok {
				label = ref.Title
				if !ref.Published.IsZero() {
					label += " · " + ref.Published.Format("2 Jan")
				}
			}
			check := widget.NewCheck("", func(on bool) { s.onCheck(id, on) })
			if k == 0 && preticked < 4 {
				check.SetChecked(true)
				preticked++
			}
			title := widget.NewLabel(label)
			title.Truncation = fyne.TextTruncateEllipsis
			open := widget.NewButtonWithIcon("", theme.DocumentIcon(), func() {
				if s.openArticle != nil {
					s.openArticle(id)
				}
			})
			s.detail.Add(container.NewBorder(nil, nil, check, open, title))
		}
	}
	s.detail.Refresh()
	s.updateCompareButton()
}

func (s *storiesScreen) onCheck(id string, on bool) {
	if on {
		s.checked[id] = true
	} else {
		delete(s.checked, id)
	}
	s.updateCompareButton()
}

func (s *storiesScreen) updateCompareButton() {
	n := len(s.checked)
	s.compare.SetText(fmt.Sprintf("Compare selected (%d)", n))
	if n >= 2 && n <= 4 {
		s.compare.Enable()
	} else {
		s.compare.Disable()
	}
}

// selectedIDs are the ticked articles in the panel's order.
func (s *storiesScreen) selectedIDs() []string {
	if s.selected < 0 || s.selected >= len(s.rows) {
		return nil
	}
	r := s.rows[s.selected]
	outlets := make([]string, 0, len(r.Articles))
	for o := range r.Articles {
		outlets = append(outlets, o)
	}
	sort.Strings(outlets)
	var ids []string
	for _, o := range outlets {
		for _, id := range r.Articles[o] {
			if s.checked[id] {
				ids = append(ids, id)
			}
		}
	}
	return ids
}

func (s *storiesScreen) onCompareSelected() {
	ids := s.selectedIDs()
	if len(ids) >= 2 && s.openCompare != nil {
		s.openCompare(ids)
	}
}

// fixedWidthBox gives o a fixed width at its natural height.
func fixedWidthBox(w float32, o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewGridWrap(fyne.NewSize(w, o.MinSize().Height), o)
}

// nounCount is "1 article", "2 articles".
func nounCount(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func oneLineP2(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
