package ner

import (
	"bufio"
	"fmt"
	"io"
	"iter"
	"math"
	"math/rand"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Lexicon is word knowledge learnt from unlabelled news text: a 3-level
// hierarchical word clustering (distributional, from neighbouring words)
// and how often each word is capitalised in mid-sentence.
type Lexicon struct {
	words []lexWord
}

// Len returns the number of words in the lexicon.
func (lx *Lexicon) Len() int { return len(lx.words) }

// LexiconOptions configures BuildLexicon.
type LexiconOptions struct {
	// MaxTokens stops reading after this many tokens (default 12M).
	MaxTokens int
	// MaxWords is the lexicon size, most frequent first (default 100k).
	MaxWords int
	// ClusterWords is how many of the most frequent words drive the
	// k-means clustering; the rest are assigned to the nearest cluster
	// (default 30k).
	ClusterWords int
	// MinCount is the minimum frequency of a lexicon word (default 3).
	MinCount int
	// Seed for the random projection and k-means initialisation.
	Seed int64
	// Log receives progress lines; nil is silent.
	Log io.Writer
}

const (
	ctxWords  = 1000 // context vocabulary per position
	ctxPos    = 4    // positions -2, -1, +1, +2
	projDim   = 160
	kCoarse   = 32
	kSplit    = 8
	numLeaves = kCoarse * kSplit * kSplit
)

// BuildLexicon learns a Lexicon from unlabelled texts (each one article).
func BuildLexicon(texts iter.Seq[string], opt LexiconOptions) *Lexicon {
	if opt.MaxTokens <= 0 {
		opt.MaxTokens = 12_000_000
	}
	if opt.MaxWords <= 0 {
		opt.MaxWords = 100_000
	}
	if opt.ClusterWords <= 0 {
		opt.ClusterWords = 30_000
	}
	if opt.MinCount <= 0 {
		opt.MinCount = 3
	}
	logf := func(format string, a ...any) {
		if opt.Log != nil {
			fmt.Fprintf(opt.Log, format+"\n", a...)
		}
	}
	// Pass 1: token ids, frequencies and case statistics.
	ids := make(map[string]int32)
	var names []string
	var freq, capMid, totMid []int32
	var corpus []int32 // sentences separated by -1
	ntok := 0
	var buf []byte
	for text := range texts {
		toks := Tokenize(text)
		for _, g := range sentenceGroups(text, toks) {
			s := toks[g[0]:g[1]]
			words := make([]string, len(s))
			for i := range s {
				words[i] = s[i].Text
			}
			normal := sentenceStyle(words) == styleNormal
			for i, w := range words {
				buf = appendNorm(buf[:0], w)
				id, ok := ids[string(buf)]
				if !ok {
					id = int32(len(names))
					name := string(buf)
					ids[name] = id
					names = append(names, name)
					freq = append(freq, 0)
					capMid = append(capMid, 0)
					totMid = append(totMid, 0)
				}
				freq[id]++
				corpus = append(corpus, id)
				if i > 0 && normal && !isQuoteTok(words[i-1]) {
					c := caseClass(w)
					if c != caseOther {
						totMid[id]++
						if c != caseLower {
							capMid[id]++
						}
					}
				}
			}
			corpus = append(corpus, -1)
			ntok += len(words)
		}
		if ntok >= opt.MaxTokens {
			break
		}
	}
	logf("lexicon: %d tokens, %d distinct forms", ntok, len(names))
	// Vocabulary by frequency (ties by form, for determinism).
	order := make([]int32, len(names))
	for i := range order {
		order[i] = int32(i)
	}
	sort.Slice(order, func(a, b int) bool {
		fa, fb := freq[order[a]], freq[order[b]]
		if fa != fb {
			return fa > fb
		}
		return names[order[a]] < names[order[b]]
	})
	nv := 0
	for nv < len(order) && nv < opt.MaxWords && int(freq[order[nv]]) >= opt.MinCount {
		nv++
	}
	vocab := order[:nv]
	rank := make([]int32, len(names))
	for i := range rank {
		rank[i] = -1
	}
	for r, id := range vocab {
		rank[id] = int32(r)
	}
	// Pass 2: context counts as packed (word rank, context) codes.
	nctx := min(ctxWords, nv)
	dim := ctxPos * (nctx + 1)
	var codes []uint64
	for i, id := range corpus {
		if id < 0 || rank[id] < 0 {
			continue
		}
		w := uint64(rank[id])
		for p, d := range [ctxPos]int{-2, -1, 1, 2} {
			j := i + d
			c := int32(-1)
			ok := j >= 0 && j < len(corpus) && (d*d == 1 || corpus[i+d/2] >= 0)
			if ok {
				c = corpus[j]
			}
			if !ok || c < 0 {
				// Sentence boundary: context index nctx (boundary/other).
				codes = append(codes, w<<20|uint64(p*(nctx+1)+nctx))
				continue
			}
			r := rank[c]
			if r < 0 || int(r) >= nctx {
				continue
			}
			codes = append(codes, w<<20|uint64(p*(nctx+1)+int(r)))
		}
	}
	corpus = nil
	slices.Sort(codes)
	// Row sums and column sums.
	rowSum := make([]float64, nv)
	colSum := make([]float64, dim)
	for k := 0; k < len(codes); {
		j := k
		for j < len(codes) && codes[j] == codes[k] {
			j++
		}
		w, c := codes[k]>>20, codes[k]&(1<<20-1)
		cnt := float64(j - k)
		rowSum[w] += cnt
		colSum[c] += cnt
		k = j
	}
	var total, colTotal float64
	colPow := make([]float64, dim)
	for c := range colSum {
		total += colSum[c]
		colPow[c] = math.Pow(colSum[c], 0.75)
		colTotal += colPow[c]
	}
	// Random projection of PPMI rows.
	rng := rand.New(rand.NewSource(opt.Seed))
	proj := make([]float32, dim*projDim)
	for k := range proj {
		proj[k] = float32(rng.NormFloat64())
	}
	vecs := make([]float32, nv*projDim)
	for k := 0; k < len(codes); {
		j := k
		for j < len(codes) && codes[j] == codes[k] {
			j++
		}
		w, c := int(codes[k]>>20), int(codes[k]&(1<<20-1))
		cnt := float64(j - k)
		pmi := math.Log(cnt * colTotal / (rowSum[w] * colPow[c]))
		if pmi > 0 {
			v := vecs[w*projDim : (w+1)*projDim]
			pr := proj[c*projDim : (c+1)*projDim]
			f := float32(pmi)
			for d := range v {
				v[d] += f * pr[d]
			}
		}
		k = j
	}
	codes = nil
	for w := 0; w < nv; w++ {
		normalize(vecs[w*projDim : (w+1)*projDim])
	}
	logf("lexicon: %d words, %d context dims", nv, dim)
	// Hierarchical spherical k-means on the most frequent words.
	nc := min(opt.ClusterWords, nv)
	leafOf := make([]int, nv)
	members := make([]int, nc)
	for i := range members {
		members[i] = i
	}
	var leafCent []float32 // numLeaves*projDim
	leafCent = make([]float32, numLeaves*projDim)
	var split func(ids []int, k int, base, level int)
	split = func(ids []int, k int, base, level int) {
		cent, assign := kmeans(vecs, ids, k, rng)
		groups := make([][]int, k)
		for i, id := range ids {
			groups[assign[i]] = append(groups[assign[i]], id)
		}
		for g := 0; g < k; g++ {
			b := base*k + g
			if level == 2 {
				for _, id := range groups[g] {
					leafOf[id] = b
				}
				copy(leafCent[b*projDim:(b+1)*projDim], cent[g*projDim:(g+1)*projDim])
				continue
			}
			if len(groups[g]) == 0 {
				continue // empty cluster: its leaves stay empty
			}
			split(groups[g], kSplit, b, level+1)
		}
	}
	split(members, kCoarse, 0, 0)
	// Assign the remaining words to the nearest leaf.
	for w := nc; w < nv; w++ {
		v := vecs[w*projDim : (w+1)*projDim]
		best, bs := 0, float32(-2)
		for l := 0; l < numLeaves; l++ {
			s := dot(v, leafCent[l*projDim:(l+1)*projDim])
			if s > bs {
				best, bs = l, s
			}
		}
		leafOf[w] = best
	}
	words := make([]lexWord, nv)
	for r, id := range vocab {
		words[r] = lexWord{Word: names[id], Cluster: uint16(leafOf[r]), CaseB: caseBucket(int(capMid[id]), int(totMid[id]))}
	}
	logf("lexicon: clustered %d words (%d by k-means)", nv, nc)
	return &Lexicon{words: words}
}

func normalize(v []float32) {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	if s == 0 {
		return
	}
	f := float32(1 / math.Sqrt(s))
	for i := range v {
		v[i] *= f
	}
}

func dot(a, b []float32) float32 {
	var s float32
	b = b[:len(a)]
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// kmeans clusters vecs[ids] into k groups by cosine similarity and returns
// the centroids (k*projDim) and each id's group.
func kmeans(vecs []float32, ids []int, k int, rng *rand.Rand) ([]float32, []int) {
	cent := make([]float32, k*projDim)
	assign := make([]int, len(ids))
	if len(ids) == 0 {
		return cent, assign
	}
	// Initialise with distinct random members (k-means++ would be better
	// but this is deterministic and cheap).
	perm := rng.Perm(len(ids))
	for g := 0; g < k; g++ {
		id := ids[perm[g%len(perm)]]
		copy(cent[g*projDim:(g+1)*projDim], vecs[id*projDim:(id+1)*projDim])
	}
	counts := make([]int, k)
	for it := 0; it < 15; it++ {
		changed := 0
		for i, id := range ids {
			v := vecs[id*projDim : (id+1)*projDim]
			best, bs := 0, float32(-2)
			for g := 0; g < k; g++ {
				s := dot(v, cent[g*projDim:(g+1)*projDim])
				if s > bs {
					best, bs = g, s
				}
			}
			if assign[i] != best || it == 0 {
				changed++
			}
			assign[i] = best
		}
		for i := range cent {
			cent[i] = 0
		}
		for g := range counts {
			counts[g] = 0
		}
		for i, id := range ids {
			g := assign[i]
			counts[g]++
			c := cent[g*projDim : (g+1)*projDim]
			for d, x := range vecs[id*projDim : (id+1)*projDim] {
				c[d] += x
			}
		}
		for g := 0; g < k; g++ {
			if counts[g] == 0 {
				// Re-seed an empty cluster with a random member.
				id := ids[rng.Intn(len(ids))]
				copy(cent[g*projDim:(g+1)*projDim], vecs[id*projDim:(id+1)*projDim])
				continue
			}
			normalize(cent[g*projDim : (g+1)*projDim])
		}
		if changed == 0 {
			break
		}
	}
	return cent, assign
}

// WriteTo writes the lexicon as text lines "word<TAB>cluster<TAB>case".
func (lx *Lexicon) WriteTo(w io.Writer) (int64, error) {
	bw := bufio.NewWriter(w)
	var n int64
	for _, e := range lx.words {
		k, err := fmt.Fprintf(bw, "%s\t%d\t%d\n", e.Word, e.Cluster, e.CaseB)
		n += int64(k)
		if err != nil {
			return n, err
		}
	}
	return n, bw.Flush()
}

// ReadLexicon reads a lexicon written by WriteTo.
func ReadLexicon(r io.Reader) (*Lexicon, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	lx := &Lexicon{}
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 3 {
			return nil, fmt.Errorf("ner: lexicon line %d: want 3 fields", len(lx.words)+1)
		}
		c, err1 := strconv.Atoi(f[1])
		b, err2 := strconv.Atoi(f[2])
		if err1 != nil || err2 != nil || c < 0 || c >= numLeaves || b < 0 || b > 255 {
			return nil, fmt.Errorf("ner: lexicon line %d: bad numbers", len(lx.words)+1)
		}
		lx.words = append(lx.words, lexWord{Word: f[0], Cluster: uint16(c), CaseB: uint8(b)})
	}
	return lx, sc.Err()
}
