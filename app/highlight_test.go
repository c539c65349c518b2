package app

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/parallax-research/parallax/corpus"
	"github.com/parallax-research/parallax/index"
)

func TestQueryTerms(t *testing.T) {
	for _, c := range []struct{ q, want string }{
		{"", ""},
		{"summit", "summit"},
		{"Summit CEASEFIRE summit", "summit ceasefire"},
		{`"border summit" talks`, "border summit talks"},
		{`+summit -opinion`, "summit"},
		{`-"border summit" strike`, "strike"},
		{`title:strike outlet:"Harbour Times"`, "strike harbour times"},
		{`published:>="2026-03-01" port`, "port"},
		{`korvana~1 summ* boost^2`, "korvana summ boost"},
		{`a AND b OR not c`, ""},
		{`l'accord`, "accord"},
	} {
		if got := strings.Join(queryTerms(c.q), " "); got != c.want {
			t.Errorf("queryTerms(%q) = %q, want %q", c.q, got, c.want)
		}
	}
}

func FuzzQueryTerms(f *testing.F) {
	for _, s := range []string{`"border summit" -x`, `title:"a b`, `+-+`, `published:>=2026`, "ü~^*:\"", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		for _, term := range queryTerms(q) {
			if term == "" || term != strings.ToLower(term) || strings.ContainsAny(term, " \":") {
				t.Fatalf("queryTerms(%q) gave %q", q, term)
			}
		}
		text := q + " " + strings.ToUpper(q)
		for _, m := range termMatches(text, queryTerms(q)) {
			if m[0] < 0 || m[1] > len(text) || m[0] >= m[1] || !utf8.ValidString(text[m[0]:m[1]]) && utf8.ValidString(text) {
				t.Fatalf("bad match %v in %q", m, text)
			}
		}
	})
}

func TestTermMatches(t *testing.T) {
	text := "The Summit: summits, summitry and a summer summary."
	var got []string
	for _, m := range termMatches(text, []string{"summit"}) {
		got = append(got, text[m[0]:m[1]])
	}
	if strings.Join(got, ",") != "Summit,summits,summitry" {
		t.Errorf("matches %q", got)
	}
	// Short terms match only short extensions (stems), not longer words.
	got = nil
	for range termMatches("port ports portfolio", []string{"port"}) {
		got = append(got, "x")
	}
	if len(got) != 3 {
		// "port" has 4 letters: every word starting with it matches.
		t.Errorf("%d matches for port", len(got))
	}
	if n := len(termMatches("an ant antelope", []string{"an"})); n != 2 {
		t.Errorf("%d matches for an, want 2 (an, ant)", n)
	}
}

func BenchmarkTermMatches(b *testing.B) {
	text := strings.Repeat("Leaders met at the border summit on Tuesday while the ceasefire held. ", 200)
	terms := []string{"summit", "ceasefire", "border"}
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		termMatches(text, terms)
	}
}

func TestSnippetSegments(t *testing.T) {
	segs := snippetSegments("…the «border» «summit» was a gamble…", nil)
	var marked []string
	for _, s := range segs {
		if ts := s.(*widget.TextSegment); ts.Style == styleHit {
			marked = append(marked, ts.Text)
		}
	}
	if strings.Join(marked, ",") != "border,summit" {
		t.Errorf("marked %q in %s", marked, segmentsText(segs))
	}
	// Without marks, the query's terms are highlighted.
	segs = snippetSegments("The summit was a gamble.", []string{"gamble"})
	if !hasStyledText(segs, "gamble", styleHit) {
		t.Errorf("not highlighted: %s", segmentsText(segs))
	}
	if segs := snippetSegments("", nil); len(segs) != 1 {
		t.Errorf("empty snippet: %d segments", len(segs))
	}
}

func TestFieldSegments(t *testing.T) {
	body := "Leaders met in Korvana.\n\nThe summit opened. Korvana agreed."
	ents := []corpus.Entity{{Text: "Korvana", Type: "LOC", Field: "body", Start: 15, End: 22}}
	spot := strings.LastIndex(body, "summit")
	segs, para := fieldSegments(body, "body", []string{"summit"}, ents, spot, widget.RichTextStyleParagraph)
	if para != 1 {
		t.Errorf("spot in paragraph %d, want 1", para)
	}
	if !hasStyledText(segs, "Korvana", entityStyle("LOC")) || !hasStyledText(segs, "summit", styleSpot) {
		t.Errorf("segments %s", segmentsText(segs))
	}
	paras := flowParagraphs(segs)
	if len(paras) != 2 {
		t.Fatalf("%d paragraphs", len(paras))
	}
	var words []string
	for _, w := range paras[1] {
		words = append(words, w.text)
	}
	if strings.Join(words, "") != "The summit opened. Korvana agreed." {
		t.Errorf("second paragraph %q", words)
	}
	// Entities outside the text are ignored rather than crashing.
	segs, _ = fieldSegments("short", "body", nil, []corpus.Entity{{Field: "body", Start: 2, End: 99}}, -1, widget.RichTextStyleParagraph)
	if len(segs) != 1 {
		t.Errorf("segments %s", segmentsText(segs))
	}
}

func TestSplitWords(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"a b", "a |b"},
		{" lead", " |lead"},
		{"x,  y\n", "x, |y "},
		{"", ""},
	} {
		if got := strings.Join(splitWords(c.in), "|"); got != c.want {
			t.Errorf("splitWords(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestNiceTicks(t *testing.T) {
	for _, c := range []struct {
		max  int
		want string
	}{{1, "1"}, {4, "1 2 3 4"}, {7, "2 4 6"}, {100, "20 40 60 80 100"}, {0, ""}} {
		if got := fmtInts(niceTicks(c.max)); got != c.want {
			t.Errorf("niceTicks(%d) = %q, want %q", c.max, got, c.want)
		}
	}
}

func fmtInts(v []int) string {
	var b strings.Builder
	for i, n := range v {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(thousands(n))
	}
	return b.String()
}

func TestThousandsAndClock(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -4200: "-4,200"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q", n, got)
		}
	}
	if clock(75*time.Second) != "1:15" || clock(3723*time.Second) != "1:02:03" {
		t.Errorf("clock: %s %s", clock(75*time.Second), clock(3723*time.Second))
	}
}

func TestCountOverTimeGroupsSmallOutlets(t *testing.T) {
	var arts []*corpus.Article
	for i := range 12 {
		for j := 0; j <= i; j++ {
			arts = append(arts, &corpus.Article{ID: thousands(i*100 + j), Outlet: "Outlet " + thousands(i),
				Title: "x", Body: "y", Published: mday("2026-03-01").AddDate(0, 0, j)})
		}
	}
	m := newMemCorpus("/c/many", arts...)
	d, err := countOverTime(t.Context(), m, index.Query{}, "day", true)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Series) != maxSeries+1 || d.Series[maxSeries].Name != "Other" || d.Series[0].Name != "Outlet 11" {
		var names []string
		for _, s := range d.Series {
			names = append(names, s.Name)
		}
		t.Fatalf("series %q", names)
	}
	total := 0
	for _, s := range d.Series {
		for _, n := range s.Counts {
			total += n
		}
	}
	if total != len(arts) || d.Counted != len(arts) {
		t.Errorf("total %d counted %d, want %d", total, d.Counted, len(arts))
	}
}

func TestFormatScanSummary(t *testing.T) {
	s := formatScan{Formats: map[string]int{"txt": 1200, "html": 3}, Archives: 1, Other: 2, Files: 1206, Bytes: 3 << 20}
	got := s.summary()
	want := "TXT 1,200 · HTML 3 · 1 zip archive · 2 other files (not imported)\n1,206 files, 3.0 MB"
	if got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
}

func TestCitation(t *testing.T) {
	a := &corpus.Article{Title: " Port strike ", Outlet: "Wire", Authors: []string{"A. Smith"}, Published: mday("2026-03-09"), URL: "https://x.test/a"}
	if got := citation(a); got != "A. Smith. “Port strike”. Wire, 9 March 2026. https://x.test/a" {
		t.Errorf("citation %q", got)
	}
}

func TestLeadIn(t *testing.T) {
	long := strings.Repeat("word ", 30) + "«summit» ends"
	got := leadIn(long, 40)
	if !strings.HasPrefix(got, "…") || !strings.Contains(got, "«summit»") || utf8.RuneCountInString(got[:strings.Index(got, "«")]) > 42 {
		t.Errorf("leadIn: %q", got)
	}
	if s := "short «x»"; leadIn(s, 40) != s {
		t.Errorf("short snippet changed")
	}
}

// BenchmarkPreviewLongArticle lays out a long article's body (3,000
// words, a highlight in every paragraph) as the preview does.
func BenchmarkPreviewLongArticle(b *testing.B) {
	test.NewTempApp(b)
	para := strings.Repeat("The border summit was a gamble for both capitals and their leaders. ", 10)
	body := strings.TrimSpace(strings.Repeat(para+"\n\n", 30))
	for b.Loop() {
		segs, _ := fieldSegments(body, "body", []string{"summit"}, nil, -1, widget.RichTextStyleParagraph)
		for _, words := range flowParagraphs(segs) {
			f := newFlowText(words)
			f.Resize(fyne.NewSize(600, 100))
			f.place(600, true)
		}
	}
}
