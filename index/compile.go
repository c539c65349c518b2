package index

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bquery "github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
)

// compiler turns a query syntax tree into a Bleve query.
type compiler struct {
	c         *Corpus
	m         mapping.IndexMapping
	analyzers []string // text analyzers of the languages in the corpus
	text      string
	// positional disables the body_pairs accelerator, for the query that
	// asks the index for match locations (pairs have none).
	positional bool
	usedPairs  bool
}

// compiled is a query ready to run, with what highlighting needs.
type compiled struct {
	q     bquery.Query
	tree  *qbool
	marks []*matcher
	// located is q without the word-pair accelerator and without filters:
	// the query that reports match locations for snippets.
	located bquery.Query
}

// compileQuery parses and compiles q's text and filters.
func (c *Corpus) compileQuery(q Query) (*compiled, error) {
	tree, err := parseQuery(q.Text)
	if err != nil {
		return nil, err
	}
	cp := &compiler{c: c, m: c.idx.Mapping(), analyzers: c.textAnalyzers(), text: q.Text}
	var main bquery.Query
	if len(tree.clauses) == 0 {
		main = bquery.NewMatchAllQuery()
	} else {
		main, err = cp.node(tree)
		if err != nil {
			return nil, err
		}
		if main == nil { // only stop words
			main = bquery.NewMatchNoneQuery()
		}
	}
	out := &compiled{tree: tree, marks: newMatchers(tree), located: main}
	if cp.usedPairs {
		pcp := &compiler{c: c, m: cp.m, analyzers: cp.analyzers, text: q.Text, positional: true}
		if out.located, err = pcp.node(tree); err != nil {
			return nil, err
		}
		if out.located == nil {
			out.located = main
		}
	}
	if len(q.Filters) == 0 {
		out.q = main
		return out, nil
	}
	var keep, drop []bquery.Query
	for _, f := range q.Filters {
		if strings.EqualFold(f.Field, "week") {
			// A week is no facet field: it filters the seven days from the
			// date it names (the Monday a timeline's week starts on).
			fq, err := weekFilter(f.Value)
			if err != nil {
				return nil, &QueryError{Query: q.Text, Err: fmt.Errorf("filter: %w", err)}
			}
			if f.Exclude {
				drop = append(drop, fq)
			} else {
				keep = append(keep, fq)
			}
			continue
		}
		field, err := facetField(f.Field)
		if err != nil {
			return nil, &QueryError{Query: q.Text, Err: fmt.Errorf("filter: %w", err)}
		}
		var fq bquery.Query
		if f.Value == "" && (field == "published" || field == "year" || field == "month" || field == "day") {
			// The empty value of a date facet stands for undated articles.
			fq = bquery.NewBooleanQuery(nil, nil, []bquery.Query{dateExists()})
		} else {
			tq := bquery.NewTermQuery(f.Value)
			tq.SetField(field)
			fq = tq
		}
		if f.Exclude {
			drop = append(drop, fq)
		} else {
			keep = append(keep, fq)
		}
	}
	bq := bquery.NewBooleanQuery([]bquery.Query{main}, nil, drop)
	if len(keep) > 0 {
		bq.AddFilter(bquery.NewConjunctionQuery(keep))
	}
	out.q = bq
	return out, nil
}

// weekFilter matches the articles published in the seven days from
// start (YYYY-MM-DD, UTC, as the timeline's buckets are).
func weekFilter(start string) (bquery.Query, error) {
	d, err := time.Parse("2006-01-02", start)
	if err != nil {
		return nil, fmt.Errorf("week %q: want the date it starts on, as YYYY-MM-DD", start)
	}
	yes, no := true, false
	q := bquery.NewDateRangeInclusiveQuery(d, d.AddDate(0, 0, 7), &yes, &no)
	q.SetField("published")
	return q, nil
}

func dateExists() bquery.Query {
	start := time.Date(1700, 1, 1, 0, 0, 0, 0, time.UTC)
	q := bquery.NewDateRangeQuery(start, time.Date(2250, 1, 1, 0, 0, 0, 0, time.UTC))
	q.SetField("published")
	return q
}

// facetField maps a facet or filter name to its index field.
func facetField(name string) (string, error) {
	switch l := strings.ToLower(name); l {
	case "outlet":
		return "outlet_kw", nil
	case "year", "month", "day", "lang", "format":
		return l, nil
	case "entity.per", "entity.org", "entity.loc", "entity.misc":
		return "entity_" + strings.TrimPrefix(l, "entity."), nil
	default:
		if k, ok := strings.CutPrefix(l, "meta."); ok && k != "" && metaKey(k) == k {
			return "meta." + k, nil
		}
	}
	return "", fmt.Errorf("unknown facet %q (facets: outlet, year, month, day, lang, format, entity.PER, entity.ORG, entity.LOC, entity.MISC, meta.NAME)", name)
}

func (cp *compiler) errAt(n qnode, format string, a ...any) error {
	return &QueryError{Query: cp.text, Column: n.col(), Err: fmt.Errorf(format, a...)}
}

func (cp *compiler) node(n qnode) (bquery.Query, error) {
	switch n := n.(type) {
	case *qbool:
		var must, should, not []bquery.Query
		clauses, dates, err := cp.mergeDateRanges(n.clauses)
		if err != nil {
			return nil, err
		}
		if dates != nil {
			must = append(must, dates)
		}
		for _, cl := range clauses {
			q, err := cp.node(cl.node)
			if err != nil {
				return nil, err
			}
			if q == nil {
				continue
			}
			switch cl.occur {
			case occurMust:
				must = append(must, q)
			case occurMustNot:
				not = append(not, q)
			default:
				should = append(should, q)
			}
		}
		switch {
		case len(must)+len(should)+len(not) == 0:
			return nil, nil
		case len(must) == 1 && len(should) == 0 && len(not) == 0:
			return must[0], nil
		case len(must) == 0 && len(should) == 1 && len(not) == 0:
			return should[0], nil
		case len(must) == 0 && len(should) == 0:
			// Only exclusions: everything else.
			return bquery.NewBooleanQuery([]bquery.Query{bquery.NewMatchAllQuery()}, nil, not), nil
		}
		bq := bquery.NewBooleanQuery(must, should, not)
		if len(must) == 0 {
			bq.Should.(*bquery.DisjunctionQuery).SetMin(1)
		}
		return bq, nil
	case *qterm:
		return cp.term(n)
	case *qphrase:
		return cp.phrase(n)
	case *qrange:
		return cp.rng(n)
	}
	return nil, fmt.Errorf("unknown query node %T", n)
}

// fieldsOf returns the text fields a leaf searches, with boosts.
func fieldsOf(field string) []string {
	if field == "" || field == "text" {
		return textFields
	}
	return []string{field}
}

func fieldBoost(field string, user float64) float64 {
	b := 1.0
	if field == "title" {
		b = 2
	}
	if user > 0 {
		b *= user
	}
	return b
}

type boostable interface {
	bquery.Query
	SetBoost(float64)
}

func disjunction(qs []bquery.Query) bquery.Query {
	switch len(qs) {
	case 0:
		return nil
	case 1:
		return qs[0]
	}
	return bquery.NewDisjunctionQuery(qs)
}

// analyze runs the named analyzer over text.
func (cp *compiler) analyze(an, text string) analysis.TokenStream {
	a := cp.m.AnalyzerNamed(an)
	if a == nil {
		return nil
	}
	return a.Analyze([]byte(text))
}

// slots turns a token stream into phrase slots (nil slots are gaps left by
// stop words).
func slots(ts analysis.TokenStream) [][]string {
	if len(ts) == 0 {
		return nil
	}
	first, last := ts[0].Position, ts[0].Position
	for _, t := range ts {
		first, last = min(first, t.Position), max(last, t.Position)
	}
	out := make([][]string, last-first+1)
	for _, t := range ts {
		i := t.Position - first
		if !slices.Contains(out[i], string(t.Term)) {
			out[i] = append(out[i], string(t.Term))
		}
	}
	return out
}

// textQuery matches text as a word or phrase in one field, analysed by
// each corpus language's analyzer.
func (cp *compiler) textQuery(field, text string, boost float64, analyzers []string) bquery.Query {
	var qs []bquery.Query
	seen := map[string]bool{}
	for _, an := range analyzers {
		sl := slots(cp.analyze(an, text))
		if len(sl) == 0 {
			continue
		}
		key := fmt.Sprint(sl)
		if seen[key] {
			continue
		}
		seen[key] = true
		var q boostable
		if len(sl) == 1 && len(sl[0]) == 1 {
			tq := bquery.NewTermQuery(sl[0][0])
			tq.SetField(field)
			q = tq
		} else {
			q = bquery.NewMultiPhraseQuery(sl, field)
		}
		q.SetBoost(boost)
		if an == textEN && !cp.positional {
			var pq bquery.Query
			if field == "body" {
				pq = cp.pairQuery(text, sl, boost)
			} else {
				pq = cp.wordsQuery(field, sl, boost)
			}
			if pq != nil {
				qs = append(qs, pq)
				continue
			}
		}
		qs = append(qs, restrictLang(an, q))
	}
	return disjunction(qs)
}

// pairQuery answers an English body phrase from its hashed word pairs
// (body_pairs) and the positions in body: only the articles holding every
// pair's code are candidates, and only their positions are read. Without
// it, Bleve's phrase searcher reads the positions of every article that
// holds all the phrase's words. Phrases whose slots hold alternatives, and
// phrases of one word between stop words, stay with Bleve.
func (cp *compiler) pairQuery(text string, sl [][]string, boost float64) bquery.Query {
	if !plainPhrase(sl) {
		return nil
	}
	var codes []string
	for _, t := range cp.analyze(pairsEN, text) {
		if c := string(t.Term); !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	if len(codes) == 0 {
		return nil // every adjacent pair spans a stop word
	}
	cp.usedPairs = true
	return &pairPhraseQuery{field: "body", slots: sl, codes: codes, boost: boost}
}

// wordsQuery answers an English phrase in a short text field (title,
// captions) as pairQuery does in body, without codes: the candidates are
// the articles with every word, their positions read straight from the
// index (Bleve's phrase searcher reads the same positions, and builds a
// map of every match's locations on the way).
func (cp *compiler) wordsQuery(field string, sl [][]string, boost float64) bquery.Query {
	if !plainPhrase(sl) {
		return nil
	}
	cp.usedPairs = true
	return &pairPhraseQuery{field: field, slots: sl, boost: boost}
}

// plainPhrase reports whether phrase slots hold two words or more and no
// alternatives.
func plainPhrase(sl [][]string) bool {
	words := 0
	for _, s := range sl {
		if len(s) > 1 {
			return false
		}
		words += len(s)
	}
	return words >= 2
}

// restrictLang limits a query built with a non-English analyzer to the
// articles in that analyzer's languages: the French stem of an English
// word must not match English articles.
func restrictLang(an string, q bquery.Query) bquery.Query {
	if an == textEN || an == simpleAnalyzer {
		return q
	}
	var langs []bquery.Query
	for lang, a := range langAnalyzers {
		if a == an {
			tq := bquery.NewTermQuery(lang)
			tq.SetField("lang")
			langs = append(langs, tq)
		}
	}
	if len(langs) == 0 {
		return q
	}
	return bquery.NewConjunctionQuery([]bquery.Query{q, disjunction(langs)})
}

func (cp *compiler) term(n *qterm) (bquery.Query, error) {
	kind := "text"
	if n.field != "" {
		kind = fieldKind(n.field)
	}
	if n.text == "*" && !n.regexp {
		if n.field == "" || n.field == "text" {
			return bquery.NewMatchAllQuery(), nil
		}
	}
	switch kind {
	case "text":
		var qs []bquery.Query
		for _, f := range fieldsOf(n.field) {
			b := fieldBoost(f, n.boost)
			switch {
			case n.regexp:
				q := bquery.NewRegexpQuery(n.text)
				q.SetField(f)
				q.SetBoost(b)
				qs = append(qs, q)
			case n.wild:
				q := bquery.NewWildcardQuery(foldLower(n.text))
				q.SetField(f)
				q.SetBoost(b)
				qs = append(qs, q)
			case n.fuzzy > 0:
				seen := map[string]bool{}
				for _, an := range cp.analyzers {
					ts := cp.analyze(an, n.text)
					if len(ts) != 1 {
						if len(ts) > 1 {
							return nil, cp.errAt(n, "fuzzy matching works on one word; %q is several", n.text)
						}
						continue
					}
					t := string(ts[0].Term)
					if seen[t] {
						continue
					}
					seen[t] = true
					q := bquery.NewFuzzyQuery(t)
					q.SetFuzziness(n.fuzzy)
					q.SetField(f)
					q.SetBoost(b)
					qs = append(qs, restrictLang(an, q))
				}
			default:
				if q := cp.textQuery(f, n.text, b, cp.analyzers); q != nil {
					qs = append(qs, q)
				}
			}
		}
		return disjunction(qs), nil
	case "id":
		return bquery.NewDocIDQuery([]string{n.text}), nil
	case "simple":
		if n.wild || n.regexp || n.fuzzy > 0 {
			return cp.keywordLeaf(n, n.field, foldLower(n.text))
		}
		return cp.textQuery(n.field, n.text, fieldBoost(n.field, n.boost), []string{simpleAnalyzer}), nil
	case "lkeyword":
		return cp.keywordLeaf(n, n.field, foldLower(n.text))
	case "lower":
		return cp.keywordLeaf(n, n.field, strings.ToLower(n.text))
	case "keyword":
		return cp.keywordLeaf(n, indexField(n.field), n.text)
	}
	return nil, cp.errAt(n, "%s does not take a word", n.field)
}

// indexField maps a query field name to the index field.
func indexField(f string) string {
	if t, ok := strings.CutPrefix(f, "entity."); ok {
		return "entity_" + t
	}
	return f
}

func (cp *compiler) keywordLeaf(n *qterm, field, v string) (bquery.Query, error) {
	var q boostable
	switch {
	case n.regexp:
		rq := bquery.NewRegexpQuery(n.text)
		rq.SetField(field)
		q = rq
	case n.wild:
		wq := bquery.NewWildcardQuery(v)
		wq.SetField(field)
		q = wq
	case n.fuzzy > 0:
		fq := bquery.NewFuzzyQuery(v)
		fq.SetFuzziness(n.fuzzy)
		fq.SetField(field)
		q = fq
	default:
		tq := bquery.NewTermQuery(v)
		tq.SetField(field)
		q = tq
	}
	if n.boost > 0 {
		q.SetBoost(n.boost)
	}
	return q, nil
}

func (cp *compiler) phrase(n *qphrase) (bquery.Query, error) {
	kind := "text"
	if n.field != "" {
		kind = fieldKind(n.field)
	}
	switch kind {
	case "text":
		var qs []bquery.Query
		for _, f := range fieldsOf(n.field) {
			b := fieldBoost(f, n.boost)
			if n.slop > 0 {
				if q := cp.proximity(f, n.text, n.slop, b); q != nil {
					qs = append(qs, q)
				}
				continue
			}
			if q := cp.textQuery(f, n.text, b, cp.analyzers); q != nil {
				qs = append(qs, q)
			}
		}
		return disjunction(qs), nil
	case "exact":
		var qs []bquery.Query
		for _, f := range textFields {
			if q := cp.textQuery(f, n.text, fieldBoost(f, n.boost), cp.analyzers); q != nil {
				qs = append(qs, q)
			}
		}
		pre := disjunction(qs)
		if pre == nil {
			// Only stop words: every article is a candidate.
			pre = bquery.NewMatchAllQuery()
		}
		return &exactQuery{inner: pre, text: n.text, c: cp.c}, nil
	}
	return cp.term(&qterm{at: n.at, field: n.field, text: n.text, boost: n.boost})
}

func (cp *compiler) proximity(field, text string, slop int, boost float64) bquery.Query {
	var qs []bquery.Query
	seen := map[string]bool{}
	for _, an := range cp.analyzers {
		var sl [][]string
		for _, s := range slots(cp.analyze(an, text)) {
			if len(s) > 0 {
				sl = append(sl, s)
			}
		}
		if len(sl) == 0 || seen[fmt.Sprint(sl)] {
			continue
		}
		seen[fmt.Sprint(sl)] = true
		if len(sl) == 1 {
			qs = append(qs, cp.textQuery(field, text, boost, []string{an}))
			continue
		}
		qs = append(qs, restrictLang(an, &proxQuery{field: field, slots: sl, slop: slop, boost: boost}))
	}
	return disjunction(qs)
}

// dateSpan reads a date in one of the accepted forms and returns the period
// it names: [start, end).
func dateSpan(v string) (time.Time, time.Time, bool) {
	for _, l := range []struct {
		layout string
		next   func(time.Time) time.Time
	}{
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }},
		{"2006-01-02", func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }},
		{"2006-01-02T15:04", func(t time.Time) time.Time { return t.Add(time.Minute) }},
		{"2006-01-02 15:04", func(t time.Time) time.Time { return t.Add(time.Minute) }},
		{"2006-01-02T15:04:05", func(t time.Time) time.Time { return t.Add(time.Second) }},
		{"2006-01-02 15:04:05", func(t time.Time) time.Time { return t.Add(time.Second) }},
		{time.RFC3339, func(t time.Time) time.Time { return t.Add(time.Second) }},
	} {
		if t, err := time.Parse(l.layout, v); err == nil {
			return t, l.next(t), true
		}
	}
	return time.Time{}, time.Time{}, false
}

func (cp *compiler) rng(n *qrange) (bquery.Query, error) {
	if n.field != "published" {
		// year, month, day: keyword ranges.
		var q *bquery.TermRangeQuery
		t, f := true, false
		switch n.op {
		case "=":
			tq := bquery.NewTermQuery(n.value)
			tq.SetField(n.field)
			return tq, nil
		case ">":
			q = bquery.NewTermRangeInclusiveQuery(n.value, "", &f, nil)
		case ">=":
			q = bquery.NewTermRangeInclusiveQuery(n.value, "", &t, nil)
		case "<":
			q = bquery.NewTermRangeInclusiveQuery("", n.value, nil, &f)
		case "<=":
			q = bquery.NewTermRangeInclusiveQuery("", n.value, nil, &t)
		}
		q.SetField(n.field)
		return q, nil
	}
	b, err := cp.dateBounds(n)
	if err != nil {
		return nil, err
	}
	return b.query(), nil
}

// dateBounds is a published range: zero times are open ends.
type dateBounds struct {
	lo, hi       time.Time
	loInc, hiInc bool
}

func (b dateBounds) query() bquery.Query {
	var loInc, hiInc *bool
	if !b.lo.IsZero() {
		loInc = &b.loInc
	}
	if !b.hi.IsZero() {
		hiInc = &b.hiInc
	}
	q := bquery.NewDateRangeInclusiveQuery(b.lo, b.hi, loInc, hiInc)
	q.SetField("published")
	return q
}

func (cp *compiler) dateBounds(n *qrange) (dateBounds, error) {
	start, end, ok := dateSpan(n.value)
	if !ok {
		return dateBounds{}, cp.errAt(n, "cannot read the date %q: write 2015-11-01, 2015-11, 2015 or 2015-11-01T14:30:00Z", n.value)
	}
	if start.Year() < 1678 || start.Year() > 2261 {
		return dateBounds{}, cp.errAt(n, "the date %q is out of range (years 1678 to 2261)", n.value)
	}
	switch n.op {
	case "=":
		return dateBounds{lo: start, loInc: true, hi: end}, nil
	case ">":
		return dateBounds{lo: end, loInc: true}, nil
	case ">=":
		return dateBounds{lo: start, loInc: true}, nil
	case "<":
		return dateBounds{hi: start}, nil
	}
	return dateBounds{hi: end}, nil // <=
}

// mergeDateRanges turns the required published ranges of one clause list
// (published:>=A AND published:<B) into a single range query, which Bleve
// runs much faster than two half-open ranges.
func (cp *compiler) mergeDateRanges(cls []qclause) ([]qclause, bquery.Query, error) {
	var idx []int
	for i, cl := range cls {
		if r, ok := cl.node.(*qrange); ok && r.field == "published" && cl.occur == occurMust {
			idx = append(idx, i)
		}
	}
	if len(idx) < 2 {
		return cls, nil, nil
	}
	var b dateBounds
	rest := make([]qclause, 0, len(cls))
	for i, cl := range cls {
		if !slices.Contains(idx, i) {
			rest = append(rest, cl)
			continue
		}
		r, err := cp.dateBounds(cl.node.(*qrange))
		if err != nil {
			return nil, nil, err
		}
		// Intersect: the later start and the earlier end win. All starts
		// are inclusive and all ends exclusive (see dateBounds).
		if !r.lo.IsZero() && (b.lo.IsZero() || r.lo.After(b.lo)) {
			b.lo, b.loInc = r.lo, r.loInc
		}
		if !r.hi.IsZero() && (b.hi.IsZero() || r.hi.Before(b.hi)) {
			b.hi, b.hiInc = r.hi, r.hiInc
		}
	}
	if !b.lo.IsZero() && !b.hi.IsZero() && !b.lo.Before(b.hi) {
		return rest, bquery.NewMatchNoneQuery(), nil
	}
	return rest, b.query(), nil
}

// proxQuery matches documents where every slot's term occurs in field
// within a window of len(slots)+slop positions, in any order. It runs a
// conjunction of the terms with term vectors and checks their positions.
type proxQuery struct {
	field string
	slots [][]string
	slop  int
	boost float64
}

func (q *proxQuery) Searcher(ctx context.Context, i bindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	var parts []bquery.Query
	for _, s := range q.slots {
		var alts []bquery.Query
		for _, t := range s {
			tq := bquery.NewTermQuery(t)
			tq.SetField(q.field)
			tq.SetBoost(q.boost)
			alts = append(alts, tq)
		}
		parts = append(parts, disjunction(alts))
	}
	opts := options
	opts.IncludeTermVectors = true
	child, err := bquery.NewConjunctionQuery(parts).Searcher(ctx, i, m, opts)
	if err != nil {
		return nil, err
	}
	want := map[string]int{}
	for si, s := range q.slots {
		for _, t := range s {
			want[t] = si
		}
	}
	window := len(q.slots) + q.slop
	return searcher.NewFilteringSearcher(ctx, child, func(_ *search.SearchContext, d *search.DocumentMatch) bool {
		var pos []slotPos
		for _, ftl := range d.FieldTermLocations {
			if ftl.Field != q.field {
				continue
			}
			if si, ok := want[ftl.Term]; ok {
				pos = append(pos, slotPos{int(ftl.Location.Pos), si})
			}
		}
		return withinWindow(pos, len(q.slots), window)
	}), nil
}

// pairPhraseQuery is an exact phrase in field. In body it is led by the
// phrase's word-pair codes in body_pairs: the articles holding every code
// are the candidates (a code is shared by other pairs, so a candidate may
// lack the phrase). Without codes (other fields) the candidates are the
// articles with every word. Each candidate's positions of the phrase's
// words are read and checked; the articles that pass are scored by their
// words, as Bleve's phrase query scores them (TF-IDF, the sum of the
// words' scores). The codes add nothing to the score.
type pairPhraseQuery struct {
	field string
	slots [][]string // one term a slot; nil slots are stop-word gaps
	codes []string   // body_pairs codes of the phrase's adjacent words (body only)
	boost float64
}

func (q *pairPhraseQuery) Searcher(ctx context.Context, i bindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	model := bindex.DefaultScoringModel
	if ctx != nil {
		if f, ok := ctx.Value(search.GetScoringModelCallbackKey).(search.GetScoringModelCallbackFn); ok {
			model = f()
		}
	}
	snap, segmented := i.(*scorch.IndexSnapshot)
	if options.IncludeTermVectors || (model != "" && model != bindex.TFIDFScoring) || !segmented {
		// Match locations wanted, or another scoring model (or an index
		// whose segments cannot be read): Bleve's phrase searcher reports
		// exactly the phrase's locations and scores.
		pq := bquery.NewMultiPhraseQuery(q.slots, q.field)
		pq.SetBoost(q.boost)
		return pq.Searcher(ctx, i, m, options)
	}
	return newPairPhraseSearcher(ctx, i, snap, q, options)
}

type slotPos struct{ pos, slot int }

// withinWindow reports whether some window of width positions holds every
// one of n slots.
func withinWindow(ps []slotPos, n, width int) bool {
	if len(ps) < n {
		return false
	}
	slices.SortFunc(ps, func(a, b slotPos) int { return a.pos - b.pos })
	count := make([]int, n)
	have, lo := 0, 0
	for hi := range ps {
		if count[ps[hi].slot] == 0 {
			have++
		}
		count[ps[hi].slot]++
		for ps[hi].pos-ps[lo].pos >= width {
			count[ps[lo].slot]--
			if count[ps[lo].slot] == 0 {
				have--
			}
			lo++
		}
		if have == n {
			return true
		}
	}
	return false
}

// exactQuery matches documents whose title, body or captions contain text
// verbatim (case and punctuation included) at word boundaries. The inner
// query (the analysed phrase) finds the candidates; the stored article
// decides.
type exactQuery struct {
	inner bquery.Query
	text  string
	c     *Corpus
}

func (q *exactQuery) Searcher(ctx context.Context, i bindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	child, err := q.inner.Searcher(ctx, i, m, options)
	if err != nil {
		return nil, err
	}
	return searcher.NewFilteringSearcher(ctx, child, func(_ *search.SearchContext, d *search.DocumentMatch) bool {
		id, err := i.ExternalID(d.IndexInternalID)
		if err != nil {
			return false
		}
		a, err := q.c.Article(id)
		if err != nil {
			return false
		}
		for _, f := range []string{a.Title, a.Body, captionsText(a)} {
			if len(exactSpans(f, q.text, 1)) > 0 {
				return true
			}
		}
		return false
	}), nil
}

// exactSpans finds up to limit (≤0: all) verbatim occurrences of needle in
// s that start and end at word boundaries.
func exactSpans(s, needle string, limit int) [][2]int {
	var out [][2]int
	if needle == "" {
		return nil
	}
	for off := 0; off < len(s); {
		i := strings.Index(s[off:], needle)
		if i < 0 {
			break
		}
		start, end := off+i, off+i+len(needle)
		if boundaryBefore(s, start) && boundaryAfter(s, end) {
			out = append(out, [2]int{start, end})
			if limit > 0 && len(out) >= limit {
				break
			}
		}
		off = start + 1
	}
	return out
}
