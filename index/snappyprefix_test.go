package index

import (
	"bytes"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/golang/snappy"
)

// snappyPrefix gives the first bytes of what snappy.Decode gives, for
// literals and copies of every width, at every limit.
func TestSnappyPrefix(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	words := strings.Fields("the climate change summit in paris talks obama putin refugees border")
	var texts [][]byte
	for _, n := range []int{0, 1, 5, 60, 61, 300, 70000, 200000} {
		var b strings.Builder
		for b.Len() < n {
			b.WriteString(words[r.Intn(len(words))])
			b.WriteByte(' ')
		}
		texts = append(texts, []byte(b.String()[:n]))
		raw := make([]byte, n) // incompressible: long literals
		r.Read(raw)
		texts = append(texts, raw)
		texts = append(texts, bytes.Repeat([]byte("ab"), n/2)) // overlapping copies
	}
	for i, text := range texts {
		enc := snappy.Encode(nil, text)
		for _, limit := range []int{0, 1, 7, 64, 100, 1000, 4096, 65537, 1 << 20} {
			got, err := snappyPrefix(enc, limit)
			if err != nil {
				t.Fatalf("text %d (%d bytes), limit %d: %v", i, len(text), limit, err)
			}
			if want := text[:min(limit, len(text))]; !bytes.Equal(got, want) {
				t.Fatalf("text %d (%d bytes), limit %d: got %d bytes, not the text's first %d", i, len(text), limit, len(got), len(want))
			}
		}
	}
}

// A damaged block is an error, never a panic.
func TestSnappyPrefixDamaged(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	enc := snappy.Encode(nil, []byte(strings.Repeat("the climate change summit ", 200)))
	for i := 0; i < 5000; i++ {
		b := bytes.Clone(enc[:r.Intn(len(enc)+1)])
		if len(b) > 0 && i%2 == 0 {
			b[r.Intn(len(b))] = byte(r.Intn(256))
		}
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Fatalf("damaged block %d: panic %v", i, p)
				}
			}()
			snappyPrefix(b, r.Intn(8000))
		}()
	}
	for _, bad := range [][]byte{nil, {0xff}, {10}, {10, 0x01, 0x00}, {10, 0xf0}} {
		if _, err := snappyPrefix(bad, 100); err == nil {
			t.Errorf("%v: no error", fmt.Sprint(bad))
		}
	}
}
