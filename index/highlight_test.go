package index

import (
	"strings"
	"testing"
)

func TestFragmentsPickDensestWindow(t *testing.T) {
	text := strings.Repeat("filler words here. ", 30) + "The summit opened; the summit closed. " + strings.Repeat("more filler text. ", 30) + "A summit."
	var spans []span
	for off := 0; ; {
		i := strings.Index(text[off:], "summit")
		if i < 0 {
			break
		}
		spans = append(spans, span{off + i, off + i + 6})
		off += i + 6
	}
	fr := fragments(text, spans, 120, 2, true)
	if len(fr) != 2 || !strings.Contains(fr[0], "The «summit» opened; the «summit» closed.") || !strings.Contains(fr[1], "A «summit».") {
		t.Errorf("fragments: %q", fr)
	}
	if !strings.HasPrefix(fr[0], "…") {
		t.Errorf("a cut fragment starts with an ellipsis: %q", fr[0])
	}
}

func TestKWICContext(t *testing.T) {
	if got := leftContext("one two\n\nthree ", 8); got != "o three " {
		t.Errorf("left: %q", got)
	}
	if got := rightContext(" four\tfive six", 9); got != " four fiv" {
		t.Errorf("right: %q", got)
	}
	if got := rightContext("é", 5); got != "é" {
		t.Errorf("right rune: %q", got)
	}
}

func BenchmarkFragments(b *testing.B) {
	text := strings.Repeat("The leaders met at the border summit on Tuesday and talked about trade. ", 100)
	var spans []span
	for off := 0; ; {
		i := strings.Index(text[off:], "summit")
		if i < 0 {
			break
		}
		spans = append(spans, span{off + i, off + i + 6})
		off += i + 6
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		fragments(text, spans, fragmentSize, maxFragments, true)
	}
}

func BenchmarkFieldSpans(b *testing.B) {
	m := newMapping()
	ms := newMatchers(mustParse(b, `"border summit" trade`))
	text := strings.Repeat("The leaders met at the border summit on Tuesday and talked about trade. ", 100)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		fieldSpans(m, textEN, "body", text, ms)
	}
}

func mustParse(tb testing.TB, q string) *qbool {
	tree, err := parseQuery(q)
	if err != nil {
		tb.Fatal(err)
	}
	return tree
}
