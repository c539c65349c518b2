package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/parallax-research/parallax/index"
)

// hitRow is one row of the result list: title, outlet and date, and the
// snippet with the query's terms highlighted. Unread titles are bold.
type hitRow struct {
	widget.BaseWidget
	title   *widget.Label
	snippet *widget.RichText
}

// styleMeta is the outlet and date before a hit's snippet.
var styleMeta = widget.RichTextStyle{Inline: true, ColorName: theme.ColorNamePlaceHolder, SizeName: theme.SizeNameText,
	TextStyle: fyne.TextStyle{Italic: true}}

func newHitRow() fyne.CanvasObject {
	r := &hitRow{title: widget.NewLabel("Title"), snippet: widget.NewRichText()}
	r.title.Truncation = fyne.TextTruncateEllipsis
	r.title.TextStyle.Bold = true
	r.snippet.Truncation = fyne.TextTruncateEllipsis
	r.snippet.Segments = []widget.RichTextSegment{&widget.TextSegment{Text: "snippet", Style: widget.RichTextStyleInline}}
	r.ExtendBaseWidget(r)
	return r
}

func (r *hitRow) set(h index.Hit, terms []string, seen bool) {
	title := h.Title
	if title == "" {
		title = "(untitled)"
	}
	r.title.TextStyle.Bold = !seen
	r.title.SetText(title)
	segs := []widget.RichTextSegment{&widget.TextSegment{Text: hitMeta(h) + "  ", Style: styleMeta}}
	r.snippet.Segments = append(segs, snippetSegments(h.Snippet, terms)...)
	r.snippet.Refresh()
}

func (r *hitRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.New(&tightVBox{}, r.title, r.snippet))
}

func hitMeta(h index.Hit) string {
	s := h.Outlet
	if !h.Published.IsZero() {
		s += " · " + h.Published.Format("2 Jan 2006")
	}
	return s
}

// tightVBox stacks objects with no gap, so rows stay compact.
type tightVBox struct{}

func (tightVBox) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height - theme.Padding()
	}
	return s
}

func (tightVBox) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for _, o := range objs {
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h - theme.Padding()
	}
}

// facetRow is one facet value with its count. A tap filters to it; a
// shift-tap or a secondary tap excludes it; a tap on an active filter
// removes it.
type facetRow struct {
	widget.BaseWidget
	label, count *widget.Label
	bg           *canvas.Rectangle
	active       bool
	excluded     bool
	shift        bool
	onTap        func(exclude bool)
}

func newFacetRow(label string, count int, active, excluded bool, onTap func(exclude bool)) *facetRow {
	r := &facetRow{label: widget.NewLabel(label), count: widget.NewLabel(""), active: active, excluded: excluded, onTap: onTap}
	if count > 0 || !active {
		r.count.SetText(thousands(count))
	}
	r.label.Truncation = fyne.TextTruncateEllipsis
	r.count.Importance = widget.LowImportance
	if active {
		r.label.TextStyle.Bold = true
		r.label.Importance = widget.HighImportance
		if excluded {
			r.label.Importance = widget.DangerImportance
			r.label.SetText("not " + label)
		}
	}
	r.bg = canvas.NewRectangle(color.Transparent)
	r.bg.CornerRadius = theme.InputRadiusSize()
	r.ExtendBaseWidget(r)
	return r
}

func (r *facetRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(r.bg, container.NewBorder(nil, nil, nil, r.count, r.label)))
}

func (r *facetRow) MinSize() fyne.Size {
	m := r.BaseWidget.MinSize()
	return fyne.NewSize(min(m.Width, 120), m.Height-theme.Padding())
}

func (r *facetRow) Tapped(*fyne.PointEvent) {
	ex := r.shift
	r.shift = false
	if r.active {
		ex = r.excluded // the same filter again: removes it
	}
	r.onTap(ex)
}

func (r *facetRow) TappedSecondary(*fyne.PointEvent) { r.onTap(true) }

func (r *facetRow) MouseDown(ev *desktop.MouseEvent) {
	r.shift = ev.Modifier&fyne.KeyModifierShift != 0
}

func (r *facetRow) MouseUp(*desktop.MouseEvent) {}

func (r *facetRow) MouseIn(*desktop.MouseEvent) {
	r.bg.FillColor = theme.Color(theme.ColorNameHover)
	r.bg.Refresh()
}

func (r *facetRow) MouseMoved(*desktop.MouseEvent) {}

func (r *facetRow) MouseOut() {
	r.bg.FillColor = color.Transparent
	r.bg.Refresh()
}

func (r *facetRow) Cursor() desktop.Cursor { return desktop.PointerCursor }

// showInfo shows content in a dialog with a Close button.
func showInfo(w fyne.Window, title string, content fyne.CanvasObject) {
	dialog.NewCustom(title, "Close", content, w).Show()
}
