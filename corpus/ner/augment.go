package ner

import (
	"math/rand"
	"strings"
	"unicode"
	"unicode/utf8"
)

// minorWords stay lower-case inside title-cased headlines.
var minorWords = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "but": true, "nor": true,
	"of": true, "to": true, "in": true, "on": true, "at": true, "for": true, "by": true,
	"with": true, "from": true, "as": true, "vs": true, "via": true,
}

// titleCaseDoc returns a copy of doc whose ALL-CAPS sentences (CoNLL
// headlines) are rewritten in headline title case, the way most news sites
// write titles. Word forms are taken from the document's mixed-case
// sentences when possible ("EU" stays "EU", "GERMAN" becomes "German").
// It reports false when the document has no ALL-CAPS sentence.
func titleCaseDoc(doc Document) (Document, bool) {
	forms := make(map[string]string)
	for _, s := range doc.Sentences {
		if allCapsSentence(s) {
			continue
		}
		for i, w := range s {
			if i == 0 {
				continue
			}
			lw := strings.ToLower(w)
			if _, ok := forms[lw]; !ok || caseClass(w) != caseLower {
				forms[lw] = w
			}
		}
	}
	out := Document{Sentences: make([][]string, len(doc.Sentences)), Tags: doc.Tags}
	changed := false
	for k, s := range doc.Sentences {
		if !allCapsSentence(s) {
			out.Sentences[k] = s
			continue
		}
		changed = true
		ns := make([]string, len(s))
		for i, w := range s {
			lw := strings.ToLower(w)
			f, ok := forms[lw]
			switch {
			case caseClass(w) == caseOther:
				ns[i] = w
			case ok && caseClass(f) != caseLower:
				ns[i] = f
			case i > 0 && minorWords[lw]:
				ns[i] = lw
			default:
				ns[i] = capitalize(lw)
			}
		}
		out.Sentences[k] = ns
	}
	return out, changed
}

func capitalize(s string) string {
	r, sz := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[sz:]
}

// augment adds title-cased copies of a fraction of the documents that
// have ALL-CAPS headlines. origin[i] is the index in docs of out[i].
func augment(docs []Document, frac float64, seed int64) (out []Document, origin []int) {
	out = append([]Document(nil), docs...)
	for i := range docs {
		origin = append(origin, i)
	}
	if frac <= 0 {
		return out, origin
	}
	rng := rand.New(rand.NewSource(seed + 7919))
	for i, d := range docs {
		if rng.Float64() >= frac {
			continue
		}
		if td, ok := titleCaseDoc(d); ok {
			out = append(out, td)
			origin = append(origin, i)
		}
	}
	return out, origin
}

// TitleCaseHeadlines returns a copy of doc with its ALL-CAPS sentences
// (CoNLL headlines) rewritten in title case, to measure robustness to the
// way news sites write titles. Tags are shared with doc.
func TitleCaseHeadlines(doc Document) Document {
	td, _ := titleCaseDoc(doc)
	return td
}
