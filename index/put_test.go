package index

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/parallax-research/parallax/corpus"
)

// TestPutIndexesAsStored covers the articles Put indexes from memory
// rather than from the store: new ones, a duplicate id within the batch
// (the store keeps the first with a copy), ids already stored, and a later
// batch that re-imports a file. The index must agree with the store after
// each.
func TestPutIndexesAsStored(t *testing.T) {
	c, err := Open(filepath.Join(t.TempDir(), "c"), Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	art := func(id, path, body string) corpus.Article {
		return corpus.Article{ID: id, Path: path, Outlet: "Test", Title: "T " + id, Body: body, Lang: "en", Format: "txt"}
	}
	b1 := corpus.Batch{
		Articles: []corpus.Article{art("a", "/s/a.txt", "alpha summit"), art("b", "/s/b.txt", "beta summit"), art("a", "/s/a2.txt", "alpha summit")},
		Files: []corpus.FileRecord{{Path: "/s/a.txt", IDs: []string{"a"}}, {Path: "/s/b.txt", IDs: []string{"b"}},
			{Path: "/s/a2.txt", IDs: []string{"a"}}},
	}
	if err := c.Put(ctx, b1); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, c, "first batch")
	if a, err := c.Article("a"); err != nil || a.Path != "/s/a.txt" || len(a.Copies) != 1 {
		t.Fatalf("article a: %+v, %v", a, err)
	}
	// Stored ids again (one with a new body under the same path) and a new one.
	b2 := corpus.Batch{Articles: []corpus.Article{art("b", "/s/b.txt", "beta summit changed"), art("c", "/s/c.txt", "gamma")},
		Files: []corpus.FileRecord{{Path: "/s/c.txt", IDs: []string{"c"}}}}
	if err := c.Put(ctx, b2); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, c, "second batch")
	// A re-imported file that no longer yields its article.
	b3 := corpus.Batch{Files: []corpus.FileRecord{{Path: "/s/c.txt", Err: "no text"}}}
	if err := c.Put(ctx, b3); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, c, "third batch")
	if n, _ := c.idx.DocCount(); n != 2 {
		t.Errorf("index holds %d documents, want 2", n)
	}
	res, err := c.Search(ctx, Query{Text: "changed"})
	if err != nil || res.Total != 1 {
		t.Errorf("search for the changed body: %+v, %v", res, err)
	}
}
