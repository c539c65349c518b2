package app

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/parallax-research/parallax/index"
)

// kwicWidth is the characters of context on each side of the keyword.
const kwicWidth = 60

// kwicMaxLines bounds the concordance.
const kwicMaxLines = 20000

// kwicLine is one concordance line: the keyword in its context. Field
// is "title", "body" or "captions"; Start and End are the keyword's byte
// offsets in it.
type kwicLine = index.KWICLine

var kwicOrders = []string{"Document order", "Left context", "Right context", "Keyword", "Date", "Outlet"}

// kwicScreen is the concordance of the current query: a monospace table
// of keywords in context, sortable by left or right context; a click opens
// the article at that spot.
type kwicScreen struct {
	u     *UI
	list  *widget.List
	count *widget.Label
	order *widget.Select

	lines []kwicLine
	stale bool

	runs latestRun
}

func newKWICScreen(u *UI) *kwicScreen {
	k := &kwicScreen{u: u, stale: true}
	k.count = widget.NewLabel("")
	k.order = widget.NewSelect(kwicOrders, nil)
	k.order.SetSelectedIndex(0)
	k.order.OnChanged = func(string) { k.sortLines(); k.list.Refresh() }
	k.list = widget.NewList(
		func() int { return len(k.lines) },
		newKWICRow,
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(k.lines) {
				o.(*kwicRow).set(k.lines[id])
			}
		},
	)
	k.list.OnSelected = func(id widget.ListItemID) {
		if id < len(k.lines) {
			l := k.lines[id]
			at := -1
			if l.Field == "body" {
				at = l.Start
			}
			k.list.UnselectAll()
			k.u.search.openArticle(l.ID, at)
		}
	}
	return k
}

func (k *kwicScreen) build() fyne.CanvasObject {
	order := container.NewGridWrap(fyne.NewSize(170, k.order.MinSize().Height), k.order)
	head := container.NewBorder(nil, nil, nil, container.NewHBox(widget.NewLabel("Order"), order), k.count)
	return container.NewBorder(head, nil, nil, nil, k.list)
}

// invalidate marks the concordance out of date; it reruns when shown.
func (k *kwicScreen) invalidate() {
	k.stale = true
	if k.visible() {
		k.run()
	}
}

func (k *kwicScreen) visible() bool {
	s := k.u.search
	return s.views != nil && s.views.Selected() == s.concord && k.u.tabs != nil && k.u.tabs.Selected() == k.u.tabByNum[screenSearch]
}

func (k *kwicScreen) onShown() {
	if k.stale {
		k.run()
	}
}

func (k *kwicScreen) run() {
	k.stale = false
	q := k.u.query
	q.Filters = append([]index.Filter(nil), q.Filters...)
	if len(queryTerms(q.Text)) == 0 {
		k.lines = nil
		k.count.SetText("Type a query: the concordance shows its words in context.")
		k.list.Refresh()
		return
	}
	k.count.SetText("Building the concordance…")
	ctx, gen := k.runs.begin()
	c := k.u.corpus
	go func() {
		lines, articles, err := concordance(ctx, c, q, kwicWidth)
		k.u.do(func() {
			if !k.runs.current(gen) {
				return
			}
			if err != nil {
				k.lines = nil
				k.count.SetText(oneLine(err.Error()))
			} else {
				k.lines = lines
				s := fmt.Sprintf("%s in %s", countLabel(len(lines), "line", "lines"), countLabel(articles, "article", "articles"))
				if len(lines) == 0 {
					s = "No concordance lines: no article matches the query's words."
				}
				if len(lines) >= kwicMaxLines {
					s += " (the first " + thousands(kwicMaxLines) + ")"
				}
				k.count.SetText(s)
				k.sortLines()
			}
			k.list.Refresh()
			k.list.ScrollToTop()
		})
	}()
}

// errEnough stops the concordance stream at kwicMaxLines.
var errEnough = errors.New("enough lines")

// concordance collects up to kwicMaxLines lines for q and counts the
// articles they come from.
func concordance(ctx context.Context, c Corpus, q index.Query, width int) ([]kwicLine, int, error) {
	q.Size, q.From, q.After, q.Facets, q.Highlight = 0, 0, nil, nil, false
	var lines []kwicLine
	ids := map[string]bool{}
	err := c.KWIC(ctx, q, width, func(l index.KWICLine) error {
		lines = append(lines, l)
		ids[l.ID] = true
		if len(lines) >= kwicMaxLines {
			return errEnough
		}
		return nil
	})
	if err != nil && !errors.Is(err, errEnough) {
		return nil, 0, err
	}
	return lines, len(ids), nil
}

// sortLines orders the lines as the order selector says (stable).
func (k *kwicScreen) sortLines() {
	var key func(l kwicLine) string
	switch k.order.Selected {
	case "Left context":
		key = func(l kwicLine) string { return reverseWords(strings.ToLower(l.Left)) }
	case "Right context":
		key = func(l kwicLine) string { return strings.ToLower(strings.TrimSpace(l.Right)) }
	case "Keyword":
		key = func(l kwicLine) string { return strings.ToLower(l.Keyword) }
	case "Date":
		key = func(l kwicLine) string { return l.Published.Format(time.RFC3339) }
	case "Outlet":
		key = func(l kwicLine) string { return strings.ToLower(l.Outlet) }
	default:
		return // as found: hits in the query's order, lines in text order
	}
	sort.SliceStable(k.lines, func(i, j int) bool { return key(k.lines[i]) < key(k.lines[j]) })
}

// reverseWords is the words of s from the last to the first, so that
// sorting by it sorts by the word nearest the keyword first.
func reverseWords(s string) string {
	f := strings.Fields(s)
	for i, j := 0, len(f)-1; i < j; i, j = i+1, j-1 {
		f[i], f[j] = f[j], f[i]
	}
	return strings.Join(f, " ")
}

// kwicRow is one concordance line: date and outlet, then the left context
// right-aligned, the keyword, and the right context, in monospace.
type kwicRow struct {
	widget.BaseWidget
	meta  *widget.Label
	text  *widget.RichText
	line  kwicLine
	chars int // context characters per side that fit
}

var (
	styleMono    = widget.RichTextStyle{Inline: true, ColorName: theme.ColorNameForeground, SizeName: theme.SizeNameText, TextStyle: fyne.TextStyle{Monospace: true}}
	styleMonoHit = widget.RichTextStyle{Inline: true, ColorName: theme.ColorNamePrimary, SizeName: theme.SizeNameText, TextStyle: fyne.TextStyle{Monospace: true}}
)

const kwicMetaWidth = 190

func newKWICRow() fyne.CanvasObject {
	r := &kwicRow{meta: widget.NewLabel(""), text: widget.NewRichText(), chars: kwicWidth}
	r.meta.Truncation = fyne.TextTruncateEllipsis
	r.text.Truncation = fyne.TextTruncateClip
	r.text.Segments = []widget.RichTextSegment{&widget.TextSegment{Text: strings.Repeat(" ", 20), Style: styleMono}}
	r.ExtendBaseWidget(r)
	return r
}

func (r *kwicRow) set(l kwicLine) {
	r.line = l
	meta := l.Outlet
	if !l.Published.IsZero() {
		meta = l.Published.Format("2006-01-02") + " " + meta
	}
	r.meta.SetText(meta)
	r.show()
}

// show draws the line with as much context as fits, the keyword centred.
func (r *kwicRow) show() {
	l := r.line
	left, right := []rune(l.Left), []rune(l.Right)
	if len(left) > r.chars {
		left = left[len(left)-r.chars:]
	}
	if len(right) > r.chars {
		right = right[:r.chars]
	}
	pad := ""
	if n := r.chars - len(left); n > 0 {
		pad = strings.Repeat(" ", n)
	}
	r.text.Segments = []widget.RichTextSegment{
		&widget.TextSegment{Text: pad + string(left), Style: styleMono},
		&widget.TextSegment{Text: l.Keyword, Style: styleMonoHit},
		&widget.TextSegment{Text: string(right), Style: styleMono},
	}
	r.text.Refresh()
}

// Resize fits the context to the width: the keywords of all rows line up
// in the middle.
func (r *kwicRow) Resize(s fyne.Size) {
	cw := fyne.MeasureText("m", theme.TextSize(), fyne.TextStyle{Monospace: true}).Width
	if cw > 0 {
		avail := s.Width - kwicMetaWidth - 4*theme.Padding()
		chars := max(8, min(kwicWidth, int((avail/cw-12)/2)))
		if chars != r.chars {
			r.chars = chars
			if r.line.Keyword != "" {
				r.show()
			}
		}
	}
	r.BaseWidget.Resize(s)
}

func (r *kwicRow) CreateRenderer() fyne.WidgetRenderer {
	meta := container.NewGridWrap(fyne.NewSize(kwicMetaWidth, r.meta.MinSize().Height), r.meta)
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, meta, nil, r.text))
}
