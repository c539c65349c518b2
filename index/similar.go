package index

import (
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"weak"

	"github.com/parallax-research/parallax/corpus"
	bolt "go.etcd.io/bbolt"
)

// Event similarity ("parallax similar") and the statistics behind it.
//
// For every stored article the corpus keeps a compact record of its event
// vector (see corpus.EventTerms: term ids tagged with their part, and
// counts; the day and the outlet) in the bucket "simvec", and the term dictionary with document frequencies in
// "simdict". They are brought up to date lazily: the first Similar, Stories
// or TermStats call after an import vectorises the new (or changed)
// articles and drops the removed ones, in one pass over the article keys,
// so nothing is recomputed for articles already seen. In memory the
// records become an inverted index whose posting lists are sorted by date,
// so a query only touches the articles inside its date window.

var (
	bSimVec  = []byte("simvec")  // article id → simRecord
	bSimDict = []byte("simdict") // "dict" → term dictionary snapshot; "version" → simVersion
	keyDict  = []byte("dict")
	keyVer   = []byte("version")
)

// simVersion changes whenever term extraction or vector selection changes:
// stored vectors of another version are recomputed.
const simVersion = 6

// Term ids in event vectors carry their part (corpus.PartText, PartTitle,
// PartLead) in the top bits.
const (
	partShift = 30
	idMask    = 1<<partShift - 1
)

func tagged(part int, id uint32) uint32 { return uint32(part)<<partShift | id }

func untag(t uint32) (part int, id uint32) { return int(t >> partShift), t & idMask }

// SimilarHit is one article reporting, probably, the same event.
type SimilarHit struct {
	ID        string    `json:"id"`
	Outlet    string    `json:"outlet"`
	Title     string    `json:"title"`
	Published time.Time `json:"published,omitzero"`
	// Score is the re-ranking model's estimate (0 to 1) that the article
	// reports the same event (see RerankWeights).
	Score   float64  `json:"score"`
	Reasons []string `json:"reasons"`
}

type posting struct {
	doc int32
	w   float32
}

type simDoc struct {
	id     string
	outlet string
	day    int32
	size   int // length of the stored article value: a change fingerprint
	// pub is the published day (NoDay: undated); day is the day used for
	// date windows: pub, else the day estimated from the URL
	// (corpus.URLDayModel), else NoDay. urlDay marks the estimate.
	pub    int32
	url    string
	urlDay bool
	// useq and userial are the URL's serial number (see corpus.URLSerial),
	// userial 0 when there is none.
	useq    string
	userial uint64
	terms   []uint32 // tagged term ids (see tagged), ascending
	tf      []uint16
	w       []float32 // event vector weights, parallel to terms
	dead    bool
	// est is the estimated day of an undated article (NoDay when unknown):
	// the day its most similar dated articles cluster on.
	est     int32
	estDone bool
}

// when is the day used for date windows: the date, else the estimate.
func (d *simDoc) when() int32 {
	if d.day == corpus.NoDay {
		return d.est
	}
	return d.day
}

// simState is the in-memory similarity index of one open corpus.
type simState struct {
	mu   sync.RWMutex
	txid int // store transaction the state reflects (-1: never synced)

	dict  map[string]uint32
	terms []string
	df    []int32
	n     int // articles counted in df

	docs   []simDoc
	byID   map[string]int32
	post   [][]posting // by slot (part·stride + term id), sorted by (day, doc)
	stride int         // term ids when post was built
	order  []int32     // live docs sorted by (day, doc)

	stories *storyState
	urls    *corpus.URLDayModel // serial numbers of the dated articles' URLs
}

var (
	simMu     sync.Mutex
	simStates = map[weak.Pointer[Corpus]]*simState{}
)

// sim returns the similarity state of c, creating it on first use. It is
// forgotten when the Corpus is garbage collected.
func (c *Corpus) sim() *simState {
	k := weak.Make(c)
	simMu.Lock()
	defer simMu.Unlock()
	if s, ok := simStates[k]; ok {
		return s
	}
	s := &simState{txid: -1, dict: map[string]uint32{}, byID: map[string]int32{}}
	simStates[k] = s
	runtime.AddCleanup(c, func(k weak.Pointer[Corpus]) {
		simMu.Lock()
		delete(simStates, k)
		simMu.Unlock()
	}, k)
	return s
}

// DocFreq implements corpus.TermStats.
func (s *simState) DocFreq(term string) int {
	if id, ok := s.dict[term]; ok {
		return int(s.df[id])
	}
	return 0
}

// Docs implements corpus.TermStats.
func (s *simState) Docs() int { return s.n }

func (s *simState) termID(t string) uint32 {
	if id, ok := s.dict[t]; ok {
		return id
	}
	id := uint32(len(s.terms))
	s.dict[t] = id
	s.terms = append(s.terms, t)
	s.df = append(s.df, 0)
	return id
}

// TermStats returns the corpus's document frequencies, brought up to date
// with the stored articles. They are the prior of corpus.Compare.
func (c *Corpus) TermStats(ctx context.Context) (corpus.TermStats, error) {
	s, err := c.syncSim(ctx)
	if err != nil {
		return nil, err
	}
	return &lockedStats{s}, nil
}

type lockedStats struct{ s *simState }

func (l *lockedStats) DocFreq(t string) int {
	l.s.mu.RLock()
	defer l.s.mu.RUnlock()
	return l.s.DocFreq(t)
}

func (l *lockedStats) Docs() int {
	l.s.mu.RLock()
	defer l.s.mu.RUnlock()
	return l.s.Docs()
}

// syncSim brings the similarity state up to date with the store and
// returns it (not locked).
func (c *Corpus) syncSim(ctx context.Context) (*simState, error) {
	s := c.sim()
	var txid int
	c.db.View(func(tx *bolt.Tx) error { txid = tx.ID(); return nil })
	s.mu.RLock()
	fresh := s.txid == txid
	s.mu.RUnlock()
	if fresh {
		return s, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.sync(ctx, c); err != nil {
		return nil, fmt.Errorf("corpus %s: similarity index: %w", c.dir, err)
	}
	return s, nil
}

// sync loads the stored records on first use, vectorises new and changed
// articles, drops removed ones, saves what changed and rebuilds the
// postings. s.mu is held.
func (s *simState) sync(ctx context.Context, c *Corpus) error {
	if s.txid < 0 {
		if err := s.load(c); err != nil {
			return err
		}
	}
	// Diff the article keys against the known records.
	type todo struct {
		id   string
		size int
	}
	var add []todo
	seen := make([]bool, len(s.docs))
	var txid int
	err := c.db.View(func(tx *bolt.Tx) error {
		txid = tx.ID()
		cur := tx.Bucket(bArticles).Cursor()
		for k, v := cur.First(); k != nil; k, v = cur.Next() {
			if i, ok := s.byID[string(k)]; ok && !s.docs[i].dead {
				seen[i] = true
				if s.docs[i].size == len(v) {
					continue
				}
			}
			add = append(add, todo{string(k), len(v)})
		}
		return nil
	})
	if err != nil {
		return err
	}
	var removed []string
	for i := range s.docs {
		d := &s.docs[i]
		if d.dead || seen[i] {
			continue
		}
		removed = append(removed, d.id)
		s.kill(int32(i))
	}
	// Changed articles are removed and added again.
	for _, t := range add {
		if i, ok := s.byID[t.id]; ok && !s.docs[i].dead {
			s.kill(i)
		}
	}
	var added []int32
	const chunk = 2000
	for len(add) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		n := min(len(add), chunk)
		ids := make([]string, n)
		sizes := make([]int, n)
		for i, t := range add[:n] {
			ids[i], sizes[i] = t.id, t.size
		}
		add = add[n:]
		arts, err := c.loadArticles(ids)
		if err != nil {
			return err
		}
		counts := make([]corpus.TermCounts, len(arts))
		parts := make([][corpus.EventParts]corpus.TermCounts, len(arts))
		parallel(len(arts), func(i int) {
			if arts[i] != nil {
				counts[i] = corpus.ArticleTerms(arts[i])
				parts[i] = corpus.EventTermsFrom(arts[i], counts[i])
			}
		})
		// Document frequencies first, so each chunk is weighted with them.
		for _, tc := range counts {
			if tc == nil {
				continue
			}
			for t := range tc {
				s.df[s.termID(t)]++
			}
			s.n++
		}
		for i, a := range arts {
			if a == nil {
				continue
			}
			d := s.newDoc(a, parts[i], sizes[i])
			if j, ok := s.byID[a.ID]; ok {
				s.docs[j] = d
				added = append(added, j)
			} else {
				s.byID[a.ID] = int32(len(s.docs))
				added = append(added, int32(len(s.docs)))
				s.docs = append(s.docs, d)
			}
		}
	}
	s.urlDates()
	s.rebuild()
	// Estimated dates are saved with the records, so they are computed once.
	added = append(added, s.estimateUndated()...)
	if len(added) > 0 || len(removed) > 0 {
		if err := s.save(c, added, removed); err != nil {
			return err
		}
		txid = ownWrite(c, txid)
	}
	s.txid = txid
	return nil
}

// ownWrite returns the store's transaction id after our one write on top
// of transaction before, or before when somebody else wrote meanwhile (so
// the next call looks again).
func ownWrite(c *Corpus, before int) int {
	now := before
	c.db.View(func(tx *bolt.Tx) error { now = tx.ID(); return nil })
	if now == before+1 {
		return now
	}
	return before
}

// setURL keeps the article's URL and its serial number.
func (d *simDoc) setURL(u string) {
	d.url = u
	d.useq, d.userial = "", 0
	if seq, n, ok := corpus.URLSerial(u); ok {
		d.useq, d.userial = seq, n
	}
}

// urlDates estimates the days of undated articles from their URLs (see
// corpus.URLDayModel), learning serial numbers from the dated articles.
func (s *simState) urlDates() {
	m := &corpus.URLDayModel{}
	for i := range s.docs {
		if d := &s.docs[i]; !d.dead && d.pub != corpus.NoDay && d.userial != 0 {
			m.AddSerial(d.useq, d.userial, d.pub)
		}
	}
	m.Build()
	for i := range s.docs {
		d := &s.docs[i]
		if d.dead || d.pub != corpus.NoDay {
			continue
		}
		d.day = corpus.URLDay(d.url)
		if d.day == corpus.NoDay && d.userial != 0 {
			d.day = m.EstimateSerial(d.useq, d.userial)
		}
		d.urlDay = d.day != corpus.NoDay
	}
	s.urls = m
}

// kill forgets document i (its df contribution through its kept terms).
func (s *simState) kill(i int32) {
	d := &s.docs[i]
	if d.dead {
		return
	}
	for _, t := range d.terms {
		if p, id := untag(t); p == corpus.PartText && s.df[id] > 0 {
			s.df[id]--
		}
	}
	s.n--
	d.dead = true
	if s.stories != nil {
		s.stories.remove(s, i)
	}
}

// newDoc keeps the event vector of an article: the VectorTerms most
// distinctive content terms, the title terms and the lead terms.
func (s *simState) newDoc(a *corpus.Article, parts [corpus.EventParts]corpus.TermCounts, size int) simDoc {
	d := simDoc{id: a.ID, outlet: a.Outlet, day: corpus.DayNumber(a.Published), size: size}
	d.pub = d.day
	d.setURL(a.URL)
	d.terms, d.tf = s.eventTerms(parts, corpus.VectorTerms, true)
	return d
}

// eventTerms returns the tagged term ids and counts of an event vector,
// ascending, keeping the n most distinctive content terms (all when n <=
// 0). Unknown terms get ids when add is set and are dropped otherwise.
func (s *simState) eventTerms(parts [corpus.EventParts]corpus.TermCounts, n int, add bool) ([]uint32, []uint16) {
	type pair struct {
		t  uint32
		tf uint16
	}
	var ps []pair
	for p, tc := range parts {
		var terms []string
		if p == corpus.PartText {
			terms = corpus.Vectorize(tc, s, n).Terms
		} else {
			terms = make([]string, 0, len(tc))
			for t := range tc {
				terms = append(terms, t)
			}
		}
		for _, t := range terms {
			var id uint32
			if add {
				id = s.termID(t)
			} else if x, ok := s.dict[t]; ok {
				id = x
			} else {
				continue
			}
			ps = append(ps, pair{tagged(p, id), uint16(min(tc[t], math.MaxUint16))})
		}
	}
	slices.SortFunc(ps, func(a, b pair) int { return cmp.Compare(a.t, b.t) })
	terms, tf := make([]uint32, len(ps)), make([]uint16, len(ps))
	for i, p := range ps {
		terms[i], tf[i] = p.t, p.tf
	}
	return terms, tf
}

// loadArticles reads and decodes articles in parallel; a damaged or missing
// one is nil.
func (c *Corpus) loadArticles(ids []string) ([]*corpus.Article, error) {
	raw := make([][]byte, len(ids))
	err := c.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bArticles)
		for i, id := range ids {
			if v := b.Get([]byte(id)); v != nil {
				raw[i] = slices.Clone(v)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	arts := make([]*corpus.Article, len(ids))
	parallel(len(ids), func(i int) {
		if raw[i] != nil {
			arts[i], _ = decodeArticle(raw[i])
		}
	})
	return arts, nil
}

// parallel runs fn(0..n-1) on GOMAXPROCS goroutines.
func parallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var wg sync.WaitGroup
	next := make(chan int, workers)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// load reads the stored dictionary and records; records of another
// version are discarded (everything is vectorised again).
func (s *simState) load(c *Corpus) error {
	s.dict, s.terms, s.df, s.n = map[string]uint32{}, nil, nil, 0
	s.docs, s.byID = nil, map[string]int32{}
	ok := false
	err := c.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bSimDict)
		if b == nil {
			return nil
		}
		if v := b.Get(keyVer); len(v) != 4 || binary.LittleEndian.Uint32(v) != simVersion {
			return nil
		}
		if err := s.decodeDict(b.Get(keyDict)); err != nil {
			return err
		}
		vb := tx.Bucket(bSimVec)
		if vb == nil {
			return nil
		}
		ok = true
		return vb.ForEach(func(k, v []byte) error {
			d, err := decodeSimRecord(string(k), v)
			if err != nil {
				return err
			}
			for _, t := range d.terms {
				if p, id := untag(t); p >= corpus.EventParts || int(id) >= len(s.terms) {
					return errors.New("damaged vector record")
				}
			}
			s.byID[d.id] = int32(len(s.docs))
			s.docs = append(s.docs, d)
			return nil
		})
	})
	if err != nil || !ok {
		// Missing, old or damaged: start again from the articles.
		s.dict, s.terms, s.df, s.n = map[string]uint32{}, nil, nil, 0
		s.docs, s.byID = nil, map[string]int32{}
		return c.db.Update(func(tx *bolt.Tx) error {
			for _, name := range [][]byte{bSimVec, bSimDict, bStories, bStoryOf} {
				if tx.Bucket(name) != nil {
					if err := tx.DeleteBucket(name); err != nil {
						return err
					}
				}
			}
			return nil
		})
	}
	return nil
}

// save stores the records of added documents, deletes removed ones and
// writes the dictionary snapshot.
func (s *simState) save(c *Corpus, added []int32, removed []string) error {
	return c.db.Update(func(tx *bolt.Tx) error {
		vb, err := tx.CreateBucketIfNotExists(bSimVec)
		if err != nil {
			return err
		}
		db, err := tx.CreateBucketIfNotExists(bSimDict)
		if err != nil {
			return err
		}
		for _, id := range removed {
			if err := vb.Delete([]byte(id)); err != nil {
				return err
			}
		}
		for _, i := range added {
			d := &s.docs[i]
			if err := vb.Put([]byte(d.id), encodeSimRecord(d)); err != nil {
				return err
			}
		}
		var ver [4]byte
		binary.LittleEndian.PutUint32(ver[:], simVersion)
		if err := db.Put(keyVer, ver[:]); err != nil {
			return err
		}
		return db.Put(keyDict, s.encodeDict())
	})
}

// Dictionary snapshot: uvarint n, uvarint docs, then per term id: uvarint
// length, bytes, uvarint df.
func (s *simState) encodeDict() []byte {
	out := make([]byte, 0, 16*len(s.terms))
	out = binary.AppendUvarint(out, uint64(len(s.terms)))
	out = binary.AppendUvarint(out, uint64(max(s.n, 0)))
	for i, t := range s.terms {
		out = binary.AppendUvarint(out, uint64(len(t)))
		out = append(out, t...)
		out = binary.AppendUvarint(out, uint64(max(s.df[i], 0)))
	}
	return out
}

func (s *simState) decodeDict(v []byte) error {
	bad := errors.New("damaged term dictionary")
	if v == nil {
		return nil
	}
	n, k := binary.Uvarint(v)
	if k <= 0 || n > uint64(len(v)) {
		return bad
	}
	v = v[k:]
	docs, k := binary.Uvarint(v)
	if k <= 0 {
		return bad
	}
	v = v[k:]
	s.n = int(docs)
	s.terms = make([]string, 0, n)
	s.df = make([]int32, 0, n)
	for range n {
		l, k := binary.Uvarint(v)
		if k <= 0 || uint64(len(v)-k) < l {
			return bad
		}
		t := string(v[k : k+int(l)])
		v = v[k+int(l):]
		df, k := binary.Uvarint(v)
		if k <= 0 {
			return bad
		}
		v = v[k:]
		s.dict[t] = uint32(len(s.terms))
		s.terms = append(s.terms, t)
		s.df = append(s.df, int32(df))
	}
	return nil
}

// Record: int32 published day, uvarint size, uvarint len + outlet, uvarint
// len + URL, uvarint n, then n
// × (uvarint term-id delta, uvarint tf), then for an undated article whose
// date was estimated the int32 estimate.
func encodeSimRecord(d *simDoc) []byte {
	out := make([]byte, 4, 16+len(d.outlet)+4*len(d.terms))
	binary.LittleEndian.PutUint32(out, uint32(d.pub))
	out = binary.AppendUvarint(out, uint64(d.size))
	out = binary.AppendUvarint(out, uint64(len(d.outlet)))
	out = append(out, d.outlet...)
	out = binary.AppendUvarint(out, uint64(len(d.url)))
	out = append(out, d.url...)
	out = binary.AppendUvarint(out, uint64(len(d.terms)))
	prev := uint32(0)
	for i, t := range d.terms {
		out = binary.AppendUvarint(out, uint64(t-prev))
		out = binary.AppendUvarint(out, uint64(d.tf[i]))
		prev = t
	}
	if d.estDone {
		out = binary.LittleEndian.AppendUint32(out, uint32(d.est))
	}
	return out
}

func decodeSimRecord(id string, v []byte) (simDoc, error) {
	bad := fmt.Errorf("damaged vector record %s", id)
	d := simDoc{id: id}
	if len(v) < 4 {
		return d, bad
	}
	d.day = int32(binary.LittleEndian.Uint32(v))
	d.pub = d.day
	v = v[4:]
	next := func() (uint64, bool) {
		x, k := binary.Uvarint(v)
		if k <= 0 {
			return 0, false
		}
		v = v[k:]
		return x, true
	}
	size, ok1 := next()
	l, ok2 := next()
	if !ok1 || !ok2 || uint64(len(v)) < l {
		return d, bad
	}
	d.size = int(size)
	d.outlet = string(v[:l])
	v = v[l:]
	l, ok3 := next()
	if !ok3 || uint64(len(v)) < l {
		return d, bad
	}
	d.setURL(string(v[:l]))
	v = v[l:]
	n, ok := next()
	if !ok || n > uint64(len(v)) {
		return d, bad
	}
	d.terms = make([]uint32, n)
	d.tf = make([]uint16, n)
	prev := uint64(0)
	for i := range n {
		dt, ok1 := next()
		tf, ok2 := next()
		if !ok1 || !ok2 {
			return d, bad
		}
		prev += dt
		d.terms[i], d.tf[i] = uint32(prev), uint16(tf)
	}
	if len(v) >= 4 {
		d.est, d.estDone = int32(binary.LittleEndian.Uint32(v)), true
	}
	return d, nil
}

// rebuild recomputes the weights with the current document frequencies and
// the date-sorted postings.
func (s *simState) rebuild() {
	idf := make([]float32, len(s.terms))
	for i, df := range s.df {
		idf[i] = float32(corpus.IDF(int(df), s.n))
	}
	s.order = s.order[:0]
	s.stride = len(s.terms)
	counts := make([]int32, corpus.EventParts*s.stride)
	scale := eventScale()
	for i := range s.docs {
		d := &s.docs[i]
		if d.dead {
			continue
		}
		s.order = append(s.order, int32(i))
		d.w = weigh(d.terms, d.tf, idf, scale, d.w)
		for _, t := range d.terms {
			counts[s.slot(t)]++
		}
	}
	slices.SortFunc(s.order, func(a, b int32) int {
		if da, db := s.docs[a].day, s.docs[b].day; da != db {
			if da < db {
				return -1
			}
			return 1
		}
		return int(a - b)
	})
	if cap(s.post) < len(counts) {
		s.post = make([][]posting, len(counts))
	}
	s.post = s.post[:len(counts)]
	for t := range s.post {
		if counts[t] == 0 {
			s.post[t] = nil
			continue
		}
		if cap(s.post[t]) < int(counts[t]) {
			s.post[t] = make([]posting, 0, counts[t])
		}
		s.post[t] = s.post[t][:0]
	}
	for _, i := range s.order {
		d := &s.docs[i]
		for k, t := range d.terms {
			sl := s.slot(t)
			s.post[sl] = append(s.post[sl], posting{i, d.w[k]})
		}
	}
}

// slot is the postings index of a tagged term id, -1 when the postings
// predate the term.
func (s *simState) slot(t uint32) int {
	p, id := untag(t)
	if int(id) >= s.stride {
		return -1
	}
	return p*s.stride + int(id)
}

// eventScale is the factor of each normalised part of an event vector:
// the square root of its weight (see corpus.EventWeights).
func eventScale() [corpus.EventParts]float32 {
	var out [corpus.EventParts]float32
	for p, w := range corpus.EventWeights() {
		out[p] = float32(math.Sqrt(w))
	}
	return out
}

// weigh returns the event vector weights of tagged terms: (1+ln tf)·idf,
// normalised within each part and scaled by the part's factor. The parts
// are contiguous, as the part is in the top bits of the ids.
func weigh(terms []uint32, tf []uint16, idf []float32, scale [corpus.EventParts]float32, dst []float32) []float32 {
	dst = slices.Grow(dst[:0], len(terms))[:len(terms)]
	for start := 0; start < len(terms); {
		p, _ := untag(terms[start])
		end := start
		norm := 0.0
		for ; end < len(terms); end++ {
			q, id := untag(terms[end])
			if q != p {
				break
			}
			w := (1 + float32(math.Log(float64(max(tf[end], 1))))) * idf[id]
			dst[end] = w
			norm += float64(w) * float64(w)
		}
		if norm > 0 {
			f := float32(1/math.Sqrt(norm)) * scale[p]
			for k := start; k < end; k++ {
				dst[k] *= f
			}
		}
		start = end
	}
	return dst
}

// query is a vector in term-id space plus the facts the filters need.
type query struct {
	self   int32 // the article's own doc index, or -1
	day    int32 // the date (NoDay: undated, no window)
	est    int32 // the date, or the estimated date of an undated article
	outlet string
	// datedOnly leaves the undated articles out of a windowed search.
	datedOnly bool
	terms     []uint32
	w         []float32
}

// queryFor makes the query of an article: its stored vector when it is in
// the corpus (and unchanged), else a vector computed on the fly.
func (s *simState) queryFor(a *corpus.Article) query {
	q := query{self: -1, day: corpus.DayNumber(a.Published), outlet: a.Outlet}
	if i, ok := s.byID[a.ID]; ok && !s.docs[i].dead {
		q.self = i
		if q.day == corpus.NoDay {
			q.day = s.docs[i].day
		}
	}
	if q.day == corpus.NoDay {
		q.day = s.urls.Estimate(a.URL)
	}
	// The query keeps all its terms (the stored vectors keep their most
	// distinctive ones): more overlap to find, at no cost to precision.
	var tf []uint16
	q.terms, tf = s.eventTerms(corpus.EventTerms(a), queryTerms, false)
	idf := func(id uint32) float32 { return float32(corpus.IDF(int(s.df[id]), s.n)) }
	q.w = make([]float32, len(q.terms))
	scale := eventScale()
	norm := [corpus.EventParts]float64{}
	for k, t := range q.terms {
		p, id := untag(t)
		w := (1 + float32(math.Log(float64(max(tf[k], 1))))) * idf(id)
		q.w[k] = w
		norm[p] += float64(w) * float64(w)
	}
	for k, t := range q.terms {
		if p, _ := untag(t); norm[p] > 0 {
			q.w[k] *= float32(1/math.Sqrt(norm[p])) * scale[p]
		}
	}
	q.est = q.day
	if q.day == corpus.NoDay {
		if q.self >= 0 {
			q.est = s.docs[q.self].est
		} else {
			acc := getAcc(len(s.docs))
			terms, w := heaviest(q.terms, q.w, estTerms)
			q.est = s.estimateDay(terms, w, -1, acc)
			putAcc(acc)
		}
	}
	return q
}

// EstimateMissFactor multiplies the score of an undated article whose
// estimated date falls outside the window (it is kept: estimates err).
var EstimateMissFactor = 0.7

// dateFactor scores the date distance of a query (day, or est when
// undated) and a document: corpus.DateFactor when both are dated, else the
// undated factor, lowered when the estimated dates fall outside the window.
func dateFactor(day, est int32, d *simDoc, days int) (float64, bool) {
	if day != corpus.NoDay && d.day != corpus.NoDay {
		return corpus.DateFactor(day, d.day, days)
	}
	b := d.when()
	if est == corpus.NoDay || b == corpus.NoDay || days < 0 {
		return corpus.UndatedFactor, true
	}
	f, ok := corpus.DateFactor(est, b, days)
	if !ok {
		return corpus.UndatedFactor * EstimateMissFactor, true
	}
	return corpus.UndatedFactor * f, true
}

// estTerms is how many of its heaviest terms an undated article's date
// estimate searches with (all of them would cost a scan of the corpus).
const estTerms = 30

// heaviest returns the n heaviest terms (all when fewer).
func heaviest(terms []uint32, w []float32, n int) ([]uint32, []float32) {
	if len(terms) <= n {
		return terms, w
	}
	idx := make([]int, len(terms))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		switch {
		case w[a] > w[b]:
			return -1
		case w[a] < w[b]:
			return 1
		}
		return a - b
	})
	idx = idx[:n]
	slices.Sort(idx)
	ts, ws := make([]uint32, n), make([]float32, n)
	for k, i := range idx {
		ts[k], ws[k] = terms[i], w[i]
	}
	return ts, ws
}

// estMinCos is the cosine the best dated neighbour of an undated article
// needs for its date to be estimated.
const estMinCos = 0.2

// estimateDay estimates the day of an undated text: among its ten most
// similar dated articles, the day (±1) with the most similarity. acc is
// zeroed scratch space, returned zeroed.
func (s *simState) estimateDay(terms []uint32, w []float32, self int32, acc []float32) int32 {
	touched := s.neighbours(query{self: self, day: corpus.NoDay, terms: terms, w: w}, -1, acc, nil)
	type cand struct {
		day int32
		cos float32
	}
	var cs []cand
	for _, i := range touched {
		cos := acc[i]
		acc[i] = 0
		if i == self || s.docs[i].day == corpus.NoDay {
			continue
		}
		cs = append(cs, cand{s.docs[i].day, cos})
	}
	slices.SortFunc(cs, func(a, b cand) int {
		return cmp.Or(cmp.Compare(b.cos, a.cos), int(a.day-b.day))
	})
	if len(cs) == 0 || cs[0].cos < estMinCos {
		return corpus.NoDay
	}
	cs = cs[:min(len(cs), 10)]
	best, bestW := int32(corpus.NoDay), float32(0)
	for _, c := range cs {
		var sum float32
		for _, o := range cs {
			if o.day >= c.day-1 && o.day <= c.day+1 {
				sum += o.cos
			}
		}
		if sum > bestW {
			best, bestW = c.day, sum
		}
	}
	return best
}

// estimateUndated estimates the day of undated articles not done yet and
// returns them.
func (s *simState) estimateUndated() []int32 {
	var todo []int32
	for _, i := range s.order {
		if d := &s.docs[i]; d.day == corpus.NoDay && !d.estDone {
			todo = append(todo, i)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	ests := make([]int32, len(todo))
	workers := min(runtime.GOMAXPROCS(0), len(todo))
	var wg sync.WaitGroup
	for wk := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			acc := getAcc(len(s.docs))
			for k := wk; k < len(todo); k += workers {
				d := &s.docs[todo[k]]
				terms, w := heaviest(d.terms, d.w, estTerms)
				ests[k] = s.estimateDay(terms, w, todo[k], acc)
			}
			putAcc(acc)
		}()
	}
	wg.Wait()
	for k, i := range todo {
		s.docs[i].est, s.docs[i].estDone = ests[k], true
	}
	return todo
}

// queryTerms is the number of terms of a similarity query (0: all).
var queryTerms = 0

// scored is a candidate document with its text cosine.
type scored struct {
	doc   int32
	cos   float32
	score float64
}

// neighbours returns the documents sharing a term with q inside the date
// window (days < 0: no window), with their cosine, unsorted. acc is
// scratch space of len(s.docs) zeros, returned zeroed.
func (s *simState) neighbours(q query, days int, acc []float32, touched []int32) []int32 {
	windowed := q.day != corpus.NoDay && days >= 0
	lo, hi := q.day-int32(max(days, 0)), q.day+int32(max(days, 0))
	for k, t := range q.terms {
		sl := s.slot(t)
		if sl < 0 {
			continue
		}
		ps := s.post[sl]
		wq := q.w[k]
		if !windowed {
			for _, p := range ps {
				if acc[p.doc] == 0 {
					touched = append(touched, p.doc)
				}
				acc[p.doc] += wq * p.w
			}
			continue
		}
		start := sort.Search(len(ps), func(i int) bool { return s.docs[ps[i].doc].day >= lo })
		for _, p := range ps[start:] {
			if s.docs[p.doc].day > hi {
				break
			}
			if acc[p.doc] == 0 {
				touched = append(touched, p.doc)
			}
			acc[p.doc] += wq * p.w
		}
		if q.datedOnly {
			continue
		}
		// Undated articles sit at the end of every list: always candidates.
		und := sort.Search(len(ps), func(i int) bool { return s.docs[ps[i].doc].day == corpus.NoDay })
		for _, p := range ps[und:] {
			if acc[p.doc] == 0 {
				touched = append(touched, p.doc)
			}
			acc[p.doc] += wq * p.w
		}
	}
	return touched
}

var accPool sync.Pool

func getAcc(n int) []float32 {
	if v, ok := accPool.Get().(*[]float32); ok && cap(*v) >= n {
		return (*v)[:n]
	}
	return make([]float32, n)
}

func putAcc(a []float32) { accPool.Put(&a) }

// rank scores the neighbours of q, applying the date factor and the
// filters, and returns the best k (all when k <= 0) with score >= minScore.
func (s *simState) rank(q query, k, days int, otherOutlets bool, minScore float64) []scored {
	acc := getAcc(len(s.docs))
	touched := s.neighbours(q, days, acc, nil)
	out := make([]scored, 0, len(touched))
	for _, i := range touched {
		cos := acc[i]
		acc[i] = 0
		if i == q.self {
			continue
		}
		d := &s.docs[i]
		if otherOutlets && d.outlet == q.outlet {
			continue
		}
		f, ok := dateFactor(q.day, q.est, d, days)
		if !ok {
			continue
		}
		if d.outlet == q.outlet {
			f *= corpus.SameOutletFactor
		}
		sc := float64(cos) * f
		if sc < minScore {
			continue
		}
		out = append(out, scored{doc: i, cos: cos, score: sc})
	}
	putAcc(acc)
	slices.SortFunc(out, func(a, b scored) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return strings.Compare(s.docs[a.doc].id, s.docs[b.doc].id)
	})
	if k > 0 && len(out) > k {
		out = out[:k]
	}
	return out
}

// MinSimilar is the lowest score Similar reports.
const MinSimilar = 0.05

// Similar returns the k articles most likely to report the same event as a
// (a stored article, or any article analysed on the fly), best first: the
// similarity of their event vectors (distinctive terms, title and lead; see
// corpus.EventTerms) times a date factor, within ±days of a's date (days <
// 0: no window; undated articles are always candidates, penalised, more so
// when their estimated date falls outside the window), times
// corpus.SameOutletFactor for a's own outlet, the best RerankDepth then
// re-ranked with their shared passages (PassageWeight). Undated articles
// whose URL tells their day are windowed as dated. otherOutlets leaves out
// a's own outlet.
func (c *Corpus) Similar(ctx context.Context, a *corpus.Article, k, days int, otherOutlets bool) ([]SimilarHit, error) {
	s, err := c.syncSim(ctx)
	if err != nil {
		return nil, err
	}
	if k <= 0 {
		k = 10
	}
	cs, q, qv := c.candidates(s, a, k, max(k, RerankDepth), days, otherOutlets)
	if RerankWeights != ([RerankFeatures]float64{}) && len(cs) > 1 {
		for i := range cs {
			cs[i].score = cs[i].rerankScore()
		}
		slices.SortStableFunc(cs, func(x, y candidate) int { return cmp.Compare(y.score, x.score) })
	}
	cs = cs[:min(k, len(cs))]
	qURLDay := q.day != corpus.NoDay && a.Published.IsZero()
	hits := make([]SimilarHit, 0, len(cs))
	for _, h0 := range cs {
		h := SimilarHit{ID: h0.id, Score: round3(h0.score)}
		var ents []string
		if b := h0.art; b != nil {
			h.Outlet, h.Title, h.Published = b.Outlet, b.Title, b.Published
			s.mu.RLock()
			ents = corpus.SharedEntities(a, b, s, 5)
			s.mu.RUnlock()
		}
		h.Reasons = corpus.SimilarityReasonsWith(qv, h0.v, ents, q.day, h0.day)
		if qURLDay || h0.urlDay {
			h.Reasons = append(h.Reasons, "date estimated from the URL")
		}
		hits = append(hits, h)
	}
	return hits, nil
}

// termVector turns the content-term part of an event vector into a
// corpus.TermVector (sorted by term).
func (s *simState) termVector(ids []uint32, w []float32) corpus.TermVector {
	type tw struct {
		t string
		w float64
	}
	xs := make([]tw, 0, len(ids))
	for i, t := range ids {
		if p, id := untag(t); p == corpus.PartText {
			xs = append(xs, tw{s.terms[id], float64(w[i])})
		}
	}
	slices.SortFunc(xs, func(a, b tw) int { return strings.Compare(a.t, b.t) })
	v := corpus.TermVector{Terms: make([]string, len(xs)), Weights: make([]float64, len(xs))}
	for i, x := range xs {
		v.Terms[i], v.Weights[i] = x.t, x.w
	}
	return v
}

func round3(f float64) float64 { return math.Round(f*1000) / 1000 }

// ResetSimilarity forgets the term vectors, the dictionary and the story
// assignments: they are computed again from the articles on next use.
func (c *Corpus) ResetSimilarity() error {
	s := c.sim()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.txid, s.dict, s.terms, s.df, s.n = -1, map[string]uint32{}, nil, nil, 0
	s.docs, s.byID, s.post, s.order, s.stories = nil, map[string]int32{}, nil, nil, nil
	return c.db.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bSimVec, bSimDict, bStories, bStoryOf} {
			if tx.Bucket(name) != nil {
				if err := tx.DeleteBucket(name); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// CompareIDs compares stored articles side by side (see corpus.Compare),
// with the corpus's document frequencies as the prior.
func (c *Corpus) CompareIDs(ids ...string) (*corpus.Comparison, error) {
	if len(ids) < 2 {
		return nil, errors.New("compare needs at least two articles")
	}
	arts := make([]*corpus.Article, len(ids))
	for i, id := range ids {
		a, err := c.Article(id)
		if err != nil {
			return nil, err
		}
		arts[i] = a
	}
	prior, err := c.TermStats(context.Background())
	if err != nil {
		return nil, err
	}
	return corpus.Compare(arts, prior), nil
}

// CompareOutletsIDs compares, outlet by outlet, the stored articles with
// these ids (a story's or a query's): see corpus.CompareOutlets.
func (c *Corpus) CompareOutletsIDs(ctx context.Context, ids ...string) (*corpus.OutletComparison, error) {
	arts := make([]*corpus.Article, 0, len(ids))
	for _, id := range ids {
		a, err := c.Article(id)
		if err != nil {
			return nil, err
		}
		arts = append(arts, a)
	}
	prior, err := c.TermStats(ctx)
	if err != nil {
		return nil, err
	}
	return corpus.CompareOutlets(arts, prior), nil
}

// Re-ranking. Similar takes the best RerankDepth candidates of the event
// score and orders them by a logistic model over a few features of each
// pair (RerankWeights, fitted on stories-dev pairs by eval/stories -fit):
// the cosines of the four parts of the event vectors, the date distance,
// whether a date is missing or estimated, the same outlet, and the
// passages the two texts share (coverage of one event quotes the same
// sentences). A zero RerankWeights keeps the event score's order.

// RerankFeatures is the number of re-ranking features (see candidate.x).
const RerankFeatures = 12

// RerankDepth is how many candidates are re-ranked.
var RerankDepth = 15

// RerankWeights are the logistic model's weights, in the order of
// RerankFeatureNames, fitted on all stories-dev events over the 37k corpus
// (eval/stories -fit all -pairwise: the weights order pairs of a member and
// a non-member of the query's event, then a scale and the bias are fitted
// so the score reads as a probability). Fitted on one half of the events,
// the model scores recall@5 0.866 and 0.853 on the other half (0.825 and
// 0.839 without re-ranking). The large negative weight of the same outlet
// says that an outlet's follow-ups are not what stories-dev calls coverage
// of the event; with --other-outlets re-ranking still gains.
var RerankWeights = [RerankFeatures]float64{
	-5.3117, 1.9304, 6.8703, 1.2360, 1.7446, -0.1719,
	0.8391, 0.5995, -0.6273, -0.5459, -5.5852, 0.2914,
}

// RerankFeatureNames name the features, in order.
var RerankFeatureNames = [RerankFeatures]string{"bias", "score", "text", "title", "lead", "entity",
	"same day", "1 day", "2-3 days", "undated", "same outlet", "passages"}

type candidate struct {
	id     string
	day    int32
	urlDay bool
	v      corpus.TermVector
	art    *corpus.Article
	score  float64
	x      [RerankFeatures]float64
}

func (c *candidate) rerankScore() float64 {
	z := 0.0
	for i, w := range RerankWeights {
		z += w * c.x[i]
	}
	return 1 / (1 + math.Exp(-z))
}

// candidates returns the best depth candidates of the event score with
// their re-ranking features, the query and its term vector.
func (c *Corpus) candidates(s *simState, a *corpus.Article, k, depth, days int, otherOutlets bool) ([]candidate, query, corpus.TermVector) {
	s.mu.RLock()
	q := s.queryFor(a)
	top := s.rank(q, depth, days, otherOutlets, MinSimilar)
	qv := s.termVector(q.terms, q.w)
	cs := make([]candidate, len(top))
	for i, t := range top {
		d := &s.docs[t.doc]
		cs[i] = candidate{id: d.id, day: d.day, urlDay: d.urlDay, v: s.termVector(d.terms, d.w), score: t.score}
		cs[i].x = s.pairFeatures(&q, t, d)
	}
	s.mu.RUnlock()
	var qs map[uint64]struct{}
	if len(cs) > 1 {
		qs = corpus.PassageSet(a)
	}
	for i := range cs {
		cs[i].art, _ = c.Article(cs[i].id)
		if cs[i].art != nil && qs != nil {
			cs[i].x[11] = corpus.PassageOverlap(qs, cs[i].art)
		}
	}
	return cs, q, qv
}

// pairFeatures are the re-ranking features of a candidate but the shared
// passages.
func (s *simState) pairFeatures(q *query, t scored, d *simDoc) [RerankFeatures]float64 {
	var x [RerankFeatures]float64
	x[0], x[1] = 1, t.score
	// The parts' cosines: both vectors are sorted by tagged id.
	var dots [corpus.EventParts]float64
	i, j := 0, 0
	for i < len(q.terms) && j < len(d.terms) {
		switch a, b := q.terms[i], d.terms[j]; {
		case a == b:
			p, _ := untag(a)
			dots[p] += float64(q.w[i]) * float64(d.w[j])
			i++
			j++
		case a < b:
			i++
		default:
			j++
		}
	}
	for p, w := range corpus.EventWeights() {
		if w > 0 {
			x[2+p] = dots[p] / w
		}
	}
	qd, dd := q.day, d.day
	if qd == corpus.NoDay || dd == corpus.NoDay {
		x[9] = 1
		qd, dd = q.est, d.when()
	}
	if qd != corpus.NoDay && dd != corpus.NoDay {
		switch diff := max(qd-dd, dd-qd); {
		case diff == 0:
			x[6] = 1
		case diff == 1:
			x[7] = 1
		case diff <= 3:
			x[8] = 1
		}
	}
	if d.outlet == q.outlet {
		x[10] = 1
	}
	return x
}

// SimilarCandidate is one candidate of Similar before re-ranking, with its
// features, for fitting the re-ranking model.
type SimilarCandidate struct {
	ID string
	X  [RerankFeatures]float64
}

// SimilarCandidates returns the candidates Similar re-ranks for a, in the
// event score's order.
func (c *Corpus) SimilarCandidates(ctx context.Context, a *corpus.Article, days int, otherOutlets bool) ([]SimilarCandidate, error) {
	s, err := c.syncSim(ctx)
	if err != nil {
		return nil, err
	}
	cs, _, _ := c.candidates(s, a, RerankDepth, RerankDepth, days, otherOutlets)
	out := make([]SimilarCandidate, len(cs))
	for i, x := range cs {
		out[i] = SimilarCandidate{ID: x.id, X: x.x}
	}
	return out, nil
}

// EstimatedDay returns the day similarity and stories use for a stored
// article (see corpus.DayNumber): its published day; for an undated
// article the day read from its URL (fromURL), else the day its most
// similar dated articles cluster on, else corpus.NoDay.
func (c *Corpus) EstimatedDay(ctx context.Context, id string) (day int32, fromURL bool, err error) {
	s, err := c.syncSim(ctx)
	if err != nil {
		return corpus.NoDay, false, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	i, ok := s.byID[id]
	if !ok || s.docs[i].dead {
		return corpus.NoDay, false, fmt.Errorf("no article with id %q", id)
	}
	d := &s.docs[i]
	return d.when(), d.urlDay, nil
}
