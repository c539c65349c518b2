package corpus

import (
	"hash/fnv"
	"strings"
	"testing"
	"unicode"
)

// refBoilerplateKey is the straightforward form of boilerplateKey: build
// the normalised string, then hash it.
func refBoilerplateKey(p string) (uint64, bool, bool) {
	p = strings.TrimSpace(p)
	if p == "" || len(p) > BoilerplateMaxLen {
		return 0, false, false
	}
	var b strings.Builder
	space, digit, letter := true, false, false
	words := 0
	for _, r := range p {
		switch {
		case unicode.IsLetter(r):
			if space {
				words++
			}
			b.WriteRune(unicode.ToLower(r))
			space, digit, letter = false, false, true
		case unicode.IsDigit(r):
			if space {
				words++
			}
			if !digit {
				b.WriteByte('#')
			}
			space, digit = false, true
		default:
			if !space {
				b.WriteByte(' ')
			}
			space, digit = true, false
		}
	}
	if !letter {
		return 0, false, false
	}
	f := fnv.New64a()
	f.Write([]byte(strings.TrimSpace(b.String())))
	return f.Sum64(), words <= BoilerplateShortWords, true
}

var hotpathSamples = []string{
	"", " ", "...", "123", "a", "Copyright 2019 The Washington Times, LLC.", "Copyright 2020 — The Washington Times, LLC!!",
	"  Sign up for Daily Newsletters  ", "CLICK HERE TO GET THE FOX NEWS APP", "Ça coûte 12,50 € — ÉTÉ 2020.",
	"Straße 9a/9b; ŁÓDŹ", "x1y22z333", "tab\tand\u00a0nbsp\u2003em space", "ends with digits 2020", "2020 starts with digits",
	"(Reporting by Jane Doe; Editing by John Roe)", "FILE - In this photo, a man walks.", "In this Jan. 5, 2020, photo, people wait, AP says",
	"This image provided by NASA shows the moon", "Photo: Reuters", "thiſ image shows", "Top image: a crowd", "Caption: the scene",
	"(L-R) Smith and Jones", "Clockwise from top left: A, B, C", "l-r: A and B", "Image copyright Getty Images", "ſ",
	"The president said on Tuesday that he would veto the bill.", "He said.", "  leading", "trailing  ", "double  space", "new\nline",
	"\u2028sep", "Ünïcödé wörds and ÀÉÎ", "Featured image: the mayor", "Main photo: x", "Header image: y", "Lead photo: z", "Cover photo: w",
	strings.Repeat("long line of text ", 30),
}

func TestBoilerplateKeyMatchesReference(t *testing.T) {
	for _, s := range hotpathSamples {
		h, short, ok := boilerplateKey(s)
		rh, rshort, rok := refBoilerplateKey(s)
		if h != rh || short != rshort || ok != rok {
			t.Errorf("boilerplateKey(%q) = %x %v %v, reference %x %v %v", s, h, short, ok, rh, rshort, rok)
		}
	}
}

func TestClCollapseMatchesFields(t *testing.T) {
	for _, s := range append(hotpathSamples, "a b", " a", "a ", "a\u0085b", "a\u3000b", "\xffbad utf8 \xfe", "a\u200bb") {
		if got, want := clCollapse(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("clCollapse(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestCaptionLeadPossible checks the quick test never rules out a
// paragraph that the caption lead expressions match.
func TestCaptionLeadPossible(t *testing.T) {
	for _, re := range []*lazyRegexp{captionPrefixRe, captionPhotoLeadRe} {
		for _, s := range hotpathSamples {
			for _, v := range []string{s, strings.ToUpper(s), strings.ToLower(s)} {
				if re.MatchString(v) && !captionLeadPossible(v) {
					t.Errorf("%q matches %v but captionLeadPossible says no", v, re)
				}
			}
		}
	}
	// Every literal opening of the expressions' alternatives.
	for _, s := range []string{"(Left) x", "From left: a", "from right, a", "Left to right: a", "Right to left: a", "L-R: a",
		"L to R: a", "Clockwise from top left: a", "FILE - a", "FILE_a", "File photo: a", "Image copyright x", "Image caption x",
		"Media playback is unsupported on your device", "Media caption x", "Enlarge this image", "Toggle caption", "Photo gallery",
		"Photo: x", "Photograph: x", "Picture: x", "Image: x", "Caption: x", "In this March 3 photo, a man waits,",
		"This photo provided by x shows", "Cover image: x", "Top photo: x", "Header picture: x", "Lead image: x",
		"Featured photo: x", "Main image: x"} {
		if !captionPrefixRe.MatchString(s) && !captionPhotoLeadRe.MatchString(s) {
			t.Errorf("sample %q matches neither expression", s)
		}
		if !captionLeadPossible(s) {
			t.Errorf("captionLeadPossible(%q) = false", s)
		}
	}
}

func TestNormalizeForHashMatchesReference(t *testing.T) {
	ref := func(s string) string {
		var b strings.Builder
		space := true
		for _, r := range s {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.WriteRune(unicode.ToLower(r))
				space = false
			} else if !space {
				b.WriteByte(' ')
				space = true
			}
		}
		return strings.TrimSpace(b.String())
	}
	for _, s := range append(hotpathSamples, "\xffbad\xfe utf8", "A_B-C@D[E]F`G{H}", "ÀB\u00a0c") {
		if got, want := NormalizeForHash(s), ref(s); got != want {
			t.Errorf("NormalizeForHash(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestReadAllSized(t *testing.T) {
	text := strings.Repeat("0123456789", 1000)
	for _, size := range []int64{0, 1, 2, 100, 9999, 10000, 10001, 20000} {
		got, err := readAllSized(strings.NewReader(text), size)
		if err != nil || string(got) != text {
			t.Errorf("readAllSized(size %d) = %d bytes, %v", size, len(got), err)
		}
	}
}
