package corpus

import (
	"strings"
	"testing"
)

// sentenceWith returns the aligned sentence of article i holding text.
func sentenceWith(t *testing.T, c *Comparison, i int, text string) (int, AlignedSentence) {
	t.Helper()
	for k, s := range c.Articles[i].Sentences {
		if strings.Contains(s.Text, text) {
			return k, s
		}
	}
	t.Fatalf("article %d (%s) has no sentence with %q", i, c.Articles[i].Outlet, text)
	return 0, AlignedSentence{}
}

// TestCompareSampleWireCopy: the verbatim wire sentences listed in the
// sample README are labelled shared, matched to each other, and found as
// shared passages with correct offsets.
func TestCompareSampleWireCopy(t *testing.T) {
	arts := simSample(t)
	stats := simStats(arts)
	tests := []struct {
		paths []string
		text  string
	}{
		{[]string{"Continental_Press_Agency/2026-05-19", "Meridian_State_Television/2026-05-19"},
			"The river peaked at 7.4 metres at the Velmora gauge early on Tuesday"},
		{[]string{"Continental_Press_Agency/2026-05-19", "Meridian_State_Television/2026-05-19"},
			"Water up to a metre and a half deep filled the streets of the Old Harbour district"},
		{[]string{"Continental_Press_Agency/2026-04-06", "The_Velmora_Gazette/2026-04-07"},
			"Velmora handles around 60 percent of Meridia's container trade"},
		{[]string{"Continental_Press_Agency/2026-07-03", "The_Liberty_Ledger/2026-07-04", "Meridian_State_Television/2026-07-03"},
			"The pipeline carries about 9 million cubic metres of gas a day to Tessaly"},
		{[]string{"Continental_Press_Agency/2026-08-20", "The_Liberty_Ledger/2026-08-22"},
			"Judge Halvard Lenz of the Ostrel High Court found Sandor guilty"},
		{[]string{"Continental_Press_Agency/2026-09-28", "The_Harbour_Times/2026-09-30"},
			"Voting did not take place in 11 districts of Sarkand Province"},
	}
	for _, tt := range tests {
		var as []*Article
		for _, p := range tt.paths {
			as = append(as, simFind(t, arts, p))
		}
		c := Compare(as, stats)
		idx := make([]int, len(as))
		for i := range as {
			k, s := sentenceWith(t, c, i, tt.text)
			idx[i] = k
			if s.Label != LabelShared {
				t.Errorf("%s: %q is %s, want shared", tt.paths[i], clipT(s.Text), s.Label)
			}
		}
		for i := range as {
			s := c.Articles[i].Sentences[idx[i]]
			for j := range as {
				if j == i {
					continue
				}
				found := false
				for _, m := range s.Matches {
					if m.Article == j && m.Sentence == idx[j] {
						found = true
					}
				}
				if !found {
					t.Errorf("%s: %q not matched to its copy in %s: %v", tt.paths[i], clipT(s.Text), tt.paths[j], s.Matches)
				}
			}
		}
		// A passage covers the sentence in every article, with offsets into the body.
		found := false
		for _, p := range c.Passages {
			if !strings.Contains(p.Text, tt.text) || len(p.Spans) < len(as) {
				continue
			}
			found = true
			if p.Words < PassageWords {
				t.Errorf("passage of %d words", p.Words)
			}
			for _, sp := range p.Spans {
				if got := as[sp.Article].Body[sp.Start:sp.End]; !strings.Contains(got, tt.text) {
					t.Errorf("span %+v is %q", sp, clipT(got))
				}
			}
		}
		if !found {
			t.Errorf("no shared passage with %q in %v", tt.text, tt.paths)
		}
	}
}

// TestCompareSampleParaphrase: MST's account of the port strike rewords
// CPA's facts without copying a sentence.
func TestCompareSampleParaphrase(t *testing.T) {
	arts := simSample(t)
	c := Compare([]*Article{simFind(t, arts, "Continental_Press_Agency/2026-04-06"), simFind(t, arts, "Meridian_State_Television/2026-04-08")}, simStats(arts))
	para := 0
	for _, a := range c.Articles {
		for _, s := range a.Sentences {
			if s.Label == LabelShared {
				t.Errorf("%s: %q labelled shared", a.Outlet, clipT(s.Text))
			}
			if s.Label == LabelParaphrased {
				para++
			}
		}
	}
	if para == 0 {
		t.Errorf("no paraphrased sentence")
	}
	for _, p := range c.Passages {
		if p.Words >= 12 {
			t.Errorf("unexpected long shared passage %q", p.Text)
		}
	}
	if c.Similarity <= 0 || c.Similarity >= 1 {
		t.Errorf("similarity = %v", c.Similarity)
	}
	if c.Articles[0].Words < 300 || c.Articles[0].Title == "" || c.Articles[0].Published.IsZero() {
		t.Errorf("article facts: %+v", c.Articles[0])
	}
}

func clipT(s string) string {
	if len(s) > 70 {
		return s[:70] + "…"
	}
	return s
}

func TestAlignLabels(t *testing.T) {
	tests := []struct {
		a, b, want string
	}{
		{"The river peaked at 7.4 metres at the Velmora gauge early on Tuesday, the service said.",
			"The river peaked at 7.4 metres at the Velmora gauge early on Tuesday, the service said.", LabelShared},
		// Trimmed wire copy: the shorter sentence sits inside the longer.
		{"The blast hit a section of the pipeline near the village of Kestri, about 40 km south of Tarvin, at around 2:30 a.m. local time, according to Northline Energy, which operates the line.",
			"The blast hit a section of the pipeline near the village of Kestri, about 40 km south of Tarvin.", LabelShared},
		// Same facts, other words.
		{"The union is demanding a 14 percent wage increase over two years and job guarantees.",
			"Union leaders want wages raised by 14 percent across two years, plus guarantees on jobs.", LabelParaphrased},
		{"The central bank raised its key interest rate to 7 percent.",
			"Dockworkers marched through the old harbour singing.", LabelUnique},
		{"Short.", "Short.", LabelUnique}, // too short to be wire copy
	}
	for _, tt := range tests {
		got, score := AlignLabel(tt.a, tt.b, nil)
		if got != tt.want {
			t.Errorf("AlignLabel(%q, %q) = %s (%.2f), want %s", clipT(tt.a), clipT(tt.b), got, score, tt.want)
		}
		if score < 0 || score > 1.0001 {
			t.Errorf("score %v out of range", score)
		}
		if back, _ := AlignLabel(tt.b, tt.a, nil); back != got {
			t.Errorf("AlignLabel is not symmetric for %q: %s / %s", clipT(tt.a), got, back)
		}
	}
}

func TestFindPassages(t *testing.T) {
	a := "Officials said: the river peaked at seven metres at the Velmora gauge early on Tuesday. Nothing else."
	b := "Meanwhile THE RIVER peaked at seven metres, at the Velmora gauge early on Tuesday! And more."
	c := "Unrelated text about a chess team that won a gold medal in Aldenburg last week."
	ps := FindPassages([]string{a, b, c}, 8)
	if len(ps) != 1 {
		t.Fatalf("passages = %+v", ps)
	}
	p := ps[0]
	if p.Words != 13 || len(p.Spans) != 2 {
		t.Errorf("passage = %+v", p)
	}
	if got := a[p.Spans[0].Start:p.Spans[0].End]; got != "the river peaked at seven metres at the Velmora gauge early on Tuesday" {
		t.Errorf("span in a = %q", got)
	}
	if got := b[p.Spans[1].Start:p.Spans[1].End]; got != "THE RIVER peaked at seven metres, at the Velmora gauge early on Tuesday" {
		t.Errorf("span in b = %q", got)
	}
	if ps := FindPassages([]string{"one two three four five six seven", "one two three four five six seven"}, 8); len(ps) != 0 {
		t.Errorf("7 words reported: %v", ps)
	}
}

func TestLogOdds(t *testing.T) {
	a := map[string]int{"terrorists": 6, "pipeline": 5, "attack": 4}
	b := map[string]int{"militants": 6, "pipeline": 5, "attack": 4}
	alpha := map[string]float64{"terrorists": 1, "militants": 1, "pipeline": 3, "attack": 3}
	z := LogOddsZ(a, b, alpha)
	if z["terrorists"] <= 1.96 {
		t.Errorf("z(terrorists) = %.2f, want clearly typical of a", z["terrorists"])
	}
	if z["militants"] >= -1.96 {
		t.Errorf("z(militants) = %.2f, want clearly typical of b", z["militants"])
	}
	if abs := z["pipeline"]; abs > 0.5 || abs < -0.5 {
		t.Errorf("z(pipeline) = %.2f, want near 0", abs)
	}
	// Antisymmetric.
	zb := LogOddsZ(b, a, alpha)
	for w := range alpha {
		if d := z[w] + zb[w]; d > 1e-9 || d < -1e-9 {
			t.Errorf("z(%s) = %.3f but reversed %.3f", w, z[w], zb[w])
		}
	}
	// A stronger prior shrinks the evidence.
	strong := map[string]float64{"terrorists": 50, "militants": 50, "pipeline": 150, "attack": 150}
	if zs := LogOddsZ(a, b, strong); zs["terrorists"] >= z["terrorists"] {
		t.Errorf("strong prior z = %.2f, weak prior z = %.2f", zs["terrorists"], z["terrorists"])
	}
}

func TestFramingTermsSample(t *testing.T) {
	arts := simSample(t)
	mst := simFind(t, arts, "Meridian_State_Television/2026-07-03")
	ll := simFind(t, arts, "The_Liberty_Ledger/2026-07-04")
	c := Compare([]*Article{mst, ll}, simStats(arts))
	has := func(i int, term string) bool {
		for _, tw := range c.Articles[i].Framing {
			if tw.Term == term {
				return true
			}
		}
		return false
	}
	if !has(0, "terrorists") && !has(0, "terrorist") {
		t.Errorf("MST framing %v lacks terrorists", c.Articles[0].Framing)
	}
	if !has(1, "regime") {
		t.Errorf("LL framing %v lacks regime", c.Articles[1].Framing)
	}
	for i, a := range c.Articles {
		for k := 1; k < len(a.Framing); k++ {
			if a.Framing[k].Z > a.Framing[k-1].Z {
				t.Errorf("article %d framing not sorted: %v", i, a.Framing)
			}
		}
	}
}

func TestQuoteForms(t *testing.T) {
	ents := []Entity{
		{Text: "Ilse Varga", Type: "PER", Field: "body", Canonical: "Ilse Varga", Start: 10, End: 20},
	}
	tests := []struct {
		body    string
		speaker string
		text    string
	}{
		{`"We will rebuild every house," Varga said.`, "Varga", "We will rebuild every house"},
		{`"This was an attack on every family," Kessel told state television.`, "Kessel", "This was an attack on every family"},
		{`"Calm has returned to the port," said Jonas Petrak, the mayor.`, "Jonas Petrak", "Calm has returned to the port"},
		{`Interior Minister Dario Kessel said that 1,800 rescue workers had been deployed.`, "Dario Kessel", "1,800 rescue workers had been deployed"},
		{`At least six people were killed, according to the Interior Ministry.`, "the Interior Ministry", "At least six people were killed, according to the Interior Ministry."},
		{`The NAO said: "The vote was generally orderly on the day."`, "The NAO", "The vote was generally orderly on the day."},
		{`“The handshake changes nothing,” said Ines Hartmann, an analyst.`, "Ines Hartmann", "The handshake changes nothing"},
		{`The Ministry of Health said that mobile teams were working.`, "The Ministry of Health", "mobile teams were working"},
		{`She called it a "very bad idea" yesterday.`, "", ""},
	}
	for _, tt := range tests {
		qs := ExtractQuotes(&Article{Body: tt.body})
		if tt.speaker == "" {
			if len(qs) != 0 {
				t.Errorf("%q: quotes %+v, want none", tt.body, qs)
			}
			continue
		}
		if len(qs) != 1 {
			t.Errorf("%q: quotes %+v, want one", tt.body, qs)
			continue
		}
		q := qs[0]
		if q.Speaker != tt.speaker || q.Text != tt.text {
			t.Errorf("%q: got %q: %q, want %q: %q", tt.body, q.Speaker, q.Text, tt.speaker, tt.text)
		}
		if tt.body[q.Start:q.End] != q.Text {
			t.Errorf("%q: offsets %d-%d give %q", tt.body, q.Start, q.End, tt.body[q.Start:q.End])
		}
	}
	// Pronouns and surnames resolve to the person named before; a quote cut
	// by its attribution keeps the speaker.
	body := `President Ilse Varga visited Velmora. "No family will be left alone," she said. "The state is with you until the last house is dry."` +
		"\n\n" + `"We will rebuild," Varga added.`
	qs := ExtractQuotes(&Article{Body: body, Entities: ents})
	if len(qs) != 3 {
		t.Fatalf("quotes = %+v", qs)
	}
	for _, q := range qs {
		if q.Speaker != "Ilse Varga" {
			t.Errorf("%q attributed to %q, want Ilse Varga", q.Text, q.Speaker)
		}
	}
}

func TestQuotesSample(t *testing.T) {
	arts := simSample(t)
	cpa := simFind(t, arts, "Continental_Press_Agency/2026-05-19")
	want := map[string]string{
		"We have never seen water come in this fast": "Marta Ilic",
		"No family will be left to face this alone":  "Varga",
	}
	for _, q := range ExtractQuotes(cpa) {
		if sp, ok := want[q.Text]; ok {
			if !strings.HasSuffix(q.Speaker, sp) {
				t.Errorf("%q: speaker %q, want %q", q.Text, q.Speaker, sp)
			}
			delete(want, q.Text)
		}
	}
	for text := range want {
		t.Errorf("quote %q not found", text)
	}
}

func TestCompareEntities(t *testing.T) {
	e := func(name, typ string) Entity { return Entity{Text: name, Canonical: name, Type: typ, Field: "body"} }
	a := &Article{ID: "a", Body: "x", Entities: []Entity{e("Ilse Varga", "PER"), e("Ilse Varga", "PER"), e("SLF", "ORG"), e("Mirela Draskovic", "PER")}}
	b := &Article{ID: "b", Body: "y", Entities: []Entity{e("Ilse Varga", "PER"), e("SLF", "ORG")}}
	c := &Article{ID: "c", Body: "z", Entities: []Entity{e("ilse varga", "PER")}}
	d := DiffEntities([]*Article{a, b, c})
	if len(d.InAll) != 1 || d.InAll[0].Name != "Ilse Varga" || d.InAll[0].Counts[0] != 2 || d.InAll[0].Counts[2] != 1 {
		t.Errorf("in all = %+v", d.InAll)
	}
	if len(d.InSome) != 1 || d.InSome[0].Name != "SLF" {
		t.Errorf("in some = %+v", d.InSome)
	}
	if len(d.InOne) != 1 || d.InOne[0].Name != "Mirela Draskovic" || d.InOne[0].Counts[0] != 1 {
		t.Errorf("in one = %+v", d.InOne)
	}
}

func TestCompareOutlets(t *testing.T) {
	arts := simSample(t)
	var story []*Article
	for _, a := range arts {
		if a.Meta["event"] == "e05-pipeline-attack" {
			story = append(story, a)
		}
	}
	oc := CompareOutlets(story, simStats(arts))
	if len(oc.Outlets) != 4 {
		t.Fatalf("outlets = %d, want 4", len(oc.Outlets))
	}
	for _, o := range oc.Outlets {
		if len(o.Articles) != 1 || len(o.Framing) == 0 {
			t.Errorf("%s: %+v", o.Outlet, o)
		}
	}
}

// BenchmarkCompare compares two articles of about 1,500 words.
func BenchmarkCompare(b *testing.B) {
	arts := simSample(b)
	stats := simStats(arts)
	long := func(outlet string) *Article {
		a := &Article{ID: outlet, Outlet: outlet}
		var parts []string
		for _, x := range arts {
			if strings.Contains(x.Path, outlet) {
				parts = append(parts, x.Body)
			}
			if CountWords(strings.Join(parts, "\n\n")) >= 1500 {
				break
			}
		}
		a.Body = strings.Join(parts, "\n\n")
		return a
	}
	x, y := long("Continental_Press_Agency"), long("Meridian_State_Television")
	b.ReportMetric(float64(CountWords(x.Body)), "words/a")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Compare([]*Article{x, y}, stats)
	}
}

func FuzzExtractQuotes(f *testing.F) {
	f.Add(`"We will rebuild every house," Varga said. Kessel said that it was over, according to the ministry.`)
	f.Add(`“A ” " “ ”" said`)
	f.Add("according to \n\n\"x y z,\" he said")
	f.Fuzz(func(t *testing.T, body string) {
		for _, q := range ExtractQuotes(&Article{Body: body}) {
			if q.Start < 0 || q.End > len(body) || q.Start > q.End || body[q.Start:q.End] != q.Text {
				t.Fatalf("quote %+v does not match the body", q)
			}
			if q.Speaker == "" {
				t.Fatalf("quote without speaker: %+v", q)
			}
		}
		for _, p := range FindPassages([]string{body, body}, 3) {
			for _, sp := range p.Spans {
				if sp.Start < 0 || sp.End > len(body) || sp.Start >= sp.End {
					t.Fatalf("bad span %+v", sp)
				}
			}
		}
	})
}
