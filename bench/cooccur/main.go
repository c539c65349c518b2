// Command cooccur measures entity co-occurrence speed, side by side in one
// run: the top 200 pairs over the whole corpus and over a query's result
// set of about 5,000 articles, on
//
//   - the real 37k AllSides corpus (../shared/data/allsides-37k.tar.xz),
//     imported with Parallax's full pipeline, entities from the embedded
//     tagger; and
//   - a SYNTHETIC 100k corpus: the 37k corpus's real per-article entity
//     lists duplicated with light perturbation (mentions dropped or swapped
//     for another entity of the corpus), with short synthetic texts. Its
//     entity lists are not produced by the tagger; it only measures the
//     pair counting at 100k articles.
//
// For each it prints the cold time (first query after opening the corpus:
// loads the entity tables) and the warm time (median of 5), next to the
// naive baseline (decode every article and count all pairs in a string
// map), which it checks the exact counts against.
//
// Run from the repository root: make bench-cooccur. Corpora are built
// once into -work and reused (delete the folder to rebuild).
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"time"

	"github.com/parallax-research/parallax/corpus"
	"github.com/parallax-research/parallax/index"
)

func main() {
	data := flag.String("data", filepath.Join("..", "shared", "data", "allsides-37k.tar.xz"), "the AllSides archive")
	src := flag.String("src", filepath.Join(os.TempDir(), "parallax-bench", "allsides-37k"), "where the archive is (or gets) extracted")
	work := flag.String("work", filepath.Join(os.TempDir(), "parallax-bench", "cooccur"), "where the bench corpora are built (kept between runs)")
	n := flag.Int("synthetic", 100000, "articles in the synthetic corpus")
	target := flag.Int("result", 5000, "size of the query result set to aim at")
	naive := flag.Bool("naive", true, "also run the naive baseline")
	flag.Parse()
	if err := run(*data, *src, *work, *n, *target, *naive); err != nil {
		fmt.Fprintln(os.Stderr, "bench-cooccur:", err)
		os.Exit(1)
	}
}

type row struct {
	corpus, scope       string
	articles            int
	cold, warm, naiveMS time.Duration
	warmNPMI            time.Duration
	cached              time.Duration // warm with the full entity cache loaded
	pairs               int
	exact               string
}

func run(data, src, work string, n, target int, naive bool) error {
	if _, err := os.Stat(filepath.Join(src, "manifest.tsv")); err != nil {
		if _, err := os.Stat(data); err != nil {
			return fmt.Errorf("no data: %s is missing (see ../shared/data/README.md)", data)
		}
		fmt.Fprintf(os.Stderr, "extracting %s into %s ...\n", data, src)
		os.MkdirAll(src, 0o755)
		cmd := exec.Command("tar", "-xJf", data, "-C", src)
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return err
		}
	}
	real := filepath.Join(work, "real-37k")
	if err := buildReal(real, src); err != nil {
		return err
	}
	syn := filepath.Join(work, fmt.Sprintf("synthetic-%dk", n/1000))
	if err := buildSynthetic(syn, real, n, target); err != nil {
		return err
	}
	var rows []row
	for _, cs := range []struct{ label, dir string }{
		{"real 37k (tagger entities)", real},
		{fmt.Sprintf("SYNTHETIC %dk (perturbed copies)", n/1000), syn},
	} {
		rs, err := measure(cs.label, cs.dir, target, naive)
		if err != nil {
			return err
		}
		rows = append(rows, rs...)
	}
	fmt.Printf("\nTop-200 co-occurring entity pairs (doc window, count), %d CPU(s):\n\n", runtime.GOMAXPROCS(0))
	fmt.Printf("%-34s %-28s %9s %10s %10s %14s %10s %12s %7s  %s\n", "corpus", "scope", "articles", "cold", "warm", "warm npmi/sent", "cached", "naive map", "pairs", "exact")
	for _, r := range rows {
		nv := "-"
		if r.naiveMS > 0 {
			nv = r.naiveMS.Round(time.Millisecond).String()
		}
		fmt.Printf("%-34s %-28s %9d %10v %10v %14v %10v %12s %7d  %s\n", r.corpus, r.scope, r.articles,
			r.cold.Round(100*time.Microsecond), r.warm.Round(100*time.Microsecond), r.warmNPMI.Round(100*time.Microsecond),
			r.cached.Round(100*time.Microsecond), nv, r.pairs, r.exact)
	}
	fmt.Println("\ncold = first query after opening the corpus (reads the stored pair counts and the name records' stats, or")
	fmt.Println("the matching articles' entity records, not the whole entity cache);")
	fmt.Println("warm = median of 5 later queries; warm npmi/sent = median of 3, ranked by NPMI over sentence windows;")
	fmt.Println("cached = median of 5 once the full entity cache is loaded (by an entity list);")
	fmt.Println("naive map = decode every article and count all pairs in a string map (also checks the counts: exact).")
	fmt.Println("Targets at 100k: whole < 500 ms, 5k result < 150 ms.")
	return nil
}

// buildReal imports the 37k corpus with the full pipeline once.
func buildReal(dir, src string) error {
	if _, err := os.Stat(filepath.Join(dir, "done")); err == nil {
		return nil
	}
	os.RemoveAll(dir)
	c, err := index.Open(dir, index.Options{Create: true})
	if err != nil {
		return err
	}
	defer c.Close()
	fmt.Fprintf(os.Stderr, "importing %s (full pipeline with the entity tagger; takes minutes) ...\n", src)
	start := time.Now()
	var counters corpus.Counters
	im := c.NewImporter(&counters, nil)
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(5 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				p := counters.Snapshot()
				fmt.Fprintf(os.Stderr, "  %d / %d files, %d articles, %v\n", p.Done, p.Total, p.Articles, time.Since(start).Round(time.Second))
			}
		}
	}()
	p, err := im.Import(context.Background(), c, src)
	close(done)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "imported %d articles in %v\n", p.Articles, time.Since(start).Round(time.Second))
	return os.WriteFile(filepath.Join(dir, "done"), nil, 0o644)
}

// buildSynthetic writes n articles made from the real corpus's entity lists.
func buildSynthetic(dir, real string, n, target int) error {
	if _, err := os.Stat(filepath.Join(dir, "done")); err == nil {
		return nil
	}
	os.RemoveAll(dir)
	rc, err := index.Open(real, index.Options{})
	if err != nil {
		return err
	}
	var srcs []corpus.Article
	vocab := []corpus.Entity{}
	err = rc.ForEach(func(a *corpus.Article) error {
		s := corpus.Article{Outlet: a.Outlet, Published: a.Published, Title: a.Title, Entities: a.Entities}
		srcs = append(srcs, s)
		if len(a.Entities) > 0 {
			vocab = append(vocab, a.Entities[len(a.Entities)/2])
		}
		return nil
	})
	rc.Close()
	if err != nil {
		return err
	}
	if len(srcs) == 0 {
		return fmt.Errorf("the real corpus is empty")
	}
	c, err := index.Open(dir, index.Options{Create: true})
	if err != nil {
		return err
	}
	defer c.Close()
	fmt.Fprintf(os.Stderr, "building the SYNTHETIC %d-article corpus from %d real entity lists ...\n", n, len(srcs))
	start := time.Now()
	r := rand.New(rand.NewPCG(42, 1))
	every := max(1, n/target)
	var batch corpus.Batch
	for i := 0; i < n; i++ {
		s := srcs[i%len(srcs)]
		a := corpus.Article{Outlet: s.Outlet, Published: s.Published, Format: "txt"}
		marker := ""
		if i%every == 0 {
			marker = " benchmarker"
		}
		a.Title = fmt.Sprintf("Synthetic %d: %s", i, s.Title)
		a.Body = "Synthetic article for the co-occurrence bench." + marker
		for _, e := range s.Entities {
			switch x := r.Float64(); {
			case x < 0.10 && i >= len(srcs):
				continue // dropped
			case x < 0.15 && i >= len(srcs):
				v := vocab[r.IntN(len(vocab))]
				e.Text, e.Canonical, e.Type = v.Text, v.Canonical, v.Type
			}
			a.Entities = append(a.Entities, e)
		}
		a.ID = corpus.MakeID(a.Title, a.Body)
		a.Path = fmt.Sprintf("synthetic/%d.txt", i)
		batch.Articles = append(batch.Articles, a)
		if len(batch.Articles) == 1000 {
			if err := c.Put(context.Background(), batch); err != nil {
				return err
			}
			batch = corpus.Batch{}
		}
	}
	if len(batch.Articles) > 0 {
		if err := c.Put(context.Background(), batch); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "built in %v\n", time.Since(start).Round(time.Second))
	return os.WriteFile(filepath.Join(dir, "done"), nil, 0o644)
}

// pickQuery finds a query whose result set is closest to target.
func pickQuery(c *index.Corpus, target int) (string, int, error) {
	best, bn := "", -1
	for _, q := range []string{"benchmarker", "police", "health", "climate", "immigration", "china", "economy", "court", "election", "vote", "tax", "border", "war"} {
		res, err := c.Search(context.Background(), index.Query{Text: q, Size: 1})
		if err != nil {
			return "", 0, err
		}
		n := int(res.Total)
		if n > 0 && (bn < 0 || abs(n-target) < abs(bn-target)) {
			best, bn = q, n
		}
	}
	return best, bn, nil
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func measure(label, dir string, target int, naive bool) ([]row, error) {
	c, err := index.Open(dir, index.Options{})
	if err != nil {
		return nil, err
	}
	defer c.Close()
	// Entity tables of an older layout are rebuilt on first use: do that
	// outside the timings (but report how long it takes).
	start := time.Now()
	if _, err := c.Entities(context.Background(), index.EntityQuery{Top: 1}); err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "%s: entity table check/upgrade and first Entities call: %v\n", label, time.Since(start).Round(time.Millisecond))
	q, hits, err := pickQuery(c, target)
	if err != nil {
		return nil, err
	}
	total := c.Count()
	var out []row
	for _, sc := range []struct {
		name string
		eq   index.EntityQuery
		n    int
	}{
		{"whole corpus", index.EntityQuery{}, total},
		{fmt.Sprintf("query %q", q), index.EntityQuery{Query: index.Query{Text: q}}, hits},
	} {
		cq := index.CooccurQuery{EntityQuery: sc.eq, Top: 200}
		// Cold: a fresh open.
		c.Close()
		if c, err = index.Open(dir, index.Options{}); err != nil {
			return nil, err
		}
		runtime.GC()
		start := time.Now()
		pairs, err := c.Cooccur(context.Background(), cq)
		if err != nil {
			return nil, err
		}
		cold := time.Since(start)
		var times []time.Duration
		for range 5 {
			start := time.Now()
			if _, err := c.Cooccur(context.Background(), cq); err != nil {
				return nil, err
			}
			times = append(times, time.Since(start))
		}
		slices.Sort(times)
		// The same scope ranked by NPMI over sentence windows (no count
		// pruning: every pair is scored).
		nq := cq
		nq.Measure, nq.Window = corpus.MeasureNPMI, corpus.WindowSentence
		var ntimes []time.Duration
		for range 3 {
			start := time.Now()
			if _, err := c.Cooccur(context.Background(), nq); err != nil {
				return nil, err
			}
			ntimes = append(ntimes, time.Since(start))
		}
		slices.Sort(ntimes)
		// The same query once the full entity cache is loaded (as after an
		// entity list).
		if _, err := c.Entities(context.Background(), index.EntityQuery{Top: 1}); err != nil {
			return nil, err
		}
		var ctimes []time.Duration
		for range 5 {
			start := time.Now()
			got, err := c.Cooccur(context.Background(), cq)
			if err != nil {
				return nil, err
			}
			ctimes = append(ctimes, time.Since(start))
			if !reflect.DeepEqual(got, pairs) {
				return nil, fmt.Errorf("%s, %s: the cached answer differs from the first one", label, sc.name)
			}
		}
		slices.Sort(ctimes)
		r := row{corpus: label, scope: sc.name, articles: sc.n, cold: cold, warm: times[2], warmNPMI: ntimes[1], cached: ctimes[2], pairs: len(pairs), exact: "-"}
		if naive {
			d, counts, err := naiveCount(c, sc.eq.Query)
			if err != nil {
				return nil, err
			}
			r.naiveMS = d
			r.exact = checkExact(pairs, counts)
		}
		out = append(out, r)
	}
	return out, nil
}

// naiveCount is the baseline: decode every selected article and count all
// pairs of canonical names (title and body) in a string-keyed map.
func naiveCount(c *index.Corpus, q index.Query) (time.Duration, map[string]int, error) {
	start := time.Now()
	var want map[string]bool
	if q.Text != "" {
		res, err := c.Search(context.Background(), index.Query{Text: q.Text, Size: c.Count()})
		if err != nil {
			return 0, nil, err
		}
		want = map[string]bool{}
		for _, h := range res.Hits {
			want[h.ID] = true
		}
	}
	counts := map[string]int{}
	err := c.ForEach(func(a *corpus.Article) error {
		if want != nil && !want[a.ID] {
			return nil
		}
		set := map[string]bool{}
		for _, e := range a.Entities {
			if e.Field != corpus.FieldCaptions {
				set[corpus.EntityKey(e.Canonical)] = true
			}
		}
		var names []string
		for k := range set {
			if k != "" {
				names = append(names, k)
			}
		}
		sort.Strings(names)
		for i := range names {
			for j := i + 1; j < len(names); j++ {
				counts[names[i]+"\x00"+names[j]]++
			}
		}
		return nil
	})
	return time.Since(start), counts, err
}

func checkExact(pairs []index.Pair, counts map[string]int) string {
	// The top pairs must have the baseline's counts, and nothing the
	// baseline counts more often may be missing.
	for _, p := range pairs {
		a, b := corpus.EntityKey(p.A.Name), corpus.EntityKey(p.B.Name)
		if a > b {
			a, b = b, a
		}
		if counts[a+"\x00"+b] != p.Count {
			return fmt.Sprintf("MISMATCH %s+%s: %d vs %d", p.A.Name, p.B.Name, p.Count, counts[a+"\x00"+b])
		}
	}
	if len(pairs) > 0 {
		last := pairs[len(pairs)-1].Count
		better := 0
		for _, n := range counts {
			if n > last {
				better++
			}
		}
		if better > len(pairs) {
			return fmt.Sprintf("MISSING: %d pairs above %d", better, last)
		}
	}
	return "yes"
}
