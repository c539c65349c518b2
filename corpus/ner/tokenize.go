package ner

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is a word with byte offsets into the text it came from.
type Token struct {
	Text       string
	Start, End int
}

// Tokenize splits text into news-style word tokens. Punctuation is split off
// words, but abbreviations and acronyms keep their periods ("U.S.", "Mr.",
// "J."), numbers keep their decimal point, thousands separators and percent
// sign ("3.5%", "1,000"), URLs and e-mail addresses stay whole, hyphenated
// words stay whole ("Anglo-Dutch") and English clitics are split the way the
// Penn Treebank and CoNLL do ("Obama's" → "Obama" "'s", "don't" → "do" "n't").
// Every token's Text equals text[Start:End]; offsets are strictly increasing.
func Tokenize(text string) []Token {
	toks := make([]Token, 0, len(text)/5+1)
	i := 0
	for i < len(text) {
		j := i + 1
		if c := text[i]; c < utf8.RuneSelf {
			if asciiSpace[c] {
				i++
				continue
			}
		} else {
			r, sz := utf8.DecodeRuneInString(text[i:])
			if isSpace(r) {
				i += sz
				continue
			}
			j = i + sz
		}
		for j < len(text) {
			c := text[j]
			if c < utf8.RuneSelf {
				if asciiSpace[c] {
					break
				}
				j++
				continue
			}
			r2, sz2 := utf8.DecodeRuneInString(text[j:])
			if isSpace(r2) {
				break
			}
			j += sz2
		}
		toks = splitChunk(text, i, j, toks)
		i = j
	}
	return toks
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == 0xA0 || (r > 127 && unicode.IsSpace(r)) || r == 0x200B || r == 0xFEFF
}

// asciiSpace marks the ASCII bytes isSpace accepts.
var asciiSpace = [utf8.RuneSelf]bool{' ': true, '\n': true, '\t': true, '\r': true}

// asciiSplit marks the ASCII bytes splitterLen may split at.
var asciiSplit = func() (t [utf8.RuneSelf]bool) {
	for _, c := range "()[]{}\";|*<>!?,:-./`" {
		t[c] = true
	}
	return t
}()

// splitChunk tokenizes the whitespace-free run text[a:b].
func splitChunk(text string, a, b int, toks []Token) []Token {
	chunk := text[a:b]
	if isURLOrEmail(chunk) {
		// Peel leading openers and trailing closers, keep the core whole.
		s, e := a, b
		for s < e {
			r, sz := utf8.DecodeRuneInString(text[s:e])
			if !isOpener(r) && r != '\'' {
				break
			}
			toks = append(toks, Token{text[s : s+sz], s, s + sz})
			s += sz
		}
		var tail []Token
		for e > s {
			r, sz := utf8.DecodeLastRuneInString(text[s:e])
			if !isCloser(r) && r != '.' && r != ',' && r != ';' && r != ':' && r != '!' && r != '?' {
				break
			}
			tail = append(tail, Token{text[e-sz : e], e - sz, e})
			e -= sz
		}
		if e > s {
			toks = append(toks, Token{text[s:e], s, e})
		}
		for k := len(tail) - 1; k >= 0; k-- {
			toks = append(toks, tail[k])
		}
		return toks
	}
	// Split into pieces at punctuation that always stands alone.
	p := a
	i := a
	for i < b {
		if c := text[i]; c < utf8.RuneSelf && !asciiSplit[c] {
			i++
			continue
		}
		r, sz := utf8.DecodeRuneInString(text[i:b])
		n := splitterLen(text, a, b, i, r, sz)
		if n == 0 {
			i += sz
			continue
		}
		if i > p {
			toks = splitPiece(text, p, i, toks)
		}
		toks = append(toks, Token{text[i : i+n], i, i + n})
		i += n
		p = i
	}
	if b > p {
		toks = splitPiece(text, p, b, toks)
	}
	return toks
}

// splitterLen returns the byte length of a stand-alone punctuation token
// starting at i, or 0 when the rune at i does not split the chunk.
func splitterLen(text string, a, b, i int, r rune, sz int) int {
	switch r {
	case '(', ')', '[', ']', '{', '}', '"', '“', '”', '„', '«', '»', ';', '—', '–', '…', '|', '•', '*', '<', '>':
		if r == '—' || r == '–' {
			n := sz
			for i+n < b && (strings.HasPrefix(text[i+n:b], "—") || strings.HasPrefix(text[i+n:b], "–")) {
				n += sz
			}
			return n
		}
		return sz
	case '!', '?':
		n := 1
		for i+n < b && (text[i+n] == '!' || text[i+n] == '?') {
			n++
		}
		return n
	case ',', ':':
		// Keep "1,000" and "10:30" whole.
		if i > a && i+1 < b && isDigitByte(text[i-1]) && isDigitByte(text[i+1]) {
			return 0
		}
		return 1
	case '-':
		if i+1 < b && text[i+1] == '-' {
			n := 2
			for i+n < b && text[i+n] == '-' {
				n++
			}
			return n
		}
		// A lone leading/trailing hyphen in a longer chunk stands alone
		// ("-" in "word-" or "-word"), except a sign before a digit.
		if i == a && i+1 < b && !isDigitByte(text[i+1]) && text[i+1] != '.' {
			return 1
		}
		if i == b-1 && i > a {
			return 1
		}
		return 0
	case '.':
		if i+2 < b && text[i+1] == '.' && text[i+2] == '.' {
			n := 3
			for i+n < b && text[i+n] == '.' {
				n++
			}
			return n
		}
		return 0
	case '/':
		// Keep "24/7" and "1/2" whole; split "AP Photo/Stephen", "and/or".
		if i > a && i+1 < b && isDigitByte(text[i-1]) && isDigitByte(text[i+1]) {
			return 0
		}
		return 1
	case '`':
		return 1
	}
	return 0
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

func isOpener(r rune) bool {
	switch r {
	case '(', '[', '{', '"', '“', '‘', '„', '«', '`':
		return true
	}
	return false
}

func isCloser(r rune) bool {
	switch r {
	case ')', ']', '}', '"', '”', '’', '»', '\'':
		return true
	}
	return false
}

func isURLOrEmail(s string) bool {
	at := false
	for k := 0; k < len(s); k++ {
		switch c := s[k]; {
		case c >= utf8.RuneSelf:
			return isURLOrEmailLower(strings.ToLower(s))
		case c == '@':
			at = true
		}
	}
	// ASCII: lower-casing keeps every byte in place.
	t := s
	for len(t) > 0 && (t[0] == '(' || t[0] == '<' || t[0] == '"' || t[0] == '\'') {
		t = t[1:]
	}
	if len(t) >= 4 && (t[0]|0x20 == 'h' || t[0]|0x20 == 'w') {
		if hasPrefixFold(t, "http://") || hasPrefixFold(t, "https://") || hasPrefixFold(t, "www.") {
			return true
		}
	}
	if !at {
		return false
	}
	return isURLOrEmailLower(strings.ToLower(s))
}

// hasPrefixFold reports whether ASCII s starts with lower-case prefix p,
// ignoring case.
func hasPrefixFold(s, p string) bool {
	if len(s) < len(p) {
		return false
	}
	for k := 0; k < len(p); k++ {
		c := s[k]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != p[k] {
			return false
		}
	}
	return true
}

func isURLOrEmailLower(ls string) bool {
	for len(ls) > 0 && (ls[0] == '(' || ls[0] == '<' || ls[0] == '"' || ls[0] == '\'') {
		ls = ls[1:]
	}
	if strings.HasPrefix(ls, "http://") || strings.HasPrefix(ls, "https://") || strings.HasPrefix(ls, "www.") {
		return true
	}
	at := strings.IndexByte(ls, '@')
	if at > 0 && at < len(ls)-3 {
		dom := ls[at+1:]
		dot := strings.IndexByte(dom, '.')
		if dot > 0 && dot < len(dom)-1 {
			return true
		}
	}
	return false
}

// splitPiece handles one piece that contains no stand-alone punctuation:
// leading quotes, trailing periods/quotes and clitics.
func splitPiece(text string, a, b int, toks []Token) []Token {
	// Fast path: no leading quote, no trailing apostrophe, period or
	// hyphen, no apostrophe inside (no clitic).
	if c := text[a]; c != '\'' && c != 0xE2 {
		if c := text[b-1]; c != '\'' && c != '.' && c != '-' && c != 0x99 {
			w := text[a:b]
			plain := true
			for k := 0; k < len(w); k++ {
				if c := w[k]; c == '\'' || c == 0xE2 {
					plain = false
					break
				}
			}
			if plain {
				return append(toks, Token{w, a, b})
			}
		}
	}
	// Leading apostrophes / single quotes used as quotation marks.
	for a < b {
		r, sz := utf8.DecodeRuneInString(text[a:b])
		if r == '‘' || r == '\'' || r == '’' {
			rest := text[a+sz : b]
			// Keep "'s", "'90s", "'em" style clitics/elisions that start
			// the piece (they follow a split word, e.g. ")'s").
			if isClitic(text[a:b]) || (len(rest) > 0 && isDigitByte(rest[0])) {
				break
			}
			toks = append(toks, Token{text[a : a+sz], a, a + sz})
			a += sz
			continue
		}
		break
	}
	if a >= b {
		return toks
	}
	// Trailing material, collected in reverse.
	var tailBuf [6]Token
	tail := tailBuf[:0]
	for b > a {
		r, sz := utf8.DecodeLastRuneInString(text[a:b])
		if r == '\'' || r == '’' {
			// Trailing apostrophe: plural possessive ("players'") or a
			// closing quote; either way it stands alone.
			if b-sz > a {
				tail = append(tail, Token{text[b-sz : b], b - sz, b})
				b -= sz
				continue
			}
			break
		}
		if r == '.' {
			core := text[a : b-1]
			if core == "" {
				break
			}
			if isAbbrev(core) || (isNumberAbbrev(core) && digitFollows(text, b)) {
				break
			}
			tail = append(tail, Token{text[b-1 : b], b - 1, b})
			b--
			continue
		}
		if r == '-' && b-1 > a {
			tail = append(tail, Token{text[b-1 : b], b - 1, b})
			b--
			continue
		}
		break
	}
	if b > a {
		toks = splitClitic(text, a, b, toks)
	}
	for k := len(tail) - 1; k >= 0; k-- {
		toks = append(toks, tail[k])
	}
	return toks
}

var clitics = []string{"'s", "'S", "’s", "’S", "'re", "’re", "'ve", "’ve", "'ll", "’ll", "'d", "’d", "'m", "’m", "'RE", "'VE", "'LL", "'D", "'M"}

func isClitic(s string) bool {
	for _, c := range clitics {
		if s == c {
			return true
		}
	}
	return false
}

// splitClitic splits a word's trailing clitic: "Obama's" → "Obama" "'s",
// "don't" → "do" "n't".
func splitClitic(text string, a, b int, toks []Token) []Token {
	w := text[a:b]
	lw := len(w)
	for _, suf := range []string{"n't", "n’t", "N'T", "N’T"} {
		if lw > len(suf) && strings.HasSuffix(w, suf) && isLetterByteOrRune(w[:lw-len(suf)]) {
			cut := b - len(suf)
			toks = append(toks, Token{text[a:cut], a, cut})
			return append(toks, Token{text[cut:b], cut, b})
		}
	}
	for _, suf := range clitics {
		if lw > len(suf) && strings.HasSuffix(w, suf) {
			cut := b - len(suf)
			prev, _ := utf8.DecodeLastRuneInString(w[:lw-len(suf)])
			if unicode.IsLetter(prev) || unicode.IsDigit(prev) || prev == '.' {
				toks = append(toks, Token{text[a:cut], a, cut})
				return append(toks, Token{text[cut:b], cut, b})
			}
		}
	}
	return append(toks, Token{w, a, b})
}

func isLetterByteOrRune(s string) bool {
	if s == "" {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsLetter(r)
}

// titleAbbrevs never end a sentence: they precede a name or number.
var titleAbbrevs = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sen": true, "rep": true,
	"gov": true, "gen": true, "col": true, "lt": true, "sgt": true, "capt": true, "cpt": true, "adm": true,
	"cmdr": true, "maj": true, "st": true, "rev": true, "hon": true, "pres": true, "mt": true, "ft": true,
	"vs": true, "v": true, "sens": true, "reps": true, "messrs": true, "fr": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "gens": true, "supt": true,
	"atty": true, "insp": true, "cpl": true, "pvt": true, "ave": true, "blvd": true, "approx": true,
	"dept": true, "est": true, "fig": true, "op": true, "sr": true, "jr": true,
}

// otherAbbrevs keep their period but may end a sentence.
var otherAbbrevs = map[string]bool{
	"inc": true, "corp": true, "co": true, "ltd": true, "bros": true, "etc": true, "al": true,
	"jr": true, "sr": true, "plc": true, "llc": true, "cie": true, "ag": true, "assn": true,
	"univ": true, "govt": true, "ph.d": true, "u.s": true, "e.g": true, "i.e": true,
	"a.m": true, "p.m": true, "cf": true, "misc": true, "mln": true, "bln": true, "pct": true,
	"calif": true, "ariz": true, "ark": true, "colo": true, "conn": true, "del": true, "fla": true,
	"ga": true, "ill": true, "ind": true, "kan": true, "ky": true, "la": true, "md": true,
	"mass": true, "mich": true, "minn": true, "miss": true, "mo": true, "mont": true, "neb": true,
	"nev": true, "okla": true, "ore": true, "pa": true, "tenn": true, "tex": true, "va": true,
	"vt": true, "wash": true, "wis": true, "wyo": true,
}

// isAbbrev reports whether core (a word without its final period) is an
// abbreviation that keeps the period: a known abbreviation, a single letter
// initial ("J"), or a dotted acronym ("U.S", "a.m").
func isAbbrev(core string) bool {
	if len(core) == 1 {
		c := core[0]
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
	}
	if len(core) > 8 {
		return isDottedAcronym(core)
	}
	var buf [8]byte
	n := 0
	for k := 0; k < len(core); k++ {
		c := core[k]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[n] = c
		n++
	}
	l := string(buf[:n])
	if isDottedAcronym(core) {
		return true
	}
	if titleAbbrevs[l] || otherAbbrevs[l] {
		// Lower-case forms ("ill.", "mass.", "gen.") are ordinary words
		// ending a sentence, except for a few lower-case abbreviations.
		c := core[0]
		return (c >= 'A' && c <= 'Z') || lowerAbbrevs[l]
	}
	return isDottedAcronym(core)
}

var lowerAbbrevs = map[string]bool{
	"etc": true, "al": true, "vs": true, "v": true, "cf": true, "pct": true, "mln": true,
	"bln": true, "approx": true, "fig": true, "op": true, "est": true, "dept": true,
}

// isNumberAbbrev matches "No"/"Nos" as in "No. 5".
func isNumberAbbrev(core string) bool {
	switch core {
	case "No", "no", "Nos", "nos", "NO":
		return true
	}
	return false
}

// digitFollows reports whether the next non-space character after i is a digit.
func digitFollows(text string, i int) bool {
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	return i < len(text) && isDigitByte(text[i])
}

// isDottedAcronym matches letter(.letter)+ such as "U.S", "U.N", "a.m", "Ph.D".
func isDottedAcronym(s string) bool {
	if len(s) < 3 {
		return false
	}
	dots := 0
	run := 0
	for k := 0; k < len(s); k++ {
		c := s[k]
		switch {
		case (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'):
			run++
			if run > 2 {
				return false
			}
		case c == '.':
			if run == 0 {
				return false
			}
			run = 0
			dots++
		default:
			return false
		}
	}
	return dots > 0 && run > 0
}

// isTitleAbbrev reports whether tok (with its period) is an abbreviation
// that never ends a sentence (titles, initials, months).
func isTitleAbbrev(tok string) bool {
	if !strings.HasSuffix(tok, ".") || len(tok) < 2 {
		return false
	}
	core := tok[:len(tok)-1]
	if len(core) == 1 {
		c := core[0]
		return c >= 'A' && c <= 'Z'
	}
	if isNumberAbbrev(core) {
		return true
	}
	return titleAbbrevs[strings.ToLower(core)]
}

// sentenceStarters are capitalised words that very often begin a sentence;
// after an ambiguous abbreviation ("U.S.", "Inc.") they signal a boundary.
var sentenceStarters = map[string]bool{
	"the": true, "he": true, "she": true, "it": true, "they": true, "we": true, "i": true,
	"but": true, "and": true, "in": true, "a": true, "an": true, "this": true, "that": true,
	"there": true, "his": true, "her": true, "their": true, "its": true, "our": true,
	"if": true, "when": true, "while": true, "after": true, "before": true, "as": true,
	"on": true, "at": true, "for": true, "some": true, "many": true, "most": true,
	"however": true, "meanwhile": true, "still": true, "yet": true, "so": true, "also": true,
	"these": true, "those": true, "what": true, "who": true, "why": true, "how": true,
	"you": true, "one": true, "last": true, "now": true, "then": true, "since": true,
	"according": true, "officials": true, "critics": true, "both": true, "all": true,
	"no": true, "not": true, "other": true, "such": true, "that's": true, "here": true,
	"by": true, "with": true, "from": true, "under": true, "despite": true, "although": true,
}

// Sentences returns the byte ranges [start, end) of the sentences of text.
// A sentence ends after ".", "!", "?" or "..." (plus any closing quotes or
// brackets) when the next word starts like a sentence, and always at a
// paragraph break (a blank line). Titles, initials and months ("Mr.",
// "J.", "Jan.") never end a sentence; acronyms like "U.S." end one only
// when a typical sentence-starting word follows.
func Sentences(text string) [][2]int {
	toks := Tokenize(text)
	groups := sentenceGroups(text, toks)
	out := make([][2]int, len(groups))
	for k, g := range groups {
		out[k] = [2]int{toks[g[0]].Start, toks[g[1]-1].End}
	}
	return out
}

// sentenceGroups partitions toks into sentences, returning [first, end)
// token index ranges. Every token belongs to exactly one sentence.
func sentenceGroups(text string, toks []Token) [][2]int {
	var groups [][2]int
	start := 0
	n := len(toks)
	for i := 0; i < n; i++ {
		end := false
		next := i + 1
		if next < n && hasParagraphBreak(text[toks[i].End:toks[next].Start]) {
			end = true
		} else if next < n {
			t := toks[i].Text
			switch {
			case isTerminal(t):
				// Absorb closing quotes/brackets into this sentence.
				j := next
				for j < n && isClosingTok(toks[j].Text) && closes(text, toks, j) {
					j++
				}
				if j >= n {
					i = j - 1
					continue
				}
				if startsSentence(toks[j].Text) || hasParagraphBreak(text[toks[j-1].End:toks[j].Start]) {
					i = j - 1
					end = true
				}
			case len(t) > 1 && t[len(t)-1] == '.' && !isTitleAbbrev(t):
				nt := toks[next].Text
				if sentenceStarters[strings.ToLower(nt)] && isUpperStart(nt) {
					end = true
				} else if strings.ContainsRune(text[toks[i].End:toks[next].Start], '\n') && isUpperStart(nt) {
					end = true
				}
			}
		}
		if end {
			groups = append(groups, [2]int{start, i + 1})
			start = i + 1
		}
	}
	if start < n {
		groups = append(groups, [2]int{start, n})
	}
	return groups
}

func hasParagraphBreak(gap string) bool {
	nl := 0
	for k := 0; k < len(gap); k++ {
		if gap[k] == '\n' {
			if nl++; nl == 2 {
				return true
			}
		}
	}
	return false
}

func isTerminal(t string) bool {
	switch t {
	case ".", "!", "?", "...", "…", "?!", "!?", "!!", "??", "....":
		return true
	}
	if len(t) > 1 && (t[0] == '!' || t[0] == '?') {
		return true
	}
	return false
}

// closes reports whether the quote or bracket token j closes the preceding
// text: brackets always do, quote marks only when attached to the previous
// token ("said." vs. ". "Next).
func closes(text string, toks []Token, j int) bool {
	switch toks[j].Text {
	case ")", "]", "}", "»", "”":
		return !hasParagraphBreak(text[toks[j-1].End:toks[j].Start])
	}
	return toks[j].Start == toks[j-1].End
}

func isClosingTok(t string) bool {
	switch t {
	case "\"", "”", "’", "'", ")", "]", "}", "»", "''":
		return true
	}
	return false
}

func startsSentence(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	if unicode.IsUpper(r) || unicode.IsDigit(r) {
		return true
	}
	switch r {
	case '"', '“', '‘', '\'', '(', '[', '«', '-', '—', '–', '•', '*', '$', '£', '€', '#', '@':
		return true
	}
	return false
}

func isUpperStart(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsUpper(r)
}
