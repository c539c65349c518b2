package corpus

import (
	"math"
	"slices"
	"sort"
	"strings"
	"testing"
)

// simSparse turns term vectors into id vectors over one dictionary.
func simSparse(vs []TermVector) []SparseVector {
	dict := map[string]uint32{}
	out := make([]SparseVector, len(vs))
	for i, v := range vs {
		type p struct {
			id uint32
			w  float32
		}
		ps := make([]p, len(v.Terms))
		for k, t := range v.Terms {
			id, ok := dict[t]
			if !ok {
				id = uint32(len(dict))
				dict[t] = id
			}
			ps[k] = p{id, float32(v.Weights[k])}
		}
		sort.Slice(ps, func(a, b int) bool { return ps[a].id < ps[b].id })
		for _, x := range ps {
			out[i].IDs = append(out[i].IDs, x.id)
			out[i].W = append(out[i].W, x.w)
		}
	}
	return out
}

// TestStoriesSampleGolden clusters the sample corpus in date order and
// expects exactly its eight events plus three singleton distractors.
func TestStoriesSampleGolden(t *testing.T) {
	arts := simSample(t)
	stats := simStats(arts)
	order := make([]int, len(arts))
	vecs := make([]TermVector, len(arts))
	for i, a := range arts {
		order[i] = i
		vecs[i] = ArticleVector(a, stats)
	}
	sparse := simSparse(vecs)
	sort.SliceStable(order, func(x, y int) bool { return arts[order[x]].Published.Before(arts[order[y]].Published) })
	sc := NewStoryClusterer(StoryDays, 0)
	for _, i := range order {
		var nb []Neighbour
		for _, j := range order {
			if c := vecs[i].Cosine(vecs[j]); j != i && c > 0.01 {
				nb = append(nb, Neighbour{j, c})
			}
		}
		sc.AddLinked(i, DayNumber(arts[i].Published), sparse[i], nb)
	}
	byEvent := map[string]map[int]bool{}
	for i, a := range arts {
		id, ok := sc.Of(i)
		if !ok {
			t.Fatalf("%s has no story", a.Path)
		}
		ev := a.Meta["event"]
		if byEvent[ev] == nil {
			byEvent[ev] = map[int]bool{}
		}
		byEvent[ev][id] = true
	}
	for ev, ids := range byEvent {
		if ev == "none" {
			if len(ids) != 3 {
				t.Errorf("the 3 distractors fell into %d stories", len(ids))
			}
			continue
		}
		if len(ids) != 1 {
			t.Errorf("event %s is split over %d stories", ev, len(ids))
		}
	}
	if sc.Len() != 11 {
		t.Errorf("%d stories, want 8 events + 3 distractors", sc.Len())
	}
	gold := map[int]string{}
	cl := map[int]int{}
	for i, a := range arts {
		gold[i] = a.Meta["event"] + "/" + a.Path
		if a.Meta["event"] != "none" {
			gold[i] = a.Meta["event"]
		}
		cl[i], _ = sc.Of(i)
	}
	if p, r, f := BCubed(cl, gold); f < 0.999 {
		t.Errorf("B-cubed = %.3f %.3f %.3f", p, r, f)
	}
	// Labels name the event's key terms.
	for _, c := range sc.Clusters() {
		if len(c.Members) < 2 {
			continue
		}
		var terms []string
		for _, id := range c.TopTerms(12) {
			for t, x := range simDictOf(vecs) {
				if x == id {
					terms = append(terms, t)
				}
			}
		}
		if l := StoryLabel(terms); l == "" {
			t.Errorf("story %d has an empty label", c.ID)
		}
	}
}

// simDictOf rebuilds the dictionary simSparse used.
func simDictOf(vs []TermVector) map[string]uint32 {
	dict := map[string]uint32{}
	for _, v := range vs {
		for _, t := range v.Terms {
			if _, ok := dict[t]; !ok {
				dict[t] = uint32(len(dict))
			}
		}
	}
	return dict
}

func TestStoryClustererIncremental(t *testing.T) {
	v := func(ids ...uint32) SparseVector {
		w := make([]float32, len(ids))
		for i := range w {
			w[i] = float32(1 / math.Sqrt(float64(len(ids))))
		}
		return SparseVector{IDs: ids, W: w}
	}
	sc := NewStoryClusterer(3, 0.5)
	a := sc.Add(1, 100, v(1, 2, 3), nil)
	b := sc.Add(2, 101, v(1, 2, 3, 4), []int{1})
	if a != b {
		t.Fatalf("similar same-window documents split: %d %d", a, b)
	}
	if c := sc.Add(3, 110, v(1, 2, 3), []int{1, 2}); c == a {
		t.Errorf("a document 9 days later joined the story")
	}
	if d := sc.Add(4, 101, v(7, 8, 9), []int{1}); d == a {
		t.Errorf("an unrelated document joined the story")
	}
	if e := sc.Add(5, NoDay, v(1, 2, 3), []int{2}); e != a {
		t.Errorf("an undated copy did not join the story")
	}
	st := sc.Cluster(a)
	if st.First != 100 || st.Last != 101 || len(st.Members) != 3 {
		t.Errorf("story = %+v", st)
	}
	sc.Remove(2)
	if st.Last != 100 || len(st.Members) != 2 {
		t.Errorf("after remove: %+v", st)
	}
	sc.Remove(1)
	sc.Remove(5)
	if sc.Cluster(a) != nil {
		t.Errorf("empty story kept")
	}
	// Put restores a saved assignment and keeps ids unique afterwards.
	sc.Put(9, 42, 200, v(5))
	if id := sc.Add(10, 300, v(6), nil); id <= 42 {
		t.Errorf("new story id %d collides with restored ids", id)
	}
}

func TestStoryLabel(t *testing.T) {
	tests := []struct {
		terms []string
		want  string
	}{
		{[]string{"brennik", "@ilse varga", "summit", "@nikolai brandt", "varga", "crossing", "@nao", "declaration", "annex"},
			"Ilse Varga, Nikolai Brandt, NAO: brennik, summit, crossing, declaration"},
		{[]string{"strike", "port", "union"}, "strike, port, union"},
		{[]string{"@velmora"}, "Velmora"},
		{[]string{"@mitch mcconnell", "@conan o'brien", "senate"}, "Mitch McConnell, Conan O'Brien: senate"},
	}
	for _, tt := range tests {
		if got := StoryLabel(tt.terms); got != tt.want {
			t.Errorf("StoryLabel(%v) = %q, want %q", tt.terms, got, tt.want)
		}
	}
}

func TestStoriesBCubed(t *testing.T) {
	gold := map[string]string{"a": "x", "b": "x", "c": "y", "d": "y"}
	if p, r, f := BCubed(map[string]int{"a": 1, "b": 1, "c": 2, "d": 2}, gold); p != 1 || r != 1 || f != 1 {
		t.Errorf("perfect = %v %v %v", p, r, f)
	}
	p, r, _ := BCubed(map[string]int{"a": 1, "b": 1, "c": 1, "d": 1}, gold)
	if p != 0.5 || r != 1 {
		t.Errorf("one cluster = %v %v, want 0.5 1", p, r)
	}
	p, r, _ = BCubed(map[string]int{}, gold)
	if p != 1 || r != 0.5 {
		t.Errorf("singletons = %v %v, want 1 0.5", p, r)
	}
	if !strings.Contains("ok", "ok") {
		t.Fatal()
	}
}

// An undated article very similar to one dated member of a large story joins
// that story, although a small story has the higher mean cosine.
func TestUndatedJoinsNearestNeighboursStory(t *testing.T) {
	vec := func(ws ...float32) SparseVector {
		v := SparseVector{}
		var n float32
		for _, w := range ws {
			n += w * w
		}
		n = float32(math.Sqrt(float64(n)))
		for i, w := range ws {
			if w != 0 {
				v.IDs = append(v.IDs, uint32(i))
				v.W = append(v.W, w/n)
			}
		}
		return v
	}
	sc := NewStoryClusterer(StoryDays, 0.1)
	// Story A (today): three articles; story B (a year ago): one.
	sc.Put(1, 1, 1000, vec(1, 0, 0, 0))
	sc.Put(2, 1, 1000, vec(0, 1, 0, 0))
	sc.Put(3, 1, 1001, vec(0, 0, 1, 0))
	sc.Put(4, 2, 635, vec(0, 0, 0, 1))
	// An undated article elsewhere: never the anchor.
	sc.Put(5, 3, NoDay, vec(0, 0, 0, 0, 1))
	u := vec(1, 0, 0, 0.9)
	nbs := []Neighbour{{5, 0.9}, {1, 0.74}, {4, 0.67}}
	for _, nn := range []struct {
		join float64
		want int
	}{{0, 2}, {0.3, 1}, {0.8, 2}} {
		old := StoryNearestJoin
		StoryNearestJoin = nn.join
		got := sc.AddLinked(10, NoDay, u, nbs)
		StoryNearestJoin = old
		if got != nn.want {
			t.Errorf("StoryNearestJoin %.1f: story %d, want %d", nn.join, got, nn.want)
		}
		sc.Remove(10)
	}
}

func TestSurfaceTerms(t *testing.T) {
	texts := []string{
		"Measles cases rise as news of the outbreak spreads",
		"Fake news and measles: what the new figures say",
		"Officials count new measles cases",
	}
	got := SurfaceTerms([]string{"@world health organization", "measle", "new", "case", "vaccine"}, texts)
	want := []string{"@world health organization", "measles", "new", "cases", "vaccine"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	// A tie between forms goes to the shorter word.
	if got := SurfaceTerms([]string{"new"}, []string{"news new"}); got[0] != "new" {
		t.Errorf("tie: %q", got)
	}
	// Words inside an entity stay out of the label in their surface form too.
	if got := StoryLabel([]string{"@united nations", "nations", "vote"}); got != "United Nations: vote" {
		t.Errorf("label %q", got)
	}
}
