package corpus

import (
	"cmp"
	"hash/maphash"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/parallax-research/parallax/corpus/ner"
)

// Comparing coverage side by side: sentence alignment (shared, paraphrased,
// unique), reused passages, entity differences, framing terms by weighted
// log-odds with an informative Dirichlet prior, and quotes with speakers.
// All offsets are byte offsets into the articles' Body.

// Comparison is the side-by-side comparison of two or more articles.
type Comparison struct {
	Articles []ComparedArticle `json:"articles"`
	// Passages are word sequences of PassageWords or more words that appear
	// in at least two of the articles (wire copy, a common source).
	Passages []Passage  `json:"passages"`
	Entities EntityDiff `json:"entities"`
	// Similarity is the mean pairwise cosine of the articles' TF-IDF vectors.
	Similarity float64 `json:"similarity"`
}

// ComparedArticle is one article of a comparison.
type ComparedArticle struct {
	ID        string            `json:"id"`
	Outlet    string            `json:"outlet"`
	Title     string            `json:"title"`
	Published time.Time         `json:"published,omitzero"`
	Words     int               `json:"words"`
	Sentences []AlignedSentence `json:"sentences"`
	// Framing are the terms most distinctive of this article against the
	// others (z-scores of weighted log-odds), highest first.
	Framing []TermWeight `json:"framing"`
	Quotes  []Quote      `json:"quotes"`
}

// Sentence alignment labels.
const (
	LabelShared      = "shared"
	LabelParaphrased = "paraphrased"
	LabelUnique      = "unique"
)

// AlignedSentence is one body sentence and its counterparts.
type AlignedSentence struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	// Label is shared (near-verbatim in another article), paraphrased (the
	// same content reworded) or unique.
	Label string `json:"label"`
	// Matches are the best counterpart in each other article that is
	// shared or paraphrased.
	Matches []SentenceRef `json:"matches,omitempty"`
}

// SentenceRef points at a sentence of another article of the comparison.
type SentenceRef struct {
	Article  int     `json:"article"`
	Sentence int     `json:"sentence"`
	Score    float64 `json:"score"`
}

// Passage is a reused word sequence and where it sits in each article.
type Passage struct {
	Text  string `json:"text"`
	Words int    `json:"words"`
	Spans []Span `json:"spans"`
}

// Span is a byte range of one article's body.
type Span struct {
	Article int `json:"article"`
	Start   int `json:"start"`
	End     int `json:"end"`
}

// EntityDiff splits the entities by how many of the articles mention them.
type EntityDiff struct {
	InAll  []EntityCount `json:"in_all"`
	InSome []EntityCount `json:"in_some"`
	InOne  []EntityCount `json:"in_one"`
}

// EntityCount is an entity and its mention count in each article.
type EntityCount struct {
	Name   string `json:"name"`
	Type   string `json:"type"`
	Counts []int  `json:"counts"`
}

// TermWeight is a term with a weight (a z-score for framing terms).
type TermWeight struct {
	Term string  `json:"term"`
	Z    float64 `json:"z"`
}

// Quote is a quotation or reported statement and who it is attributed to.
type Quote struct {
	Speaker string `json:"speaker"`
	Text    string `json:"text"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
}

// Alignment and framing tuning.
const (
	// PassageWords is the shortest reused passage reported.
	PassageWords = 8
	// SharedDice is the word-trigram Dice coefficient from which two
	// sentences are near-verbatim copies.
	SharedDice = 0.5
	// SharedContainment is the share of the shorter sentence's trigrams
	// found in the longer one from which a trimmed copy counts as shared.
	SharedContainment = 0.8
	// ParaphraseCosine is the content-word cosine from which two sentences
	// say the same thing in other words.
	ParaphraseCosine = 0.4
	// FramingTerms is the number of framing terms kept per article.
	FramingTerms = 12
	// FramingMinZ is the lowest z-score reported as framing.
	FramingMinZ = 0.5
)

// cmpSentence is a sentence prepared for alignment.
type cmpSentence struct {
	start, end int
	words      int
	tri        []uint64 // sorted distinct word-trigram hashes (words when < 3)
	terms      []string // sorted distinct content terms
	w          []float64
}

var cmpSeed = maphash.MakeSeed()

// Compare compares the articles. prior supplies the corpus document
// frequencies for IDF weights and the framing prior; nil uses the compared
// articles alone.
func Compare(articles []*Article, prior TermStats) *Comparison {
	n := len(articles)
	out := &Comparison{Articles: make([]ComparedArticle, n)}
	stats := prior
	if stats == nil || stats.Docs() == 0 {
		ms := &MapStats{}
		for _, a := range articles {
			ms.Add(ArticleTerms(a))
		}
		stats = ms
	}
	sents := make([][]cmpSentence, n)
	for i, a := range articles {
		ca := &out.Articles[i]
		ca.ID, ca.Outlet, ca.Title, ca.Published = a.ID, a.Outlet, a.Title, a.Published
		ca.Words = CountWords(a.Body)
		sents[i] = prepareSentences(a.Body, stats)
		ca.Sentences = make([]AlignedSentence, len(sents[i]))
		for k, s := range sents[i] {
			ca.Sentences[k] = AlignedSentence{Text: strings.TrimSpace(a.Body[s.start:s.end]), Start: s.start, End: s.end, Label: LabelUnique}
		}
		ca.Quotes = ExtractQuotes(a)
	}
	align(out, sents)
	out.Passages = FindPassages(bodies(articles), PassageWords)
	out.Entities = DiffEntities(articles)
	texts := make([]string, n)
	for i, a := range articles {
		texts[i] = a.Title + "\n\n" + a.Body
	}
	framing := FramingTermsOf(texts, prior, FramingTerms)
	for i := range out.Articles {
		out.Articles[i].Framing = framing[i]
	}
	// Overall similarity: mean pairwise cosine of full TF-IDF vectors.
	vecs := make([]TermVector, n)
	for i, a := range articles {
		vecs[i] = Vectorize(ArticleTerms(a), stats, 0)
	}
	sum, pairs := 0.0, 0
	for i := range n {
		for j := i + 1; j < n; j++ {
			sum += vecs[i].Cosine(vecs[j])
			pairs++
		}
	}
	if pairs > 0 {
		out.Similarity = round3f(sum / float64(pairs))
	}
	return out
}

func bodies(as []*Article) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Body
	}
	return out
}

func round3f(f float64) float64 { return math.Round(f*1000) / 1000 }

// CountWords counts the words of text.
func CountWords(text string) int {
	n := 0
	EachWord(text, func(string, int, int) { n++ })
	return n
}

// prepareSentences splits a body into sentences and computes their
// trigram hashes and weighted content terms.
func prepareSentences(body string, stats TermStats) []cmpSentence {
	spans := ner.Sentences(body)
	out := make([]cmpSentence, 0, len(spans))
	docs := stats.Docs()
	for _, sp := range spans {
		text := body[sp[0]:sp[1]]
		var words []string
		EachWord(text, func(w string, _, _ int) { words = append(words, w) })
		if len(words) == 0 {
			continue
		}
		s := cmpSentence{start: sp[0], end: sp[1], words: len(words)}
		s.tri = shingles(words, 3)
		tc := map[string]int{}
		for _, w := range words {
			if t := Term(w); t != "" {
				tc[t]++
			}
		}
		s.terms = make([]string, 0, len(tc))
		for t := range tc {
			s.terms = append(s.terms, t)
		}
		sort.Strings(s.terms)
		s.w = make([]float64, len(s.terms))
		norm := 0.0
		for k, t := range s.terms {
			w := IDF(stats.DocFreq(t), docs)
			s.w[k] = w
			norm += w * w
		}
		if norm > 0 {
			norm = math.Sqrt(norm)
			for k := range s.w {
				s.w[k] /= norm
			}
		}
		out = append(out, s)
	}
	return out
}

// shingles returns the sorted distinct hashes of the k-word sequences (the
// words themselves when there are fewer than k).
func shingles(words []string, k int) []uint64 {
	if len(words) < k {
		k = len(words)
	}
	out := make([]uint64, 0, len(words)-k+1)
	var h maphash.Hash
	h.SetSeed(cmpSeed)
	for i := 0; i+k <= len(words); i++ {
		h.Reset()
		for _, w := range words[i : i+k] {
			h.WriteString(w)
			h.WriteByte(0)
		}
		out = append(out, h.Sum64())
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func intersect(a, b []uint64) int {
	i, j, n := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			n++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return n
}

// SentencePair scores two sentences: the label they earn together and a
// score in [0, 1] (the larger of the trigram Dice coefficient and the
// content-word cosine).
func sentencePair(a, b *cmpSentence) (label string, score float64) {
	inter := intersect(a.tri, b.tri)
	dice := 0.0
	if len(a.tri)+len(b.tri) > 0 {
		dice = 2 * float64(inter) / float64(len(a.tri)+len(b.tri))
	}
	contain := 0.0
	if m := min(len(a.tri), len(b.tri)); m > 0 {
		contain = float64(inter) / float64(m)
	}
	cos, shared := 0.0, 0
	i, j := 0, 0
	for i < len(a.terms) && j < len(b.terms) {
		switch c := strings.Compare(a.terms[i], b.terms[j]); {
		case c == 0:
			cos += a.w[i] * b.w[j]
			shared++
			i++
			j++
		case c < 0:
			i++
		default:
			j++
		}
	}
	score = max(dice, cos)
	switch {
	case dice >= SharedDice && min(a.words, b.words) >= 4,
		contain >= SharedContainment && min(a.words, b.words) >= PassageWords:
		return LabelShared, score
	case cos >= ParaphraseCosine && shared >= 3:
		return LabelParaphrased, score
	}
	return LabelUnique, score
}

func labelRank(l string) int {
	switch l {
	case LabelShared:
		return 2
	case LabelParaphrased:
		return 1
	}
	return 0
}

// align links every sentence to its best counterpart in each other article.
func align(out *Comparison, sents [][]cmpSentence) {
	for i := range sents {
		for k := range sents[i] {
			as := &out.Articles[i].Sentences[k]
			for j := range sents {
				if j == i {
					continue
				}
				bestL, bestS, bestK := LabelUnique, 0.0, -1
				for m := range sents[j] {
					l, s := sentencePair(&sents[i][k], &sents[j][m])
					if labelRank(l) > labelRank(bestL) || labelRank(l) == labelRank(bestL) && s > bestS {
						bestL, bestS, bestK = l, s, m
					}
				}
				if bestK < 0 || bestL == LabelUnique {
					continue
				}
				as.Matches = append(as.Matches, SentenceRef{Article: j, Sentence: bestK, Score: round3f(bestS)})
				if labelRank(bestL) > labelRank(as.Label) {
					as.Label = bestL
				}
			}
		}
	}
}

// AlignLabel labels a pair of sentences as shared, paraphrased or unique,
// with IDF weights from stats (nil: every term weighs the same).
func AlignLabel(a, b string, stats TermStats) (string, float64) {
	if stats == nil {
		stats = &MapStats{}
	}
	sa, sb := prepareOne(a, stats), prepareOne(b, stats)
	if sa == nil || sb == nil {
		return LabelUnique, 0
	}
	return sentencePair(sa, sb)
}

func prepareOne(text string, stats TermStats) *cmpSentence {
	var words []string
	EachWord(text, func(w string, _, _ int) { words = append(words, w) })
	if len(words) == 0 {
		return nil
	}
	// One sentence: prepare it whole, not split.
	s := cmpSentence{end: len(text), words: len(words), tri: shingles(words, 3)}
	tc := map[string]bool{}
	for _, w := range words {
		if t := Term(w); t != "" {
			tc[t] = true
		}
	}
	for t := range tc {
		s.terms = append(s.terms, t)
	}
	sort.Strings(s.terms)
	s.w = make([]float64, len(s.terms))
	norm := 0.0
	for k, t := range s.terms {
		s.w[k] = IDF(stats.DocFreq(t), stats.Docs())
		norm += s.w[k] * s.w[k]
	}
	for k := range s.w {
		s.w[k] /= math.Sqrt(norm)
	}
	return &s
}

// FindPassages returns the maximal word sequences of at least minWords
// words that occur in two or more of the texts (compared case- and
// punctuation-blind), longest first, with their byte spans.
func FindPassages(texts []string, minWords int) []Passage {
	type word struct {
		w          string
		start, end int
	}
	words := make([][]word, len(texts))
	grams := make([]map[uint64][]int, len(texts))
	for i, t := range texts {
		EachWord(t, func(w string, s, e int) { words[i] = append(words[i], word{w, s, e}) })
		grams[i] = map[uint64][]int{}
		var h maphash.Hash
		h.SetSeed(cmpSeed)
		for p := 0; p+minWords <= len(words[i]); p++ {
			h.Reset()
			for _, w := range words[i][p : p+minWords] {
				h.WriteString(w.w)
				h.WriteByte(0)
			}
			k := h.Sum64()
			grams[i][k] = append(grams[i][k], p)
		}
	}
	same := func(i, p, j, q int) bool { return words[i][p].w == words[j][q].w }
	byText := map[string]*Passage{}
	var order []string
	for i := range texts {
		for j := i + 1; j < len(texts); j++ {
			for k, ps := range grams[i] {
				qs := grams[j][k]
				if len(qs) == 0 {
					continue
				}
				for _, p := range ps {
					for _, q := range qs {
						if p > 0 && q > 0 && same(i, p-1, j, q-1) {
							continue // not the start of a run
						}
						l := 0
						for p+l < len(words[i]) && q+l < len(words[j]) && same(i, p+l, j, q+l) {
							l++
						}
						if l < minWords {
							continue // a hash collision
						}
						ws := make([]string, l)
						for x := range l {
							ws[x] = words[i][p+x].w
						}
						norm := strings.Join(ws, " ")
						ps := byText[norm]
						if ps == nil {
							ps = &Passage{Text: texts[i][words[i][p].start:words[i][p+l-1].end], Words: l}
							byText[norm] = ps
							order = append(order, norm)
						}
						for _, sp := range []Span{
							{i, words[i][p].start, words[i][p+l-1].end},
							{j, words[j][q].start, words[j][q+l-1].end},
						} {
							if !slices.Contains(ps.Spans, sp) {
								ps.Spans = append(ps.Spans, sp)
							}
						}
					}
				}
			}
		}
	}
	out := make([]Passage, 0, len(order))
	for _, k := range order {
		p := byText[k]
		slices.SortFunc(p.Spans, func(a, b Span) int {
			return cmp.Or(cmp.Compare(a.Article, b.Article), cmp.Compare(a.Start, b.Start))
		})
		out = append(out, *p)
	}
	slices.SortStableFunc(out, func(a, b Passage) int {
		return cmp.Or(cmp.Compare(b.Words, a.Words), cmp.Compare(a.Spans[0].Article, b.Spans[0].Article), cmp.Compare(a.Spans[0].Start, b.Spans[0].Start))
	})
	return out
}

// DiffEntities counts every entity (by canonical name and type) in each
// article and splits them into those in all, some and one of the articles,
// most mentioned first.
func DiffEntities(articles []*Article) EntityDiff {
	type key struct{ name, typ string }
	counts := map[key][]int{}
	names := map[key]map[string]int{}
	for i, a := range articles {
		for _, e := range a.Entities {
			name := e.Canonical
			if name == "" {
				name = e.Text
			}
			name = strings.Join(strings.Fields(name), " ")
			if name == "" {
				continue
			}
			k := key{strings.ToLower(name), e.Type}
			if counts[k] == nil {
				counts[k] = make([]int, len(articles))
				names[k] = map[string]int{}
			}
			counts[k][i]++
			names[k][name]++
		}
	}
	var d EntityDiff
	for k, cs := range counts {
		// The most frequent spelling names the entity.
		best, bn := "", -1
		for nm, c := range names[k] {
			if c > bn || c == bn && nm < best {
				best, bn = nm, c
			}
		}
		ec := EntityCount{Name: best, Type: k.typ, Counts: cs}
		in := 0
		for _, c := range cs {
			if c > 0 {
				in++
			}
		}
		switch {
		case in == len(articles) && len(articles) > 1:
			d.InAll = append(d.InAll, ec)
		case in == 1:
			d.InOne = append(d.InOne, ec)
		default:
			d.InSome = append(d.InSome, ec)
		}
	}
	for _, l := range [][]EntityCount{d.InAll, d.InSome, d.InOne} {
		slices.SortFunc(l, func(a, b EntityCount) int {
			return cmp.Or(cmp.Compare(sumInts(b.Counts), sumInts(a.Counts)), cmp.Compare(a.Name, b.Name), cmp.Compare(a.Type, b.Type))
		})
	}
	return d
}

func sumInts(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

// framingWords counts the lower-case content words of a text, unstemmed
// (framing is about word choice: "terrorists" against "militants").
func framingWords(text string) map[string]int {
	out := map[string]int{}
	EachWord(text, func(w string, _, _ int) {
		if len(w) < 3 || stopWords[w] || w[0] >= '0' && w[0] <= '9' {
			return
		}
		out[w]++
	})
	return out
}

// FramingTermsOf returns, for each text, the words most distinctive of it
// against the others pooled: weighted log-odds with an informative
// Dirichlet prior (Monroe, Colaresi & Quinn 2008). The prior's shape comes
// from the corpus document frequencies (prior; nil: uniform) over the words
// in play, and its strength equals the compared text. Terms with z below
// FramingMinZ are dropped; at most k per text, highest z first.
func FramingTermsOf(texts []string, prior TermStats, k int) [][]TermWeight {
	counts := make([]map[string]int, len(texts))
	total := map[string]int{}
	ns := make([]int, len(texts))
	all := 0
	for i, t := range texts {
		counts[i] = framingWords(t)
		for w, c := range counts[i] {
			total[w] += c
			ns[i] += c
		}
		all += ns[i]
	}
	alpha := logOddsPrior(total, prior, float64(all))
	out := make([][]TermWeight, len(texts))
	for i := range texts {
		other := map[string]int{}
		for j := range texts {
			if j == i {
				continue
			}
			for w, c := range counts[j] {
				other[w] += c
			}
		}
		zs := LogOddsZ(counts[i], other, alpha)
		var tw []TermWeight
		for w, z := range zs {
			if z >= FramingMinZ && counts[i][w] > 0 {
				tw = append(tw, TermWeight{Term: w, Z: math.Round(z*100) / 100})
			}
		}
		slices.SortFunc(tw, func(a, b TermWeight) int { return cmp.Or(cmp.Compare(b.Z, a.Z), cmp.Compare(a.Term, b.Term)) })
		if len(tw) > k {
			tw = tw[:k]
		}
		out[i] = tw
	}
	return out
}

// logOddsPrior returns the Dirichlet pseudo-counts α_w = a0 · π_w with π
// proportional to the words' corpus document frequencies (plus one half),
// or uniform without a prior.
func logOddsPrior(vocab map[string]int, prior TermStats, a0 float64) map[string]float64 {
	alpha := make(map[string]float64, len(vocab))
	sum := 0.0
	for w := range vocab {
		f := 1.0
		if prior != nil && prior.Docs() > 0 {
			t := Term(w)
			if t == "" {
				t = w
			}
			f = float64(prior.DocFreq(t)) + 0.5
		}
		alpha[w] = f
		sum += f
	}
	if sum > 0 {
		for w := range alpha {
			alpha[w] *= a0 / sum
		}
	}
	return alpha
}

// LogOddsZ returns, for every word of the prior, the z-score of the
// weighted log-odds ratio of the word in counts a against counts b with
// Dirichlet pseudo-counts alpha: positive means typical of a.
func LogOddsZ(a, b map[string]int, alpha map[string]float64) map[string]float64 {
	na, nb, a0 := 0.0, 0.0, 0.0
	for _, c := range a {
		na += float64(c)
	}
	for _, c := range b {
		nb += float64(c)
	}
	for _, x := range alpha {
		a0 += x
	}
	out := make(map[string]float64, len(alpha))
	for w, aw := range alpha {
		if aw <= 0 {
			continue
		}
		ya, yb := float64(a[w]), float64(b[w])
		da := math.Log((ya + aw) / (na + a0 - ya - aw))
		db := math.Log((yb + aw) / (nb + a0 - yb - aw))
		v := 1/(ya+aw) + 1/(yb+aw)
		out[w] = (da - db) / math.Sqrt(v)
	}
	return out
}

// Quotes.

// speechVerbs introduce or close reported speech.
var speechVerbs = map[string]bool{
	"said": true, "says": true, "told": true, "tells": true, "added": true, "adds": true,
	"stated": true, "wrote": true, "writes": true, "declared": true, "insisted": true,
	"warned": true, "argued": true, "explained": true, "noted": true, "continued": true,
	"asked": true, "replied": true, "tweeted": true, "announced": true, "claimed": true,
	"stressed": true, "recalled": true, "conceded": true, "admitted": true, "urged": true,
	"responded": true, "remarked": true, "acknowledged": true, "predicted": true,
}

// speakerTitles are words dropped from the front of a speaker's name.
var speakerTitles = map[string]bool{
	"president": true, "prime": true, "minister": true, "secretary": true, "general": true,
	"secretary-general": true, "governor": true, "mayor": true, "judge": true, "chief": true,
	"executive": true, "senator": true, "sen": true, "rep": true, "representative": true,
	"mr": true, "mrs": true, "ms": true, "dr": true, "interior": true, "foreign": true,
	"health": true, "finance": true, "defence": true, "defense": true, "former": true,
	"opposition": true, "leader": true, "chairman": true, "chairwoman": true, "spokesman": true,
	"spokeswoman": true, "spokesperson": true, "professor": true, "prof": true, "gov": true,
	"lawyer": true, "analyst": true, "ceo": true, "commissioner": true, "economist": true,
	"deputy": true, "vice": true, "attorney": true, "sheriff": true, "officer": true,
}

var institutionWords = map[string]bool{"ministry": true, "commission": true, "bank": true, "authority": true,
	"office": true, "service": true, "court": true, "party": true, "union": true, "council": true, "agency": true,
	"organisation": true, "organization": true, "department": true, "government": true, "police": true,
	"committee": true, "house": true, "senate": true, "administration": true, "spokesman": true, "spokeswoman": true}

var nameConnectors = map[string]bool{"of": true, "for": true, "and": true, "de": true}

var pronounSpeakers = map[string]bool{"he": true, "she": true, "they": true, "we": true, "i": true}

type quoteSpan struct{ open, close, textStart, textEnd int }

// quotedSpans finds quotations: straight double quotes paired in order, or
// typographic “ ” pairs, inside one paragraph.
func quotedSpans(body string) []quoteSpan {
	var out []quoteSpan
	for _, para := range paragraphSpans(body) {
		text := body[para[0]:para[1]]
		open := -1
		for i := 0; i < len(text); {
			switch {
			case strings.HasPrefix(text[i:], "“"):
				open = i
				i += len("“")
				continue
			case strings.HasPrefix(text[i:], "”"):
				if open >= 0 {
					openLen := 1 // a straight quote closed by a typographic one
					if strings.HasPrefix(text[open:], "“") {
						openLen = len("“")
					}
					out = append(out, quoteSpan{para[0] + open, para[0] + i + len("”"), para[0] + open + openLen, para[0] + i})
				}
				open = -1
				i += len("”")
				continue
			case text[i] == '"':
				if open >= 0 && text[open] == '"' {
					out = append(out, quoteSpan{para[0] + open, para[0] + i + 1, para[0] + open + 1, para[0] + i})
					open = -1
				} else {
					open = i
				}
			}
			i++
		}
	}
	return out
}

func paragraphSpans(body string) [][2]int {
	var out [][2]int
	start := 0
	for start < len(body) {
		end := strings.Index(body[start:], "\n\n")
		if end < 0 {
			out = append(out, [2]int{start, len(body)})
			break
		}
		out = append(out, [2]int{start, start + end})
		start += end + 2
	}
	return out
}

// ExtractQuotes finds the quotations and reported statements of the body
// and who they are attributed to: `"…," X said`, `"…," said X`, `X said:
// "…"`, `X said that …` and `according to X`. Pronouns resolve to the
// last named speaker or person; surnames to the full names the article
// used; titles are dropped ("Interior Minister Dario Kessel" → "Dario
// Kessel"). Quotes whose speaker cannot be found are left out, except the
// continuation of a quote cut by its attribution, which keeps that speaker.
func ExtractQuotes(a *Article) []Quote {
	body := a.Body
	r := newSpeakerResolver(a)
	var out []Quote
	covered := func(s, e int) bool {
		for _, q := range out {
			if s < q.End && e > q.Start {
				return true
			}
		}
		return false
	}
	spans := quotedSpans(body)
	lastEnd, lastSpeaker := -1, ""
	for _, q := range spans {
		inner := strings.TrimSpace(strings.TrimRight(body[q.textStart:q.textEnd], " ,"))
		if len(strings.Fields(inner)) < 3 {
			continue // a scare quote or a title
		}
		speaker := ""
		// After: `"…," Varga said.` / `"…," said Varga.` / `"…," she told …`
		after := body[q.close:min(len(body), q.close+120)]
		if cut := strings.IndexAny(after, ".!?\n\"“"); cut >= 0 {
			after = after[:cut]
		}
		speaker = speakerAfterQuote(after)
		if speaker == "" {
			// Before: `Varga said: "…"` / `Varga told reporters, "…"`
			bstart := max(0, q.open-120)
			before := body[bstart:q.open]
			if cut := strings.LastIndexAny(before, ".!?\n\"”"); cut >= 0 {
				before = before[cut+1:]
			}
			speaker = speakerBeforeQuote(before)
		}
		if speaker == "" && lastSpeaker != "" && q.open-lastEnd < 80 && !strings.Contains(body[max(lastEnd, 0):q.open], "\n") {
			speaker = lastSpeaker // the second half of a cut quote
		}
		name := r.resolve(speaker, q.open)
		if name == "" {
			continue
		}
		start := q.textStart + strings.Index(body[q.textStart:q.textEnd], inner)
		out = append(out, Quote{Speaker: name, Text: inner, Start: start, End: start + len(inner)})
		lastEnd, lastSpeaker = q.close+len(after), speaker
		r.last = name
	}
	// Reported speech and attributions outside quotation marks.
	for _, sp := range ner.Sentences(body) {
		sent := body[sp[0]:sp[1]]
		if covered(sp[0], sp[1]) {
			continue
		}
		if at, speaker, rest := saidThat(sent); at >= 0 {
			if name := r.resolve(speaker, sp[0]+at); name != "" {
				text := strings.TrimRight(strings.TrimSpace(rest), ".")
				start := sp[0] + strings.Index(sent, rest)
				start += strings.Index(rest, text)
				out = append(out, Quote{Speaker: name, Text: text, Start: start, End: start + len(text)})
				r.last = name
				continue
			}
		}
		if i := strings.Index(sent, "according to "); i >= 0 {
			if name := r.resolve(accordingTo(sent[i+len("according to "):]), sp[0]+i); name != "" {
				text := strings.TrimSpace(sent)
				start := sp[0] + strings.Index(sent, text)
				out = append(out, Quote{Speaker: name, Text: text, Start: start, End: start + len(text)})
			}
		}
	}
	slices.SortFunc(out, func(a, b Quote) int { return cmp.Compare(a.Start, b.Start) })
	return out
}

// speakerAfterQuote reads `Varga said`, `said Varga`, `she told state
// television` or `the ministry said in a statement` after a closing quote.
func speakerAfterQuote(s string) string {
	s = strings.TrimLeft(s, " ,")
	fs := strings.Fields(s)
	if len(fs) == 0 {
		return ""
	}
	trim := func(w string) string { return strings.Trim(w, ",;:") }
	if speechVerbs[strings.ToLower(trim(fs[0]))] {
		// said Varga / said Ines Hartmann, an analyst …
		var name []string
		for _, w := range fs[1:] {
			tw := trim(w)
			if tw == "" || !isCapitalised(tw) && !(len(name) == 0 && strings.EqualFold(tw, "the")) {
				break
			}
			name = append(name, tw)
			if tw != w {
				break
			}
		}
		return strings.Join(name, " ")
	}
	for k := 1; k < len(fs) && k <= 6; k++ {
		if speechVerbs[strings.ToLower(trim(fs[k]))] {
			return strings.Join(fs[:k], " ")
		}
	}
	return ""
}

// speakerBeforeQuote reads `Varga said:` or `Kessel told reporters,` before
// an opening quote.
func speakerBeforeQuote(s string) string {
	fs := strings.Fields(s)
	for k := len(fs) - 1; k >= 1; k-- {
		if speechVerbs[strings.ToLower(strings.Trim(fs[k], ",;:"))] {
			start := max(0, k-6)
			for j := k - 1; j >= start; j-- {
				w := strings.Trim(fs[j], ",;:")
				if !isCapitalised(w) && !pronounSpeakers[strings.ToLower(w)] && !strings.EqualFold(w, "the") {
					start = j + 1
					break
				}
			}
			return strings.Join(fs[start:k], " ")
		}
	}
	return ""
}

// saidThat finds `X said that …` in a sentence: the offset of X, X and
// the reported clause.
func saidThat(sent string) (int, string, string) {
	for _, v := range []string{" said that ", " says that ", " told reporters that ", " added that ", " warned that ", " argued that ", " stated that ", " insisted that ", " claimed that ", " noted that "} {
		i := strings.Index(sent, v)
		if i < 0 {
			continue
		}
		before := sent[:i]
		fs := strings.Fields(before)
		start := len(fs)
		for j := len(fs) - 1; j >= 0 && len(fs)-j <= 7; j-- {
			w := strings.Trim(fs[j], ",;:")
			switch {
			case isCapitalised(w) || j == len(fs)-1 && pronounSpeakers[strings.ToLower(w)]:
				start = j
				continue
			case j < len(fs)-1 && j > 0 && start == j+1 && nameConnectors[w] && isCapitalised(fs[j-1]):
				continue // "Ministry of Health"
			case strings.EqualFold(w, "the") && start == j+1:
				start = j
			}
			break
		}
		if start == len(fs) {
			continue
		}
		speaker := strings.Join(fs[start:], " ")
		at := strings.LastIndex(before, fs[start])
		return at, speaker, sent[i+len(v):]
	}
	return -1, "", ""
}

// accordingTo reads the source after "according to": capitalised words
// (with a leading "the"), or a short lower-case noun phrase up to the
// punctuation ("the ministry").
func accordingTo(s string) string {
	fs := strings.Fields(s)
	var out []string
	for i, w := range fs {
		if i >= 6 {
			break
		}
		tw := strings.TrimRight(w, ",.;:)")
		if tw == "" {
			break
		}
		if i == 0 && strings.EqualFold(tw, "the") {
			out = append(out, tw)
			continue
		}
		if !isCapitalised(tw) && (len(out) == 0 || len(out) > 1 || !strings.EqualFold(out[0], "the")) {
			break
		}
		out = append(out, tw)
		if tw != w {
			break
		}
	}
	if len(out) == 1 && strings.EqualFold(out[0], "the") {
		return ""
	}
	return strings.Join(out, " ")
}

func isCapitalised(w string) bool {
	if w == "" {
		return false
	}
	c := w[0]
	return c >= 'A' && c <= 'Z' || c >= 0x80 && strings.ToUpper(w[:1]) == w[:1] && strings.ToLower(w[:1]) != w[:1]
}

// speakerResolver turns speaker phrases into names.
type speakerResolver struct {
	persons  []Entity          // PER mentions in the body, by offset
	surnames map[string]string // lower-case last word → full name
	last     string
}

func newSpeakerResolver(a *Article) *speakerResolver {
	r := &speakerResolver{surnames: map[string]string{}}
	for _, e := range a.Entities {
		if e.Field != "body" && e.Field != "" && e.Field != "title" {
			continue
		}
		name := e.Canonical
		if name == "" {
			name = e.Text
		}
		if e.Type == "PER" {
			if e.Field == "body" || e.Field == "" {
				r.persons = append(r.persons, e)
			}
			fs := strings.Fields(name)
			if len(fs) >= 2 {
				r.surnames[strings.ToLower(fs[len(fs)-1])] = name
			}
		}
	}
	return r
}

// resolve names the speaker phrase found at offset at; "" when it is no name.
func (r *speakerResolver) resolve(phrase string, at int) string {
	phrase = strings.TrimSpace(strings.Trim(phrase, ",;:"))
	if phrase == "" {
		return ""
	}
	low := strings.ToLower(phrase)
	if pronounSpeakers[low] {
		if r.last != "" {
			return r.last
		}
		// The last person mentioned before the quote.
		name := ""
		for _, e := range r.persons {
			if e.Start >= at {
				break
			}
			name = e.Canonical
			if name == "" {
				name = e.Text
			}
		}
		return name
	}
	fs := strings.Fields(phrase)
	// Drop titles: "Interior Minister Dario Kessel" → "Dario Kessel",
	// "Tessalian Foreign Minister Leona Szabo" → "Leona Szabo".
	institution := strings.EqualFold(fs[0], "the") || institutionWords[strings.ToLower(fs[len(fs)-1])]
	for k := len(fs) - 2; k >= 0 && !institution; k-- {
		if speakerTitles[strings.ToLower(strings.Trim(fs[k], "."))] {
			fs = fs[k+1:]
			break
		}
	}
	if strings.EqualFold(fs[0], "the") {
		// "the ministry", "the Interior Ministry": an institution.
		if len(fs) == 1 {
			return ""
		}
		return strings.Join(fs, " ")
	}
	for _, w := range fs {
		if !isCapitalised(w) {
			return ""
		}
	}
	name := strings.Join(fs, " ")
	if len(fs) == 1 {
		if full, ok := r.surnames[strings.ToLower(name)]; ok {
			return full
		}
	} else {
		r.surnames[strings.ToLower(fs[len(fs)-1])] = name
	}
	return name
}

// Outlet-level comparison.

// OutletProfile is one outlet's coverage in an outlet-level comparison.
type OutletProfile struct {
	Outlet   string   `json:"outlet"`
	Articles []string `json:"articles"`
	// Framing are the outlet's most distinctive words against the others.
	Framing []TermWeight `json:"framing"`
	// Sources are the speakers the outlet quotes, most quoted first.
	Sources []SourceCount `json:"sources"`
}

// SourceCount is a quoted speaker and how many quotes they got.
type SourceCount struct {
	Speaker string `json:"speaker"`
	Quotes  int    `json:"quotes"`
}

// OutletComparison compares outlets over a set of articles (a story or a
// query's hits). Entities counts are per outlet, in Outlets order.
type OutletComparison struct {
	Outlets  []OutletProfile `json:"outlets"`
	Entities EntityDiff      `json:"entities"`
}

// CompareOutlets groups the articles by outlet and compares the outlets:
// framing terms (each outlet's text against the others'), entities per
// outlet and quoted sources.
func CompareOutlets(articles []*Article, prior TermStats) *OutletComparison {
	groups := map[string][]*Article{}
	var names []string
	for _, a := range articles {
		if groups[a.Outlet] == nil {
			names = append(names, a.Outlet)
		}
		groups[a.Outlet] = append(groups[a.Outlet], a)
	}
	sort.Strings(names)
	texts := make([]string, len(names))
	merged := make([]*Article, len(names))
	out := &OutletComparison{Outlets: make([]OutletProfile, len(names))}
	for i, o := range names {
		var b strings.Builder
		m := &Article{Outlet: o}
		src := map[string]int{}
		p := &out.Outlets[i]
		p.Outlet = o
		for _, a := range groups[o] {
			p.Articles = append(p.Articles, a.ID)
			b.WriteString(a.Title)
			b.WriteString("\n\n")
			b.WriteString(a.Body)
			b.WriteString("\n\n")
			m.Entities = append(m.Entities, a.Entities...)
			for _, q := range ExtractQuotes(a) {
				src[q.Speaker]++
			}
		}
		texts[i] = b.String()
		merged[i] = m
		for s, c := range src {
			p.Sources = append(p.Sources, SourceCount{s, c})
		}
		slices.SortFunc(p.Sources, func(a, b SourceCount) int {
			return cmp.Or(cmp.Compare(b.Quotes, a.Quotes), cmp.Compare(a.Speaker, b.Speaker))
		})
	}
	fr := FramingTermsOf(texts, prior, FramingTerms)
	for i := range out.Outlets {
		out.Outlets[i].Framing = fr[i]
	}
	out.Entities = DiffEntities(merged)
	return out
}
