package ner

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// toyDocs builds a small labelled corpus from templates.
func toyDocs() []Document {
	people := []string{"John Smith", "Mary Jones", "Ahmed Khan", "Li Wei", "Anna Berg"}
	places := []string{"Paris", "Berlin", "Cairo", "Lima", "Oslo"}
	orgs := []string{"Acme Corp", "Globex", "United Nations", "Reuters", "Initech"}
	var docs []Document
	for d := 0; d < 20; d++ {
		var doc Document
		for k := 0; k < 5; k++ {
			p, l, o := people[(d+k)%5], places[(d*3+k)%5], orgs[(d*7+k)%5]
			var words, tags []string
			add := func(phrase, typ string) {
				for i, w := range strings.Fields(phrase) {
					words = append(words, w)
					switch {
					case typ == "":
						tags = append(tags, "O")
					case i == 0:
						tags = append(tags, "B-"+typ)
					default:
						tags = append(tags, "I-"+typ)
					}
				}
			}
			add(p, "PER")
			add("of", "")
			add(o, "ORG")
			add("flew to", "")
			add(l, "LOC")
			add("on Monday .", "")
			doc.Sentences = append(doc.Sentences, words)
			doc.Tags = append(doc.Tags, tags)
		}
		docs = append(docs, doc)
	}
	return docs
}

func TestTrainSmall(t *testing.T) {
	docs := toyDocs()
	var texts []string
	for _, d := range docs {
		var b strings.Builder
		for _, s := range d.Sentences {
			b.WriteString(strings.Join(s, " "))
			b.WriteString("\n\n")
		}
		texts = append(texts, b.String())
	}
	lex := BuildLexicon(slices.Values(texts), LexiconOptions{MinCount: 1, Seed: 1})
	if lex.Len() == 0 {
		t.Fatal("empty lexicon")
	}
	var lb bytes.Buffer
	if _, err := lex.WriteTo(&lb); err != nil {
		t.Fatal(err)
	}
	lex2, err := ReadLexicon(&lb)
	if err != nil || !reflect.DeepEqual(lex2.words, lex.words) {
		t.Fatalf("lexicon round trip: %v", err)
	}
	for _, scheme := range []string{"BIO", "BILOU"} {
		tg, err := Train(docs, TrainOptions{Epochs: 3, Bits: 16, Scheme: scheme, Lexicon: lex, Seed: 1, TitleCase: 0.5})
		if err != nil {
			t.Fatal(err)
		}
		if s := Evaluate(tg, docs); s.Micro.F1() < 0.99 {
			t.Errorf("%s: training-set F1 %.3f\n%s", scheme, s.Micro.F1(), s.Report())
		}
		var buf bytes.Buffer
		if _, err := tg.WriteModel(&buf, 0); err != nil {
			t.Fatal(err)
		}
		tg2, err := LoadTagger(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if a, b := Evaluate(tg, docs), Evaluate(tg2, docs); a.Micro != b.Micro {
			t.Errorf("%s: saved model scores %+v, in-memory %+v", scheme, b.Micro, a.Micro)
		}
	}
	if _, err := Train(docs, TrainOptions{Scheme: "XYZ"}); err == nil {
		t.Error("unknown scheme accepted")
	}
}

func TestTitleCaseHeadlines(t *testing.T) {
	doc := Document{
		Sentences: [][]string{
			{"EU", "REJECTS", "GERMAN", "CALL", "TO", "BOYCOTT", "BRITISH", "LAMB", "."},
			{"The", "EU", "said", "German", "advice", "was", "wrong", "."},
		},
	}
	got := TitleCaseHeadlines(doc).Sentences[0]
	want := []string{"EU", "Rejects", "German", "Call", "to", "Boycott", "British", "Lamb", "."}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if fmt.Sprint(doc.Sentences[0]) == fmt.Sprint(got) {
		t.Error("original document modified")
	}
}
