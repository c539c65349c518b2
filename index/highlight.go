package index

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
)

// Highlighting and KWIC find query matches in the stored text (the index
// keeps no stored fields): each field is analysed with the article's
// analyzer and the query's words, phrases, wildcards, fuzzy words and exact
// strings are matched against the tokens.

type matchKind int

const (
	mPhrase  matchKind = iota // a word or a phrase
	mProx                     // "a b"~N
	mPattern                  // wildcard or regexp on terms
	mFuzzy                    // word~N
	mExact                    // exact:"..."
)

// matcher finds one query leaf in field texts.
type matcher struct {
	field string // "" = any text field
	kind  matchKind
	text  string
	slop  int
	fuzzy int
	re    *regexp.Regexp
	slots map[string][][]string // analyzer → analysed slots (cache)
}

// newMatchers collects the highlightable leaves of a query (not those under
// a must-not, not the ones on keyword fields).
func newMatchers(tree *qbool) []*matcher {
	var out []*matcher
	walkLeaves(tree, func(n qnode) {
		var m *matcher
		switch n := n.(type) {
		case *qterm:
			if n.field != "" && fieldKind(n.field) != "text" {
				return
			}
			m = &matcher{field: textField(n.field), text: n.text, fuzzy: n.fuzzy}
			switch {
			case n.regexp:
				re, err := regexp.Compile("^(?:" + n.text + ")$")
				if err != nil {
					return
				}
				m.kind, m.re = mPattern, re
			case n.wild:
				m.kind, m.re = mPattern, wildcardRegexp(foldLower(n.text))
			case n.fuzzy > 0:
				m.kind = mFuzzy
			}
		case *qphrase:
			switch k := fieldKind(n.field); {
			case n.field == "exact":
				m = &matcher{kind: mExact, text: n.text}
			case n.field == "" || k == "text":
				m = &matcher{field: textField(n.field), text: n.text, slop: n.slop}
				if n.slop > 0 {
					m.kind = mProx
				}
			default:
				return
			}
		}
		if m != nil && !slices.ContainsFunc(out, func(o *matcher) bool {
			return o.field == m.field && o.kind == m.kind && o.text == m.text && o.slop == m.slop && o.fuzzy == m.fuzzy
		}) {
			m.slots = map[string][][]string{}
			out = append(out, m)
		}
	})
	return out
}

func textField(f string) string {
	if f == "text" {
		return ""
	}
	return f
}

// wildcardRegexp turns a wildcard pattern (* and ?, \ escapes) into a regexp.
func wildcardRegexp(p string) *regexp.Regexp {
	var sb strings.Builder
	sb.WriteString("^")
	esc := false
	for _, r := range p {
		switch {
		case esc:
			sb.WriteString(regexp.QuoteMeta(string(r)))
			esc = false
		case r == '\\':
			esc = true
		case r == '*':
			sb.WriteString(".*")
		case r == '?':
			sb.WriteString(".")
		default:
			sb.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	sb.WriteString("$")
	return regexp.MustCompile(sb.String())
}

// foldLower lower-cases s and folds diacritics, as the keyword and wildcard
// analysis does.
func foldLower(s string) string {
	ts := foldTokens{foldFilterInstance}.Filter(analysis.TokenStream{{Term: []byte(strings.ToLower(s))}})
	return string(ts[0].Term)
}

// span is a match: byte offsets into a field's text.
type span struct{ start, end int }

// fieldSpans finds every match of the matchers in one field's text,
// sorted and without overlaps.
func fieldSpans(m mapping.IndexMapping, analyzer, field, text string, ms []*matcher) []span {
	if text == "" || len(ms) == 0 {
		return nil
	}
	var toks analysis.TokenStream
	tokens := func() analysis.TokenStream {
		if toks == nil {
			if a := m.AnalyzerNamed(analyzer); a != nil {
				toks = a.Analyze([]byte(text))
			}
			if toks == nil {
				toks = analysis.TokenStream{}
			}
		}
		return toks
	}
	var out []span
	for _, mt := range ms {
		if mt.field != "" && mt.field != field {
			continue
		}
		switch mt.kind {
		case mExact:
			for _, s := range exactSpans(text, mt.text, 0) {
				out = append(out, span{s[0], s[1]})
			}
		case mPattern:
			for _, t := range tokens() {
				if mt.re.Match(t.Term) {
					out = append(out, span{t.Start, t.End})
				}
			}
		case mFuzzy:
			for _, sl := range mt.analysed(m, analyzer) {
				for _, want := range sl {
					for _, t := range tokens() {
						if levenshtein(string(t.Term), want, mt.fuzzy) <= mt.fuzzy {
							out = append(out, span{t.Start, t.End})
						}
					}
				}
			}
		case mPhrase:
			out = append(out, phraseSpans(tokens(), mt.analysed(m, analyzer))...)
		case mProx:
			out = append(out, proxSpans(tokens(), mt.analysed(m, analyzer), mt.slop)...)
		}
	}
	return mergeSpans(out)
}

func (mt *matcher) analysed(m mapping.IndexMapping, analyzer string) [][]string {
	if sl, ok := mt.slots[analyzer]; ok {
		return sl
	}
	var sl [][]string
	if a := m.AnalyzerNamed(analyzer); a != nil {
		sl = slots(a.Analyze([]byte(mt.text)))
	}
	mt.slots[analyzer] = sl
	return sl
}

// phraseSpans finds consecutive occurrences of the slots (nil slots are
// stop-word gaps that match any position).
func phraseSpans(toks analysis.TokenStream, sl [][]string) []span {
	if len(sl) == 0 {
		return nil
	}
	byPos := make(map[int]int, len(toks)) // position → token index
	if len(sl) > 1 {
		for i, t := range toks {
			byPos[t.Position] = i
		}
	}
	var out []span
	for i, t := range toks {
		if !slices.Contains(sl[0], string(t.Term)) {
			continue
		}
		end, ok := t.End, true
		for k := 1; k < len(sl) && ok; k++ {
			if sl[k] == nil {
				continue
			}
			j, found := byPos[t.Position+k]
			if !found || !slices.Contains(sl[k], string(toks[j].Term)) {
				ok = false
				break
			}
			end = toks[j].End
		}
		if ok {
			out = append(out, span{toks[i].Start, end})
		}
	}
	return out
}

// proxSpans finds minimal non-overlapping windows holding every slot
// within len(slots)+slop positions; each window is one span.
func proxSpans(toks analysis.TokenStream, sl [][]string, slop int) []span {
	var want [][]string
	for _, s := range sl {
		if s != nil {
			want = append(want, s)
		}
	}
	n := len(want)
	if n == 0 {
		return nil
	}
	type occ struct{ tok, slot int }
	var occs []occ
	for i, t := range toks {
		for si, s := range want {
			if slices.Contains(s, string(t.Term)) {
				occs = append(occs, occ{i, si})
				break
			}
		}
	}
	width := n + slop
	count := make([]int, n)
	have, lo := 0, 0
	var out []span
	for hi := 0; hi < len(occs); hi++ {
		if count[occs[hi].slot] == 0 {
			have++
		}
		count[occs[hi].slot]++
		for toks[occs[hi].tok].Position-toks[occs[lo].tok].Position >= width {
			count[occs[lo].slot]--
			if count[occs[lo].slot] == 0 {
				have--
			}
			lo++
		}
		if have == n {
			// Shrink from the left while every slot stays covered.
			for count[occs[lo].slot] > 1 {
				count[occs[lo].slot]--
				lo++
			}
			out = append(out, span{toks[occs[lo].tok].Start, toks[occs[hi].tok].End})
			clear(count)
			have, lo = 0, hi+1
		}
	}
	return out
}

func mergeSpans(s []span) []span {
	if len(s) < 2 {
		return s
	}
	slices.SortFunc(s, func(a, b span) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return b.end - a.end
	})
	out := s[:1]
	for _, x := range s[1:] {
		last := &out[len(out)-1]
		if x.start < last.end {
			last.end = max(last.end, x.end)
			continue
		}
		out = append(out, x)
	}
	return out
}

// levenshtein is the edit distance of a and b, or limit+1 when it exceeds limit.
func levenshtein(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Fragment building.

const (
	fragmentSize = 200 // bytes of text around matches
	maxFragments = 3
)

// fragments returns up to n best fragments of text: windows of about size
// bytes scored by the number of distinct matches they hold; marked wraps
// matches in « ». The first fragment is the best.
func fragments(text string, spans []span, size, n int, marked bool) []string {
	if len(spans) == 0 {
		return nil
	}
	type cand struct{ start, end, score, first int }
	var cands []cand
	for i, s := range spans {
		start := s.start - size/3
		if start < 0 {
			start = 0
		}
		end := start + size
		if end < s.end {
			end = s.end
		}
		if end > len(text) {
			end = len(text)
		}
		score := 0
		distinct := map[string]bool{}
		for _, t := range spans[i:] {
			if t.end > end {
				break
			}
			score++
			distinct[strings.ToLower(text[t.start:t.end])] = true
		}
		cands = append(cands, cand{start, end, score + 2*len(distinct), i})
	}
	slices.SortStableFunc(cands, func(a, b cand) int { return b.score - a.score })
	var picked []cand
	for _, c := range cands {
		if len(picked) == n {
			break
		}
		if slices.ContainsFunc(picked, func(p cand) bool { return c.start < p.end && p.start < c.end }) {
			continue
		}
		picked = append(picked, c)
	}
	out := make([]string, 0, len(picked))
	for _, c := range picked {
		out = append(out, renderFragment(text, spans, c.start, c.end, marked))
	}
	return out
}

// renderFragment cuts text[start:end] at word boundaries, marks the spans
// inside it and collapses white space.
func renderFragment(text string, spans []span, start, end int, marked bool) string {
	for start > 0 && !isSpaceByte(text[start-1]) {
		start--
	}
	for end < len(text) && !isSpaceByte(text[end]) {
		end++
	}
	var sb strings.Builder
	if start > 0 {
		sb.WriteString("…")
	}
	at := start
	for _, s := range spans {
		if s.end <= start || s.start >= end {
			continue
		}
		ss, se := max(s.start, start), min(s.end, end)
		sb.WriteString(text[at:ss])
		if marked {
			sb.WriteString("«")
		}
		sb.WriteString(text[ss:se])
		if marked {
			sb.WriteString("»")
		}
		at = se
	}
	sb.WriteString(text[at:end])
	if end < len(text) {
		sb.WriteString("…")
	}
	return strings.Join(strings.FieldsFunc(sb.String(), unicode.IsSpace), " ")
}

func isSpaceByte(b byte) bool { return b == ' ' || b == '\n' || b == '\t' || b == '\r' }

// leadSnippet is the beginning of text, about size bytes, cut at a word.
func leadSnippet(text string, size int) string {
	if len(text) <= size {
		return strings.Join(strings.Fields(text), " ")
	}
	return renderFragment(text, nil, 0, size, false)
}

// boundaryBefore reports whether a word boundary lies before s[i].
func boundaryBefore(s string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	r2, _ := utf8.DecodeRuneInString(s[i:])
	return !isWordRune(r) || !isWordRune(r2)
}

// boundaryAfter reports whether a word boundary lies before s[i] (the end
// of a match).
func boundaryAfter(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	r2, _ := utf8.DecodeLastRuneInString(s[:i])
	return !isWordRune(r) || !isWordRune(r2)
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
