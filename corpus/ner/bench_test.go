package ner

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// newsBodies returns up to max article bodies of the stories-dev set
// (real news text), in a fixed order, or skips when the data is absent.
func newsBodies(tb testing.TB, max int) []string {
	tb.Helper()
	dir := os.Getenv("PARALLAX_SHARED")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "data")
	}
	root := filepath.Join(dir, "stories-dev")
	var paths []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".txt") {
			paths = append(paths, p)
		}
		return nil
	})
	if len(paths) == 0 {
		tb.Skipf("stories-dev articles not found under %s (set PARALLAX_SHARED)", root)
	}
	sort.Strings(paths)
	// Spread the sample over all outlets.
	step := len(paths) / max
	if step < 1 {
		step = 1
	}
	var out []string
	for k := 0; k < len(paths) && len(out) < max; k += step {
		b, err := os.ReadFile(paths[k])
		if err != nil {
			tb.Fatal(err)
		}
		// Line 1 is the title, then a blank line, then the body.
		s := string(b)
		if i := strings.Index(s, "\n\n"); i >= 0 {
			s = s[i+2:]
		}
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// BenchmarkExtractNews runs Extract (tokenizing, sentence splitting and
// tagging) over 200 real article bodies; ns/article and ns/token are per
// body and per token.
func BenchmarkExtractNews(b *testing.B) {
	tg := Default()
	bodies := newsBodies(b, 200)
	size, ntok := 0, 0
	for _, s := range bodies {
		size += len(s)
		ntok += len(Tokenize(s))
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, s := range bodies {
			tg.Extract(s)
		}
	}
	ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(ns/float64(len(bodies)), "ns/article")
	b.ReportMetric(ns/float64(ntok), "ns/token")
}

// BenchmarkTokenizeNews is the tokenizer and sentence splitter alone.
func BenchmarkTokenizeNews(b *testing.B) {
	bodies := newsBodies(b, 200)
	size := 0
	for _, s := range bodies {
		size += len(s)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, s := range bodies {
			toks := Tokenize(s)
			sentenceGroups(s, toks)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(bodies)), "ns/article")
}
