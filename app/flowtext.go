package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// flowWord is one word of a flowText with the space after it.
type flowWord struct {
	text  string
	style widget.RichTextStyle
}

// flowText is one paragraph of styled words, wrapped at word boundaries
// by its own layout. (Fyne's RichText wraps inline segments one by one and
// splits a word into letters when it starts at the very end of a line,
// which makes highlighted text unreadable.)
type flowText struct {
	widget.BaseWidget
	words []flowWord
	texts []*canvas.Text
	// sizes are each word's size with its space; widths without it.
	sizes  []fyne.Size
	widths []float32
	width  float32
	height float32
	// onHeight is called when a new width changed the height.
	onHeight func()
}

func newFlowText(words []flowWord) *flowText {
	f := &flowText{words: words}
	f.ExtendBaseWidget(f)
	f.makeTexts()
	return f
}

func (f *flowText) makeTexts() {
	f.texts = make([]*canvas.Text, len(f.words))
	f.sizes = make([]fyne.Size, len(f.words))
	f.widths = make([]float32, len(f.words))
	for i, w := range f.words {
		t := canvas.NewText(w.text, theme.Color(w.style.ColorName))
		t.TextStyle = w.style.TextStyle
		t.TextSize = theme.Size(sizeOr(w.style.SizeName))
		f.texts[i] = t
		f.sizes[i] = fyne.MeasureText(t.Text, t.TextSize, t.TextStyle)
		f.widths[i] = f.sizes[i].Width
		if trimmed := strings.TrimRight(t.Text, " "); len(trimmed) < len(t.Text) {
			f.widths[i] = fyne.MeasureText(trimmed, t.TextSize, t.TextStyle).Width
		}
	}
}

func sizeOr(n fyne.ThemeSizeName) fyne.ThemeSizeName {
	if n == "" {
		return theme.SizeNameText
	}
	return n
}

// place computes each word's position for width and the total height
// (moving the words when move is set). Words with no space between them
// ("(", "NAO", ")") wrap together.
func (f *flowText) place(width float32, move bool) float32 {
	pad := theme.InnerPadding()
	x, y, lineH := pad, float32(0), float32(0)
	runStart, runX := 0, pad // the first word of the current unbreakable run, and its x
	for i := 0; i < len(f.texts); i++ {
		t, full, wordW := f.texts[i], f.sizes[i], f.widths[i]
		if i == 0 || strings.HasSuffix(f.texts[i-1].Text, " ") {
			runStart, runX = i, x
		}
		if x+wordW > width-pad && runX > pad {
			// Start a new line with the whole run.
			x, y, lineH = pad, y+lineH, 0
			i = runStart - 1
			runX = pad
			continue
		}
		if move {
			t.Move(fyne.NewPos(x, y))
			t.Resize(full)
		}
		x += full.Width
		lineH = max(lineH, full.Height)
	}
	return y + lineH
}

func (f *flowText) MinSize() fyne.Size {
	w := f.width
	if w <= 0 {
		w = 400
	}
	return fyne.NewSize(40, f.place(w, false))
}

func (f *flowText) Resize(s fyne.Size) {
	if s.Width != f.width {
		f.width = s.Width
		h := f.place(s.Width, false)
		if h != f.height {
			f.height = h
			if f.onHeight != nil {
				defer f.onHeight()
			}
		}
	}
	f.BaseWidget.Resize(s)
}

func (f *flowText) CreateRenderer() fyne.WidgetRenderer { return &flowRenderer{f: f} }

type flowRenderer struct{ f *flowText }

func (r *flowRenderer) Layout(s fyne.Size) { r.f.place(s.Width, true) }
func (r *flowRenderer) MinSize() fyne.Size { return r.f.MinSize() }
func (r *flowRenderer) Refresh() {
	for i, t := range r.f.texts {
		t.Color = theme.Color(r.f.words[i].style.ColorName)
		t.Refresh()
	}
	r.Layout(r.f.Size())
}
func (r *flowRenderer) Destroy() {}
func (r *flowRenderer) Objects() []fyne.CanvasObject {
	out := make([]fyne.CanvasObject, len(r.f.texts))
	for i, t := range r.f.texts {
		out[i] = t
	}
	return out
}

// flowParagraphs groups rich-text segments into paragraphs of words (a
// segment that is not inline ends a paragraph).
func flowParagraphs(segs []widget.RichTextSegment) [][]flowWord {
	var out [][]flowWord
	var cur []flowWord
	for _, s := range segs {
		ts, ok := s.(*widget.TextSegment)
		if !ok {
			continue
		}
		st := ts.Style
		st.Inline = true
		for _, w := range splitWords(ts.Text) {
			cur = append(cur, flowWord{w, st})
		}
		if !ts.Style.Inline {
			out = append(out, cur)
			cur = nil
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// splitWords splits text into words, each with one space after it when
// white space followed; leading white space becomes a lone space.
func splitWords(t string) []string {
	var out []string
	isSpace := func(c byte) bool { return c == ' ' || c == '\n' || c == '\t' }
	if len(t) > 0 && isSpace(t[0]) {
		out = append(out, " ")
		for len(t) > 0 && isSpace(t[0]) {
			t = t[1:]
		}
	}
	for len(t) > 0 {
		j := 0
		for j < len(t) && !isSpace(t[j]) {
			j++
		}
		k := j
		for k < len(t) && isSpace(t[k]) {
			k++
		}
		w := t[:j]
		if k > j {
			w += " "
		}
		out = append(out, w)
		t = t[k:]
	}
	return out
}
