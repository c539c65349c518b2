package app

import (
	"fmt"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// bar is one bar of a barChart; Key is what a click reports.
type bar struct {
	Label string
	Value int
	Key   string
}

// barChart draws bars with canvas primitives: horizontal (one labelled row
// per bar, e.g. outlets) or vertical (a histogram, e.g. months). Hovering
// shows a bar's value; clicking reports the bar.
type barChart struct {
	widget.BaseWidget
	horizontal bool
	bars       []bar
	onTap      func(bar)
	hover      int
	empty      string
}

func newBarChart(horizontal bool, empty string, onTap func(bar)) *barChart {
	c := &barChart{horizontal: horizontal, onTap: onTap, hover: -1, empty: empty}
	c.ExtendBaseWidget(c)
	return c
}

func (c *barChart) setBars(b []bar) {
	c.bars = b
	c.hover = -1
	c.Refresh()
}

const (
	hBarRow    = 22
	hBarLabelW = 170
	vBarHeight = 170
)

func (c *barChart) MinSize() fyne.Size {
	if c.horizontal {
		return fyne.NewSize(hBarLabelW+120, float32(max(1, len(c.bars)))*hBarRow+4)
	}
	return fyne.NewSize(200, vBarHeight+40)
}

// barAt is the bar under a position, or -1.
func (c *barChart) barAt(p fyne.Position) int {
	n := len(c.bars)
	if n == 0 {
		return -1
	}
	var i int
	if c.horizontal {
		i = int((p.Y - 2) / hBarRow)
	} else {
		plotX, plotW := c.vPlot()
		if p.X < plotX {
			return -1
		}
		i = int((p.X - plotX) / (plotW / float32(n)))
	}
	if i < 0 || i >= n {
		return -1
	}
	return i
}

func (c *barChart) vPlot() (x, w float32) {
	return 44, max(10, c.Size().Width-44-8)
}

func (c *barChart) Tapped(ev *fyne.PointEvent) {
	if i := c.barAt(ev.Position); i >= 0 && c.onTap != nil {
		c.onTap(c.bars[i])
	}
}

func (c *barChart) MouseIn(ev *desktop.MouseEvent)    { c.MouseMoved(ev) }
func (c *barChart) MouseMoved(ev *desktop.MouseEvent) { c.setHover(c.barAt(ev.Position)) }
func (c *barChart) MouseOut()                         { c.setHover(-1) }
func (c *barChart) Cursor() desktop.Cursor            { return desktop.PointerCursor }

func (c *barChart) setHover(i int) {
	if i != c.hover {
		c.hover = i
		c.Refresh()
	}
}

func (c *barChart) CreateRenderer() fyne.WidgetRenderer {
	return &drawRenderer{draw: c.draw}
}

// draw makes the chart's primitives for its current size.
func (c *barChart) draw(size fyne.Size) []fyne.CanvasObject {
	fg := theme.Color(theme.ColorNameForeground)
	muted := theme.Color(theme.ColorNamePlaceHolder)
	barCol := theme.Color(theme.ColorNamePrimary)
	hoverCol := theme.Color(theme.ColorNameFocus)
	ts := theme.TextSize() - 1
	if len(c.bars) == 0 {
		t := canvas.NewText(c.empty, muted)
		t.TextSize = ts
		t.Move(fyne.NewPos(4, 4))
		return []fyne.CanvasObject{t}
	}
	maxV := 1
	for _, b := range c.bars {
		maxV = max(maxV, b.Value)
	}
	var objs []fyne.CanvasObject
	if c.horizontal {
		barMax := max(10, size.Width-hBarLabelW-70)
		for i, b := range c.bars {
			y := float32(i)*hBarRow + 2
			label := canvas.NewText(ellipsize(b.Label, ts, hBarLabelW-8), fg)
			label.TextSize = ts
			label.Alignment = fyne.TextAlignTrailing
			label.Move(fyne.NewPos(0, y+2))
			label.Resize(fyne.NewSize(hBarLabelW-8, hBarRow-4))
			w := max(2, barMax*float32(b.Value)/float32(maxV))
			col := barCol
			if i == c.hover {
				col = hoverCol
			}
			r := canvas.NewRectangle(col)
			r.CornerRadius = 2
			r.Move(fyne.NewPos(hBarLabelW, y+3))
			r.Resize(fyne.NewSize(w, hBarRow-6))
			n := canvas.NewText(thousands(b.Value), muted)
			n.TextSize = ts
			n.Move(fyne.NewPos(hBarLabelW+w+6, y+2))
			objs = append(objs, label, r, n)
		}
		return objs
	}
	plotX, plotW := c.vPlot()
	top, bottom := float32(18), float32(vBarHeight)+10
	plotH := bottom - top
	axis := canvas.NewLine(muted)
	axis.Position1, axis.Position2 = fyne.NewPos(plotX, bottom), fyne.NewPos(plotX+plotW, bottom)
	yaxis := canvas.NewLine(muted)
	yaxis.Position1, yaxis.Position2 = fyne.NewPos(plotX, top), fyne.NewPos(plotX, bottom)
	objs = append(objs, axis, yaxis)
	for _, v := range niceTicks(maxV) {
		y := bottom - plotH*float32(v)/float32(maxV)
		t := canvas.NewText(thousands(v), muted)
		t.TextSize = ts - 1
		t.Alignment = fyne.TextAlignTrailing
		t.Move(fyne.NewPos(0, y-ts/1.4))
		t.Resize(fyne.NewSize(plotX-4, ts))
		grid := canvas.NewLine(withAlpha(muted, 0x40))
		grid.Position1, grid.Position2 = fyne.NewPos(plotX, y), fyne.NewPos(plotX+plotW, y)
		objs = append(objs, t, grid)
	}
	n := len(c.bars)
	slot := plotW / float32(n)
	gap := min(4, slot*0.2)
	every := max(1, int(math.Ceil(float64(n)*70/float64(plotW))))
	for i, b := range c.bars {
		x := plotX + float32(i)*slot
		h := plotH * float32(b.Value) / float32(maxV)
		col := barCol
		if i == c.hover {
			col = hoverCol
		}
		r := canvas.NewRectangle(col)
		r.Move(fyne.NewPos(x+gap/2, bottom-h))
		r.Resize(fyne.NewSize(max(1, slot-gap), h))
		objs = append(objs, r)
		if i%every == 0 {
			t := canvas.NewText(b.Label, muted)
			t.TextSize = ts - 1
			t.Move(fyne.NewPos(x, bottom+3))
			objs = append(objs, t)
		}
	}
	if c.hover >= 0 && c.hover < n {
		b := c.bars[c.hover]
		t := canvas.NewText(fmt.Sprintf("%s: %s — click to search it", b.Label, thousands(b.Value)), fg)
		t.TextSize = ts
		t.TextStyle.Bold = true
		t.Move(fyne.NewPos(plotX+4, 0))
		objs = append(objs, t)
	}
	return objs
}

// niceTicks returns 2–5 round values between 0 and maxV (exclusive of 0).
func niceTicks(maxV int) []int {
	if maxV <= 0 {
		return nil
	}
	step := 1.0
	raw := float64(maxV) / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	if step < 1 {
		step = 1
	}
	var out []int
	for v := step; v <= float64(maxV)+0.5; v += step {
		out = append(out, int(v))
	}
	return out
}

func withAlpha(c color.Color, a uint8) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: a}
}

// ellipsize shortens s to fit width at text size ts.
func ellipsize(s string, ts, width float32) string {
	if fyne.MeasureText(s, ts, fyne.TextStyle{}).Width <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 1 {
		r = r[:len(r)-1]
		if fyne.MeasureText(string(r)+"…", ts, fyne.TextStyle{}).Width <= width {
			break
		}
	}
	return string(r) + "…"
}

// drawRenderer renders a widget by redrawing all its primitives on every
// layout or refresh: right for charts of a few hundred objects.
type drawRenderer struct {
	draw func(fyne.Size) []fyne.CanvasObject
	objs []fyne.CanvasObject
	size fyne.Size
}

func (r *drawRenderer) Layout(s fyne.Size) {
	r.size = s
	r.objs = r.draw(s)
}

func (r *drawRenderer) MinSize() fyne.Size { return fyne.NewSize(0, 0) }

func (r *drawRenderer) Refresh() {
	r.objs = r.draw(r.size)
	for _, o := range r.objs {
		canvas.Refresh(o)
	}
}

func (r *drawRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *drawRenderer) Destroy()                     {}
