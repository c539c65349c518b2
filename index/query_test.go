package index

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseQueryTree(t *testing.T) {
	cases := []struct {
		q    string
		want string
	}{
		{`summit`, `[should term(summit)]`},
		{`+a -b c`, `[must term(a) not term(b) should term(c)]`},
		{`a AND b OR c`, `[must term(a) must term(b) should term(c)]`},
		{`NOT a`, `[not term(a)]`},
		{`title:(a "b c"~3)`, `[should [should title:term(a) should title:phrase(b c~3)]]`},
		{`published:>="2015-11-01"`, `[should published>=2015-11-01]`},
		{`date:2015`, `[should published=2015]`},
		{`summ* r?n k~ k~2 x^2`, `[should term(summ*,wild) should term(r?n,wild) should term(k~1) should term(k~2) should term(x^2)]`},
		{`a\:b \"c`, `[should term(a:b) should term("c)]`},
		{`/re[a-z]/`, `[should term(re[a-z],re)]`},
		{`Meta.Topic:x`, `[should meta.topic:term(x)]`},
		{`exact:Café`, `[should exact:phrase(Café)]`},
		{``, `[]`},
	}
	for _, tc := range cases {
		tree, err := parseQuery(tc.q)
		if err != nil {
			t.Errorf("%q: %v", tc.q, err)
			continue
		}
		if got := dumpTree(tree); got != tc.want {
			t.Errorf("%q:\n got %s\nwant %s", tc.q, got, tc.want)
		}
	}
}

func dumpTree(n qnode) string {
	switch n := n.(type) {
	case *qbool:
		var parts []string
		for _, c := range n.clauses {
			parts = append(parts, []string{"should", "must", "not"}[c.occur]+" "+dumpTree(c.node))
		}
		return "[" + strings.Join(parts, " ") + "]"
	case *qterm:
		s := n.text
		switch {
		case n.wild:
			s += ",wild"
		case n.regexp:
			s += ",re"
		case n.fuzzy > 0:
			s += "~" + string(rune('0'+n.fuzzy))
		case n.boost > 0:
			s += "^2"
		}
		return field(n.field) + "term(" + s + ")"
	case *qphrase:
		s := n.text
		if n.slop > 0 {
			s += "~" + string(rune('0'+n.slop))
		}
		return field(n.field) + "phrase(" + s + ")"
	case *qrange:
		return n.field + n.op + n.value
	}
	return "?"
}

func field(f string) string {
	if f == "" {
		return ""
	}
	return f + ":"
}

// FuzzParseQuery: the parser never panics, and every error is a one-line
// QueryError whose column lies inside the query.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{`summit`, `"a b"~10`, `+a -b (c OR d)`, `published:>="2015-11-01"`, `title:(x y)`,
		`exact:"Syrian-owned"`, `/re/`, `a\`, `((((`, `a AND`, `"`, `k~3`, `meta.x:y^2`, `-`, `date:>`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if !utf8.ValidString(q) {
			return
		}
		tree, err := parseQuery(q)
		if err != nil {
			var qe *QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("%q: error %T %v is not a QueryError", q, err, err)
			}
			if qe.Column < 1 || qe.Column > utf8.RuneCountInString(q)+1 || strings.Contains(qe.Error(), "\n") {
				t.Fatalf("%q: bad error %q at column %d", q, qe.Error(), qe.Column)
			}
			return
		}
		newMatchers(tree)
	})
}

func BenchmarkParseQuery(b *testing.B) {
	q := `+(obama OR "barack obama") -putin "climate summit"~5 outlet:"Fox News" published:>="2015-11-01" summ*`
	for i := 0; i < b.N; i++ {
		if _, err := parseQuery(q); err != nil {
			b.Fatal(err)
		}
	}
}

func TestWithinWindow(t *testing.T) {
	cases := []struct {
		ps    []slotPos
		n, w  int
		match bool
	}{
		{[]slotPos{{1, 0}, {5, 1}}, 2, 5, true},
		{[]slotPos{{1, 0}, {6, 1}}, 2, 5, false},
		{[]slotPos{{10, 1}, {1, 0}, {12, 0}}, 2, 3, true},
		{[]slotPos{{1, 0}, {2, 0}}, 2, 10, false},
		{[]slotPos{{1, 0}, {9, 1}, {4, 2}, {20, 1}}, 3, 9, true},
	}
	for _, tc := range cases {
		if got := withinWindow(tc.ps, tc.n, tc.w); got != tc.match {
			t.Errorf("%v n=%d w=%d: %v", tc.ps, tc.n, tc.w, got)
		}
	}
}

func TestLevenshtein(t *testing.T) {
	for _, tc := range []struct {
		a, b  string
		limit int
		want  int
	}{{"summit", "sumit", 2, 1}, {"kremlin", "krenlim", 2, 2}, {"abc", "xyz", 1, 2}, {"café", "cafe", 1, 1}, {"", "ab", 2, 2}} {
		if got := levenshtein(tc.a, tc.b, tc.limit); got != tc.want {
			t.Errorf("%q %q: %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
