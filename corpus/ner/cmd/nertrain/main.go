// Command nertrain trains the Parallax named-entity model.
//
// Run it from the repository root:
//
//	go run ./corpus/ner/cmd/nertrain
//
// It reads CoNLL-2003 train data and unlabelled news text from the shared
// data directory (default ../shared/data), learns word clusters and case
// statistics from the unlabelled text, trains an averaged structured
// perceptron and writes corpus/ner/model.gz. Training is deterministic for
// a given seed and data; it takes about a minute of CPU (most of it reading
// and clustering the 42M unlabelled tokens). The allsides-37k.tar.xz archive
// is decompressed by the xz tool, which must be on PATH (the standard
// library has no xz reader). Use -lexicon-cache FILE to build the
// unlabelled-text lexicon once and reuse it while experimenting, and -dev to
// print the dev score after every epoch.
package main

import (
	"archive/tar"
	"bytes"
	"flag"
	"fmt"
	"io"
	"iter"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/parallax-research/parallax/corpus/ner"
)

func main() {
	data := flag.String("data", filepath.Join("..", "shared", "data"), "shared data directory (relative to the repository root)")
	out := flag.String("out", filepath.Join("corpus", "ner", "model.gz"), "output model file")
	epochs := flag.Int("epochs", 8, "perceptron epochs")
	seed := flag.Int64("seed", 1, "random seed")
	bits := flag.Uint("bits", 21, "log2 of hashed feature buckets")
	scheme := flag.String("scheme", "BILOU", "tagging scheme: BIO or BILOU")
	prune := flag.Float64("prune", 0.5, "drop averaged weights smaller than this in magnitude")
	maxTokens := flag.Int("unlabelled-tokens", 100_000_000, "unlabelled tokens for clusters and case statistics (0: none)")
	clusterWords := flag.Int("cluster-words", 30_000, "most frequent words clustered by k-means (the rest join the nearest cluster)")
	lexCache := flag.String("lexicon-cache", "", "optional file to read/write the unlabelled-text lexicon (skips rebuilding)")
	titleCase := flag.Float64("titlecase", 0.5, "fraction of training documents added again with title-cased headlines")
	dev := flag.Bool("dev", false, "score the dev split after every epoch (reporting only)")
	flag.Parse()
	log.SetFlags(0)
	start := time.Now()

	train, err := readCoNLL(filepath.Join(*data, "conll2003", "train.iob2"))
	if err != nil {
		log.Fatal(err)
	}
	opt := ner.TrainOptions{Epochs: *epochs, Seed: *seed, Bits: *bits, Scheme: *scheme, TitleCase: *titleCase, Log: os.Stderr}
	if *dev {
		if opt.Dev, err = readCoNLL(filepath.Join(*data, "conll2003", "dev.iob2")); err != nil {
			log.Fatal(err)
		}
	}
	if *maxTokens > 0 {
		lex, err := lexicon(*data, *lexCache, ner.LexiconOptions{MaxTokens: *maxTokens, ClusterWords: *clusterWords, Seed: *seed, Log: os.Stderr})
		if err != nil {
			log.Fatal(err)
		}
		opt.Lexicon = lex
		log.Printf("lexicon: %d words (%v)", lex.Len(), time.Since(start).Round(time.Second))
	}
	t, err := ner.Train(train, opt)
	if err != nil {
		log.Fatal(err)
	}
	var buf bytes.Buffer
	kept, err := t.WriteModel(&buf, float32(*prune))
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("wrote %s: %d bytes, %d weights, total time %v", *out, buf.Len(), kept, time.Since(start).Round(time.Second))
}

func readCoNLL(path string) ([]ner.Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ner.ReadCoNLL(f)
}

func lexicon(data, cache string, opt ner.LexiconOptions) (*ner.Lexicon, error) {
	if cache != "" {
		if f, err := os.Open(cache); err == nil {
			defer f.Close()
			return ner.ReadLexicon(f)
		}
	}
	var readErr error
	lex := ner.BuildLexicon(articles(filepath.Join(data, "allsides-37k.tar.xz"), &readErr), opt)
	if readErr != nil {
		return nil, readErr
	}
	if cache != "" {
		f, err := os.Create(cache)
		if err != nil {
			return nil, err
		}
		if _, err := lex.WriteTo(f); err != nil {
			f.Close()
			return nil, err
		}
		if err := f.Close(); err != nil {
			return nil, err
		}
	}
	return lex, nil
}

// articles streams the .txt members of an .tar.xz archive (decompressed by
// the xz tool, which the standard library lacks) in archive order.
func articles(path string, errp *error) iter.Seq[string] {
	return func(yield func(string) bool) {
		cmd := exec.Command("xz", "-dc", path)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			*errp = err
			return
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			*errp = fmt.Errorf("running xz (needed to read %s): %w", path, err)
			return
		}
		defer func() {
			stdout.Close()
			cmd.Process.Kill()
			cmd.Wait()
		}()
		tr := tar.NewReader(stdout)
		for {
			h, err := tr.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				*errp = err
				return
			}
			if h.Typeflag != tar.TypeReg || !strings.HasSuffix(h.Name, ".txt") {
				continue
			}
			b, err := io.ReadAll(tr)
			if err != nil {
				*errp = err
				return
			}
			if !yield(string(b)) {
				return
			}
		}
	}
}
