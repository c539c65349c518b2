package corpus

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// wireText is the body of the golden fixture after cleaning: a wire-style
// article of about 230 words.
func wireText(t testing.TB) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "clean", "presstv.txt"))
	if err != nil {
		t.Fatal(err)
	}
	title, body := clTestSplitTitle(string(raw))
	a := &Article{Title: title, Body: body}
	CleanArticle(a)
	return a.Body
}

const unrelatedText = `The city council approved a new budget on Thursday that increases spending on public transport and road repairs while cutting funds for several cultural programs. The mayor said the plan would help commuters who have complained for years about crowded buses and delayed trains. Opposition members argued that the cuts to libraries and museums would hurt families with young children and reduce tourism. The budget passed by a vote of twelve to nine after a debate that lasted more than six hours. Local business groups welcomed the investment in infrastructure but warned that higher parking fees could drive shoppers away from the city centre. The council will review the spending plan again in the spring, when updated tax revenue figures become available.`

func TestShingles(t *testing.T) {
	if got := Shingles("", 5); got != nil {
		t.Errorf("empty text: %v", got)
	}
	if got := Shingles("one two", 5); len(got) != 1 {
		t.Errorf("short text gives %d shingles, want 1", len(got))
	}
	a := Shingles("The Quick, brown fox -- jumps over the lazy dog!", 3)
	b := Shingles("the quick brown fox jumps over the LAZY dog", 3)
	if len(a) != 7 || fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("normalisation differs: %v vs %v", a, b)
	}
	if c := Shingles("the quick brown fox jumps over the lazy cat", 3); c[len(c)-1] == a[len(a)-1] {
		t.Errorf("different words gave the same shingle")
	}
}

func TestMinHashNearDuplicate(t *testing.T) {
	orig := wireText(t)
	words := strings.Fields(orig)
	// A syndicated copy with three words changed, far apart.
	edited := append([]string(nil), words...)
	edited[10] = "agreed"
	edited[len(words)/2] = "officials"
	edited[len(words)-12] = "Thursday"
	copyText := strings.Join(edited, " ")

	so, sc, su := MinHash(orig), MinHash(copyText), MinHash(unrelatedText)
	if len(so) != NumHashes {
		t.Fatalf("signature length %d", len(so))
	}
	simCopy := SignatureSimilarity(so, sc)
	simOther := SignatureSimilarity(so, su)
	// true Jaccard of the shingle sets, for reference
	jac := jaccard(Shingles(orig, ShingleSize), Shingles(copyText, ShingleSize))
	t.Logf("%d words; Jaccard %.3f, estimated %.3f; unrelated %.3f", len(words), jac, simCopy, simOther)
	if math.Abs(simCopy-jac) > 0.12 {
		t.Errorf("estimate %.3f far from Jaccard %.3f", simCopy, jac)
	}
	if simOther > 0.1 {
		t.Errorf("unrelated similarity %.3f", simOther)
	}
	if SignatureSimilarity(so, MinHash(orig)) != 1 {
		t.Errorf("same text not identical")
	}

	x := NewNearDupIndex(0.8)
	if got := x.Add("orig", so); len(got) != 0 {
		t.Errorf("first add found %v", got)
	}
	if got := x.Add("other", su); len(got) != 0 {
		t.Errorf("unrelated article found as near-dup of %v", got)
	}
	if got := x.Add("copy", sc); len(got) != 1 || got[0] != "orig" {
		t.Errorf("copy: near-dups %v, want [orig]", got)
	}
	if got := x.Add("copy", sc); len(got) != 1 || got[0] != "orig" || x.Len() != 3 {
		t.Errorf("re-adding: %v, len %d", got, x.Len())
	}
	if b, r := x.Bands(); b != 21 || r != 6 {
		t.Errorf("bands %d×%d, want 21×6", b, r)
	}
}

func jaccard(a, b []uint64) float64 {
	sa, sb := map[uint64]bool{}, map[uint64]bool{}
	for _, x := range a {
		sa[x] = true
	}
	inter := 0
	for _, x := range b {
		if !sb[x] {
			sb[x] = true
			if sa[x] {
				inter++
			}
		}
	}
	return float64(inter) / float64(len(sa)+len(sb)-inter)
}

func TestSignatureSimilarityEdges(t *testing.T) {
	empty := MinHash("  ... ")
	if SignatureSimilarity(empty, empty) != 0 {
		t.Errorf("empty texts are similar")
	}
	if SignatureSimilarity(MinHash("a b c d e f"), MinHash("a b c d e f")[:10]) != 0 {
		t.Errorf("different lengths compared")
	}
	x := NewNearDupIndex(0.8)
	if x.Add("e", empty) != nil || x.Len() != 0 {
		t.Errorf("empty signature indexed")
	}
}

func TestNearDupIndexBands(t *testing.T) {
	for _, tt := range []struct {
		t    float64
		b, r int
	}{{0.8, 21, 6}, {0.9, 12, 10}, {0.5, 42, 3}} {
		x := NewNearDupIndex(tt.t)
		if b, r := x.Bands(); b != tt.b || r != tt.r {
			t.Errorf("threshold %.1f: %d×%d, want %d×%d", tt.t, b, r, tt.b, tt.r)
		}
	}
}

func TestNearDupIndexConcurrent(t *testing.T) {
	base := wireText(t)
	x := NewNearDupIndex(0.8)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 5 {
				// every text is the base plus a short distinct tail: all near-dups
				x.Add(fmt.Sprintf("%d-%d", w, i), MinHash(base+fmt.Sprintf(" tail %d %d", w, i)))
			}
		}()
	}
	wg.Wait()
	if got := x.Add("last", MinHash(base)); len(got) != 20 {
		t.Errorf("found %d near-dups, want 20", len(got))
	}
}

func BenchmarkMinHash(b *testing.B) {
	text := benchText(b)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		MinHash(text)
	}
}

// TestMinHashStable pins MinHash to its definition (signatures are
// persisted): the minimum over shingles of hi32(a_i·x + b_i).
func TestMinHashStable(t *testing.T) {
	for _, text := range []string{"", "one", "a b c d e f g h", strings.Repeat("Wire copy, with édits; and 2020 numbers. ", 40)} {
		want := make([]uint32, NumHashes)
		for i := range want {
			want[i] = math.MaxUint32
		}
		for _, x := range Shingles(text, ShingleSize) {
			for i := range want {
				if v := uint32((minhashA[i]*x + minhashB[i]) >> 32); v < want[i] {
					want[i] = v
				}
			}
		}
		if got := MinHash(text); !slices.Equal(got, want) {
			t.Errorf("MinHash(%.20q) differs from its definition", text)
		}
	}
}
