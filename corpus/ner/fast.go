package ner

import (
	"hash/maphash"
	"strings"
	"sync/atomic"
	"unicode/utf8"
)

// The tagging path. It computes exactly the emission scores of the
// featurizer (static and dynamic; the featurizer stays the reference and is
// what training uses), but instead of hashing ~50 feature names per token
// and looking each one up it
//   - keeps, per word form, the summed weights of the features that depend
//     on that word alone and of the features it gives its neighbours
//     (previous/next word, shape and cluster), in a cache of recently seen
//     word forms (wordCache);
//   - takes features with few possible values (case statistics, gazetteer
//     matches, document case usage, history) from small per-model tables;
//   - sums the aggregated contexts of a capitalised word once per document;
//   - stops extending gazetteer phrases as soon as no phrase starts with the
//     tokens seen so far.
// Scores are sums of integer weights, so every order of summation gives the
// same result; TestFastEmissionsMatchFeaturizer checks the equality.

// tables holds per-model sums for the features with few possible values.
type tables struct {
	// caseT[cb][cls][first][caps]: tCase, cb is the lexicon case bucket
	// (15 for unknown words).
	caseT [16][6][2][3]vec
	// docCase[f][cls][first][caps]: tDocCase, f the document case flags.
	docCase [16][6][2][3]vec
	// caseNb[pcb][ncb][cls]: tCaseM1 and tCaseP1, the case buckets of the
	// previous and next word (8: none, at the sentence edges) with the
	// token's case class.
	caseNb [9][9][6]vec
	// gaz[g], gazW[g][cls]: gazetteer match g (type*16 + position code).
	gaz  [64]vec
	gazW [64][6]vec
	// hist[k], histMaj[k], histRaw[k]: document history, k = type+1.
	hist, histMaj, histRaw [numTypes + 1]vec
	// Neighbour features at the sentence edges: m1BOS for i == 0, m2BOS1
	// for i == 1, m2BOS2 for i == 0, and the same after the end.
	m1BOS, m2BOS1, m2BOS2, p1EOS, p2EOS1, p2EOS2 vec
	dec                                          *decoder
	// gazIdx maps a normalised phrase hash to its type mask (bits 0-3)
	// and whether a longer phrase starts with it (gazPrefix).
	gazIdx map[uint64]uint8
}

const gazPrefix = 1 << 7

// pairFeats is the number of features per token over pairs of words (and
// the shape trigram), whose weights are added in a second pass.
const pairFeats = 7

func (m *model) sum(hs ...uint64) vec {
	var v vec
	for _, h := range hs {
		m.addRow(&v, m.bucket(h))
	}
	return v
}

func (m *model) bucket(h uint64) uint32 { return uint32(mix64(h) >> (64 - m.bits)) }

// buildTables precomputes the model's small feature tables.
func (m *model) buildTables() *tables {
	t := new(tables)
	for cb := range t.caseT {
		for cls := range t.caseT[cb] {
			for first := range t.caseT[cb][cls] {
				for caps := range t.caseT[cb][cls][first] {
					x := uint64(cls)*8 + uint64(first)*4 + uint64(caps)
					t.caseT[cb][cls][first][caps] = m.sum(tmpl(tCase, comb(uint64(cb), x)))
					t.docCase[cb][cls][first][caps] = m.sum(tmpl(tDocCase, comb(uint64(cb), x)))
				}
			}
		}
	}
	for pcb := range t.caseNb {
		for ncb := range t.caseNb[pcb] {
			for cls := range t.caseNb[pcb][ncb] {
				v := &t.caseNb[pcb][ncb][cls]
				if pcb < 8 {
					m.addRow(v, m.bucket(tmpl(tCaseM1, comb(uint64(pcb), uint64(cls)))))
				}
				if ncb < 8 {
					m.addRow(v, m.bucket(tmpl(tCaseP1, comb(uint64(ncb), uint64(cls)))))
				}
			}
		}
	}
	for g := range t.gaz {
		t.gaz[g] = m.sum(tmpl(tGaz, uint64(g)))
		for cls := range t.gazW[g] {
			t.gazW[g][cls] = m.sum(tmpl(tGazW, comb(uint64(g), uint64(cls))))
		}
	}
	for k := range t.hist {
		t.hist[k] = m.sum(tmpl(tHist, uint64(k)))
		t.histMaj[k] = m.sum(tmpl(tHistMaj, uint64(k)))
		t.histRaw[k] = m.sum(tmpl(tHistRaw, uint64(k)))
	}
	t.m1BOS = m.sum(tmpl(tWm1, hBOS), tmpl(tShm1, hBOS), tmpl(tClm1, hBOS))
	t.m2BOS1 = m.sum(tmpl(tWm2, hBOS), tmpl(tClm2, hBOS))
	t.m2BOS2 = m.sum(tmpl(tWm2, hBOS2), tmpl(tClm2, hBOS))
	t.p1EOS = m.sum(tmpl(tWp1, hEOS), tmpl(tShp1, hEOS), tmpl(tClp1, hEOS))
	t.p2EOS1 = m.sum(tmpl(tWp2, hEOS), tmpl(tClp2, hEOS))
	t.p2EOS2 = m.sum(tmpl(tWp2, hEOS2), tmpl(tClp2, hEOS))
	t.dec = newDecoder(m.ls, m.trans)
	t.gazIdx = make(map[uint64]uint8)
	if m.gaz != nil {
		for p, mask := range m.gaz.phrases {
			t.gazIdx[hashString(p)] |= mask
			for k := 0; k < len(p); k++ {
				if p[k] == ' ' {
					t.gazIdx[hashString(p[:k])] |= gazPrefix
				}
			}
		}
	}
	return t
}

// wordEntry is what the tagger knows about one word form.
type wordEntry struct {
	// hRaw (FNV-1a) and hRaw2 (maphash) identify the word form: the
	// cache compares these 128 bits instead of reading raw's bytes.
	hRaw, hRaw2         uint64
	raw, norm           string
	hNorm, hShape, hSSh uint64
	clM                 uint64 // middle cluster feature value
	lex                 lexEntry
	cls                 uint8
	// self: the token's own features in a normal sentence (bias, word,
	// raw word, shapes, affixes, length, clusters, case by shape).
	self vec
	// What the word contributes to the token after it (m1), before it
	// (p1), two after (m2) and two before (p2).
	m1, p1, m2, p2 vec
}

// wordCacheSize is the number of word forms a tagger remembers, in sets
// of wordCacheWays kept in most-recently-used order. Over a stream of news
// articles about 92% of each article's distinct word forms hit a cache of
// this size, which holds at most about 15 MB.
const (
	wordCacheSize = 1 << 15
	wordCacheWays = 4
)

// wordCache is a set-associative cache of word entries shared by all
// goroutines using a Tagger. Entries are immutable once published; a
// document keeps the entries it uses, so eviction never disturbs it.
// Concurrent updates of a set may duplicate or drop an entry, which only
// costs a recomputation.
type wordCache struct {
	slots []atomic.Pointer[wordEntry]
	seed  maphash.Seed
}

// lookup returns the entry of word w, whose hashString is h.
func (dt *docTagger) lookup(w string, h uint64) *wordEntry {
	k := int(mix64(h)&(wordCacheSize-1)) &^ (wordCacheWays - 1)
	set := dt.wc.slots[k : k+wordCacheWays : k+wordCacheWays]
	h2 := maphash.String(dt.wc.seed, w)
	for j := range set {
		e := set[j].Load()
		if e == nil {
			break
		}
		if e.hRaw == h && e.hRaw2 == h2 {
			for ; j > 0; j-- {
				set[j].Store(set[j-1].Load())
			}
			set[0].Store(e)
			return e
		}
	}
	e := dt.newEntry(w, h)
	e.hRaw2 = h2
	for j := len(set) - 1; j > 0; j-- {
		set[j].Store(set[j-1].Load())
	}
	set[0].Store(e)
	return e
}

// newEntry computes the entry of word w, whose hashString is h.
func (dt *docTagger) newEntry(w string, h uint64) *wordEntry {
	dt.arena = appendNorm(dt.arena[:0], w)
	m := dt.m
	e := &wordEntry{raw: strings.Clone(w), norm: string(dt.arena), hRaw: h, cls: caseClass(w)}
	e.hNorm = hashString(e.norm)
	e.hShape, e.hSSh = shapes(w)
	e.lex = m.lex.get(e.hNorm)
	lv := e.lex.clusterLevel
	e.clM = lv(1)
	e.self = dt.selfVec(e, styleNormal)
	e.m1 = m.sum(tmpl(tWm1, e.hNorm), tmpl(tShm1, e.hSSh), tmpl(tClm1, lv(2)))
	e.p1 = m.sum(tmpl(tWp1, e.hNorm), tmpl(tShp1, e.hSSh), tmpl(tClp1, lv(2)))
	e.m2 = m.sum(tmpl(tWm2, e.hNorm), tmpl(tClm2, lv(1)))
	e.p2 = m.sum(tmpl(tWp2, e.hNorm), tmpl(tClp2, lv(1)))
	return e
}

// selfVec sums the features of a word on its own in a sentence of the
// given style (see featurizer.static).
func (dt *docTagger) selfVec(e *wordEntry, style int) vec {
	m := dt.m
	norm := e.norm
	var v vec
	add := func(h uint64) { m.addRow(&v, m.bucket(h)) }
	capsH := uint64(style)
	add(tmpl(tBias, 0))
	add(tmpl(tW, e.hNorm))
	if style != styleCaps {
		add(tmpl(tWraw, e.hRaw))
	}
	add(tmpl(tShape, comb(e.hShape, capsH)))
	add(tmpl(tSShape, comb(e.hSSh, capsH)))
	for k := 1; k <= 4 && k < len(norm); k++ {
		add(tmpl(tPre1+k-1, hashString(norm[:k])))
		add(tmpl(tSuf1+k-1, hashString(norm[len(norm)-k:])))
	}
	add(tmpl(tLen, uint64(min(len(norm), 8))))
	if style == styleCaps {
		add(tmpl(tAllCaps, comb(e.hNorm, uint64(e.cls))))
	}
	cl := e.lex.clusterLevel
	add(tmpl(tClC, cl(0)))
	add(tmpl(tClM, cl(1)))
	add(tmpl(tClF, cl(2)))
	add(tmpl(tCaseSh, comb(caseBucketOf(e.lex), e.hSSh)))
	return v
}

func caseBucketOf(l lexEntry) uint64 {
	if !l.known {
		return 15
	}
	return uint64(l.caseB)
}

func isCapClass(c uint8) bool { return c == caseInit || c == caseMixed || c == caseUpper }

// styleOf is sentenceStyle over cached case classes.
func styleOf(words []string, es []*wordEntry) int {
	class := func(i int) uint8 { return es[i].cls }
	switch {
	case capsStyle(len(es), class):
		return styleCaps
	case titleStyle(len(es), func(i int) int { return len(words[i]) }, class):
		return styleTitle
	}
	return styleNormal
}

// fastDoc is the per-document state of the tagging path. Every distinct
// word form of the document gets an index in words and every distinct
// normalised form a small id.
type fastDoc struct {
	words []docWord
	// slots and wordIdx map hRaw to the index in words: slots is
	// direct-mapped (valid when gen matches), wordIdx takes collisions.
	slots   []wordSlot
	gen     uint32
	wordIdx map[uint64]int32
	ids     map[uint64]int32 // hNorm -> id
	flags   []uint8          // document case flags (dcLowerMid, ...) by id
	ctx     [][]uint64       // aggregated contexts by id
	ctxSum  []vec            // summed tDocCtx weights by id
	ctxDone []bool
	hist    [][numTypes + 1]uint16 // by id
}

type wordSlot struct {
	h   uint64
	gen uint32
	idx int32
}

const docSlots = 1 << 12

// docWord is a word form of the document.
type docWord struct {
	e       *wordEntry
	id      int32
	histRaw [numTypes + 1]uint16 // docState.histRaw
}

func (d *fastDoc) reset(ntok int) {
	if d.ids == nil {
		d.ids = make(map[uint64]int32)
		d.wordIdx = make(map[uint64]int32)
	}
	clear(d.ids)
	if len(d.wordIdx) > 0 {
		clear(d.wordIdx)
	}
	if d.slots == nil {
		d.slots = make([]wordSlot, docSlots)
	}
	d.gen++
	if d.gen == 0 {
		clear(d.slots)
		d.gen = 1
	}
	clear(d.words)
	d.words = d.words[:0]
	d.flags = d.flags[:0]
	for k := range d.ctx {
		d.ctx[k] = d.ctx[k][:0]
	}
	d.ctx = d.ctx[:0]
	d.ctxSum = d.ctxSum[:0]
	d.ctxDone = d.ctxDone[:0]
	d.hist = d.hist[:0]
}

// word returns the index in d.words of word w.
func (dt *docTagger) word(w string) int32 {
	d := &dt.doc
	h := hashString(w)
	slot := &d.slots[(h^h>>29)&(docSlots-1)]
	k := int32(len(d.words))
	switch {
	case slot.gen == d.gen && slot.h == h:
		return slot.idx
	case slot.gen != d.gen:
		*slot = wordSlot{h: h, gen: d.gen, idx: k}
	default:
		if k, ok := d.wordIdx[h]; ok {
			return k
		}
		d.wordIdx[h] = k
	}
	e := dt.lookup(w, h)
	d.words = append(d.words, docWord{e: e, id: d.id(e.hNorm)})
	return k
}

func (d *fastDoc) id(h uint64) int32 {
	if id, ok := d.ids[h]; ok {
		return id
	}
	id := int32(len(d.flags))
	d.ids[h] = id
	d.flags = append(d.flags, 0)
	if len(d.ctx) < cap(d.ctx) {
		d.ctx = d.ctx[:len(d.ctx)+1]
	} else {
		d.ctx = append(d.ctx, nil)
	}
	d.ctxSum = append(d.ctxSum, vec{})
	d.ctxDone = append(d.ctxDone, false)
	d.hist = append(d.hist, [numTypes + 1]uint16{})
	return id
}

func (d *fastDoc) addCtx(id int32, c uint64) { d.ctx[id] = addCtxValue(d.ctx[id], c) }

// tok is one token of the document being tagged.
type tok struct {
	e     *wordEntry
	w     int32 // index in doc.words
	id    int32 // document id of the normalised form
	first bool  // sentence-initial or after a quote (the "first" feature)
}

// tagDoc returns model labels for each sentence of a document.
func (dt *docTagger) tagDoc(sents [][]string) [][]int {
	return dt.tagDocStyles(sents, nil)
}

// tagDocStyles is tagDoc; it also stores each sentence's sentenceStyle in
// styles when that is not nil (len(sents) long).
func (dt *docTagger) tagDocStyles(sents [][]string, styles []int) [][]int {
	m, tb := dt.m, dt.tb
	d := &dt.doc
	ntok := 0
	for _, s := range sents {
		ntok += len(s)
	}
	d.reset(ntok)
	if cap(dt.toks) < ntok {
		dt.toks = make([]tok, ntok)
	}
	toks := dt.toks[:ntok]
	if cap(dt.styles) < len(sents) {
		dt.styles = make([]int, len(sents))
	}
	sstyle := dt.styles[:len(sents)]
	// Pass 1: word entries, ids, document case usage and contexts
	// (docState.observeCase).
	p := 0
	for k, s := range sents {
		ts := toks[p : p+len(s)]
		p += len(s)
		es := dt.es[:0]
		for i, w := range s {
			k := dt.word(w)
			dw := &d.words[k]
			ts[i] = tok{e: dw.e, w: k, id: dw.id, first: i == 0 || isQuoteTok(s[i-1])}
			es = append(es, dw.e)
		}
		dt.es = es
		st := styleOf(s, es)
		sstyle[k] = st
		normal := st == styleNormal
		for i := range ts {
			c := ts[i].e.cls
			d.flags[ts[i].id] |= docCaseFlag(s, i, c, normal)
			if !isCapClass(c) {
				continue
			}
			prev, next := hBOS, hEOS
			if i > 0 {
				prev = ts[i-1].e.hNorm
			}
			if i+1 < len(ts) {
				next = ts[i+1].e.hNorm
			}
			d.addCtx(ts[i].id, comb(prev, 0))
			d.addCtx(ts[i].id, comb(next, 1))
		}
	}
	if styles != nil {
		copy(styles, sstyle)
	}
	// Pass 2: emissions, decoding and history, sentence by sentence.
	L := m.ls.n
	out := make([][]int, len(sents))
	p = 0
	for k, s := range sents {
		n := len(s)
		ts := toks[p : p+n]
		p += n
		if n == 0 {
			continue
		}
		style := sstyle[k]
		capsH := style
		if cap(dt.emit) < n*L {
			dt.emit = make([]float32, n*L*2)
		}
		emit := dt.emit[:n*L]
		if cap(dt.acc) < n {
			dt.acc = make([]vec, n*2)
		}
		acc := dt.acc[:n]
		pb := dt.pb[:0]
		for i := range ts {
			e := ts[i].e
			a := &acc[i]
			if style == styleNormal {
				*a = e.self
			} else {
				*a = dt.selfVec(e, style)
			}
			if i == 0 {
				m.addRow(a, m.bucket(tmpl(tFirst, comb(e.hSSh, uint64(capsH)))))
			}
			first := 0
			if ts[i].first {
				first = 1
			}
			addVec(a, &tb.caseT[caseBucketOf(e.lex)][e.cls][first][capsH])
			// Neighbours.
			prevNorm, prevSh, prevCl := hBOS, hBOS, hBOS
			nextNorm, nextSh, nextCl := hEOS, hEOS, hEOS
			switch i {
			case 0:
				addVec(a, &tb.m1BOS)
				addVec(a, &tb.m2BOS2)
			case 1:
				addVec(a, &ts[0].e.m1)
				addVec(a, &tb.m2BOS1)
			default:
				addVec(a, &ts[i-1].e.m1)
				addVec(a, &ts[i-2].e.m2)
			}
			switch n - 1 - i {
			case 0:
				addVec(a, &tb.p1EOS)
				addVec(a, &tb.p2EOS2)
			case 1:
				addVec(a, &ts[i+1].e.p1)
				addVec(a, &tb.p2EOS1)
			default:
				addVec(a, &ts[i+1].e.p1)
				addVec(a, &ts[i+2].e.p2)
			}
			pcb, ncb := uint8(8), uint8(8)
			if i > 0 {
				pe := ts[i-1].e
				prevNorm, prevSh, prevCl = pe.hNorm, pe.hSSh, pe.clM
				pcb = pe.lex.caseB & 7
			}
			if i+1 < n {
				ne := ts[i+1].e
				nextNorm, nextSh, nextCl = ne.hNorm, ne.hSSh, ne.clM
				ncb = ne.lex.caseB & 7
			}
			addVec(a, &tb.caseNb[pcb][ncb][e.cls])
			// Pairs and the shape trigram: buckets now, weights below.
			pb = append(pb,
				m.bucket(tmpl(tBgm, comb(prevNorm, e.hNorm))),
				m.bucket(tmpl(tBgp, comb(e.hNorm, nextNorm))),
				m.bucket(tmpl(tShTri, comb(comb(prevSh, e.hSSh), nextSh))),
				m.bucket(tmpl(tWm1Sh, comb(prevNorm, e.hSSh))),
				m.bucket(tmpl(tWp1Sh, comb(e.hSSh, nextNorm))),
				m.bucket(tmpl(tClm1M, comb(prevCl, e.clM))),
				m.bucket(tmpl(tClp1M, comb(e.clM, nextCl))))
			// Document case usage and aggregated contexts.
			id := ts[i].id
			addVec(a, &tb.docCase[d.flags[id]&15][e.cls][first][capsH])
			if isCapClass(e.cls) {
				if !d.ctxDone[id] {
					var v vec
					for _, c := range d.ctx[id] {
						m.addRow(&v, m.bucket(tmpl(tDocCtx, c)))
					}
					d.ctxSum[id] = v
					d.ctxDone[id] = true
				}
				addVec(a, &d.ctxSum[id])
				// History of earlier sentences (featurizer.dynamic).
				h := &d.hist[id]
				best, bc := 0, uint16(0)
				seen := false
				for k, c := range h {
					if c > 0 {
						seen = true
						addVec(a, &tb.hist[k])
					}
					if c > bc {
						best, bc = k, c
					}
				}
				if seen {
					addVec(a, &tb.histMaj[best])
				}
				if hr := &d.words[ts[i].w].histRaw; *hr != ([numTypes + 1]uint16{}) {
					best, bc := 0, uint16(0)
					for k, c := range hr {
						if c > bc {
							best, bc = k, c
						}
					}
					addVec(a, &tb.histRaw[best])
				}
			}
		}
		// The pair weights, in two passes so that the memory loads of
		// many features overlap: row numbers first, then the rows.
		pr := dt.pr[:0]
		for _, b := range pb {
			pr = append(pr, int32(m.rowIndex(b)))
		}
		for i := range acc {
			a := &acc[i]
			for _, r := range pr[i*pairFeats : (i+1)*pairFeats] {
				if r >= 0 {
					ws := m.q[int(r)*L : int(r)*L+L : int(r)*L+L]
					for l, x := range ws {
						a[l] += int32(x)
					}
				}
			}
		}
		dt.pb, dt.pr = pb, pr
		dt.gazetteer(s, ts, acc)
		for i := range acc {
			row := emit[i*L : i*L+L : i*L+L]
			for l := range row {
				row[l] = float32(acc[i][l]) * m.scale
			}
		}
		y := tb.dec.decode(emit, n, &dt.vb, nil)
		out[k] = y
		// Record the predictions (docState.record).
		for i := range ts {
			e := ts[i].e
			if !isCapClass(e.cls) {
				continue
			}
			t := 0
			if y[i] != 0 {
				typ, _ := m.ls.split(y[i])
				t = typ + 1
			}
			d.hist[ts[i].id][t]++
			d.words[ts[i].w].histRaw[t]++
		}
	}
	return out
}

// gazetteer adds the gazetteer match features of a sentence (see
// featurizer.gazFeatures) to acc.
func (dt *docTagger) gazetteer(s []string, ts []tok, acc []vec) {
	tb := dt.tb
	if len(tb.gazIdx) == 0 {
		return
	}
	n := len(ts)
	for i := 0; i < n; i++ {
		h := uint64(fnvOff)
		for l := 1; l <= maxGazLen && i+l <= n; l++ {
			if l == 1 {
				h = ts[i].e.hNorm
			} else {
				h ^= ' '
				h *= fnvPrime
				h = hashNormFrom(h, s[i+l-1])
			}
			v, ok := tb.gazIdx[h]
			if !ok {
				break
			}
			mask := v &^ gazPrefix
			if mask != 0 {
				lb := uint64(min(l, 3))
				for t := 0; t < numTypes; t++ {
					if mask&(1<<t) == 0 {
						continue
					}
					if l == 1 {
						dt.addGaz(&acc[i], uint64(t)*16+1, ts[i].e.cls)
						continue
					}
					dt.addGaz(&acc[i], uint64(t)*16+2+lb*3, ts[i].e.cls)
					for k := i + 1; k < i+l-1; k++ {
						dt.addGaz(&acc[k], uint64(t)*16+3+lb*3, ts[k].e.cls)
					}
					dt.addGaz(&acc[i+l-1], uint64(t)*16+4+lb*3, ts[i+l-1].e.cls)
				}
			}
			if v&gazPrefix == 0 {
				break
			}
		}
	}
}

func (dt *docTagger) addGaz(a *vec, g uint64, cls uint8) {
	addVec(a, &dt.tb.gaz[g])
	addVec(a, &dt.tb.gazW[g][cls])
}

// hashNormFrom continues the FNV hash h over the normalised form of s
// (hashNorm(s) == hashNormFrom(fnvOff, s)).
func hashNormFrom(h uint64, s string) uint64 {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			} else if c >= '0' && c <= '9' {
				c = '0'
			}
			h ^= uint64(c)
			h *= fnvPrime
			i++
			continue
		}
		r, sz := utf8.DecodeRuneInString(s[i:])
		var buf [4]byte
		n := utf8.EncodeRune(buf[:], normRune(r))
		for _, b := range buf[:n] {
			h ^= uint64(b)
			h *= fnvPrime
		}
		i += sz
	}
	return h
}

func addVec(a, b *vec) {
	for k := range a {
		a[k] += b[k]
	}
}

// clusterLevel is the feature value of the word's Brown-style cluster at a
// coarse (0), medium (1) or fine (2) level; 1 for a word not in the lexicon.
func (l lexEntry) clusterLevel(level int) uint64 {
	if !l.known {
		return 1
	}
	switch level {
	case 0:
		return uint64(l.cluster>>6) + 2
	case 1:
		return uint64(l.cluster>>3) + 2
	}
	return uint64(l.cluster) + 2
}
