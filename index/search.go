package index

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/parallax-research/parallax/corpus"
)

// Query is a search request.
type Query struct {
	// Text is a query string (see parallax help search); empty matches every article.
	Text string
	// Filters narrow the result (facet clicks): all must hold.
	Filters []Filter
	// Sort is "relevance" (default), "date" (oldest first), "-date" (newest
	// first) or "outlet".
	Sort string
	// Size is the number of hits to return (default 20); From skips hits
	// (shallow paging). After, when set, continues after the hit whose
	// SortKey it is (deep paging with search-after; From is then ignored).
	Size, From int
	After      []string
	// Facets names the facets to count: "outlet", "year", "month", "lang",
	// "format", "entity.PER" (.ORG, .LOC, .MISC) and "meta.NAME".
	Facets []string
	// Highlight asks for highlighted snippets (Hit.Snippet with «» marks
	// around matched terms, Hit.Fragments).
	Highlight bool
}

// Filter is one facet restriction: Field as in Query.Facets, Value one of
// its FacetCount values; Exclude negates it.
type Filter struct {
	Field   string `json:"field"`
	Value   string `json:"value"`
	Exclude bool   `json:"exclude,omitempty"`
}

// FacetCount is one value of a facet and how many matching articles have it.
type FacetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Hit is one matching article.
type Hit struct {
	ID        string    `json:"id"`
	Path      string    `json:"path"`
	Title     string    `json:"title"`
	Outlet    string    `json:"outlet"`
	Published time.Time `json:"published,omitzero"`
	Score     float64   `json:"score"`
	Snippet   string    `json:"snippet"`
	// Fragments are the best highlighted fragments when Query.Highlight is set.
	Fragments []string `json:"fragments,omitempty"`
	// SortKey continues the result after this hit (Query.After).
	SortKey []string `json:"-"`
}

// Result is the answer to a Query.
type Result struct {
	Total uint64 `json:"total"`
	Hits  []Hit  `json:"hits"`
	// Facets maps each requested facet to its values, most frequent first.
	Facets map[string][]FacetCount `json:"facets,omitempty"`
	Took   time.Duration           `json:"took"`
}

// QueryError is a malformed query, with a one-line explanation.
type QueryError struct {
	Query string
	Err   error
}

func (e *QueryError) Error() string { return fmt.Sprintf("bad query %q: %v", e.Query, e.Err) }

// Search runs q; ctx cancels it.
func (c *Corpus) Search(ctx context.Context, q Query) (*Result, error) {
	size := q.Size
	if size <= 0 {
		size = 20
	}
	var bq = bleve.NewMatchAllQuery()
	req := bleve.NewSearchRequestOptions(bq, size, q.From, false)
	if strings.TrimSpace(q.Text) != "" {
		sq := bleve.NewQueryStringQuery(q.Text)
		if _, err := sq.Parse(); err != nil {
			return nil, &QueryError{Query: q.Text, Err: err}
		}
		req = bleve.NewSearchRequestOptions(sq, size, q.From, false)
	}
	res, err := c.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	out := &Result{Total: res.Total, Took: res.Took}
	terms := queryTerms(q.Text)
	for _, h := range res.Hits {
		a, err := c.Article(h.ID)
		if err != nil {
			continue
		}
		out.Hits = append(out.Hits, Hit{ID: a.ID, Path: a.Path, Title: a.Title, Outlet: a.Outlet,
			Published: a.Published, Score: h.Score, Snippet: Snippet(a, terms, 200)})
	}
	return out, nil
}

// queryTerms returns the plain words of a query string, for snippets.
func queryTerms(q string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != ':' }) {
		if i := strings.LastIndexByte(f, ':'); i >= 0 {
			f = f[i+1:]
		}
		if len(f) > 1 && f != "AND" && f != "OR" && f != "NOT" {
			out = append(out, strings.ToLower(f))
		}
	}
	return out
}

// Snippet returns about max bytes of the article's body around the first
// query term, or its beginning.
func Snippet(a *corpus.Article, terms []string, max int) string {
	body := a.Body
	lower := strings.ToLower(body)
	at := -1
	for _, t := range terms {
		if i := strings.Index(lower, t); i >= 0 && (at < 0 || i < at) {
			at = i
		}
	}
	start := 0
	if at > max/3 {
		start = at - max/3
		for start > 0 && body[start] != ' ' {
			start--
		}
	}
	end := min(len(body), start+max)
	for end < len(body) && body[end] != ' ' && end-start < max+20 {
		end++
	}
	for end < len(body) && !utf8Start(body[end]) {
		end++
	}
	s := strings.Join(strings.Fields(body[start:end]), " ")
	if start > 0 {
		s = "…" + s
	}
	if end < len(body) {
		s += "…"
	}
	return s
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// Stats summarises the corpus for a status line.
type Stats struct {
	Articles int       `json:"articles"`
	Outlets  int       `json:"outlets"`
	First    time.Time `json:"first,omitzero"`
	Last     time.Time `json:"last,omitzero"`
}

// Stats counts articles and outlets and finds the date span.
func (c *Corpus) Stats() Stats {
	s := Stats{}
	outlets := map[string]bool{}
	c.ForEach(func(a *corpus.Article) error {
		s.Articles++
		outlets[a.Outlet] = true
		if a.Dated() {
			if s.First.IsZero() || a.Published.Before(s.First) {
				s.First = a.Published
			}
			if a.Published.After(s.Last) {
				s.Last = a.Published
			}
		}
		return nil
	})
	s.Outlets = len(outlets)
	return s
}
