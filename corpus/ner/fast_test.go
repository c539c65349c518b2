package ner

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// TestFastMatchesReference checks that the tagging path (word cache,
// feature tables, decoder) gives exactly the labels of the featurizer the
// model was trained with, on CoNLL dev documents and on real news text.
func TestFastMatchesReference(t *testing.T) {
	tg := Default()
	var docs [][][]string
	for _, d := range readDev(t) {
		docs = append(docs, d.Sentences)
	}
	for _, body := range newsBodies(t, 150) {
		toks := Tokenize(body)
		var sents [][]string
		for _, g := range sentenceGroups(body, toks) {
			var s []string
			for _, tk := range toks[g[0]:g[1]] {
				s = append(s, tk.Text)
			}
			sents = append(sents, s)
		}
		docs = append(docs, sents)
	}
	// Title-cased and ALL-CAPS variants exercise the other sentence styles.
	docs = append(docs, [][]string{
		strings.Fields("OBAMA MEETS PUTIN IN MOSCOW AS KREMLIN HAILS TALKS"),
		strings.Fields("Obama Meets Putin In Moscow As Kremlin Hails Talks"),
		strings.Fields("\" Obama met Putin in Moscow , \" the Kremlin said ."),
	})
	dt := newDocTagger(tg.m, tg.tb, &tg.wc)
	ref := newDocTagger(tg.m, tg.tb, &tg.wc)
	ntok := 0
	for k, sents := range docs {
		got, want := dt.tagDoc(sents), ref.tagDocRef(sents)
		for j := range want {
			if len(want[j]) == 0 && len(got[j]) == 0 {
				continue
			}
			if !reflect.DeepEqual(got[j], want[j]) {
				t.Fatalf("doc %d sentence %d %q:\nfast %v\nref  %v", k, j, sents[j], got[j], want[j])
			}
			ntok += len(want[j])
		}
	}
	t.Logf("%d documents, %d tokens: same labels", len(docs), ntok)
}

// TestDecoderMatchesViterbi compares the pruning decoder with plain
// Viterbi on random scores, including near ties.
func TestDecoderMatchesViterbi(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, scheme := range []int{schemeBIO, schemeBILOU} {
		ls := newLabelSet(scheme)
		L := ls.n
		for round := 0; round < 300; round++ {
			trans := make([]float32, (L+1)*L)
			for k := range trans {
				trans[k] = float32(rng.NormFloat64() * 5)
			}
			if round%3 == 0 {
				// Coarse values make ties likely.
				for k := range trans {
					trans[k] = float32(math.Round(float64(trans[k])))
				}
			}
			d := newDecoder(ls, trans)
			n := 1 + rng.IntN(30)
			emit := make([]float32, n*L)
			for k := range emit {
				emit[k] = float32(rng.NormFloat64() * 10)
				if round%3 == 0 {
					emit[k] = float32(math.Round(float64(emit[k])))
				}
			}
			var vb1, vb2 viterbiBuf
			want := viterbi(ls, trans, emit, n, &vb1, nil)
			got := d.decode(emit, n, &vb2, nil)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("scheme %d round %d: decode %v, viterbi %v", scheme, round, got, want)
			}
		}
	}
}

// TestWordCacheConcurrentSameOutput tags news bodies from several
// goroutines sharing one fresh word cache and compares with serial output.
func TestWordCacheConcurrentSameOutput(t *testing.T) {
	tg := Default()
	bodies := newsBodies(t, 40)
	want := make([][]Mention, len(bodies))
	for k, b := range bodies {
		want[k] = tg.Extract(b)
	}
	fresh, err := LoadTagger(embeddedModel)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 4)
	for g := 0; g < 4; g++ {
		go func(g int) {
			for r := 0; r < 3; r++ {
				for k := range bodies {
					k := (k + g*7) % len(bodies)
					if got := fresh.Extract(bodies[k]); !reflect.DeepEqual(got, want[k]) {
						done <- fmt.Errorf("body %d: different mentions", k)
						return
					}
				}
			}
			done <- nil
		}(g)
	}
	for g := 0; g < 4; g++ {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}
