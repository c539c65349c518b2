package ner

import "sort"

// lexEntry is what the model knows about a word form from unlabelled news.
type lexEntry struct {
	// cluster is a 3-level hierarchical word cluster id: cluster>>6 is the
	// coarse (32-way), cluster>>3 the middle (256-way) and cluster the fine
	// (2048-way) cluster.
	cluster uint16
	// caseB buckets how often the word is capitalised mid-sentence.
	caseB uint8
	known bool
}

// lexWord is one lexicon row as stored in the model file.
type lexWord struct {
	Word    string
	Cluster uint16
	CaseB   uint8
}

// lexicon maps normalised word forms (see hashNorm) to lexEntry.
type lexicon struct {
	m     map[uint64]lexEntry
	words []lexWord
}

func newLexicon(words []lexWord) *lexicon {
	lx := &lexicon{m: make(map[uint64]lexEntry, len(words)), words: words}
	sort.Slice(lx.words, func(i, j int) bool { return lx.words[i].Word < lx.words[j].Word })
	for _, w := range words {
		lx.m[hashNorm(w.Word)] = lexEntry{cluster: w.Cluster, caseB: w.CaseB, known: true}
	}
	return lx
}

func (lx *lexicon) get(h uint64) lexEntry {
	if lx == nil {
		return lexEntry{}
	}
	return lx.m[h]
}

// caseBucket maps the share of capitalised mid-sentence occurrences of a
// word (cap of total) to a small bucket number.
func caseBucket(capN, total int) uint8 {
	if total < 3 {
		return 0
	}
	f := float64(capN) / float64(total)
	switch {
	case f < 0.01:
		return 1
	case f < 0.1:
		return 2
	case f < 0.4:
		return 3
	case f < 0.7:
		return 4
	case f < 0.9:
		return 5
	case f < 0.99:
		return 6
	}
	return 7
}

// gazetteer maps normalised phrases (tokens joined by a space) to the entity
// types they were annotated with. For training, each type keeps a bitmask of
// the cross-validation folds the phrase was seen in, so a document's own
// entities can be hidden from it (jack-knifing); at run time bit 0 is used.
type gazetteer struct {
	m       map[uint64][numTypes]uint16
	phrases map[string]uint8
}

func newGazetteer() *gazetteer {
	return &gazetteer{m: make(map[uint64][numTypes]uint16), phrases: make(map[string]uint8)}
}

// add records phrase (already normalised) with type t seen in fold.
func (g *gazetteer) add(phrase string, t, fold int) {
	h := hashString(phrase)
	e := g.m[h]
	e[t] |= 1 << uint(fold)
	g.m[h] = e
	g.phrases[phrase] |= 1 << uint(t)
}

// lookup returns the type mask of a phrase hash, ignoring fold (when >= 0).
func (g *gazetteer) lookup(h uint64, fold int) uint8 {
	e, ok := g.m[h]
	if !ok {
		return 0
	}
	var mask uint8
	for t := 0; t < numTypes; t++ {
		b := e[t]
		if fold >= 0 {
			b &^= 1 << uint(fold)
		}
		if b != 0 {
			mask |= 1 << uint(t)
		}
	}
	return mask
}
