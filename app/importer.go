package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/parallax-research/parallax/corpus"
)

// importFailure is one file an import could not read.
type importFailure struct{ Path, Reason string }

// importController runs imports for the UI: the import sheet for folders
// and files the user picks or drops, and the sample corpus at first start.
type importController struct {
	u     *UI
	sheet *importSheet // the open sheet, if any

	mu       sync.Mutex
	failures []importFailure // of the running or last import
	last     corpus.Progress
}

func newImportController(u *UI) *importController { return &importController{u: u} }

// onImportFolder asks for a folder, then shows the import sheet for it.
func (ic *importController) onImportFolder() {
	ic.u.pick(func(p Picker, done func(string, error)) { p.PickFolder(ic.u.win, done) }, func(dir string) {
		ic.showSheet(dir)
	})
}

// onImportFiles asks for a file (an article file, a JSONL/CSV collection or
// a zip archive), then shows the import sheet for it.
func (ic *importController) onImportFiles() {
	ic.u.pick(func(p Picker, done func(string, error)) { p.PickFile(ic.u.win, "Import file into Parallax", done) }, func(f string) {
		ic.showSheet(f)
	})
}

// onDropped imports folders and files dropped onto the window.
func (ic *importController) onDropped(_ fyne.Position, uris []fyne.URI) {
	var paths []string
	for _, u := range uris {
		if u.Scheme() == "file" {
			paths = append(paths, u.Path())
		}
	}
	if len(paths) > 0 {
		ic.showSheet(paths...)
	}
}

// importSample loads the built-in sample corpus (first start), with
// progress in the status bar only.
func (ic *importController) importSample() {
	ic.run("Loading the sample corpus", func(ctx context.Context, im *corpus.Importer) (corpus.Progress, error) {
		return im.ImportFS(ctx, ic.u.corpus, ic.u.deps.Sample, "sample:")
	}, nil, nil)
}

// run starts an import job: configure adjusts the importer, finished runs
// on the UI goroutine at the end (after the screens were refreshed).
func (ic *importController) run(what string, work func(context.Context, *corpus.Importer) (corpus.Progress, error),
	configure func(*corpus.Importer), finished func(corpus.Progress, error)) bool {
	ic.mu.Lock()
	ic.failures = nil
	ic.mu.Unlock()
	c := ic.u.corpus
	started := ic.u.jobs.start(what, func(ctx context.Context, counters *corpus.Counters) (corpus.Progress, error) {
		im := c.NewImporter(counters, func(path string, err error) {
			ic.mu.Lock()
			ic.failures = append(ic.failures, importFailure{Path: path, Reason: err.Error()})
			ic.mu.Unlock()
		})
		if configure != nil {
			configure(im)
		}
		return work(ctx, im)
	}, func(p corpus.Progress, err error) {
		ic.mu.Lock()
		ic.last = p
		ic.mu.Unlock()
		ic.u.corpusChanged()
		if finished != nil {
			finished(p, err)
		} else if err != nil && !errors.Is(err, context.Canceled) {
			dialog.ShowError(err, ic.u.win)
		}
	})
	if !started {
		dialog.ShowInformation("Busy", "Another import is running; wait for it or cancel it first.", ic.u.win)
	}
	return started
}

// Failures returns the failures of the last import.
func (ic *importController) Failures() []importFailure {
	ic.mu.Lock()
	defer ic.mu.Unlock()
	return append([]importFailure(nil), ic.failures...)
}

// formatScan is what a folder holds, counted before importing it.
type formatScan struct {
	Formats  map[string]int // article format → files
	Archives int            // zip archives (read during the import)
	Other    int            // files that are not articles
	Files    int
	Bytes    int64
	Outlets  bool   // the root's children are folders: outlet = folder
	Manifest string // a manifest found at the root
	Capped   bool
}

const scanMaxFiles = 500000

// scanPaths counts the files under paths by format, as the importer will
// see them (hidden files and folders skipped).
func scanPaths(ctx context.Context, paths []string) (formatScan, error) {
	s := formatScan{Formats: map[string]int{}}
	head := make([]byte, 4096)
	count := func(p string, size int64) {
		s.Files++
		s.Bytes += size
		name := filepath.Base(p)
		if strings.EqualFold(filepath.Ext(name), ".zip") {
			s.Archives++
			return
		}
		f, ok := corpus.Sniff(name, nil)
		if !ok || filepath.Ext(name) == "" {
			if fh, err := os.Open(p); err == nil {
				n, _ := io.ReadFull(fh, head)
				fh.Close()
				f, ok = corpus.Sniff(name, head[:n])
			}
		}
		if ok {
			s.Formats[f]++
		} else {
			s.Other++
		}
	}
	for _, root := range paths {
		st, err := os.Stat(root)
		if err != nil {
			return s, err
		}
		if !st.IsDir() {
			count(root, st.Size())
			continue
		}
		if len(paths) == 1 {
			s.Outlets = childFolders(root)
			for _, n := range []string{"manifest.tsv", "manifest.csv", "metadata.tsv", "metadata.csv"} {
				if _, err := os.Stat(filepath.Join(root, n)); err == nil {
					s.Manifest = filepath.Join(root, n)
					break
				}
			}
		}
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // unreadable parts are reported by the import itself
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if strings.HasPrefix(d.Name(), ".") && p != root {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() || !d.Type().IsRegular() {
				return nil
			}
			if p != root && filepath.Dir(p) == root && s.Manifest == p {
				return nil
			}
			info, err := d.Info()
			if err == nil {
				count(p, info.Size())
			}
			if s.Files >= scanMaxFiles {
				s.Capped = true
				return filepath.SkipAll
			}
			return nil
		})
		if err != nil {
			return s, err
		}
	}
	return s, nil
}

// childFolders reports whether dir's children are mostly folders (the
// importer's own rule for outlet = first folder level).
func childFolders(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	dirs, files := 0, 0
	for _, e := range entries {
		switch {
		case strings.HasPrefix(e.Name(), "."):
		case e.IsDir():
			dirs++
		default:
			files++
		}
	}
	return dirs > 0 && dirs >= files
}

// summary is "txt 1,204 · html 88 · 2 zip archives · 17 other files".
func (s formatScan) summary() string {
	var parts []string
	keys := make([]string, 0, len(s.Formats))
	for k := range s.Formats {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return s.Formats[keys[i]] > s.Formats[keys[j]] })
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %s", strings.ToUpper(k), thousands(s.Formats[k])))
	}
	if s.Archives > 0 {
		parts = append(parts, countLabel(s.Archives, "zip archive", "zip archives"))
	}
	if s.Other > 0 {
		parts = append(parts, countLabel(s.Other, "other file (not imported)", "other files (not imported)"))
	}
	if len(parts) == 0 {
		return "No files found."
	}
	out := strings.Join(parts, " · ")
	out += fmt.Sprintf("\n%s, %s", countLabel(s.Files, "file", "files"), byteSize(s.Bytes))
	if s.Capped {
		out += " (counting stopped at " + thousands(scanMaxFiles) + ")"
	}
	return out
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// importSheet is the import dialog: first the setup (root, detected
// formats, outlet toggle, manifest), then the progress, then the outcome
// with the failures table.
type importSheet struct {
	ic    *importController
	dlg   *dialog.CustomDialog
	paths []string
	phase string // setup, running, done

	root      *widget.Label
	formats   *widget.Label
	outlet    *widget.Check
	manifest  *widget.Entry
	startBtn  *widget.Button
	scanStop  context.CancelFunc
	bar       *widget.ProgressBar
	line      *widget.Label
	counts    *widget.Label
	summary   *widget.Label
	table     *widget.Table
	failures  []importFailure
	setupBox  *fyne.Container
	runBox    *fyne.Container
	doneBox   *fyne.Container
	cancelBtn *widget.Button
}

// showSheet opens the import sheet for paths.
func (ic *importController) showSheet(paths ...string) {
	if ic.u.jobs.busy() {
		dialog.ShowInformation("Busy", "Another import is running; wait for it or cancel it first.", ic.u.win)
		return
	}
	s := &importSheet{ic: ic, paths: paths, phase: "setup"}
	ic.sheet = s
	s.root = widget.NewLabel(strings.Join(paths, "\n"))
	s.root.Wrapping = fyne.TextWrapBreak
	s.formats = widget.NewLabel("Counting files…")
	s.formats.Wrapping = fyne.TextWrapWord
	s.outlet = widget.NewCheck("Outlet = first folder level (e.g. Harbour_Times/… → “Harbour Times”)", nil)
	s.manifest = widget.NewEntry()
	s.manifest.SetPlaceHolder("optional: a CSV/TSV file with a path column and title, outlet, date, url, author…")
	browse := widget.NewButtonWithIcon("", theme.FolderOpenIcon(), func() {
		ic.u.pick(func(p Picker, done func(string, error)) { p.PickFile(ic.u.win, "Metadata manifest", done) }, s.manifest.SetText)
	})
	form := widget.NewForm(
		widget.NewFormItem("Import", s.root),
		widget.NewFormItem("Found", s.formats),
		widget.NewFormItem("Outlets", s.outlet),
		widget.NewFormItem("Manifest", container.NewBorder(nil, nil, nil, browse, s.manifest)),
	)
	s.startBtn = widget.NewButtonWithIcon("Import", theme.DownloadIcon(), s.onStart)
	s.startBtn.Importance = widget.HighImportance
	s.setupBox = container.NewVBox(form)

	s.bar = widget.NewProgressBar()
	s.line = widget.NewLabel("Starting…")
	s.counts = widget.NewLabel("")
	s.runBox = container.NewVBox(s.bar, s.line, s.counts)
	s.runBox.Hide()

	s.summary = widget.NewLabel("")
	s.summary.Wrapping = fyne.TextWrapWord
	s.table = widget.NewTable(
		func() (int, int) { return len(s.failures), 2 },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			if id.Row >= len(s.failures) {
				return
			}
			f := s.failures[id.Row]
			if id.Col == 0 {
				o.(*widget.Label).SetText(f.Path)
			} else {
				o.(*widget.Label).SetText(f.Reason)
			}
		})
	s.table.ShowHeaderRow = true
	s.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	s.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		o.(*widget.Label).SetText([]string{"File", "Reason"}[id.Col])
	}
	s.table.SetColumnWidth(0, 420)
	s.table.SetColumnWidth(1, 360)
	tableBox := container.NewGridWrap(fyne.NewSize(800, 240), s.table)
	s.doneBox = container.NewBorder(s.summary, nil, nil, nil, tableBox)
	s.doneBox.Hide()

	cancel := widget.NewButton("Cancel", func() {
		if s.scanStop != nil {
			s.scanStop()
		}
		s.close()
	})
	s.dlg = dialog.NewCustomWithoutButtons("Import into “"+ic.u.corpusName()+"”", container.NewVBox(s.setupBox, s.runBox, s.doneBox), ic.u.win)
	s.dlg.SetButtons([]fyne.CanvasObject{cancel, s.startBtn})
	s.dlg.Resize(fyne.NewSize(860, 420))
	s.dlg.Show()
	s.scan()
}

// scan counts the files by format in the background.
func (s *importSheet) scan() {
	ctx, cancel := context.WithCancel(context.Background())
	s.scanStop = cancel
	paths := s.paths
	go func() {
		res, err := scanPaths(ctx, paths)
		s.ic.u.do(func() {
			if ctx.Err() != nil || s.phase != "setup" {
				return
			}
			if err != nil {
				s.formats.SetText("Cannot read: " + err.Error())
				s.startBtn.Disable()
				return
			}
			s.formats.SetText(res.summary())
			s.outlet.SetChecked(res.Outlets)
			if res.Manifest != "" && s.manifest.Text == "" {
				s.manifest.SetText(res.Manifest)
			}
		})
	}()
}

func (s *importSheet) close() {
	s.dlg.Hide()
	if s.ic.sheet == s {
		s.ic.sheet = nil
	}
}

// onStart begins the import and turns the sheet into its progress view.
func (s *importSheet) onStart() {
	if s.scanStop != nil {
		s.scanStop()
	}
	outlet := corpus.FolderOutletOff
	if s.outlet.Checked {
		outlet = corpus.FolderOutletOn
	}
	manifest := strings.TrimSpace(s.manifest.Text)
	paths := s.paths
	s.ic.u.jobs.listener = s.onProgress
	ok := s.ic.run("Importing "+filepath.Base(paths[0]), func(ctx context.Context, im *corpus.Importer) (corpus.Progress, error) {
		return im.Import(ctx, s.ic.u.corpus, paths...)
	}, func(im *corpus.Importer) {
		im.FolderOutlet = outlet
		im.Manifest = manifest
	}, s.onFinished)
	if !ok {
		s.ic.u.jobs.listener = nil
		return
	}
	s.phase = "running"
	s.setupBox.Hide()
	s.runBox.Show()
	s.cancelBtn = widget.NewButton("Cancel import", s.ic.u.jobs.onCancel)
	s.dlg.SetButtons([]fyne.CanvasObject{
		widget.NewButton("Run in background", func() { s.dlg.Hide() }),
		s.cancelBtn,
	})
}

// onProgress draws a progress report (UI goroutine, ~10 Hz).
func (s *importSheet) onProgress(p corpus.Progress) {
	if p.Finished {
		s.bar.SetValue(1)
	} else {
		s.bar.SetValue(p.Fraction())
	}
	s.line.SetText(progressLine(p))
	s.counts.SetText(fmt.Sprintf("imported %s · skipped %s · failed %s · %s",
		thousands(int(p.Imported)), thousands(int(p.Skipped)), thousands(int(p.Failed)),
		countLabel(int(p.Articles), "article", "articles")))
}

// onFinished shows the outcome and the failures table.
func (s *importSheet) onFinished(p corpus.Progress, err error) {
	s.ic.u.jobs.listener = nil
	s.phase = "done"
	s.onProgress(p)
	s.failures = s.ic.Failures()
	var msg string
	switch {
	case errors.Is(err, context.Canceled):
		msg = fmt.Sprintf("Cancelled after %s; what was imported is kept.", countLabel(int(p.Done), "file", "files"))
	case err != nil:
		msg = "The import stopped: " + err.Error()
	default:
		msg = fmt.Sprintf("Done in %s: imported %s (%s), skipped %s unchanged or not articles, %s failed.",
			clock(p.Elapsed), countLabel(int(p.Imported), "file", "files"), countLabel(int(p.Articles), "article", "articles"),
			thousands(int(p.Skipped)), thousands(int(p.Failed)))
	}
	if len(s.failures) == 0 {
		msg += "\nNo failures."
	} else {
		msg += "\nThese files could not be imported:"
	}
	s.summary.SetText(msg)
	s.doneBox.Show()
	s.table.Refresh()
	copyBtn := widget.NewButtonWithIcon("Copy list", theme.ContentCopyIcon(), func() {
		s.ic.u.app.Clipboard().SetContent(failuresText(s.failures))
	})
	saveBtn := widget.NewButtonWithIcon("Save list…", theme.DocumentSaveIcon(), s.onSaveFailures)
	if len(s.failures) == 0 {
		copyBtn.Disable()
		saveBtn.Disable()
	}
	closeBtn := widget.NewButton("Close", s.close)
	closeBtn.Importance = widget.HighImportance
	s.dlg.SetButtons([]fyne.CanvasObject{copyBtn, saveBtn, closeBtn})
	s.dlg.Show()
}

// failuresText is the failures as tab-separated lines: path, reason.
func failuresText(f []importFailure) string {
	var b strings.Builder
	b.WriteString("path\treason\n")
	for _, x := range f {
		b.WriteString(strings.ReplaceAll(x.Path, "\t", " ") + "\t" + strings.ReplaceAll(oneLine(x.Reason), "\t", " ") + "\n")
	}
	return b.String()
}

func (s *importSheet) onSaveFailures() {
	s.ic.u.pick(func(p Picker, done func(string, error)) {
		p.SaveFile(s.ic.u.win, "Save import failures", "import-failures.tsv", done)
	}, func(path string) {
		if err := os.WriteFile(path, []byte(failuresText(s.failures)), 0o644); err != nil {
			dialog.ShowError(err, s.ic.u.win)
		}
	})
}
