package cli

import (
	"bufio"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/parallax-research/parallax/corpus"
	"github.com/parallax-research/parallax/index"
)

func init() {
	register(&command{
		name:  "cooccur",
		args:  "[flags]",
		short: "rank the pairs of entities that appear together",
		long: `Counts pairs of entities that occur in the same article (--window doc, title
and body) or the same sentence (--window sentence) and ranks them by
--measure:
  count    articles (or sentences) with both
  docs     articles with both
  pmi      pointwise mutual information (log2)
  npmi     PMI normalised to [-1, 1]
  g2       Dunning's log-likelihood G² (pairs together more often than chance first)
  jaccard  together / either
--min-count defaults to 1, and to 3 for pmi, npmi and jaccard, which
otherwise favour pairs seen once. Counts are exact. Captions are left out
unless --captions is given. Every edge can be traced with parallax evidence.

--format gexf and graphml write a network for Gephi (node type, count and
docs; edge weight and every measure as attributes; the query and corpus in
the metadata); table, json (one object per line) and csv print the pairs.`,
		setup: func(fs *flag.FlagSet) func(*Env, []string) error {
			f := declareEntFlags(fs, 50, true)
			window := fs.String("window", "doc", "co-occurrence `window`: doc or sentence")
			measure := fs.String("measure", "count", "ranking `measure`: count, docs, pmi, npmi, g2 or jaccard")
			format := fs.String("format", "table", "output `format`: table, json, csv, gexf or graphml")
			output := fs.String("o", "", "write to `file` instead of standard output")
			return func(e *Env, args []string) error {
				if len(args) > 0 {
					return usagef("unexpected argument %q (the query goes in --query)", args[0])
				}
				q, err := f.query_()
				if err != nil {
					return err
				}
				m, err := corpus.ParseMeasure(*measure)
				if err != nil {
					return usagef("%v", err)
				}
				win, err := corpus.ParseWindow(*window)
				if err != nil {
					return usagef("%v", err)
				}
				switch *format {
				case "table", "json", "csv", "gexf", "graphml":
				default:
					return usagef("--format must be table, json, csv, gexf or graphml")
				}
				c, err := openEntities(e, *f.corpus)
				if err != nil {
					return err
				}
				defer c.Close()
				start := time.Now()
				pairs, err := c.Cooccur(context.Background(), index.CooccurQuery{EntityQuery: q, Window: win, Measure: m, Top: q.Top})
				if err != nil {
					return err
				}
				took := time.Since(start)
				if len(pairs) == 0 {
					hintNoEntities(e, c)
				}
				w := e.Stdout
				var file *os.File
				if *output != "" {
					if file, err = os.Create(*output); err != nil {
						return err
					}
					w = file
				}
				bw := bufio.NewWriter(w)
				minCount := q.MinCount
				if minCount <= 0 {
					minCount = index.DefaultMinCount(m)
				}
				meta := map[string]string{
					"query": q.Query.Text, "corpus": c.Name() + " (" + c.Dir() + ")", "window": win, "measure": m,
					"min_count": strconv.Itoa(minCount), "created": time.Now().UTC().Format(time.RFC3339),
					"generator": "parallax " + Version,
				}
				if len(q.Outlets) > 0 {
					meta["outlets"] = strings.Join(q.Outlets, ", ")
				}
				if len(q.Types) > 0 {
					meta["types"] = strings.Join(q.Types, ", ")
				}
				if *f.from != "" || *f.to != "" {
					meta["dates"] = *f.from + " .. " + *f.to
				}
				err = writePairs(bw, *format, m, pairs, meta)
				if ferr := bw.Flush(); err == nil {
					err = ferr
				}
				if file != nil {
					if cerr := file.Close(); err == nil {
						err = cerr
					}
				}
				if err == nil && *format == "table" {
					fmt.Fprintf(e.Stderr, "%d pairs in %v\n", len(pairs), took.Round(time.Millisecond))
				}
				return err
			}
		},
	})
}

func writePairs(w io.Writer, format, measure string, pairs []index.Pair, meta map[string]string) error {
	switch format {
	case "gexf":
		return index.WriteGEXF(w, pairs, meta)
	case "graphml":
		return index.WriteGraphML(w, pairs, meta)
	case "json":
		return writeJSONLines(w, pairs)
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write([]string{"a", "a_type", "a_count", "b", "b_type", "b_count", "count", "docs", "pmi", "npmi", "g2", "jaccard", "score"})
		ff := func(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }
		for _, p := range pairs {
			cw.Write([]string{p.A.Name, p.A.Type, strconv.Itoa(p.A.Count), p.B.Name, p.B.Type, strconv.Itoa(p.B.Count),
				strconv.Itoa(p.Count), strconv.Itoa(p.Docs), ff(p.PMI), ff(p.NPMI), ff(p.G2), ff(p.Jaccard), ff(p.Score)})
		}
		cw.Flush()
		return cw.Error()
	}
	if len(pairs) == 0 {
		fmt.Fprintln(w, "no pairs")
		return nil
	}
	extra := measure == corpus.MeasurePMI || measure == corpus.MeasureJaccard
	head := fmt.Sprintf("%4s  %-28s %-4s  %-28s %-4s %6s %6s %8s %8s", "#", "entity A", "", "entity B", "", "count", "docs", "npmi", "g2")
	if extra {
		head += fmt.Sprintf(" %8s", measure)
	}
	fmt.Fprintln(w, head)
	for i, p := range pairs {
		line := fmt.Sprintf("%4d  %-28s %-4s  %-28s %-4s %6d %6d %8.3f %8.1f", i+1, clip(p.A.Name, 28), p.A.Type, clip(p.B.Name, 28), p.B.Type, p.Count, p.Docs, p.NPMI, p.G2)
		if extra {
			line += fmt.Sprintf(" %8.3f", p.Score)
		}
		fmt.Fprintln(w, line)
	}
	return nil
}
