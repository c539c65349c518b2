package index

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parallax-research/parallax/corpus"
)

// The data-driven search tests, in the style of Bleve's integration suite:
// testdata/search/articles.json is a small corpus written for the tests and
// testdata/search/searches.json lists queries with what they must return.

type testArticle struct {
	corpus.Article
	Published string `json:"published"`
}

// searchCase is one entry of searches.json.
type searchCase struct {
	Name    string   `json:"name"`
	Query   string   `json:"query"`
	Filters []Filter `json:"filters"`
	Sort    string   `json:"sort"`
	Size    int      `json:"size"`
	From    int      `json:"from"`
	// Pages > 0 walks the whole result with search-after, Size hits a page.
	Pages   int                       `json:"pages"`
	IDs     []string                  `json:"ids"`
	Ordered bool                      `json:"ordered"`
	Total   *int                      `json:"total"`
	Facets  map[string]map[string]int `json:"facets"`
	// Snippets: id → substrings its highlighted snippet must hold.
	Snippets map[string][]string `json:"snippets"`
	// Error: the query must fail with a QueryError holding this text, at Column.
	Error  string `json:"error"`
	Column int    `json:"column"`
	// KWIC: lines as "id field [left] keyword [right]" at Width.
	KWIC  []string `json:"kwic"`
	Width int      `json:"width"`
}

func loadTestCorpus(t testing.TB, dir string) *Corpus {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "search", "articles.json"))
	if err != nil {
		t.Fatal(err)
	}
	var tas []testArticle
	if err := json.Unmarshal(data, &tas); err != nil {
		t.Fatal(err)
	}
	c, err := Open(dir, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	var b corpus.Batch
	for _, ta := range tas {
		a := ta.Article
		if ta.Published != "" {
			p, err := time.Parse(time.RFC3339, ta.Published)
			if err != nil {
				t.Fatal(err)
			}
			a.Published = p
		}
		a.Path = a.Outlet + "/" + a.ID + ".txt"
		b.Articles = append(b.Articles, a)
	}
	// Two batches, so the index has more than one segment.
	half := len(b.Articles) / 2
	if err := c.Put(context.Background(), corpus.Batch{Articles: b.Articles[:half]}); err != nil {
		t.Fatal(err)
	}
	if err := c.Put(context.Background(), corpus.Batch{Articles: b.Articles[half:]}); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSearches(t *testing.T) {
	c := loadTestCorpus(t, filepath.Join(t.TempDir(), "c"))
	defer c.Close()
	data, err := os.ReadFile(filepath.Join("testdata", "search", "searches.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []searchCase
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cases); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			q := Query{Text: tc.Query, Filters: tc.Filters, Sort: tc.Sort, Size: tc.Size, From: tc.From, Highlight: true}
			for f := range tc.Facets {
				q.Facets = append(q.Facets, f)
			}
			slices.Sort(q.Facets)
			if tc.KWIC != nil {
				var got []string
				err := c.KWIC(ctx, q, tc.Width, func(l KWICLine) error {
					got = append(got, fmt.Sprintf("%s %s [%s] %s [%s]", l.ID, l.Field, l.Left, l.Keyword, l.Right))
					a, _ := c.Article(l.ID)
					text := map[string]string{"title": a.Title, "body": a.Body, "captions": captionsText(a)}[l.Field]
					if collapse(text[l.Start:l.End]) != l.Keyword {
						t.Errorf("offsets %d:%d give %q, keyword %q", l.Start, l.End, text[l.Start:l.End], l.Keyword)
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got, tc.KWIC) {
					t.Errorf("KWIC:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(tc.KWIC, "\n     "))
				}
				return
			}
			var hits []Hit
			var res *Result
			if tc.Pages > 0 {
				for page := 0; ; page++ {
					r, err := c.Search(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					if page == 0 {
						res = r
					}
					hits = append(hits, r.Hits...)
					if len(r.Hits) < q.Size || page > 100 {
						break
					}
					q.After = r.Hits[len(r.Hits)-1].SortKey
				}
			} else {
				res, err = c.Search(ctx, q)
				if tc.Error != "" {
					var qe *QueryError
					if !errors.As(err, &qe) {
						t.Fatalf("want a QueryError with %q, got %v", tc.Error, err)
					}
					if !strings.Contains(qe.Error(), tc.Error) || qe.Column != tc.Column || strings.Contains(qe.Error(), "\n") {
						t.Errorf("error %q at column %d, want %q at column %d", qe.Error(), qe.Column, tc.Error, tc.Column)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				hits = res.Hits
			}
			var ids []string
			for _, h := range hits {
				ids = append(ids, h.ID)
			}
			want := slices.Clone(tc.IDs)
			if !tc.Ordered {
				slices.Sort(ids)
				slices.Sort(want)
			}
			if !slices.Equal(ids, want) {
				t.Errorf("ids %v, want %v", ids, want)
			}
			if tc.Total != nil && int(res.Total) != *tc.Total {
				t.Errorf("total %d, want %d", res.Total, *tc.Total)
			}
			for f, want := range tc.Facets {
				got := map[string]int{}
				for _, fc := range res.Facets[f] {
					got[fc.Value] = fc.Count
				}
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("facet %s: %v, want %v", f, got, want)
				}
			}
			for id, subs := range tc.Snippets {
				i := slices.IndexFunc(hits, func(h Hit) bool { return h.ID == id })
				if i < 0 {
					t.Errorf("no hit %s for its snippet", id)
					continue
				}
				for _, s := range subs {
					if !strings.Contains(hits[i].Snippet, s) {
						t.Errorf("snippet of %s = %q, want it to hold %q", id, hits[i].Snippet, s)
					}
				}
			}
		})
	}
}
