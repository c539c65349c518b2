package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/parallax-research/parallax/corpus"
	"github.com/parallax-research/parallax/index"
)

func init() {
	register(&command{
		name:  "stories",
		args:  "[flags]",
		short: "group the corpus into stories (events) and show who covered them",
		long: `Groups the articles into stories: each article joins the story whose
centroid it is most similar to (distinctive terms and entities) within ±D days
of the story's dates, or starts a new one. Assignments are kept: articles
imported later join existing stories or start new ones without the others
being recomputed (a different --days clusters again).

Text output: per story its id, dates, outlets and label, the article ids by
outlet and the blind spots (outlets of the corpus publishing at the time, within
a month, that did not cover it), then each outlet's coverage share.
--json: {"stories": [...], "coverage": [...]}.`,
		setup: func(fs *flag.FlagSet) func(*Env, []string) error {
			dir := corpusFlag(fs)
			days := fs.Int("days", corpus.StoryDays, "story window: every dated article within `days` of every other (-1: no window)")
			minOutlets := fs.Int("min-outlets", 2, "only stories covered by at least `N` outlets")
			limit := fs.Int("limit", 0, "at most `N` stories (0: all)")
			asJSON := fs.Bool("json", false, "print JSON")
			return func(e *Env, args []string) error {
				if len(args) != 0 {
					return usagef("takes no arguments")
				}
				c, err := openCorpus(e, *dir, false)
				if err != nil {
					return err
				}
				defer c.Close()
				stories, err := c.Stories(context.Background(), *days, *minOutlets)
				if err != nil {
					return err
				}
				cov := index.Coverage(stories)
				if *limit > 0 && len(stories) > *limit {
					stories = stories[:*limit]
				}
				if *asJSON {
					if stories == nil {
						stories = []index.Story{}
					}
					return writeJSON(e.Stdout, struct {
						Stories  []index.Story          `json:"stories"`
						Coverage []index.OutletCoverage `json:"coverage"`
					}{stories, cov})
				}
				for _, s := range stories {
					span := dateOrDash(s.First)
					if !s.Last.Equal(s.First) {
						span += ".." + dateOrDash(s.Last)
					}
					fmt.Fprintf(e.Stdout, "%-6s %-22s %d outlets, %d articles  %s\n", s.ID, span, len(s.Articles), s.Size(), s.Label)
					for _, o := range s.Outlets() {
						fmt.Fprintf(e.Stdout, "         %-24s %s\n", clip(o, 24), strings.Join(s.Articles[o], " "))
					}
					if len(s.Missing) > 0 {
						fmt.Fprintf(e.Stdout, "         not covered by: %s\n", strings.Join(s.Missing, ", "))
					}
				}
				if len(cov) > 0 {
					fmt.Fprintln(e.Stdout, "\ncoverage share (stories covered / stories the outlet could have covered):")
					for _, o := range cov {
						fmt.Fprintf(e.Stdout, "  %-30s %5.1f%%  %d\n", clip(o.Outlet, 30), 100*o.Share, o.Stories)
					}
				}
				fmt.Fprintf(e.Stderr, "%d stories\n", len(stories))
				return nil
			}
		},
	})
}
