package index

import (
	"container/heap"
	"context"
	"encoding/binary"
	"math"
	"slices"
	"strings"

	"github.com/parallax-research/parallax/corpus"
	bolt "go.etcd.io/bbolt"
)

// CooccurQuery selects articles and entities (EntityQuery) and says how to
// count and rank pairs.
type CooccurQuery struct {
	EntityQuery
	// Window is "doc" (default: both in the title or body of an article) or
	// "sentence" (both in one sentence).
	Window string
	// Measure ranks the pairs: count (default), docs, pmi, npmi, g2, jaccard.
	Measure string
	// Top is the number of pairs returned (default 100).
	Top int
}

// Pair is two entities that occur together, with the association measures
// of the pair over the selected articles (or their sentences).
type Pair struct {
	A, B EntityStat
	// Count is the number of windows (articles or sentences) holding both;
	// Docs the number of articles.
	Count int     `json:"count"`
	Docs  int     `json:"docs"`
	PMI   float64 `json:"pmi"`
	NPMI  float64 `json:"npmi"`
	G2    float64 `json:"g2"`
	// Jaccard is Count over the windows holding either.
	Jaccard float64 `json:"jaccard"`
	// Score is the value of the ranking measure.
	Score float64 `json:"score"`
}

// DefaultMinCount is the minimum count Cooccur uses when MinCount is 0:
// 1 for count, docs and g2; 3 for pmi, npmi and jaccard, which otherwise
// rank pairs seen once at the top.
func DefaultMinCount(measure string) int {
	switch measure {
	case corpus.MeasurePMI, corpus.MeasureNPMI, corpus.MeasureJaccard:
		return 3
	}
	return 1
}

// pairItem is a ranked candidate pair.
type pairItem struct {
	key      uint64
	ab, docs int32
	score    float64
}

// topPairs keeps the best k pairs (a min-heap on rank).
type topPairs struct {
	k     int
	items []pairItem
}

func better(x, y *pairItem) bool {
	if x.score != y.score {
		return x.score > y.score
	}
	if x.ab != y.ab {
		return x.ab > y.ab
	}
	return x.key < y.key
}

func (t *topPairs) Len() int           { return len(t.items) }
func (t *topPairs) Less(i, j int) bool { return better(&t.items[j], &t.items[i]) }
func (t *topPairs) Swap(i, j int)      { t.items[i], t.items[j] = t.items[j], t.items[i] }
func (t *topPairs) Push(x any)         { t.items = append(t.items, x.(pairItem)) }
func (t *topPairs) Pop() any {
	x := t.items[len(t.items)-1]
	t.items = t.items[:len(t.items)-1]
	return x
}

func (t *topPairs) offer(it pairItem) {
	if len(t.items) < t.k {
		heap.Push(t, it)
		return
	}
	if better(&it, &t.items[0]) {
		t.items[0] = it
		heap.Fix(t, 0)
	}
}

func (t *topPairs) sorted() []pairItem {
	out := slices.Clone(t.items)
	slices.SortFunc(out, func(a, b pairItem) int {
		if better(&a, &b) {
			return -1
		}
		if better(&b, &a) {
			return 1
		}
		return 0
	})
	return out
}

// ranker scores candidate pairs.
type ranker struct {
	p        *entityPass
	sentence bool
	measure  string
	minCount int
	types    map[string]bool
	top      topPairs
}

func (rk *ranker) n() int {
	if rk.sentence {
		return rk.p.nSents
	}
	return rk.p.nDocs
}

func (rk *ranker) freq(id uint32) int {
	if rk.sentence {
		return int(rk.p.sents[id])
	}
	return int(rk.p.docs[id])
}

func (rk *ranker) table(a, b uint32, ab int) corpus.Table {
	return corpus.Table{N: rk.n(), A: rk.freq(a), B: rk.freq(b), AB: ab}
}

// floor is the score a pair must beat to enter a full top list when the
// measure is a count (so counts alone can rule pairs out); ok is false
// otherwise.
func (rk *ranker) floor() (float64, bool) {
	if (rk.measure != corpus.MeasureCount && rk.measure != corpus.MeasureDocs) || len(rk.top.items) < rk.top.k {
		return 0, false
	}
	return rk.top.items[0].score, true
}

func (rk *ranker) offer(key uint64, ab, docs int) {
	if ab < rk.minCount || ab <= 0 {
		return
	}
	if f, ok := rk.floor(); ok {
		v := ab
		if rk.measure == corpus.MeasureDocs {
			v = docs
		}
		if float64(v) < f {
			return
		}
	}
	a, b := corpus.UnpackPair(key)
	if rk.types != nil && (!rk.types[rk.p.typeOf(int32(a))] || !rk.types[rk.p.typeOf(int32(b))]) {
		return
	}
	if int(a) >= len(rk.p.count) || int(b) >= len(rk.p.count) || rk.p.count[a] == 0 || rk.p.count[b] == 0 {
		return
	}
	s := rk.table(a, b, ab).Score(rk.measure, docs)
	rk.top.offer(pairItem{key: key, ab: int32(ab), docs: int32(docs), score: s})
}

// Cooccur ranks the pairs of entities that occur together in the selected
// articles. Over the whole corpus (no query or filter, captions off) it
// reads the pair counts kept up to date at import and recounts only the
// pairs the alias table changes; otherwise it counts the selected
// articles' entity lists. Counts are always exact.
func (c *Corpus) Cooccur(ctx context.Context, q CooccurQuery) ([]Pair, error) {
	measure, err := corpus.ParseMeasure(q.Measure)
	if err != nil {
		return nil, err
	}
	window, err := corpus.ParseWindow(q.Window)
	if err != nil {
		return nil, err
	}
	types, err := typeSet(q.Types)
	if err != nil {
		return nil, err
	}
	top := q.Top
	if top <= 0 {
		top = 100
	}
	minCount := q.MinCount
	if minCount <= 0 {
		minCount = DefaultMinCount(measure)
	}
	sentence := window == corpus.WindowSentence
	ec, r, s, p, err := c.cooccurInput(ctx, &q.EntityQuery, sentence)
	if err != nil {
		return nil, err
	}
	rk := &ranker{p: p, sentence: sentence, measure: measure, minCount: minCount, types: types, top: topPairs{k: top}}
	if s.whole && !q.Captions {
		err = c.rankWhole(ctx, ec, r, rk)
	} else {
		err = rankScoped(ctx, ec, r, s.docs, q.Captions, rk)
	}
	if err != nil {
		return nil, err
	}
	items := rk.top.sorted()
	if ec.lazy {
		ids := make([]uint32, 0, 2*len(items))
		for _, it := range items {
			a, b := corpus.UnpackPair(it.key)
			ids = append(ids, a, b)
		}
		if err := c.fillNames(ec, ids); err != nil {
			return nil, err
		}
	}
	out := make([]Pair, len(items))
	stats := map[uint32]EntityStat{}
	stat := func(id uint32) EntityStat {
		st, ok := stats[id]
		if !ok {
			st = p.stat(ec, r, int32(id))
			stats[id] = st
		}
		return st
	}
	for i, it := range items {
		a, b := corpus.UnpackPair(it.key)
		t := rk.table(a, b, int(it.ab))
		out[i] = Pair{A: stat(a), B: stat(b), Count: int(it.ab), Docs: int(it.docs),
			PMI: finite(t.PMI()), NPMI: t.NPMI(), G2: t.G2(), Jaccard: t.Jaccard(), Score: finite(it.score)}
	}
	return out, ctx.Err()
}

// cooccurInput returns the entity tables, resolver, scope and entity
// counts of a co-occurrence query. When the entity cache is loaded it is
// used; otherwise a first query reads no more than it needs: over the
// whole corpus (no captions, no alias rule) only the name records, whose
// stats give the entity counts, and for a text query or filters only the
// doc records of the matching articles.
func (c *Corpus) cooccurInput(ctx context.Context, q *EntityQuery, sentence bool) (*entCache, *resolver, scope, *entityPass, error) {
	if err := c.checkEntFormat(ctx); err != nil {
		return nil, nil, scope{}, nil, err
	}
	if c.loadedEnts() == nil {
		t, err := c.Aliases()
		if err != nil {
			return nil, nil, scope{}, nil, err
		}
		// With no alias rule the resolver needs no names: they are read
		// for the result only.
		lazy := len(t.Rules) == 0
		var ec *entCache
		var ids []string
		switch {
		case !q.hasArticleFilter() && !q.Captions && c.nameStatsStored():
			ec, err = c.partialEnts(nil, lazy)
		case strings.TrimSpace(q.Query.Text) != "" || len(q.Query.Filters) > 0:
			if ids, err = c.matchingIDs(ctx, q.Query); err == nil {
				ec, err = c.partialEnts(ids, lazy)
			}
		}
		if err != nil {
			return nil, nil, scope{}, nil, err
		}
		if ec != nil {
			r, err := c.resolver(ec)
			if err != nil {
				return nil, nil, scope{}, nil, err
			}
			if ids == nil {
				if r.identity() {
					return ec, r, scope{whole: true}, storedPass(ec, r, sentence), nil
				}
			} else {
				cand := make([]int32, len(ec.docs))
				for i := range cand {
					cand[i] = int32(i)
				}
				s := filterDocs(ec, q, cand)
				return ec, r, s, c.countEntities(ec, r, s, q.Captions, false, sentence), nil
			}
		}
	}
	ec, r, err := c.entsResolved()
	if err != nil {
		return nil, nil, scope{}, nil, err
	}
	s, err := c.selectDocs(ctx, ec, q)
	if err != nil {
		return nil, nil, scope{}, nil, err
	}
	return ec, r, s, c.countEntities(ec, r, s, q.Captions, false, sentence), nil
}

func finite(x float64) float64 {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return 0
	}
	return x
}

// rankWhole ranks over the whole corpus from the stored pair counts.
func (c *Corpus) rankWhole(ctx context.Context, ec *entCache, r *resolver, rk *ranker) error {
	nBase := len(ec.names)
	affected := make([]bool, nBase)
	target := make([]bool, r.size())
	anyAffected := false
	mark := func(id uint32) {
		affected[id] = true
		anyAffected = true
		if t := r.canon[id]; t >= 0 {
			target[t] = true
			if int(t) < nBase {
				affected[t] = true
			}
		}
	}
	anySplit := false
	for i := range r.canon {
		if r.canon[i] != int32(i) || r.split[i] {
			mark(uint32(i))
			anySplit = anySplit || r.split[i]
		}
	}
	if anySplit {
		for di := range ec.docs {
			for _, m := range ec.docs[di].ms {
				if r.split[m.canon] && m.surf != 0 {
					mark(m.surf)
				}
			}
		}
	}
	// Stored pairs between unaffected entities are exact as they are.
	err := c.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bEntPairs)
		if b == nil {
			return nil
		}
		cur := b.Cursor()
		n := 0
		for k, v := cur.First(); k != nil; k, v = cur.Next() {
			if n++; n&4095 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			if len(k) != 8 {
				continue
			}
			a := binary.BigEndian.Uint32(k[:4])
			if int(a) < nBase && affected[a] {
				continue
			}
			maxDoc, maxSent, v := chunkMax(v)
			most := maxDoc
			if rk.sentence {
				most = maxSent
			}
			if int(most) < rk.minCount {
				continue
			}
			if f, ok := rk.floor(); ok && float64(most) < f {
				continue
			}
			prev := uint32(0)
			for len(v) > 0 {
				var x [4]uint64
				for i := range x {
					var w int
					x[i], w = binary.Uvarint(v)
					if w <= 0 {
						return errDamaged
					}
					v = v[w:]
				}
				prev += uint32(x[0])
				bb := prev
				if int(bb) < nBase && affected[bb] {
					continue
				}
				key := uint64(a)<<32 | uint64(bb)
				if rk.sentence {
					rk.offer(key, int(x[2]), int(x[3]))
				} else {
					rk.offer(key, int(x[1]), int(x[1]))
				}
			}
		}
		return nil
	})
	if err != nil || !anyAffected {
		return err
	}
	// Recount the pairs of the entities the alias table changes.
	var docs []int32
	for di := range ec.docs {
		for _, m := range ec.docs[di].ms {
			if affected[m.canon] {
				docs = append(docs, int32(di))
				break
			}
		}
	}
	return countPairs(ctx, ec, r, docs, false, rk, func(a, b uint32) bool { return target[a] || target[b] })
}

// rankScoped counts the pairs of the given docs.
func rankScoped(ctx context.Context, ec *entCache, r *resolver, docs []int32, captions bool, rk *ranker) error {
	return countPairs(ctx, ec, r, docs, captions, rk, nil)
}

// countPairs counts the pairs of docs (those keep accepts) and offers them.
// The counting units (article or sentence entity sets) are laid out flat;
// an inverted list gives, for every entity a, the units where a has later
// (larger) entities, and a dense counter array collects a's partners. This
// touches memory far less randomly than a hash map or a sort of pair keys.
func countPairs(ctx context.Context, ec *entCache, r *resolver, docs []int32, captions bool, rk *ranker, keep func(a, b uint32) bool) error {
	var sb setBuf
	var flat []uint32 // the units' entity sets, one after another
	var endOf []int32 // for each flat element, the end of its unit
	var docOf []int32 // for each flat element, its article (sentence window)
	add := func(set []uint32, doc int32) {
		if len(set) < 2 {
			return
		}
		flat = append(flat, set...)
		end := int32(len(flat))
		for range set {
			endOf = append(endOf, end)
			if rk.sentence {
				docOf = append(docOf, doc)
			}
		}
	}
	for n, di := range docs {
		if n&1023 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		rec := docRec{ms: ec.docs[di].ms}
		doc, sents := sb.sets(&rec, r.resolve, captions)
		if !rk.sentence {
			add(doc, di)
			continue
		}
		for _, s := range sents {
			add(s, di)
		}
	}
	size := r.size()
	// Inverted lists: offs[a]..offs[a+1] in post are the flat positions of a
	// that have a later element in their unit.
	offs := make([]int32, size+1)
	for i, a := range flat {
		if int32(i+1) < endOf[i] {
			offs[a+1]++
		}
	}
	for a := 1; a <= size; a++ {
		offs[a] += offs[a-1]
	}
	post := make([]int32, offs[size])
	fill := slices.Clone(offs[:size])
	for i, a := range flat {
		if int32(i+1) < endOf[i] {
			post[fill[a]] = int32(i)
			fill[a]++
		}
	}
	acc := make([]int32, size)
	var accDocs, lastDoc []int32
	if rk.sentence {
		accDocs = make([]int32, size)
		lastDoc = make([]int32, size)
		for i := range lastDoc {
			lastDoc[i] = -1
		}
	}
	var touched []uint32
	for a := 0; a < size; a++ {
		ps := post[offs[a]:offs[a+1]]
		if len(ps) == 0 {
			continue
		}
		if a&1023 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		for _, fi := range ps {
			d := int32(0)
			if rk.sentence {
				d = docOf[fi]
			}
			for _, b := range flat[fi+1 : endOf[fi]] {
				if keep != nil && !keep(uint32(a), b) {
					continue
				}
				if acc[b] == 0 {
					touched = append(touched, b)
				}
				acc[b]++
				if rk.sentence && lastDoc[b] != d {
					lastDoc[b] = d
					accDocs[b]++
				}
			}
		}
		for _, b := range touched {
			k := uint64(a)<<32 | uint64(b)
			if rk.sentence {
				rk.offer(k, int(acc[b]), int(accDocs[b]))
				accDocs[b], lastDoc[b] = 0, -1
			} else {
				rk.offer(k, int(acc[b]), int(acc[b]))
			}
			acc[b] = 0
		}
		touched = touched[:0]
	}
	return nil
}
