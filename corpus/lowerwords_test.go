package corpus

import (
	"maps"
	"math/rand"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// lowerWordSetRef is the definition lowerWordSet implements without
// joining the texts or splitting them into a slice.
func lowerWordSetRef(text string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' }) {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLower(r) {
			set[strings.Trim(w, "'’")] = true
		}
	}
	return set
}

func TestLowerWordSetMatchesDefinition(t *testing.T) {
	pieces := []string{"the", "The", "o'neil", "'tis", "rock’n’roll", "’", "'", "élan", "Élan", "straße", "ǅemal",
		"x2y", "a_b", "-", " ", "\n", "\n\n", ".", "\xff", "\xe2\x80", "İstanbul", "ı", "ΣΟΦΙΑ", "σοφία", "数据", "mañana", "9th"}
	rng := rand.New(rand.NewSource(1))
	for n := 0; n < 3000; n++ {
		var parts [3]string
		for k := range parts {
			var sb strings.Builder
			for i := rng.Intn(12); i > 0; i-- {
				sb.WriteString(pieces[rng.Intn(len(pieces))])
			}
			parts[k] = sb.String()
		}
		want := lowerWordSetRef(parts[0] + "\n" + parts[1] + "\n" + parts[2])
		if got := lowerWordSet(parts[0], parts[1], parts[2]); !maps.Equal(got, want) {
			t.Fatalf("%q: got %v, want %v", parts, got, want)
		}
	}
}
