package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"strconv"

	"github.com/parallax-research/parallax/index"
)

func init() {
	register(&command{
		name:  "timeline",
		args:  "[flags] [QUERY]",
		short: "count matching articles per day, week or month",
		long: `Prints how many articles match per period, from the first dated match to the
last (empty periods included), as CSV (period,count or period,OUTLET...) or
JSON ({"by", "buckets", "series": [{"name", "counts"}], "undated"}). Weeks start
on Monday. With no query every article counts. Dates are UTC.

The query syntax is the one of parallax search (parallax help search).`,
		setup: func(fs *flag.FlagSet) func(*Env, []string) error {
			qf := addQueryFlags(fs, "relevance")
			by := fs.String("by", "month", "period: `day`, week or month")
			split := fs.String("split", "", "`outlet`: one series per outlet")
			format := fs.String("format", "csv", "output `format`: csv or json")
			return func(e *Env, args []string) error {
				if *split != "" && *split != "outlet" {
					return usagef("--split takes only outlet")
				}
				if *format != "csv" && *format != "json" {
					return usagef("--format is csv or json")
				}
				if *by != "day" && *by != "week" && *by != "month" {
					return usagef("--by is day, week or month")
				}
				return qf.run(e, args, func(ctx context.Context, c *index.Corpus, q index.Query) error {
					tl, err := c.Timeline(ctx, q, *by, *split == "outlet")
					if err != nil {
						return err
					}
					if *format == "json" {
						enc := json.NewEncoder(e.Stdout)
						return enc.Encode(timelineJSON(tl))
					}
					w := csv.NewWriter(e.Stdout)
					head := []string{*by}
					for _, s := range tl.Series {
						head = append(head, s.Name)
					}
					if len(tl.Series) == 1 && tl.Series[0].Name == "all" {
						head = []string{*by, "count"}
					}
					w.Write(head)
					for i, b := range tl.Buckets {
						row := []string{periodLabel(b, *by)}
						for _, s := range tl.Series {
							row = append(row, strconv.Itoa(s.Counts[i]))
						}
						w.Write(row)
					}
					w.Flush()
					if tl.Undated > 0 {
						e.Stderr.Write([]byte(strconv.Itoa(tl.Undated) + " matching articles are undated\n"))
					}
					return w.Error()
				})
			}
		},
	})
}

func periodLabel(b interface{ Format(string) string }, by string) string {
	if by == "month" {
		return b.Format("2006-01")
	}
	return b.Format("2006-01-02")
}

func timelineJSON(tl *index.Timeline) any {
	labels := make([]string, len(tl.Buckets))
	for i, b := range tl.Buckets {
		labels[i] = periodLabel(b, tl.By)
	}
	series := tl.Series
	if series == nil {
		series = []index.Series{}
	}
	return map[string]any{"by": tl.By, "buckets": labels, "series": series, "undated": tl.Undated}
}
