package index

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/parallax-research/parallax/corpus"
)

// A relevance page found by score alone, then ordered by score and _id
// (run), is the page of the full order (score, then _id), with the same
// search-after keys and total: with ties inside the page, across its ends
// and beyond the hits asked for by score (the full request then runs).
func TestRunMatchesFullOrder(t *testing.T) {
	var arts []corpus.Article
	for i := 0; i < 90; i++ {
		// Groups of articles with the same text score the same; ids in an
		// order unrelated to the order of indexing.
		g := i % 13
		body := strings.Repeat("summit ", 1+g%4) + strings.Repeat("filler words here ", 1+g)
		if i >= 60 {
			body = "summit tied " + strings.Repeat("other ", 5) // 30 articles, one score
		}
		arts = append(arts, corpus.Article{ID: fmt.Sprintf("%02x-%d", (i*37)%97, i), Path: fmt.Sprintf("p/%d.txt", i),
			Outlet: "Daily", Title: "t", Body: body, Lang: "en", Format: "txt"})
	}
	c, err := Open(filepath.Join(t.TempDir(), "c"), Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	for _, part := range [][]corpus.Article{arts[:40], arts[40:]} {
		if err := c.Put(ctx, corpus.Batch{Articles: part}); err != nil {
			t.Fatal(err)
		}
	}
	for _, text := range []string{"summit", "summit filler", "tied", "summit -tied", "nothing"} {
		for _, from := range []int{0, 1, 5, 17, 40, 85, 200} {
			for _, size := range []int{1, 3, 7, 20} {
				q := Query{Text: text, From: from, Size: size, NoSnippets: true}
				cq, err := c.compileQuery(q)
				if err != nil {
					t.Fatal(err)
				}
				req, err := c.request(cq, q, size)
				if err != nil {
					t.Fatal(err)
				}
				want, err := c.idx.SearchInContext(ctx, req)
				if err != nil {
					t.Fatal(err)
				}
				got, err := c.run(ctx, cq, q, req)
				if err != nil {
					t.Fatal(err)
				}
				label := fmt.Sprintf("%q from %d size %d", text, from, size)
				if got.Total != want.Total {
					t.Errorf("%s: total %d, want %d", label, got.Total, want.Total)
				}
				if len(got.Hits) != len(want.Hits) {
					t.Errorf("%s: %d hits, want %d", label, len(got.Hits), len(want.Hits))
					continue
				}
				for i := range got.Hits {
					g, w := got.Hits[i], want.Hits[i]
					if g.ID != w.ID || g.Score != w.Score || !slices.Equal(sortKey(g), sortKey(w)) {
						t.Errorf("%s: hit %d is %s %v %v, want %s %v %v", label, i, g.ID, g.Score, sortKey(g), w.ID, w.Score, sortKey(w))
					}
				}
			}
		}
	}
}
