package corpus

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// The golden tests read the sample corpus from assets/sample on disk
// (corpus must not import the assets package).

type simCaptureSink struct {
	mu   sync.Mutex
	arts []Article
}

func (s *simCaptureSink) Put(_ context.Context, b Batch) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.arts = append(s.arts, b.Articles...)
	return nil
}

var simSampleOnce struct {
	sync.Once
	arts []*Article
	err  error
}

// simSample imports assets/sample (without its README) once and
// returns the articles sorted by path.
func simSample(t testing.TB) []*Article {
	t.Helper()
	simSampleOnce.Do(func() {
		dir := filepath.Join("..", "assets", "sample")
		if _, err := os.Stat(filepath.Join(dir, "manifest.tsv")); err != nil {
			simSampleOnce.err = err
			return
		}
		var sink simCaptureSink
		im := &Importer{} // no entities: the tests must not depend on the tagger's model
		if _, err := im.Import(context.Background(), &sink, dir); err != nil {
			simSampleOnce.err = err
			return
		}
		for i := range sink.arts {
			if strings.HasSuffix(sink.arts[i].Path, ".md") {
				continue
			}
			simSampleOnce.arts = append(simSampleOnce.arts, &sink.arts[i])
		}
		sort.Slice(simSampleOnce.arts, func(i, j int) bool { return simSampleOnce.arts[i].Path < simSampleOnce.arts[j].Path })
	})
	if simSampleOnce.err != nil {
		t.Fatalf("sample corpus: %v", simSampleOnce.err)
	}
	if len(simSampleOnce.arts) != 30 {
		t.Fatalf("sample corpus: %d articles, want 30", len(simSampleOnce.arts))
	}
	return simSampleOnce.arts
}

func simFind(t testing.TB, arts []*Article, pathPart string) *Article {
	t.Helper()
	for _, a := range arts {
		if strings.Contains(a.Path, pathPart) {
			return a
		}
	}
	t.Fatalf("no sample article %s", pathPart)
	return nil
}

func simStats(arts []*Article) *MapStats {
	ms := &MapStats{}
	for _, a := range arts {
		ms.Add(ArticleTerms(a))
	}
	return ms
}

// TestSimilarSampleGolden: for every article of a sample event, the other
// articles of its event rank above every other article.
func TestSimilarSampleGolden(t *testing.T) {
	arts := simSample(t)
	stats := simStats(arts)
	vecs := make([]TermVector, len(arts))
	for i, a := range arts {
		vecs[i] = ArticleVector(a, stats)
		if a.Meta["event"] == "" {
			t.Fatalf("%s: no event in the manifest", a.Path)
		}
	}
	for i, a := range arts {
		ev := a.Meta["event"]
		if ev == "none" {
			continue
		}
		type hit struct {
			j     int
			score float64
		}
		var hits []hit
		for j, b := range arts {
			if j == i {
				continue
			}
			f, ok := DateFactor(DayNumber(a.Published), DayNumber(b.Published), DefaultDays)
			if !ok {
				continue
			}
			hits = append(hits, hit{j, vecs[i].Cosine(vecs[j]) * f})
		}
		sort.Slice(hits, func(x, y int) bool { return hits[x].score > hits[y].score })
		members := 0
		for _, b := range arts {
			if b != a && b.Meta["event"] == ev {
				members++
			}
		}
		for r, h := range hits[:members] {
			if got := arts[h.j].Meta["event"]; got != ev {
				t.Errorf("%s (%s): hit %d is %s (%s, %.3f)", a.Path, ev, r+1, arts[h.j].Path, got, h.score)
			}
		}
	}
}

func TestEachWordAndTerms(t *testing.T) {
	tests := []struct {
		in    string
		words string
		terms string
	}{
		{"Varga's plan, the SLF's attack", "varga plan the slf attack", "varga plan slf attack"},
		{"About 4,200 dockworkers; 7.4 metres.", "about 4200 dockworkers 7.4 metres", "4200 dockworker 7.4 metre"},
		{"Don't say “Daesh” — say ISIS", "dont say daesh say isis", "dont daesh isis"},
		{"Strikes, crises and classes", "strikes crises and classes", "strike crise class"},
		{"Ostrel’s policies", "ostrel policies", "ostrel policy"},
	}
	for _, tt := range tests {
		var ws, ts []string
		EachWord(tt.in, func(w string, s, e int) {
			ws = append(ws, w)
			if s < 0 || e > len(tt.in) || s >= e {
				t.Errorf("%q: bad offsets %d-%d for %q", tt.in, s, e, w)
			}
		})
		EachTerm(tt.in, func(x string) { ts = append(ts, x) })
		if got := strings.Join(ws, " "); got != tt.words {
			t.Errorf("EachWord(%q) = %q, want %q", tt.in, got, tt.words)
		}
		if got := strings.Join(ts, " "); got != tt.terms {
			t.Errorf("EachTerm(%q) = %q, want %q", tt.in, got, tt.terms)
		}
	}
}

func TestSimilarDateFactor(t *testing.T) {
	d := DayNumber(time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC))
	tests := []struct {
		a, b int32
		days int
		ok   bool
		max  float64
	}{
		{d, d, 3, true, 1},
		{d, d + 3, 3, true, 1},
		{d, d + 4, 3, false, 0},
		{d, d - 4, -1, true, 1},
		{d, NoDay, 3, true, UndatedFactor},
		{NoDay, NoDay, 0, true, UndatedFactor},
	}
	for _, tt := range tests {
		f, ok := DateFactor(tt.a, tt.b, tt.days)
		if ok != tt.ok || f > tt.max || ok && f <= 0 {
			t.Errorf("DateFactor(%d, %d, %d) = %v, %v", tt.a-d, tt.b-d, tt.days, f, ok)
		}
	}
	same, _ := DateFactor(d, d, 3)
	later, _ := DateFactor(d, d+2, 3)
	if later >= same {
		t.Errorf("two days apart (%v) should score below the same day (%v)", later, same)
	}
}

func TestSimilarVectorCosine(t *testing.T) {
	stats := &MapStats{DF: map[string]int{"summit": 1, "border": 5}, N: 10}
	a := Vectorize(TermCounts{"summit": 3, "border": 1, "x": 1}, stats, 0)
	b := Vectorize(TermCounts{"summit": 1, "border": 2}, stats, 0)
	if c := a.Cosine(a); c < 0.999 || c > 1.001 {
		t.Errorf("self cosine = %v", c)
	}
	if c1, c2 := a.Cosine(b), b.Cosine(a); c1 != c2 || c1 <= 0 || c1 >= 1 {
		t.Errorf("cosine = %v / %v", c1, c2)
	}
	if top := Vectorize(TermCounts{"a": 5, "b": 1, "c": 1}, nil, 1); len(top.Terms) != 1 || top.Terms[0] != "a" {
		t.Errorf("top-1 = %v", top.Terms)
	}
	sh := a.Shared(b)
	if len(sh) != 2 || sh[0].Term != "summit" {
		t.Errorf("Shared = %v", sh)
	}
	rs := SimilarityReasons(a, b, 100, 101)
	if len(rs) != 2 || !strings.Contains(rs[0], "summit") || rs[1] != "published 1 day apart" {
		t.Errorf("reasons = %q", rs)
	}
}

func BenchmarkSimilarArticleVector(b *testing.B) {
	arts := simSample(b)
	stats := simStats(arts)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ArticleVector(arts[i%len(arts)], stats)
	}
}

func TestPassageOverlap(t *testing.T) {
	q := &Article{Body: "The senator said the bill would never pass the house this year, and left the room."}
	set := PassageSet(q)
	quoting := &Article{Body: "Earlier today the bill would never pass the house this year, critics answered."}
	other := &Article{Body: "A storm is moving up the coast with heavy rain and strong winds expected."}
	if a, b := PassageOverlap(set, quoting), PassageOverlap(set, other); a <= 0 || b != 0 {
		t.Errorf("overlap: quoting %.3f, other %.3f", a, b)
	}
}
