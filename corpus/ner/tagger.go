package ner

import (
	_ "embed"
	"fmt"
	"hash/maphash"
	"io"
	"strings"
	"sync"
	"sync/atomic"
)

// Mention is one recognised entity.
type Mention struct {
	// Text is input[Start:End].
	Text string
	// Type is PER, ORG, LOC or MISC.
	Type string
	// Start and End are byte offsets into the input text.
	Start, End int
	// Sentence is the index into Sentences(text) of the sentence holding
	// the mention.
	Sentence int
}

// Tagger recognises named entities. It is safe for concurrent use.
type Tagger struct {
	m    *model
	tb   *tables
	wc   wordCache
	pool sync.Pool
}

//go:embed model.gz
var embeddedModel []byte

var (
	defaultOnce   sync.Once
	defaultTagger *Tagger
)

// Default returns the tagger for the embedded model, loaded once.
// It panics if the embedded model is corrupt, which is a build error.
func Default() *Tagger {
	defaultOnce.Do(func() {
		t, err := LoadTagger(embeddedModel)
		if err != nil {
			panic(fmt.Sprintf("ner: embedded model: %v", err))
		}
		defaultTagger = t
	})
	return defaultTagger
}

// LoadTagger reads a model file written by Tagger.WriteModel (gzip).
func LoadTagger(data []byte) (*Tagger, error) {
	m, err := loadModel(data)
	if err != nil {
		return nil, err
	}
	return newTagger(m), nil
}

func newTagger(m *model) *Tagger {
	t := &Tagger{m: m, tb: m.buildTables()}
	t.wc.slots = make([]atomic.Pointer[wordEntry], wordCacheSize)
	t.wc.seed = maphash.MakeSeed()
	t.pool.New = func() any { return newDocTagger(m, t.tb, &t.wc) }
	return t
}

// WriteModel writes the tagger's model, gzip-compressed, dropping weights
// smaller in magnitude than prune. It returns the number of weights kept.
func (t *Tagger) WriteModel(w io.Writer, prune float32) (int, error) {
	return t.m.save(w, prune)
}

// TagTokens tags pre-tokenized sentences, treated as one document, and
// returns IOB2 tags (B-PER, I-ORG, O, ...) per token.
func (t *Tagger) TagTokens(sentences [][]string) [][]string {
	dt := t.pool.Get().(*docTagger)
	defer t.pool.Put(dt)
	labels := dt.tagDoc(sentences)
	out := make([][]string, len(sentences))
	for k, y := range labels {
		out[k] = iob2(t.m.ls.decode(y), len(y))
	}
	return out
}

// Extract finds the named entities of text, treated as one document.
// Single-token mentions that are pronouns, determiners or common
// sentence-initial words are never returned.
func (t *Tagger) Extract(text string) []Mention {
	toks := Tokenize(text)
	if len(toks) == 0 {
		return nil
	}
	groups := sentenceGroups(text, toks)
	words := make([]string, len(toks))
	for i, tk := range toks {
		words[i] = tk.Text
	}
	sents := make([][]string, len(groups))
	for k, g := range groups {
		sents[k] = words[g[0]:g[1]:g[1]]
	}
	styles := make([]int, len(sents))
	dt := t.pool.Get().(*docTagger)
	labels := dt.tagDocStyles(sents, styles)
	t.pool.Put(dt)
	var out []Mention
	for k, g := range groups {
		style := styles[k]
		// weak reports whether token i is capitalised only because of its
		// position or the headline style while the word is usually
		// lower-case in running news text.
		// An ALL-CAPS token outside a headline is an acronym ("US",
		// "WHO"), never weak.
		weak := func(i int) bool {
			if style == styleNormal && i > g[0] && !isQuoteTok(words[i-1]) {
				return false
			}
			if style != styleCaps && caseClass(words[i]) == caseUpper {
				return false
			}
			if stopMentions[strings.ToLower(words[i])] {
				return true
			}
			e := t.m.lex.get(hashNorm(words[i]))
			return e.known && e.caseB >= 1 && e.caseB <= 2
		}
		for _, s := range t.m.ls.decode(labels[k]) {
			a, b := g[0]+s.start, g[0]+s.end
			for b-a > 1 && (leadingDeterminer(toks[a].Text) || weak(a)) {
				a++
			}
			for b-a > 1 && weak(b-1) {
				b--
			}
			if b-a == 1 && weak(a) || !keepMention(toks[a:b], style) {
				continue
			}
			start, end := toks[a].Start, toks[b-1].End
			out = append(out, Mention{
				Text:     text[start:end],
				Type:     entityTypes[s.typ],
				Start:    start,
				End:      end,
				Sentence: k,
			})
		}
	}
	return out
}

// keepMention is the post-filter applied by Extract: a mention needs a
// letter, and a single token must not be a pronoun, determiner or similar
// common word (ALL-CAPS acronyms like "US" or "WHO" are kept outside
// ALL-CAPS headlines).
func keepMention(toks []Token, style int) bool {
	hasLetter := false
	for _, tk := range toks {
		for _, r := range tk.Text {
			if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r > 127 {
				hasLetter = true
				break
			}
		}
	}
	if !hasLetter {
		return false
	}
	if len(toks) == 1 && stopMentions[strings.ToLower(toks[0].Text)] {
		if style == styleCaps || caseClass(toks[0].Text) != caseUpper {
			return false
		}
	}
	return true
}

func leadingDeterminer(w string) bool {
	switch w {
	case "The", "the", "THE", "A", "An", "an":
		return true
	}
	return false
}

// stopMentions are words that are never an entity on their own.
var stopMentions = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`i me my mine myself you your yours yourself yourselves he him his himself she her hers herself
	it its itself we us our ours ourselves they them their theirs themselves one ones someone somebody something
	anyone anybody anything everyone everybody everything nobody nothing none who whom whose which what whatever
	whoever this that these those the a an some any all each every both either neither no not another other others
	such here there where when why how then than now today yesterday tomorrow tonight
	and or but nor so yet if as because although though while after before since until unless whether also still
	in on at by for with from of to into onto over under about after against between among through during without
	mr mrs ms dr sir madam said says say according however meanwhile moreover furthermore instead indeed
	yes no ok okay oh well please thanks thank hello hi
	monday tuesday wednesday thursday friday saturday sunday
	many most more much few several little less least lot lots
	first second third last next new old former latest
	is are was were be been being has have had do does did would shall should could might must
	breaking update updated exclusive watch read photo video editor note advertisement`) {
		stopMentions[w] = true
	}
}

// docTagger holds per-goroutine buffers and the word cache for tagging
// documents.
type docTagger struct {
	m  *model
	tb *tables
	// The tagging path (fast.go).
	wc     *wordCache
	doc    fastDoc
	arena  []byte
	toks   []tok
	es     []*wordEntry
	styles []int
	acc    []vec
	pb     []uint32 // pair feature buckets, pairFeats per token
	pr     []int32  // their rows (-1: none)
	emit   []float32
	vb     viterbiBuf
	// The reference path (featurizer), used by tests.
	fz    featurizer
	feats []uint32
	off   []int32
	typs  []int8
}

func newDocTagger(m *model, tb *tables, wc *wordCache) *docTagger {
	return &docTagger{m: m, tb: tb, wc: wc, fz: featurizer{bits: m.bits, lex: m.lex, gaz: m.gaz, fold: -1}}
}

// tagDocRef is tagDoc through the featurizer, the way the model was
// trained.
func (dt *docTagger) tagDocRef(sents [][]string) [][]int {
	doc := newDocState()
	doc.observeCase(sents)
	out := make([][]int, len(sents))
	for k, s := range sents {
		if len(s) > 0 {
			out[k] = dt.tagSentence(s, doc, nil)
		}
	}
	return out
}

// tagSentence featurizes and decodes one sentence, then records its
// predictions in the document history.
func (dt *docTagger) tagSentence(s []string, doc *docState, out []int) []int {
	fz := &dt.fz
	fz.prepare(s)
	style := sentenceStyle(s)
	dt.feats = dt.feats[:0]
	dt.off = append(dt.off[:0], 0)
	for i := range s {
		dt.feats = fz.static(dt.feats, i, style, doc)
		dt.feats = fz.dynamic(dt.feats, i, doc)
		dt.off = append(dt.off, int32(len(dt.feats)))
	}
	L := dt.m.ls.n
	if cap(dt.emit) < len(s)*L {
		dt.emit = make([]float32, len(s)*L*2)
	}
	emit := dt.emit[:len(s)*L]
	dt.m.emissionsCompact(dt.feats, dt.off, emit)
	out = viterbi(dt.m.ls, dt.m.trans, emit, len(s), &dt.vb, out[:0])
	dt.typs = labelTypes(dt.m.ls, out, dt.typs)
	doc.record(fz.info, dt.typs)
	return out
}

// labelTypes maps labels to entity type indexes (-1 for O).
func labelTypes(ls *labelSet, y []int, dst []int8) []int8 {
	dst = dst[:0]
	for _, l := range y {
		if l == 0 {
			dst = append(dst, -1)
			continue
		}
		t, _ := ls.split(l)
		dst = append(dst, int8(t))
	}
	return dst
}

// EmbeddedModelSize returns the size in bytes of the embedded model file.
func EmbeddedModelSize() int { return len(embeddedModel) }
