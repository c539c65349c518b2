package ner

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Document is one CoNLL document: tokenized sentences and their IOB2 tags.
type Document struct {
	Sentences [][]string
	Tags      [][]string
}

// Tokens returns the number of tokens of the document.
func (d *Document) Tokens() int {
	n := 0
	for _, s := range d.Sentences {
		n += len(s)
	}
	return n
}

// ReadCoNLL reads CoNLL-2003 style data: one token per line with the word
// in the first column and the IOB2 tag in the last, blank lines between
// sentences and "-DOCSTART-" lines between documents. Other columns (POS,
// chunk) are ignored.
func ReadCoNLL(r io.Reader) ([]Document, error) {
	var docs []Document
	var cur Document
	var words, tags []string
	flushSent := func() {
		if len(words) > 0 {
			cur.Sentences = append(cur.Sentences, words)
			cur.Tags = append(cur.Tags, tags)
			words, tags = nil, nil
		}
	}
	flushDoc := func() {
		flushSent()
		if len(cur.Sentences) > 0 {
			docs = append(docs, cur)
		}
		cur = Document{}
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		l := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(l) == "" {
			flushSent()
			continue
		}
		f := strings.Fields(l)
		if f[0] == "-DOCSTART-" {
			flushDoc()
			continue
		}
		if len(f) < 2 {
			return nil, fmt.Errorf("ner: conll line %d: want at least 2 columns", line)
		}
		tag := f[len(f)-1]
		if tag != "O" && (len(tag) < 3 || tag[1] != '-' || typeIndex(tag[2:]) < 0) {
			return nil, fmt.Errorf("ner: conll line %d: bad tag %q", line, tag)
		}
		words = append(words, f[0])
		tags = append(tags, tag)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	flushDoc()
	return docs, nil
}

// Counts are entity-level exact-match counts for one type or overall.
type Counts struct {
	Gold, Pred, Correct int
}

// Precision, Recall and F1 of the counts (0 when undefined).
func (c Counts) Precision() float64 { return ratio(c.Correct, c.Pred) }
func (c Counts) Recall() float64    { return ratio(c.Correct, c.Gold) }
func (c Counts) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Scores holds CoNLL evaluation results.
type Scores struct {
	// ByType is keyed by PER, ORG, LOC, MISC.
	ByType map[string]Counts
	Micro  Counts
	Tokens int
}

// Score compares predicted IOB2 tags with gold ones, entity by entity
// (exact span and type), like conlleval.
func Score(gold, pred [][]string) Scores {
	s := Scores{ByType: make(map[string]Counts)}
	for k := range gold {
		s.Tokens += len(gold[k])
		gs := spansFromIOB2(gold[k])
		ps := spansFromIOB2(pred[k])
		set := make(map[span]bool, len(gs))
		for _, g := range gs {
			set[g] = true
			c := s.ByType[entityTypes[g.typ]]
			c.Gold++
			s.ByType[entityTypes[g.typ]] = c
		}
		for _, p := range ps {
			c := s.ByType[entityTypes[p.typ]]
			c.Pred++
			if set[p] {
				c.Correct++
			}
			s.ByType[entityTypes[p.typ]] = c
		}
	}
	for _, c := range s.ByType {
		s.Micro.Gold += c.Gold
		s.Micro.Pred += c.Pred
		s.Micro.Correct += c.Correct
	}
	return s
}

// Evaluate tags every document with t and scores it against the gold tags.
func Evaluate(t *Tagger, docs []Document) Scores {
	var gold, pred [][]string
	for i := range docs {
		gold = append(gold, docs[i].Tags...)
		pred = append(pred, t.TagTokens(docs[i].Sentences)...)
	}
	return Score(gold, pred)
}

// Report formats scores as a small table.
func (s Scores) Report() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-6s %6s %6s %6s %6s %6s %6s\n", "type", "gold", "pred", "ok", "P", "R", "F1")
	row := func(name string, c Counts) {
		fmt.Fprintf(&b, "%-6s %6d %6d %6d %6.4f %6.4f %6.4f\n", name, c.Gold, c.Pred, c.Correct, c.Precision(), c.Recall(), c.F1())
	}
	for _, t := range entityTypes {
		row(t, s.ByType[t])
	}
	row("micro", s.Micro)
	return b.String()
}
