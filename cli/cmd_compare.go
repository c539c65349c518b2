package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/parallax-research/parallax/corpus"
	"github.com/parallax-research/parallax/index"
)

func init() {
	register(&command{
		name:  "compare",
		args:  "[flags] ID ID [ID...] | --story S | --query Q --by outlet",
		short: "compare coverage side by side",
		long: `With 2–4 article ids (or files): aligns the sentences (each linked to its
best counterpart in every other article and labelled shared = near-verbatim,
paraphrased, or unique), lists shared passages of 8+ words with their byte
offsets, the entities in all / some / one article with counts, each article's
framing terms (weighted log-odds with the corpus as an informative Dirichlet
prior), the quotes and who they are attributed to, and the headline, outlet,
date, length and overall similarity.

With --story S (an id from "parallax stories") or --query Q --by outlet:
compares the outlets covering the story or matching the query: each outlet's
distinctive terms, entities and quoted sources.`,
		setup: func(fs *flag.FlagSet) func(*Env, []string) error {
			dir := corpusFlag(fs)
			asJSON := fs.Bool("json", false, "print JSON")
			story := fs.String("story", "", "compare the outlets covering story `S`")
			query := fs.String("query", "", "compare the outlets among the hits of query `Q`")
			by := fs.String("by", "outlet", "grouping for --query (only \"outlet\")")
			limit := fs.Int("limit", 200, "at most `N` query hits with --query")
			days := fs.Int("days", corpus.StoryDays, "the stories' window with --story (as in parallax stories)")
			return func(e *Env, args []string) error {
				ctx := context.Background()
				switch {
				case *story != "" && *query != "":
					return usagef("--story and --query exclude each other")
				case *story != "" || *query != "":
					if len(args) != 0 {
						return usagef("no article ids with --story or --query")
					}
					if *by != "outlet" {
						return usagef("--by: only \"outlet\" is supported")
					}
				case len(args) < 2 || len(args) > 4:
					return usagef("want 2 to 4 article ids")
				}
				c, err := openCorpus(e, *dir, false)
				if err != nil {
					return err
				}
				defer c.Close()
				if *story != "" || *query != "" {
					var ids []string
					if *story != "" {
						s, err := c.StoryByID(ctx, *story, *days)
						if err != nil {
							return err
						}
						ids = s.IDs()
					} else {
						res, err := c.Search(ctx, index.Query{Text: *query, Size: *limit})
						if err != nil {
							return err
						}
						for _, h := range res.Hits {
							ids = append(ids, h.ID)
						}
					}
					if len(ids) == 0 {
						return fmt.Errorf("no articles to compare")
					}
					oc, err := c.CompareOutletsIDs(ctx, ids...)
					if err != nil {
						return err
					}
					if *asJSON {
						return writeJSON(e.Stdout, oc)
					}
					PrintOutletComparison(e.Stdout, oc)
					return nil
				}
				arts := make([]*corpus.Article, len(args))
				for i, a := range args {
					if arts[i], err = articleArg(ctx, c, a); err != nil {
						return err
					}
				}
				prior, err := c.TermStats(ctx)
				if err != nil {
					return err
				}
				cmp := corpus.Compare(arts, prior)
				if *asJSON {
					return writeJSON(e.Stdout, cmp)
				}
				PrintComparison(e.Stdout, cmp)
				return nil
			}
		},
	})
}

// PrintComparison writes a comparison as readable text.
func PrintComparison(w io.Writer, c *corpus.Comparison) {
	for i, a := range c.Articles {
		fmt.Fprintf(w, "[%d] %s — %s\n    %s, %d words, id %s\n", i+1, a.Outlet, a.Title, dateOrDash(a.Published), a.Words, a.ID)
	}
	fmt.Fprintf(w, "overall similarity %.3f\n", c.Similarity)
	tag := map[string]string{corpus.LabelShared: "S", corpus.LabelParaphrased: "P", corpus.LabelUnique: "-"}
	for i, a := range c.Articles {
		n := map[string]int{}
		for _, s := range a.Sentences {
			n[s.Label]++
		}
		fmt.Fprintf(w, "\n== [%d] %s: %d sentences, %d shared, %d paraphrased, %d unique\n", i+1, a.Outlet,
			len(a.Sentences), n[corpus.LabelShared], n[corpus.LabelParaphrased], n[corpus.LabelUnique])
		for _, s := range a.Sentences {
			var refs []string
			for _, m := range s.Matches {
				refs = append(refs, fmt.Sprintf("[%d]#%d %.2f", m.Article+1, m.Sentence+1, m.Score))
			}
			line := fmt.Sprintf("  %s %s", tag[s.Label], clip(strings.Join(strings.Fields(s.Text), " "), 110))
			if len(refs) > 0 {
				line += "  ↔ " + strings.Join(refs, ", ")
			}
			fmt.Fprintln(w, line)
		}
	}
	if len(c.Passages) > 0 {
		fmt.Fprintf(w, "\n== shared passages (%d+ words)\n", corpus.PassageWords)
		for _, p := range c.Passages {
			var where []string
			for _, s := range p.Spans {
				where = append(where, fmt.Sprintf("[%d] %d-%d", s.Article+1, s.Start, s.End))
			}
			fmt.Fprintf(w, "  %d words in %s: %q\n", p.Words, strings.Join(where, ", "), clip(strings.Join(strings.Fields(p.Text), " "), 160))
		}
	}
	fmt.Fprintln(w, "\n== entities")
	printEntities(w, c.Entities)
	fmt.Fprintln(w, "\n== framing (terms most distinctive of each article, z-score)")
	for i, a := range c.Articles {
		fmt.Fprintf(w, "  [%d] %s\n", i+1, termList(a.Framing))
	}
	fmt.Fprintln(w, "\n== quotes")
	for i, a := range c.Articles {
		fmt.Fprintf(w, "  [%d] %s: %d quotes\n", i+1, a.Outlet, len(a.Quotes))
		for _, q := range a.Quotes {
			fmt.Fprintf(w, "      %s: %q\n", q.Speaker, clip(q.Text, 120))
		}
	}
}

// PrintOutletComparison writes an outlet-level comparison as readable text.
func PrintOutletComparison(w io.Writer, oc *corpus.OutletComparison) {
	for i, o := range oc.Outlets {
		fmt.Fprintf(w, "[%d] %s (%d articles)\n", i+1, o.Outlet, len(o.Articles))
		fmt.Fprintf(w, "    framing: %s\n", termList(o.Framing))
		var src []string
		for _, s := range o.Sources[:min(len(o.Sources), 10)] {
			src = append(src, fmt.Sprintf("%s (%d)", s.Speaker, s.Quotes))
		}
		if len(src) > 0 {
			fmt.Fprintf(w, "    sources: %s\n", strings.Join(src, ", "))
		}
	}
	fmt.Fprintln(w, "\n== entities (counts per outlet, in the order above)")
	printEntities(w, oc.Entities)
}

func termList(ts []corpus.TermWeight) string {
	if len(ts) == 0 {
		return "-"
	}
	var out []string
	for _, t := range ts {
		out = append(out, fmt.Sprintf("%s (%.1f)", t.Term, t.Z))
	}
	return strings.Join(out, ", ")
}

func printEntities(w io.Writer, d corpus.EntityDiff) {
	for _, g := range []struct {
		name string
		l    []corpus.EntityCount
	}{{"in all", d.InAll}, {"in some", d.InSome}, {"in one", d.InOne}} {
		var out []string
		for _, e := range g.l[:min(len(g.l), 20)] {
			cs := make([]string, len(e.Counts))
			for i, c := range e.Counts {
				cs[i] = fmt.Sprint(c)
			}
			out = append(out, fmt.Sprintf("%s (%s %s)", e.Name, e.Type, strings.Join(cs, "/")))
		}
		more := ""
		if len(g.l) > 20 {
			more = fmt.Sprintf(" … and %d more", len(g.l)-20)
		}
		if len(out) == 0 {
			out = []string{"-"}
		}
		fmt.Fprintf(w, "  %s: %s%s\n", g.name, strings.Join(out, ", "), more)
	}
}
