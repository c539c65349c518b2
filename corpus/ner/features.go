package ner

import (
	"slices"
	"unicode"
	"unicode/utf8"
)

// Feature templates. The numbers are part of the model format: changing or
// reordering them requires retraining (bump featureVersion).
const (
	tBias = iota + 1
	tW
	tWraw
	tWm1
	tWp1
	tWm2
	tWp2
	tBgm
	tBgp
	tShape
	tSShape
	tShm1
	tShp1
	tShTri
	tPre1
	tPre2
	tPre3
	tPre4
	tSuf1
	tSuf2
	tSuf3
	tSuf4
	tFirst
	tAllCaps
	tClC
	tClM
	tClF
	tClm1
	tClp1
	tCase
	tCaseSh
	tGaz
	tGazW
	tDocCase
	tHist
	tHistMaj
	tWm1Sh
	tWp1Sh
	tLen
	tClm1M
	tClp1M
	tHistRaw
	tClm2
	tClp2
	tCaseM1
	tCaseP1
	tDocCtx
)

const featureVersion = 3

// maxGazLen is the longest gazetteer phrase, in tokens.
const maxGazLen = 6

func mix64(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

const (
	fnvOff   = 14695981039346656037
	fnvPrime = 1099511628211
)

func hashBytes(b []byte) uint64 {
	h := uint64(fnvOff)
	for _, c := range b {
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h
}

func hashString(s string) uint64 {
	h := uint64(fnvOff)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

// hashNorm hashes the lower-cased, digit-normalised form of s (every digit
// becomes '0'); this is the key of the lexicon and gazetteer.
func hashNorm(s string) uint64 { return hashNormFrom(fnvOff, s) }

// appendNorm appends the normalised form of s (see hashNorm) to dst.
func appendNorm(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			} else if c >= '0' && c <= '9' {
				c = '0'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, sz := utf8.DecodeRuneInString(s[i:])
		dst = utf8.AppendRune(dst, normRune(r))
		i += sz
	}
	return dst
}

// normRune lower-cases a non-ASCII rune and maps typographic quotes and
// dashes to their ASCII forms, so that news text looks like the training
// data.
func normRune(r rune) rune {
	switch r {
	case '“', '”', '„', '«', '»', '″':
		return '"'
	case '‘', '’', '‚', '′':
		return '\''
	case '—', '–', '‒', '―':
		return '-'
	}
	if unicode.IsDigit(r) {
		return '0'
	}
	return unicode.ToLower(r)
}

// Case classes of a token.
const (
	caseOther = iota // punctuation, digits
	caseLower
	caseInit  // Initial capital
	caseUpper // ALL CAPS (2+ letters)
	caseMixed // iPhone, McDonald
	caseSingleUpper
)

func caseClass(s string) uint8 {
	letters, upper := 0, 0
	first := true
	firstUpper := false
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
				if first {
					firstUpper = true
				}
			}
			first = false
		}
	}
	switch {
	case letters == 0:
		return caseOther
	case upper == 0:
		return caseLower
	case upper == letters && letters == 1:
		return caseSingleUpper
	case upper == letters:
		return caseUpper
	case firstUpper && upper == 1:
		return caseInit
	}
	return caseMixed
}

// tokInfo holds per-token values shared by several templates.
type tokInfo struct {
	raw    string
	norm   []byte
	hNorm  uint64
	hRaw   uint64
	hShape uint64
	hSSh   uint64
	cls    uint8
	lex    lexEntry
}

// shapes computes the full (truncated) and the short word shape hashes.
func shapes(s string) (full, short uint64) {
	hf, hs := uint64(fnvOff), uint64(fnvOff)
	var last byte
	n := 0
	for _, r := range s {
		var c byte
		switch {
		case r < utf8.RuneSelf && r >= 'a' && r <= 'z':
			c = 'x'
		case r < utf8.RuneSelf && r >= 'A' && r <= 'Z':
			c = 'X'
		case r < utf8.RuneSelf && r >= '0' && r <= '9':
			c = 'd'
		case r < utf8.RuneSelf:
			c = byte(r)
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLetter(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		default:
			c = '~'
		}
		if n < 12 {
			hf ^= uint64(c)
			hf *= fnvPrime
		}
		n++
		if c != last {
			hs ^= uint64(c)
			hs *= fnvPrime
			last = c
		}
	}
	if n >= 12 {
		hf ^= '+'
		hf *= fnvPrime
	}
	return hf, hs
}

// docState carries document-level information while tagging a document.
type docState struct {
	// caseFlags[hNorm]: how the word appears in the document.
	caseFlags map[uint64]uint8
	// hist[hNorm]: entity types the model gave earlier occurrences of
	// capitalised tokens with this form (index 0 is O).
	hist map[uint64]*[numTypes + 1]uint16
	// histRaw as hist but keyed by the exact cased form.
	histRaw map[uint64]*[numTypes + 1]uint16
	// ctx[hNorm]: neighbouring words of the capitalised occurrences of a
	// word form anywhere in the document (context aggregation).
	ctx map[uint64][]uint64
}

// maxDocCtx caps the aggregated contexts kept per word form.
const maxDocCtx = 12

const (
	dcLowerMid = 1 << iota // appears lower-case, not sentence-initially
	dcCapMid               // appears capitalised, not sentence-initially, in a mixed-case sentence
	dcUpper                // appears in ALL CAPS
	dcFirst                // appears capitalised sentence-initially
)

func newDocState() *docState {
	return &docState{
		caseFlags: make(map[uint64]uint8),
		hist:      make(map[uint64]*[numTypes + 1]uint16),
		histRaw:   make(map[uint64]*[numTypes + 1]uint16),
		ctx:       make(map[uint64][]uint64),
	}
}

// observeCase records how the words of a document are cased and the
// neighbouring words of their capitalised occurrences (context
// aggregation).
func (d *docState) observeCase(sents [][]string) {
	var hs []uint64
	var cls []uint8
	for _, s := range sents {
		normal := sentenceStyle(s) == styleNormal
		hs, cls = hs[:0], cls[:0]
		for _, w := range s {
			hs = append(hs, hashNorm(w))
			cls = append(cls, caseClass(w))
		}
		isCap := func(j int) bool {
			c := cls[j]
			return c == caseInit || c == caseMixed || c == caseUpper
		}
		for i := range s {
			c := cls[i]
			f := docCaseFlag(s, i, c, normal)
			if f != 0 {
				d.caseFlags[hs[i]] |= f
			}
			if !isCap(i) {
				continue
			}
			h := hs[i]
			prev, next := hBOS, hEOS
			if i > 0 {
				prev = hs[i-1]
			}
			if i+1 < len(s) {
				next = hs[i+1]
			}
			d.addCtx(h, comb(prev, 0))
			d.addCtx(h, comb(next, 1))
		}
	}
}

func (d *docState) addCtx(h, c uint64) { d.ctx[h] = addCtxValue(d.ctx[h], c) }

// addCtxValue adds the context value c to a word's document contexts,
// unless it is there already or the list is full (maxDocCtx).
func addCtxValue(cs []uint64, c uint64) []uint64 {
	if len(cs) >= maxDocCtx || slices.Contains(cs, c) {
		return cs
	}
	return append(cs, c)
}

// docCaseFlag is the document-case evidence word i of sentence s (case
// class c) gives: lower case mid-sentence, capitalised mid-sentence (in a
// normally capitalised sentence, not after a quote), all capitals, or
// capitalised at the start.
func docCaseFlag(s []string, i int, c uint8, normal bool) uint8 {
	switch {
	case c == caseLower && i > 0:
		return dcLowerMid
	case (c == caseInit || c == caseMixed) && i > 0 && normal && !isQuoteTok(s[i-1]):
		return dcCapMid
	case c == caseUpper:
		return dcUpper
	case c == caseInit && i == 0:
		return dcFirst
	}
	return 0
}

func isQuoteTok(w string) bool {
	switch w {
	case "\"", "“", "'", "‘", "(", ":", "``", "-", "--", "—":
		return true
	}
	return false
}

// allCapsSentence reports whether most of the words of a sentence are in
// capitals (a headline).
func allCapsSentence(s []string) bool {
	return capsStyle(len(s), func(i int) uint8 { return caseClass(s[i]) })
}

// capsStyle reports whether most of a sentence's n words, by their case
// classes, are in capitals.
func capsStyle(n int, class func(i int) uint8) bool {
	words, upper := 0, 0
	for i := 0; i < n; i++ {
		c := class(i)
		if c == caseOther {
			continue
		}
		words++
		if c == caseUpper || c == caseSingleUpper {
			upper++
		}
	}
	return words >= 2 && upper*10 >= words*7
}

// titleStyle reports whether most of a sentence's longer words (four bytes
// or more; lengths and classes by index) are capitalised: a Title Case
// Headline.
func titleStyle(n int, length func(i int) int, class func(i int) uint8) bool {
	long, capd := 0, 0
	for i := 0; i < n; i++ {
		if length(i) < 4 {
			continue
		}
		switch class(i) {
		case caseLower:
			long++
		case caseInit, caseMixed, caseUpper:
			long++
			capd++
		}
	}
	return long >= 3 && capd*10 >= long*8
}

// Sentence styles: capitalisation says little in headlines.
const (
	styleNormal = iota
	styleCaps   // mostly ALL CAPS (CoNLL headlines)
	styleTitle  // Title Case Headline
)

// sentenceStyle classifies the capitalisation of a sentence.
func sentenceStyle(s []string) int {
	class := func(i int) uint8 { return caseClass(s[i]) }
	switch {
	case capsStyle(len(s), class):
		return styleCaps
	case titleStyle(len(s), func(i int) int { return len(s[i]) }, class):
		return styleTitle
	}
	return styleNormal
}

// record adds a decoded sentence's predictions to the document history.
func (d *docState) record(info []tokInfo, typs []int8) {
	for i := range info {
		c := info[i].cls
		if c != caseInit && c != caseUpper && c != caseMixed {
			continue
		}
		k := int(typs[i]) + 1
		h := d.hist[info[i].hNorm]
		if h == nil {
			h = new([numTypes + 1]uint16)
			d.hist[info[i].hNorm] = h
		}
		h[k]++
		h2 := d.histRaw[info[i].hRaw]
		if h2 == nil {
			h2 = new([numTypes + 1]uint16)
			d.histRaw[info[i].hRaw] = h2
		}
		h2[k]++
	}
}

// featurizer turns sentences into hashed feature buckets.
type featurizer struct {
	bits  uint
	lex   *lexicon
	gaz   *gazetteer
	fold  int // gazetteer fold to exclude (training), -1 for none
	info  []tokInfo
	arena []byte
	gazF  [][]uint64 // per token gazetteer feature hashes
}

func (fz *featurizer) bucket(h uint64) uint32 {
	return uint32(mix64(h) >> (64 - fz.bits))
}

func tmpl(t int, h uint64) uint64 { return h ^ (uint64(t) * 0x9E3779B97F4A7C15) }

func comb(a, b uint64) uint64 { return mix64(a)*31 + b }

var (
	hBOS  = hashString("<s>")
	hEOS  = hashString("</s>")
	hBOS2 = hashString("<s2>")
	hEOS2 = hashString("</s2>")
)

// prepare fills fz.info for a sentence.
func (fz *featurizer) prepare(words []string) {
	n := len(words)
	if cap(fz.info) < n {
		fz.info = make([]tokInfo, n, n*2)
	}
	fz.info = fz.info[:n]
	fz.arena = fz.arena[:0]
	for i, w := range words {
		start := len(fz.arena)
		fz.arena = appendNorm(fz.arena, w)
		ti := &fz.info[i]
		ti.raw = w
		ti.hRaw = uint64(start) // temporarily the start offset
		ti.hShape, ti.hSSh = shapes(w)
		ti.cls = caseClass(w)
	}
	for i := range fz.info {
		ti := &fz.info[i]
		start := int(ti.hRaw)
		end := len(fz.arena)
		if i+1 < n {
			end = int(fz.info[i+1].hRaw)
		}
		ti.norm = fz.arena[start:end:end]
	}
	for i := range fz.info {
		ti := &fz.info[i]
		ti.hRaw = hashString(ti.raw)
		ti.hNorm = hashBytes(ti.norm)
		ti.lex = fz.lex.get(ti.hNorm)
	}
	fz.gazFeatures()
}

// static appends the features of token i that do not depend on earlier
// predictions. style is the sentence's sentenceStyle.
func (fz *featurizer) static(dst []uint32, i int, style int, doc *docState) []uint32 {
	info := fz.info
	n := len(info)
	t := &info[i]
	add := func(h uint64) { dst = append(dst, fz.bucket(h)) }
	wAt := func(j int) uint64 {
		switch {
		case j < 0 && j == -1:
			return hBOS
		case j < 0:
			return hBOS2
		case j >= n && j == n:
			return hEOS
		case j >= n:
			return hEOS2
		}
		return info[j].hNorm
	}
	shAt := func(j int) uint64 {
		if j < 0 {
			return hBOS
		}
		if j >= n {
			return hEOS
		}
		return info[j].hSSh
	}
	clAt := func(j int, level int) uint64 {
		if j < 0 {
			return hBOS
		}
		if j >= n {
			return hEOS
		}
		return info[j].lex.clusterLevel(level)
	}
	capsH := uint64(style)
	add(tmpl(tBias, 0))
	add(tmpl(tW, t.hNorm))
	if style != styleCaps {
		add(tmpl(tWraw, t.hRaw))
	}
	add(tmpl(tWm1, wAt(i-1)))
	add(tmpl(tWp1, wAt(i+1)))
	add(tmpl(tWm2, wAt(i-2)))
	add(tmpl(tWp2, wAt(i+2)))
	add(tmpl(tBgm, comb(wAt(i-1), t.hNorm)))
	add(tmpl(tBgp, comb(t.hNorm, wAt(i+1))))
	add(tmpl(tShape, comb(t.hShape, capsH)))
	add(tmpl(tSShape, comb(t.hSSh, capsH)))
	add(tmpl(tShm1, shAt(i-1)))
	add(tmpl(tShp1, shAt(i+1)))
	add(tmpl(tShTri, comb(comb(shAt(i-1), t.hSSh), shAt(i+1))))
	add(tmpl(tWm1Sh, comb(wAt(i-1), t.hSSh)))
	add(tmpl(tWp1Sh, comb(t.hSSh, wAt(i+1))))
	nb := t.norm
	for k := 1; k <= 4 && k < len(nb); k++ {
		add(tmpl(tPre1+k-1, hashBytes(nb[:k])))
		add(tmpl(tSuf1+k-1, hashBytes(nb[len(nb)-k:])))
	}
	l := len(nb)
	if l > 8 {
		l = 8
	}
	add(tmpl(tLen, uint64(l)))
	if i == 0 {
		add(tmpl(tFirst, comb(t.hSSh, capsH)))
	}
	if style == styleCaps {
		add(tmpl(tAllCaps, comb(t.hNorm, uint64(t.cls))))
	}
	// Word clusters learnt from unlabelled news.
	add(tmpl(tClC, clAt(i, 0)))
	add(tmpl(tClM, clAt(i, 1)))
	add(tmpl(tClF, clAt(i, 2)))
	add(tmpl(tClm1, clAt(i-1, 2)))
	add(tmpl(tClp1, clAt(i+1, 2)))
	add(tmpl(tClm1M, comb(clAt(i-1, 1), clAt(i, 1))))
	add(tmpl(tClp1M, comb(clAt(i, 1), clAt(i+1, 1))))
	add(tmpl(tClm2, clAt(i-2, 1)))
	add(tmpl(tClp2, clAt(i+2, 1)))
	// How often the word is capitalised mid-sentence in unlabelled news.
	cb := uint64(t.lex.caseB)
	if !t.lex.known {
		cb = 15
	}
	first := uint64(0)
	if i == 0 || isQuoteTok(info[i-1].raw) {
		first = 1
	}
	add(tmpl(tCase, comb(cb, uint64(t.cls)*8+first*4+capsH)))
	add(tmpl(tCaseSh, comb(cb, t.hSSh)))
	if i > 0 {
		add(tmpl(tCaseM1, comb(uint64(info[i-1].lex.caseB), uint64(t.cls))))
	}
	if i+1 < n {
		add(tmpl(tCaseP1, comb(uint64(info[i+1].lex.caseB), uint64(t.cls))))
	}
	// Gazetteer matches.
	for _, g := range fz.gazF[i] {
		add(tmpl(tGaz, g))
		add(tmpl(tGazW, comb(g, uint64(t.cls))))
	}
	// Document-level case usage.
	if doc != nil {
		f := doc.caseFlags[t.hNorm]
		add(tmpl(tDocCase, comb(uint64(f), uint64(t.cls)*8+first*4+capsH)))
		if t.cls == caseInit || t.cls == caseMixed || t.cls == caseUpper {
			for _, c := range doc.ctx[t.hNorm] {
				add(tmpl(tDocCtx, c))
			}
		}
	}
	return dst
}

// gazFeatures computes gazetteer match features for every token of the
// prepared sentence.
func (fz *featurizer) gazFeatures() {
	n := len(fz.info)
	if cap(fz.gazF) < n {
		fz.gazF = make([][]uint64, n, n*2)
	}
	fz.gazF = fz.gazF[:n]
	for i := range fz.gazF {
		fz.gazF[i] = fz.gazF[i][:0]
	}
	if fz.gaz == nil || len(fz.gaz.m) == 0 {
		return
	}
	for i := 0; i < n; i++ {
		h := uint64(fnvOff)
		for l := 1; l <= maxGazLen && i+l <= n; l++ {
			if l > 1 {
				h ^= ' '
				h *= fnvPrime
			}
			for _, c := range fz.info[i+l-1].norm {
				h ^= uint64(c)
				h *= fnvPrime
			}
			mask := fz.gaz.lookup(h, fz.fold)
			if mask == 0 {
				continue
			}
			lb := uint64(l)
			if lb > 3 {
				lb = 3
			}
			for t := 0; t < numTypes; t++ {
				if mask&(1<<t) == 0 {
					continue
				}
				if l == 1 {
					fz.gazF[i] = append(fz.gazF[i], uint64(t)*16+1)
					continue
				}
				fz.gazF[i] = append(fz.gazF[i], uint64(t)*16+2+lb*3)
				for k := i + 1; k < i+l-1; k++ {
					fz.gazF[k] = append(fz.gazF[k], uint64(t)*16+3+lb*3)
				}
				fz.gazF[i+l-1] = append(fz.gazF[i+l-1], uint64(t)*16+4+lb*3)
			}
		}
	}
}

// dynamic appends features that depend on the document history.
func (fz *featurizer) dynamic(dst []uint32, i int, doc *docState) []uint32 {
	if doc == nil {
		return dst
	}
	t := &fz.info[i]
	if t.cls != caseInit && t.cls != caseUpper && t.cls != caseMixed {
		return dst
	}
	if h := doc.hist[t.hNorm]; h != nil {
		best, bc := 0, uint16(0)
		for k, c := range h {
			if c > 0 {
				dst = append(dst, fz.bucket(tmpl(tHist, uint64(k))))
			}
			if c > bc {
				best, bc = k, c
			}
		}
		dst = append(dst, fz.bucket(tmpl(tHistMaj, uint64(best))))
	}
	if h := doc.histRaw[t.hRaw]; h != nil {
		best, bc := 0, uint16(0)
		for k, c := range h {
			if c > bc {
				best, bc = k, c
			}
		}
		dst = append(dst, fz.bucket(tmpl(tHistRaw, uint64(best))))
	}
	return dst
}
