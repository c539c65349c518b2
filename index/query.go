package index

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// The query language (documented for users in `parallax help search`):
//
//	query   = clause* ; clauses are joined by OR unless AND / + / - / NOT say otherwise
//	clause  = ["+" | "-" | "NOT "] [field ":"] value ["^" boost]
//	value   = "(" query ")" | phrase ["~" slop] | word ["~" [edits]] | op word | "/" regexp "/"
//	op      = ">" | ">=" | "<" | "<="      (ranges on published, year, month, day)
//	word    = letters, digits and anything but space ( ) " : ^ ~ ; "\" escapes; * and ? are wildcards
//
// parseQuery turns a query string into a syntax tree; compile (search.go)
// turns the tree into Bleve queries.

// occur says how a clause combines with its siblings.
type occur int

const (
	occurShould occur = iota
	occurMust
	occurMustNot
)

// qnode is a node of the query syntax tree.
type qnode interface{ col() int }

// qbool is a sequence of clauses.
type qbool struct {
	at      int
	clauses []qclause
}

type qclause struct {
	occur occur
	node  qnode
}

// qterm is one word: plain, wildcard (* ?), fuzzy (~N) or a regexp (/re/).
type qterm struct {
	at     int
	field  string
	text   string
	wild   bool
	regexp bool
	fuzzy  int // edits; 0 = not fuzzy
	boost  float64
}

// qphrase is a quoted phrase; slop > 0 makes it a proximity query.
type qphrase struct {
	at    int
	field string
	text  string
	slop  int
	boost float64
}

// qrange is field:>value and friends.
type qrange struct {
	at    int
	field string
	op    string
	value string
}

func (n *qbool) col() int   { return n.at }
func (n *qterm) col() int   { return n.at }
func (n *qphrase) col() int { return n.at }
func (n *qrange) col() int  { return n.at }

// QueryError is a malformed query, with a one-line explanation of what is
// wrong and where (Column counts characters from 1; 0 when it is about the
// whole query).
type QueryError struct {
	Query  string
	Column int
	Err    error
}

func (e *QueryError) Error() string {
	if e.Column > 0 {
		return fmt.Sprintf("bad query at column %d: %v", e.Column, e.Err)
	}
	return fmt.Sprintf("bad query: %v", e.Err)
}

func (e *QueryError) Unwrap() error { return e.Err }

// textFields are the analysed fields an unfielded word searches.
var textFields = []string{"title", "body", "captions"}

// fieldKinds are the fields a query may name, by kind.
var fieldKinds = map[string]string{
	"title": "text", "body": "text", "captions": "text", "text": "text",
	"outlet": "lkeyword", "entity": "lkeyword",
	"author": "simple",
	"lang":   "lower", "format": "lower",
	"url": "keyword", "path": "keyword", "id": "id",
	"year": "keyword", "month": "keyword", "day": "keyword",
	"entity.per": "keyword", "entity.org": "keyword", "entity.loc": "keyword", "entity.misc": "keyword",
	"published": "date", "date": "date",
	"exact": "exact",
}

// fieldNames lists the queryable fields for error messages.
const fieldNames = "title, body, captions, text, exact, outlet, author, lang, format, url, path, id, published, year, month, day, entity, entity.per, entity.org, entity.loc, entity.misc, meta.NAME"

// fieldKind returns the kind of a field named in a query (lower-cased), or "".
func fieldKind(f string) string {
	if k, ok := fieldKinds[f]; ok {
		return k
	}
	if name, ok := strings.CutPrefix(f, "meta."); ok && name != "" && metaKey(name) == name {
		return "keyword"
	}
	return ""
}

type parser struct {
	src  []rune
	pos  int
	text string
}

// parseQuery parses a query string. An empty query yields an empty qbool.
func parseQuery(s string) (*qbool, error) {
	p := &parser{src: []rune(s), text: s}
	b, err := p.parseSeq("", 0)
	if err != nil {
		return nil, err
	}
	if p.pos < len(p.src) {
		return nil, p.errAt(p.pos, "unexpected %q (no group to close)", string(p.src[p.pos]))
	}
	return b, nil
}

func (p *parser) errAt(pos int, format string, a ...any) error {
	return &QueryError{Query: p.text, Column: pos + 1, Err: fmt.Errorf(format, a...)}
}

func (p *parser) skipSpace() {
	for p.pos < len(p.src) && unicode.IsSpace(p.src[p.pos]) {
		p.pos++
	}
}

func (p *parser) peek() rune {
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return 0
}

// keyword reports whether the operator word w (AND, OR, NOT) starts at pos
// and stands alone.
func (p *parser) keyword(w string) bool {
	r := []rune(w)
	if p.pos+len(r) > len(p.src) || string(p.src[p.pos:p.pos+len(r)]) != w {
		return false
	}
	end := p.pos + len(r)
	return end == len(p.src) || unicode.IsSpace(p.src[end]) || p.src[end] == '(' || p.src[end] == '"'
}

// parseSeq parses clauses until EOF or ")" (left for the caller). field is
// the default field for unfielded words inside a field:(...) group.
func (p *parser) parseSeq(field string, depth int) (*qbool, error) {
	b := &qbool{at: p.pos + 1}
	pendingAnd := false // an AND was seen: the previous and next clause are required
	for {
		p.skipSpace()
		if p.pos >= len(p.src) || p.peek() == ')' {
			if pendingAnd {
				return nil, p.errAt(p.pos, "AND needs a clause after it")
			}
			return b, nil
		}
		switch {
		case p.keyword("AND"):
			if len(b.clauses) == 0 {
				return nil, p.errAt(p.pos, "AND needs a clause before it")
			}
			if last := &b.clauses[len(b.clauses)-1]; last.occur == occurShould {
				last.occur = occurMust
			}
			pendingAnd = true
			p.pos += 3
			continue
		case p.keyword("OR"):
			if len(b.clauses) == 0 || pendingAnd {
				return nil, p.errAt(p.pos, "OR needs a clause on each side")
			}
			p.pos += 2
			continue
		}
		start := p.pos
		oc := occurShould
		switch {
		case p.keyword("NOT"):
			oc = occurMustNot
			p.pos += 3
			p.skipSpace()
		case p.peek() == '+':
			oc = occurMust
			p.pos++
		case p.peek() == '-':
			oc = occurMustNot
			p.pos++
		}
		if oc != occurShould && (p.pos >= len(p.src) || unicode.IsSpace(p.peek()) || p.peek() == ')') {
			return nil, p.errAt(start, "%q must be followed by a clause", string(p.src[start]))
		}
		if pendingAnd && oc == occurShould {
			oc = occurMust
		}
		pendingAnd = false
		n, err := p.parseClause(field, depth)
		if err != nil {
			return nil, err
		}
		if n != nil {
			b.clauses = append(b.clauses, qclause{occur: oc, node: n})
		}
	}
}

// parseClause parses [field:] value [^boost].
func (p *parser) parseClause(field string, depth int) (qnode, error) {
	start := p.pos
	if p.peek() == '(' {
		return p.parseGroup(field, depth)
	}
	if p.peek() != '"' && p.peek() != '/' {
		w, _, err := p.readWord()
		if err != nil {
			return nil, err
		}
		if p.peek() == ':' && w != "" {
			f := strings.ToLower(w)
			if field != "" {
				return nil, p.errAt(start, "field %q inside %s:( ... ): nested fields are not allowed", w, field)
			}
			if fieldKind(f) == "" {
				return nil, p.errAt(start, "unknown field %q (fields: %s)", w, fieldNames)
			}
			if f == "date" {
				f = "published"
			}
			p.pos++ // ':'
			if p.pos >= len(p.src) || unicode.IsSpace(p.peek()) || p.peek() == ')' {
				return nil, p.errAt(p.pos, "field %s: has no value", w)
			}
			return p.parseValue(f, depth)
		}
		p.pos = start
	}
	return p.parseValue(field, depth)
}

func (p *parser) parseGroup(field string, depth int) (qnode, error) {
	open := p.pos
	if depth >= 32 {
		return nil, p.errAt(open, "groups nested too deeply")
	}
	p.pos++
	b, err := p.parseSeq(field, depth+1)
	if err != nil {
		return nil, err
	}
	if p.peek() != ')' {
		return nil, p.errAt(open, "unclosed \"(\": missing \")\"")
	}
	p.pos++
	b.at = open + 1
	if p.peek() == '^' {
		if _, err := p.readBoost(); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// parseValue parses a value for field ("" = unfielded).
func (p *parser) parseValue(field string, depth int) (qnode, error) {
	start := p.pos
	kind := "text"
	if field != "" {
		kind = fieldKind(field)
	}
	switch c := p.peek(); {
	case c == '(':
		if kind == "date" {
			return nil, p.errAt(start, "published takes a date or a range, not a group")
		}
		return p.parseGroup(field, depth)
	case c == '"':
		text, err := p.readQuoted()
		if err != nil {
			return nil, err
		}
		ph := &qphrase{at: start + 1, field: field, text: text}
		if strings.TrimSpace(text) == "" {
			return nil, p.errAt(start, "empty phrase")
		}
		if p.peek() == '~' {
			p.pos++
			n, ok := p.readInt()
			if !ok {
				return nil, p.errAt(p.pos, "proximity needs a number of words after ~, as in \"a b\"~10")
			}
			if kind != "text" {
				return nil, p.errAt(start, "proximity \"...\"~N works on text fields (title, body, captions), not %s", field)
			}
			ph.slop = n
		}
		if p.peek() == '^' {
			b, err := p.readBoost()
			if err != nil {
				return nil, err
			}
			ph.boost = b
		}
		if kind == "date" {
			return &qrange{at: start + 1, field: field, op: "=", value: text}, nil
		}
		return ph, nil
	case c == '/':
		p.pos++
		var sb strings.Builder
		for p.pos < len(p.src) && p.src[p.pos] != '/' {
			if p.src[p.pos] == '\\' && p.pos+1 < len(p.src) {
				p.pos++
				if p.src[p.pos] != '/' {
					sb.WriteRune('\\')
				}
			}
			sb.WriteRune(p.src[p.pos])
			p.pos++
		}
		if p.pos >= len(p.src) {
			return nil, p.errAt(start, "unterminated regular expression: missing closing /")
		}
		p.pos++
		if kind == "date" || kind == "id" || kind == "exact" {
			return nil, p.errAt(start, "regular expressions do not work on %s", field)
		}
		return &qterm{at: start + 1, field: field, text: sb.String(), regexp: true}, nil
	case c == '>' || c == '<' || c == '=':
		op := string(c)
		p.pos++
		if p.peek() == '=' && c != '=' {
			op += "="
			p.pos++
		}
		if kind != "date" && field != "year" && field != "month" && field != "day" {
			if field == "" {
				return nil, p.errAt(start, "a range needs a field, as in published:>=\"2015-11-01\"")
			}
			return nil, p.errAt(start, "ranges work on published, year, month and day, not %s", field)
		}
		var v string
		var err error
		if p.peek() == '"' {
			v, err = p.readQuoted()
		} else {
			v, _, err = p.readWord()
		}
		if err != nil {
			return nil, err
		}
		if v == "" {
			return nil, p.errAt(p.pos, "%s needs a value after it", op)
		}
		return &qrange{at: start + 1, field: field, op: op, value: v}, nil
	}
	w, wild, err := p.readWord()
	if err != nil {
		return nil, err
	}
	if w == "" {
		if p.pos < len(p.src) {
			return nil, p.errAt(p.pos, "unexpected %q", string(p.src[p.pos]))
		}
		return nil, p.errAt(start, "missing value")
	}
	if kind == "date" {
		return &qrange{at: start + 1, field: field, op: "=", value: w}, nil
	}
	t := &qterm{at: start + 1, field: field, text: w, wild: wild}
	if p.peek() == '~' {
		p.pos++
		t.fuzzy = 1
		if n, ok := p.readInt(); ok {
			t.fuzzy = n
		}
		if t.fuzzy < 1 || t.fuzzy > 2 {
			return nil, p.errAt(start, "fuzzy matching allows 1 or 2 edits (word~1, word~2), not %d", t.fuzzy)
		}
		if wild {
			return nil, p.errAt(start, "a word cannot be both a wildcard and fuzzy")
		}
	}
	if p.peek() == '^' {
		b, err := p.readBoost()
		if err != nil {
			return nil, err
		}
		t.boost = b
	}
	if kind == "exact" {
		return &qphrase{at: start + 1, field: field, text: w}, nil
	}
	return t, nil
}

// readWord reads a bare word; wild reports unescaped * or ?.
func (p *parser) readWord() (string, bool, error) {
	var sb strings.Builder
	wild := false
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if unicode.IsSpace(c) || strings.ContainsRune("()\":^~", c) {
			break
		}
		if c == '\\' {
			if p.pos+1 >= len(p.src) {
				return "", false, p.errAt(p.pos, "a backslash at the end escapes nothing")
			}
			p.pos++
			c = p.src[p.pos]
			if c == '*' || c == '?' {
				sb.WriteRune('\\')
			}
		} else if c == '*' || c == '?' {
			wild = true
		}
		sb.WriteRune(c)
		p.pos++
	}
	return sb.String(), wild, nil
}

func (p *parser) readQuoted() (string, error) {
	open := p.pos
	p.pos++
	var sb strings.Builder
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if c == '\\' && p.pos+1 < len(p.src) {
			p.pos++
			sb.WriteRune(p.src[p.pos])
			p.pos++
			continue
		}
		if c == '"' {
			p.pos++
			return sb.String(), nil
		}
		sb.WriteRune(c)
		p.pos++
	}
	return "", p.errAt(open, "unterminated phrase: missing closing \"")
}

func (p *parser) readInt() (int, bool) {
	start := p.pos
	for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
		p.pos++
	}
	if p.pos == start || p.pos-start > 6 {
		p.pos = start
		return 0, false
	}
	n, _ := strconv.Atoi(string(p.src[start:p.pos]))
	return n, true
}

func (p *parser) readBoost() (float64, error) {
	at := p.pos
	p.pos++ // ^
	start := p.pos
	for p.pos < len(p.src) && (p.src[p.pos] >= '0' && p.src[p.pos] <= '9' || p.src[p.pos] == '.') {
		p.pos++
	}
	b, err := strconv.ParseFloat(string(p.src[start:p.pos]), 64)
	if err != nil || b <= 0 {
		return 0, p.errAt(at, "a boost needs a positive number after ^, as in title:summit^2")
	}
	return b, nil
}

// walkLeaves calls fn for every term and phrase not under a must-not clause.
func walkLeaves(n qnode, fn func(qnode)) {
	switch n := n.(type) {
	case *qbool:
		for _, c := range n.clauses {
			if c.occur != occurMustNot {
				walkLeaves(c.node, fn)
			}
		}
	case *qterm, *qphrase:
		fn(n)
	}
}
