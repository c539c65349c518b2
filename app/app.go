package app

import (
	"fmt"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// UI is the main window's state: the shell around the screens.
type UI struct {
	app    fyne.App
	win    fyne.Window
	deps   Deps
	picker FolderPicker

	status   *widget.Label
	jobs     *jobs
	search   *searchScreen
	importer *importController
}

// New builds the main window's content for deps on w.
func New(a fyne.App, w fyne.Window, deps Deps) *UI {
	u := &UI{app: a, win: w, deps: deps, picker: deps.Picker}
	if u.picker == nil {
		u.picker = fynePicker{}
	}
	u.status = widget.NewLabel("")
	u.jobs = newJobs()
	u.search = newSearchScreen(u)
	u.importer = newImportController(u)
	w.SetContent(u.build())
	w.SetMainMenu(u.menu())
	u.refreshStatus()
	if deps.LoadSample && deps.Sample != nil && deps.Corpus.Count() == 0 {
		u.importer.importSample()
	} else {
		u.search.run()
	}
	return u
}

func (u *UI) build() fyne.CanvasObject {
	importBtn := widget.NewButton("Import folder…", u.importer.onImportFolder)
	top := container.NewBorder(nil, nil, nil, importBtn, u.search.entry)
	bottom := container.NewBorder(nil, nil, u.status, u.jobs.cancel, u.jobs.bar)
	return container.NewBorder(top, bottom, nil, nil, u.search.build())
}

func (u *UI) menu() *fyne.MainMenu {
	file := fyne.NewMenu("File",
		fyne.NewMenuItem("Import folder…", u.importer.onImportFolder),
	)
	return fyne.NewMainMenu(file)
}

// refreshStatus recomputes the status line (on the UI goroutine).
func (u *UI) refreshStatus() {
	c := u.deps.Corpus
	st := c.Stats()
	s := fmt.Sprintf("%s — %d articles from %d outlets", c.Name(), st.Articles, st.Outlets)
	if !st.First.IsZero() {
		s += fmt.Sprintf(", %s to %s", st.First.Format("2 Jan 2006"), st.Last.Format("2 Jan 2006"))
	}
	u.status.SetText(s)
}

func homeDir() string {
	if h, err := os.UserHomeDir(); err == nil {
		return h
	}
	return "/"
}
