package app

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/parallax-research/parallax/corpus"
	"github.com/parallax-research/parallax/index"
)

// memCorpus is an in-memory Corpus for the UI tests: word search (every
// query term must match), facet filters, sorting, paging and facet counts.
type memCorpus struct {
	dir string

	mu       sync.Mutex
	arts     []*corpus.Article
	closed   bool
	searches int
	saved    []index.SavedSearch
}

func newMemCorpus(dir string, arts ...*corpus.Article) *memCorpus {
	return &memCorpus{dir: dir, arts: arts}
}

func (m *memCorpus) Name() string { return m.dir[strings.LastIndexByte(m.dir, '/')+1:] }
func (m *memCorpus) Dir() string  { return m.dir }

func (m *memCorpus) Count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.arts)
}

func (m *memCorpus) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	return nil
}

func (m *memCorpus) Stats() index.Stats {
	m.mu.Lock()
	defer m.mu.Unlock()
	st := index.Stats{Articles: len(m.arts)}
	outlets := map[string]bool{}
	for _, a := range m.arts {
		outlets[a.Outlet] = true
		if a.Dated() {
			if st.First.IsZero() || a.Published.Before(st.First) {
				st.First = a.Published
			}
			if a.Published.After(st.Last) {
				st.Last = a.Published
			}
		}
	}
	st.Outlets = len(outlets)
	return st
}

func (m *memCorpus) Article(id string) (*corpus.Article, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, a := range m.arts {
		if a.ID == id {
			return a, nil
		}
	}
	return nil, fmt.Errorf("no article with id %q", id)
}

func memFacetValue(a *corpus.Article, field string) string {
	switch field {
	case "outlet":
		return a.Outlet
	case "lang":
		return a.Lang
	case "format":
		return a.Format
	case "year":
		if a.Dated() {
			return a.Published.Format("2006")
		}
	case "month":
		if a.Dated() {
			return a.Published.Format("2006-01")
		}
	case "day":
		if a.Dated() {
			return a.Published.Format("2006-01-02")
		}
	case "week":
		if a.Dated() {
			d := a.Published.UTC()
			return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7)).Format("2006-01-02")
		}
	}
	if k, ok := strings.CutPrefix(field, "meta."); ok {
		return a.Meta[k]
	}
	return ""
}

func (m *memCorpus) Search(ctx context.Context, q index.Query) (*index.Result, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.searches++
	if strings.Count(q.Text, `"`)%2 == 1 {
		return nil, &index.QueryError{Query: q.Text, Err: fmt.Errorf("unterminated quote")}
	}
	terms := queryTerms(q.Text)
	var match []*corpus.Article
	for _, a := range m.arts {
		ok := true
		for _, t := range terms {
			if len(termMatches(a.Title+" "+a.Body, []string{t})) == 0 {
				ok = false
			}
		}
		for _, f := range q.Filters {
			if (memFacetValue(a, f.Field) == f.Value) == f.Exclude {
				ok = false
			}
		}
		if ok {
			match = append(match, a)
		}
	}
	switch q.Sort {
	case "date":
		sort.SliceStable(match, func(i, j int) bool { return match[i].Published.Before(match[j].Published) })
	case "-date":
		sort.SliceStable(match, func(i, j int) bool { return match[i].Published.After(match[j].Published) })
	case "outlet":
		sort.SliceStable(match, func(i, j int) bool { return match[i].Outlet < match[j].Outlet })
	}
	res := &index.Result{Total: uint64(len(match)), Facets: map[string][]index.FacetCount{}}
	for _, f := range q.Facets {
		counts := map[string]int{}
		for _, a := range match {
			if v := memFacetValue(a, f); v != "" {
				counts[v]++
			}
		}
		var fc []index.FacetCount
		for v, n := range counts {
			fc = append(fc, index.FacetCount{Value: v, Count: n})
		}
		sort.Slice(fc, func(i, j int) bool {
			if fc[i].Count != fc[j].Count {
				return fc[i].Count > fc[j].Count
			}
			return fc[i].Value < fc[j].Value
		})
		if len(fc) > 0 {
			res.Facets[f] = fc
		}
	}
	size := q.Size
	if size <= 0 {
		size = 20
	}
	from := min(q.From, len(match))
	for _, a := range match[from:min(len(match), from+size)] {
		snip := a.Body
		if len(snip) > 120 {
			snip = snip[:120] + "…"
		}
		res.Hits = append(res.Hits, index.Hit{ID: a.ID, Path: a.Path, Title: a.Title, Outlet: a.Outlet,
			Published: a.Published, Score: 1, Snippet: snip})
	}
	return res, nil
}

// NewImporter returns a real importer writing into this corpus.
func (m *memCorpus) NewImporter(counters *corpus.Counters, report func(path string, err error)) *corpus.Importer {
	return &corpus.Importer{Counters: counters, OnError: func(path string, err error) error {
		if report != nil {
			report(path, err)
		}
		return nil
	}}
}

func (m *memCorpus) Put(_ context.Context, b corpus.Batch) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := range b.Articles {
		a := b.Articles[i]
		m.arts = append(m.arts, &a)
	}
	return nil
}

func mday(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// memArticles is a small corpus of three outlets over two months.
func memArticles() []*corpus.Article {
	mk := func(id, outlet, date, title, body string) *corpus.Article {
		return &corpus.Article{ID: id, Outlet: outlet, Title: title, Body: body, Published: mday(date),
			Lang: "en", Format: "txt", Path: outlet + "/" + id + ".txt"}
	}
	arts := []*corpus.Article{
		mk("a1", "Harbour Times", "2026-03-02", "Summit opens in Korvana", "Leaders met at the border summit on Tuesday.\n\nThe ceasefire held overnight."),
		mk("a2", "Harbour Times", "2026-03-09", "Port strike enters second week", "Dockers in Velsport stayed out as the strike went on."),
		mk("a3", "Wire Service", "2026-03-03", "Ceasefire talks at the summit", "Negotiators said the summit would discuss a ceasefire."),
		mk("a4", "Wire Service", "2026-04-14", "Summit ends without a deal", "The summit closed without agreement on the border."),
		mk("a5", "The Paper", "2026-04-15", "What the summit means", "The border summit was a gamble for both capitals."),
		mk("a6", "The Paper", "2026-04-20", "Harvest festival returns", "Crowds came back to the valley for the festival."),
	}
	arts[0].Captions = []string{"Leaders arrive at the summit venue."}
	arts[1].Meta = map[string]string{"section": "Business"}
	arts[2].Meta = map[string]string{"section": "World"}
	arts[0].Removed = []string{"Share this article"}
	arts[0].Entities = []corpus.Entity{{Text: "Korvana", Type: "LOC", Field: "title", Start: 16, End: 23}}
	return arts
}

// match returns the articles matching q, in q's order.
func (m *memCorpus) match(ctx context.Context, q index.Query) ([]*corpus.Article, error) {
	q.Size, q.From = 1<<30, 0
	res, err := m.Search(ctx, q)
	if err != nil {
		return nil, err
	}
	var out []*corpus.Article
	for _, h := range res.Hits {
		a, _ := m.Article(h.ID)
		out = append(out, a)
	}
	return out, nil
}

func (m *memCorpus) KWIC(ctx context.Context, q index.Query, width int, fn func(index.KWICLine) error) error {
	arts, err := m.match(ctx, q)
	if err != nil {
		return err
	}
	terms := queryTerms(q.Text)
	for _, a := range arts {
		for _, f := range [][2]string{{"title", a.Title}, {"body", a.Body}} {
			for _, r := range termMatches(f[1], terms) {
				left := []rune(strings.Join(strings.Fields(f[1][:r[0]]), " ") + " ")
				right := []rune(" " + strings.Join(strings.Fields(f[1][r[1]:]), " "))
				if len(left) > width {
					left = left[len(left)-width:]
				}
				if len(right) > width {
					right = right[:width]
				}
				if err := fn(index.KWICLine{ID: a.ID, Outlet: a.Outlet, Title: a.Title, Published: a.Published,
					Field: f[0], Left: string(left), Keyword: f[1][r[0]:r[1]], Right: string(right), Start: r[0], End: r[1]}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func memBucket(t time.Time, by string) time.Time {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	switch by {
	case "week":
		return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
	case "month":
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	return d
}

func (m *memCorpus) Timeline(ctx context.Context, q index.Query, by string, split bool) (*index.Timeline, error) {
	arts, err := m.match(ctx, q)
	if err != nil {
		return nil, err
	}
	tl := &index.Timeline{By: by}
	var first, last time.Time
	for _, a := range arts {
		if !a.Dated() {
			tl.Undated++
			continue
		}
		b := memBucket(a.Published, by)
		if first.IsZero() || b.Before(first) {
			first = b
		}
		if b.After(last) {
			last = b
		}
	}
	if first.IsZero() {
		return tl, nil
	}
	pos := map[time.Time]int{}
	for b := first; !b.After(last); {
		pos[b] = len(tl.Buckets)
		tl.Buckets = append(tl.Buckets, b)
		switch by {
		case "week":
			b = b.AddDate(0, 0, 7)
		case "month":
			b = b.AddDate(0, 1, 0)
		default:
			b = b.AddDate(0, 0, 1)
		}
	}
	series := map[string]int{}
	for _, a := range arts {
		if !a.Dated() {
			continue
		}
		name := "all"
		if split {
			name = a.Outlet
		}
		i, ok := series[name]
		if !ok {
			i = len(tl.Series)
			series[name] = i
			tl.Series = append(tl.Series, index.Series{Name: name, Counts: make([]int, len(tl.Buckets))})
		}
		tl.Series[i].Counts[pos[memBucket(a.Published, by)]]++
	}
	return tl, nil
}

func (m *memCorpus) Export(ctx context.Context, q index.Query, format string, fields []string, w io.Writer) (int, error) {
	arts, err := m.match(ctx, q)
	if err != nil {
		return 0, err
	}
	cw := csv.NewWriter(w)
	cw.Write(fields)
	for _, a := range arts {
		row := make([]string, len(fields))
		for i, f := range fields {
			switch f {
			case "id":
				row[i] = a.ID
			case "title":
				row[i] = a.Title
			case "outlet":
				row[i] = a.Outlet
			case "body":
				row[i] = a.Body
			}
		}
		cw.Write(row)
	}
	cw.Flush()
	return len(arts), cw.Error()
}

func (m *memCorpus) SavedSearches() ([]index.SavedSearch, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]index.SavedSearch(nil), m.saved...), nil
}

func (m *memCorpus) SaveSearch(name, query string) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return fmt.Errorf("a saved search needs a name")
	}
	m.DeleteSearch(name)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.saved = append(m.saved, index.SavedSearch{Name: name, Query: query, Created: time.Now()})
	return nil
}

func (m *memCorpus) DeleteSearch(name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, s := range m.saved {
		if s.Name == name {
			m.saved = append(m.saved[:i], m.saved[i+1:]...)
			return nil
		}
	}
	return index.ErrNoSavedSearch
}
