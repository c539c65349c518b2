package index

import (
	"context"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/parallax-research/parallax/corpus"
)

// KWICLine is one occurrence of the query in an article: a concordance
// line. Start and End are the byte offsets of Keyword in the field's text
// (title, body, or captions joined by "\n\n"); Left and Right are up to
// width characters of context with white space collapsed to single spaces.
type KWICLine struct {
	ID, Outlet, Title string
	Published         time.Time
	Field             string
	Left, Keyword     string
	Right             string
	Start, End        int
}

// pageSize is how many hits each search-after page fetches when streaming
// (a variable so tests can make pages small).
var pageSize = 500

// eachHit streams every hit of a compiled query in q.Sort order, page by
// page with search-after, until fn returns an error or ctx ends.
func (c *Corpus) eachHit(ctx context.Context, cq *compiled, q Query, fn func(h *search.DocumentMatch) error) error {
	q.After, q.From, q.Facets = nil, 0, nil
	for {
		req, err := c.request(cq, q, pageSize)
		if err != nil {
			return err
		}
		res, err := c.idx.SearchInContext(ctx, req)
		if err != nil {
			return searchError(q, err)
		}
		for _, h := range res.Hits {
			if err := fn(h); err != nil {
				return err
			}
		}
		if len(res.Hits) < pageSize {
			return nil
		}
		q.After = sortKey(res.Hits[len(res.Hits)-1])
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

// KWIC calls fn for every occurrence of the query's words, phrases,
// wildcards and exact strings in every matching article (title, body and
// captions, in text order), streaming article by article in q.Sort order
// (default: date). width is the context on each side in characters
// (default 40). Queries with no text terms (only filters or keyword fields)
// yield no lines.
func (c *Corpus) KWIC(ctx context.Context, q Query, width int, fn func(KWICLine) error) error {
	if width <= 0 {
		width = 40
	}
	if q.Sort == "" {
		q.Sort = "date"
	}
	cq, err := c.compileQuery(q)
	if err != nil {
		return err
	}
	if len(cq.marks) == 0 {
		return nil
	}
	m := c.idx.Mapping()
	return c.eachHit(ctx, cq, q, func(h *search.DocumentMatch) error {
		a, err := c.Article(h.ID)
		if err != nil {
			return nil // removed meanwhile
		}
		return kwicArticle(a, analyzerSpans(m, a, cq.marks), width, fn)
	})
}

// fieldText is one text field of an article.
type fieldText struct{ name, text string }

func articleFields(a *corpus.Article) []fieldText {
	return []fieldText{{"title", a.Title}, {"body", a.Body}, {"captions", captionsText(a)}}
}

// analyzerSpans finds the matches in each text field of a.
func analyzerSpans(m mapping.IndexMapping, a *corpus.Article, ms []*matcher) map[string][]span {
	an := analyzerForLang(a.Lang)
	out := map[string][]span{}
	for _, f := range articleFields(a) {
		if sp := fieldSpans(m, an, f.name, f.text, ms); len(sp) > 0 {
			out[f.name] = sp
		}
	}
	return out
}

func kwicArticle(a *corpus.Article, spans map[string][]span, width int, fn func(KWICLine) error) error {
	for _, f := range articleFields(a) {
		for _, s := range spans[f.name] {
			l := KWICLine{ID: a.ID, Outlet: a.Outlet, Title: a.Title, Published: a.Published, Field: f.name,
				Left: leftContext(f.text[:s.start], width), Keyword: collapse(f.text[s.start:s.end]),
				Right: rightContext(f.text[s.end:], width), Start: s.start, End: s.end}
			if err := fn(l); err != nil {
				return err
			}
		}
	}
	return nil
}

// collapse turns every run of white space into one space.
func collapse(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) && r != ' ' }) && !strings.Contains(s, "  ") {
		return s
	}
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// leftContext is the last width characters before a match, spaces collapsed.
func leftContext(s string, width int) string {
	// Take a little more than needed (spaces collapse), then trim.
	if n := len(s) - 8*width; n > 0 {
		s = s[n:]
		for len(s) > 0 && !utf8.RuneStart(s[0]) {
			s = s[1:]
		}
	}
	ends := unicode.IsSpace(lastRune(s))
	s = collapse(s)
	if ends && !strings.HasSuffix(s, " ") {
		s += " "
	}
	r := []rune(s)
	if len(r) > width {
		r = r[len(r)-width:]
	}
	return string(r)
}

// rightContext is the first width characters after a match, spaces collapsed.
func rightContext(s string, width int) string {
	if len(s) > 8*width {
		s = s[:8*width]
		for len(s) > 0 && !utf8.RuneStart(s[len(s)-1]) && !utf8.FullRuneInString(s[max(0, len(s)-4):]) {
			s = s[:len(s)-1]
		}
		s = strings.ToValidUTF8(s, "")
	}
	starts := len(s) > 0 && unicode.IsSpace(firstRune(s))
	s = collapse(s)
	if starts && !strings.HasPrefix(s, " ") {
		s = " " + s
	}
	r := []rune(s)
	if len(r) > width {
		r = r[:width]
	}
	return string(r)
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}
