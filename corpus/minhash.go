package corpus

import (
	"math"
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Near-duplicate detection: MinHash signatures over word shingles and LSH
// banding to find syndicated copies (wire stories republished with small
// edits) without comparing every pair.

const (
	// NumHashes is the length of a MinHash signature. 128 values estimate a
	// Jaccard similarity with a standard error of about 0.035.
	NumHashes = 128
	// ShingleSize is the number of words per shingle used by MinHash.
	ShingleSize = 5
)

// minhashSeeds are the fixed multipliers and offsets of the NumHashes hash
// functions h_i(x) = hi32(a_i·x + b_i) with odd a_i. They are derived from
// a constant seed: signatures are persisted, so these must never change.
var minhashA, minhashB = func() (a, b [NumHashes]uint64) {
	s := uint64(0x5eed_9a4a_11a7_0001)
	for i := range NumHashes {
		a[i] = splitmix64(&s) | 1
		b[i] = splitmix64(&s)
	}
	return
}()

func splitmix64(s *uint64) uint64 {
	*s += 0x9e3779b97f4a7c15
	z := *s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// mix64 is a strong 64-bit finaliser (from MurmurHash3).
func mix64(z uint64) uint64 {
	z ^= z >> 33
	z *= 0xff51afd7ed558ccd
	z ^= z >> 33
	z *= 0xc4ceb9fe1a85ec53
	z ^= z >> 33
	return z
}

// wordHashes returns the FNV-1a hash of every word of the normalised text:
// words are runs of letters and digits, lower-cased, so punctuation, case
// and whitespace do not matter (the same normalisation as NormalizeForHash).
func wordHashes(text string) []uint64 {
	const (
		offset = 14695981039346656037
		prime  = 1099511628211
	)
	hs := make([]uint64, 0, len(text)/6+1)
	h, in := uint64(offset), false
	var buf [utf8.UTFMax]byte
	for i := 0; i < len(text); {
		c := text[i]
		var r rune
		size := 1
		if c < utf8.RuneSelf {
			r = rune(c)
		} else {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		i += size
		var letter bool
		if c < utf8.RuneSelf {
			letter = c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
			if c >= 'A' && c <= 'Z' {
				r, letter = r|0x20, true
			}
		} else {
			letter = unicode.IsLetter(r) || unicode.IsDigit(r)
			r = unicode.ToLower(r)
		}
		if !letter {
			if in {
				hs = append(hs, h)
				h, in = offset, false
			}
			continue
		}
		in = true
		if r < utf8.RuneSelf {
			h = (h ^ uint64(r)) * prime
		} else {
			n := utf8.EncodeRune(buf[:], r)
			for _, b := range buf[:n] {
				h = (h ^ uint64(b)) * prime
			}
		}
	}
	if in {
		hs = append(hs, h)
	}
	return hs
}

// Shingles returns the hashes of the word k-shingles (runs of k
// consecutive words) of the normalised text, in text order. A text shorter
// than k words gives one shingle of all its words; an empty text gives none.
func Shingles(text string, k int) []uint64 {
	if k < 1 {
		k = 1
	}
	ws := wordHashes(text)
	if len(ws) == 0 {
		return nil
	}
	if len(ws) < k {
		k = len(ws)
	}
	out := make([]uint64, 0, len(ws)-k+1)
	for i := 0; i+k <= len(ws); i++ {
		h := uint64(k)
		for _, w := range ws[i : i+k] {
			h = mix64(h*0x9e3779b97f4a7c15 ^ w)
		}
		out = append(out, h)
	}
	return out
}

// MinHash returns the MinHash signature (NumHashes values) of the text's
// 5-word shingles. Texts with the same shingle set get the same signature;
// the share of equal positions of two signatures estimates the Jaccard
// similarity of their shingle sets. A text without words gives a signature
// of all math.MaxUint32, which SignatureSimilarity treats as empty.
func MinHash(text string) []uint32 {
	var sig [NumHashes]uint32
	xs := Shingles(text, ShingleSize)
	// Four hash functions at a time over all shingles: multipliers, offsets
	// and running minimums stay in registers, and the four chains overlap.
	for i := 0; i < NumHashes; i += 4 {
		a0, a1, a2, a3 := minhashA[i], minhashA[i+1], minhashA[i+2], minhashA[i+3]
		b0, b1, b2, b3 := minhashB[i], minhashB[i+1], minhashB[i+2], minhashB[i+3]
		m0, m1, m2, m3 := uint32(math.MaxUint32), uint32(math.MaxUint32), uint32(math.MaxUint32), uint32(math.MaxUint32)
		for _, x := range xs {
			m0 = min(m0, uint32((a0*x+b0)>>32))
			m1 = min(m1, uint32((a1*x+b1)>>32))
			m2 = min(m2, uint32((a2*x+b2)>>32))
			m3 = min(m3, uint32((a3*x+b3)>>32))
		}
		sig[i], sig[i+1], sig[i+2], sig[i+3] = m0, m1, m2, m3
	}
	return sig[:]
}

// MinHash's loop takes four hash functions at a time.
var _ = [1]struct{}{}[NumHashes%4]

// emptySignature reports whether sig comes from a text without words.
func emptySignature(sig []uint32) bool {
	for _, v := range sig {
		if v != math.MaxUint32 {
			return false
		}
	}
	return true
}

// SignatureSimilarity estimates the Jaccard similarity of the shingle sets
// behind two signatures: the share of positions where they agree. It is 0
// for signatures of different lengths and for empty texts.
func SignatureSimilarity(a, b []uint32) float64 {
	if len(a) != len(b) || len(a) == 0 || emptySignature(a) || emptySignature(b) {
		return 0
	}
	eq := 0
	for i := range a {
		if a[i] == b[i] {
			eq++
		}
	}
	return float64(eq) / float64(len(a))
}

// NearDupIndex finds near-duplicate signatures with LSH banding: the
// signature is cut into bands of r rows, and two signatures become
// candidates when any band is identical; candidates are then checked with
// SignatureSimilarity against the threshold. It is safe for concurrent use.
type NearDupIndex struct {
	mu        sync.Mutex
	threshold float64
	rows      int // rows per band
	bands     int
	buckets   []map[uint64][]int32 // per band: band hash → entries
	ids       []string
	sigs      [][]uint32
	byID      map[string]int32
}

// NewNearDupIndex returns an index that reports pairs whose estimated
// Jaccard similarity is at least threshold (e.g. 0.8).
//
// The band shape is chosen for recall: the largest number of rows r (so the
// fewest chance candidates) for which a pair exactly at the threshold still
// shares a band with probability ≥ 0.99, that is
// 1 − (1 − t^r)^b ≥ 0.99 with b = NumHashes / r. For t = 0.8 that gives
// r = 6, b = 21 (S-curve midpoint ≈ 0.60): pairs at 0.8 are found 99.8% of
// the time, while pairs at 0.3 become candidates only 1.5% of the time.
func NewNearDupIndex(threshold float64) *NearDupIndex {
	if threshold <= 0 || threshold > 1 || math.IsNaN(threshold) {
		threshold = 0.8
	}
	rows := 1
	for r := 2; r <= 16; r++ {
		b := NumHashes / r
		if 1-math.Pow(1-math.Pow(threshold, float64(r)), float64(b)) >= 0.99 {
			rows = r
		}
	}
	x := &NearDupIndex{
		threshold: threshold,
		rows:      rows,
		bands:     NumHashes / rows,
		byID:      map[string]int32{},
	}
	x.buckets = make([]map[uint64][]int32, x.bands)
	for i := range x.buckets {
		x.buckets[i] = map[uint64][]int32{}
	}
	return x
}

// Bands returns the band shape in use (bands × rows per band).
func (x *NearDupIndex) Bands() (bands, rows int) { return x.bands, x.rows }

// Len returns the number of signatures in the index.
func (x *NearDupIndex) Len() int {
	x.mu.Lock()
	defer x.mu.Unlock()
	return len(x.ids)
}

func (x *NearDupIndex) bandKey(sig []uint32, band int) uint64 {
	h := uint64(band)*0x9e3779b97f4a7c15 + 1
	for _, v := range sig[band*x.rows : (band+1)*x.rows] {
		h = mix64(h ^ uint64(v))
	}
	return h
}

// Add adds the signature under id and returns the ids of earlier entries
// whose estimated Jaccard similarity with it is at least the threshold, in
// the order they were added. Signatures of the wrong length or of empty
// texts are not indexed. Adding an id again returns its near-duplicates
// without indexing it twice.
func (x *NearDupIndex) Add(id string, sig []uint32) []string {
	if len(sig) != NumHashes || emptySignature(sig) {
		return nil
	}
	keys := make([]uint64, x.bands)
	for b := range keys {
		keys[b] = x.bandKey(sig, b)
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	self, exists := x.byID[id]
	var cands []int32
	for b, k := range keys {
		cands = append(cands, x.buckets[b][k]...)
	}
	slices.Sort(cands)
	cands = slices.Compact(cands)
	var out []string
	for _, c := range cands {
		if exists && c == self {
			continue
		}
		if SignatureSimilarity(sig, x.sigs[c]) >= x.threshold {
			out = append(out, x.ids[c])
		}
	}
	if exists {
		return out
	}
	n := int32(len(x.ids))
	x.ids = append(x.ids, id)
	x.sigs = append(x.sigs, slices.Clone(sig))
	x.byID[id] = n
	for b, k := range keys {
		x.buckets[b][k] = append(x.buckets[b][k], n)
	}
	return out
}
