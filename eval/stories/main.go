package main

import (
	"context"
	"flag"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/parallax-research/parallax/corpus"
	"github.com/parallax-research/parallax/eval/stories/dataset"
	"github.com/parallax-research/parallax/index"
)

func main() {
	dev := flag.Bool("dev", false, "evaluate on the stories-dev articles alone (no distractors; fast)")
	days := flag.Int("days", corpus.DefaultDays, "similar: date window in days")
	storyDays := flag.Int("story-days", corpus.StoryDays, "stories: story window in days")
	rebuild := flag.Bool("rebuild", false, "recompute the similarity vectors (after changing the term extraction)")
	threshold := flag.Float64("threshold", corpus.StoryThreshold, "story joining threshold (for experiments)")
	verbose := flag.Bool("v", false, "list the misses")
	flag.BoolVar(&skipStories, "skip-stories", false, "evaluate similar only")
	flag.BoolVar(&skipSimilar, "skip-similar", false, "evaluate stories only")
	flag.BoolVar(&otherOutlets, "other-outlets", false, "similar: leave out the query's own outlet (as similar --other-outlets)")
	flag.IntVar(&corpus.TitleBoost, "title-boost", corpus.TitleBoost, "experiment: title term weight")
	flag.IntVar(&corpus.EntityBoost, "entity-boost", corpus.EntityBoost, "experiment: entity mention count (document frequencies, entity part)")
	flag.IntVar(&corpus.VectorTerms, "terms", corpus.VectorTerms, "experiment: terms kept per article")
	flag.Float64Var(&corpus.UndatedFactor, "undated", corpus.UndatedFactor, "experiment: undated factor")
	flag.Float64Var(&corpus.TitleWeight, "title-weight", corpus.TitleWeight, "experiment: weight of the title part of event vectors")
	flag.Float64Var(&corpus.LeadWeight, "lead-weight", corpus.LeadWeight, "experiment: weight of the lead part of event vectors")
	flag.Float64Var(&corpus.EntityWeight, "entity-weight", corpus.EntityWeight, "experiment: weight of the entity part of event vectors")
	flag.Float64Var(&corpus.SameOutletFactor, "same-outlet", corpus.SameOutletFactor, "experiment: factor for the query's own outlet")
	flag.Float64Var(&corpus.DayDecay, "decay", corpus.DayDecay, "experiment: score loss per day")
	flag.StringVar(&corpus.StoryLink, "link", corpus.StoryLink, "experiment: story linkage (average, centroid)")
	flag.Float64Var(&index.EstimateMissFactor, "est-miss", index.EstimateMissFactor, "experiment: factor for undated articles estimated outside the window")
	flag.IntVar(&index.RerankDepth, "rerank", index.RerankDepth, "experiment: candidates re-ranked")
	flag.StringVar(&fitEvents, "fit", "", "fit the re-ranking of similar on the events of half A, B or all of stories-dev, then evaluate with it")
	flag.BoolVar(&fitPairwise, "pairwise", false, "with -fit: fit on pairs of a member and a non-member of the query's event instead of single candidates")
	flag.BoolVar(&noRerank, "no-rerank", false, "similar without re-ranking")
	flag.IntVar(&corpus.EventPassageWords, "passage-words", corpus.EventPassageWords, "experiment: words per passage")
	flag.Float64Var(&corpus.StoryNearestJoin, "story-nn", corpus.StoryNearestJoin, "experiment: cosine for an undated article to join its nearest neighbour's story")
	urlDates := flag.Bool("urldates", false, "report the accuracy of the URL day estimates and exit")
	flag.Parse()
	corpus.StoryThreshold = *threshold
	urlDatesOnly = *urlDates
	logf := func(f string, a ...any) { fmt.Fprintf(os.Stderr, f+"\n", a...) }
	shared, err := dataset.SharedDir()
	if err != nil {
		fmt.Fprintln(os.Stderr, "eval-stories skipped:", err)
		os.Exit(0)
	}
	if _, err := run(shared, *dev, *days, *storyDays, *rebuild, *verbose, logf); err != nil {
		fmt.Fprintln(os.Stderr, "eval-stories:", err)
		os.Exit(1)
	}
}

var otherOutlets, skipStories, skipSimilar bool

// Result holds the measured quality.
type Result struct {
	Recall1, Recall5, Recall10, MRR float64
	Precision, Recall, F1           float64
}

var (
	urlDatesOnly, noRerank, fitPairwise bool
	fitEvents                           string
)

func run(shared string, dev bool, days, storyDays int, rebuild, verbose bool, logf func(string, ...any)) (res Result, err error) {
	ctx := context.Background()
	labels, err := dataset.Labels(shared)
	if err != nil {
		return res, err
	}
	src, name := filepath.Join(shared, "stories-dev"), "stories-dev"
	if !dev {
		if src, err = dataset.Unpack(shared, logf); err != nil {
			return res, err
		}
		name = "allsides-37k"
	}
	c, err := dataset.Open(ctx, name, src, logf)
	if err != nil {
		return res, err
	}
	defer c.Close()
	if rebuild {
		if err := c.ResetSimilarity(); err != nil {
			return res, err
		}
	}
	ids, err := dataset.IDs(c, src)
	if err != nil {
		return res, err
	}
	gold := map[string]string{} // article id → event
	members := map[string][]string{}
	missing := 0
	for _, l := range labels {
		id, ok := ids[l.Path]
		if !ok {
			missing++
			continue
		}
		if _, dup := gold[id]; dup {
			continue
		}
		gold[id] = l.Event
		members[l.Event] = append(members[l.Event], id)
	}
	fmt.Printf("corpus %s: %d articles; %d labelled articles in %d events (%d labelled paths not found)\n",
		name, c.Count(), len(gold), len(members), missing)

	if urlDatesOnly {
		return res, reportURLDates(c, gold, members)
	}
	// Warm up: vectorise (timed apart from the queries).
	t0 := time.Now()
	if _, err := c.TermStats(ctx); err != nil {
		return res, err
	}
	fmt.Printf("similarity index ready in %s\n", time.Since(t0).Round(time.Millisecond))

	// similar
	const K = 10
	var r1, r5, r10, mrr float64
	var s1, s5, s10 float64 // success@k: at least one other member in the top k
	queries := 0
	var halfN, undN [2]int
	var halfR5, undR5 [2]float64
	var took time.Duration
	keys := make([]string, 0, len(gold))
	for id := range gold {
		keys = append(keys, id)
	}
	slices.Sort(keys)
	if noRerank {
		index.RerankWeights = [index.RerankFeatures]float64{}
	}
	if fitEvents != "" {
		if err := fitRerank(ctx, c, keys, gold, members, days, fitEvents); err != nil {
			return res, err
		}
	}
	for _, id := range keys {
		if skipSimilar {
			break
		}
		var rel []string
		for _, m := range members[gold[id]] {
			if m != id {
				rel = append(rel, m)
			}
		}
		if len(rel) == 0 {
			continue
		}
		a, err := c.Article(id)
		if err != nil {
			return res, err
		}
		t := time.Now()
		hits, err := c.Similar(ctx, a, K, days, otherOutlets)
		took += time.Since(t)
		if err != nil {
			return res, err
		}
		queries++
		found := func(k int) float64 {
			n := 0
			for _, h := range hits[:min(k, len(hits))] {
				if slices.Contains(rel, h.ID) {
					n++
				}
			}
			return float64(n) / float64(len(rel))
		}
		r1 += found(1)
		r5 += found(5)
		ud := 0
		if a.Published.IsZero() {
			ud = 1
		}
		undN[ud]++
		undR5[ud] += found(5)
		hv := eventHalf(gold[id])
		halfN[hv]++
		halfR5[hv] += found(5)
		r10 += found(10)
		for k, sp := range map[int]*float64{1: &s1, 5: &s5, 10: &s10} {
			if found(k) > 0 {
				*sp++
			}
		}
		rr := 0.0
		for i, h := range hits {
			if slices.Contains(rel, h.ID) {
				rr = 1 / float64(i+1)
				break
			}
		}
		mrr += rr
		if verbose && found(5) < 1 {
			fmt.Printf("  miss@5 %s %q (%s %s)\n", id, a.Title, a.Outlet, a.Published.Format("2006-01-02"))
			for _, r := range rel {
				b, _ := c.Article(r)
				rank := -1
				for i, h := range hits {
					if h.ID == r {
						rank = i + 1
					}
				}
				fmt.Printf("     want rank %d: %q (%s %s)\n", rank, b.Title, b.Outlet, b.Published.Format("2006-01-02"))
			}
			for i, h := range hits[:min(3, len(hits))] {
				fmt.Printf("     got %d %.3f %q (%s)\n", i+1, h.Score, h.Title, h.Outlet)
			}
		}
	}
	if !skipSimilar {
		q := float64(max(queries, 1))
		res.Recall1, res.Recall5, res.Recall10, res.MRR = r1/q, r5/q, r10/q, mrr/q
		fmt.Printf("similar (days=%d, other-outlets=%v, %d queries, %.1f ms/query): recall@1 %.3f  recall@5 %.3f  recall@10 %.3f  MRR %.3f\n",
			days, otherOutlets, queries, float64(took.Microseconds())/1000/q, r1/q, r5/q, r10/q, mrr/q)
		fmt.Printf("similar recall@5 by event half (fit on one, check on the other): A %.3f (%d queries)  B %.3f (%d queries)\n",
			halfR5[0]/float64(max(halfN[0], 1)), halfN[0], halfR5[1]/float64(max(halfN[1], 1)), halfN[1])
		fmt.Printf("similar recall@5 of dated queries %.3f (%d), of undated ones %.3f (%d)\n",
			undR5[0]/float64(max(undN[0], 1)), undN[0], undR5[1]/float64(max(undN[1], 1)), undN[1])
		fmt.Printf("similar success@1 %.3f  success@5 %.3f  success@10 %.3f (at least one other member of the event in the top k)\n", s1/q, s5/q, s10/q)
	}
	if skipStories {
		return res, nil
	}
	// stories, from scratch
	if err := c.ResetStories(); err != nil {
		return res, err
	}
	t1 := time.Now()
	stories, err := c.Stories(ctx, storyDays, 1)
	if err != nil {
		return res, err
	}
	el := time.Since(t1)
	cluster := map[string]int{}
	for i, s := range stories {
		for _, ids := range s.Articles {
			for _, id := range ids {
				cluster[id] = i
			}
		}
	}
	p, r, f := corpus.BCubed(cluster, gold)
	res.Precision, res.Recall, res.F1 = p, r, f
	if verbose {
		shown := 0
		for _, s := range stories {
			evs := map[string]bool{}
			for _, id := range s.IDs() {
				if g, ok := gold[id]; ok {
					evs[g] = true
				}
			}
			if len(evs) < 2 || shown >= 12 {
				continue
			}
			shown++
			fmt.Printf("  mixed story %s %q (%d articles, %d events)\n", s.ID, s.Label, s.Size(), len(evs))
			for _, id := range s.IDs() {
				a, _ := c.Article(id)
				fmt.Printf("     %-14s %s %-20s %q\n", gold[id], a.Published.Format("2006-01-02"), clipS(a.Outlet, 20), clipS(a.Title, 80))
			}
		}
	}
	if verbose {
		// Split events: the recall side.
		evs := make([]string, 0, len(members))
		for e := range members {
			evs = append(evs, e)
		}
		slices.Sort(evs)
		shown, split, undated := 0, 0, 0
		for _, e := range evs {
			ids := members[e]
			first, ok := cluster[ids[0]]
			same := ok
			for _, id := range ids[1:] {
				if c, ok := cluster[id]; !ok || c != first {
					same = false
				}
			}
			if same {
				continue
			}
			split++
			hasUndated := false
			for _, id := range ids {
				if a, _ := c.Article(id); a != nil && a.Published.IsZero() {
					hasUndated = true
				}
			}
			if hasUndated {
				undated++
			}
			if shown >= 15 {
				continue
			}
			shown++
			fmt.Printf("  split event %s\n", e)
			for _, id := range ids {
				a, _ := c.Article(id)
				sid, size := "-", 0
				if k, ok := cluster[id]; ok {
					sid, size = stories[k].ID, stories[k].Size()
				}
				fmt.Printf("     %-7s (%3d) %s %-20s %q\n", sid, size, a.Published.Format("2006-01-02"), clipS(a.Outlet, 20), clipS(a.Title, 80))
			}
		}
		fmt.Printf("split events: %d of %d (%d with an undated member)\n", split, len(members), undated)
	}
	multi := 0
	for _, s := range stories {
		if len(s.Articles) >= 2 {
			multi++
		}
	}
	fmt.Printf("stories (days=%d, threshold %.2f): %d stories (%d with 2+ outlets) in %s; B-cubed precision %.3f  recall %.3f  F1 %.3f\n",
		storyDays, corpus.StoryThreshold, len(stories), multi, el.Round(time.Millisecond), p, r, f)
	return res, nil
}

func clipS(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// eventHalf splits the events in two halves by a hash of their id, so a
// setting chosen on one half can be checked on the other.
func eventHalf(event string) int {
	h := fnv.New32a()
	h.Write([]byte(event))
	return int(h.Sum32() % 2)
}
