package app

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/parallax-research/parallax/corpus"
	"github.com/parallax-research/parallax/index"
)

// eventually polls cond on the UI goroutine until it holds or 5 s pass.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		ok := false
		doUI(func() { ok = cond() })
		if ok {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

// doUI runs f on the UI goroutine and waits, serialised with the updates
// background work posts (UI.do).
func doUI(f func()) {
	if inDoUI {
		f() // nested: the test goroutine holds the lock already
		return
	}
	fyne.DoAndWait(func() {
		screenMu.Lock()
		defer screenMu.Unlock()
		inDoUI = true
		defer func() { inDoUI = false }()
		f()
	})
}

// inDoUI is set while the test goroutine runs code under doUI (only the
// test goroutine reads and writes it).
var inDoUI bool

var fixture = fstest.MapFS{
	"Wire_Service/2026-03-14-summit.txt": {Data: []byte("Summit opens in Korvana\n\nLeaders met at the border summit on Tuesday.")},
	"Wire_Service/2026-03-20-strike.txt": {Data: []byte("Port strike enters second week\n\nDockers in Velsport stayed out.")},
	"The_Paper/2026-03-15-summit.txt":    {Data: []byte("What the summit means\n\nThe border summit was a gamble for both capitals.")},
}

// testPicker answers every dialog with fixed paths.
type testPicker struct{ dir, file, save string }

func (p testPicker) PickFolder(_ fyne.Window, done func(string, error)) { done(p.dir, nil) }
func (p testPicker) PickFile(_ fyne.Window, _ string, done func(string, error)) {
	done(p.file, nil)
}
func (p testPicker) SaveFile(_ fyne.Window, _, _ string, done func(string, error)) {
	done(p.save, nil)
}

// newUI opens deps in a 1000×700 test window.
func newUI(t *testing.T, deps Deps) *UI {
	t.Helper()
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1000, 700))
	var u *UI
	doUI(func() { u = New(a, w, deps) })
	t.Cleanup(func() { doUI(u.Shutdown) })
	return u
}

// newIndexUI is a UI on a real, empty index corpus.
func newIndexUI(t *testing.T, deps Deps) (*UI, *index.Corpus) {
	t.Helper()
	c, err := index.Open(filepath.Join(t.TempDir(), "c"), index.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	deps.Corpus = c
	return newUI(t, deps), c
}

// newMemUI is a UI on the in-memory corpus of memArticles.
func newMemUI(t *testing.T) (*UI, *memCorpus) {
	t.Helper()
	m := newMemCorpus("/corpora/news", memArticles()...)
	u := newUI(t, Deps{Corpus: m})
	eventually(t, "the first search", func() bool { return len(u.search.hits) == 6 })
	return u, m
}

// submit types a query into the query box and presses Enter.
func submit(u *UI, q string) {
	doUI(func() { u.queryBar.entry.SetText("") })
	doUI(func() {
		test.Type(u.queryBar.entry, q)
		u.queryBar.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	})
}

func hitTitles(u *UI) []string {
	var out []string
	doUI(func() {
		for _, h := range u.search.hits {
			out = append(out, h.Title)
		}
	})
	return out
}

// chipLabels are the texts of the filter chips.
func chipLabels(u *UI) []string {
	var out []string
	doUI(func() {
		for _, o := range u.search.chips.Objects {
			if b, ok := o.(*widget.Button); ok && b.Icon != nil {
				out = append(out, b.Text)
			}
		}
	})
	return out
}

// facetRowFor finds the sidebar row for a facet value.
func facetRowFor(u *UI, label string) *facetRow {
	var found *facetRow
	doUI(func() {
		for _, g := range u.search.facets.Objects {
			acc, ok := g.(*widget.Accordion)
			if !ok {
				continue
			}
			for _, o := range acc.Items[0].Detail.(*fyne.Container).Objects {
				if r, ok := o.(*facetRow); ok && (r.label.Text == label || r.label.Text == "not "+label) {
					found = r
				}
			}
		}
	})
	return found
}

func TestSampleLoadsAndSearchShowsHits(t *testing.T) {
	u, c := newIndexUI(t, Deps{Sample: fixture, LoadSample: true})
	eventually(t, "the sample import", func() bool { return !u.jobs.busy() && c.Count() == 3 })
	eventually(t, "all articles listed", func() bool { return len(u.search.hits) == 3 })

	submit(u, "summit")
	eventually(t, "two hits for summit", func() bool { return len(u.search.hits) == 2 })
	for _, tt := range hitTitles(u) {
		if tt != "Summit opens in Korvana" && tt != "What the summit means" {
			t.Errorf("unexpected hit %q", tt)
		}
	}
	doUI(func() {
		if got := u.search.count.Text; got != "2 articles" {
			t.Errorf("count label %q", got)
		}
	})
	eventually(t, "the status line", func() bool { return strings.Contains(u.status.detail, "3 articles · 2 outlets") })
	// The first hit is selected and previewed with the term highlighted.
	eventually(t, "the preview", func() bool { return u.search.preview.article != nil && len(u.search.preview.bodySegs) > 1 })
	doUI(func() {
		if !hasStyledText(u.search.preview.bodySegs, "summit", styleHit) {
			t.Errorf("preview does not highlight the query term: %s", segmentsText(u.search.preview.bodySegs))
		}
	})
}

func hasStyledText(segs []widget.RichTextSegment, text string, style widget.RichTextStyle) bool {
	for _, s := range segs {
		if ts, ok := s.(*widget.TextSegment); ok && strings.EqualFold(ts.Text, text) && ts.Style.ColorName == style.ColorName && ts.Style.TextStyle == style.TextStyle {
			return true
		}
	}
	return false
}

func segmentsText(segs []widget.RichTextSegment) string {
	var b strings.Builder
	for _, s := range segs {
		b.WriteString(s.Textual() + "|")
	}
	return b.String()
}

func TestFacetFilterExcludeAndChips(t *testing.T) {
	u, _ := newMemUI(t)
	submit(u, "summit")
	eventually(t, "four summit hits", func() bool { return len(u.search.hits) == 4 })
	if got := chipLabels(u); len(got) != 0 {
		t.Fatalf("chips before any filter: %q", got)
	}

	// Tap a facet: only that outlet.
	row := facetRowFor(u, "Wire Service")
	if row == nil {
		t.Fatal("no facet row for Wire Service")
	}
	doUI(func() {
		if row.count.Text != "2" {
			t.Errorf("Wire Service count %q, want 2", row.count.Text)
		}
	})
	doUI(func() { test.Tap(row) })
	eventually(t, "two Wire Service hits", func() bool { return len(u.search.hits) == 2 })
	doUI(func() {
		for _, h := range u.search.hits {
			if h.Outlet != "Wire Service" {
				t.Errorf("hit from %s", h.Outlet)
			}
		}
	})
	if got := chipLabels(u); len(got) != 1 || got[0] != "Outlet: Wire Service" {
		t.Errorf("chips %q", got)
	}

	// Remove it with its chip.
	doUI(func() { test.Tap(u.search.chips.Objects[0].(*widget.Button)) })
	eventually(t, "four hits again", func() bool { return len(u.search.hits) == 4 && len(chipLabels(u)) == 0 })

	// Shift-click excludes.
	row = facetRowFor(u, "Wire Service")
	doUI(func() {
		row.MouseDown(&desktop.MouseEvent{Modifier: fyne.KeyModifierShift})
		test.Tap(row)
	})
	eventually(t, "the other two", func() bool {
		return len(u.search.hits) == 2 && u.search.hits[0].Outlet != "Wire Service"
	})
	if got := chipLabels(u); len(got) != 1 || got[0] != "not Outlet: Wire Service" {
		t.Errorf("chips %q", got)
	}
	// A secondary tap excludes too; two filters add up.
	paper := facetRowFor(u, "The Paper")
	doUI(func() { test.TapSecondary(paper) })
	eventually(t, "only Harbour Times", func() bool { return len(u.search.hits) == 1 && u.search.hits[0].Outlet == "Harbour Times" })
	if got := chipLabels(u); len(got) != 2 {
		t.Errorf("chips %q", got)
	}

	// Esc clears the filters, then the query.
	doUI(u.onEscape)
	eventually(t, "filters cleared", func() bool { return len(u.search.hits) == 4 && len(chipLabels(u)) == 0 })
	doUI(u.onEscape)
	eventually(t, "query cleared", func() bool { return len(u.search.hits) == 6 && u.queryBar.entry.Text == "" })
}

func TestBadQueryShowsOneLine(t *testing.T) {
	u, _ := newMemUI(t)
	submit(u, `"unterminated`)
	eventually(t, "the error", func() bool { return strings.HasPrefix(u.search.count.Text, "bad query") })
	doUI(func() {
		if len(u.search.hits) != 0 || u.search.count.Importance != widget.DangerImportance {
			t.Error("error not shown as an error")
		}
	})
}

func TestSortAndDeepPaging(t *testing.T) {
	var arts []*corpus.Article
	for i := range 250 {
		arts = append(arts, &corpus.Article{ID: "id" + thousands(i), Outlet: "Wire", Title: "Item " + thousands(i),
			Body: "text", Published: mday("2026-01-01").AddDate(0, 0, i)})
	}
	u := newUI(t, Deps{Corpus: newMemCorpus("/c/big", arts...)})
	eventually(t, "the first page", func() bool { return len(u.search.hits) == pageSize && u.search.total == 250 })
	doUI(func() { u.search.list.ScrollTo(len(u.search.hits) - 1) })
	eventually(t, "the second page", func() bool { return len(u.search.hits) == 2*pageSize })
	doUI(func() { u.search.list.ScrollTo(len(u.search.hits) - 1) })
	eventually(t, "all pages", func() bool { return len(u.search.hits) == 250 })

	doUI(func() { u.search.sortSel.SetSelected("Newest first") })
	eventually(t, "newest first", func() bool {
		return len(u.search.hits) > 0 && u.search.hits[0].Published.Equal(mday("2026-01-01").AddDate(0, 0, 249))
	})
}

func TestPreviewSectionsAndCitation(t *testing.T) {
	u, _ := newMemUI(t)
	submit(u, "summit")
	eventually(t, "hits", func() bool { return len(u.search.hits) == 4 })
	doUI(func() { u.search.list.Select(0) })
	eventually(t, "the preview of a1", func() bool { return u.search.preview.article != nil && u.search.preview.article.ID == "a1" })
	p := u.search.preview
	doUI(func() {
		var titles []string
		for _, it := range p.extras.Items {
			titles = append(titles, it.Title)
		}
		want := []string{"Captions (1)", "Removed boilerplate (1 lines)", "Details"}
		if strings.Join(titles, ",") != strings.Join(want, ",") {
			t.Errorf("sections %q, want %q", titles, want)
		}
		if len(p.bodySegs) < 3 || !hasStyledText(p.bodySegs, "summit", styleHit) {
			t.Errorf("body %s", segmentsText(p.bodySegs))
		}
		test.Tap(p.citeBtn)
		got := u.app.Clipboard().Content()
		if !strings.Contains(got, "“Summit opens in Korvana”. Harbour Times, 2 March 2026.") {
			t.Errorf("citation %q", got)
		}
		if !p.openBtn.Disabled() {
			t.Error("open source file enabled for a file that does not exist")
		}
		// The row was marked read: its title is no longer bold.
		if !u.search.seen["a1"] {
			t.Error("a1 not marked read")
		}
	})
}

func TestConcordance(t *testing.T) {
	u, _ := newMemUI(t)
	submit(u, "summit")
	eventually(t, "hits", func() bool { return len(u.search.hits) == 4 })
	doUI(u.search.onShowKWIC)
	eventually(t, "concordance lines", func() bool { return len(u.kwic.lines) == 8 })
	doUI(func() {
		for _, l := range u.kwic.lines {
			if !strings.EqualFold(l.Keyword, "summit") {
				t.Errorf("keyword %q", l.Keyword)
			}
			if len([]rune(l.Left)) > kwicWidth || len([]rune(l.Right)) > kwicWidth {
				t.Errorf("context too wide: %q %q", l.Left, l.Right)
			}
		}
		if !strings.HasPrefix(u.kwic.count.Text, "8 lines in 4 articles") {
			t.Errorf("count %q", u.kwic.count.Text)
		}
		u.kwic.order.SetSelected("Right context")
		for i := 1; i < len(u.kwic.lines); i++ {
			a, b := strings.ToLower(strings.TrimSpace(u.kwic.lines[i-1].Right)), strings.ToLower(strings.TrimSpace(u.kwic.lines[i].Right))
			if a > b {
				t.Errorf("not sorted by right context: %q > %q", a, b)
			}
		}
		u.kwic.order.SetSelected("Left context")
		// Clicking a line opens its article at that spot.
		var body kwicLine
		for i, l := range u.kwic.lines {
			if l.Field == "body" {
				body = l
				u.kwic.list.Select(i)
				break
			}
		}
		if p := u.search.preview.article; p == nil || p.ID != body.ID {
			t.Errorf("clicked %s, preview shows %v", body.ID, p)
		}
		if u.search.views.Selected() != u.search.results {
			t.Error("the result view is not shown after a click")
		}
		if !hasStyledText(u.search.preview.bodySegs, body.Keyword, styleSpot) {
			t.Errorf("the spot is not marked: %s", segmentsText(u.search.preview.bodySegs))
		}
	})
}

func TestTimelineAndPeriodFilter(t *testing.T) {
	u, _ := newMemUI(t)
	doUI(func() { u.showScreen(screenTimeline) })
	eventually(t, "the timeline", func() bool { return u.timeline.result != nil })
	doUI(func() {
		d := u.timeline.result
		if len(d.Buckets) != 2 || d.Buckets[0].Format("2006-01") != "2026-03" {
			t.Fatalf("buckets %v", d.Buckets)
		}
		if len(d.Series) != 3 {
			t.Errorf("series %d, want one per outlet", len(d.Series))
		}
		total := 0
		for _, s := range d.Series {
			for _, n := range s.Counts {
				total += n
			}
		}
		if total != 6 {
			t.Errorf("total %d", total)
		}
		u.timeline.by.SetSelected("Week")
	})
	eventually(t, "weekly buckets", func() bool { return u.timeline.result != nil && u.timeline.result.By == "week" })
	doUI(func() {
		if n := len(u.timeline.result.Buckets); n < 7 {
			t.Errorf("%d weekly buckets", n)
		}
		u.timeline.by.SetSelected("Month")
	})
	eventually(t, "monthly again", func() bool { return u.timeline.result != nil && u.timeline.result.By == "month" })
	// Click the first period: the chart maps the position to March.
	doUI(func() {
		x, y, w, h := u.timeline.chart.plot(u.timeline.chart.Size())
		u.timeline.chart.Tapped(&fyne.PointEvent{Position: fyne.NewPos(x+w/4, y+h/2)})
	})
	eventually(t, "filtered to March", func() bool { return len(u.search.hits) == 3 })
	if got := chipLabels(u); len(got) != 1 || got[0] != "Month: 2026-03" {
		t.Errorf("chips %q", got)
	}
	doUI(func() {
		if u.tabs.Selected() != u.tabByNum[screenSearch] {
			t.Error("the search screen is not shown")
		}
	})
	// A week filters its seven days, not the month it starts in.
	doUI(func() {
		u.setFilters(nil)
		u.showScreen(screenTimeline)
		u.timeline.by.SetSelected("Week")
	})
	eventually(t, "weekly buckets again", func() bool {
		return u.timeline.result != nil && u.timeline.result.By == "week" && u.timeline.chart.data == u.timeline.result
	})
	doUI(func() {
		x, y, w, h := u.timeline.chart.plot(u.timeline.chart.Size())
		n := float32(len(u.timeline.result.Buckets))
		u.timeline.chart.Tapped(&fyne.PointEvent{Position: fyne.NewPos(x+w/n/2, y+h/2)})
	})
	eventually(t, "filtered to the first week", func() bool { return len(u.search.hits) == 2 })
	if got := chipLabels(u); len(got) != 1 || got[0] != "Week: 2–8 Mar 2026" {
		t.Errorf("chips %q", got)
	}
}

func TestWeekLabel(t *testing.T) {
	for in, want := range map[string]string{
		"2026-03-02": "2–8 Mar 2026",
		"2026-03-30": "30 Mar – 5 Apr 2026",
		"2025-12-29": "29 Dec 2025 – 4 Jan 2026",
	} {
		if got := weekLabel(mday(in)); got != want {
			t.Errorf("%s: %q, want %q", in, got, want)
		}
	}
}

func TestLibraryChartsSearchASlice(t *testing.T) {
	u, _ := newMemUI(t)
	doUI(func() { u.showScreen(screenLibrary) })
	eventually(t, "the outlet bars", func() bool { return len(u.library.outlets.bars) == 3 && len(u.library.months.bars) == 2 })
	doUI(func() {
		if b := u.library.outlets.bars[0]; b.Value != 2 {
			t.Errorf("first bar %+v", b)
		}
		if m := u.library.months.bars; m[0].Key != "2026-03" || m[1].Key != "2026-04" {
			t.Errorf("months not in order: %+v", m)
		}
		// Click the second outlet bar.
		u.library.outlets.Tapped(&fyne.PointEvent{Position: fyne.NewPos(hBarLabelW+5, 2+hBarRow*1.5)})
	})
	var want string
	doUI(func() { want = u.library.outlets.bars[1].Key })
	eventually(t, "that outlet's articles", func() bool {
		return len(u.search.hits) == 2 && u.search.hits[0].Outlet == want && u.search.hits[1].Outlet == want
	})
}

func TestImportSheetProgressAndFailures(t *testing.T) {
	src := t.TempDir()
	for name, text := range map[string]string{
		"Wire/good.txt":  "A good article\n\nWith a body.",
		"Wire/other.txt": "Another article\n\nWith another body.",
		"Paper/bad.txt":  "\x00\x00\x00binary",
	} {
		p := filepath.Join(src, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	u, c := newIndexUI(t, Deps{Picker: testPicker{dir: src}})
	doUI(u.importer.onImportFolder)
	s := u.importer.sheet
	if s == nil {
		t.Fatal("no import sheet")
	}
	eventually(t, "the format scan", func() bool { return strings.HasPrefix(s.formats.Text, "TXT 3") })
	doUI(func() {
		if !s.outlet.Checked {
			t.Error("outlet = folder not detected")
		}
		test.Tap(s.startBtn)
	})
	eventually(t, "the import", func() bool { return !u.jobs.busy() && s.phase == "done" })
	doUI(func() {
		if s.bar.Value != 1 {
			t.Errorf("progress %.2f at the end", s.bar.Value)
		}
		if !strings.Contains(s.counts.Text, "imported 2") || !strings.Contains(s.counts.Text, "failed 1") {
			t.Errorf("counts %q", s.counts.Text)
		}
		if len(s.failures) != 1 || filepath.Base(s.failures[0].Path) != "bad.txt" || s.failures[0].Reason == "" {
			t.Fatalf("failures %+v", s.failures)
		}
		rows, cols := s.table.Length()
		if rows != 1 || cols != 2 {
			t.Errorf("table %d×%d", rows, cols)
		}
		if txt := failuresText(s.failures); !strings.Contains(txt, "bad.txt\t") {
			t.Errorf("copied text %q", txt)
		}
	})
	if c.Count() != 2 {
		t.Errorf("count %d, want 2", c.Count())
	}
	res, err := c.Search(context.Background(), index.Query{Text: "good"})
	if err != nil || res.Total != 1 {
		t.Errorf("search after import: %v %v", res, err)
	}
	hits := 0
	for _, h := range mustSearch(t, c, "body").Hits {
		if h.Outlet == "Wire" {
			hits++
		}
	}
	if hits != 2 {
		t.Errorf("outlet from the folder: %d Wire hits", hits)
	}
	eventually(t, "the list after the import", func() bool { return len(u.search.hits) == 2 })
}

func mustSearch(t *testing.T, c Corpus, q string) *index.Result {
	t.Helper()
	res, err := c.Search(context.Background(), index.Query{Text: q, Size: 100})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestCorporaCreateSwitchRenameDelete(t *testing.T) {
	root := t.TempDir()
	opened := map[string]*memCorpus{}
	open := func(dir string, create bool) (Corpus, error) {
		if !isCorpusDir(dir) {
			if !create {
				return nil, os.ErrNotExist
			}
			os.MkdirAll(dir, 0o755)
			os.WriteFile(filepath.Join(dir, markerFile), []byte("{}"), 0o644)
		}
		if m := opened[dir]; m != nil {
			m.closed = false
			return m, nil
		}
		m := newMemCorpus(dir)
		opened[dir] = m
		return m, nil
	}
	first, _ := open(filepath.Join(root, "first"), true)
	first.(*memCorpus).arts = memArticles()
	u := newUI(t, Deps{Corpus: first, Open: open, CorporaDir: root})
	eventually(t, "results", func() bool { return len(u.search.hits) == 6 })

	doUI(func() {
		if err := u.corpora.create("second"); err != nil {
			t.Fatal(err)
		}
	})
	second := filepath.Join(root, "second")
	eventually(t, "the empty corpus", func() bool { return u.corpus.Dir() == second && len(u.search.hits) == 0 })
	if !first.(*memCorpus).closed {
		t.Error("the first corpus was not closed")
	}
	doUI(func() {
		if got := u.corpora.recent(); len(got) != 2 || got[0] != second {
			t.Errorf("recent %q", got)
		}
		if err := u.corpora.create("second"); err == nil {
			t.Error("a second corpus of the same name was created")
		}
		if err := u.corpora.remove(second); err == nil {
			t.Error("the open corpus was deleted")
		}
		// Rename the open corpus: closed, moved, reopened.
		if err := u.corpora.rename(second, "renamed"); err != nil {
			t.Fatal(err)
		}
		if u.corpus.Dir() != filepath.Join(root, "renamed") || u.corpusName() != "renamed" {
			t.Errorf("after rename: %s", u.corpus.Dir())
		}
		u.corpora.open(filepath.Join(root, "first"))
		if err := u.corpora.remove(filepath.Join(root, "renamed")); err != nil {
			t.Fatal(err)
		}
		if got := u.corpora.list(); len(got) != 1 {
			t.Errorf("corpora after delete: %q", got)
		}
		if LastCorpus(u.app) != filepath.Join(root, "first") {
			t.Errorf("last corpus %q", LastCorpus(u.app))
		}
	})
	eventually(t, "the first corpus again", func() bool { return len(u.search.hits) == 6 })
	doUI(func() {
		if err := u.corpora.rename(filepath.Join(root, "first"), "a/b"); err == nil {
			t.Error("a name with a slash was accepted")
		}
	})
}

func TestExportCSV(t *testing.T) {
	u, _ := newMemUI(t)
	submit(u, "summit")
	eventually(t, "hits", func() bool { return len(u.search.hits) == 4 })
	out := filepath.Join(t.TempDir(), "out.csv")
	var n int
	var err error
	done := make(chan struct{})
	doUI(func() { u.exporter.exportTo(out, "csv", func(k int, e error) { n, err = k, e; close(done) }) })
	<-done
	if err != nil || n != 4 {
		t.Fatalf("export: %d %v", n, err)
	}
	f, _ := os.Open(out)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) != 5 || strings.Join(rows[0], ",") != strings.Join(exportFields, ",") {
		t.Errorf("csv %v %v", rows, err)
	}
}

func TestShortcutsAndPreferences(t *testing.T) {
	m := newMemCorpus("/corpora/news", memArticles()...)
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1000, 700))
	var u *UI
	doUI(func() { u = New(a, w, Deps{Corpus: m}) })
	shortcut := func(k fyne.KeyName) {
		doUI(func() {
			w.Canvas().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault})
		})
	}
	shortcut(fyne.KeyF)
	doUI(func() {
		if w.Canvas().Focused() != u.queryBar.entry {
			t.Error("Ctrl+F does not focus the query box")
		}
	})
	for _, c := range []struct {
		key    fyne.KeyName
		screen int
	}{{fyne.Key1, screenLibrary}, {fyne.Key6, screenTimeline}, {fyne.Key2, screenSearch}} {
		shortcut(c.key)
		doUI(func() {
			if u.tabs.Selected() != u.tabByNum[c.screen] {
				t.Errorf("Ctrl+%s: screen %s", c.key, u.tabs.Selected().Text)
			}
		})
	}
	shortcut(fyne.KeyK)
	doUI(func() {
		if u.search.views.Selected() != u.search.concord {
			t.Error("Ctrl+K does not show the concordance")
		}
	})
	submit(u, "ceasefire")
	eventually(t, "hits", func() bool { return len(u.search.hits) == 2 })
	doUI(func() {
		u.search.inner.SetOffset(0.6)
		u.win.Resize(fyne.NewSize(900, 650))
		u.savePrefs()
	})
	p := a.Preferences()
	if p.String(prefLastQuery) != "ceasefire" || p.String(prefLastCorpus) != "/corpora/news" {
		t.Errorf("saved query %q corpus %q", p.String(prefLastQuery), p.String(prefLastCorpus))
	}
	if p.Float(prefSplitPreview) != 0.6 || p.Float(prefWidth) != 900 {
		t.Errorf("saved split %v width %v", p.Float(prefSplitPreview), p.Float(prefWidth))
	}
	if h := p.StringList(prefHistory); len(h) == 0 || h[0] != "ceasefire" {
		t.Errorf("history %q", h)
	}
	// A new window in the same app starts where the last one stopped.
	w2 := test.NewTempWindow(t, nil)
	var u2 *UI
	doUI(func() { u2 = New(a, w2, Deps{Corpus: m}) })
	eventually(t, "the restored query", func() bool { return u2.queryBar.entry.Text == "ceasefire" && len(u2.search.hits) == 2 })
	doUI(func() {
		if u2.search.inner.Offset != 0.6 || w2.Canvas().Size().Width != 900 {
			t.Errorf("restored split %v size %v", u2.search.inner.Offset, w2.Canvas().Size())
		}
	})
}

func TestSavedSearchesAndHistory(t *testing.T) {
	u, _ := newMemUI(t)
	doUI(func() {
		if err := u.queryBar.saveSearch("Summit coverage", "summit"); err != nil {
			t.Fatal(err)
		}
		if err := u.queryBar.saveSearch(" ", "x"); err == nil {
			t.Error("saved a search without a name")
		}
		u.queryBar.saveSearch("Strike", "strike")
		got := u.queryBar.savedSearches()
		if len(got) != 2 || got[0].Name != "Strike" || got[1].Query != "summit" {
			t.Errorf("saved %+v", got)
		}
		u.queryBar.deleteSearch("Strike")
		if got := u.queryBar.savedSearches(); len(got) != 1 {
			t.Errorf("after delete %+v", got)
		}
		for _, q := range []string{"a", "b", "a"} {
			u.queryBar.remember(q)
		}
		if h := u.queryBar.historyList(); strings.Join(h, ",") != "a,b" {
			t.Errorf("history %q", h)
		}
	})
}

// settle waits until the preview's paragraphs have their final layout.
func settle(t *testing.T, u *UI) {
	t.Helper()
	for range 3 {
		eventually(t, "the preview layout", func() bool { return !u.search.preview.relayoutQueued })
		doUI(func() { u.win.Content().Refresh() })
		time.Sleep(20 * time.Millisecond)
	}
}

// TestGoldens renders the main screens to markup (testdata/*.xml).
func TestGoldens(t *testing.T) {
	u, _ := newMemUI(t)
	submit(u, "summit")
	eventually(t, "hits", func() bool { return len(u.search.hits) == 4 && u.search.preview.article != nil })
	eventually(t, "the status line", func() bool { return u.status.detail != "" })
	eventually(t, "the metadata facet", func() bool { return facetRowFor(u, "World") != nil })
	eventually(t, "hits", func() bool { return len(u.search.hits) == 4 && u.search.preview.article != nil })
	settle(t, u)
	doUI(func() { test.AssertRendersToMarkup(t, "search.xml", u.win.Canvas()) })

	doUI(u.search.onShowKWIC)
	eventually(t, "concordance", func() bool { return len(u.kwic.lines) == 8 })
	doUI(func() { test.AssertRendersToMarkup(t, "kwic.xml", u.win.Canvas()) })

	doUI(func() { u.showScreen(screenTimeline) })
	eventually(t, "timeline", func() bool { return u.timeline.result != nil })
	doUI(func() { test.AssertRendersToMarkup(t, "timeline.xml", u.win.Canvas()) })

	doUI(func() { u.showScreen(screenLibrary) })
	eventually(t, "library", func() bool { return len(u.library.outlets.bars) == 3 })
	doUI(func() { test.AssertRendersToMarkup(t, "library.xml", u.win.Canvas()) })
}

func TestDropOpensImportSheet(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("A\n\nbody"), 0o644)
	u, _ := newMemUI(t)
	doUI(func() {
		u.importer.onDropped(fyne.NewPos(10, 10), []fyne.URI{storage.NewFileURI(dir)})
		s := u.importer.sheet
		if s == nil || len(s.paths) != 1 || s.paths[0] != dir {
			t.Fatalf("sheet %+v", s)
		}
	})
	eventually(t, "the scan", func() bool { return strings.HasPrefix(u.importer.sheet.formats.Text, "TXT 1") })
	doUI(func() { u.importer.sheet.close() })
}

func TestFacetGroupShowsAllOnDemand(t *testing.T) {
	var arts []*corpus.Article
	for i := range 15 {
		arts = append(arts, &corpus.Article{ID: thousands(i), Outlet: "Outlet " + thousands(100+i), Title: "t", Body: "b"})
	}
	u := newUI(t, Deps{Corpus: newMemCorpus("/c/outlets", arts...)})
	eventually(t, "results", func() bool { return len(u.search.hits) == 15 })
	rows := func() (n int, more *widget.Button) {
		doUI(func() {
			for _, g := range u.search.facets.Objects {
				acc := g.(*widget.Accordion)
				if acc.Items[0].Title != "Outlet" {
					continue
				}
				for _, o := range acc.Items[0].Detail.(*fyne.Container).Objects {
					switch o := o.(type) {
					case *facetRow:
						n++
					case *widget.Button:
						more = o
					}
				}
			}
		})
		return n, more
	}
	n, more := rows()
	if n != facetGroupSize || more == nil || more.Text != "Show all 15" {
		t.Fatalf("%d rows, button %v", n, more)
	}
	doUI(func() { test.Tap(more) })
	if n, more = rows(); n != 15 || more.Text != "Show fewer" {
		t.Errorf("expanded: %d rows, %q", n, more.Text)
	}
}

func TestPeriodFilter(t *testing.T) {
	d := mday("2026-03-09")
	for by, want := range map[string]index.Filter{
		"day":   {Field: "day", Value: "2026-03-09"},
		"week":  {Field: "week", Value: "2026-03-09"},
		"month": {Field: "month", Value: "2026-03"},
	} {
		if got := periodFilter(d, by); got != want {
			t.Errorf("%s: %+v, want %+v", by, got, want)
		}
	}
}

// TestDeepPagingOnTheIndex pages through a real index with search-after.
func TestDeepPagingOnTheIndex(t *testing.T) {
	fsys := fstest.MapFS{}
	for i := range 230 {
		fsys[fmt.Sprintf("Wire/2026-03-%02d-n%03d.txt", i%28+1, i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("Report number %d\n\nThe port strike, day %d.", i, i))}
	}
	u, c := newIndexUI(t, Deps{Sample: fsys, LoadSample: true})
	eventually(t, "the import", func() bool { return !u.jobs.busy() && c.Count() == 230 })
	doUI(func() { u.search.sortSel.SetSelected("Newest first") })
	eventually(t, "the first page", func() bool {
		return u.search.q.Sort == "-date" && len(u.search.hits) == pageSize && u.search.total == 230
	})
	// Scrolling to the end loads the next page, until all are there.
	eventually(t, "all pages", func() bool {
		if n := len(u.search.hits); n < 230 {
			u.search.list.ScrollTo(n - 1)
		}
		return len(u.search.hits) == 230
	})
	seen := map[string]bool{}
	doUI(func() {
		for i, h := range u.search.hits {
			if seen[h.ID] {
				t.Errorf("hit %s twice", h.ID)
			}
			seen[h.ID] = true
			if i > 0 && h.Published.After(u.search.hits[i-1].Published) {
				t.Errorf("hit %d (%s) is newer than the one before", i, h.Published)
			}
		}
	})
}

// TestConcordanceFollowsTheQueryAcrossScreens: a query typed on another
// screen shows in the concordance when the user comes back to it.
func TestConcordanceFollowsTheQueryAcrossScreens(t *testing.T) {
	u, _ := newMemUI(t)
	submit(u, "summit")
	doUI(u.search.onShowKWIC)
	eventually(t, "summit lines", func() bool { return len(u.kwic.lines) == 8 })
	doUI(func() { u.showScreen(screenTimeline) })
	submit(u, "ceasefire")
	doUI(func() { u.showScreen(screenSearch) })
	eventually(t, "ceasefire lines", func() bool {
		return len(u.kwic.lines) > 0 && strings.EqualFold(u.kwic.lines[0].Keyword, "ceasefire")
	})
}

func TestCustomMetadataFacet(t *testing.T) {
	u, _ := newMemUI(t)
	eventually(t, "the Section facet", func() bool { return facetRowFor(u, "Business") != nil })
	row := facetRowFor(u, "World")
	doUI(func() { test.Tap(row) })
	eventually(t, "the World article", func() bool { return len(u.search.hits) == 1 && u.search.hits[0].ID == "a3" })
	if got := chipLabels(u); len(got) != 1 || got[0] != "Section: World" {
		t.Errorf("chips %q", got)
	}
}
