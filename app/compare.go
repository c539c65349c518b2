package app

import (
	"context"
	"fmt"
	"image/color"
	"os"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Alignment labels of a compared sentence.
const (
	labelShared      = "shared"
	labelParaphrased = "paraphrased"
	labelUnique      = "unique"
)

// Sentence backgrounds by label; alpha keeps the text readable on the light
// and the dark theme.
var (
	sharedColour      = color.NRGBA{R: 0x22, G: 0xc5, B: 0x5e, A: 0x48}
	paraphrasedColour = color.NRGBA{R: 0xf5, G: 0x9e, B: 0x0b, A: 0x48}
	focusColour       = color.NRGBA{R: 0x3b, G: 0x82, B: 0xf6, A: 0x70}
	passageColour     = color.NRGBA{R: 0x8b, G: 0x5c, B: 0xf6, A: 0xff}
)

func labelColour(label string) color.Color {
	switch label {
	case labelShared:
		return sharedColour
	case labelParaphrased:
		return paraphrasedColour
	}
	return color.Transparent
}

// compareScreen shows 2–4 articles in columns with synchronised scrolling,
// sentences coloured by alignment label, shared passages marked, and side
// panels for entity differences, framing terms, quotes and passages.
type compareScreen struct {
	u *UI
	c compareCorpus

	status  *widget.Label
	columns *fyne.Container // one column per article
	side    *container.AppTabs
	entBox  *fyne.Container
	frameBx *fyne.Container
	quoteBx *widget.RichText
	passBx  *fyne.Container
	export  *widget.Button
	root    *fyne.Container

	view    *cmpView
	ids     []string
	cols    []*compareColumnView
	focus   cmpRef // tapped sentence; Article -1 when none
	entity  string // highlighted entity name
	syncing bool

	// openArticle opens an article at a byte range of its body; reveal
	// brings the Compare screen to the front when a comparison starts.
	openArticle func(id string, start, end int)
	reveal      func()

	mu  sync.Mutex
	gen int
}

// compareColumnView is one article's column.
type compareColumnView struct {
	scroll    *container.Scroll
	sentences []*sentenceBox
	lastY     float32
}

func newCompareScreen(u *UI, c compareCorpus) *compareScreen {
	s := &compareScreen{u: u, c: c, focus: cmpRef{Article: -1}}
	s.openArticle = func(id string, start, end int) { showArticleAt(u, c, id, start, end) }
	s.status = widget.NewLabel("Pick 2–4 articles: from a story, or “Compare with…” on a search result.")
	s.status.Wrapping = fyne.TextWrapWord
	s.columns = container.NewGridWithColumns(1)
	s.entBox = container.NewVBox()
	s.frameBx = container.NewVBox()
	s.quoteBx = widget.NewRichText()
	s.quoteBx.Wrapping = fyne.TextWrapWord
	s.passBx = container.NewVBox()
	s.side = container.NewAppTabs(
		container.NewTabItem("Entities", container.NewVScroll(s.entBox)),
		container.NewTabItem("Framing", container.NewVScroll(s.frameBx)),
		container.NewTabItem("Quotes", container.NewVScroll(s.quoteBx)),
		container.NewTabItem("Passages", container.NewVScroll(s.passBx)),
	)
	s.export = widget.NewButtonWithIcon("Export report…", theme.DocumentSaveIcon(), s.onExport)
	s.export.Disable()
	return s
}

func (s *compareScreen) build() fyne.CanvasObject {
	legend := container.NewHBox(
		legendSwatch("shared", sharedColour), legendSwatch("paraphrased", paraphrasedColour),
		legendSwatch("unique", color.Transparent), legendSwatch("shared passage (8+ words)", passageColour),
	)
	top := container.NewBorder(nil, nil, nil, container.NewHBox(
		widget.NewButtonWithIcon("Clear highlight", theme.ContentClearIcon(), s.clearHighlight), s.export),
		container.NewVBox(s.status, legend))
	// The columns scroll sideways when the window is narrower than four
	// columns need, instead of forcing the window wider than the screen.
	split := container.NewHSplit(container.NewHScroll(s.columns), s.side)
	split.SetOffset(0.74)
	s.root = container.NewBorder(top, nil, nil, nil, split)
	return s.root
}

func legendSwatch(text string, c color.Color) fyne.CanvasObject {
	r := canvas.NewRectangle(c)
	r.SetMinSize(fyne.NewSize(14, 14))
	r.StrokeColor = theme.Color(theme.ColorNameDisabled)
	r.StrokeWidth = 1
	return container.NewHBox(container.NewCenter(r), widget.NewLabel(text))
}

// compareIDs compares 2–4 articles off the UI goroutine and shows them.
func (s *compareScreen) compareIDs(ids []string) {
	if len(ids) > 4 {
		ids = ids[:4]
	}
	if len(ids) < 2 {
		s.status.SetText("Pick at least two articles to compare.")
		return
	}
	s.mu.Lock()
	s.gen++
	gen := s.gen
	s.mu.Unlock()
	s.status.SetText(fmt.Sprintf("Comparing %d articles…", len(ids)))
	if s.reveal != nil {
		s.reveal()
	}
	ids = append([]string(nil), ids...)
	go func() {
		v, err := s.c.compareArticles(ids...)
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
			s.ids = ids
			s.show(v)
		})
	}()
}

// onFindSameEvent compares id with the best matches from other outlets.
func (s *compareScreen) onFindSameEvent(id string) {
	s.status.SetText("Looking for coverage of the same event…")
	if s.reveal != nil {
		s.reveal()
	}
	go func() {
		hits, err := s.c.similarArticles(context.Background(), id, 3, 7, true)
		part2Do(func() {
			if err != nil {
				s.status.SetText(oneLineP2(err.Error()))
				return
			}
			if len(hits) == 0 {
				s.status.SetText("No coverage of the same event found in other outlets.")
				return
			}
			ids := []string{id}
			for _, h := range hits {
				ids = append(ids, h.ID)
			}
			s.compareIDs(ids)
		})
	}()
}

// onCompareWith asks which articles to compare id with: similar articles
// are offered first, and a search box finds any other.
func (s *compareScreen) onCompareWith(id string) {
	w := part2Window(s.u)
	picked := map[string]bool{}
	var cands []articleRef
	list := container.NewVBox()
	info := widget.NewLabel("Finding similar articles…")
	var fill func([]articleRef)
	fill = func(refs []articleRef) {
		cands = refs
		list.Objects = nil
		for _, r := range refs {
			if r.ID == id {
				continue
			}
			r := r
			label := r.Outlet + " · " + r.Title
			if !r.Published.IsZero() {
				label += " · " + r.Published.Format("2 Jan 2006")
			}
			ch := widget.NewCheck(label, func(on bool) {
				if on {
					picked[r.ID] = true
				} else {
					delete(picked, r.ID)
				}
			})
			ch.Checked = picked[r.ID]
			list.Add(ch)
		}
		list.Refresh()
		info.SetText(fmt.Sprintf("%d candidates: tick up to three", len(list.Objects)))
	}
	search := widget.NewEntry()
	search.SetPlaceHolder("Search for other articles…")
	search.OnSubmitted = func(q string) {
		go func() {
			refs, err := s.c.findArticles(context.Background(), q, 50)
			part2Do(func() {
				if err != nil {
					info.SetText(oneLineP2(err.Error()))
					return
				}
				fill(refs)
			})
		}()
	}
	go func() {
		refs, err := s.c.similarArticles(context.Background(), id, 20, 30, false)
		part2Do(func() {
			if err != nil {
				info.SetText(oneLineP2(err.Error()))
				return
			}
			fill(refs)
		})
	}()
	if w == nil {
		return
	}
	content := container.NewBorder(container.NewVBox(search, info), nil, nil, nil, container.NewVScroll(list))
	d := dialog.NewCustomConfirm("Compare with…", "Compare", "Cancel", content, func(ok bool) {
		if !ok {
			return
		}
		ids := []string{id}
		for _, r := range cands {
			if picked[r.ID] && len(ids) < 4 {
				ids = append(ids, r.ID)
			}
		}
		s.compareIDs(ids)
	}, w)
	d.Resize(fyne.NewSize(680, 520))
	d.Show()
}

// invalidate clears the comparison (its articles belong to the corpus that
// was open before a switch).
func (s *compareScreen) invalidate() {
	s.mu.Lock()
	s.gen++
	s.mu.Unlock()
	s.view, s.ids, s.cols = nil, nil, nil
	s.columns.Objects = nil
	s.columns.Refresh()
	s.entBox.Objects = nil
	s.entBox.Refresh()
	s.frameBx.Objects = nil
	s.frameBx.Refresh()
	s.quoteBx.Segments = nil
	s.quoteBx.Refresh()
	s.passBx.Objects = nil
	s.passBx.Refresh()
	s.export.Disable()
	s.status.SetText("Pick 2–4 articles: from a story, or “Compare with…” on a search result.")
}

// show renders a comparison (UI goroutine).
func (s *compareScreen) show(v *cmpView) {
	s.view = v
	s.focus = cmpRef{Article: -1}
	s.entity = ""
	s.cols = nil
	n := len(v.Articles)
	s.columns.Layout = container.NewGridWithColumns(max(n, 1)).Layout
	s.columns.Objects = nil
	for ai, a := range v.Articles {
		col := &compareColumnView{}
		body := container.NewVBox()
		for si, sen := range a.Sentences {
			ai, si := ai, si
			b := newSentenceBox(sen, func() { s.onTapSentence(ai, si) })
			b.onHover = func(in bool) { s.onHoverSentence(ai, si, in) }
			b.passage = sentenceInPassage(v.Passages, ai, sen)
			col.sentences = append(col.sentences, b)
			body.Add(b)
		}
		col.scroll = container.NewVScroll(body)
		idx := ai
		col.scroll.OnScrolled = func(p fyne.Position) { s.onScrolled(idx, p) }
		s.cols = append(s.cols, col)
		s.columns.Add(container.NewBorder(s.columnHeader(ai, a), nil, nil, nil, col.scroll))
	}
	s.columns.Refresh()
	s.fillSide()
	s.export.Enable()
	counts := map[string]int{}
	for _, a := range v.Articles {
		for _, sen := range a.Sentences {
			counts[sen.Label]++
		}
	}
	s.status.SetText(fmt.Sprintf("%d articles · similarity %.2f · %d shared, %d paraphrased, %d unique sentences · %d shared passages",
		n, v.Similarity, counts[labelShared], counts[labelParaphrased], counts[labelUnique], len(v.Passages)))
}

// sentenceInPassage reports whether sentence sen of article ai overlaps a
// shared passage.
func sentenceInPassage(ps []cmpPassage, ai int, sen cmpSentence) bool {
	for _, p := range ps {
		for _, sp := range p.Spans {
			if sp.Article == ai && sp.Start < sen.End && sp.End > sen.Start {
				return true
			}
		}
	}
	return false
}

func (s *compareScreen) columnHeader(ai int, a cmpArticle) fyne.CanvasObject {
	outlet := canvas.NewText(a.Outlet, outletColour(ai))
	outlet.TextStyle.Bold = true
	outlet.TextSize = theme.TextSize() + 1
	title := widget.NewLabel(a.Title)
	title.Wrapping = fyne.TextWrapWord
	title.TextStyle.Bold = true
	meta := fmt.Sprintf("%d words · %d sentences", a.Words, len(a.Sentences))
	if !a.Published.IsZero() {
		meta = a.Published.Format("2 Jan 2006") + " · " + meta
	}
	id := a.ID
	open := widget.NewButtonWithIcon("", theme.DocumentIcon(), func() {
		if s.openArticle != nil {
			s.openArticle(id, -1, -1)
		}
	})
	return container.NewVBox(container.NewBorder(nil, nil, nil, open, outlet), title, widget.NewLabel(meta), widget.NewSeparator())
}

// onScrolled keeps the columns in step: the others scroll by the same delta.
func (s *compareScreen) onScrolled(i int, p fyne.Position) {
	if s.syncing || i >= len(s.cols) {
		return
	}
	delta := p.Y - s.cols[i].lastY
	s.cols[i].lastY = p.Y
	s.syncing = true
	defer func() { s.syncing = false }()
	for j, c := range s.cols {
		if j == i {
			continue
		}
		maxY := max(c.scroll.Content.MinSize().Height-c.scroll.Size().Height, 0)
		y := min(max(c.scroll.Offset.Y+delta, 0), maxY)
		c.scroll.ScrollToOffset(fyne.NewPos(c.scroll.Offset.X, y))
		c.lastY = y
	}
}

// onTapSentence highlights sentence si of article ai and its counterparts
// in the other columns, and scrolls each other column to its best match.
func (s *compareScreen) onTapSentence(ai, si int) {
	if s.view == nil {
		return
	}
	if s.focus.Article == ai && s.focus.Sentence == si {
		s.clearHighlight()
		return
	}
	s.focus = cmpRef{Article: ai, Sentence: si}
	on := s.counterparts(ai, si)
	for a, col := range s.cols {
		for k, b := range col.sentences {
			b.setFocus(on[cmpRef{Article: a, Sentence: k}])
		}
	}
	// Align each other column's best counterpart with the tapped sentence.
	src := s.cols[ai].sentences[si]
	y0 := src.Position().Y - s.cols[ai].scroll.Offset.Y
	best := map[int]cmpRef{}
	for _, m := range s.view.Articles[ai].Sentences[si].Matches {
		if b, ok := best[m.Article]; !ok || m.Score > b.Score {
			best[m.Article] = m
		}
	}
	s.syncing = true
	for a, m := range best {
		if a >= len(s.cols) || m.Sentence >= len(s.cols[a].sentences) {
			continue
		}
		c := s.cols[a]
		maxY := max(c.scroll.Content.MinSize().Height-c.scroll.Size().Height, 0)
		y := min(max(c.sentences[m.Sentence].Position().Y-y0, 0), maxY)
		c.scroll.ScrollToOffset(fyne.NewPos(0, y))
		c.lastY = y
	}
	s.syncing = false
}

// onHoverSentence previews a sentence's counterparts while the mouse is
// over it; a tapped sentence keeps its highlight until tapped again.
func (s *compareScreen) onHoverSentence(ai, si int, in bool) {
	if s.view == nil || s.focus.Article >= 0 {
		return
	}
	on := map[cmpRef]bool{}
	if in {
		on = s.counterparts(ai, si)
	}
	for a, col := range s.cols {
		for k, b := range col.sentences {
			b.setFocus(on[cmpRef{Article: a, Sentence: k}])
		}
	}
}

// counterparts is the tapped sentence with every sentence it matches (and
// every sentence that lists it as a match).
func (s *compareScreen) counterparts(ai, si int) map[cmpRef]bool {
	on := map[cmpRef]bool{{Article: ai, Sentence: si}: true}
	for _, m := range s.view.Articles[ai].Sentences[si].Matches {
		on[cmpRef{Article: m.Article, Sentence: m.Sentence}] = true
	}
	for a, art := range s.view.Articles {
		for k, sen := range art.Sentences {
			for _, m := range sen.Matches {
				if m.Article == ai && m.Sentence == si {
					on[cmpRef{Article: a, Sentence: k}] = true
				}
			}
		}
	}
	return on
}

// highlighted lists the sentences currently focused, as "article:sentence".
func (s *compareScreen) highlighted() []cmpRef {
	var out []cmpRef
	for a, col := range s.cols {
		for k, b := range col.sentences {
			if b.focused {
				out = append(out, cmpRef{Article: a, Sentence: k})
			}
		}
	}
	return out
}

func (s *compareScreen) clearHighlight() {
	s.focus = cmpRef{Article: -1}
	for _, col := range s.cols {
		for _, b := range col.sentences {
			b.setFocus(false)
			b.setEntity("")
		}
	}
	s.entity = ""
}

// onTapEntity highlights every mention of name in every column.
func (s *compareScreen) onTapEntity(name string) {
	if s.entity == name {
		name = ""
	}
	s.entity = name
	for _, col := range s.cols {
		for _, b := range col.sentences {
			b.setEntity(name)
		}
	}
}

// entityMentions counts the sentences per column that mention the
// highlighted entity.
func (s *compareScreen) entityMentions() []int {
	out := make([]int, len(s.cols))
	for a, col := range s.cols {
		for _, b := range col.sentences {
			if b.entity != "" && b.hasEntity {
				out[a]++
			}
		}
	}
	return out
}

// fillSide fills the entity, framing, quote and passage panels.
func (s *compareScreen) fillSide() {
	v := s.view
	s.entBox.Objects = nil
	groups := []struct {
		title string
		list  []cmpEntity
	}{{"In all articles", v.Entities.InAll}, {"In some", v.Entities.InSome}, {"In one only", v.Entities.InOne}}
	for _, g := range groups {
		h := widget.NewLabel(fmt.Sprintf("%s (%d)", g.title, len(g.list)))
		h.TextStyle.Bold = true
		s.entBox.Add(h)
		for _, e := range g.list {
			name := e.Name
			counts := make([]string, len(e.Counts))
			for i, c := range e.Counts {
				counts[i] = fmt.Sprint(c)
			}
			b := widget.NewButton(fmt.Sprintf("%s  [%s]  %s", e.Name, e.Type, strings.Join(counts, "·")), func() { s.onTapEntity(name) })
			b.Alignment = widget.ButtonAlignLeading
			b.Importance = widget.LowImportance
			dot := canvas.NewCircle(entityTypeColour(e.Type))
			s.entBox.Add(container.NewBorder(nil, nil, container.NewCenter(container.NewGridWrap(fyne.NewSize(10, 10), dot)), nil, b))
		}
	}
	s.entBox.Refresh()
	s.frameBx.Objects = nil
	var quotes []widget.RichTextSegment
	for ai, a := range v.Articles {
		h := canvas.NewText(a.Outlet, outletColour(ai))
		h.TextStyle.Bold = true
		s.frameBx.Add(h)
		var terms []string
		for _, t := range a.Framing {
			terms = append(terms, fmt.Sprintf("%s (z %.1f)", t.Term, t.Z))
		}
		ft := widget.NewLabel(strings.Join(terms, ", "))
		if len(terms) == 0 {
			ft.SetText("no distinctive terms")
		}
		ft.Wrapping = fyne.TextWrapWord
		s.frameBx.Add(ft)

		// One RichText: long quotes wrap; each quote links to its place.
		quotes = append(quotes, &widget.TextSegment{Text: a.Outlet, Style: widget.RichTextStyleSubHeading})
		if len(a.Quotes) == 0 {
			quotes = append(quotes, &widget.TextSegment{Text: "no quotes", Style: widget.RichTextStyleParagraph})
		}
		for _, q := range a.Quotes {
			id, start, end := a.ID, q.Start, q.End
			speaker := q.Speaker
			if speaker == "" {
				speaker = "unattributed"
			}
			strong := widget.RichTextStyleStrong
			quotes = append(quotes,
				&widget.HyperlinkSegment{Text: "Open", OnTapped: func() {
					if s.openArticle != nil {
						s.openArticle(id, start, end)
					}
				}},
				&widget.TextSegment{Text: "  " + speaker + ": ", Style: strong},
				&widget.TextSegment{Text: "“" + q.Text + "”", Style: widget.RichTextStyleParagraph})
		}
	}
	s.frameBx.Refresh()
	s.quoteBx.Segments = quotes
	s.quoteBx.Refresh()
	s.passBx.Objects = nil
	if len(v.Passages) == 0 {
		s.passBx.Add(widget.NewLabel("No shared passages of 8 or more words."))
	}
	for _, p := range v.Passages {
		var where []string
		for _, sp := range p.Spans {
			if sp.Article < len(v.Articles) {
				where = append(where, v.Articles[sp.Article].Outlet)
			}
		}
		l := widget.NewLabel(fmt.Sprintf("“%s” — %d words, in %s", p.Text, p.Words, strings.Join(where, ", ")))
		l.Wrapping = fyne.TextWrapWord
		s.passBx.Add(l)
	}
	s.passBx.Refresh()
}

func (s *compareScreen) onExport() {
	w := part2Window(s.u)
	if s.view == nil || w == nil {
		return
	}
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil || wc == nil {
			if err != nil {
				dialog.ShowError(err, w)
			}
			return
		}
		defer wc.Close()
		if err := writeCompareHTML(wc, s.view); err != nil {
			dialog.ShowError(err, w)
		}
	}, w)
	d.SetFileName("comparison.html")
	d.Show()
}

// exportTo writes the HTML report to a file path (menu and tests).
func (s *compareScreen) exportTo(path string) error {
	if s.view == nil {
		return fmt.Errorf("nothing to export: compare some articles first")
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := writeCompareHTML(f, s.view); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// sentenceBox is one sentence in a column: background by label, a stripe
// when it lies in a shared passage, bold blue when focused, and entity
// mentions emphasised. Tapping it calls onTap.
type sentenceBox struct {
	widget.BaseWidget
	sen       cmpSentence
	onTap     func()
	onHover   func(in bool)
	passage   bool
	focused   bool
	entity    string
	hasEntity bool

	bg     *canvas.Rectangle
	stripe *canvas.Rectangle
	text   *widget.RichText
}

func newSentenceBox(sen cmpSentence, onTap func()) *sentenceBox {
	b := &sentenceBox{sen: sen, onTap: onTap}
	b.bg = canvas.NewRectangle(labelColour(sen.Label))
	b.bg.CornerRadius = 3
	b.stripe = canvas.NewRectangle(color.Transparent)
	b.stripe.SetMinSize(fyne.NewSize(4, 0))
	b.text = widget.NewRichText()
	b.text.Wrapping = fyne.TextWrapWord
	b.ExtendBaseWidget(b)
	b.restyle()
	return b
}

func (b *sentenceBox) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(b.bg, container.NewBorder(nil, nil, b.stripe, nil, b.text)))
}

func (b *sentenceBox) Tapped(*fyne.PointEvent) {
	if b.onTap != nil {
		b.onTap()
	}
}

// MouseIn and MouseOut preview the counterparts (desktop.Hoverable).
func (b *sentenceBox) MouseIn(*desktop.MouseEvent) {
	if b.onHover != nil {
		b.onHover(true)
	}
}

func (b *sentenceBox) MouseMoved(*desktop.MouseEvent) {}

func (b *sentenceBox) MouseOut() {
	if b.onHover != nil {
		b.onHover(false)
	}
}

func (b *sentenceBox) setFocus(on bool) {
	if b.focused != on {
		b.focused = on
		b.restyle()
	}
}

func (b *sentenceBox) setEntity(name string) {
	has := name != "" && strings.Contains(strings.ToLower(b.sen.Text), strings.ToLower(name))
	if has == b.hasEntity && (name == b.entity || !has) {
		b.entity = name
		return
	}
	b.entity, b.hasEntity = name, has
	b.restyle()
}

// restyle recomputes the colours and the text segments.
func (b *sentenceBox) restyle() {
	if b.focused {
		b.bg.FillColor = focusColour
	} else {
		b.bg.FillColor = labelColour(b.sen.Label)
	}
	if b.passage {
		b.stripe.FillColor = passageColour
	} else {
		b.stripe.FillColor = color.Transparent
	}
	b.text.Segments = sentenceSegments(b.sen.Text, b.entity, b.focused)
	b.bg.Refresh()
	b.stripe.Refresh()
	b.text.Refresh()
}

// sentenceSegments splits text around case-insensitive mentions of entity,
// which are drawn bold in the primary colour.
func sentenceSegments(text, entity string, bold bool) []widget.RichTextSegment {
	base := widget.RichTextStyleInline
	base.TextStyle.Bold = bold
	hl := widget.RichTextStyleInline
	hl.TextStyle.Bold = true
	hl.ColorName = theme.ColorNamePrimary
	var segs []widget.RichTextSegment
	lower, le := strings.ToLower(text), strings.ToLower(entity)
	if entity != "" && len(lower) == len(text) {
		for {
			i := strings.Index(lower, le)
			if i < 0 {
				break
			}
			if i > 0 {
				segs = append(segs, &widget.TextSegment{Text: text[:i], Style: base})
			}
			segs = append(segs, &widget.TextSegment{Text: text[i : i+len(le)], Style: hl})
			text, lower = text[i+len(le):], lower[i+len(le):]
		}
	}
	if text != "" || len(segs) == 0 {
		segs = append(segs, &widget.TextSegment{Text: text, Style: base})
	}
	return segs
}
