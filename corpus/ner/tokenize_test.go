package ner

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func texts(toks []Token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Text
	}
	return out
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want string // tokens joined by "|"
	}{
		{"", ""},
		{"Hello world.", "Hello|world|."},
		{`"I don't know," said Mr. Smith.`, `"|I|do|n't|know|,|"|said|Mr.|Smith|.`},
		{"The U.S. economy grew 3.5% in 1996.", "The|U.S.|economy|grew|3.5%|in|1996|."},
		{"It cost $1,000 (about 2.1 pct).", "It|cost|$1,000|(|about|2.1|pct|)|."},
		{"Mail john.doe@example.com or see https://example.com/a?b=1.", "Mail|john.doe@example.com|or|see|https://example.com/a?b=1|."},
		{"Obama's aides -- and the players' union -- met at 10:30 a.m. Tuesday.", "Obama|'s|aides|--|and|the|players|'|union|--|met|at|10:30|a.m.|Tuesday|."},
		{"J. R. R. Tolkien wrote it...", "J.|R.|R.|Tolkien|wrote|it|..."},
		{"Anglo-Dutch firm; Smith/Jones 24/7", "Anglo-Dutch|firm|;|Smith|/|Jones|24/7"},
		{"(AP Photo/Stephen B. Morton, File)", "(|AP|Photo|/|Stephen|B.|Morton|,|File|)"},
		{"“Quoted,” she said—twice.", "“|Quoted|,|”|she|said|—|twice|."},
		{"We can't and they won't.", "We|ca|n't|and|they|wo|n't|."},
		{"Why?! 'Fine', she said", "Why|?!|'|Fine|'|,|she|said"},
		{"O'Neill and D'Amato", "O'Neill|and|D'Amato"},
		{"the '90s and Inc. deals", "the|'90s|and|Inc.|deals"},
		{"Zürich’s mayor", "Zürich|’s|mayor"},
		{"end.", "end|."},
		{"-5 degrees, -- then", "-5|degrees|,|--|then"},
		{"Wait...what", "Wait|...|what"},
	}
	for _, tc := range tests {
		got := strings.Join(texts(Tokenize(tc.in)), "|")
		if got != tc.want {
			t.Errorf("Tokenize(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

func TestTokenizeOffsets(t *testing.T) {
	in := "  Dr. Smith\tmet\n\nMs. Jones’ aide, who’s 30.  "
	for _, tk := range Tokenize(in) {
		if in[tk.Start:tk.End] != tk.Text {
			t.Errorf("token %q at [%d,%d) is %q", tk.Text, tk.Start, tk.End, in[tk.Start:tk.End])
		}
	}
}

func TestSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"One sentence", []string{"One sentence"}},
		{"Mr. Smith went to Washington. He met Dr. Jones.", []string{"Mr. Smith went to Washington.", "He met Dr. Jones."}},
		{"He moved to the U.S. The move was hard.", []string{"He moved to the U.S.", "The move was hard."}},
		{"The U.S. Senate voted. It passed.", []string{"The U.S. Senate voted.", "It passed."}},
		{"J. R. R. Tolkien wrote it. Fans cheered!", []string{"J. R. R. Tolkien wrote it.", "Fans cheered!"}},
		{`"Why?" he asked. "Because."`, []string{`"Why?" he asked.`, `"Because."`}},
		{`She said "no." Then she left.`, []string{`She said "no."`, "Then she left."}},
		{"Title without period\n\nBody starts here. Second one.", []string{"Title without period", "Body starts here.", "Second one."}},
		{"It opened on Jan. 5 in St. Louis. Prices fell (sharply.) Next", []string{"It opened on Jan. 5 in St. Louis.", "Prices fell (sharply.)", "Next"}},
		{"Growth was 3.5 percent. Analysts agreed.", []string{"Growth was 3.5 percent.", "Analysts agreed."}},
		{"he said. and then", []string{"he said. and then"}},
		{"Works for Apple Inc. The company said so.", []string{"Works for Apple Inc.", "The company said so."}},
	}
	for _, tc := range tests {
		var got []string
		for _, r := range Sentences(tc.in) {
			got = append(got, tc.in[r[0]:r[1]])
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Sentences(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{
		"Hello, world.", "U.S. e-mail a@b.co 3.5% don't", "“Quoted,” she said—twice...",
		"\n\nMr. J. Smith's\t(1,000)", "'''", "--", "a.b.c.", "\xff\xfe", "x@y.z.", "http://",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks := Tokenize(s)
		prevEnd := 0
		for _, tk := range toks {
			if tk.Start < prevEnd || tk.End <= tk.Start || tk.End > len(s) {
				t.Fatalf("bad offsets %d..%d after %d in %q", tk.Start, tk.End, prevEnd, s)
			}
			if s[tk.Start:tk.End] != tk.Text {
				t.Fatalf("Text %q != s[%d:%d] %q", tk.Text, tk.Start, tk.End, s[tk.Start:tk.End])
			}
			if utf8.ValidString(s) && !utf8.ValidString(tk.Text) {
				t.Fatalf("token %q splits a rune", tk.Text)
			}
			prevEnd = tk.End
		}
		prevEnd = 0
		for _, r := range Sentences(s) {
			if r[0] < prevEnd || r[1] <= r[0] || r[1] > len(s) {
				t.Fatalf("bad sentence range %v after %d in %q", r, prevEnd, s)
			}
			prevEnd = r[1]
		}
	})
}

func BenchmarkTokenize(b *testing.B) {
	text := strings.Repeat(`The U.S. economy grew 3.5% in 1996, Mr. Smith said on Tuesday. "We don't know," he added. `, 20)
	n := len(Tokenize(text))
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Tokenize(text)
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "tokens/s")
}
