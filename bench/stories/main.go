package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/parallax-research/parallax/corpus"
	"github.com/parallax-research/parallax/eval/stories/dataset"
	"github.com/parallax-research/parallax/index"
)

func main() {
	queries := flag.Int("queries", 200, "similar queries to time")
	newArts := flag.Int("new", 1000, "articles imported for the incremental figure")
	flag.Parse()
	logf := func(f string, a ...any) { fmt.Fprintf(os.Stderr, f+"\n", a...) }
	shared, err := dataset.SharedDir()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench-stories skipped:", err)
		os.Exit(0)
	}
	if err := run(shared, *queries, *newArts, logf); err != nil {
		fmt.Fprintln(os.Stderr, "bench-stories:", err)
		os.Exit(1)
	}
}

func run(shared string, queries, newArts int, logf func(string, ...any)) error {
	ctx := context.Background()
	src, err := dataset.Unpack(shared, logf)
	if err != nil {
		return err
	}
	c, err := dataset.Open(ctx, "allsides-37k", src, logf)
	if err != nil {
		return err
	}
	cached := c.Dir()
	c.Close()
	work, err := os.MkdirTemp(dataset.CacheDir(), "bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	copyDir := filepath.Join(work, "corpus")
	logf("copying the cached corpus to %s...", copyDir)
	if out, err := exec.Command("cp", "-a", cached, copyDir).CombinedOutput(); err != nil {
		return fmt.Errorf("cp: %v: %s", err, out)
	}
	os.Remove(filepath.Join(copyDir, "lock"))
	c, err = index.Open(copyDir, index.Options{})
	if err != nil {
		return err
	}
	defer c.Close()
	n := c.Count()
	fmt.Printf("corpus: %d articles (copy of %s)\n", n, cached)

	t := time.Now()
	if _, err := c.TermStats(ctx); err != nil {
		return err
	}
	fmt.Printf("similarity index load/build: %s\n", time.Since(t).Round(time.Millisecond))

	// Pick query articles and two ~1,500-word articles.
	var ids []string
	var long []string
	c.ForEach(func(a *corpus.Article) error {
		ids = append(ids, a.ID)
		if w := corpus.CountWords(a.Body); w >= 1400 && w <= 1600 && len(long) < 2 {
			long = append(long, a.ID)
		}
		return nil
	})
	rng := rand.New(rand.NewSource(1))
	rng.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })

	// similar
	var ds []time.Duration
	for _, id := range ids[:min(queries, len(ids))] {
		a, err := c.Article(id)
		if err != nil {
			return err
		}
		t := time.Now()
		if _, err := c.Similar(ctx, a, 10, corpus.DefaultDays, false); err != nil {
			return err
		}
		ds = append(ds, time.Since(t))
	}
	fmt.Printf("similar: %d queries on %d articles: mean %s, p50 %s, p95 %s (target < 100ms on 100k; see BenchmarkSimilar100k)\n",
		len(ds), n, mean(ds), pct(ds, 50), pct(ds, 95))

	// compare
	if len(long) == 2 {
		a, _ := c.Article(long[0])
		b, _ := c.Article(long[1])
		prior, _ := c.TermStats(ctx)
		ds = ds[:0]
		for range 20 {
			t := time.Now()
			corpus.Compare([]*corpus.Article{a, b}, prior)
			ds = append(ds, time.Since(t))
		}
		fmt.Printf("compare: two articles of %d and %d words: mean %s, p95 %s (target < 50ms)\n",
			corpus.CountWords(a.Body), corpus.CountWords(b.Body), mean(ds), pct(ds, 95))
	}

	// stories from scratch
	if err := c.ResetStories(); err != nil {
		return err
	}
	t = time.Now()
	stories, err := c.Stories(ctx, corpus.StoryDays, 1)
	if err != nil {
		return err
	}
	fmt.Printf("stories from scratch: %d articles into %d stories in %s (target < 1 min)\n", n, len(stories), time.Since(t).Round(time.Millisecond))

	// incremental: import newArts new articles, then ask for stories again.
	dir := filepath.Join(work, "new")
	if err := writeNew(c, ids, newArts, dir, rng); err != nil {
		return err
	}
	t = time.Now()
	im := c.NewImporter(nil, nil)
	if im.Analyze == nil {
		im.Analyze = corpus.ExtractEntities
	}
	p, err := im.Import(ctx, c, dir)
	if err != nil {
		return err
	}
	imp := time.Since(t)
	t = time.Now()
	after, err := c.Stories(ctx, corpus.StoryDays, 1)
	if err != nil {
		return err
	}
	fmt.Printf("incremental: %d new articles (import %s) assigned in %s: %d stories now (target < 5s)\n",
		p.Articles, imp.Round(time.Millisecond), time.Since(t).Round(time.Millisecond), len(after))
	return nil
}

// writeNew writes n new articles made from stored ones (paragraphs
// shuffled, a new title and the next day's date) under dir/<outlet>/.
func writeNew(c *index.Corpus, ids []string, n int, dir string, rng *rand.Rand) error {
	written := 0
	for _, id := range ids {
		if written >= n {
			break
		}
		a, err := c.Article(id)
		if err != nil || !a.Dated() || len(a.Body) < 500 {
			continue
		}
		paras := strings.Split(a.Body, "\n\n")
		rng.Shuffle(len(paras), func(i, j int) { paras[i], paras[j] = paras[j], paras[i] })
		outlet := strings.Map(func(r rune) rune {
			if r == '/' || r == ' ' {
				return '_'
			}
			return r
		}, a.Outlet)
		name := filepath.Join(dir, outlet, fmt.Sprintf("%s-update-%d.txt", a.Published.AddDate(0, 0, 1).Format("2006-01-02"), written))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return err
		}
		text := "Update: " + a.Title + "\n\n" + strings.Join(paras, "\n\n") + "\n"
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			return err
		}
		written++
	}
	return nil
}

func mean(ds []time.Duration) time.Duration {
	var s time.Duration
	for _, d := range ds {
		s += d
	}
	return (s / time.Duration(max(len(ds), 1))).Round(10 * time.Microsecond)
}

func pct(ds []time.Duration, p int) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[min(len(s)-1, len(s)*p/100)].Round(10 * time.Microsecond)
}
