package index

import (
	"context"
	"math"
	"runtime"
	"slices"
	"sort"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/scorer"
	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// pairPhraseSearcher runs a pairPhraseQuery over an index snapshot: the
// candidates are the documents holding every code of the phrase in
// body_pairs (or, without codes, every word); each one's positions of the
// phrase's words are checked (phraseCursor), and the documents that hold
// the phrase are scored by the words' term scorers.
//
// A body phrase with many candidates is checked on two cores: a helper
// goroutine checks the upper half of the document numbers while the
// searcher's caller collects the lower half, then the helper's finds are
// returned in order. The documents, their order and their scores are the
// same either way.
type pairPhraseSearcher struct {
	snap    *scorch.IndexSnapshot
	q       *pairPhraseQuery
	scorers []*scorer.TermQueryScorer
	options search.SearcherOptions
	count   uint64 // candidates (the codes' postings, as a conjunction counts them)
	scratch bindex.TermFieldDoc

	cur     *phraseCursor // the documents below split
	started bool
	last    uint64 // the last document returned, when started
	split   uint64 // the helper's documents start here (maxDoc when there is no helper)
	helper  *phraseHelper
	next    int        // the helper's next find to return
	fn      []freqNorm // the current match's, reused
}

// parallelPhraseCandidates is how many candidates make a helper worth
// starting: the helper's own postings readers and its thread cost about
// what checking a few hundred candidates does. (A variable for the tests.)
var parallelPhraseCandidates uint64 = 1500

func newPairPhraseSearcher(ctx context.Context, i bindex.IndexReader, snap *scorch.IndexSnapshot, q *pairPhraseQuery, options search.SearcherOptions) (*pairPhraseSearcher, error) {
	p := &pairPhraseSearcher{snap: snap, q: q, options: options}
	total, err := i.DocCount()
	if err != nil {
		return nil, err
	}
	cur, err := newPhraseCursor(snap, q)
	if err != nil {
		return nil, err
	}
	// As a conjunction counts: the sum of its parts' counts.
	for _, c := range cur.codes {
		p.count += c.count
	}
	if len(cur.codes) == 0 {
		for _, w := range cur.words {
			p.count += w.count
		}
	}
	for k, w := range cur.words {
		if err := search.RecordTermSearcher(ctx); err != nil {
			return nil, err
		}
		p.scorers = append(p.scorers, scorer.NewTermQueryScorer([]byte(cur.terms[k]), q.field, q.boost, total, w.count, 0, options))
	}
	p.cur = cur
	p.split = cur.maxDoc
	// As a conjunction of the words: normalised over their weights.
	if w := p.Weight(); w > 0 {
		p.SetQueryNorm(1 / math.Sqrt(w))
	}
	return p, nil
}

func (p *pairPhraseSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	from := uint64(0)
	if p.started {
		from = p.last + 1
	}
	return p.find(ctx, from)
}

func (p *pairPhraseSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	target := id.Value()
	if p.started && target <= p.last {
		// Backwards (Bleve's searchers never ask it of a child, but a
		// term reader allows it): start again.
		if err := p.restart(); err != nil {
			return nil, err
		}
	}
	return p.find(ctx, target)
}

// restart puts the searcher back before its first document.
func (p *pairPhraseSearcher) restart() error {
	p.stopHelper()
	cur, err := newPhraseCursor(p.snap, p.q)
	if err != nil {
		return err
	}
	p.cur, p.started, p.split, p.next = cur, false, cur.maxDoc, 0
	return nil
}

// find returns the first document numbered from or more that holds the
// phrase, scored.
func (p *pairPhraseSearcher) find(ctx *search.SearchContext, from uint64) (*search.DocumentMatch, error) {
	// Only the codes count candidates: a sum of the words' counts overstates them.
	if !p.started && p.helper == nil && len(p.q.codes) > 0 && p.count >= parallelPhraseCandidates && runtime.GOMAXPROCS(0) > 1 && from < p.cur.maxDoc/2 {
		p.startHelper(p.cur.maxDoc / 2)
	}
	p.started = true
	if from < p.split {
		doc, ok, err := p.cur.find(from, p.split)
		if err != nil {
			return nil, err
		}
		if ok {
			p.last = doc
			p.fn = p.cur.freqNorms(p.fn[:0])
			return p.match(ctx, doc, p.fn), nil
		}
		from = p.split
	}
	if p.helper == nil {
		return nil, nil
	}
	h := p.helper
	<-h.done
	if h.err != nil {
		return nil, h.err
	}
	p.next += sort.Search(len(h.found)-p.next, func(k int) bool { return h.found[p.next+k].doc >= from })
	if p.next >= len(h.found) {
		return nil, nil
	}
	f := &h.found[p.next]
	p.next++
	p.last = f.doc
	n := len(p.scorers)
	return p.match(ctx, f.doc, h.fns[f.fn*n:f.fn*n+n]), nil
}

// match is document doc as a match, its score the sum of its words' scores
// (fn: each word's frequency and norm in it).
func (p *pairPhraseSearcher) match(ctx *search.SearchContext, doc uint64, fn []freqNorm) *search.DocumentMatch {
	d := ctx.DocumentMatchPool.Get()
	d.IndexInternalID = bindex.NewIndexInternalID(d.IndexInternalID, doc)
	var sum float64
	var expl []*search.Explanation
	for k, sc := range p.scorers {
		// The score needs no term vectors, and locations were not asked for.
		p.scratch.ID, p.scratch.Freq, p.scratch.Norm = d.IndexInternalID, fn[k].freq, fn[k].norm
		m := sc.Score(ctx, &p.scratch)
		sum += m.Score
		if p.options.Explain {
			expl = append(expl, m.Expl)
		}
		ctx.DocumentMatchPool.Put(m)
	}
	d.Score = sum
	if p.options.Explain {
		d.Expl = &search.Explanation{Value: sum, Message: "sum of:", Children: expl}
	}
	return d
}

// phraseHelper checks the documents from a number on, on its own
// goroutine, with its own postings readers.
type phraseHelper struct {
	found []phraseFind
	fns   []freqNorm // the finds' words' frequencies and norms, one run of len(words) each
	err   error
	done  chan struct{}
	stop  atomic.Bool
}

// phraseFind is a document that holds the phrase, with where its words'
// frequencies and norms are in phraseHelper.fns (in runs of len(words)).
type phraseFind struct {
	doc uint64
	fn  int
}

type freqNorm struct {
	freq uint64
	norm float64
}

func (p *pairPhraseSearcher) startHelper(from uint64) {
	h := &phraseHelper{done: make(chan struct{})}
	p.helper, p.split = h, from
	go func() {
		defer close(h.done)
		cur, err := newPhraseCursor(p.snap, p.q)
		if err != nil {
			h.err = err
			return
		}
		for doc := from; !h.stop.Load(); doc++ {
			var ok bool
			doc, ok, err = cur.find(doc, cur.maxDoc)
			if err != nil || !ok {
				h.err = err
				return
			}
			h.found = append(h.found, phraseFind{doc: doc, fn: len(h.found)})
			h.fns = cur.freqNorms(h.fns)
		}
	}()
}

// stopHelper stops the helper, if one runs, and waits for it.
func (p *pairPhraseSearcher) stopHelper() {
	if p.helper != nil {
		p.helper.stop.Store(true)
		<-p.helper.done
		p.helper = nil
	}
}

func (p *pairPhraseSearcher) Close() error {
	p.stopHelper()
	return nil
}

// Weight is the conjunction of the words' weights, as for a phrase.
func (p *pairPhraseSearcher) Weight() float64 {
	var w float64
	for _, s := range p.scorers {
		w += s.Weight()
	}
	return w
}

func (p *pairPhraseSearcher) SetQueryNorm(qnorm float64) {
	for _, s := range p.scorers {
		s.SetQueryNorm(qnorm)
	}
}

func (p *pairPhraseSearcher) Count() uint64 { return p.count }
func (p *pairPhraseSearcher) Min() int      { return 0 }
func (p *pairPhraseSearcher) Size() int     { return 512 }
func (p *pairPhraseSearcher) DocumentMatchPoolSize() int {
	return len(p.q.codes) + 1
}

// phraseCursor walks a pair phrase's candidates in document order and
// checks each one's positions: the phrase's words at consecutive places
// (stop-word gaps included) within one value of the field.
type phraseCursor struct {
	codes   []*wordPostings // body_pairs codes: membership only
	words   []*wordPostings // the phrase's words, with positions
	terms   []string
	offsets []uint64 // each word's place in the phrase
	maxDoc  uint64   // one past the highest document number
	done    bool     // a code or word has no document left
}

func newPhraseCursor(snap *scorch.IndexSnapshot, q *pairPhraseQuery) (*phraseCursor, error) {
	pc := &phraseCursor{}
	for _, c := range q.codes {
		w, err := newWordPostings(snap, "body_pairs", c, false)
		if err != nil {
			return nil, err
		}
		pc.codes = append(pc.codes, w)
	}
	for off, s := range q.slots {
		if len(s) == 0 {
			continue
		}
		w, err := newWordPostings(snap, q.field, s[0], true)
		if err != nil {
			return nil, err
		}
		pc.words = append(pc.words, w)
		pc.terms = append(pc.terms, s[0])
		pc.offsets = append(pc.offsets, uint64(off))
	}
	for _, ss := range snap.Segments() {
		pc.maxDoc += ss.Segment().Count()
	}
	return pc, nil
}

// find returns the first document numbered from or more, and below end,
// that holds the phrase; false when there is none. Its words' postings
// are then on it (freqNorms).
func (pc *phraseCursor) find(from, end uint64) (uint64, bool, error) {
	for doc := from; !pc.done && doc < end; {
		cand, ok, err := pc.candidate(doc)
		if err != nil || !ok || cand >= end {
			return 0, false, err
		}
		holds, err := pc.holds(cand)
		if err != nil {
			return 0, false, err
		}
		if holds {
			return cand, true, nil
		}
		doc = cand + 1
	}
	return 0, false, nil
}

// candidate returns the first document numbered doc or more that holds
// every code (without codes: every word).
func (pc *phraseCursor) candidate(doc uint64) (uint64, bool, error) {
	lead := pc.codes
	if len(lead) == 0 {
		lead = pc.words
	}
	for agreed := 0; agreed < len(lead); {
		agreed = 0
		for _, c := range lead {
			if c.cur == nil || c.doc < doc {
				ok, err := c.advance(doc)
				if err != nil || !ok {
					pc.done = !ok
					return 0, false, err
				}
			}
			if c.doc > doc {
				doc = c.doc
				break
			}
			agreed++
		}
	}
	return doc, true, nil
}

// holds reports whether document doc has the phrase's words at
// consecutive places within one value of the field.
func (pc *phraseCursor) holds(doc uint64) (bool, error) {
	for _, w := range pc.words {
		if w.cur == nil || w.doc < doc {
			ok, err := w.advance(doc)
			if err != nil || !ok {
				pc.done = !ok
				return false, err
			}
		}
		if w.doc != doc {
			return false, nil
		}
	}
	for _, l := range pc.words[0].cur.Locations() {
		ok := true
		for k := 1; k < len(pc.words) && ok; k++ {
			ok = hasPosition(pc.words[k].cur.Locations(), l.Pos()+pc.offsets[k], l.ArrayPositions())
		}
		if ok {
			return true, nil
		}
	}
	return false, nil
}

// freqNorms appends the words' frequencies and norms in the document
// they are on to fn.
func (pc *phraseCursor) freqNorms(fn []freqNorm) []freqNorm {
	for _, w := range pc.words {
		fn = append(fn, freqNorm{w.cur.Frequency(), w.cur.Norm()})
	}
	return fn
}

func hasPosition(ls []segment.Location, pos uint64, ap []uint64) bool {
	for _, l := range ls {
		if l.Pos() == pos && slices.Equal(l.ArrayPositions(), ap) {
			return true
		}
	}
	return false
}

// wordPostings reads one term's postings in a field (with frequencies,
// norms and positions when full is set) straight from the index
// snapshot's segments, as Bleve's term field reader does but without
// copying every location into a term vector first (most of a phrase
// check's cost). Documents are the snapshot's global numbers
// (IndexInternalID values).
type wordPostings struct {
	its     []segment.PostingsIterator
	offsets []uint64 // each segment's first global number
	count   uint64   // documents with the term (for its idf)
	seg     int
	cur     segment.Posting // the current document's posting; nil before the first
	doc     uint64          // cur's global number
}

func newWordPostings(snap *scorch.IndexSnapshot, field, term string, full bool) (*wordPostings, error) {
	w := &wordPostings{}
	var base uint64
	for _, ss := range snap.Segments() {
		dict, err := ss.Segment().Dictionary(field)
		if err != nil {
			return nil, err
		}
		pl, err := dict.PostingsList([]byte(term), ss.Deleted(), nil)
		if err != nil {
			return nil, err
		}
		w.count += pl.Count()
		w.its = append(w.its, pl.Iterator(full, full, full, nil))
		w.offsets = append(w.offsets, base)
		base += ss.Segment().Count() // as the snapshot numbers its segments' documents
	}
	return w, nil
}

// advance moves to the first document numbered doc or more, past the
// current one; false when there is none.
func (w *wordPostings) advance(doc uint64) (bool, error) {
	for w.seg < len(w.its) {
		if w.seg+1 < len(w.its) && doc >= w.offsets[w.seg+1] {
			w.seg++ // doc is in a later segment
			continue
		}
		base := w.offsets[w.seg]
		var p segment.Posting
		var err error
		if doc > base {
			p, err = w.its[w.seg].Advance(doc - base)
		} else {
			p, err = w.its[w.seg].Next()
		}
		if err != nil {
			return false, err
		}
		if p != nil {
			w.cur, w.doc = p, base+p.Number()
			return true, nil
		}
		w.seg++
	}
	return false, nil
}
