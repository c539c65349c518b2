package app

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/parallax-research/parallax/corpus"
)

// previewPane shows one article: title, outlet, date, URL, authors; the
// body with the query's terms highlighted and entities coloured by type;
// captions, removed boilerplate and metadata in collapsible sections; and
// actions.
type previewPane struct {
	u     *UI
	title *widget.Label
	meta  *widget.Label
	link  *widget.Hyperlink
	body  *fyne.Container // one flowText per paragraph
	// bodySegs is the body as rich-text segments (what body shows).
	bodySegs []widget.RichTextSegment
	extras   *widget.Accordion
	message  *widget.Label
	openBtn  *widget.Button
	citeBtn  *widget.Button
	scroll   *container.Scroll
	content  *fyne.Container

	article        *corpus.Article
	relayoutQueued bool
}

func newPreviewPane(u *UI) *previewPane {
	p := &previewPane{u: u}
	p.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.title.Wrapping = fyne.TextWrapWord
	p.title.SizeName = theme.SizeNameSubHeadingText
	p.meta = widget.NewLabel("")
	p.meta.Wrapping = fyne.TextWrapWord
	p.meta.TextStyle.Italic = true
	p.link = widget.NewHyperlink("", nil)
	p.link.Truncation = fyne.TextTruncateEllipsis
	p.body = container.NewVBox()
	p.extras = widget.NewAccordion()
	p.extras.MultiOpen = true
	p.message = widget.NewLabel("")
	p.message.Wrapping = fyne.TextWrapWord
	p.openBtn = widget.NewButtonWithIcon("Open source file", theme.FileIcon(), p.onOpenSource)
	p.citeBtn = widget.NewButtonWithIcon("Copy citation", theme.ContentCopyIcon(), p.onCopyCitation)
	return p
}

func (p *previewPane) build() fyne.CanvasObject {
	sameEvent := widget.NewButtonWithIcon("Same-event coverage", theme.SearchIcon(), func() {
		if p.article != nil {
			p.u.compare.onFindSameEvent(p.article.ID)
		}
	})
	compareWith := widget.NewButtonWithIcon("Compare with…", theme.ViewRestoreIcon(), func() {
		if p.article != nil {
			p.u.compare.onCompareWith(p.article.ID)
		}
	})
	// The actions wrap onto a second row in a narrow preview, so that they
	// never squeeze the results list beside it.
	actions := container.NewGridWrap(fyne.NewSize(190, p.citeBtn.MinSize().Height), p.openBtn, p.citeBtn, sameEvent, compareWith)
	p.content = container.NewVBox(p.title, p.meta, p.link, actions, widget.NewSeparator(), p.body, p.extras)
	p.scroll = container.NewVScroll(container.NewStack(p.content, p.message))
	p.clear("")
	return p.scroll
}

// clear empties the preview, showing msg instead.
func (p *previewPane) clear(msg string) {
	p.article = nil
	p.content.Hide()
	p.message.SetText(msg)
	p.message.Show()
}

// show loads and shows the article id (terms highlighted; at is a byte
// offset in the body to scroll to and mark, -1 for none).
func (p *previewPane) show(id string, terms []string, at int) {
	a, err := p.u.corpus.Article(id)
	if err != nil {
		p.clear(err.Error())
		return
	}
	p.article = a
	p.message.Hide()
	p.content.Show()
	p.title.SetText(a.Title)
	p.meta.SetText(articleMeta(a))
	if u, err := url.Parse(a.URL); err == nil && a.URL != "" && u.Scheme != "" {
		p.link.SetText(a.URL)
		p.link.SetURL(u)
		p.link.Show()
	} else {
		p.link.Hide()
	}
	segs, spotPara := fieldSegments(a.Body, "body", terms, a.Entities, at, widget.RichTextStyleParagraph)
	p.bodySegs = segs
	p.body.Objects = p.flow(segs)
	p.body.Refresh()
	p.openBtn.Disable()
	if sourceFile(a) != "" {
		p.openBtn.Enable()
	}

	open := map[string]bool{}
	for _, it := range p.extras.Items {
		open[it.Title] = it.Open
	}
	var items []*widget.AccordionItem
	if len(a.Captions) > 0 {
		caps := strings.Join(a.Captions, "\n\n")
		cs, _ := fieldSegments(caps, "captions", terms, a.Entities, -1, widget.RichTextStyleParagraph)
		items = append(items, widget.NewAccordionItem(fmt.Sprintf("Captions (%d)", len(a.Captions)), container.NewVBox(p.flow(cs)...)))
	}
	if len(a.Removed) > 0 {
		l := widget.NewLabel(strings.Join(a.Removed, "\n"))
		l.Wrapping = fyne.TextWrapWord
		l.Importance = widget.LowImportance
		items = append(items, widget.NewAccordionItem(fmt.Sprintf("Removed boilerplate (%d lines)", len(a.Removed)), l))
	}
	items = append(items, widget.NewAccordionItem("Details", detailsForm(a)))
	for _, it := range items {
		it.Open = open[it.Title]
	}
	p.extras.Items = items
	p.extras.Refresh()
	p.scroll.ScrollToTop()
	if spotPara > 0 {
		// Scroll to the marked paragraph once the text is laid out.
		n := strings.Count(a.Body, "\n\n") + 1
		p.scroll.Offset.Y = p.body.Position().Y + p.body.MinSize().Height*float32(spotPara)/float32(n) - 40
		p.scroll.Refresh()
	}
}

// flow turns segments into wrapped paragraphs that keep the scroll's
// size right when their height changes with the width.
func (p *previewPane) flow(segs []widget.RichTextSegment) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, words := range flowParagraphs(segs) {
		f := newFlowText(words)
		f.onHeight = p.relayout
		out = append(out, f)
	}
	return out
}

// relayout refreshes the preview's layout once after paragraphs changed height.
func (p *previewPane) relayout() {
	if p.relayoutQueued {
		return
	}
	p.relayoutQueued = true
	go p.u.do(func() {
		p.relayoutQueued = false
		p.content.Refresh()
		p.scroll.Refresh()
	})
}

func articleMeta(a *corpus.Article) string {
	parts := []string{a.Outlet}
	if a.Dated() {
		parts = append(parts, a.Published.Format("Monday 2 January 2006"))
	} else {
		parts = append(parts, "undated")
	}
	if len(a.Authors) > 0 {
		parts = append(parts, "by "+strings.Join(a.Authors, ", "))
	}
	if n, ok := langNames[a.Lang]; ok {
		parts = append(parts, n)
	}
	return strings.Join(parts, " · ")
}

// detailsForm lists the article's provenance and custom metadata.
func detailsForm(a *corpus.Article) fyne.CanvasObject {
	rows := [][2]string{{"Source", a.Path}, {"Format", a.Format}, {"Id", a.ID}}
	if a.DateSource != "" {
		rows = append(rows, [2]string{"Date from", a.DateSource})
	}
	if len(a.Copies) > 0 {
		rows = append(rows, [2]string{"Identical copies", strings.Join(a.Copies, "\n")})
	}
	keys := make([]string, 0, len(a.Meta))
	for k := range a.Meta {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		rows = append(rows, [2]string{k, a.Meta[k]})
	}
	var items []*widget.FormItem
	for _, r := range rows {
		v := widget.NewLabel(r[1])
		v.Wrapping = fyne.TextWrapBreak
		items = append(items, widget.NewFormItem(r[0], v))
	}
	return widget.NewForm(items...)
}

// sourceFile is the file on disk the article came from, or "" (built-in
// sample, missing file). For an archive entry it is the archive.
func sourceFile(a *corpus.Article) string {
	for _, p := range []string{a.Source.Path, a.Path} {
		if p == "" {
			continue
		}
		if i := strings.IndexByte(p, '!'); i > 0 {
			p = p[:i]
		}
		if i := strings.LastIndexByte(p, '#'); i > 0 {
			p = p[:i]
		}
		if filepath.IsAbs(p) {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	return ""
}

func (p *previewPane) onOpenSource() {
	if p.article == nil {
		return
	}
	f := sourceFile(p.article)
	if f == "" {
		return
	}
	u := &url.URL{Scheme: "file", Path: filepath.ToSlash(f)}
	if err := p.u.app.OpenURL(u); err != nil {
		p.u.status.setDetail("Cannot open " + f + ": " + err.Error())
	}
}

func (p *previewPane) onCopyCitation() {
	if p.article == nil {
		return
	}
	p.u.app.Clipboard().SetContent(citation(p.article))
}

// citation is a reference to an article: authors, title, outlet, date, URL.
func citation(a *corpus.Article) string {
	var b strings.Builder
	if len(a.Authors) > 0 {
		b.WriteString(strings.Join(a.Authors, ", ") + ". ")
	}
	fmt.Fprintf(&b, "“%s”. %s", strings.TrimSpace(a.Title), a.Outlet)
	if a.Dated() {
		b.WriteString(", " + a.Published.Format("2 January 2006"))
	}
	b.WriteString(".")
	if a.URL != "" {
		b.WriteString(" " + a.URL)
	} else if a.Path != "" {
		b.WriteString(" [" + a.Path + "]")
	}
	return b.String()
}
