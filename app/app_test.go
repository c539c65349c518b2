package app

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/parallax-research/parallax/index"
)

// eventually polls cond on the UI goroutine until it holds or 5 s pass.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		ok := false
		fyne.DoAndWait(func() { ok = cond() })
		if ok {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

var fixture = fstest.MapFS{
	"Wire_Service/2026-03-14-summit.txt": {Data: []byte("Summit opens in Korvana\n\nLeaders met at the border summit on Tuesday.")},
	"Wire_Service/2026-03-20-strike.txt": {Data: []byte("Port strike enters second week\n\nDockers in Velsport stayed out.")},
	"The_Paper/2026-03-15-summit.txt":    {Data: []byte("What the summit means\n\nThe border summit was a gamble for both capitals.")},
}

func newTestUI(t *testing.T, deps Deps) (*UI, *index.Corpus) {
	t.Helper()
	c, err := index.Open(filepath.Join(t.TempDir(), "c"), index.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	deps.Corpus = c
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1000, 700))
	var u *UI
	fyne.DoAndWait(func() { u = New(a, w, deps) })
	return u, c
}

func TestSampleLoadsAndSearchShowsHits(t *testing.T) {
	u, c := newTestUI(t, Deps{Sample: fixture, LoadSample: true})
	eventually(t, "the sample import", func() bool { return !u.jobs.busy() && c.Count() == 3 })
	eventually(t, "all articles listed", func() bool { return len(u.search.hits) == 3 })

	test.Type(u.search.entry, "summit")
	u.search.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	eventually(t, "two hits for summit", func() bool { return len(u.search.hits) == 2 })
	var titles []string
	fyne.DoAndWait(func() {
		for _, h := range u.search.hits {
			titles = append(titles, h.Title)
		}
		if got := u.search.count.Text; got != "2 articles match" {
			t.Errorf("count label %q", got)
		}
		if u.status.Text == "" {
			t.Error("empty status line")
		}
	})
	for _, tt := range titles {
		if tt != "Summit opens in Korvana" && tt != "What the summit means" {
			t.Errorf("unexpected hit %q", tt)
		}
	}
	// The first hit is selected and previewed.
	eventually(t, "the preview", func() bool { return u.search.selected != "" && len(u.search.preview.Segments) > 2 })
}

type fakePicker struct{ dir string }

func (f fakePicker) PickFolder(_ fyne.Window, done func(string, error)) { done(f.dir, nil) }

func TestImportFolderReportsFailures(t *testing.T) {
	src := t.TempDir()
	for name, text := range map[string]string{
		"good.txt": "A good article\n\nWith a body.",
		"bad.txt":  "\x00\x00\x00binary",
	} {
		if err := os.WriteFile(filepath.Join(src, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	u, c := newTestUI(t, Deps{Picker: fakePicker{src}})
	fyne.DoAndWait(u.importer.onImportFolder)
	eventually(t, "the import", func() bool { return !u.jobs.busy() && u.importer.last.Finished })
	if c.Count() != 1 {
		t.Errorf("count %d, want 1", c.Count())
	}
	f := u.importer.Failures()
	if len(f) != 1 || filepath.Base(f[0][:len(src)+8]) != "bad.txt" {
		t.Errorf("failures %q, want bad.txt", f)
	}
	res, err := c.Search(context.Background(), index.Query{Text: "good"})
	if err != nil || res.Total != 1 {
		t.Errorf("search after import: %v %v", res, err)
	}
}
