package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"

	"github.com/parallax-research/parallax/index"
)

func init() {
	register(&command{
		name:  "search",
		args:  "[flags] QUERY",
		short: "search the corpus",
		long: `QUERY uses Bleve's query-string syntax: words, "phrases", +must -mustnot,
field:value (title, body, captions, outlet, author, lang, format, url, path),
wildcards (summ*), fuzzy (summit~1) and ranges
(published:>="2026-03-01" published:<"2026-04-01").

Text output: one hit per line: score, date, outlet, title, path.
--json: one JSON object per hit (id, path, title, outlet, published, score, snippet).`,
		setup: func(fs *flag.FlagSet) func(*Env, []string) error {
			dir := corpusFlag(fs)
			asJSON := fs.Bool("json", false, "one JSON object per hit")
			limit := fs.Int("limit", 20, "at most `N` hits")
			return func(e *Env, args []string) error {
				if len(args) == 0 {
					return usagef("no query")
				}
				if *limit <= 0 {
					return usagef("--limit must be positive")
				}
				c, err := openCorpus(e, *dir, false)
				if err != nil {
					return err
				}
				defer c.Close()
				res, err := c.Search(context.Background(), index.Query{Text: strings.Join(args, " "), Size: *limit})
				if err != nil {
					return err
				}
				if *asJSON {
					enc := json.NewEncoder(e.Stdout)
					for _, h := range res.Hits {
						if err := enc.Encode(h); err != nil {
							return err
						}
					}
					return nil
				}
				for _, h := range res.Hits {
					fmt.Fprintf(e.Stdout, "%6.3f  %-10s  %-24s  %s  %s\n", h.Score, dateOrDash(h.Published), clip(h.Outlet, 24), h.Title, h.Path)
				}
				fmt.Fprintf(e.Stderr, "%d hits\n", res.Total)
				return nil
			}
		},
	})
}
