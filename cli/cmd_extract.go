package cli

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/parallax-research/parallax/corpus"
)

func init() {
	register(&command{
		name:  "extract",
		args:  "[flags] FILE",
		short: "parse and analyse one file without a corpus, and print the article",
		long: `Prints what an import would store: title, outlet, published date and where it
came from, language, url, authors, body, captions, the lines removed as
boilerplate, custom metadata and entities. A multi-article file (JSONL, CSV,
zip) prints every article. --plain treats the whole file as body text, with no
title, caption or boilerplate heuristics.`,
		setup: func(fs *flag.FlagSet) func(*Env, []string) error {
			asJSON := fs.Bool("json", false, "print JSON (one object per article)")
			plain := fs.Bool("plain", false, "the whole file is body text: no heuristics")
			return func(e *Env, args []string) error {
				if len(args) != 1 {
					return usagef("want exactly one file")
				}
				var arts []corpus.Article
				if *plain {
					data, err := os.ReadFile(args[0])
					if err != nil {
						return err
					}
					a, err := corpus.PlainArticle(args[0], data)
					if err != nil {
						return fmt.Errorf("%s: %w", args[0], err)
					}
					analyzeExtracted(&a)
					arts = []corpus.Article{a}
				} else {
					im := &corpus.Importer{Analyze: analyzeExtracted}
					var err error
					arts, err = im.ReadFile(context.Background(), args[0])
					if err != nil && len(arts) == 0 {
						return err
					}
					if err != nil {
						fmt.Fprintln(e.Stderr, err)
					}
				}
				if len(arts) == 0 {
					return fmt.Errorf("%s: no article in the file", args[0])
				}
				for i := range arts {
					if *asJSON {
						if err := writeJSON(e.Stdout, &arts[i]); err != nil {
							return err
						}
						continue
					}
					if i > 0 {
						fmt.Fprintln(e.Stdout)
					}
					PrintArticle(e.Stdout, &arts[i])
				}
				return nil
			}
		},
	})
}
