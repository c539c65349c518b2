package corpus

import (
	"bytes"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/parallax-research/parallax/corpus/ner"
)

// stubTagger tags every whole-word occurrence of its phrases, so the
// golden tests check linking and filtering independently of the model.
type stubTagger map[string]string

func (s stubTagger) Extract(text string) []ner.Mention {
	sents := ner.Sentences(text)
	var out []ner.Mention
	for p, typ := range s {
		for i := 0; ; {
			j := strings.Index(text[i:], p)
			if j < 0 {
				break
			}
			st, en := i+j, i+j+len(p)
			i = en
			if st > 0 && isWordByte(text[st-1]) || en < len(text) && isWordByte(text[en]) {
				continue
			}
			k := 0
			for n, r := range sents {
				if st >= r[0] {
					k = n
				}
			}
			out = append(out, ner.Mention{Text: p, Type: typ, Start: st, End: en, Sentence: k})
		}
	}
	// Longest match wins, like a tagger's spans.
	sort.Slice(out, func(i, j int) bool {
		if out[i].Start != out[j].Start {
			return out[i].Start < out[j].Start
		}
		return out[i].End > out[j].End
	})
	var kept []ner.Mention
	end := -1
	for _, m := range out {
		if m.Start >= end {
			kept = append(kept, m)
			end = m.End
		}
	}
	return kept
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

type ent struct{ Text, Type, Field, Canonical string }

func entsOf(a *Article) []ent {
	var out []ent
	for _, e := range a.Entities {
		out = append(out, ent{e.Text, e.Type, e.Field, e.Canonical})
	}
	return out
}

func TestEntitiesGolden(t *testing.T) {
	tests := []struct {
		name   string
		tagger stubTagger
		a      Article
		want   []ent
	}{
		{
			name:   "surname links to full name",
			tagger: stubTagger{"Barack Obama": "PER", "Obama": "PER", "Vladimir Putin": "PER", "Putin": "MISC", "Mr. Putin": "PER"},
			a: Article{Title: "Obama meets Putin",
				Body: "President Barack Obama met Vladimir Putin on Monday. Obama said the talks were useful. Mr. Putin disagreed."},
			want: []ent{
				{"Obama", "PER", "title", "Barack Obama"},
				{"Putin", "PER", "title", "Vladimir Putin"},
				{"Barack Obama", "PER", "body", "Barack Obama"},
				{"Vladimir Putin", "PER", "body", "Vladimir Putin"},
				{"Obama", "PER", "body", "Barack Obama"},
				{"Mr. Putin", "PER", "body", "Vladimir Putin"},
			},
		},
		{
			name:   "ambiguous surname goes to the most frequent full form",
			tagger: stubTagger{"Donald Trump": "PER", "Ivanka Trump": "PER", "Trump": "PER"},
			a:      Article{Body: "Donald Trump spoke. Ivanka Trump listened. Later Donald Trump left. Trump was tired."},
			want: []ent{
				{"Donald Trump", "PER", "body", "Donald Trump"},
				{"Ivanka Trump", "PER", "body", "Ivanka Trump"},
				{"Donald Trump", "PER", "body", "Donald Trump"},
				{"Trump", "PER", "body", "Donald Trump"},
			},
		},
		{
			name:   "bracketed acronym links and is found where the tagger missed it",
			tagger: stubTagger{"International Atomic Energy Agency": "ORG", "Iran": "LOC"},
			a:      Article{Body: "The International Atomic Energy Agency (IAEA) visited Iran. Inspectors of the IAEA left."},
			want: []ent{
				{"International Atomic Energy Agency", "ORG", "body", "International Atomic Energy Agency"},
				{"Iran", "LOC", "body", "Iran"},
				{"IAEA", "ORG", "body", "International Atomic Energy Agency"},
				{"IAEA", "ORG", "body", "International Atomic Energy Agency"},
			},
		},
		{
			name:   "built-in aliases",
			tagger: stubTagger{"U.S.": "LOC", "US": "ORG", "United States": "LOC", "America": "LOC", "Britain": "LOC", "UN": "ORG", "Bank of America": "ORG"},
			a:      Article{Body: "The U.S. and Britain spoke at the UN. US officials said America and the United States agree. Bank of America declined."},
			want: []ent{
				{"U.S.", "LOC", "body", "United States"},
				{"Britain", "LOC", "body", "United Kingdom"},
				{"UN", "ORG", "body", "United Nations"},
				{"US", "LOC", "body", "United States"},
				{"America", "LOC", "body", "United States"},
				{"United States", "LOC", "body", "United States"},
				{"Bank of America", "ORG", "body", "Bank of America"},
			},
		},
		{
			name:   "America as an organisation is not the country",
			tagger: stubTagger{"America": "ORG"},
			a:      Article{Body: "Shares of America rose."},
			want:   []ent{{"America", "ORG", "body", "America"}},
		},
		{
			name:   "pronouns and sentence-initial common words are rejected",
			tagger: stubTagger{"He": "PER", "They": "ORG", "However": "MISC", "Despite": "MISC", "Angela Merkel": "PER", "Merkel": "PER", "It": "ORG"},
			a:      Article{Body: "He arrived. They left. However, Angela Merkel stayed. Despite the rain, Merkel spoke. It rained despite everything."},
			want: []ent{
				{"Angela Merkel", "PER", "body", "Angela Merkel"},
				{"Merkel", "PER", "body", "Angela Merkel"},
			},
		},
		{
			name:   "sentence-initial word seen in lower case elsewhere is rejected",
			tagger: stubTagger{"Apple": "ORG", "Growing": "ORG"},
			a:      Article{Body: "Growing numbers buy phones. Apple is growing. Sales of Apple rose."},
			want: []ent{
				{"Apple", "ORG", "body", "Apple"},
				{"Apple", "ORG", "body", "Apple"},
			},
		},
		{
			name:   "possessive, titles and headline capitals are cleaned",
			tagger: stubTagger{"BARACK OBAMA": "PER", "President Barack Obama's": "PER", "the White House": "ORG"},
			a:      Article{Title: "BARACK OBAMA SPEAKS", Body: "President Barack Obama's plan reached the White House."},
			want: []ent{
				{"BARACK OBAMA", "PER", "title", "Barack Obama"},
				{"President Barack Obama's", "PER", "body", "Barack Obama"},
				{"the White House", "ORG", "body", "White House"},
			},
		},
		{
			name:   "captions are kept apart",
			tagger: stubTagger{"Boris Johnson": "PER", "London": "LOC", "Reuters": "ORG"},
			a:      Article{Body: "Boris Johnson spoke.", Captions: []string{"Boris Johnson in London.", "Photo: Reuters"}},
			want: []ent{
				{"Boris Johnson", "PER", "body", "Boris Johnson"},
				{"Boris Johnson", "PER", "captions", "Boris Johnson"},
				{"London", "LOC", "captions", "London"},
				{"Reuters", "ORG", "captions", "Reuters"},
			},
		},
		{
			name:   "a mistyped surname links in a headline, not in the body",
			tagger: stubTagger{"Merkel": "LOC", "Angela Merkel": "PER", "George Washington": "PER", "Washington": "LOC"},
			a:      Article{Title: "Merkel visits", Body: "Angela Merkel arrived in Washington, where George Washington lived."},
			want: []ent{
				{"Merkel", "PER", "title", "Angela Merkel"},
				{"Angela Merkel", "PER", "body", "Angela Merkel"},
				{"Washington", "LOC", "body", "Washington"},
				{"George Washington", "PER", "body", "George Washington"},
			},
		},
		{
			name:   "scraping debris is not an entity",
			tagger: stubTagger{"Paul Ryan Paul Davis Ryan": "PER", "Bernie Sanders Bernie": "PER", "Hide Caption": "ORG", "Argentina Armenia Australia Austria Azerbaijan Bahamas Bahrain Bangladesh Barbados": "LOC", "Paris": "LOC"},
			a:      Article{Body: "Paul Ryan Paul Davis Ryan spoke. Bernie Sanders Bernie ran. Hide Caption. Argentina Armenia Australia Austria Azerbaijan Bahamas Bahrain Bangladesh Barbados. In Paris."},
			want:   []ent{{"Paris", "LOC", "body", "Paris"}},
		},
		{
			name:   "May stays a person after Theresa May",
			tagger: stubTagger{"Theresa May": "PER", "May": "PER"},
			a:      Article{Body: "Theresa May resigned. May said she was proud."},
			want: []ent{
				{"Theresa May", "PER", "body", "Theresa May"},
				{"May", "PER", "body", "Theresa May"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.a
			ExtractEntitiesWith(&a, tt.tagger)
			if got := entsOf(&a); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %v\nwant %v", got, tt.want)
			}
			for _, e := range a.Entities {
				text := map[string]string{"title": a.Title, "body": a.Body, "captions": strings.Join(a.Captions, "\n\n")}[e.Field]
				if text[e.Start:e.End] != e.Text {
					t.Errorf("%+v: offsets point at %q", e, text[e.Start:e.End])
				}
			}
		})
	}
}

func TestEntitiesSentenceIndex(t *testing.T) {
	a := Article{Body: "Paris is big. Berlin is bigger.\n\nRome is old."}
	ExtractEntitiesWith(&a, stubTagger{"Paris": "LOC", "Berlin": "LOC", "Rome": "LOC"})
	var got []int
	for _, e := range a.Entities {
		got = append(got, e.Sentence)
	}
	if !reflect.DeepEqual(got, []int{0, 1, 2}) {
		t.Errorf("sentences %v, want [0 1 2]", got)
	}
}

func TestEntitiesRealTagger(t *testing.T) {
	func() {
		// The tagger's own tests fail loudly on a broken model; here it
		// only blocks the check of the wiring.
		defer func() {
			if r := recover(); r != nil {
				t.Skipf("the embedded NER model does not load right now: %v", r)
			}
		}()
		ner.Default()
	}()
	a := Article{
		Title: "Merkel and Macron meet in Berlin",
		Body: "German Chancellor Angela Merkel met French President Emmanuel Macron in Berlin on Tuesday. " +
			"He said the European Union would act. Merkel told reporters that the United Nations (UN) must lead.",
	}
	ExtractEntities(&a)
	byCanon := map[string]string{}
	for _, e := range a.Entities {
		byCanon[e.Canonical] = e.Type
		if e.Text == "He" {
			t.Errorf("pronoun tagged: %+v", e)
		}
	}
	for _, want := range []string{"Angela Merkel", "Emmanuel Macron", "Berlin"} {
		if _, ok := byCanon[want]; !ok {
			t.Errorf("missing %q in %v", want, byCanon)
		}
	}
	if _, ok := byCanon["Merkel"]; ok {
		t.Errorf("short form Merkel not linked: %v", byCanon)
	}
	// A bare article works too (what parallax extract calls).
	var empty Article
	ExtractEntities(&empty)
	if len(empty.Entities) != 0 {
		t.Errorf("empty article has entities %v", empty.Entities)
	}
}

func TestEntityKeyAndClean(t *testing.T) {
	for _, tt := range []struct{ in, typ, clean, key string }{
		{"U.S.", "LOC", "U.S.", "us"},
		{"  Barack\n Obama's ", "PER", "Barack Obama", "barack obama"},
		{"Sen. Elizabeth Warren", "PER", "Elizabeth Warren", "elizabeth warren"},
		{"“the Kremlin”", "ORG", "Kremlin", "kremlin"},
		{"NASA", "ORG", "NASA", "nasa"},
		{"PENTAGON", "ORG", "Pentagon", "pentagon"},
		{"Coca-Cola", "ORG", "Coca-Cola", "coca cola"},
		{"The", "MISC", "The", "the"},
	} {
		if got := CleanEntityName(tt.in, tt.typ); got != tt.clean {
			t.Errorf("CleanEntityName(%q) = %q, want %q", tt.in, got, tt.clean)
		}
		if got := EntityKey(CleanEntityName(tt.in, tt.typ)); got != tt.key {
			t.Errorf("EntityKey(%q) = %q, want %q", tt.in, got, tt.key)
		}
	}
}

func TestAliasTableTSV(t *testing.T) {
	var tab AliasTable
	tab.Set(AliasRule{Action: AliasMerge, Name: "Trump", Target: "Donald Trump"})
	tab.Set(AliasRule{Action: AliasRename, Name: "Donald Trump", Target: "Donald J. Trump"})
	tab.Set(AliasRule{Action: AliasIgnore, Name: "Getty Images"})
	tab.Set(AliasRule{Action: AliasSplit, Name: "United States"})
	var buf bytes.Buffer
	if err := WriteAliasTSV(&buf, tab); err != nil {
		t.Fatal(err)
	}
	back, err := ReadAliasTSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Rules) != 4 {
		t.Fatalf("read back %d rules: %v", len(back.Rules), back.Rules)
	}
	if f, ign := back.Resolve("trump"); f != "Donald J. Trump" || ign {
		t.Errorf("Resolve(trump) = %q, %v", f, ign)
	}
	if _, ign := back.Resolve("GETTY IMAGES"); !ign {
		t.Error("Getty Images not ignored")
	}
	for _, bad := range []string{"merge\tA\n", "explode\tA\n", "ignore\tA\tB\n", "merge\tA\ta\n"} {
		if _, err := ReadAliasTSV(strings.NewReader(bad)); err == nil {
			t.Errorf("ReadAliasTSV(%q) accepted", bad)
		}
	}
	// Cycles stop.
	var cyc AliasTable
	cyc.Set(AliasRule{Action: AliasMerge, Name: "A", Target: "B"})
	cyc.Set(AliasRule{Action: AliasMerge, Name: "B", Target: "A"})
	if f, _ := cyc.Resolve("A"); f != "A" && f != "B" {
		t.Errorf("cycle resolved to %q", f)
	}
}

func FuzzReadAliasTSV(f *testing.F) {
	f.Add("merge\tObama\tBarack Obama\nignore\tX\n# c\n")
	f.Add("split\tU.S.\r\n")
	f.Fuzz(func(t *testing.T, s string) {
		tab, err := ReadAliasTSV(strings.NewReader(s))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := WriteAliasTSV(&buf, tab); err != nil {
			t.Fatal(err)
		}
		back, err := ReadAliasTSV(&buf)
		if err != nil {
			t.Fatalf("round trip: %v\n%s", err, buf.String())
		}
		if len(back.Rules) != len(tab.Rules) {
			t.Fatalf("round trip lost rules: %v vs %v", tab.Rules, back.Rules)
		}
	})
}

func TestMeasureProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 20000; i++ {
		n := 1 + r.IntN(1000)
		a := r.IntN(n + 1)
		b := r.IntN(n + 1)
		lo := max(0, a+b-n)
		hi := min(a, b)
		ab := lo
		if hi > lo {
			ab = lo + r.IntN(hi-lo+1)
		}
		tab := Table{N: n, A: a, B: b, AB: ab}
		sym := Table{N: n, A: b, B: a, AB: ab}
		if !tab.Valid() {
			t.Fatalf("generated invalid %+v", tab)
		}
		for _, m := range Measures {
			x, y := tab.Score(m, ab), sym.Score(m, ab)
			if x != y && !(math.IsInf(x, -1) && math.IsInf(y, -1)) && math.Abs(x-y) > 1e-9*math.Max(1, math.Abs(x)) {
				t.Fatalf("%s not symmetric on %+v: %v vs %v", m, tab, x, y)
			}
		}
		if v := tab.NPMI(); v < -1 || v > 1 || math.IsNaN(v) {
			t.Fatalf("NPMI %v out of range on %+v", v, tab)
		}
		if v := tab.G2(); v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("G2 %v on %+v", v, tab)
		}
		if v := tab.Jaccard(); v < 0 || v > 1 || math.IsNaN(v) {
			t.Fatalf("Jaccard %v on %+v", v, tab)
		}
		if v := tab.PMI(); math.IsNaN(v) {
			t.Fatalf("PMI NaN on %+v", tab)
		}
	}
}

func TestMeasureValues(t *testing.T) {
	// Independent: P(a)=P(b)=1/2, P(ab)=1/4 → PMI 0, NPMI 0, G² 0.
	ind := Table{N: 100, A: 50, B: 50, AB: 25}
	if math.Abs(ind.PMI()) > 1e-12 || math.Abs(ind.NPMI()) > 1e-12 || ind.G2() > 1e-9 {
		t.Errorf("independent table: pmi %v npmi %v g2 %v", ind.PMI(), ind.NPMI(), ind.G2())
	}
	// Always together.
	tog := Table{N: 100, A: 10, B: 10, AB: 10}
	if tog.NPMI() != 1 || tog.Jaccard() != 1 || tog.G2() <= 0 {
		t.Errorf("together: npmi %v jaccard %v g2 %v", tog.NPMI(), tog.Jaccard(), tog.G2())
	}
	// Never together.
	never := Table{N: 100, A: 10, B: 10, AB: 0}
	if never.NPMI() != -1 || never.Jaccard() != 0 || !math.IsInf(never.PMI(), -1) {
		t.Errorf("never: npmi %v jaccard %v pmi %v", never.NPMI(), never.Jaccard(), never.PMI())
	}
	// A hand-computed G²: k = [[10,0],[0,90]].
	want := 2 * (10*math.Log(10/(10.0*10/100)) + 90*math.Log(90/(90.0*90/100)))
	if math.Abs(tog.G2()-want) > 1e-9 {
		t.Errorf("G2 = %v, want %v", tog.G2(), want)
	}
	for _, m := range []string{"", "NPMI", "llr", "jaccard"} {
		if _, err := ParseMeasure(m); err != nil {
			t.Errorf("ParseMeasure(%q): %v", m, err)
		}
	}
	if _, err := ParseMeasure("tfidf"); err == nil {
		t.Error("ParseMeasure accepted tfidf")
	}
}

func TestCooccurPairCounter(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var pc PairCounter
	want := map[uint64]int{}
	for d := 0; d < 3000; d++ {
		ids := make([]uint32, r.IntN(12))
		for i := range ids {
			ids[i] = uint32(r.IntN(300)) * 70001 % 1000003
		}
		ids = SortedSet(ids)
		pc.AddSet(ids)
		for i := range ids {
			for j := i + 1; j < len(ids); j++ {
				want[PairKey(ids[i], ids[j])]++
			}
		}
	}
	got := map[uint64]int{}
	last := uint64(0)
	pc.Counts(func(k uint64, n int) {
		if k < last {
			t.Fatal("keys not in order")
		}
		last = k
		got[k] = n
	})
	if !reflect.DeepEqual(got, want) {
		t.Errorf("pair counts differ: %d vs %d pairs", len(got), len(want))
	}
	if a, b := UnpackPair(PairKey(9, 4)); a != 4 || b != 9 {
		t.Errorf("UnpackPair = %d, %d", a, b)
	}
}

func BenchmarkCooccurPairCounter(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	docs := make([][]uint32, 5000)
	for i := range docs {
		ids := make([]uint32, 5+r.IntN(30))
		for j := range ids {
			ids[j] = uint32(r.ExpFloat64() * 3000)
		}
		docs[i] = SortedSet(ids)
	}
	var pc PairCounter
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		pc.Reset()
		for _, d := range docs {
			pc.AddSet(d)
		}
		n := 0
		pc.Counts(func(uint64, int) { n++ })
	}
}

func BenchmarkEntitiesExtract(b *testing.B) {
	a := Article{Title: "Obama meets Putin in Moscow",
		Body: strings.Repeat("President Barack Obama met Vladimir Putin in Moscow on Monday. Obama said the United Nations (UN) and the U.S. agree. ", 20)}
	b.SetBytes(int64(len(a.Body)))
	for i := 0; i < b.N; i++ {
		x := a
		ExtractEntities(&x)
	}
}

// BenchmarkExtractEntities runs ExtractEntities over 200 real articles of
// shared/data/stories-dev (title and body); ns/article is per article and
// MB/s counts title and body bytes.
func BenchmarkExtractEntities(b *testing.B) {
	root := sharedData(b, "stories-dev")
	var paths []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".txt") {
			paths = append(paths, p)
		}
		return nil
	})
	sort.Strings(paths)
	if len(paths) == 0 {
		b.Skipf("no articles under %s", root)
	}
	step := max(len(paths)/200, 1)
	var arts []Article
	size := 0
	for k := 0; k < len(paths) && len(arts) < 200; k += step {
		data, err := os.ReadFile(paths[k])
		if err != nil {
			b.Fatal(err)
		}
		title, body, _ := strings.Cut(string(data), "\n\n")
		arts = append(arts, Article{Title: title, Body: body})
		size += len(title) + len(body)
	}
	ExtractEntities(&Article{Body: "Warm up."})
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k := range arts {
			x := arts[k]
			ExtractEntities(&x)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(arts)), "ns/article")
}
