package index

import (
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/parallax-research/parallax/corpus"
	bolt "go.etcd.io/bbolt"
)

// Stories ("parallax stories"): the corpus grouped into events by
// corpus.StoryClusterer over the similarity vectors. Assignments are saved
// in the bucket "storyof" (article id → story number) with the clustering
// parameters in "stories"; new articles are assigned to existing stories
// (or start new ones) the next time stories are asked for, without
// recomputing the others. A different --days clusters again from scratch.

var (
	bStories  = []byte("stories") // "params" → storyParams
	bStoryOf  = []byte("storyof") // article id → uvarint story number
	keyParams = []byte("params")
)

// storyNeighbours is how many nearest articles are asked for their story.
const storyNeighbours = 20

// blindSpotMargin widens an outlet's publishing span (its first to last
// article) when deciding whether it could have covered a story, in days.
const blindSpotMargin = 30

// Story is one event and its coverage.
type Story struct {
	ID    string    `json:"id"`
	Label string    `json:"label"`
	First time.Time `json:"first,omitzero"`
	Last  time.Time `json:"last,omitzero"`
	// Articles maps each covering outlet to its article ids, oldest first.
	Articles map[string][]string `json:"articles"`
	// Missing are the outlets of the corpus that were publishing at the
	// time (their first and last articles, widened by 30 days, span the
	// story's dates) but did not cover it: the blind spots.
	Missing []string `json:"missing,omitempty"`
}

// Size is the number of articles in the story.
func (s *Story) Size() int {
	n := 0
	for _, ids := range s.Articles {
		n += len(ids)
	}
	return n
}

// Outlets returns the covering outlets, sorted.
func (s *Story) Outlets() []string {
	out := make([]string, 0, len(s.Articles))
	for o := range s.Articles {
		out = append(out, o)
	}
	sort.Strings(out)
	return out
}

// IDs returns every article id of the story, by outlet then date.
func (s *Story) IDs() []string {
	var out []string
	for _, o := range s.Outlets() {
		out = append(out, s.Articles[o]...)
	}
	return out
}

type storyState struct {
	days    int
	sc      *corpus.StoryClusterer
	dirty   map[int32]bool // docs whose assignment is not saved
	removed map[string]bool
	fresh   bool // nothing saved yet for these parameters
}

func (st *storyState) remove(s *simState, i int32) {
	st.sc.Remove(int(i))
	delete(st.dirty, i)
	st.removed[s.docs[i].id] = true
}

func storyParams(days int) []byte {
	out := make([]byte, 24)
	binary.LittleEndian.PutUint32(out, uint32(int32(days)))
	binary.LittleEndian.PutUint32(out[4:], simVersion)
	binary.LittleEndian.PutUint64(out[8:], math.Float64bits(corpus.StoryThreshold))
	binary.LittleEndian.PutUint64(out[16:], math.Float64bits(corpus.StoryNearestJoin))
	return out
}

// loadStories restores saved assignments made with the same parameters.
func (s *simState) loadStories(c *Corpus, days int) (*storyState, error) {
	st := &storyState{days: days, sc: corpus.NewStoryClusterer(days, corpus.StoryThreshold),
		dirty: map[int32]bool{}, removed: map[string]bool{}, fresh: true}
	err := c.db.View(func(tx *bolt.Tx) error {
		b, of := tx.Bucket(bStories), tx.Bucket(bStoryOf)
		if b == nil || of == nil || !slices.Equal(b.Get(keyParams), storyParams(days)) {
			return nil
		}
		st.fresh = false
		return of.ForEach(func(k, v []byte) error {
			i, ok := s.byID[string(k)]
			if !ok || s.docs[i].dead {
				st.removed[string(k)] = true
				return nil
			}
			id, n := binary.Uvarint(v)
			if n <= 0 {
				return nil // damaged: assigned again below
			}
			d := &s.docs[i]
			st.sc.Put(int(i), int(id), d.day, corpus.SparseVector{IDs: d.terms, W: d.w})
			return nil
		})
	})
	return st, err
}

// assignMissing assigns every live document without a story, oldest first.
func (st *storyState) assignMissing(ctx context.Context, s *simState) error {
	acc := getAcc(len(s.docs))
	defer putAcc(acc)
	var touched []int32
	type nb struct {
		doc int32
		cos float32
	}
	var nbs []nb
	var links []corpus.Neighbour
	undatedAssigned := false
	for i, d := range s.docs {
		if _, ok := st.sc.Of(i); ok && !d.dead && d.day == corpus.NoDay {
			undatedAssigned = true
			break
		}
	}
	for n, i := range s.order {
		if _, ok := st.sc.Of(int(i)); ok {
			continue
		}
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		d := &s.docs[i]
		// Dated articles come first and undated ones join afterwards: while
		// the dated ones are placed, no undated one has a story to offer.
		q := query{self: i, day: d.day, est: d.when(), terms: d.terms, w: d.w, datedOnly: !undatedAssigned}
		touched = s.neighbours(q, st.days, acc, touched[:0])
		nbs = nbs[:0]
		for _, j := range touched {
			cos := acc[j]
			acc[j] = 0
			if j == i {
				continue
			}
			if _, ok := st.sc.Of(int(j)); ok {
				nbs = append(nbs, nb{j, cos})
			}
		}
		slices.SortFunc(nbs, func(a, b nb) int {
			return cmp.Or(cmp.Compare(b.cos, a.cos), int(a.doc-b.doc))
		})
		links = links[:0]
		for _, x := range nbs[:min(len(nbs), storyNeighbours)] {
			links = append(links, corpus.Neighbour{Key: int(x.doc), Cos: float64(x.cos)})
		}
		st.sc.AddLinked(int(i), d.day, corpus.SparseVector{IDs: d.terms, W: d.w}, links)
		st.dirty[i] = true
	}
	return nil
}

// save stores new assignments and forgets removed articles.
func (st *storyState) save(c *Corpus, s *simState) (bool, error) {
	if len(st.dirty) == 0 && len(st.removed) == 0 && !st.fresh {
		return false, nil
	}
	err := c.db.Update(func(tx *bolt.Tx) error {
		if st.fresh {
			if tx.Bucket(bStoryOf) != nil {
				if err := tx.DeleteBucket(bStoryOf); err != nil {
					return err
				}
			}
		}
		b, err := tx.CreateBucketIfNotExists(bStories)
		if err != nil {
			return err
		}
		of, err := tx.CreateBucketIfNotExists(bStoryOf)
		if err != nil {
			return err
		}
		if err := b.Put(keyParams, storyParams(st.days)); err != nil {
			return err
		}
		for id := range st.removed {
			if err := of.Delete([]byte(id)); err != nil {
				return err
			}
		}
		for i := range st.dirty {
			sid, ok := st.sc.Of(int(i))
			if !ok {
				continue
			}
			// bbolt keeps the value until the commit: one slice per put.
			if err := of.Put([]byte(s.docs[i].id), binary.AppendUvarint(nil, uint64(sid))); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return false, err
	}
	st.dirty, st.removed, st.fresh = map[int32]bool{}, map[string]bool{}, false
	return true, nil
}

// stories brings the clustering up to date for this window and returns
// the state, with s.mu held for writing by the caller.
func (c *Corpus) stories(ctx context.Context, s *simState, days int) (*storyState, error) {
	if s.stories == nil || s.stories.days != days {
		st, err := s.loadStories(c, days)
		if err != nil {
			return nil, err
		}
		s.stories = st
	}
	st := s.stories
	if err := st.assignMissing(ctx, s); err != nil {
		return nil, err
	}
	before := s.txid
	wrote, err := st.save(c, s)
	if err != nil {
		return nil, err
	}
	if wrote && before >= 0 {
		// Our own write moved the store on: the similarity state is still current.
		s.txid = ownWrite(c, before)
	}
	return st, nil
}

// Stories groups the corpus into events (see corpus.StoryClusterer) with a
// date window of ±days (days < 0: no window) and returns those covered by
// at least minOutlets outlets, most outlets first.
func (c *Corpus) Stories(ctx context.Context, days, minOutlets int) ([]Story, error) {
	s, err := c.syncSim(ctx)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, err := c.stories(ctx, s, days)
	if err != nil {
		return nil, fmt.Errorf("corpus %s: stories: %w", c.dir, err)
	}
	spans := s.outletSpans()
	var out []Story
	c.db.View(func(tx *bolt.Tx) error {
		titles := storedTitles(tx)
		for _, cl := range st.sc.Clusters() {
			if outlets := s.clusterOutlets(cl); outlets < max(minOutlets, 1) {
				continue
			}
			out = append(out, s.story(cl, spans, titles))
		}
		return nil
	})
	slices.SortStableFunc(out, func(a, b Story) int {
		if na, nb := len(a.Articles), len(b.Articles); na != nb {
			return nb - na
		}
		if na, nb := a.Size(), b.Size(); na != nb {
			return nb - na
		}
		if !a.First.Equal(b.First) {
			return a.First.Compare(b.First)
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

// StoryByID returns one story (as clustered with ±days).
func (c *Corpus) StoryByID(ctx context.Context, id string, days int) (*Story, error) {
	n, err := strconv.Atoi(strings.TrimPrefix(id, "s"))
	if err != nil {
		return nil, fmt.Errorf("bad story id %q (want s and a number, e.g. s12)", id)
	}
	return c.storyWhere(ctx, days, func(_ *simState, st *storyState) (*corpus.StoryCluster, error) {
		if cl := st.sc.Cluster(n); cl != nil {
			return cl, nil
		}
		return nil, fmt.Errorf("no story %s", id)
	})
}

// StoryOf returns the story an article belongs to (as clustered with ±days).
func (c *Corpus) StoryOf(ctx context.Context, articleID string, days int) (*Story, error) {
	return c.storyWhere(ctx, days, func(s *simState, st *storyState) (*corpus.StoryCluster, error) {
		i, ok := s.byID[articleID]
		if !ok {
			return nil, fmt.Errorf("no article with id %q", articleID)
		}
		n, ok := st.sc.Of(int(i))
		if !ok {
			return nil, fmt.Errorf("article %s has no story", articleID)
		}
		return st.sc.Cluster(n), nil
	})
}

// storyWhere brings the stories (±days) up to date and returns the one
// pick chooses, with the similarity state locked.
func (c *Corpus) storyWhere(ctx context.Context, days int, pick func(*simState, *storyState) (*corpus.StoryCluster, error)) (*Story, error) {
	s, err := c.syncSim(ctx)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, err := c.stories(ctx, s, days)
	if err != nil {
		return nil, err
	}
	cl, err := pick(s, st)
	if err != nil {
		return nil, err
	}
	var story Story
	c.db.View(func(tx *bolt.Tx) error {
		story = s.story(cl, s.outletSpans(), storedTitles(tx))
		return nil
	})
	return &story, nil
}

func (s *simState) clusterOutlets(cl *corpus.StoryCluster) int {
	if len(cl.Members) == 1 {
		return 1
	}
	seen := make(map[string]bool, 4)
	for _, m := range cl.Members {
		seen[s.docs[m].outlet] = true
	}
	return len(seen)
}

type daySpan struct{ first, last int32 }

// outletSpans returns each outlet's first and last publication day (dates
// estimated from URLs left out).
func (s *simState) outletSpans() map[string]daySpan {
	out := map[string]daySpan{}
	for _, i := range s.order {
		d := &s.docs[i]
		sp, ok := out[d.outlet]
		if !ok {
			sp = daySpan{corpus.NoDay, corpus.NoDay}
		}
		if d.pub != corpus.NoDay {
			if sp.first == corpus.NoDay || d.pub < sp.first {
				sp.first = d.pub
			}
			if sp.last == corpus.NoDay || d.pub > sp.last {
				sp.last = d.pub
			}
		}
		out[d.outlet] = sp
	}
	return out
}

func dayTime(d int32) time.Time {
	if d == corpus.NoDay {
		return time.Time{}
	}
	return time.Unix(int64(d)*86400, 0).UTC()
}

// storedTitles reads articles' titles in tx ("" for an article missing
// from the store), decoding only the heads of their records.
func storedTitles(tx *bolt.Tx) func(id string) string {
	b := tx.Bucket(bArticles)
	return func(id string) string {
		if b == nil {
			return ""
		}
		if v := b.Get([]byte(id)); v != nil {
			if a, err := recordHead(v); err == nil {
				return a.Title
			}
		}
		return ""
	}
}

// story describes a cluster; titles reads its members' headlines, whose
// wording the label's words take ("measles", not the term "measle").
func (s *simState) story(cl *corpus.StoryCluster, spans map[string]daySpan, titles func(id string) string) Story {
	st := Story{ID: "s" + strconv.Itoa(cl.ID), First: dayTime(cl.First), Last: dayTime(cl.Last), Articles: map[string][]string{}}
	members := slices.Clone(cl.Members)
	slices.SortFunc(members, func(a, b int) int {
		if da, db := s.docs[a].day, s.docs[b].day; da != db {
			if da < db {
				return -1
			}
			return 1
		}
		return strings.Compare(s.docs[a].id, s.docs[b].id)
	})
	for _, m := range members {
		d := &s.docs[m]
		st.Articles[d.outlet] = append(st.Articles[d.outlet], d.id)
	}
	// The label: the heaviest entities, then content terms of the centroid
	// (the title and lead parts repeat them).
	var terms []string
	for _, part := range []int{corpus.PartEntity, corpus.PartText} {
		for _, t := range cl.TopTermsWhere(16, func(t uint32) bool { p, _ := untag(t); return p == part }) {
			_, id := untag(t)
			terms = append(terms, s.terms[id])
		}
	}
	heads := make([]string, 0, len(members))
	for _, m := range members {
		heads = append(heads, titles(s.docs[m].id))
	}
	st.Label = corpus.StoryLabel(corpus.SurfaceTerms(terms, heads))
	if cl.First != corpus.NoDay {
		for o, sp := range spans {
			if _, ok := st.Articles[o]; ok || sp.first == corpus.NoDay {
				continue
			}
			if sp.first-blindSpotMargin <= cl.First && sp.last+blindSpotMargin >= cl.Last {
				st.Missing = append(st.Missing, o)
			}
		}
		sort.Strings(st.Missing)
	}
	return st
}

// OutletCoverage is one outlet's share of a set of stories.
type OutletCoverage struct {
	Outlet  string  `json:"outlet"`
	Stories int     `json:"stories"`
	Share   float64 `json:"share"`
}

// Coverage returns, for every outlet covering or missing one of the
// stories, how many it covered and the share of the stories it could have
// covered (covered + missed), highest share first.
func Coverage(stories []Story) []OutletCoverage {
	covered, possible := map[string]int{}, map[string]int{}
	for _, st := range stories {
		for o := range st.Articles {
			covered[o]++
			possible[o]++
		}
		for _, o := range st.Missing {
			possible[o]++
		}
	}
	out := make([]OutletCoverage, 0, len(possible))
	for o, p := range possible {
		out = append(out, OutletCoverage{Outlet: o, Stories: covered[o], Share: round3(float64(covered[o]) / float64(p))})
	}
	slices.SortFunc(out, func(a, b OutletCoverage) int {
		if a.Share != b.Share {
			if a.Share > b.Share {
				return -1
			}
			return 1
		}
		if a.Stories != b.Stories {
			return b.Stories - a.Stories
		}
		return strings.Compare(a.Outlet, b.Outlet)
	})
	return out
}

// ResetStories forgets the saved story assignments: the next Stories call
// clusters the corpus from scratch.
func (c *Corpus) ResetStories() error {
	s := c.sim()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stories = nil
	return c.db.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bStories, bStoryOf} {
			if tx.Bucket(name) != nil {
				if err := tx.DeleteBucket(name); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
