package app

import (
	"context"
	"sort"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/parallax-research/parallax/index"
)

// libraryFacets are the corpus overview's charts.
var libraryFacets = []string{"outlet", "month", "lang", "format"}

// libraryScreen is the corpus overview: articles per outlet, per month,
// per language and per format, drawn as charts; clicking a bar searches
// that slice.
type libraryScreen struct {
	u       *UI
	title   *widget.Label
	stats   *widget.Label
	outlets *barChart
	months  *barChart
	langs   *barChart
	formats *barChart
	stale   bool

	mu  sync.Mutex
	gen int
}

func newLibraryScreen(u *UI) *libraryScreen {
	l := &libraryScreen{u: u, stale: true}
	l.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.title.SizeName = theme.SizeNameHeadingText
	l.stats = widget.NewLabel("")
	slice := func(field string) func(bar) {
		return func(b bar) { l.onBar(field, b.Key) }
	}
	l.outlets = newBarChart(true, "No articles yet.", slice("outlet"))
	l.months = newBarChart(false, "No dated articles.", slice("month"))
	l.langs = newBarChart(true, "—", slice("lang"))
	l.formats = newBarChart(true, "—", slice("format"))
	return l
}

func (l *libraryScreen) build() fyne.CanvasObject {
	importFolder := widget.NewButtonWithIcon("Import folder…", theme.FolderOpenIcon(), l.u.importer.onImportFolder)
	importFolder.Importance = widget.HighImportance
	importFiles := widget.NewButtonWithIcon("Import files…", theme.FileIcon(), l.u.importer.onImportFiles)
	corpora := widget.NewButtonWithIcon("Corpora…", theme.StorageIcon(), l.u.corpora.onManage)
	head := container.NewBorder(nil, nil, nil, container.NewCenter(container.NewHBox(importFolder, importFiles, corpora)),
		container.NewVBox(l.title, l.stats))
	section := func(title string, c fyne.CanvasObject) fyne.CanvasObject {
		return container.NewVBox(widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), c)
	}
	hint := widget.NewLabel("Click a bar to search that slice of the corpus. Drop folders or files onto the window to import them.")
	hint.Importance = widget.LowImportance
	body := container.NewVBox(
		section("Articles per month", l.months),
		container.NewGridWithColumns(2,
			section("Articles per outlet", l.outlets),
			container.NewVBox(section("Languages", l.langs), section("Formats", l.formats))),
		hint,
	)
	return container.NewBorder(container.NewPadded(head), nil, nil, nil, container.NewVScroll(container.NewPadded(body)))
}

// invalidate marks the overview out of date; it is recounted when shown.
func (l *libraryScreen) invalidate() {
	l.stale = true
	if l.u.tabs != nil && l.u.tabs.Selected() == l.u.tabByNum[screenLibrary] {
		l.run()
	}
}

func (l *libraryScreen) onShown() {
	if l.stale {
		l.run()
	}
}

// showStats fills the header from the status bar's statistics.
func (l *libraryScreen) showStats(st index.Stats) {
	l.title.SetText(l.u.corpusName())
	l.stats.SetText(statsLine(st) + "  ·  " + shortenHome(l.u.corpus.Dir()))
}

func (l *libraryScreen) run() {
	l.stale = false
	l.title.SetText(l.u.corpusName())
	l.mu.Lock()
	l.gen++
	gen := l.gen
	l.mu.Unlock()
	c := l.u.corpus
	go func() {
		res, err := c.Search(context.Background(), index.Query{Size: 1, Facets: libraryFacets})
		l.u.do(func() {
			l.mu.Lock()
			stale := gen != l.gen
			l.mu.Unlock()
			if stale {
				return
			}
			var f map[string][]index.FacetCount
			if err == nil {
				f = res.Facets
			}
			l.outlets.setBars(facetBars("outlet", f["outlet"], 25, false))
			l.months.setBars(facetBars("month", f["month"], 0, true))
			l.langs.setBars(facetBars("lang", f["lang"], 8, false))
			l.formats.setBars(facetBars("format", f["format"], 10, false))
		})
	}()
}

// facetBars turns facet counts into bars: the top n (0: all), or all in
// value order (months).
func facetBars(field string, counts []index.FacetCount, n int, byValue bool) []bar {
	counts = append([]index.FacetCount(nil), counts...)
	if byValue {
		sort.Slice(counts, func(i, j int) bool { return counts[i].Value < counts[j].Value })
	}
	if n > 0 && len(counts) > n {
		counts = counts[:n]
	}
	out := make([]bar, len(counts))
	for i, c := range counts {
		label := facetValueLabel(field, c.Value)
		if t, err := time.Parse("2006-01", c.Value); err == nil && field == "month" {
			label = t.Format("Jan 2006")
		}
		out[i] = bar{Label: label, Value: c.Count, Key: c.Value}
	}
	return out
}

// onBar searches the clicked slice: the whole corpus filtered to it.
func (l *libraryScreen) onBar(field, value string) {
	l.u.queryBar.entry.SetText("")
	l.u.query.Text = ""
	l.u.setFilters([]index.Filter{{Field: field, Value: value}})
	l.u.showScreen(screenSearch)
}
