package index

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
)

// Timeline is the number of matching articles per period.
type Timeline struct {
	// By is "day", "week" (starting Monday) or "month".
	By string `json:"by"`
	// Buckets are the period starts (UTC), consecutive from the first
	// dated match to the last, empty periods included.
	Buckets []time.Time `json:"buckets"`
	// Series are the counts per bucket: one per outlet (most articles
	// first) when split by outlet, else one named "all".
	Series []Series `json:"series"`
	// Undated counts matching articles without a date (not in any bucket).
	Undated int `json:"undated"`
}

// Series is one line of a timeline.
type Series struct {
	Name   string `json:"name"`
	Counts []int  `json:"counts"`
}

// maxBuckets bounds a timeline (about 27 years by day).
const maxBuckets = 10000

// Timeline counts the articles matching q per day, week or month, overall
// or per outlet. It reads the index's day (or outlet+day) doc values for
// the matches, so it costs one search.
func (c *Corpus) Timeline(ctx context.Context, q Query, by string, splitOutlet bool) (*Timeline, error) {
	switch by {
	case "":
		by = "month"
	case "day", "week", "month":
	default:
		return nil, fmt.Errorf("timeline: unknown period %q (day, week or month)", by)
	}
	cq, err := c.compileQuery(q)
	if err != nil {
		return nil, err
	}
	field := "day"
	if splitOutlet {
		field = "outlet_day"
	}
	req := bleve.NewSearchRequestOptions(cq.q, 0, 0, false)
	req.AddFacet("t", bleve.NewFacetRequest(field, facetSize(field)))
	res, err := c.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, searchError(q, err)
	}
	counts := map[string]map[time.Time]int{} // series → bucket → count
	totals := map[string]int{}
	var first, last time.Time
	dated := 0
	if f := res.Facets["t"]; f != nil && f.Terms != nil {
		for _, t := range f.Terms.Terms() {
			name, day := "all", t.Term
			if splitOutlet {
				o, d, ok := strings.Cut(t.Term, "\x1f")
				if !ok {
					continue
				}
				name, day = o, d
			}
			d, err := time.Parse(dayLayout, day)
			if err != nil {
				continue
			}
			b := bucketStart(d, by)
			if counts[name] == nil {
				counts[name] = map[time.Time]int{}
			}
			counts[name][b] += t.Count
			totals[name] += t.Count
			dated += t.Count
			if first.IsZero() || b.Before(first) {
				first = b
			}
			if b.After(last) {
				last = b
			}
		}
	}
	tl := &Timeline{By: by, Undated: int(res.Total) - dated}
	if tl.Undated < 0 {
		tl.Undated = 0
	}
	if !first.IsZero() {
		for b := first; !b.After(last); b = nextBucket(b, by) {
			if len(tl.Buckets) == maxBuckets {
				return nil, fmt.Errorf("timeline: more than %d %ss from %s to %s; use a longer period", maxBuckets, by, first.Format(dayLayout), last.Format(dayLayout))
			}
			tl.Buckets = append(tl.Buckets, b)
		}
	}
	names := make([]string, 0, len(counts))
	for n := range counts {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int {
		if totals[a] != totals[b] {
			return totals[b] - totals[a]
		}
		return strings.Compare(a, b)
	})
	if !splitOutlet && len(names) == 0 {
		names = []string{"all"}
	}
	for _, n := range names {
		s := Series{Name: n, Counts: make([]int, len(tl.Buckets))}
		for i, b := range tl.Buckets {
			s.Counts[i] = counts[n][b]
		}
		tl.Series = append(tl.Series, s)
	}
	return tl, nil
}

// bucketStart is the start of the period holding day d.
func bucketStart(d time.Time, by string) time.Time {
	switch by {
	case "week":
		wd := (int(d.Weekday()) + 6) % 7 // Monday = 0
		return d.AddDate(0, 0, -wd)
	case "month":
		return time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	return d
}

func nextBucket(b time.Time, by string) time.Time {
	switch by {
	case "week":
		return b.AddDate(0, 0, 7)
	case "month":
		return b.AddDate(0, 1, 0)
	}
	return b.AddDate(0, 0, 1)
}
