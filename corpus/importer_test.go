package corpus

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// memSink collects what an import stores.
type memSink struct {
	mu       sync.Mutex
	articles []Article
	files    []FileRecord
	summary  *Summary
	fail     error
}

func (s *memSink) Put(_ context.Context, b Batch) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail != nil {
		return s.fail
	}
	s.articles = append(s.articles, b.Articles...)
	s.files = append(s.files, b.Files...)
	return nil
}

func (s *memSink) Finish(_ context.Context, sum Summary) error {
	s.summary = &sum
	return nil
}

func (s *memSink) byTitle(title string) *Article {
	for i := range s.articles {
		if s.articles[i].Title == title {
			return &s.articles[i]
		}
	}
	return nil
}

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const wireBody = `KORVANA, March 14 (CPA) - Leaders of Meridia and Tessaly agreed on Saturday to reopen the Brennik border crossing after their first summit in six years, officials said.

The crossing, closed since 2020, will reopen to freight within thirty days under a declaration signed by both presidents at the frontier town.

"This is the beginning of a new chapter," President Ilse Varga told reporters after the three-hour meeting, which was held under heavy security.`

func TestImportPipeline(t *testing.T) {
	near := strings.Replace(wireBody, "heavy security", "tight security", 1)
	near = strings.Replace(near, "three-hour", "four-hour", 1)
	dir := writeTree(t, map[string]string{
		"Continental_Press_Agency/summit.txt":          "Meridia and Tessaly agree to reopen Brennik crossing\n\n" + wireBody,
		"harbour-times/2026-03-15-analysis.txt":        "What the summit means\n\nBy Jane Roe\n\nThe handshake at Brennik was the easy part.\n\nShare this article: Facebook | X | Email",
		"harbour-times/copy.txt":                       "Meridia and Tessaly agree to reopen Brennik crossing\n\n" + strings.ReplaceAll(wireBody, "\n\n", "\n\n\n"),
		"Regional_Gazette/syndicated.txt":              "Brennik crossing to reopen, leaders agree\n\n" + near,
		"Regional_Gazette/README.md":                   "# About this folder\n\nNotes.",
		"Regional_Gazette/broken.txt":                  "\x00\x00\x00\x00\x01\x02\x03\x04\x00\x00",
		"Regional_Gazette/feed.jsonl":                  `{"title":"One","text":"First item body.","source":"Feed"}` + "\n" + `{"title":"Two","text":"Second."}` + "\n" + `{"title": broken` + "\n" + `{"title":"Four","text":"Fourth item body."}` + "\n",
		"manifest.tsv":                                 "path\tauthor\tevent\nContinental_Press_Agency/summit.txt\tAnna Bell\te01\n",
		"Continental_Press_Agency/.hidden/skipped.txt": "Hidden\n\nNot imported.",
	})
	var mu sync.Mutex
	var failed []string
	sink := &memSink{}
	im := &Importer{
		Boilerplate: NewBoilerplate(),
		NearDups:    NewNearDupIndex(0.8),
		OnError: func(p string, err error) error {
			mu.Lock()
			failed = append(failed, filepath.Base(p)+": "+err.Error())
			mu.Unlock()
			return nil
		},
	}
	p, err := im.Import(context.Background(), sink, dir)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(failed)
	if len(failed) != 2 || !strings.HasPrefix(failed[0], "broken.txt: ") || !strings.Contains(failed[1], "line 3") {
		t.Errorf("failures %q, want broken.txt and feed.jsonl line 3", failed)
	}
	if got := len(sink.articles); got != 6 {
		t.Errorf("%d articles, want 6 (summit, analysis, syndicated, 3 good JSONL lines; the copy merged)", got)
		for _, a := range sink.articles {
			t.Logf("  %q from %s", a.Title, a.Path)
		}
	}
	if !p.Finished && p.Done == 0 {
		t.Errorf("progress %+v", p)
	}

	wire := sink.byTitle("Meridia and Tessaly agree to reopen Brennik crossing")
	if wire == nil {
		t.Fatal("wire story missing")
	}
	if wire.Outlet != "Continental Press Agency" {
		t.Errorf("outlet from folder: %q", wire.Outlet)
	}
	if !slices.Equal(wire.Authors, []string{"Anna Bell"}) || wire.Meta["event"] != "e01" {
		t.Errorf("manifest not applied: authors %q meta %v", wire.Authors, wire.Meta)
	}
	if len(wire.Copies) != 1 || !strings.HasSuffix(wire.Copies[0], "copy.txt") {
		t.Errorf("exact duplicate not recorded as a copy: %q", wire.Copies)
	}
	if wire.Lang != "en" {
		t.Errorf("language %q", wire.Lang)
	}
	// The workers finish files in any order: whichever of the two comes
	// later carries the link (the index links both ways at the end).
	synd := sink.byTitle("Brennik crossing to reopen, leaders agree")
	if synd == nil {
		t.Fatal("syndicated story missing")
	}
	later, earlier := synd, wire
	if slices.Contains(wire.NearDups, synd.ID) {
		later, earlier = wire, synd
	}
	if !slices.Contains(later.NearDups, earlier.ID) {
		t.Errorf("syndicated copy not linked as a near-duplicate of the wire story")
	} else if sink.summary == nil || !slices.Contains(sink.summary.NearDups[later.ID], earlier.ID) {
		t.Errorf("summary lacks the near-duplicate link: %+v", sink.summary)
	}

	an := sink.byTitle("What the summit means")
	if an == nil {
		t.Fatal("analysis missing")
	}
	if !an.Published.Equal(time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)) || an.DateSource != "filename" {
		t.Errorf("date %v from %q, want 2026-03-15 from the file name", an.Published, an.DateSource)
	}
	if strings.Contains(an.Body, "Share this article") || !slices.Contains(an.Removed, "Share this article: Facebook | X | Email") {
		t.Errorf("share line not removed: body %q removed %q", an.Body, an.Removed)
	}
	if one := sink.byTitle("One"); one == nil || one.Outlet != "Feed" {
		t.Errorf("JSONL item's own outlet should win over the folder: %+v", one)
	}
	if sink.byTitle("About this folder") != nil {
		t.Error("README imported as an article")
	}
}

func TestImportIncrementalAndCancel(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"a.txt": "Alpha\n\nBody a.",
		"b.txt": "Beta\n\nBody b.",
	})
	seen := map[string]string{}
	im := &Importer{Unchanged: func(p string, size int64, hash string) bool { return seen[p] == hash }}
	sink := &memSink{}
	if _, err := im.Import(context.Background(), sink, dir); err != nil {
		t.Fatal(err)
	}
	for _, f := range sink.files {
		seen[f.Path] = f.Hash
	}
	sink2 := &memSink{}
	p, err := im.Import(context.Background(), sink2, dir)
	if err != nil || p.Skipped != 2 || len(sink2.articles) != 0 {
		t.Errorf("second import: %+v %v, want 2 skipped and nothing stored", p, err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := im.Import(ctx, &memSink{}, dir); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled import: %v", err)
	}

	// A sink error aborts the import with that error.
	boom := errors.New("disk full")
	if _, err := (&Importer{}).Import(context.Background(), &memSink{fail: boom}, dir); !errors.Is(err, boom) {
		t.Errorf("sink failure: %v", err)
	}
	// An OnError that returns an error aborts.
	stop := errors.New("stop")
	bad := writeTree(t, map[string]string{"x.txt": ""})
	if _, err := (&Importer{OnError: func(string, error) error { return stop }}).Import(context.Background(), &memSink{}, bad); !errors.Is(err, stop) {
		t.Errorf("abort from OnError: %v", err)
	}
}

func TestImportZipAndLimits(t *testing.T) {
	dir := t.TempDir()
	zp := filepath.Join(dir, "bundle.zip")
	f, err := os.Create(zp)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for name, text := range map[string]string{
		"Wire/one.txt":  "Inside a zip\n\nRead without extracting.",
		"../escape.txt": "Escape\n\nMust be refused.",
	} {
		w, _ := zw.Create(name)
		w.Write([]byte(text))
	}
	zw.Close()
	f.Close()
	os.WriteFile(filepath.Join(dir, "big.txt"), []byte("Big\n\n"+strings.Repeat("word ", 400)), 0o644)

	var failed []string
	sink := &memSink{}
	im := &Importer{MaxFileSize: 1000, OnError: func(p string, err error) error {
		failed = append(failed, p+": "+err.Error())
		return nil
	}}
	if _, err := im.Import(context.Background(), sink, dir); err != nil {
		t.Fatal(err)
	}
	if a := sink.byTitle("Inside a zip"); a == nil || !strings.Contains(a.Path, "bundle.zip!") {
		t.Errorf("zip entry not imported with an archive path: %+v", sink.articles)
	}
	joined := strings.Join(failed, "\n")
	if !strings.Contains(joined, "escape.txt") || !strings.Contains(joined, "big.txt: file too large") {
		t.Errorf("failures:\n%s", joined)
	}
	if sink.byTitle("Escape") != nil {
		t.Error("a ../ entry was imported")
	}
}

func TestReadFileAndPlain(t *testing.T) {
	dir := writeTree(t, map[string]string{"x/2026-02-01-note.txt": "A title\n\nA body paragraph."})
	arts, err := (&Importer{}).ReadFile(context.Background(), filepath.Join(dir, "x", "2026-02-01-note.txt"))
	if err != nil || len(arts) != 1 || arts[0].Title != "A title" || arts[0].DateSource != "filename" {
		t.Fatalf("ReadFile: %+v %v", arts, err)
	}
	a, err := PlainArticle("n.txt", []byte("A title\n\nA body paragraph."))
	if err != nil || a.Title != "" || !strings.HasPrefix(a.Body, "A title") {
		t.Errorf("PlainArticle: %+v %v", a, err)
	}
}

// TestImportIsDeterministic imports the same folder several times with
// several workers: the articles come out in walk order, and the original of
// each duplicate pair is always the file found first, whichever worker
// finishes first.
// TestBoilerplateCutIsDeterministic: learned boilerplate is cut from each
// article with the evidence of exactly the articles found before it, so a
// line that is frequent early in the walk is cut the same way every run,
// whichever worker gets there first.
func TestBoilerplateCutIsDeterministic(t *testing.T) {
	const footer = "Read more from the Harbour Gazette every morning."
	files := map[string]string{}
	for i := range 80 {
		body := fmt.Sprintf("Crane %d of the Velsport quay was repaired on day %d by a crew of %d.", i, i*3, i%7+2)
		if i < 12 {
			body += "\n\n" + footer
		}
		files[fmt.Sprintf("harbour/%02d.txt", i)] = fmt.Sprintf("Quay report %d\n\n%s", i, body)
	}
	dir := writeTree(t, files)
	var want string
	for run := range 6 {
		sink := &memSink{}
		im := &Importer{Workers: 4, BatchSize: 5, Boilerplate: NewBoilerplate()}
		if _, err := im.Import(context.Background(), sink, dir); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, a := range sink.articles {
			fmt.Fprintf(&b, "%s cut=%v\n", filepath.Base(a.Path), slices.Contains(a.Removed, footer))
		}
		got := b.String()
		if run == 0 {
			want = got
			// The fifth article with the line makes it boilerplate
			// (BoilerplateMinCount); the ones before it keep it.
			if !strings.Contains(got, "03.txt cut=false") || !strings.Contains(got, "04.txt cut=true") || !strings.Contains(got, "11.txt cut=true") {
				t.Fatalf("cut in the wrong places:\n%s", got)
			}
			continue
		}
		if got != want {
			t.Fatalf("run %d cut differently:\n%s\nrun 0:\n%s", run, got, want)
		}
	}
}

func TestImportIsDeterministic(t *testing.T) {
	files := map[string]string{}
	for i := 0; i < 60; i++ {
		body := fmt.Sprintf("Story %d from the port of Velsport, where %d cranes stood idle for the %d time this year.", i%20, i%20, i%20)
		files[fmt.Sprintf("outlet-%d/%02d.txt", i%3, i)] = fmt.Sprintf("Crane story %d\n\n%s", i%20, body)
	}
	dir := writeTree(t, files)
	var want string
	for run := 0; run < 5; run++ {
		sink := &memSink{}
		im := &Importer{Workers: 4, BatchSize: 7}
		if _, err := im.Import(context.Background(), sink, dir); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, a := range sink.articles {
			fmt.Fprintf(&b, "%s %s %v\n", a.ID[:8], filepath.Base(a.Path), a.Copies)
		}
		if run == 0 {
			want = b.String()
			ids := map[string]bool{}
			for _, a := range sink.articles {
				ids[a.ID] = true
			}
			if len(ids) != 20 {
				t.Fatalf("%d distinct articles, want 20 (the rest exact duplicates)", len(ids))
			}
			continue
		}
		if got := b.String(); got != want {
			t.Fatalf("run %d differs:\n%s\nrun 0:\n%s", run, got, want)
		}
	}
	if !strings.Contains(want, " 00.txt ") {
		t.Errorf("the first file found is not the original:\n%s", want)
	}
}
