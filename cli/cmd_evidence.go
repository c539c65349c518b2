package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
)

func init() {
	register(&command{
		name:  "evidence",
		args:  "[flags] ENTITY-A ENTITY-B",
		short: "show the sentences in which two entities occur together",
		long: `Lists every sentence (article id, outlet, date, field) in which the two
entities occur together, newest articles first, so that every edge of a
co-occurrence network can be checked. Articles that name both but never in
one sentence follow, with the first sentence naming each ("… " joins them).
Entity names are matched like in parallax entities ("US" finds "United
States"); quote names with spaces.

--json prints one object per line: article_id, outlet, title, published,
field, sentence, start, end (byte offsets of the sentence in the field) and
window (sentence or doc).`,
		setup: func(fs *flag.FlagSet) func(*Env, []string) error {
			f := declareEntFlags(fs, 0, false)
			captions := fs.Bool("captions", false, "also look in image captions")
			limit := fs.Int("limit", 50, "at most `N` sentences")
			asJSON := fs.Bool("json", false, "one JSON object per line")
			return func(e *Env, args []string) error {
				if len(args) != 2 {
					return usagef("want two entity names")
				}
				if *limit <= 0 {
					return usagef("--limit must be positive")
				}
				q, err := f.query_()
				if err != nil {
					return err
				}
				q.Captions = *captions
				c, err := openEntities(e, *f.corpus)
				if err != nil {
					return err
				}
				defer c.Close()
				ev, err := c.EvidenceFor(context.Background(), args[0], args[1], q, *limit)
				if err != nil {
					return err
				}
				if *asJSON {
					enc := json.NewEncoder(e.Stdout)
					for _, x := range ev {
						if err := enc.Encode(x); err != nil {
							return err
						}
					}
					return nil
				}
				if len(ev) == 0 {
					fmt.Fprintf(e.Stdout, "%s and %s never occur together here\n", args[0], args[1])
					return nil
				}
				for _, x := range ev {
					where := x.Field
					if x.Window == "doc" {
						where += ", same article only"
					}
					fmt.Fprintf(e.Stdout, "%s  %s  %s  (%s)\n    %s\n", dateOrDash(x.Published), clip(x.Outlet, 24), x.ArticleID, where, x.Sentence)
				}
				fmt.Fprintf(e.Stderr, "%d sentences\n", len(ev))
				return nil
			}
		},
	})
}
