package corpus

import (
	"math"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Finding coverage of the same event: every article is reduced to an event
// vector made of four normalised parts: its most distinctive terms overall
// (TF-IDF over stemmed content words, title words counted extra), its title
// terms, its lead (the title and the first LeadTerms words of the body,
// where news reports state the event) and its named entities ("@name").
// Two articles score the weighted sum of the parts' cosines
// (EventWeights), times a date factor. Entities weigh little: their names
// are already words of the text, and counting them twice outweighed the
// rest (measured on stories-dev); they explain a match and label stories.
// The index keeps the vectors and the document frequencies; this file
// holds the pure parts.

// TermStats gives the document frequencies the IDF weights come from. The
// index implements it over the whole corpus; terms are as produced by
// ArticleTerms (lower case, stemmed, "@" + canonical name for entities).
type TermStats interface {
	// DocFreq is the number of articles holding term.
	DocFreq(term string) int
	// Docs is the number of articles.
	Docs() int
}

// Tuning of the term vectors and of the event score. They were chosen on
// the stories-dev development set only (see eval/stories). They are
// variables for experiments; stored vectors depend on them, so an index
// must be rebuilt (index.Corpus.ResetSimilarity) after changing one.
var (
	// VectorTerms is the number of distinctive terms kept per article.
	VectorTerms = 150
	// TitleBoost is how many times a title term counts.
	TitleBoost = 3
	// EntityBoost is how many times an entity mention counts as a feature.
	EntityBoost = 1
	// UndatedFactor multiplies the score when either article is undated.
	UndatedFactor = 0.75
	// DayDecay is the relative loss of score per day of distance.
	DayDecay = 0.2
	// TitleWeight, LeadWeight and EntityWeight weigh the title, lead and
	// entity parts of the event vector against the whole text (weight 1).
	TitleWeight  = 0.3
	LeadWeight   = 0.6
	EntityWeight = 0.1
	// LeadTerms is the number of body terms of the lead part.
	LeadTerms = 60
	// SameOutletFactor multiplies the score of an article from the query's
	// own outlet: an outlet's follow-ups on a topic are rarely the coverage
	// a comparison across outlets is after.
	SameOutletFactor = 0.85
)

// EventParts is the number of parts of an event vector.
const EventParts = 4

// Event vector parts.
const (
	PartText   = 0 // all content terms
	PartTitle  = 1 // title terms
	PartLead   = 2 // title and first body terms
	PartEntity = 3 // entity features ("@name")
)

// EventWeights returns the weight of each part of an event vector, summing
// to 1: a part's normalised vector is scaled by the square root of its
// weight, so the dot product of two event vectors is the weighted sum of
// the parts' cosines.
func EventWeights() [EventParts]float64 {
	tot := 1 + TitleWeight + LeadWeight + EntityWeight
	return [EventParts]float64{1 / tot, TitleWeight / tot, LeadWeight / tot, EntityWeight / tot}
}

// EventTerms returns the term counts of the parts of an article's event
// vector: the content terms (ArticleTerms without the entity features),
// the distinct title terms (count 1), the lead (title terms and the first
// LeadTerms body terms) and the entity features.
func EventTerms(a *Article) [EventParts]TermCounts {
	return EventTermsFrom(a, ArticleTerms(a))
}

// EventTermsFrom is EventTerms with the article's ArticleTerms known.
func EventTermsFrom(a *Article, all TermCounts) [EventParts]TermCounts {
	var out [EventParts]TermCounts
	text, ents := make(TermCounts, len(all)), TermCounts{}
	for t, c := range all {
		if strings.HasPrefix(t, "@") {
			ents[t] = c
		} else {
			text[t] = c
		}
	}
	title, lead := TermCounts{}, TermCounts{}
	EachTerm(a.Title, func(t string) {
		title[t] = 1
		lead[t]++
	})
	n := 0
	EachWord(a.Body, func(w string, _, _ int) {
		if n >= LeadTerms {
			return
		}
		if t := Term(w); t != "" {
			lead[t]++
			n++
		}
	})
	out[PartText], out[PartTitle], out[PartLead], out[PartEntity] = text, title, lead, ents
	return out
}

// SharedEntities returns the entities (lower-case canonical names) both
// articles mention, rarest in the corpus first (by stats' document
// frequency of their "@" feature), at most n.
func SharedEntities(a, b *Article, stats TermStats, n int) []string {
	in := map[string]bool{}
	for _, e := range a.Entities {
		if f := EntityFeature(e); f != "" {
			in[f] = true
		}
	}
	seen := map[string]bool{}
	var out []string
	for _, e := range b.Entities {
		if f := EntityFeature(e); f != "" && in[f] && !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	df := func(f string) int {
		if stats == nil {
			return 0
		}
		return stats.DocFreq(f)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if di, dj := df(out[i]), df(out[j]); di != dj {
			return di < dj
		}
		return out[i] < out[j]
	})
	if len(out) > n {
		out = out[:n]
	}
	for i, f := range out {
		out[i] = f[1:]
	}
	return out
}

const (
	// DefaultDays is the default date window, in days either side.
	DefaultDays = 3
)

// IDF is the inverse document frequency used everywhere: the BM25 form,
// which stays positive for terms in most documents.
func IDF(df, n int) float64 {
	if df < 0 {
		df = 0
	}
	if df > n {
		n = df
	}
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}

// TermVector is a sparse, L2-normalised vector of weighted terms, sorted by term.
type TermVector struct {
	Terms   []string  `json:"terms"`
	Weights []float64 `json:"weights"`
}

// Len is the number of terms.
func (v TermVector) Len() int { return len(v.Terms) }

// Cosine is the cosine similarity of two normalised vectors.
func (v TermVector) Cosine(w TermVector) float64 {
	i, j, s := 0, 0, 0.0
	for i < len(v.Terms) && j < len(w.Terms) {
		switch c := strings.Compare(v.Terms[i], w.Terms[j]); {
		case c == 0:
			s += v.Weights[i] * w.Weights[j]
			i++
			j++
		case c < 0:
			i++
		default:
			j++
		}
	}
	return s
}

// Shared returns the terms both vectors hold, largest contribution to the
// cosine first.
func (v TermVector) Shared(w TermVector) []TermWeight {
	var out []TermWeight
	i, j := 0, 0
	for i < len(v.Terms) && j < len(w.Terms) {
		switch c := strings.Compare(v.Terms[i], w.Terms[j]); {
		case c == 0:
			out = append(out, TermWeight{Term: v.Terms[i], Z: v.Weights[i] * w.Weights[j]})
			i++
			j++
		case c < 0:
			i++
		default:
			j++
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Z > out[b].Z })
	return out
}

// TermCounts is a bag of terms with counts.
type TermCounts map[string]int

// ArticleTerms returns the term counts of an article: stemmed content words
// of the body and captions, title words counted TitleBoost times, and each
// entity mention as an "@"+lower-case canonical name feature.
func ArticleTerms(a *Article) TermCounts {
	tc := TermCounts{}
	EachTerm(a.Title, func(t string) { tc[t] += TitleBoost })
	EachTerm(a.Body, func(t string) { tc[t]++ })
	for _, c := range a.Captions {
		EachTerm(c, func(t string) { tc[t]++ })
	}
	for _, e := range a.Entities {
		if f := EntityFeature(e); f != "" {
			tc[f] += EntityBoost
		}
	}
	return tc
}

// EntityFeature is the term an entity mention adds to the vectors: "@" and
// the lower-case canonical name (or the mention text), "" for junk.
func EntityFeature(e Entity) string {
	name := e.Canonical
	if name == "" {
		name = e.Text
	}
	name = strings.ToLower(strings.Join(strings.Fields(name), " "))
	if utf8.RuneCountInString(name) < 2 {
		return ""
	}
	return "@" + name
}

// EachTerm calls fn with every content term of text: words (runs of letters
// and digits; numbers keep inner "," and "."), lower-cased, with possessive
// "'s" and stop words dropped and plurals reduced by a light stemmer.
func EachTerm(text string, fn func(term string)) {
	EachWord(text, func(w string, _, _ int) {
		if t := Term(w); t != "" {
			fn(t)
		}
	})
}

// Term normalises one lower-case word to its term, "" for a stop word.
func Term(w string) string {
	if len(w) < 2 || stopWords[w] {
		return ""
	}
	if w[0] >= '0' && w[0] <= '9' {
		return w
	}
	return stemS(w)
}

// EachWord calls fn with every word of text, lower-cased, and its byte
// offsets. Words are runs of letters and digits; apostrophes inside a word
// are dropped ("don't" → "dont") except a possessive "'s", which ends the
// word; "," and "." between digits stay in numbers.
func EachWord(text string, fn func(w string, start, end int)) {
	var buf []byte
	start := -1
	flush := func(end int) {
		if start >= 0 && len(buf) > 0 {
			fn(string(buf), start, end)
		}
		buf, start = buf[:0], -1
	}
	for i := 0; i < len(text); {
		r, sz := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, sz = utf8.DecodeRuneInString(text[i:])
		}
		switch {
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
			if start < 0 {
				start = i
			}
			buf = append(buf, byte(r))
		case r >= 'A' && r <= 'Z':
			if start < 0 {
				start = i
			}
			buf = append(buf, byte(r+32))
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if start < 0 {
				start = i
			}
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
		case (r == '\'' || r == '’') && start >= 0:
			// A possessive ends the word; other apostrophes are dropped.
			rest := text[i+sz:]
			if (strings.HasPrefix(rest, "s") || strings.HasPrefix(rest, "S")) && (len(rest) == 1 || !simWordByte(rest[1])) {
				flush(i)
				i += sz + 1
				continue
			}
			if len(rest) == 0 || !simWordByte(rest[0]) {
				flush(i)
			}
		case (r == ',' || r == '.') && start >= 0 && len(buf) > 0 && simDigitByte(buf[len(buf)-1]) && i+1 < len(text) && simDigitByte(text[i+1]):
			if r == '.' {
				buf = append(buf, '.')
			}
		default:
			flush(i)
		}
		i += sz
	}
	flush(len(text))
}

func simWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= utf8.RuneSelf
}

func simDigitByte(c byte) bool { return c >= '0' && c <= '9' }

// stemS is a light plural stemmer (after Harman's S-stemmer) with a few
// common verb endings: it maps inflections of one word together without
// mangling names the way an aggressive stemmer does.
func stemS(w string) string {
	n := len(w)
	switch {
	case n > 4 && strings.HasSuffix(w, "ies") && !strings.HasSuffix(w, "eies") && !strings.HasSuffix(w, "aies"):
		return w[:n-3] + "y"
	case n > 4 && (strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "xes")):
		return w[:n-2]
	case n > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		return w[:n-1]
	}
	return w
}

// Vectorize weights term counts by sublinear TF times IDF, keeps the n
// heaviest terms (all when n <= 0) and normalises the result. A nil stats
// weighs every term by TF alone.
func Vectorize(tc TermCounts, stats TermStats, n int) TermVector {
	type tw struct {
		t string
		w float64
	}
	all := make([]tw, 0, len(tc))
	docs := 0
	if stats != nil {
		docs = stats.Docs()
	}
	for t, c := range tc {
		w := 1 + math.Log(float64(c))
		if stats != nil {
			w *= IDF(stats.DocFreq(t), docs)
		}
		all = append(all, tw{t, w})
	}
	if n > 0 && len(all) > n {
		slices.SortFunc(all, func(a, b tw) int {
			if a.w != b.w {
				if a.w > b.w {
					return -1
				}
				return 1
			}
			return strings.Compare(a.t, b.t)
		})
		all = all[:n]
	}
	slices.SortFunc(all, func(a, b tw) int { return strings.Compare(a.t, b.t) })
	v := TermVector{Terms: make([]string, len(all)), Weights: make([]float64, len(all))}
	norm := 0.0
	for i, x := range all {
		v.Terms[i], v.Weights[i] = x.t, x.w
		norm += x.w * x.w
	}
	if norm > 0 {
		norm = math.Sqrt(norm)
		for i := range v.Weights {
			v.Weights[i] /= norm
		}
	}
	return v
}

// ArticleVector is Vectorize(ArticleTerms(a), stats, VectorTerms).
func ArticleVector(a *Article, stats TermStats) TermVector {
	return Vectorize(ArticleTerms(a), stats, VectorTerms)
}

// DayNumber is the date as days since 1970-01-01 (UTC), or NoDay when t is zero.
func DayNumber(t time.Time) int32 {
	if t.IsZero() {
		return NoDay
	}
	return int32(t.UTC().Unix() / 86400)
}

// NoDay marks an undated article in day numbers.
const NoDay = math.MaxInt32

// DateFactor scores two day numbers for being the same event: 1 on the same
// day, decaying a little per day, and ok=false outside ±days. Undated
// articles pass with UndatedFactor: the window is widened to everything.
func DateFactor(a, b int32, days int) (f float64, ok bool) {
	if a == NoDay || b == NoDay {
		return UndatedFactor, true
	}
	d := int(a) - int(b)
	if d < 0 {
		d = -d
	}
	if days >= 0 && d > days {
		return 0, false
	}
	return 1 / (1 + DayDecay*float64(d)), true
}

// SimilarityReasons explains an event score for people: the shared
// entities ("@" terms of the vectors), the shared distinctive words and
// the date distance.
func SimilarityReasons(a, b TermVector, dayA, dayB int32) []string {
	var ents []string
	for _, s := range a.Shared(b) {
		if strings.HasPrefix(s.Term, "@") && len(ents) < 5 {
			ents = append(ents, s.Term[1:])
		}
	}
	return SimilarityReasonsWith(a, b, ents, dayA, dayB)
}

// SimilarityReasonsWith is SimilarityReasons with the shared entities
// given (see SharedEntities).
func SimilarityReasonsWith(a, b TermVector, ents []string, dayA, dayB int32) []string {
	var words []string
	for _, s := range a.Shared(b) {
		if !strings.HasPrefix(s.Term, "@") && len(words) < 6 {
			words = append(words, s.Term)
		}
	}
	var out []string
	if len(ents) > 0 {
		out = append(out, "shared entities: "+strings.Join(ents, ", "))
	}
	if len(words) > 0 {
		out = append(out, "shared terms: "+strings.Join(words, ", "))
	}
	switch {
	case dayA == NoDay || dayB == NoDay:
		out = append(out, "date unknown")
	case dayA == dayB:
		out = append(out, "same day")
	default:
		d := int(dayA) - int(dayB)
		if d < 0 {
			d = -d
		}
		unit := "days"
		if d == 1 {
			unit = "day"
		}
		out = append(out, "published "+itoa(d)+" "+unit+" apart")
	}
	return out
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// EventPassageWords is the length, in words, of the passages PassageOverlap
// looks for.
var EventPassageWords = 5

// PassageSet returns the set of an article's passages (hashes of
// EventPassageWords consecutive words of the title and body).
func PassageSet(a *Article) map[uint64]struct{} {
	out := map[uint64]struct{}{}
	for _, h := range Shingles(a.Body, EventPassageWords) {
		out[h] = struct{}{}
	}
	return out
}

// PassageOverlap scores how much of the text b shares with the passages of
// another article: ln(1 + shared distinct passages).
func PassageOverlap(set map[uint64]struct{}, b *Article) float64 {
	n := 0
	seen := map[uint64]struct{}{}
	for _, h := range Shingles(b.Body, EventPassageWords) {
		if _, ok := set[h]; ok {
			if _, dup := seen[h]; !dup {
				seen[h] = struct{}{}
				n++
			}
		}
	}
	return math.Log1p(float64(n))
}

// MapStats is a TermStats over an in-memory map, for tests and for
// analysing files against a small set of articles.
type MapStats struct {
	DF map[string]int
	N  int
}

// DocFreq implements TermStats.
func (m *MapStats) DocFreq(t string) int { return m.DF[t] }

// Docs implements TermStats.
func (m *MapStats) Docs() int { return m.N }

// Add counts the distinct terms of one document.
func (m *MapStats) Add(tc TermCounts) {
	if m.DF == nil {
		m.DF = map[string]int{}
	}
	for t := range tc {
		m.DF[t]++
	}
	m.N++
}

// stopWords are English function words and news boilerplate verbs that say
// nothing about which event an article reports.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a about above across after afterwards again against all almost alone along
already also although always am among amongst an and another any anyhow anyone anything anyway
anywhere are aren around as at back be became because become becomes becoming been before
beforehand behind being below beside besides between beyond both but by can cannot could couldn
did didn do does doesn doing don done down during each either else elsewhere enough etc even ever
every everyone everything everywhere except few for former formerly from further get gets got had
hadn has hasn have haven having he hence her here hereafter hereby herein hers herself him himself
his how however i ie if in indeed into is isn it its itself just last latter least less let like
ll made make many may me meanwhile might mine more moreover most mostly much must my myself namely
neither never nevertheless next no nobody none nor not nothing now nowhere of off often on once
one only onto or other others otherwise our ours ourselves out over own per perhaps please put
quite rather re really s said same say says see seem seemed seeming seems several she should
shouldn since so some somehow someone something sometime sometimes somewhere still such t than
that the their theirs them themselves then thence there thereafter thereby therefore therein
thereupon these they this those though through throughout thru thus to together too toward towards
under until up upon us ve very via was wasn we well were weren what whatever when whence whenever
where whereafter whereas whereby wherein whereupon wherever whether which while whither who
whoever whole whom whose why will with within without won would wouldn yet you your yours
yourself yourselves told telling tell according also mr mrs ms dr new news just s year years
time times week day days today yesterday tomorrow monday tuesday wednesday thursday friday
saturday sunday people going go went want wanted think thought know known way ways thing things
lot lots told including include includes included`) {
		m[w] = true
	}
	return m
}()
