package app

import (
	"slices"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/parallax-research/parallax/index"
)

const maxHistory = 30

// queryBar is the query box above every screen, with syntax help, history
// and saved searches.
type queryBar struct {
	u       *UI
	entry   *queryEntry
	help    *widget.Button
	history *widget.Button
	saved   *widget.Button
	popup   *widget.PopUp
}

// queryEntry is the query box: Escape clears it, and shortcuts the Entry
// does not handle go on to the window.
type queryEntry struct {
	widget.Entry
	onEscape func()
}

func newQueryEntry() *queryEntry {
	e := &queryEntry{}
	e.ExtendBaseWidget(e)
	return e
}

func (e *queryEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	e.Entry.TypedKey(ev)
}

func newQueryBar(u *UI) *queryBar {
	b := &queryBar{u: u, entry: newQueryEntry()}
	b.entry.SetPlaceHolder(`Search: words, "phrases", +must -not, outlet:"Harbour Times", published:>="2026-03-01"   (Ctrl+F)`)
	b.entry.SetText(u.query.Text)
	b.entry.OnSubmitted = func(text string) {
		u.setQueryText(text)
		if u.tabs.Selected() == u.tabByNum[screenLibrary] {
			u.showScreen(screenSearch)
		}
	}
	b.entry.onEscape = func() {
		if b.entry.Text != "" {
			u.onClear()
		} else {
			u.onEscape()
		}
	}
	b.help = widget.NewButtonWithIcon("", theme.QuestionIcon(), b.onHelp)
	b.history = widget.NewButtonWithIcon("History", theme.HistoryIcon(), b.onHistory)
	b.saved = widget.NewButtonWithIcon("Saved", theme.ContentAddIcon(), b.onSaved)
	return b
}

func (b *queryBar) build() fyne.CanvasObject {
	run := widget.NewButtonWithIcon("Search", theme.SearchIcon(), func() { b.entry.OnSubmitted(b.entry.Text) })
	run.Importance = widget.HighImportance
	right := container.NewHBox(run, b.help, b.history, b.saved)
	return container.NewPadded(container.NewBorder(nil, nil, nil, right, b.entry))
}

// syntaxExamples are the help popover's rows: a query and what it does.
var syntaxExamples = [][2]string{
	{`ceasefire`, "articles containing the word (and its forms: ceasefires)"},
	{`"border summit"`, "the exact phrase"},
	{`+summit -opinion`, "must contain summit, must not contain opinion"},
	{`title:strike`, "the word in the title (also body, captions, author)"},
	{`outlet:"Harbour Times"`, "one outlet (the facet sidebar does this with a click)"},
	{`published:>="2026-03-01"`, "published on or after a date (also <, <=, >)"},
	{`summ*`, "wildcard: summit, summer, summary"},
	{`korvana~1`, "fuzzy: one letter may differ (spelling variants)"},
}

// onHelp shows the query syntax popover; clicking an example runs it.
func (b *queryBar) onHelp() {
	rows := []fyne.CanvasObject{widget.NewLabelWithStyle("Query syntax — click an example to try it", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})}
	for _, ex := range syntaxExamples {
		q := ex[0]
		btn := widget.NewButton(q, func() {
			b.hidePopup()
			b.u.setQueryText(q)
		})
		btn.Alignment = widget.ButtonAlignLeading
		btn.Importance = widget.LowImportance
		rows = append(rows, container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(230, btn.MinSize().Height), btn), nil, widget.NewLabel(ex[1])))
	}
	rows = append(rows, widget.NewLabel("Facet clicks filter; Shift+click or right-click excludes. Esc clears."))
	b.showPopup(container.NewVBox(rows...), b.help)
}

func (b *queryBar) showPopup(content fyne.CanvasObject, under fyne.CanvasObject) {
	b.hidePopup()
	c := b.u.win.Canvas()
	b.popup = widget.NewPopUp(container.NewPadded(content), c)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(under)
	pos.Y += under.Size().Height
	size := b.popup.MinSize()
	if pos.X+size.Width > c.Size().Width {
		pos.X = max(0, c.Size().Width-size.Width)
	}
	b.popup.ShowAtPosition(pos)
}

func (b *queryBar) hidePopup() {
	if b.popup != nil {
		b.popup.Hide()
		b.popup = nil
	}
}

// remember puts a query at the top of the history.
func (b *queryBar) remember(q string) {
	if q == "" {
		return
	}
	h := b.historyList()
	h = slices.DeleteFunc(h, func(s string) bool { return s == q })
	h = append([]string{q}, h...)
	if len(h) > maxHistory {
		h = h[:maxHistory]
	}
	b.u.prefs.SetStringList(prefHistory, h)
}

func (b *queryBar) historyList() []string { return b.u.prefs.StringList(prefHistory) }

// onHistory shows the recent queries as a menu under the History button.
func (b *queryBar) onHistory() {
	var items []*fyne.MenuItem
	for _, q := range b.historyList() {
		items = append(items, fyne.NewMenuItem(q, func() { b.u.setQueryText(q) }))
	}
	if len(items) == 0 {
		items = append(items, &fyne.MenuItem{Label: "No queries yet", Disabled: true})
	} else {
		items = append(items, fyne.NewMenuItemSeparator(), fyne.NewMenuItem("Clear history", func() {
			b.u.prefs.SetStringList(prefHistory, nil)
		}))
	}
	b.menuUnder(b.history, items)
}

func (b *queryBar) menuUnder(o fyne.CanvasObject, items []*fyne.MenuItem) {
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	pos.Y += o.Size().Height
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), b.u.win.Canvas(), pos)
}

// savedSearches lists the corpus's saved searches by name.
func (b *queryBar) savedSearches() []index.SavedSearch {
	out, err := b.u.corpus.SavedSearches()
	if err != nil {
		fyne.LogError("reading saved searches", err)
	}
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name) })
	return out
}

// saveSearch stores (or replaces) a named query in the corpus.
func (b *queryBar) saveSearch(name, query string) error {
	return b.u.corpus.SaveSearch(name, query)
}

func (b *queryBar) deleteSearch(name string) error { return b.u.corpus.DeleteSearch(name) }

// onSaved shows the saved searches as a menu: run one, save the current
// query, or manage them.
func (b *queryBar) onSaved() {
	var items []*fyne.MenuItem
	for _, s := range b.savedSearches() {
		items = append(items, fyne.NewMenuItem(s.Name+"  —  "+s.Query, func() { b.u.setQueryText(s.Query) }))
	}
	if len(items) > 0 {
		items = append(items, fyne.NewMenuItemSeparator())
	}
	items = append(items, fyne.NewMenuItem("Save current query…", b.onSave))
	if len(items) > 1 {
		items = append(items, fyne.NewMenuItem("Delete a saved search…", b.onManageSaved))
	}
	b.menuUnder(b.saved, items)
}

// onSave asks for a name and saves the current query text.
func (b *queryBar) onSave() {
	q := strings.TrimSpace(b.entry.Text)
	if q == "" {
		dialog.ShowInformation("Save search", "Type a query first; the saved search reruns it.", b.u.win)
		return
	}
	name := widget.NewEntry()
	name.SetText(q)
	dialog.ShowForm("Save search", "Save", "Cancel", []*widget.FormItem{
		widget.NewFormItem("Name", name), widget.NewFormItem("Query", widget.NewLabel(q)),
	}, func(ok bool) {
		if ok {
			if err := b.saveSearch(name.Text, q); err != nil {
				dialog.ShowError(err, b.u.win)
			}
		}
	}, b.u.win)
}

// onManageSaved lets the user delete saved searches.
func (b *queryBar) onManageSaved() {
	list := b.savedSearches()
	names := make([]string, len(list))
	for i, s := range list {
		names[i] = s.Name
	}
	sel := widget.NewSelect(names, nil)
	dialog.ShowCustomConfirm("Delete a saved search", "Delete", "Cancel", sel, func(ok bool) {
		if ok && sel.Selected != "" {
			if err := b.deleteSearch(sel.Selected); err != nil {
				dialog.ShowError(err, b.u.win)
			}
		}
	}, b.u.win)
}
