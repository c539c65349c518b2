// Command nereval scores the Parallax named-entity model on the CoNLL-2003
// English dev split and measures tagging speed on one core.
//
// Run it from the repository root:
//
//	go run ./corpus/ner/cmd/nereval
//
// It prints per-type and micro precision/recall/F1 (entity-level exact
// match, like conlleval), tokens per second with GOMAXPROCS=1, and the
// model size.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/parallax-research/parallax/corpus/ner"
)

func main() {
	data := flag.String("data", filepath.Join("..", "shared", "data"), "shared data directory (relative to the repository root)")
	modelPath := flag.String("model", "", "model file (default: the embedded model)")
	split := flag.String("split", "dev", "CoNLL split to score (file <split>.iob2)")
	out := flag.String("o", "", "optionally write predictions as 'token gold pred' lines to this file")
	titleCase := flag.Bool("titlecase", false, "rewrite ALL-CAPS headlines in title case first (robustness check)")
	speed := flag.Duration("speed", 3*time.Second, "how long to measure tagging speed (0 to skip)")
	flag.Parse()
	log.SetFlags(0)

	t := ner.Default()
	size := ner.EmbeddedModelSize()
	name := "embedded model (corpus/ner/model.gz)"
	if *modelPath != "" {
		b, err := os.ReadFile(*modelPath)
		if err != nil {
			log.Fatal(err)
		}
		if t, err = ner.LoadTagger(b); err != nil {
			log.Fatal(err)
		}
		size, name = len(b), *modelPath
	}
	f, err := os.Open(filepath.Join(*data, "conll2003", *split+".iob2"))
	if err != nil {
		log.Fatal(err)
	}
	docs, err := ner.ReadCoNLL(f)
	f.Close()
	if err != nil {
		log.Fatal(err)
	}
	if *titleCase {
		for i := range docs {
			docs[i] = ner.TitleCaseHeadlines(docs[i])
		}
	}
	sc := ner.Evaluate(t, docs)
	fmt.Printf("model: %s, %d bytes (%.2f MB)\n", name, size, float64(size)/(1<<20))
	fmt.Printf("CoNLL-2003 %s: %d documents, %d tokens\n\n", *split, len(docs), sc.Tokens)
	fmt.Print(sc.Report())
	if *out != "" {
		if err := writePredictions(*out, t, docs); err != nil {
			log.Fatal(err)
		}
	}
	if *speed > 0 {
		prev := runtime.GOMAXPROCS(1)
		measure("TagTokens", *speed, func() int {
			n := 0
			for i := range docs {
				t.TagTokens(docs[i].Sentences)
				n += docs[i].Tokens()
			}
			return n
		})
		texts := make([]string, len(docs))
		ntok := 0
		for i := range docs {
			var b strings.Builder
			for _, s := range docs[i].Sentences {
				b.WriteString(strings.Join(s, " "))
				b.WriteString("\n\n")
			}
			texts[i] = b.String()
			ntok += len(ner.Tokenize(texts[i]))
		}
		measure("Extract (incl. tokenizing)", *speed, func() int {
			for i := range texts {
				t.Extract(texts[i])
			}
			return ntok
		})
		runtime.GOMAXPROCS(prev)
	}
}

// measure runs f repeatedly for about d and prints tokens per second of
// wall-clock time and of process CPU time (the latter is robust to other
// load on the machine).
func measure(name string, d time.Duration, f func() int) {
	runtime.GC()
	c0, cpuOK := cpuTime()
	start := time.Now()
	n := 0
	for time.Since(start) < d {
		n += f()
	}
	wall := time.Since(start)
	c1, _ := cpuTime()
	fmt.Printf("%s speed (GOMAXPROCS=1): %.0f tokens/s wall-clock", name, float64(n)/wall.Seconds())
	if cpuOK && c1 > c0 {
		fmt.Printf(", %.0f tokens/s of CPU time", float64(n)/(c1-c0).Seconds())
	}
	fmt.Println()
}

func writePredictions(path string, t *ner.Tagger, docs []ner.Document) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for i := range docs {
		pred := t.TagTokens(docs[i].Sentences)
		for k, s := range docs[i].Sentences {
			for j, tok := range s {
				fmt.Fprintf(w, "%s %s %s\n", tok, docs[i].Tags[k][j], pred[k][j])
			}
			w.WriteString("\n")
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
