package corpus

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Co-occurrence windows.
const (
	// WindowDoc counts articles (title and body) in which both entities occur.
	WindowDoc = "doc"
	// WindowSentence counts sentences in which both entities occur.
	WindowSentence = "sentence"
)

// Co-occurrence measures.
const (
	MeasureCount   = "count"   // number of co-occurrences (articles or sentences)
	MeasureDocs    = "docs"    // number of articles with a co-occurrence
	MeasurePMI     = "pmi"     // pointwise mutual information, log2
	MeasureNPMI    = "npmi"    // PMI normalised to [-1, 1]
	MeasureG2      = "g2"      // Dunning's log-likelihood ratio G²
	MeasureJaccard = "jaccard" // |A∩B| / |A∪B|
)

// Measures lists the measure names.
var Measures = []string{MeasureCount, MeasureDocs, MeasurePMI, MeasureNPMI, MeasureG2, MeasureJaccard}

// ParseMeasure checks a measure name (case-insensitive, "" = count).
func ParseMeasure(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "":
		return MeasureCount, nil
	case "llr", "loglikelihood", "log-likelihood", "g²":
		return MeasureG2, nil
	case "df":
		return MeasureDocs, nil
	}
	if slices.Contains(Measures, s) {
		return s, nil
	}
	return "", fmt.Errorf("unknown measure %q (want %s)", s, strings.Join(Measures, ", "))
}

// ParseWindow checks a window name ("" = doc).
func ParseWindow(s string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "doc", "docs", "document", "article":
		return WindowDoc, nil
	case "sentence", "sentences", "sent":
		return WindowSentence, nil
	}
	return "", fmt.Errorf("unknown window %q (want doc or sentence)", s)
}

// Table is a 2×2 contingency summary over N units (articles or sentences):
// A units hold the first entity, B the second, AB both.
type Table struct{ N, A, B, AB int }

// Valid reports whether the counts are consistent.
func (t Table) Valid() bool {
	return t.AB >= 0 && t.AB <= t.A && t.AB <= t.B && t.A+t.B-t.AB <= t.N
}

// PMI is log2(P(a,b) / (P(a) P(b))); -Inf when the pair never occurs.
func (t Table) PMI() float64 {
	if t.AB <= 0 || t.A <= 0 || t.B <= 0 || t.N <= 0 {
		return math.Inf(-1)
	}
	return math.Log2(float64(t.AB) * float64(t.N) / (float64(t.A) * float64(t.B)))
}

// NPMI is PMI / -log2 P(a,b), in [-1, 1]: -1 never together, 0
// independent, 1 always together.
func (t Table) NPMI() float64 {
	if t.AB <= 0 || t.N <= 0 {
		return -1
	}
	if t.AB >= t.N {
		return 1
	}
	v := t.PMI() / -math.Log2(float64(t.AB)/float64(t.N))
	return max(-1, min(1, v))
}

// G2 is Dunning's log-likelihood ratio statistic, ≥ 0.
func (t Table) G2() float64 {
	if t.N <= 0 {
		return 0
	}
	n := float64(t.N)
	k := [4]float64{float64(t.AB), float64(t.A - t.AB), float64(t.B - t.AB), float64(t.N - t.A - t.B + t.AB)}
	row := [2]float64{float64(t.A), n - float64(t.A)}
	col := [2]float64{float64(t.B), n - float64(t.B)}
	g := 0.0
	for i := 0; i < 2; i++ {
		for j := 0; j < 2; j++ {
			o := k[i*2+j]
			if o <= 0 {
				continue
			}
			e := row[i] * col[j] / n
			g += o * math.Log(o/e)
		}
	}
	return max(0, 2*g)
}

// Positive reports whether the pair co-occurs more often than chance.
func (t Table) Positive() bool {
	return float64(t.AB)*float64(t.N) > float64(t.A)*float64(t.B)
}

// Jaccard is |A∩B| / |A∪B|, in [0, 1].
func (t Table) Jaccard() float64 {
	u := t.A + t.B - t.AB
	if u <= 0 {
		return 0
	}
	return float64(t.AB) / float64(u)
}

// Score returns the value of measure for the table; docs is the number of
// articles with a co-occurrence (for MeasureDocs).
func (t Table) Score(measure string, docs int) float64 {
	switch measure {
	case MeasureDocs:
		return float64(docs)
	case MeasurePMI:
		return t.PMI()
	case MeasureNPMI:
		return t.NPMI()
	case MeasureG2:
		if !t.Positive() {
			return -t.G2() // fewer co-occurrences than chance rank last
		}
		return t.G2()
	case MeasureJaccard:
		return t.Jaccard()
	}
	return float64(t.AB)
}

// PairKey packs two entity ids into one key, smaller id first.
func PairKey(a, b uint32) uint64 {
	if a > b {
		a, b = b, a
	}
	return uint64(a)<<32 | uint64(b)
}

// UnpackPair splits a PairKey.
func UnpackPair(k uint64) (a, b uint32) { return uint32(k >> 32), uint32(k) }

// PairCounter counts entity pairs exactly over many small sets of ids. It
// collects pair keys in a slice and counts them with a radix sort, which is
// several times faster than a hash map for millions of pairs.
type PairCounter struct {
	keys []uint64
	tmp  []uint64
}

// AddSet adds every pair of a sorted set of distinct ids.
func (p *PairCounter) AddSet(ids []uint32) {
	for i, a := range ids {
		for _, b := range ids[i+1:] {
			p.keys = append(p.keys, uint64(a)<<32|uint64(b))
		}
	}
}

// AddKey adds one pair key.
func (p *PairCounter) AddKey(k uint64) { p.keys = append(p.keys, k) }

// Len is the number of pair occurrences added.
func (p *PairCounter) Len() int { return len(p.keys) }

// Reset forgets the pairs, keeping the memory.
func (p *PairCounter) Reset() { p.keys = p.keys[:0] }

// Counts calls fn for every distinct pair with its count, in key order.
func (p *PairCounter) Counts(fn func(key uint64, count int)) {
	keys := p.sort()
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j] == keys[i] {
			j++
		}
		fn(keys[i], j-i)
		i = j
	}
}

// sort radix-sorts the keys.
func (p *PairCounter) sort() []uint64 {
	p.keys, p.tmp = SortPairKeys(p.keys, p.tmp, nil)
	return p.keys
}

// SortPairKeys sorts keys in place or into tmp with a radix sort of 16-bit
// digits, skipping the digits every key shares (a sort.Slice for fewer
// than 256 keys). tmp is scratch memory, grown when shorter than keys, and
// count the digit counts' (nil: allocated). It returns the sorted keys and
// the other buffer, both for reuse.
func SortPairKeys(keys, tmp []uint64, count *[1 << 16]int) (sorted, spare []uint64) {
	if len(keys) < 256 {
		slices.Sort(keys)
		return keys, tmp
	}
	if cap(tmp) < len(keys) {
		tmp = make([]uint64, len(keys))
	}
	tmp = tmp[:len(keys)]
	if count == nil {
		count = new([1 << 16]int)
	}
	var or, and uint64 = 0, ^uint64(0)
	for _, k := range keys {
		or |= k
		and &= k
	}
	for shift := uint(0); shift < 64; shift += 16 {
		if (or>>shift)&0xFFFF == (and>>shift)&0xFFFF {
			continue // every key has the same digit here
		}
		*count = [1 << 16]int{}
		for _, k := range keys {
			count[(k>>shift)&0xFFFF]++
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for _, k := range keys {
			d := (k >> shift) & 0xFFFF
			tmp[count[d]] = k
			count[d]++
		}
		keys, tmp = tmp, keys
	}
	return keys, tmp
}

// SortedSet sorts ids and removes duplicates, in place.
func SortedSet(ids []uint32) []uint32 {
	slices.Sort(ids)
	return slices.Compact(ids)
}
