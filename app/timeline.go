package app

import (
	"context"
	"fmt"
	"sort"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/parallax-research/parallax/index"
)

// maxSeries is how many outlets get their own line; the rest are "Other".
const maxSeries = 8

// timelineData is counts over time: one count per bucket per series.
type timelineData struct {
	By      string // day, week or month
	Buckets []time.Time
	Series  []timeSeries
	// Undated articles are not on the chart; Counted is how many are.
	Counted, Undated int
}

type timeSeries struct {
	Name   string
	Counts []int
}

// timelineScreen charts the current query's articles over time, split by
// outlet; clicking a period filters the query to it.
type timelineScreen struct {
	u      *UI
	by     *widget.Select
	split  *widget.Check
	mode   *widget.Select
	info   *widget.Label
	chart  *lineChart
	stale  bool
	result *timelineData

	runs latestRun
}

var timelineBy = map[string]string{"Day": "day", "Week": "week", "Month": "month"}

func newTimelineScreen(u *UI) *timelineScreen {
	t := &timelineScreen{u: u, stale: true, info: widget.NewLabel("")}
	t.by = widget.NewSelect([]string{"Day", "Week", "Month"}, nil)
	t.by.SetSelected("Month")
	t.by.OnChanged = func(string) { t.invalidate() }
	t.split = widget.NewCheck("Split by outlet", nil)
	t.split.SetChecked(true)
	t.split.OnChanged = func(bool) { t.invalidate() }
	t.chart = newLineChart(t.onPeriod)
	t.mode = widget.NewSelect([]string{"Stacked bars", "Lines"}, nil)
	t.mode.SetSelected("Stacked bars")
	t.mode.OnChanged = func(m string) {
		t.chart.bars = m == "Stacked bars"
		t.chart.Refresh()
	}
	t.chart.bars = true
	return t
}

func (t *timelineScreen) build() fyne.CanvasObject {
	controls := container.NewHBox(widget.NewLabel("Per"), t.by, t.split, t.mode)
	head := container.NewBorder(nil, nil, nil, controls, t.info)
	return container.NewBorder(container.NewPadded(head), nil, nil, nil, container.NewPadded(t.chart))
}

func (t *timelineScreen) invalidate() {
	t.stale = true
	if t.u.tabs != nil && t.u.tabs.Selected() == t.u.tabByNum[screenTimeline] {
		t.run()
	}
}

func (t *timelineScreen) onShown() {
	if t.stale {
		t.run()
	}
}

func (t *timelineScreen) run() {
	t.stale = false
	q := t.u.query
	q.Filters = append([]index.Filter(nil), q.Filters...)
	by, split := timelineBy[t.by.Selected], t.split.Checked
	t.info.SetText("Counting…")
	ctx, gen := t.runs.begin()
	c := t.u.corpus
	go func() {
		d, err := countOverTime(ctx, c, q, by, split)
		t.u.do(func() {
			if t.runs.current(gen) {
				t.show(d, err)
			}
		})
	}()
}

func (t *timelineScreen) show(d *timelineData, err error) {
	if err != nil {
		t.result = nil
		t.info.SetText(oneLine(err.Error()))
		t.chart.setData(nil)
		return
	}
	t.result = d
	s := countLabel(d.Counted, "article", "articles")
	if t.u.query.Text != "" || len(t.u.query.Filters) > 0 {
		s = countLabel(d.Counted, "matching article", "matching articles")
	}
	s += " counted per " + d.By
	if d.Undated > 0 {
		s += fmt.Sprintf(" (%s undated not shown)", thousands(d.Undated))
	}
	t.info.SetText(s + ". Click a period to filter to it.")
	t.chart.setData(d)
}

// onPeriod filters the query to the clicked period: its day, week or month.
func (t *timelineScreen) onPeriod(i int) {
	if t.result == nil || i < 0 || i >= len(t.result.Buckets) {
		return
	}
	t.u.addFilter(periodFilter(t.result.Buckets[i], t.result.By))
	t.u.showScreen(screenSearch)
}

func periodFilter(b time.Time, by string) index.Filter {
	switch by {
	case "day", "week":
		return index.Filter{Field: by, Value: b.Format("2006-01-02")}
	}
	return index.Filter{Field: "month", Value: b.Format("2006-01")}
}

// countOverTime asks the corpus for q's timeline and keeps the biggest
// outlets as their own series, the rest summed as "Other".
func countOverTime(ctx context.Context, c Corpus, q index.Query, by string, split bool) (*timelineData, error) {
	q.Size, q.From, q.After, q.Facets, q.Highlight = 0, 0, nil, nil, false
	tl, err := c.Timeline(ctx, q, by, split)
	if err != nil {
		return nil, err
	}
	d := &timelineData{By: tl.By, Buckets: tl.Buckets, Undated: tl.Undated}
	series := append([]index.Series(nil), tl.Series...)
	total := func(s index.Series) int {
		n := 0
		for _, v := range s.Counts {
			n += v
		}
		return n
	}
	sort.SliceStable(series, func(i, j int) bool { return total(series[i]) > total(series[j]) })
	for i, s := range series {
		d.Counted += total(s)
		name := s.Name
		if name == "all" {
			name = "All outlets"
		}
		if i < maxSeries || len(series) == maxSeries+1 {
			d.Series = append(d.Series, timeSeries{Name: name, Counts: append([]int(nil), s.Counts...)})
			continue
		}
		if i == maxSeries {
			d.Series = append(d.Series, timeSeries{Name: "Other", Counts: make([]int, len(d.Buckets))})
		}
		other := d.Series[maxSeries].Counts
		for k, v := range s.Counts {
			if k < len(other) {
				other[k] += v
			}
		}
	}
	return d, nil
}

// lineChart draws a timeline: axes with ticks, one line per series,
// a legend, and a hover marker; clicking reports the period.
type lineChart struct {
	widget.BaseWidget
	bars  bool // stacked bars instead of lines
	data  *timelineData
	hover int
	onTap func(int)
}

func newLineChart(onTap func(int)) *lineChart {
	c := &lineChart{hover: -1, onTap: onTap}
	c.ExtendBaseWidget(c)
	return c
}

func (c *lineChart) setData(d *timelineData) {
	c.data = d
	c.hover = -1
	c.Refresh()
}

func (c *lineChart) MinSize() fyne.Size { return fyne.NewSize(300, 220) }

func (c *lineChart) CreateRenderer() fyne.WidgetRenderer { return &drawRenderer{draw: c.draw} }

// plot is the chart area inside the axes.
func (c *lineChart) plot(size fyne.Size) (x, y, w, h float32) {
	return 56, 40, max(10, size.Width-56-16), max(10, size.Height-40-34)
}

func (c *lineChart) bucketAt(p fyne.Position) int {
	if c.data == nil || len(c.data.Buckets) == 0 {
		return -1
	}
	x, _, w, _ := c.plot(c.Size())
	n := len(c.data.Buckets)
	slot := w / float32(n)
	i := int((p.X - x) / slot)
	if i < 0 || i >= n {
		return -1
	}
	return i
}

func (c *lineChart) Tapped(ev *fyne.PointEvent) {
	if i := c.bucketAt(ev.Position); i >= 0 && c.onTap != nil {
		c.onTap(i)
	}
}

func (c *lineChart) MouseIn(ev *desktop.MouseEvent) { c.MouseMoved(ev) }
func (c *lineChart) MouseMoved(ev *desktop.MouseEvent) {
	if i := c.bucketAt(ev.Position); i != c.hover {
		c.hover = i
		c.Refresh()
	}
}
func (c *lineChart) MouseOut() {
	c.hover = -1
	c.Refresh()
}
func (c *lineChart) Cursor() desktop.Cursor { return desktop.PointerCursor }

func periodLabel(t time.Time, by string) string {
	switch by {
	case "month":
		return t.Format("Jan 2006")
	case "week":
		return "wk " + t.Format("2 Jan")
	}
	return t.Format("2 Jan")
}

func (c *lineChart) draw(size fyne.Size) []fyne.CanvasObject {
	fg := theme.Color(theme.ColorNameForeground)
	muted := theme.Color(theme.ColorNamePlaceHolder)
	ts := theme.TextSize() - 1
	d := c.data
	if d == nil || len(d.Buckets) == 0 {
		t := canvas.NewText("No dated articles for this query.", muted)
		t.TextSize = ts
		t.Move(fyne.NewPos(8, 8))
		return []fyne.CanvasObject{t}
	}
	px, py, pw, ph := c.plot(size)
	maxV := 1
	for i := range d.Buckets {
		sum := 0
		for _, s := range d.Series {
			maxV = max(maxV, s.Counts[i])
			sum += s.Counts[i]
		}
		if c.bars {
			maxV = max(maxV, sum)
		}
	}
	ticks := niceTicks(maxV)
	if len(ticks) > 0 && ticks[len(ticks)-1] < maxV {
		ticks = append(ticks, ticks[len(ticks)-1]+ticks[0])
	}
	if len(ticks) > 0 {
		maxV = max(maxV, ticks[len(ticks)-1])
	}
	var objs []fyne.CanvasObject
	// Legend along the top.
	lx := px
	for i, s := range d.Series {
		sw := canvas.NewRectangle(seriesColor(i))
		sw.Move(fyne.NewPos(lx, 8))
		sw.Resize(fyne.NewSize(12, 12))
		t := canvas.NewText(s.Name, fg)
		t.TextSize = ts
		t.Move(fyne.NewPos(lx+16, 5))
		objs = append(objs, sw, t)
		lx += 16 + fyne.MeasureText(s.Name, ts, fyne.TextStyle{}).Width + 18
	}
	// Axes, grid and y ticks.
	bottom := py + ph
	for _, v := range ticks {
		y := bottom - ph*float32(v)/float32(maxV)
		g := canvas.NewLine(withAlpha(muted, 0x40))
		g.Position1, g.Position2 = fyne.NewPos(px, y), fyne.NewPos(px+pw, y)
		t := canvas.NewText(thousands(v), muted)
		t.TextSize = ts - 1
		t.Alignment = fyne.TextAlignTrailing
		t.Move(fyne.NewPos(0, y-ts/1.4))
		t.Resize(fyne.NewSize(px-6, ts))
		objs = append(objs, g, t)
	}
	xa := canvas.NewLine(muted)
	xa.Position1, xa.Position2 = fyne.NewPos(px, bottom), fyne.NewPos(px+pw, bottom)
	ya := canvas.NewLine(muted)
	ya.Position1, ya.Position2 = fyne.NewPos(px, py), fyne.NewPos(px, bottom)
	objs = append(objs, xa, ya)
	n := len(d.Buckets)
	slot := pw / float32(n)
	xOf := func(i int) float32 { return px + slot*(float32(i)+0.5) }
	// x labels, spaced so they do not collide.
	lw := fyne.MeasureText(periodLabel(d.Buckets[0], d.By), ts-1, fyne.TextStyle{}).Width + 12
	every := max(1, int(lw/slot)+1)
	for i := 0; i < n; i += every {
		t := canvas.NewText(periodLabel(d.Buckets[i], d.By), muted)
		t.TextSize = ts - 1
		t.Alignment = fyne.TextAlignCenter
		t.Move(fyne.NewPos(xOf(i)-lw/2, bottom+4))
		t.Resize(fyne.NewSize(lw, ts))
		tick := canvas.NewLine(muted)
		tick.Position1, tick.Position2 = fyne.NewPos(xOf(i), bottom), fyne.NewPos(xOf(i), bottom+3)
		objs = append(objs, t, tick)
	}
	if c.hover >= 0 && c.hover < n {
		hl := canvas.NewRectangle(withAlpha(theme.Color(theme.ColorNamePrimary), 0x30))
		hl.Move(fyne.NewPos(px+slot*float32(c.hover), py))
		hl.Resize(fyne.NewSize(slot, ph))
		objs = append(objs, hl)
	}
	if c.bars {
		// Stacked bars: one column per period, one band per series.
		gap := min(6, slot*0.2)
		for i := 0; i < n; i++ {
			y := bottom
			for si, s := range d.Series {
				if s.Counts[i] == 0 {
					continue
				}
				h := ph * float32(s.Counts[i]) / float32(maxV)
				r := canvas.NewRectangle(seriesColor(si))
				r.Move(fyne.NewPos(px+slot*float32(i)+gap/2, y-h))
				r.Resize(fyne.NewSize(max(1, slot-gap), h))
				objs = append(objs, r)
				y -= h
			}
		}
	}
	// One line per series, with dots when the points are far apart.
	for si, s := range d.Series {
		if c.bars {
			break
		}
		col := seriesColor(si)
		yOf := func(v int) float32 { return bottom - ph*float32(v)/float32(maxV) }
		for i := 0; i < n; i++ {
			if i > 0 {
				l := canvas.NewLine(col)
				l.StrokeWidth = 2
				l.Position1 = fyne.NewPos(xOf(i-1), yOf(s.Counts[i-1]))
				l.Position2 = fyne.NewPos(xOf(i), yOf(s.Counts[i]))
				objs = append(objs, l)
			}
			if slot >= 8 || n == 1 {
				dot := canvas.NewCircle(col)
				dot.Move(fyne.NewPos(xOf(i)-3, yOf(s.Counts[i])-3))
				dot.Resize(fyne.NewSize(6, 6))
				objs = append(objs, dot)
			}
		}
	}
	if c.hover >= 0 && c.hover < n {
		total := 0
		for _, s := range d.Series {
			total += s.Counts[c.hover]
		}
		t := canvas.NewText(fmt.Sprintf("%s: %s articles — click to filter", periodLabel(d.Buckets[c.hover], d.By), thousands(total)), fg)
		t.TextSize = ts
		t.TextStyle.Bold = true
		t.Alignment = fyne.TextAlignTrailing
		t.Move(fyne.NewPos(px, 22))
		t.Resize(fyne.NewSize(pw, ts))
		objs = append(objs, t)
	}
	return objs
}
