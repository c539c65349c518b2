package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

const maxRecent = 8

// markerFile identifies a corpus directory (written by index.Open).
const markerFile = "parallax-corpus.json"

// corporaController creates, opens, renames, deletes and switches corpora,
// and remembers the recent ones.
type corporaController struct {
	u *UI
}

func newCorporaController(u *UI) *corporaController { return &corporaController{u: u} }

// recent lists the recently opened corpora that still exist, newest first.
func (cc *corporaController) recent() []string {
	var out []string
	for _, d := range cc.u.prefs.StringList(prefRecent) {
		if isCorpusDir(d) {
			out = append(out, d)
		}
	}
	return out
}

// remember puts dir at the top of the recent list.
func (cc *corporaController) remember(dir string) {
	r := slices.DeleteFunc(cc.u.prefs.StringList(prefRecent), func(s string) bool { return s == dir })
	r = append([]string{dir}, r...)
	if len(r) > maxRecent {
		r = r[:maxRecent]
	}
	cc.u.prefs.SetStringList(prefRecent, r)
	cc.u.prefs.SetString(prefLastCorpus, dir)
	cc.u.rebuildMenu()
}

func (cc *corporaController) forget(dir string) {
	cc.u.prefs.SetStringList(prefRecent, slices.DeleteFunc(cc.u.prefs.StringList(prefRecent), func(s string) bool { return s == dir }))
	cc.u.rebuildMenu()
}

func isCorpusDir(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, markerFile))
	return err == nil
}

// list is every known corpus: those under CorporaDir and the recent ones.
func (cc *corporaController) list() []string {
	seen := map[string]bool{}
	var out []string
	add := func(d string) {
		if !seen[d] && isCorpusDir(d) {
			seen[d] = true
			out = append(out, d)
		}
	}
	add(cc.u.corpus.Dir())
	if cc.u.deps.CorporaDir != "" {
		entries, _ := os.ReadDir(cc.u.deps.CorporaDir)
		var names []string
		for _, e := range entries {
			if e.IsDir() {
				names = append(names, e.Name())
			}
		}
		sort.Strings(names)
		for _, n := range names {
			add(filepath.Join(cc.u.deps.CorporaDir, n))
		}
	}
	for _, d := range cc.recent() {
		add(d)
	}
	return out
}

// canSwitch says why the corpus cannot change now, or "".
func (cc *corporaController) canSwitch() string {
	switch {
	case cc.u.deps.Open == nil:
		return "This build cannot open other corpora."
	case cc.u.jobs.busy():
		return "An import is running; wait for it or cancel it first."
	}
	return ""
}

// open switches to the corpus in dir (create: make it if missing).
func (cc *corporaController) open(dir string) { cc.openDir(dir, false) }

func (cc *corporaController) openDir(dir string, create bool) bool {
	if dir == cc.u.corpus.Dir() {
		return true
	}
	if why := cc.canSwitch(); why != "" {
		dialog.ShowInformation("Cannot switch corpus", why, cc.u.win)
		return false
	}
	c, err := cc.u.deps.Open(dir, create)
	if err != nil {
		dialog.ShowError(err, cc.u.win)
		return false
	}
	old := cc.u.corpus
	cc.u.corpus = c
	if err := old.Close(); err != nil {
		fyne.LogError("closing corpus "+old.Dir(), err)
	}
	// Filters name values of the old corpus: drop them, keep the text.
	cc.u.query.Filters = nil
	cc.u.search.seen = map[string]bool{}
	cc.remember(c.Dir())
	cc.u.corpusChanged()
	return true
}

// validName checks a corpus name given by the user.
func validName(name string) error {
	switch {
	case strings.TrimSpace(name) == "":
		return errors.New("the corpus needs a name")
	case strings.ContainsAny(name, `/\:*?"<>|`) || strings.HasPrefix(name, "."):
		return errors.New(`a corpus name cannot start with "." or contain / \ : * ? " < > |`)
	}
	return nil
}

// onNew asks for a name and creates a corpus under CorporaDir.
func (cc *corporaController) onNew() {
	if why := cc.canSwitch(); why != "" {
		dialog.ShowInformation("New corpus", why, cc.u.win)
		return
	}
	name := widget.NewEntry()
	name.SetPlaceHolder("e.g. elections-2026")
	name.Validator = validName
	dialog.ShowForm("New corpus", "Create", "Cancel", []*widget.FormItem{
		{Text: "Name", Widget: name, HintText: "A folder of this name under " + shortenHome(cc.u.deps.CorporaDir)},
	}, func(ok bool) {
		if ok {
			cc.create(strings.TrimSpace(name.Text))
		}
	}, cc.u.win)
}

// create makes and opens a new corpus called name.
func (cc *corporaController) create(name string) error {
	if err := validName(name); err != nil {
		dialog.ShowError(err, cc.u.win)
		return err
	}
	dir := filepath.Join(cc.u.deps.CorporaDir, name)
	if _, err := os.Stat(dir); err == nil {
		err := fmt.Errorf("a corpus called %q exists already", name)
		dialog.ShowError(err, cc.u.win)
		return err
	}
	if !cc.openDir(dir, true) {
		return errors.New("not created")
	}
	return nil
}

// rename renames the corpus in dir to name (its folder); the open corpus
// is closed and reopened around the rename.
func (cc *corporaController) rename(dir, name string) error {
	if err := validName(name); err != nil {
		return err
	}
	to := filepath.Join(filepath.Dir(dir), name)
	if _, err := os.Stat(to); err == nil {
		return fmt.Errorf("%s exists already", to)
	}
	current := dir == cc.u.corpus.Dir()
	if current {
		if why := cc.canSwitch(); why != "" {
			return errors.New(why)
		}
		if err := cc.u.corpus.Close(); err != nil {
			return err
		}
	}
	renameErr := os.Rename(dir, to)
	if current {
		reopen := to
		if renameErr != nil {
			reopen = dir
		}
		c, err := cc.u.deps.Open(reopen, false)
		if err != nil {
			return fmt.Errorf("reopening the corpus: %w", err)
		}
		cc.u.corpus = c
		cc.u.corpusChanged()
	}
	if renameErr != nil {
		return renameErr
	}
	cc.forget(dir)
	if current {
		cc.remember(to)
	}
	return nil
}

// remove deletes the corpus in dir (not the open one).
func (cc *corporaController) remove(dir string) error {
	if dir == cc.u.corpus.Dir() {
		return errors.New("this corpus is open: switch to another one before deleting it")
	}
	if !isCorpusDir(dir) {
		return fmt.Errorf("%s is not a Parallax corpus; not deleting it", dir)
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	cc.forget(dir)
	return nil
}

// onManage shows the corpora: open, rename, delete, create.
func (cc *corporaController) onManage() {
	dirs := cc.list()
	selected := -1
	list := widget.NewList(func() int { return len(dirs) },
		func() fyne.CanvasObject {
			return container.NewBorder(nil, nil, widget.NewIcon(theme.StorageIcon()), nil, widget.NewLabel(""))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			label := o.(*fyne.Container).Objects[0].(*widget.Label)
			text := corpusLabel(dirs[id])
			if dirs[id] == cc.u.corpus.Dir() {
				text += "  — open"
			}
			label.SetText(text)
		})
	var d *dialog.CustomDialog
	openBtn := widget.NewButtonWithIcon("Open", theme.FolderOpenIcon(), func() {
		if selected >= 0 && cc.openDir(dirs[selected], false) {
			d.Hide()
		}
	})
	renameBtn := widget.NewButtonWithIcon("Rename…", theme.DocumentCreateIcon(), func() {
		if selected < 0 {
			return
		}
		dir := dirs[selected]
		name := widget.NewEntry()
		name.SetText(filepath.Base(dir))
		name.Validator = validName
		dialog.ShowForm("Rename corpus", "Rename", "Cancel", []*widget.FormItem{widget.NewFormItem("New name", name)}, func(ok bool) {
			if !ok {
				return
			}
			if err := cc.rename(dir, strings.TrimSpace(name.Text)); err != nil {
				dialog.ShowError(err, cc.u.win)
				return
			}
			d.Hide()
		}, cc.u.win)
	})
	deleteBtn := widget.NewButtonWithIcon("Delete…", theme.DeleteIcon(), func() {
		if selected < 0 {
			return
		}
		dir := dirs[selected]
		dialog.ShowConfirm("Delete corpus?", fmt.Sprintf("Delete the corpus “%s” and its index from\n%s?\n\nThe source files you imported are not touched.", filepath.Base(dir), dir),
			func(ok bool) {
				if !ok {
					return
				}
				if err := cc.remove(dir); err != nil {
					dialog.ShowError(err, cc.u.win)
					return
				}
				d.Hide()
			}, cc.u.win)
	})
	deleteBtn.Importance = widget.DangerImportance
	for _, b := range []*widget.Button{openBtn, renameBtn, deleteBtn} {
		b.Disable()
	}
	list.OnSelected = func(id widget.ListItemID) {
		selected = id
		openBtn.Enable()
		renameBtn.Enable()
		deleteBtn.Enable()
		if dirs[id] == cc.u.corpus.Dir() {
			openBtn.Disable()
			deleteBtn.Disable()
		}
	}
	newBtn := widget.NewButtonWithIcon("New…", theme.ContentAddIcon(), func() {
		d.Hide()
		cc.onNew()
	})
	content := container.NewBorder(nil, container.NewHBox(newBtn, openBtn, renameBtn, deleteBtn), nil, nil,
		container.NewGridWrap(fyne.NewSize(560, 260), list))
	d = dialog.NewCustom("Corpora", "Close", content, cc.u.win)
	d.Show()
}
