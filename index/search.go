package index

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	bquery "github.com/blevesearch/bleve/v2/search/query"
	"github.com/golang/snappy"
	"github.com/parallax-research/parallax/corpus"
	bolt "go.etcd.io/bbolt"
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
	// NoSnippets leaves Hit.Snippet empty (unless Highlight is set), for
	// callers that show no snippet: the match locations are then not read
	// and no fragment is cut.
	NoSnippets bool
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

// Search runs q; ctx cancels it. A malformed query returns a *QueryError.
//
// Hits come in q.Sort order; Total counts every match (there is no cap:
// page on with From, or with After set to the last hit's SortKey). The
// snippet of each hit is its best fragment (the window of the body with
// most query matches), marked with « » when q.Highlight is set.
func (c *Corpus) Search(ctx context.Context, q Query) (*Result, error) {
	start := time.Now()
	cq, err := c.compileQuery(q)
	if err != nil {
		return nil, err
	}
	size := q.Size
	if size <= 0 {
		size = 20
	}
	req, err := c.request(cq, q, size)
	if err != nil {
		return nil, err
	}
	res, err := c.run(ctx, cq, q, req)
	if err != nil {
		return nil, searchError(q, err)
	}
	snippets := q.Highlight || !q.NoSnippets
	var locs map[string]search.FieldTermLocationMap
	if snippets {
		locs = c.hitLocations(ctx, cq, res.Hits)
	}
	out := &Result{Total: res.Total}
	var heads []*corpus.Article
	if !snippets {
		heads = c.articleHeads(res.Hits)
	}
	for i, h := range res.Hits {
		if l, ok := locs[h.ID]; ok {
			h.Locations = l
		}
		var a *corpus.Article
		if snippets {
			if a, err = c.Article(h.ID); err != nil {
				continue
			}
		} else if a = heads[i]; a == nil {
			continue
		}
		hit := Hit{ID: a.ID, Path: a.Path, Title: a.Title, Outlet: a.Outlet,
			Published: a.Published, Score: h.Score, SortKey: sortKey(h)}
		if !snippets {
			out.Hits = append(out.Hits, hit)
			continue
		}
		frags := c.hitFragments(a, h, cq.marks, q.Highlight)
		if len(frags) > 0 {
			hit.Snippet = frags[0]
			if q.Highlight {
				hit.Fragments = frags
			}
		} else {
			hit.Snippet = leadSnippet(a.Body, fragmentSize)
		}
		out.Hits = append(out.Hits, hit)
	}
	if len(res.Facets) > 0 {
		out.Facets = map[string][]FacetCount{}
		for name, fr := range res.Facets {
			var fcs []FacetCount
			if fr.Terms != nil {
				for _, t := range fr.Terms.Terms() {
					fcs = append(fcs, FacetCount{Value: t.Term, Count: t.Count})
				}
			}
			if fcs == nil {
				fcs = []FacetCount{}
			}
			out.Facets[name] = fcs
		}
	}
	out.Took = time.Since(start)
	return out, nil
}

// run runs req, the request for q. A page in relevance order (score, then
// _id to break ties) is first asked for ordered by score alone, with more
// hits than the page needs: Bleve then reads no article's _id while it
// collects the matches, only those of the hits it returns, where the full
// order reads the _id of every match. When the last of those hits scores
// lower than the page's last one, every article tied with a page hit is
// among them, and ordering them by score and _id gives exactly the page
// the full request gives (and the same total and facets). Otherwise the
// full request runs.
func (c *Corpus) run(ctx context.Context, cq *compiled, q Query, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	if len(req.SearchAfter) > 0 || !byRelevance(q.Sort) {
		return c.idx.SearchInContext(ctx, req)
	}
	k := req.From + req.Size // the page ends at hit k
	n := 2*k + 8             // hits asked for by score
	pq := q
	pq.From, pq.Sort = 0, ""
	pre, err := c.request(cq, pq, n)
	if err != nil {
		return nil, err
	}
	pre.SortByCustom(search.SortOrder{&search.SortScore{Desc: true}})
	res, err := c.idx.SearchInContext(ctx, pre)
	if err != nil {
		return nil, err
	}
	hits := res.Hits
	if len(hits) >= n && hits[n-1].Score >= hits[k-1].Score {
		// Ties may reach beyond the hits returned.
		return c.idx.SearchInContext(ctx, req)
	}
	slices.SortFunc(hits, func(a, b *search.DocumentMatch) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return strings.Compare(a.ID, b.ID)
	})
	for _, h := range hits {
		h.Sort = []string{"_score", h.ID} // as the full order's sort values
	}
	res.Hits = hits[min(req.From, len(hits)):min(k, len(hits))]
	res.Request = req
	return res, nil
}

// byRelevance reports whether a Query.Sort is the relevance order.
func byRelevance(sort string) bool {
	return sort == "" || sort == "relevance" || sort == "score"
}

// articleHeads reads the stored articles of hits without their text: the
// fields a record holds before the body (id, path, format, outlet, title,
// authors, published, ...), which is all a hit without a snippet shows.
// An article missing from the store (or damaged) is nil. Only the start of
// each record is decoded (headPrefix bytes, more for an unusually long
// head), all in one read transaction.
func (c *Corpus) articleHeads(hits search.DocumentMatchCollection) []*corpus.Article {
	out := make([]*corpus.Article, len(hits))
	c.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bArticles)
		for i, h := range hits {
			if v := b.Get([]byte(h.ID)); v != nil {
				out[i], _ = recordHead(v)
			}
		}
		return nil
	})
	return out
}

// headPrefix is how much of an article record articleHeads decodes first:
// more than the fields before the body take in almost every record.
const headPrefix = 2048

// recordHead decodes the head of a stored (snappy-compressed) article record.
func recordHead(v []byte) (*corpus.Article, error) {
	if prefix, err := snappyPrefix(v, headPrefix); err == nil {
		if end, err := headEnd(prefix); err == nil && end >= 0 {
			return unmarshalHead(prefix[:end])
		}
	}
	data, err := snappy.Decode(nil, v)
	if err != nil {
		return nil, fmt.Errorf("damaged article record: %w", err)
	}
	return decodeHead(data)
}

// decodeHead decodes an article record (JSON) up to its "body" key: a
// scan of the record's top-level keys (skipping their values without
// decoding them) finds where the body starts, and only what precedes it
// is unmarshalled.
func decodeHead(data []byte) (*corpus.Article, error) {
	end, err := headEnd(data)
	if err != nil {
		return nil, fmt.Errorf("damaged article record: %w", err)
	}
	if end < 0 {
		var a corpus.Article
		if err := json.Unmarshal(data, &a); err != nil {
			return nil, fmt.Errorf("damaged article record: %w", err)
		}
		return &a, nil
	}
	return unmarshalHead(data[:end])
}

// unmarshalHead decodes the members of a record before its body (the
// record up to headEnd), closing the object after them.
func unmarshalHead(head []byte) (*corpus.Article, error) {
	var a corpus.Article
	if err := json.Unmarshal(append(bytes.TrimRight(head[:len(head):len(head)], " \t\r\n"), '}'), &a); err != nil {
		return nil, fmt.Errorf("damaged article record: %w", err)
	}
	return &a, nil
}

// errRecord says a record is not a well-formed JSON object.
var errRecord = errors.New("not a JSON object")

// headEnd returns the offset in a JSON object where its "body" member
// begins (just before the comma that precedes it, or after the '{' when it
// is first), or -1 when the object has no body member.
func headEnd(data []byte) (int, error) {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return 0, errRecord
	}
	before := i + 1 // where the current member begins
	i = skipSpace(data, i+1)
	if i < len(data) && data[i] == '}' {
		return -1, nil
	}
	for {
		if i >= len(data) || data[i] != '"' {
			return 0, errRecord
		}
		k := i
		i = skipString(data, i)
		if i < 0 {
			return 0, errRecord
		}
		if string(data[k:i]) == `"body"` {
			return before, nil
		}
		i = skipSpace(data, i)
		if i >= len(data) || data[i] != ':' {
			return 0, errRecord
		}
		if i = skipValue(data, skipSpace(data, i+1)); i < 0 {
			return 0, errRecord
		}
		before = i
		i = skipSpace(data, i)
		if i >= len(data) {
			return 0, errRecord
		}
		switch data[i] {
		case '}':
			return -1, nil
		case ',':
			i = skipSpace(data, i+1)
		default:
			return 0, errRecord
		}
	}
}

func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the offset after the JSON string starting at i (at
// its opening quote), or -1 when it is not terminated.
func skipString(data []byte, i int) int {
	for i++; i < len(data); i++ {
		switch data[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return -1
}

// skipValue returns the offset after the JSON value starting at i, or -1
// when it is malformed or cut short. Scalars other than strings run to the
// next delimiter; json.Unmarshal of the head checks them.
func skipValue(data []byte, i int) int {
	if i >= len(data) {
		return -1
	}
	switch data[i] {
	case '"':
		return skipString(data, i)
	case '{', '[':
		depth := 0
		for ; i < len(data); i++ {
			switch data[i] {
			case '"':
				if i = skipString(data, i); i < 0 {
					return -1
				}
				i--
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
		}
		return -1
	}
	for ; i < len(data); i++ {
		switch data[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i
		}
	}
	return -1
}

// hitLocations asks the index where the query matched in the given hits
// (the term vectors hold byte offsets), for their snippets. A second, small
// search restricted to those documents is much cheaper than collecting
// locations for every match of the first one.
func (c *Corpus) hitLocations(ctx context.Context, cq *compiled, hits search.DocumentMatchCollection) map[string]search.FieldTermLocationMap {
	if len(cq.marks) == 0 || len(hits) == 0 {
		return nil
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	q := bquery.NewConjunctionQuery([]bquery.Query{bquery.NewDocIDQuery(ids), cq.located})
	req := bleve.NewSearchRequestOptions(q, len(ids), 0, false)
	req.IncludeLocations = true
	req.Score = "none"
	res, err := c.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil
	}
	out := make(map[string]search.FieldTermLocationMap, len(res.Hits))
	for _, h := range res.Hits {
		out[h.ID] = h.Locations
	}
	return out
}

// searchError turns Bleve's complaints about a query (a bad regexp, a bad
// search-after key) into a QueryError.
func searchError(q Query, err error) error {
	msg := err.Error()
	if strings.Contains(msg, "regexp") || strings.Contains(msg, "search after") || strings.Contains(msg, "error parsing") {
		return &QueryError{Query: q.Text, Err: err}
	}
	return err
}

// sortFields is the Bleve sort order for Query.Sort; _id last makes the
// order total, so search-after pages never skip or repeat a hit.
func sortFields(s string) (search.SortOrder, error) {
	date := func(desc bool) *search.SortField {
		return &search.SortField{Field: "published", Desc: desc, Type: search.SortFieldAuto, Missing: search.SortFieldMissingLast}
	}
	switch s {
	case "", "relevance", "score": // byRelevance
		return search.SortOrder{&search.SortScore{Desc: true}, &search.SortDocID{}}, nil
	case "date":
		return search.SortOrder{date(false), &search.SortDocID{}}, nil
	case "-date":
		return search.SortOrder{date(true), &search.SortDocID{}}, nil
	case "outlet":
		return search.SortOrder{&search.SortField{Field: "outlet_kw", Missing: search.SortFieldMissingLast}, date(true), &search.SortDocID{}}, nil
	}
	return nil, fmt.Errorf("unknown sort %q (relevance, date, -date or outlet)", s)
}

// request builds the Bleve request for a compiled query.
func (c *Corpus) request(cq *compiled, q Query, size int) (*bleve.SearchRequest, error) {
	order, err := sortFields(q.Sort)
	if err != nil {
		return nil, &QueryError{Query: q.Text, Err: err}
	}
	from := q.From
	if from < 0 || len(q.After) > 0 {
		from = 0
	}
	req := bleve.NewSearchRequestOptions(cq.q, size, from, false)
	req.SortByCustom(order)
	if len(q.After) > 0 {
		if len(q.After) != len(order) {
			return nil, &QueryError{Query: q.Text, Err: fmt.Errorf("the search-after key has %d parts, this sort needs %d", len(q.After), len(order))}
		}
		req.SearchAfter = q.After
	}
	for _, name := range q.Facets {
		field, err := facetField(name)
		if err != nil {
			return nil, &QueryError{Query: q.Text, Err: err}
		}
		req.AddFacet(name, bleve.NewFacetRequest(field, facetSize(field)))
	}
	return req, nil
}

func facetSize(field string) int {
	switch field {
	case "day", "outlet_day":
		return 1 << 20
	case "outlet_kw", "month":
		return 5000
	}
	return 500
}

// sortKey is what Query.After needs to continue after h.
func sortKey(h *search.DocumentMatch) []string {
	k := make([]string, len(h.Sort))
	for i, v := range h.Sort {
		if v == "_score" {
			v = strconv.FormatFloat(h.Score, 'g', -1, 64)
		}
		k[i] = v
	}
	return k
}

// hitFragments returns the best fragments of a hit's article from the
// match locations the index reported (no re-analysis of the text); exact
// strings are found in the text. Without locations it falls back to
// articleFragments.
func (c *Corpus) hitFragments(a *corpus.Article, h *search.DocumentMatch, ms []*matcher, marked bool) []string {
	if len(ms) == 0 {
		return nil
	}
	if len(h.Locations) == 0 {
		return c.articleFragments(a, ms, marked)
	}
	spans := func(field, text string) []span {
		var out []span
		for _, locs := range h.Locations[field] {
			for _, l := range locs {
				if int(l.End) <= len(text) && l.Start < l.End {
					out = append(out, span{int(l.Start), int(l.End)})
				}
			}
		}
		for _, m := range ms {
			if m.kind == mExact {
				for _, s := range exactSpans(text, m.text, 0) {
					out = append(out, span{s[0], s[1]})
				}
			}
		}
		return joinAdjacent(text, mergeSpans(out))
	}
	if sp := spans("body", a.Body); len(sp) > 0 {
		return fragments(a.Body, sp, fragmentSize, maxFragments, marked)
	}
	caps := captionsText(a)
	if sp := spans("captions", caps); len(sp) > 0 {
		return fragments(caps, sp, fragmentSize, maxFragments, marked)
	}
	if sp := spans("title", a.Title); len(sp) > 0 && marked {
		return []string{leadSnippet(a.Body, fragmentSize), renderFragment(a.Title, sp, 0, len(a.Title), true)}
	}
	return nil
}

// joinAdjacent merges matches separated only by spaces or a hyphen, so a
// phrase is marked as one «climate summit», not «climate» «summit».
func joinAdjacent(text string, s []span) []span {
	if len(s) < 2 {
		return s
	}
	out := s[:1]
	for _, x := range s[1:] {
		last := &out[len(out)-1]
		if gap := text[last.end:x.start]; len(gap) <= 2 && strings.Trim(gap, " -\u00a0") == "" {
			last.end = x.end
			continue
		}
		out = append(out, x)
	}
	return out
}

// articleFragments returns the best fragments of an article for the query
// matchers: body first, then captions, then the title.
func (c *Corpus) articleFragments(a *corpus.Article, ms []*matcher, marked bool) []string {
	if len(ms) == 0 {
		return nil
	}
	m := c.idx.Mapping()
	an := analyzerForLang(a.Lang)
	if sp := fieldSpans(m, an, "body", a.Body, ms); len(sp) > 0 {
		return fragments(a.Body, sp, fragmentSize, maxFragments, marked)
	}
	caps := captionsText(a)
	if sp := fieldSpans(m, an, "captions", caps, ms); len(sp) > 0 {
		return fragments(caps, sp, fragmentSize, maxFragments, marked)
	}
	if sp := fieldSpans(m, an, "title", a.Title, ms); len(sp) > 0 && marked {
		// The title matched: the snippet is the lead, the title marks go in a fragment.
		return []string{leadSnippet(a.Body, fragmentSize), renderFragment(a.Title, sp, 0, len(a.Title), true)}
	}
	return nil
}

// Stats summarises the corpus for a status line.
type Stats struct {
	Articles int       `json:"articles"`
	Outlets  int       `json:"outlets"`
	First    time.Time `json:"first,omitzero"`
	Last     time.Time `json:"last,omitzero"`
}

// Stats counts articles and outlets and finds the date span. It asks the
// index (document count, outlet facet, first and last by date) and caches
// the answer until the corpus changes, so it is cheap to call often.
func (c *Corpus) Stats() Stats {
	c.cacheMu.Lock()
	defer c.cacheMu.Unlock()
	if c.stats != nil {
		return *c.stats
	}
	s := Stats{}
	n, _ := c.idx.DocCount()
	s.Articles = int(n)
	req := bleve.NewSearchRequestOptions(bquery.NewMatchAllQuery(), 1, 0, false)
	req.AddFacet("outlet", bleve.NewFacetRequest("outlet_kw", 1<<20))
	req.SortByCustom(search.SortOrder{&search.SortField{Field: "published", Type: search.SortFieldAuto, Missing: search.SortFieldMissingLast}})
	if res, err := c.idx.Search(req); err == nil {
		if f := res.Facets["outlet"]; f != nil && f.Terms != nil {
			s.Outlets = len(f.Terms.Terms())
		}
		s.First = c.publishedOf(res)
	}
	req = bleve.NewSearchRequestOptions(dateExists(), 1, 0, false)
	req.SortByCustom(search.SortOrder{&search.SortField{Field: "published", Desc: true, Type: search.SortFieldAuto}})
	if res, err := c.idx.Search(req); err == nil {
		s.Last = c.publishedOf(res)
	}
	c.stats = &s
	return s
}

func (c *Corpus) publishedOf(res *bleve.SearchResult) time.Time {
	if len(res.Hits) == 0 {
		return time.Time{}
	}
	if a, err := c.Article(res.Hits[0].ID); err == nil {
		return a.Published
	}
	return time.Time{}
}

// textAnalyzers lists the text analyzers of the languages present in the
// corpus (English always), for analysing query words.
func (c *Corpus) textAnalyzers() []string {
	c.cacheMu.Lock()
	defer c.cacheMu.Unlock()
	if c.analyzers != nil {
		return c.analyzers
	}
	out := []string{textEN}
	// The lang field's term dictionary lists the languages without
	// touching any document.
	if dict, err := c.idx.FieldDict("lang"); err == nil {
		for {
			e, err := dict.Next()
			if err != nil || e == nil {
				break
			}
			if an := analyzerForLang(e.Term); !slices.Contains(out, an) {
				out = append(out, an)
			}
		}
		dict.Close()
	}
	slices.Sort(out[1:])
	c.analyzers = out
	return out
}

// invalidate drops cached answers after the corpus changed.
func (c *Corpus) invalidate() {
	c.cacheMu.Lock()
	c.stats, c.analyzers = nil, nil
	c.cacheMu.Unlock()
}
