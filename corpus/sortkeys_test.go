package corpus

import (
	"math/rand"
	"slices"
	"testing"
)

func TestSortPairKeys(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for _, tc := range []struct {
		name string
		gen  func() uint64
		n    int
	}{
		{"few", func() uint64 { return r.Uint64() }, 100},
		{"random", func() uint64 { return r.Uint64() }, 5000},
		{"pairs of small ids", func() uint64 { return uint64(r.Intn(300))<<32 | uint64(r.Intn(300)) }, 20000},
		{"one digit varies", func() uint64 { return 7<<48 | uint64(r.Intn(1<<16)) }, 3000},
		{"all equal", func() uint64 { return 42 }, 1000},
	} {
		keys := make([]uint64, tc.n)
		for i := range keys {
			keys[i] = tc.gen()
		}
		want := slices.Clone(keys)
		slices.Sort(want)
		var count *[1 << 16]int
		if tc.n%2 == 0 {
			count = new([1 << 16]int)
		}
		got, spare := SortPairKeys(keys, nil, count)
		if !slices.Equal(got, want) {
			t.Errorf("%s: not sorted", tc.name)
		}
		if len(spare) > 0 && &spare[0] == &got[0] {
			t.Errorf("%s: the spare buffer is the result", tc.name)
		}
	}
}

func BenchmarkSortPairKeys(b *testing.B) {
	r := rand.New(rand.NewSource(1))
	src := make([]uint64, 100000)
	for i := range src {
		src[i] = uint64(r.Intn(5000))<<32 | uint64(r.Intn(5000))
	}
	keys, tmp := make([]uint64, len(src)), []uint64(nil)
	count := new([1 << 16]int)
	b.ReportAllocs()
	for b.Loop() {
		copy(keys, src)
		keys, tmp = SortPairKeys(keys, tmp, count)
	}
}
