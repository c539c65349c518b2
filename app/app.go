package app

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/parallax-research/parallax/index"
)

// Screen numbers, as in Ctrl+1…6.
const (
	screenLibrary  = 1
	screenSearch   = 2
	screenStories  = 3
	screenCompare  = 4
	screenEntities = 5
	screenTimeline = 6
)

// Preference keys (Fyne preferences, under the app ID from FyneApp.toml).
const (
	prefWidth        = "window.width"
	prefHeight       = "window.height"
	prefLastCorpus   = "corpus.last"
	prefRecent       = "corpus.recent"
	prefLastQuery    = "query.last"
	prefHistory      = "query.history"
	prefSplitFacets  = "split.facets"
	prefSplitPreview = "split.preview"
)

// UI is the main window's state: the shell around the screens.
type UI struct {
	app    fyne.App
	win    fyne.Window
	deps   Deps
	prefs  fyne.Preferences
	picker Picker

	// corpus is the open corpus; query the current query (text, filters,
	// sort). Both are read and written on the UI goroutine only.
	corpus Corpus
	query  index.Query

	tabs      *container.AppTabs
	tabByNum  map[int]*container.TabItem
	queryBar  *queryBar
	status    *statusBar
	jobs      *jobs
	library   *libraryScreen
	search    *searchScreen
	kwic      *kwicScreen
	timeline  *timelineScreen
	stories   *storiesScreen
	compare   *compareScreen
	entities  *entitiesScreen
	importer  *importController
	corpora   *corporaController
	exporter  *exportController
	shortcuts []fyne.Shortcut
	// closed is set by Shutdown: late background results are dropped.
	closed bool
}

// New builds the main window's content for deps on w.
func New(a fyne.App, w fyne.Window, deps Deps) *UI {
	u := &UI{app: a, win: w, deps: deps, picker: deps.Picker, corpus: deps.Corpus, prefs: a.Preferences()}
	if u.picker == nil {
		u.picker = fynePicker{}
	}
	a.Settings().SetTheme(newTheme(a.Settings().Theme()))
	u.query.Text = u.prefs.String(prefLastQuery)
	u.jobs = newJobs(u)
	u.status = newStatusBar(u)
	u.queryBar = newQueryBar(u)
	u.search = newSearchScreen(u)
	u.kwic = newKWICScreen(u)
	u.timeline = newTimelineScreen(u)
	u.library = newLibraryScreen(u)
	part2 := newPart2Source(func() part2Index { ix, _ := u.corpus.(part2Index); return ix })
	u.stories = newStoriesScreen(u, part2)
	u.compare = newCompareScreen(u, part2)
	u.entities = newEntitiesScreen(u, part2)
	u.compare.reveal = func() { u.showScreen(screenCompare) }
	u.stories.openCompare = u.compare.compareIDs
	u.importer = newImportController(u)
	u.corpora = newCorporaController(u)
	u.exporter = newExportController(u)
	w.SetContent(u.build())
	w.SetMainMenu(u.menu())
	u.addShortcuts()
	w.SetOnDropped(u.importer.onDropped)
	w.SetCloseIntercept(func() {
		u.savePrefs()
		w.Close()
	})
	if wd, ht := u.prefs.Float(prefWidth), u.prefs.Float(prefHeight); wd >= 400 && ht >= 300 {
		w.Resize(fyne.NewSize(float32(wd), float32(ht)))
	}
	u.corpora.remember(u.corpus.Dir())
	u.refreshStatus()
	if deps.LoadSample && deps.Sample != nil && u.corpus.Count() == 0 {
		u.importer.importSample()
	} else {
		u.queryChanged()
	}
	return u
}

// Corpus is the corpus open now (it changes when the user switches).
func (u *UI) Corpus() Corpus { return u.corpus }

// Shutdown saves the preferences and cancels background work; main calls
// it after the window closed, before closing the corpus.
func (u *UI) Shutdown() {
	u.savePrefs()
	u.closed = true
	u.jobs.onCancel()
	u.jobs.wait()
}

// LastCorpus is the corpus directory the previous session had open, or "".
func LastCorpus(a fyne.App) string {
	d := a.Preferences().String(prefLastCorpus)
	if d == "" {
		return ""
	}
	if _, err := os.Stat(d); err != nil {
		return ""
	}
	return d
}

func (u *UI) build() fyne.CanvasObject {
	library := container.NewTabItemWithIcon("Library", theme.StorageIcon(), u.library.build())
	search := container.NewTabItemWithIcon("Search", theme.SearchIcon(), u.search.build())
	stories := container.NewTabItemWithIcon("Stories", theme.ListIcon(), u.stories.build())
	compare := container.NewTabItemWithIcon("Compare", theme.ViewRestoreIcon(), u.compare.build())
	entities := container.NewTabItemWithIcon("Entities", theme.AccountIcon(), u.entities.build())
	timeline := container.NewTabItemWithIcon("Timeline", theme.HistoryIcon(), u.timeline.build())
	u.tabByNum = map[int]*container.TabItem{screenLibrary: library, screenSearch: search, screenStories: stories,
		screenCompare: compare, screenEntities: entities, screenTimeline: timeline}
	u.tabs = container.NewAppTabs(library, search, stories, compare, entities, timeline)
	u.tabs.SetTabLocation(container.TabLocationLeading)
	u.tabs.Select(search)
	u.tabs.OnSelected = func(t *container.TabItem) {
		switch t {
		case timeline:
			u.timeline.onShown()
		case library:
			u.library.onShown()
		case search:
			u.search.onShown()
		case stories:
			u.stories.onShown()
		case entities:
			u.entities.onShown()
		}
	}
	return container.NewBorder(u.queryBar.build(), u.status.build(), nil, nil, u.tabs)
}

// showScreen switches to screen n (Ctrl+n); numbers of screens not in this
// version do nothing.
func (u *UI) showScreen(n int) {
	if t := u.tabByNum[n]; t != nil {
		u.tabs.Select(t)
	}
}

func (u *UI) menu() *fyne.MainMenu {
	ctrl := fyne.KeyModifierShortcutDefault
	item := func(label string, key fyne.KeyName, mod fyne.KeyModifier, action func()) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, action)
		if key != "" {
			it.Shortcut = &desktop.CustomShortcut{KeyName: key, Modifier: mod}
		}
		return it
	}
	recent := fyne.NewMenuItem("Open Recent", nil)
	for _, d := range u.corpora.recent() {
		dir := d
		recent.ChildMenu = appendMenu(recent.ChildMenu, fyne.NewMenuItem(corpusLabel(dir), func() { u.corpora.open(dir) }))
	}
	if recent.ChildMenu == nil {
		recent.Disabled = true
	}
	export := fyne.NewMenuItem("Export Results", nil)
	export.ChildMenu = fyne.NewMenu("",
		item("CSV…", fyne.KeyE, ctrl, func() { u.exporter.onExport("csv") }),
		item("JSON Lines…", "", 0, func() { u.exporter.onExport("jsonl") }),
	)
	file := fyne.NewMenu("File",
		fyne.NewMenuItem("New Corpus…", u.corpora.onNew),
		fyne.NewMenuItem("Corpora…", u.corpora.onManage),
		recent,
		fyne.NewMenuItemSeparator(),
		item("Import Folder…", fyne.KeyO, ctrl, u.importer.onImportFolder),
		fyne.NewMenuItem("Import Files…", u.importer.onImportFiles),
		fyne.NewMenuItemSeparator(),
		export,
	)
	view := fyne.NewMenu("View",
		item("Library", fyne.Key1, ctrl, func() { u.showScreen(screenLibrary) }),
		item("Search", fyne.Key2, ctrl, func() { u.showScreen(screenSearch) }),
		item("Stories", fyne.Key3, ctrl, func() { u.showScreen(screenStories) }),
		item("Compare", fyne.Key4, ctrl, func() { u.showScreen(screenCompare) }),
		item("Entities", fyne.Key5, ctrl, func() { u.showScreen(screenEntities) }),
		item("Timeline", fyne.Key6, ctrl, func() { u.showScreen(screenTimeline) }),
		fyne.NewMenuItemSeparator(),
		item("Results", fyne.KeyR, ctrl|fyne.KeyModifierShift, u.search.onShowResults),
		item("Concordance (KWIC)", fyne.KeyK, ctrl, u.search.onShowKWIC),
	)
	searchMenu := fyne.NewMenu("Search",
		item("Find", fyne.KeyF, ctrl, u.onFocusSearch),
		fyne.NewMenuItem("Save Search…", u.queryBar.onSave),
		fyne.NewMenuItem("Saved Searches…", u.queryBar.onSaved),
		fyne.NewMenuItem("History…", u.queryBar.onHistory),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Clear Query and Filters", u.onClear),
	)
	help := fyne.NewMenu("Help",
		fyne.NewMenuItem("Query Syntax", u.queryBar.onHelp),
		fyne.NewMenuItem("Keyboard Shortcuts", u.onShortcutsHelp),
	)
	return fyne.NewMainMenu(file, view, searchMenu, help)
}

func appendMenu(m *fyne.Menu, it *fyne.MenuItem) *fyne.Menu {
	if m == nil {
		return fyne.NewMenu("", it)
	}
	m.Items = append(m.Items, it)
	return m
}

// addShortcuts registers the menu's shortcuts on the canvas too, so they
// work where no menu bar catches them (and in the headless tests).
func (u *UI) addShortcuts() {
	c := u.win.Canvas()
	for _, s := range u.shortcuts {
		c.RemoveShortcut(s)
	}
	u.shortcuts = nil
	for _, m := range u.win.MainMenu().Items {
		for _, it := range allItems(m.Items) {
			if it.Shortcut == nil || it.Action == nil {
				continue
			}
			action := it.Action
			c.AddShortcut(it.Shortcut, func(fyne.Shortcut) { action() })
			u.shortcuts = append(u.shortcuts, it.Shortcut)
		}
	}
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if ev.Name == fyne.KeyEscape {
			u.onEscape()
		}
	})
}

func allItems(items []*fyne.MenuItem) []*fyne.MenuItem {
	var out []*fyne.MenuItem
	for _, it := range items {
		out = append(out, it)
		if it.ChildMenu != nil {
			out = append(out, allItems(it.ChildMenu.Items)...)
		}
	}
	return out
}

// rebuildMenu refreshes the menu (recent corpora changed).
func (u *UI) rebuildMenu() {
	u.win.SetMainMenu(u.menu())
	u.addShortcuts()
}

// onFocusSearch is Ctrl+F: focus the query box, its text selected.
func (u *UI) onFocusSearch() {
	u.win.Canvas().Focus(u.queryBar.entry)
	u.queryBar.entry.TypedShortcut(&fyne.ShortcutSelectAll{})
}

// onEscape closes the open popover or import sheet, else clears what is
// narrowing the view: first the filters, then the query text.
func (u *UI) onEscape() {
	switch {
	case u.queryBar.popup != nil && u.queryBar.popup.Visible():
		u.queryBar.hidePopup()
	case u.importer.sheet != nil && u.importer.sheet.phase != "running":
		u.importer.sheet.close()
	case len(u.query.Filters) > 0:
		u.setFilters(nil)
	case u.query.Text != "":
		u.onClear()
	}
}

// onClear empties the query and the filters.
func (u *UI) onClear() {
	u.queryBar.entry.SetText("")
	u.query.Text, u.query.Filters = "", nil
	u.queryChanged()
}

func (u *UI) onShortcutsHelp() {
	rows := [][2]string{
		{"Ctrl+F", "focus the query box"}, {"Enter", "run the query"}, {"Esc", "clear the filters, then the query"},
		{"Ctrl+O", "import a folder"}, {"Ctrl+E", "export the results as CSV"},
		{"Ctrl+1 … 6", "Library / Search / Stories / Compare / Entities / Timeline"}, {"Ctrl+K", "concordance (KWIC)"},
		{"Ctrl+Shift+R", "result list"},
	}
	var objs []fyne.CanvasObject
	for _, r := range rows {
		k := widget.NewLabelWithStyle(r[0], fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
		objs = append(objs, k, widget.NewLabel(r[1]))
	}
	showInfo(u.win, "Keyboard shortcuts", container.NewGridWithColumns(2, objs...))
}

// setQueryText runs a new query text (from the query box, history or a saved search).
func (u *UI) setQueryText(text string) {
	text = strings.TrimSpace(text)
	if u.queryBar.entry.Text != text {
		u.queryBar.entry.SetText(text)
	}
	u.query.Text = text
	u.queryBar.remember(text)
	u.prefs.SetString(prefLastQuery, text)
	u.queryChanged()
}

// setFilters replaces the facet filters and reruns the query.
func (u *UI) setFilters(f []index.Filter) {
	u.query.Filters = f
	u.queryChanged()
}

// addFilter adds or toggles one filter.
func (u *UI) addFilter(f index.Filter) {
	out := make([]index.Filter, 0, len(u.query.Filters)+1)
	found := false
	for _, g := range u.query.Filters {
		if g.Field == f.Field && g.Value == f.Value {
			found = true
			if g.Exclude == f.Exclude {
				continue // the same click again removes it
			}
			out = append(out, f)
			continue
		}
		out = append(out, g)
	}
	if !found {
		out = append(out, f)
	}
	u.setFilters(out)
}

// queryChanged reruns every view of the current query: the result list at
// once, the concordance and the timeline when they are (or next become)
// visible.
func (u *UI) queryChanged() {
	u.search.run()
	u.kwic.invalidate()
	u.timeline.invalidate()
	u.entities.followQuery(u.query)
}

// corpusChanged redraws everything after an import or a corpus switch.
func (u *UI) corpusChanged() {
	u.refreshStatus()
	u.library.invalidate()
	u.stories.invalidate()
	u.compare.invalidate()
	u.entities.invalidate()
	u.queryChanged()
}

// refreshStatus recomputes the status line off the UI goroutine (Stats
// reads every article).
func (u *UI) refreshStatus() { u.status.refresh() }

func (u *UI) savePrefs() {
	if s := u.win.Canvas().Size(); s.Width >= 400 && s.Height >= 300 {
		u.prefs.SetFloat(prefWidth, float64(s.Width))
		u.prefs.SetFloat(prefHeight, float64(s.Height))
	}
	u.prefs.SetString(prefLastCorpus, u.corpus.Dir())
	u.prefs.SetString(prefLastQuery, u.query.Text)
	u.search.savePrefs()
}

// corpusLabel is how a corpus directory is named in menus.
func corpusLabel(dir string) string {
	return filepath.Base(dir) + "  (" + shortenHome(filepath.Dir(dir)) + ")"
}

func shortenHome(p string) string {
	if h := homeDir(); h != "/" && strings.HasPrefix(p, h) {
		return "~" + p[len(h):]
	}
	return p
}

func homeDir() string {
	if h, err := os.UserHomeDir(); err == nil {
		return h
	}
	return "/"
}

func countLabel(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%s %s", thousands(n), many)
}

// thousands formats n with thin separators: 12,345.
func thousands(n int) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func oneLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// corpusName is the open corpus's name: its folder's name, which a rename
// changes (the name recorded at creation does not follow renames).
func (u *UI) corpusName() string {
	if d := u.corpus.Dir(); d != "" {
		return filepath.Base(d)
	}
	return u.corpus.Name()
}
