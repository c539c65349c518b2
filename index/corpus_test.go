package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parallax-research/parallax/corpus"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func importDir(t *testing.T, c *Corpus, dir string) (corpus.Progress, []string) {
	t.Helper()
	var failed []string
	im := c.NewImporter(nil, func(p string, err error) {
		failed = append(failed, filepath.Base(p)+": "+err.Error())
	})
	p, err := im.Import(context.Background(), c, dir)
	if err != nil {
		t.Fatal(err)
	}
	return p, failed
}

func TestImportSearchReopen(t *testing.T) {
	src, dir := t.TempDir(), filepath.Join(t.TempDir(), "corpus")
	writeFiles(t, src, map[string]string{
		"Wire/a.txt":  "Summit opens in Korvana\n\nLeaders met at the border summit on Tuesday.",
		"Wire/b.txt":  "Port strike enters second week\n\nDockers in Velsport stayed out.",
		"Paper/c.txt": "Analysis: what the summit means\n\nThe border summit was a gamble.",
		"Paper/d.txt": "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa\x00\x00\x00\x00IEND",
		"Paper/e.txt": "Summit opens in Korvana\n\nLeaders   met at the border summit on Tuesday.", // exact duplicate of a.txt
		"Paper/f.txt": "",
	})
	c, err := Open(dir, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	p, failed := importDir(t, c, src)
	if p.Failed != 2 || len(failed) != 2 {
		t.Errorf("failed = %d %v, want the binary and the empty file", p.Failed, failed)
	}
	if got := c.Count(); got != 3 {
		t.Errorf("Count = %d, want 3 (duplicate stored once)", got)
	}
	res, err := c.Search(context.Background(), Query{Text: "summit"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 2 {
		t.Fatalf("summit: %d hits, want 2: %+v", res.Total, res.Hits)
	}
	for _, h := range res.Hits {
		if h.Outlet != "Wire" && h.Outlet != "Paper" {
			t.Errorf("outlet %q from folder", h.Outlet)
		}
		if !strings.Contains(strings.ToLower(h.Snippet), "summit") {
			t.Errorf("snippet %q lacks the term", h.Snippet)
		}
	}
	if _, err := c.Search(context.Background(), Query{Text: `title:"summit`}); err == nil {
		t.Error("malformed query accepted")
	}
	log, _ := c.ImportLog()
	if len(log) != 2 {
		t.Errorf("import log has %d entries, want 2", len(log))
	}

	// A second open while the first holds the corpus fails at once.
	if _, err := Open(dir, Options{}); !errors.Is(err, ErrInUse) {
		t.Errorf("second open: %v, want ErrInUse", err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}

	// Reopen; a re-import skips unchanged files.
	c, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	p, _ = importDir(t, c, src)
	if p.Imported != 0 || c.Count() != 3 {
		t.Errorf("re-import: imported %d, count %d; want 0 and 3", p.Imported, c.Count())
	}
	// A changed file replaces its article.
	writeFiles(t, src, map[string]string{"Wire/b.txt": "Port strike ends\n\nDockers in Velsport went back to work."})
	importDir(t, c, src)
	if res, _ := c.Search(context.Background(), Query{Text: "title:ends"}); res.Total != 1 || c.Count() != 3 {
		t.Errorf("after change: %d hits for the new title, count %d", res.Total, c.Count())
	}
	if res, _ := c.Search(context.Background(), Query{Text: "title:week"}); res.Total != 0 {
		t.Errorf("old version still found")
	}
}

func TestOpenRefusesForeignDir(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)
	if _, err := Open(dir, Options{Create: true}); err == nil || !strings.Contains(err.Error(), "not a Parallax corpus") {
		t.Errorf("foreign dir: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, markerFile)); err == nil {
		t.Error("foreign dir was written to")
	}
}

func TestChangedMultiArticleFileDropsRemovedItems(t *testing.T) {
	src, dir := t.TempDir(), filepath.Join(t.TempDir(), "corpus")
	writeFiles(t, src, map[string]string{
		"feed.jsonl": `{"title":"One","text":"First body."}` + "\n" + `{"title":"Two","text":"Second body."}` + "\n",
	})
	c, err := Open(dir, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	importDir(t, c, src)
	if c.Count() != 2 {
		t.Fatalf("count %d, want 2", c.Count())
	}
	writeFiles(t, src, map[string]string{"feed.jsonl": `{"title":"One","text":"First body."}` + "\n"})
	importDir(t, c, src)
	if c.Count() != 1 {
		t.Errorf("after the file lost an item: count %d, want 1", c.Count())
	}
	if res, _ := c.Search(context.Background(), Query{Text: "title:two"}); res.Total != 0 {
		t.Errorf("the removed item is still found")
	}
}
