package app

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/parallax-research/parallax/corpus"
)

// queryTerms returns the words of a query string worth highlighting:
// lower-cased, without field names, operators, excluded words, wildcards
// and fuzziness marks.
func queryTerms(q string) []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range splitQuery(q) {
		if strings.HasPrefix(f, "-") {
			continue
		}
		f = strings.TrimLeft(f, "+")
		if i := strings.IndexByte(f, ':'); i >= 0 {
			if strings.ContainsAny(f[i+1:], "<>=") {
				continue // a range: published:>=2026-03-01
			}
			f = f[i+1:]
		}
		if i := strings.IndexByte(f, '~'); i >= 0 {
			f = f[:i]
		}
		if i := strings.IndexByte(f, '^'); i >= 0 {
			f = f[:i]
		}
		for _, w := range strings.FieldsFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			w = strings.ToLower(w)
			if utf8.RuneCountInString(w) < 2 || w == "and" || w == "or" || w == "not" || seen[w] {
				continue
			}
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// splitQuery splits a query string into clauses, keeping quoted phrases
// (with the field and sign before them) together.
func splitQuery(q string) []string {
	var out []string
	var b strings.Builder
	quoted := false
	for _, r := range q {
		switch {
		case r == '"':
			quoted = !quoted
			b.WriteRune(' ')
		case unicode.IsSpace(r) && !quoted:
			if b.Len() > 0 {
				out = append(out, b.String())
				b.Reset()
			}
		default:
			b.WriteRune(r)
		}
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	// A quoted phrase became "field: word word": split its words but keep
	// the sign of the clause on each.
	var words []string
	for _, c := range out {
		fields := strings.Fields(c)
		if len(fields) > 1 && strings.Contains(fields[0], ":") && strings.ContainsAny(fields[0][len(fields[0])-1:], "<>=") {
			continue // a quoted range: published:>="2026-03-01"
		}
		sign := ""
		if len(fields) > 0 && (strings.HasPrefix(fields[0], "-") || strings.HasPrefix(fields[0], "+")) {
			sign = fields[0][:1]
		}
		for i, f := range fields {
			if i > 0 {
				f = sign + f
			}
			words = append(words, f)
		}
	}
	return words
}

// termMatches finds the words of text that a query term matches (the
// word starts with the term: the index stems, so "summit" finds
// "summits"), as byte ranges.
func termMatches(text string, terms []string) [][2]int {
	if len(terms) == 0 {
		return nil
	}
	var out [][2]int
	start := -1
	check := func(end int) {
		w := strings.ToLower(text[start:end])
		for _, t := range terms {
			if strings.HasPrefix(w, t) && (len(w)-len(t) <= 3 || len(t) >= 4) {
				out = append(out, [2]int{start, end})
				return
			}
		}
	}
	for i, r := range text {
		word := unicode.IsLetter(r) || unicode.IsDigit(r)
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			check(i)
			start = -1
		}
	}
	if start >= 0 {
		check(len(text))
	}
	return out
}

var (
	styleHit = widget.RichTextStyle{Inline: true, ColorName: theme.ColorNamePrimary, SizeName: theme.SizeNameText,
		TextStyle: fyne.TextStyle{Bold: true}}
	styleSpot = widget.RichTextStyle{Inline: true, ColorName: theme.ColorNameError, SizeName: theme.SizeNameText,
		TextStyle: fyne.TextStyle{Bold: true, Italic: true}}
)

// snippetSegments turns a hit's snippet into rich text: the index's «»
// marks when it highlighted, else the query's terms.
func snippetSegments(snippet string, terms []string) []widget.RichTextSegment {
	snippet = leadIn(strings.Join(strings.Fields(snippet), " "), 24)
	var segs []widget.RichTextSegment
	add := func(text string, style widget.RichTextStyle) {
		segs = appendSegment(segs, text, style)
	}
	if strings.Contains(snippet, "«") {
		rest := snippet
		for {
			i := strings.Index(rest, "«")
			if i < 0 {
				break
			}
			j := strings.Index(rest[i:], "»")
			if j < 0 {
				break
			}
			add(rest[:i], widget.RichTextStyleInline)
			add(rest[i+len("«"):i+j], styleHit)
			rest = rest[i+j+len("»"):]
		}
		add(rest, widget.RichTextStyleInline)
	} else {
		last := 0
		for _, m := range termMatches(snippet, terms) {
			add(snippet[last:m[0]], widget.RichTextStyleInline)
			add(snippet[m[0]:m[1]], styleHit)
			last = m[1]
		}
		add(snippet[last:], widget.RichTextStyleInline)
	}
	if len(segs) == 0 {
		add(" ", widget.RichTextStyleInline)
	}
	return segs
}

// leadIn shortens a marked snippet's start so that its first «mark» is at
// most about max characters in: a one-line row then shows the match.
func leadIn(s string, max int) string {
	i := strings.Index(s, "«")
	if i < 0 || utf8.RuneCountInString(s[:i]) <= max {
		return s
	}
	cut := i - max
	for cut < i && !utf8.RuneStart(s[cut]) {
		cut++
	}
	if sp := strings.IndexByte(s[cut:i], ' '); sp >= 0 {
		cut += sp + 1
	}
	return "…" + s[cut:]
}

// span is one highlighted range of a text.
type span struct {
	start, end int
	style      widget.RichTextStyle
}

// fieldSegments renders one field (paragraphs separated by blank lines)
// with the query's terms, the entity mentions in it and the spot at byte
// offset spot (-1: none) highlighted. It also returns the index of the
// paragraph holding the spot (-1 when none).
func fieldSegments(text, field string, terms []string, ents []corpus.Entity, spot int, base widget.RichTextStyle) ([]widget.RichTextSegment, int) {
	var spans []span
	for _, e := range ents {
		if e.Field == field && e.Start >= 0 && e.End <= len(text) && e.Start < e.End {
			spans = append(spans, span{e.Start, e.End, entityStyle(e.Type)})
		}
	}
	for _, m := range termMatches(text, terms) {
		st := styleHit
		if spot >= m[0] && spot < m[1] {
			st = styleSpot
		}
		spans = append(spans, span{m[0], m[1], st})
	}
	// Terms win over entities; earlier spans over later overlapping ones.
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	var clean []span
	for _, s := range spans {
		if n := len(clean); n > 0 && s.start < clean[n-1].end {
			if s.style == styleHit || s.style == styleSpot {
				clean[n-1] = s
			}
			continue
		}
		clean = append(clean, s)
	}

	var segs []widget.RichTextSegment
	spotPara := -1
	para := 0
	inline := base
	inline.Inline = true
	pos := 0
	for pos <= len(text) {
		end := strings.Index(text[pos:], "\n\n")
		if end < 0 {
			end = len(text)
		} else {
			end += pos
		}
		p := text[pos:end]
		if strings.TrimSpace(p) != "" {
			if spot >= pos && spot < end {
				spotPara = para
			}
			var runs []styledRun
			cur := pos
			for _, s := range clean {
				if s.end <= pos || s.start >= end {
					continue
				}
				st, en := max(s.start, pos), min(s.end, end)
				if st > cur {
					runs = append(runs, styledRun{text[cur:st], inline, false})
				}
				runs = append(runs, styledRun{text[st:en], withSize(s.style, base.SizeName), true})
				cur = en
			}
			if cur < end {
				runs = append(runs, styledRun{text[cur:end], inline, false})
			}
			ps := runSegments(runs, base)
			// The paragraph's last segment ends the line.
			lastSeg := ps[len(ps)-1].(*widget.TextSegment)
			lastSeg.Style.Inline = false
			segs = append(segs, ps...)
			para++
		}
		pos = end + 2
	}
	return segs, spotPara
}

// styledRun is a piece of a paragraph in one style.
type styledRun struct {
	text   string
	style  widget.RichTextStyle
	marked bool
}

// runSegments turns a paragraph's runs into inline segments.
func runSegments(runs []styledRun, base widget.RichTextStyle) []widget.RichTextSegment {
	var segs []widget.RichTextSegment
	for _, r := range runs {
		if r.text != "" {
			segs = append(segs, &widget.TextSegment{Text: r.text, Style: r.style})
		}
	}
	return segs
}

// appendSegment adds a text segment (for single-line rich text).
func appendSegment(segs []widget.RichTextSegment, text string, style widget.RichTextStyle) []widget.RichTextSegment {
	if text == "" {
		return segs
	}
	return append(segs, &widget.TextSegment{Text: text, Style: style})
}

func withSize(s widget.RichTextStyle, size fyne.ThemeSizeName) widget.RichTextStyle {
	if size != "" {
		s.SizeName = size
	}
	return s
}

// entityStyle colours a mention by its type (no underline: Fyne would
// underline the space before it too).
func entityStyle(typ string) widget.RichTextStyle {
	return widget.RichTextStyle{Inline: true, ColorName: entityColorName(typ), SizeName: theme.SizeNameText}
}
