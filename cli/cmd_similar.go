package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/parallax-research/parallax/corpus"
	"github.com/parallax-research/parallax/index"
)

func init() {
	register(&command{
		name:  "similar",
		args:  "[flags] ID|FILE",
		short: "find other coverage of the same event",
		long: `Lists the articles most likely to report the same event as the article ID
(or FILE, analysed on the fly when it is not in the corpus), best first, with
a score and the reasons: shared entities, shared distinctive terms and the
date distance. The score is the similarity of the articles' event vectors
(TF-IDF of their distinctive terms, title, lead paragraph and entities)
times a date factor, a little lower for the article's own outlet; only
articles within ±D days are candidates (undated ones always are,
penalised).

Text output: score, date, outlet, title, id, then the reasons indented.
--json: one JSON object per hit (id, outlet, title, published, score, reasons).`,
		setup: func(fs *flag.FlagSet) func(*Env, []string) error {
			dir := corpusFlag(fs)
			k := fs.Int("k", 10, "at most `N` articles")
			days := fs.Int("days", corpus.DefaultDays, "date window in `days` either side (-1: no window)")
			other := fs.Bool("other-outlets", false, "leave out the article's own outlet")
			asJSON := fs.Bool("json", false, "one JSON object per hit")
			return func(e *Env, args []string) error {
				if len(args) != 1 {
					return usagef("want exactly one article id or file")
				}
				if *k <= 0 {
					return usagef("--k must be positive")
				}
				c, err := openCorpus(e, *dir, false)
				if err != nil {
					return err
				}
				defer c.Close()
				ctx := context.Background()
				a, err := articleArg(ctx, c, args[0])
				if err != nil {
					return err
				}
				hits, err := c.Similar(ctx, a, *k, *days, *other)
				if err != nil {
					return err
				}
				if *asJSON {
					enc := json.NewEncoder(e.Stdout)
					for _, h := range hits {
						if err := enc.Encode(h); err != nil {
							return err
						}
					}
					return nil
				}
				fmt.Fprintf(e.Stdout, "%s — %s (%s)\n", a.Outlet, a.Title, dateOrDash(a.Published))
				for _, h := range hits {
					fmt.Fprintf(e.Stdout, "%6.3f  %-10s  %-24s  %s  %s\n", h.Score, dateOrDash(h.Published), clip(h.Outlet, 24), h.Title, h.ID)
					for _, r := range h.Reasons {
						fmt.Fprintf(e.Stdout, "        %s\n", r)
					}
				}
				if len(hits) == 0 {
					fmt.Fprintln(e.Stderr, "no similar articles")
				}
				return nil
			}
		},
	})
}

// articleArg returns the stored article with id arg, or else the article
// read from the file arg (analysed like an import, entities included).
func articleArg(ctx context.Context, c *index.Corpus, arg string) (*corpus.Article, error) {
	a, err := c.Article(arg)
	if err == nil {
		return a, nil
	}
	st, serr := os.Stat(arg)
	if serr != nil || st.IsDir() {
		return nil, fmt.Errorf("%q is neither an article id nor a file", arg)
	}
	return ReadArticleFile(ctx, arg)
}

// ReadArticleFile reads and analyses one file the way the importer does
// (cleaning, dating, entities), without storing it. A file holding several
// articles yields the first.
func ReadArticleFile(ctx context.Context, path string) (*corpus.Article, error) {
	var sink captureSink
	var ferr error
	im := &corpus.Importer{Analyze: corpus.ExtractEntities, OnError: func(_ string, err error) error {
		ferr = err
		return nil
	}}
	if _, err := im.Import(ctx, &sink, path); err != nil {
		return nil, err
	}
	if len(sink.arts) == 0 {
		if ferr != nil {
			return nil, fmt.Errorf("%s: %w", path, ferr)
		}
		return nil, fmt.Errorf("%s: %w", path, errors.New("no article in the file"))
	}
	a := sink.arts[0]
	if strings.TrimSpace(a.Body) == "" {
		return nil, fmt.Errorf("%s: the article has no text", path)
	}
	return &a, nil
}

type captureSink struct{ arts []corpus.Article }

func (s *captureSink) Put(_ context.Context, b corpus.Batch) error {
	s.arts = append(s.arts, b.Articles...)
	return nil
}
