package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MakeID returns the article id: the first 12 bytes (24 hex digits) of the
// SHA-256 of the normalised title and body. Exact duplicates (same words,
// different whitespace or case) get the same id, so they are stored once.
func MakeID(title, body string) string {
	h := sha256.New()
	h.Write([]byte(NormalizeForHash(title)))
	h.Write([]byte{0})
	h.Write([]byte(NormalizeForHash(body)))
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// NormalizeForHash lower-cases s and collapses every run of spaces and
// punctuation into one space.
func NormalizeForHash(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			// ASCII: the same tests, without decoding.
			i++
			switch {
			case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
				b.WriteByte(c)
				space = false
			case 'A' <= c && c <= 'Z':
				b.WriteByte(c + 'a' - 'A')
				space = false
			case !space:
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
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
