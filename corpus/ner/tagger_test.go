package ner

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
)

func TestDefaultLoads(t *testing.T) {
	tg := Default()
	if tg == nil || tg.m == nil {
		t.Fatal("Default() returned no model")
	}
	if Default() != tg {
		t.Error("Default() should return the same tagger")
	}
	if tg.m.lex == nil || len(tg.m.lex.words) == 0 {
		t.Error("embedded model has no lexicon")
	}
	if tg.m.gaz == nil || len(tg.m.gaz.phrases) == 0 {
		t.Error("embedded model has no gazetteer")
	}
	if EmbeddedModelSize() > 30<<20 {
		t.Errorf("embedded model is %d bytes, over 30 MB", EmbeddedModelSize())
	}
}

func TestModelRoundTrip(t *testing.T) {
	tg := Default()
	var buf bytes.Buffer
	if _, err := tg.WriteModel(&buf, 0); err != nil {
		t.Fatal(err)
	}
	tg2, err := LoadTagger(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	text := "President Barack Obama met Vladimir Putin in Moscow on Tuesday, the Kremlin said."
	if a, b := tg.Extract(text), tg2.Extract(text); !reflect.DeepEqual(a, b) {
		t.Errorf("round trip changed output:\n%v\n%v", a, b)
	}
	if _, err := LoadTagger([]byte("not a model")); err == nil {
		t.Error("LoadTagger accepted garbage")
	}
}

type ent struct{ Type, Text string }

func TestExtract(t *testing.T) {
	tests := []struct {
		in      string
		want    []ent // must all be present
		notWant []string
	}{
		{
			in: "President Barack Obama met Vladimir Putin in Moscow on Tuesday, the Kremlin said.",
			// CoNLL-2003 annotates "Kremlin" as LOC (11 of 11 times in
			// train), so the model does too; either type is accepted.
			want: []ent{{"PER", "Barack Obama"}, {"PER", "Vladimir Putin"}, {"LOC", "Moscow"}, {"ORG|LOC", "Kremlin"}},
		},
		{
			in:      "He said the plan would fail. She disagreed. They left, and It was over.",
			notWant: []string{"He", "She", "They", "It"},
		},
		{
			in:   "German Chancellor Angela Merkel spoke with French officials in Berlin about the European Union.",
			want: []ent{{"MISC", "German"}, {"PER", "Angela Merkel"}, {"MISC", "French"}, {"LOC", "Berlin"}, {"ORG", "European Union"}},
		},
		{
			in:   "Shares of Microsoft rose 3 percent in New York after the company beat forecasts, Reuters reported.",
			want: []ent{{"ORG", "Microsoft"}, {"LOC", "New York"}, {"ORG", "Reuters"}},
		},
		{
			in:      "Biden Drops The Caveats, Says Trump ‘Should Be Impeached’ For Violating His Oath",
			want:    []ent{{"PER", "Trump"}},
			notWant: []string{"Says Trump", "Says", "The Caveats", "His"},
		},
		{
			in:   "US officials said WHO experts would visit. May said on Monday the IT sector grew.",
			want: []ent{{"LOC", "US"}},
		},
		{
			in:      "The New York Times reported that Smith's lawyers met. This was new.",
			want:    []ent{{"ORG", "New York Times"}},
			notWant: []string{"The New York Times", "This", "Smith's"},
		},
	}
	tg := Default()
	for _, tc := range tests {
		got := tg.Extract(tc.in)
		have := map[ent]bool{}
		texts := map[string]bool{}
		for _, m := range got {
			if tc.in[m.Start:m.End] != m.Text {
				t.Errorf("%q: mention %q has offsets [%d,%d)", tc.in, m.Text, m.Start, m.End)
			}
			have[ent{m.Type, m.Text}] = true
			texts[m.Text] = true
		}
		for _, w := range tc.want {
			found := false
			for _, typ := range strings.Split(w.Type, "|") {
				found = found || have[ent{typ, w.Text}]
			}
			if !found {
				t.Errorf("%q: missing %v; got %v", tc.in, w, got)
			}
		}
		for _, w := range tc.notWant {
			if texts[w] {
				t.Errorf("%q: unexpected mention %q; got %v", tc.in, w, got)
			}
		}
	}
}

func TestExtractSentenceIndex(t *testing.T) {
	text := "Angela Merkel arrived.\n\nLater, Emmanuel Macron spoke in Paris."
	sents := Sentences(text)
	for _, m := range Default().Extract(text) {
		if m.Sentence < 0 || m.Sentence >= len(sents) {
			t.Fatalf("mention %v: sentence out of range", m)
		}
		r := sents[m.Sentence]
		if m.Start < r[0] || m.End > r[1] {
			t.Errorf("mention %v outside its sentence %q", m, text[r[0]:r[1]])
		}
	}
	if got := Default().Extract(""); len(got) != 0 {
		t.Errorf("Extract(\"\") = %v", got)
	}
}

func TestKeepMention(t *testing.T) {
	tests := []struct {
		toks  []string
		style int
		want  bool
	}{
		{[]string{"He"}, styleNormal, false},
		{[]string{"This"}, styleNormal, false},
		{[]string{"US"}, styleNormal, true},
		{[]string{"WHO"}, styleTitle, true},
		{[]string{"HE"}, styleCaps, false},
		{[]string{"Obama"}, styleNormal, true},
		{[]string{"--"}, styleNormal, false},
		{[]string{"The", "Hague"}, styleNormal, true},
	}
	for _, tc := range tests {
		var toks []Token
		for _, w := range tc.toks {
			toks = append(toks, Token{Text: w})
		}
		if got := keepMention(toks, tc.style); got != tc.want {
			t.Errorf("keepMention(%q, %d) = %v, want %v", tc.toks, tc.style, got, tc.want)
		}
	}
}

func TestExtractConcurrent(t *testing.T) {
	tg := Default()
	want := tg.Extract(benchText)
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 20; k++ {
				if got := tg.Extract(benchText); !reflect.DeepEqual(got, want) {
					errs <- fmt.Sprintf("concurrent Extract differs: %v", got)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestTagTokens(t *testing.T) {
	sents := [][]string{
		{"EU", "rejects", "German", "call", "to", "boycott", "British", "lamb", "."},
		{"Peter", "Blackburn"},
		{},
	}
	got := Default().TagTokens(sents)
	if len(got) != len(sents) {
		t.Fatalf("got %d sentences", len(got))
	}
	for k := range sents {
		if len(got[k]) != len(sents[k]) {
			t.Fatalf("sentence %d: %d tags for %d tokens", k, len(got[k]), len(sents[k]))
		}
	}
	want := []string{"B-ORG", "O", "B-MISC", "O", "O", "O", "B-MISC", "O", "O"}
	if !reflect.DeepEqual(got[0], want) {
		t.Errorf("tags %v, want %v", got[0], want)
	}
	if !reflect.DeepEqual(got[1], []string{"B-PER", "I-PER"}) {
		t.Errorf("tags %v, want B-PER I-PER", got[1])
	}
}

func TestSpans(t *testing.T) {
	for _, scheme := range []int{schemeBIO, schemeBILOU} {
		ls := newLabelSet(scheme)
		tags := []string{"B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC", "I-ORG", "O", "B-MISC"}
		sp := spansFromIOB2(tags)
		want := []span{{0, 2, 0}, {3, 4, 2}, {4, 6, 2}, {6, 7, 1}, {8, 9, 3}}
		if !reflect.DeepEqual(sp, want) {
			t.Fatalf("spans %v, want %v", sp, want)
		}
		y := ls.encode(sp, len(tags))
		// Encoded labels must be a valid path.
		prev := -1
		for _, l := range y {
			if !ls.allowed[prev+1][l] {
				t.Fatalf("scheme %d: invalid transition %d -> %d", scheme, prev, l)
			}
			prev = l
		}
		if !ls.final[prev] {
			t.Fatalf("scheme %d: invalid final label", scheme)
		}
		if got := ls.decode(y); !reflect.DeepEqual(got, want) {
			t.Errorf("scheme %d: decode %v, want %v", scheme, got, want)
		}
	}
}

func TestScore(t *testing.T) {
	gold := [][]string{{"B-PER", "I-PER", "O", "B-LOC"}}
	pred := [][]string{{"B-PER", "O", "O", "B-LOC"}}
	s := Score(gold, pred)
	if s.Micro.Gold != 2 || s.Micro.Pred != 2 || s.Micro.Correct != 1 {
		t.Errorf("micro %+v", s.Micro)
	}
	if f := s.ByType["LOC"].F1(); f != 1 {
		t.Errorf("LOC F1 %v", f)
	}
	if !strings.Contains(s.Report(), "micro") {
		t.Error("report lacks micro row")
	}
}

func TestReadCoNLL(t *testing.T) {
	in := "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n\nPeter NNP B-NP B-PER\n\n-DOCSTART- -X- -X- O\n\nX NN O O\n"
	docs, err := ReadCoNLL(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || len(docs[0].Sentences) != 2 || docs[0].Tokens() != 3 || docs[1].Tokens() != 1 {
		t.Fatalf("got %+v", docs)
	}
	if _, err := ReadCoNLL(strings.NewReader("EU NNP B-NP B-FOO\n")); err == nil {
		t.Error("bad tag accepted")
	}
}

// sharedData returns the shared data directory or skips the test.
func sharedData(t testing.TB) string {
	dir := os.Getenv("PARALLAX_SHARED")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "data")
	}
	if _, err := os.Stat(filepath.Join(dir, "conll2003", "dev.iob2")); err != nil {
		t.Skipf("shared data not found at %s (set PARALLAX_SHARED): %v", dir, err)
	}
	return dir
}

func readDev(t testing.TB) []Document {
	f, err := os.Open(filepath.Join(sharedData(t), "conll2003", "dev.iob2"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	docs, err := ReadCoNLL(f)
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

func TestEvalDev(t *testing.T) {
	docs := readDev(t)
	s := Evaluate(Default(), docs)
	t.Logf("CoNLL-2003 dev:\n%s", s.Report())
	if f := s.Micro.F1(); f < 0.85 {
		t.Errorf("dev micro F1 %.4f < 0.85", f)
	}
}

const benchText = `President Barack Obama met Vladimir Putin in Moscow on Tuesday, the Kremlin said. ` +
	`The two leaders discussed Syria and Ukraine, according to officials in Washington. ` +
	`"We had a frank conversation," Obama told reporters at the U.S. embassy before flying to Berlin, ` +
	`where German Chancellor Angela Merkel and European Commission President Jean-Claude Juncker were waiting. ` +
	`Shares of Gazprom fell 2.5% on the Moscow Exchange after the talks.`

func BenchmarkExtract(b *testing.B) {
	tg := Default()
	text := strings.Repeat(benchText+"\n\n", 10)
	n := len(Tokenize(text))
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tg.Extract(text)
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "tokens/s")
}

func BenchmarkTagTokens(b *testing.B) {
	tg := Default()
	docs := readDev(b)
	n := 0
	for i := range docs {
		n += docs[i].Tokens()
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k := range docs {
			tg.TagTokens(docs[k].Sentences)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "tokens/s")
}
