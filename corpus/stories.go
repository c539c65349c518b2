package corpus

import (
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Stories: incremental clustering of articles into events. Articles arrive
// one at a time (in date order when clustering from scratch); each joins
// the story whose centroid (the sum of its members' normalised vectors) it
// is most similar to, when that cosine reaches StoryThreshold and its date
// lies within the story's date span widened by the window, else it starts
// a new story. Candidate stories come from the article's nearest
// neighbours, which the caller finds with its inverted index, so adding an
// article costs a few dot products whatever the corpus size.

// StoryThreshold is the lowest score (see StoryLink) between an article
// and a story for the article to join the story (tuned on stories-dev; a
// variable for experiments, saved with the assignments so a change
// clusters again).
var StoryThreshold = 0.10

// StoryDays is the default story window: every dated article of a story
// lies within this many days of every other.
const StoryDays = 2

// SparseVector is a normalised vector over term ids, ids ascending.
type SparseVector struct {
	IDs []uint32
	W   []float32
}

// StoryCluster is one story.
type StoryCluster struct {
	// ID is stable for the life of the story.
	ID int
	// Members are the document keys, in the order they joined.
	Members []int
	// First and Last are the day numbers of the oldest and newest dated
	// member (NoDay when every member is undated).
	First, Last int32
	sum         map[uint32]float64
	norm2       float64
}

// StoryClusterer groups documents into stories. Keys are the caller's
// document numbers.
type StoryClusterer struct {
	// Days is the date window either side of a story's span.
	Days int
	// Threshold is the joining cosine (StoryThreshold when zero).
	Threshold float64

	clusters map[int]*StoryCluster
	of       map[int]int // doc key → cluster id
	day      map[int]int32
	vec      map[int]SparseVector
	next     int
}

// NewStoryClusterer returns an empty clusterer.
func NewStoryClusterer(days int, threshold float64) *StoryClusterer {
	if threshold <= 0 {
		threshold = StoryThreshold
	}
	return &StoryClusterer{Days: days, Threshold: threshold, clusters: map[int]*StoryCluster{},
		of: map[int]int{}, day: map[int]int32{}, vec: map[int]SparseVector{}, next: 1}
}

// Of returns the story id of a document and whether it has one.
func (sc *StoryClusterer) Of(key int) (int, bool) {
	id, ok := sc.of[key]
	return id, ok
}

// Cluster returns the story with this id, or nil.
func (sc *StoryClusterer) Cluster(id int) *StoryCluster { return sc.clusters[id] }

// Clusters returns the stories, by id.
func (sc *StoryClusterer) Clusters() []*StoryCluster {
	out := make([]*StoryCluster, 0, len(sc.clusters))
	for _, c := range sc.clusters {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b *StoryCluster) int { return a.ID - b.ID })
	return out
}

// NextID is the id the next new story gets.
func (sc *StoryClusterer) NextID() int { return sc.next }

// Len is the number of stories.
func (sc *StoryClusterer) Len() int { return len(sc.clusters) }

// Add assigns a document to the best story among those of its neighbours
// (document keys already added; others are ignored), or to a new story,
// and returns the story id.
func (sc *StoryClusterer) Add(key int, day int32, v SparseVector, neighbours []int) int {
	best, bestCos := -1, sc.Threshold
	tried := map[int]bool{}
	for _, n := range neighbours {
		id, ok := sc.of[n]
		if !ok || tried[id] {
			continue
		}
		tried[id] = true
		c := sc.clusters[id]
		if !sc.inWindow(c, day) {
			continue
		}
		cos := c.cosine(v)
		if day == NoDay || c.First == NoDay {
			cos *= UndatedFactor
		}
		if cos >= bestCos {
			best, bestCos = id, cos
		}
	}
	if best < 0 {
		best = sc.next
		sc.next++
	}
	sc.Put(key, best, day, v)
	return best
}

// Neighbour is a document and its cosine with the one being added.
type Neighbour struct {
	Key int
	Cos float64
}

// StoryLink chooses how AddLinked scores a story: "centroid" (cosine with
// the centroid) or "average" (mean cosine with the members).
var StoryLink = "average"

// StoryNearestJoin is the cosine at which an undated article joins the
// story of its nearest dated neighbour outright (0: never). Without a date
// an article has no window, and the mean cosine over a story favours small
// stories: the same topic a year earlier can win over a large story of
// the day. A very similar single dated article is better evidence of the
// event than a story average (tuned on stories-dev: B-cubed F1 0.891 →
// 0.902 at 0.3; 0.25–0.4 give 0.899–0.902; any nearest neighbour, dated
// or not, 0.900).
var StoryNearestJoin = 0.3

// AddLinked is Add with the neighbours' cosines known: the neighbours
// name the candidate stories, and with StoryLink "average" a story scores
// the mean cosine of the document with all its members.
func (sc *StoryClusterer) AddLinked(key int, day int32, v SparseVector, nbs []Neighbour) int {
	if StoryLink != "average" {
		keys := make([]int, len(nbs))
		for i, n := range nbs {
			keys[i] = n.Key
		}
		return sc.Add(key, day, v, keys)
	}
	if day == NoDay && StoryNearestJoin > 0 {
		// The nearest dated neighbour with a story (ties: the first listed).
		near, nearCos := -1, StoryNearestJoin
		for _, n := range nbs {
			if sc.day[n.Key] == NoDay {
				continue // an undated neighbour may itself be misplaced
			}
			if id, ok := sc.of[n.Key]; ok && (n.Cos > nearCos || near < 0 && n.Cos >= nearCos) {
				near, nearCos = id, n.Cos
			}
		}
		if near >= 0 {
			sc.Put(key, near, day, v)
			return near
		}
	}
	sum := map[int]float64{}
	for _, n := range nbs {
		if id, ok := sc.of[n.Key]; ok {
			sum[id] += n.Cos
		}
	}
	best, bestScore := -1, sc.Threshold
	ids := make([]int, 0, len(sum))
	for id := range sum {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		c := sc.clusters[id]
		if !sc.inWindow(c, day) {
			continue
		}
		// The mean cosine with all members: v·Σm / n (members are
		// normalised), so members beyond the neighbours count too.
		score := c.dot(v) / float64(len(c.Members))
		if day == NoDay || c.First == NoDay {
			score *= UndatedFactor
		}
		if score >= bestScore {
			best, bestScore = id, score
		}
	}
	if best < 0 {
		best = sc.next
		sc.next++
	}
	sc.Put(key, best, day, v)
	return best
}

// Put places a document in the story with this id (creating it), as when
// restoring saved assignments.
func (sc *StoryClusterer) Put(key, id int, day int32, v SparseVector) {
	if _, ok := sc.of[key]; ok {
		sc.Remove(key)
	}
	c := sc.clusters[id]
	if c == nil {
		c = &StoryCluster{ID: id, First: NoDay, Last: NoDay, sum: map[uint32]float64{}}
		sc.clusters[id] = c
	}
	if id >= sc.next {
		sc.next = id + 1
	}
	c.Members = append(c.Members, key)
	c.add(v, 1)
	if day != NoDay {
		if c.First == NoDay || day < c.First {
			c.First = day
		}
		if c.Last == NoDay || day > c.Last {
			c.Last = day
		}
	}
	sc.of[key], sc.day[key], sc.vec[key] = id, day, v
}

// Remove takes a document out of its story; an emptied story disappears.
func (sc *StoryClusterer) Remove(key int) {
	id, ok := sc.of[key]
	if !ok {
		return
	}
	c := sc.clusters[id]
	c.add(sc.vec[key], -1)
	c.Members = slices.DeleteFunc(c.Members, func(k int) bool { return k == key })
	delete(sc.of, key)
	delete(sc.day, key)
	delete(sc.vec, key)
	if len(c.Members) == 0 {
		delete(sc.clusters, id)
		return
	}
	c.First, c.Last = NoDay, NoDay
	for _, m := range c.Members {
		if d := sc.day[m]; d != NoDay {
			if c.First == NoDay || d < c.First {
				c.First = d
			}
			if c.Last == NoDay || d > c.Last {
				c.Last = d
			}
		}
	}
}

func (sc *StoryClusterer) inWindow(c *StoryCluster, day int32) bool {
	if day == NoDay || c.First == NoDay || sc.Days < 0 {
		return true
	}
	// Every dated member stays within the window of every other: a story
	// spans at most Days days, so a long-running topic does not chain
	// its daily events together.
	return day >= c.Last-int32(sc.Days) && day <= c.First+int32(sc.Days)
}

func (c *StoryCluster) add(v SparseVector, sign float64) {
	for i, t := range v.IDs {
		old := c.sum[t]
		nw := old + sign*float64(v.W[i])
		c.norm2 += nw*nw - old*old
		if math.Abs(nw) < 1e-9 {
			delete(c.sum, t)
		} else {
			c.sum[t] = nw
		}
	}
	if c.norm2 < 0 {
		c.norm2 = 0
	}
}

func (c *StoryCluster) dot(v SparseVector) float64 {
	s := 0.0
	for i, t := range v.IDs {
		s += float64(v.W[i]) * c.sum[t]
	}
	return s
}

func (c *StoryCluster) cosine(v SparseVector) float64 {
	if c.norm2 <= 0 {
		return 0
	}
	s := 0.0
	for i, t := range v.IDs {
		s += float64(v.W[i]) * c.sum[t]
	}
	return s / math.Sqrt(c.norm2)
}

// TopTerms returns the n heaviest term ids of the story's centroid.
func (c *StoryCluster) TopTerms(n int) []uint32 { return c.TopTermsWhere(n, nil) }

// TopTermsWhere returns the n heaviest term ids of the story's centroid
// among those keep accepts (all when keep is nil).
func (c *StoryCluster) TopTermsWhere(n int, keep func(id uint32) bool) []uint32 {
	ids := make([]uint32, 0, len(c.sum))
	for t := range c.sum {
		if keep == nil || keep(t) {
			ids = append(ids, t)
		}
	}
	sort.Slice(ids, func(i, j int) bool {
		if c.sum[ids[i]] != c.sum[ids[j]] {
			return c.sum[ids[i]] > c.sum[ids[j]]
		}
		return ids[i] < ids[j]
	})
	if len(ids) > n {
		ids = ids[:n]
	}
	return ids
}

// StoryLabel builds a story's label from its heaviest centroid terms
// (heaviest first): up to three entities, then distinctive words, e.g.
// "Ilse Varga, Nikolai Brandt, Brennik: summit, crossing, declaration".
// Words already inside a chosen entity name are skipped.
func StoryLabel(terms []string) string {
	var ents, words []string
	inEnt := map[string]bool{}
	for _, t := range terms {
		if strings.HasPrefix(t, "@") {
			if len(ents) >= 3 {
				continue
			}
			name := t[1:]
			dup := false
			for _, e := range ents {
				if strings.Contains(strings.ToLower(e), name) || strings.Contains(name, strings.ToLower(e)) {
					dup = true
				}
			}
			if dup {
				continue
			}
			ents = append(ents, titleCase(name))
			EachTerm(name, func(w string) { inEnt[w] = true })
		}
	}
	for _, t := range terms {
		if strings.HasPrefix(t, "@") || inEnt[t] || inEnt[Term(t)] || len(words) >= 4 {
			continue
		}
		words = append(words, t)
	}
	switch {
	case len(ents) == 0:
		return strings.Join(words, ", ")
	case len(words) == 0:
		return strings.Join(ents, ", ")
	}
	return strings.Join(ents, ", ") + ": " + strings.Join(words, ", ")
}

// SurfaceTerms returns terms with each word term (not the "@" entity
// terms) replaced by the lower-case word that texts use most often for it:
// the terms are stemmed ("measle", and "new" for both new and news), the
// label should read as the articles do. A term the texts never use stays
// as it is; ties go to the shorter word, then the alphabetically first.
func SurfaceTerms(terms, texts []string) []string {
	want := map[string]map[string]int{}
	for _, t := range terms {
		if !strings.HasPrefix(t, "@") {
			want[t] = nil
		}
	}
	for _, text := range texts {
		EachWord(text, func(w string, _, _ int) {
			t := Term(w)
			if forms, ok := want[t]; ok && t != "" {
				if forms == nil {
					forms = map[string]int{}
					want[t] = forms
				}
				forms[w]++
			}
		})
	}
	out := make([]string, len(terms))
	for i, t := range terms {
		out[i] = t
		best, bestN := "", 0
		for w, n := range want[t] {
			if n > bestN || n == bestN && (len(w) < len(best) || len(w) == len(best) && w < best) {
				best, bestN = w, n
			}
		}
		if best != "" {
			out[i] = best
		}
	}
	return out
}

func titleCase(s string) string {
	fs := strings.Fields(s)
	for i, f := range fs {
		switch {
		case len(fs) == 1 && len(f) <= 4 && !strings.ContainsAny(f, "0123456789") && utf8.RuneCountInString(f) == len(f):
			fs[i] = strings.ToUpper(f) // a lone short name is an acronym: "nao", "slf", "fbi"
		case i > 0 && smallWords[f]:
		default:
			fs[i] = capitalise(f)
			// Gaelic and Scottish names: "mcconnell" → "McConnell", "o'brien" → "O'Brien".
			for _, p := range []string{"mc", "o'", "o’"} {
				if strings.HasPrefix(f, p) && len(f) > len(p)+2 {
					fs[i] = capitalise(p) + capitalise(f[len(p):])
				}
			}
		}
	}
	return strings.Join(fs, " ")
}

// capitalise upper-cases the first letter of a lower-case word.
func capitalise(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	return string(unicode.ToUpper(r)) + w[n:]
}

var smallWords = map[string]bool{"of": true, "the": true, "and": true, "for": true, "de": true, "in": true, "on": true, "al": true}

// BCubed scores a clustering against gold labels: for every item, precision
// is the share of its cluster (restricted to the labelled items) with its
// label and recall the share of its label's items in its cluster; both are
// averaged over items. cluster and gold map items to ids; only items in
// gold count.
func BCubed[K comparable](cluster map[K]int, gold map[K]string) (p, r, f float64) {
	type pair struct {
		c int
		g string
	}
	inCluster := map[int]int{}
	inGold := map[string]int{}
	both := map[pair]int{}
	n := 0
	for k, g := range gold {
		c, ok := cluster[k]
		if !ok {
			c = -1 - n // unclustered: a singleton
		}
		inCluster[c]++
		inGold[g]++
		both[pair{c, g}]++
		n++
	}
	if n == 0 {
		return 0, 0, 0
	}
	for pg, cnt := range both {
		// Every one of the cnt items in this (cluster, label) cell has the
		// same precision and recall.
		p += float64(cnt) * float64(cnt) / float64(inCluster[pg.c])
		r += float64(cnt) * float64(cnt) / float64(inGold[pg.g])
	}
	p /= float64(n)
	r /= float64(n)
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}
