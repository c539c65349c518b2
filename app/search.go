package app

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/parallax-research/parallax/index"
)

// pageSize is how many hits one search (or one "load more") fetches.
const pageSize = 100

// facetFields are the facets the sidebar asks for, in display order.
var facetFields = []string{"outlet", "year", "month", "lang", "format", "entity.PER", "entity.ORG", "entity.LOC", "entity.MISC"}

var facetTitles = map[string]string{
	"outlet": "Outlet", "year": "Year", "month": "Month", "week": "Week", "day": "Day", "lang": "Language", "format": "Format",
	"entity.PER": "People", "entity.ORG": "Organisations", "entity.LOC": "Places", "entity.MISC": "Other names",
}

// facetTitle names a facet for people ("meta.region" → "Region").
func facetTitle(field string) string {
	if t, ok := facetTitles[field]; ok {
		return t
	}
	name := strings.TrimPrefix(field, "meta.")
	if name == "" {
		return field
	}
	return strings.ToUpper(name[:1]) + strings.ReplaceAll(name[1:], "_", " ")
}

var sortOptions = []string{"Relevance", "Newest first", "Oldest first", "Outlet"}
var sortKeys = map[string]string{"Relevance": "relevance", "Newest first": "-date", "Oldest first": "date", "Outlet": "outlet"}

// searchScreen is the facet sidebar, the filter chips, the result list (or
// the concordance) and the article preview.
type searchScreen struct {
	u       *UI
	list    *widget.List
	count   *widget.Label
	sortSel *widget.Select
	chips   *fyne.Container
	facets  *fyne.Container
	open    map[string]bool // facet groups the user opened or closed
	groups  map[string]*widget.AccordionItem
	// expanded facet groups list all their values; lastFacets redraws them.
	expanded   map[string]bool
	lastFacets map[string][]index.FacetCount
	metaFacets []string // meta.NAME facets found in the corpus
	views      *container.AppTabs
	results    *container.TabItem
	concord    *container.TabItem
	preview    *previewPane
	outer      *container.Split // facets | rest
	inner      *container.Split // list | preview

	// The current result (UI goroutine).
	q        index.Query
	hits     []index.Hit
	total    uint64
	terms    []string
	loading  bool
	selected int
	spot     int // where the next selection opens its article (-1: top)
	seen     map[string]bool

	runs latestRun
}

func newSearchScreen(u *UI) *searchScreen {
	s := &searchScreen{u: u, selected: -1, spot: -1, seen: map[string]bool{}, open: map[string]bool{"outlet": true, "year": true, "lang": true}, groups: map[string]*widget.AccordionItem{}, expanded: map[string]bool{}}
	s.count = widget.NewLabel("")
	s.count.Truncation = fyne.TextTruncateEllipsis
	s.sortSel = widget.NewSelect(sortOptions, nil)
	s.sortSel.SetSelectedIndex(0)
	s.sortSel.OnChanged = func(v string) {
		if k := sortKeys[v]; k != s.u.query.Sort && !(k == "relevance" && s.u.query.Sort == "") {
			s.u.query.Sort = k
			s.u.queryChanged()
		}
	}
	s.chips = container.NewHBox()
	s.facets = container.NewVBox()
	s.preview = newPreviewPane(u)
	s.list = widget.NewList(
		func() int { return len(s.hits) },
		newHitRow,
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(s.hits) {
				return
			}
			h := s.hits[id]
			o.(*hitRow).set(h, s.terms, s.seen[h.ID])
			// Rows near the end are being drawn: fetch the next page.
			if id >= len(s.hits)-20 {
				s.loadMore()
			}
		},
	)
	s.list.OnSelected = s.onSelected
	return s
}

func (s *searchScreen) build() fyne.CanvasObject {
	sortBox := container.NewHBox(widget.NewLabel("Sort by"), s.sortSel)
	head := container.NewBorder(nil, nil, nil, sortBox, s.count)
	chipRow := container.NewHScroll(s.chips)
	left := container.NewBorder(container.NewVBox(head, chipRow), nil, nil, nil, s.list)
	s.inner = container.NewHSplit(left, s.preview.build())
	s.inner.SetOffset(prefOffset(s.u.prefs, prefSplitPreview, 0.48))
	s.results = container.NewTabItemWithIcon("Results", theme.ListIcon(), s.inner)
	s.concord = container.NewTabItemWithIcon("Concordance (KWIC)", theme.MenuIcon(), s.u.kwic.build())
	s.views = container.NewAppTabs(s.results, s.concord)
	s.views.OnSelected = func(t *container.TabItem) {
		if t == s.concord {
			s.u.kwic.onShown()
		}
	}
	facetTitle := widget.NewLabelWithStyle("Filter", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	hint := widget.NewLabel("Click to keep only; Shift+click or right-click to exclude.")
	hint.Importance = widget.LowImportance
	hint.Wrapping = fyne.TextWrapWord
	hint.SizeName = theme.SizeNameCaptionText
	side := container.NewBorder(container.NewVBox(facetTitle, hint), nil, nil, nil, container.NewVScroll(s.facets))
	s.outer = container.NewHSplit(side, s.views)
	s.outer.SetOffset(prefOffset(s.u.prefs, prefSplitFacets, 0.2))
	return s.outer
}

func prefOffset(p fyne.Preferences, key string, def float64) float64 {
	if v := p.Float(key); v > 0.05 && v < 0.95 {
		return v
	}
	return def
}

func (s *searchScreen) savePrefs() {
	if s.outer != nil {
		s.u.prefs.SetFloat(prefSplitFacets, s.outer.Offset)
		s.u.prefs.SetFloat(prefSplitPreview, s.inner.Offset)
	}
}

// onShown brings the concordance up to date when it is the view shown.
func (s *searchScreen) onShown() {
	if s.views.Selected() == s.concord {
		s.u.kwic.onShown()
	}
}

// onShowResults and onShowKWIC switch the Search screen's view.
func (s *searchScreen) onShowResults() {
	s.u.showScreen(screenSearch)
	s.views.Select(s.results)
}

func (s *searchScreen) onShowKWIC() {
	s.u.showScreen(screenSearch)
	s.views.Select(s.concord)
	s.u.kwic.onShown()
}

// query is the current query as the result list asks for it.
func (s *searchScreen) query() index.Query {
	q := s.u.query
	q.Filters = append([]index.Filter(nil), q.Filters...)
	q.Size, q.Facets, q.Highlight = pageSize, append(append([]string(nil), facetFields...), s.metaFacets...), true
	return q
}

// setMetaFacets sets the custom metadata facets to show (meta.NAME) and
// counts them for the result on screen (without disturbing the list).
func (s *searchScreen) setMetaFacets(fields []string) {
	if slices.Equal(fields, s.metaFacets) {
		return
	}
	s.metaFacets = fields
	s.fetchMeta()
}

// fetchMeta counts the metadata facets for the result on screen.
func (s *searchScreen) fetchMeta() {
	if len(s.metaFacets) == 0 {
		return
	}
	q := s.q
	q.Size, q.From, q.After, q.Highlight, q.Facets = 1, 0, nil, false, s.metaFacets
	gen := s.runs.latest()
	c := s.u.corpus
	go func() {
		res, err := c.Search(context.Background(), q)
		s.u.do(func() {
			if err != nil || !s.runs.current(gen) {
				return
			}
			merged := map[string][]index.FacetCount{}
			for k, v := range s.lastFacets {
				merged[k] = v
			}
			for k, v := range res.Facets {
				merged[k] = v
			}
			s.showFacets(merged)
		})
	}()
}

// run searches for the current query off the UI goroutine; a newer search
// cancels an older one, and stale results are dropped.
func (s *searchScreen) run() {
	q := s.query()
	s.showChips()
	ctx, gen := s.runs.begin()
	c := s.u.corpus
	go func() {
		res, err := c.Search(ctx, q)
		s.u.do(func() {
			if s.runs.current(gen) {
				s.show(q, res, err)
			}
		})
	}()
}

// show puts a fresh result on screen (UI goroutine).
func (s *searchScreen) show(q index.Query, res *index.Result, err error) {
	s.q = q
	s.loading = false
	s.selected = -1
	s.list.UnselectAll()
	s.terms = queryTerms(q.Text)
	if err != nil {
		s.hits, s.total = nil, 0
		s.count.SetText(oneLine(err.Error()))
		s.count.Importance = widget.DangerImportance
		s.count.Refresh()
		s.list.Refresh()
		s.preview.clear("")
		return
	}
	s.count.Importance = widget.MediumImportance
	s.hits, s.total = res.Hits, res.Total
	s.updateCount()
	s.showFacets(res.Facets)
	if !slices.Contains(q.Facets, firstOr(s.metaFacets)) {
		s.fetchMeta() // the metadata facets were found after this search began
	}
	s.list.Refresh()
	s.list.ScrollToTop()
	if len(s.hits) > 0 {
		s.list.Select(0)
	} else if s.u.corpus.Count() == 0 {
		s.preview.clear("This corpus is empty. Import a folder of articles with File ▸ Import Folder… (Ctrl+O), or drop folders onto this window.")
	} else {
		s.preview.clear("No article matches. Remove a filter or try fewer words.")
	}
}

func (s *searchScreen) updateCount() {
	switch {
	case s.total == 0:
		s.count.SetText("No articles match")
	case s.total == 1:
		s.count.SetText("1 article")
	default:
		s.count.SetText(countLabel(int(s.total), "article", "articles"))
	}
}

// loadMore fetches the next page after the last hit (deep paging with
// search-after; From when the index gives no sort keys).
func (s *searchScreen) loadMore() {
	if s.loading || uint64(len(s.hits)) >= s.total || len(s.hits) == 0 {
		return
	}
	s.loading = true
	q := s.q
	q.Facets = nil
	q.Highlight = true
	if last := s.hits[len(s.hits)-1]; len(last.SortKey) > 0 {
		q.After = last.SortKey
	} else {
		q.From = len(s.hits)
	}
	gen := s.runs.latest()
	c := s.u.corpus
	go func() {
		res, err := c.Search(context.Background(), q)
		s.u.do(func() {
			if !s.runs.current(gen) {
				return
			}
			s.loading = false
			if err != nil || len(res.Hits) == 0 {
				s.total = uint64(len(s.hits)) // stop asking
				return
			}
			s.hits = append(s.hits, res.Hits...)
			s.list.Refresh()
		})
	}()
}

func (s *searchScreen) onSelected(id widget.ListItemID) {
	if id >= len(s.hits) {
		return
	}
	h := s.hits[id]
	s.selected = id
	if !s.seen[h.ID] {
		s.seen[h.ID] = true
		s.list.RefreshItem(id) // only this row changes: it is marked read
	}
	s.preview.show(h.ID, s.terms, s.spot)
	s.spot = -1
}

// openArticle previews one article, scrolled to byte offset at in its
// body (-1: the top), from elsewhere (the concordance, the library).
func (s *searchScreen) openArticle(id string, at int) {
	s.onShowResults()
	for i, h := range s.hits {
		if h.ID == id && i != s.selected {
			s.spot = at // onSelected shows it there
			s.list.Select(i)
			s.list.ScrollTo(i)
			return
		}
	}
	s.seen[id] = true
	s.preview.show(id, s.terms, at)
}

// showChips draws the active filters as removable chips.
func (s *searchScreen) showChips() {
	var objs []fyne.CanvasObject
	for _, f := range s.u.query.Filters {
		label := facetTitle(f.Field) + ": " + facetValueLabel(f.Field, f.Value)
		if f.Exclude {
			label = "not " + label
		}
		b := widget.NewButtonWithIcon(label, theme.CancelIcon(), func() {
			s.u.addFilter(f) // toggles it off
		})
		b.IconPlacement = widget.ButtonIconTrailingText
		if f.Exclude {
			b.Importance = widget.DangerImportance
		} else {
			b.Importance = widget.HighImportance
		}
		objs = append(objs, b)
	}
	if len(objs) > 1 {
		clear := widget.NewButton("Clear filters", func() { s.u.setFilters(nil) })
		clear.Importance = widget.LowImportance
		objs = append(objs, clear)
	}
	s.chips.Objects = objs
	s.chips.Refresh()
}

func firstOr(list []string) string {
	if len(list) == 0 {
		return ""
	}
	return list[0]
}

// facetGroupSize is how many values a facet group lists.
const facetGroupSize = 12

// showFacets rebuilds the sidebar from the result's facet counts.
func (s *searchScreen) showFacets(facets map[string][]index.FacetCount) {
	s.lastFacets = facets
	for f, it := range s.groups {
		s.open[f] = it.Open // keep what the user opened or closed
	}
	s.groups = map[string]*widget.AccordionItem{}
	active := map[string]index.Filter{}
	for _, f := range s.u.query.Filters {
		active[f.Field+"\x00"+f.Value] = f
	}
	fields := append([]string(nil), facetFields...)
	var extra []string
	for f := range facets {
		if !slices.Contains(fields, f) {
			extra = append(extra, f)
		}
	}
	sort.Strings(extra)
	fields = append(fields, extra...)
	var objs []fyne.CanvasObject
	for _, field := range fields {
		counts := facets[field]
		// Keep active filters visible even when the facet no longer counts them.
		for _, f := range s.u.query.Filters {
			if f.Field == field && !hasValue(counts, f.Value) {
				counts = append(counts, index.FacetCount{Value: f.Value})
			}
		}
		if len(counts) == 0 {
			continue
		}
		if field == "month" || field == "year" {
			counts = append([]index.FacetCount(nil), counts...)
			sort.Slice(counts, func(i, j int) bool { return counts[i].Value > counts[j].Value })
		}
		objs = append(objs, s.facetGroup(field, counts, active))
	}
	if len(objs) == 0 {
		objs = append(objs, widget.NewLabel("No facets for this result."))
	}
	s.facets.Objects = objs
	s.facets.Refresh()
}

func (s *searchScreen) facetGroup(field string, counts []index.FacetCount, active map[string]index.Filter) fyne.CanvasObject {
	body := container.NewVBox()
	shown := counts
	if len(shown) > facetGroupSize && !s.expanded[field] {
		shown = shown[:facetGroupSize]
	}
	for _, fc := range shown {
		f, on := active[field+"\x00"+fc.Value]
		row := newFacetRow(facetValueLabel(field, fc.Value), fc.Count, on, on && f.Exclude, func(exclude bool) {
			s.u.addFilter(index.Filter{Field: field, Value: fc.Value, Exclude: exclude})
		})
		body.Add(row)
	}
	if len(counts) > facetGroupSize {
		label := fmt.Sprintf("Show all %d", len(counts))
		if s.expanded[field] {
			label = "Show fewer"
		}
		more := widget.NewButton(label, func() {
			s.expanded[field] = !s.expanded[field]
			s.showFacets(s.lastFacets)
		})
		more.Importance = widget.LowImportance
		more.Alignment = widget.ButtonAlignLeading
		body.Add(more)
	}
	acc := widget.NewAccordion(widget.NewAccordionItem(facetTitle(field), body))
	if s.open[field] {
		acc.Open(0)
	}
	s.groups[field] = acc.Items[0]
	return acc
}

func hasValue(counts []index.FacetCount, v string) bool {
	for _, c := range counts {
		if c.Value == v {
			return true
		}
	}
	return false
}

// facetValueLabel shows a facet value for people: language names, "(none)".
func facetValueLabel(field, v string) string {
	if v == "" {
		if field == "year" || field == "month" || field == "day" {
			return "(undated)"
		}
		return "(none)"
	}
	if field == "week" {
		if d, err := time.Parse("2006-01-02", v); err == nil {
			return weekLabel(d)
		}
	}
	if field == "lang" {
		if n, ok := langNames[v]; ok {
			return n
		}
	}
	return v
}

// weekLabel names the seven days from d: "2–8 Mar 2026",
// "30 Mar – 5 Apr 2026", "29 Dec 2025 – 4 Jan 2026".
func weekLabel(d time.Time) string {
	e := d.AddDate(0, 0, 6)
	switch {
	case d.Year() != e.Year():
		return d.Format("2 Jan 2006") + " – " + e.Format("2 Jan 2006")
	case d.Month() != e.Month():
		return d.Format("2 Jan") + " – " + e.Format("2 Jan 2006")
	}
	return d.Format("2") + "–" + e.Format("2 Jan 2006")
}

var langNames = map[string]string{
	"en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
	"nl": "Dutch", "ru": "Russian", "ar": "Arabic", "fa": "Persian", "tr": "Turkish", "pl": "Polish",
	"uk": "Ukrainian", "zh": "Chinese", "ja": "Japanese", "sv": "Swedish", "da": "Danish", "no": "Norwegian",
}
