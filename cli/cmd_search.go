package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/parallax-research/parallax/index"
)

// querySyntax is the query language reference, shown by `parallax help search`
// and referred to by the other query-taking commands.
const querySyntax = `QUERY SYNTAX

Words and phrases
  summit                 the word, stemmed (summits, summit's), any case, diacritics
                         folded (cafe finds Café); searched in title (counts double),
                         body and captions
  "climate summit"       the phrase (stop words like "the" are gaps that match any word)
  "obama putin"~10       proximity: all the words within 10 words of each other, any order
  Syrian-owned           a word with punctuation is a phrase: "syrian owned"
  exact:"Syrian-owned"   verbatim text: case, hyphens and accents as written
  summ*  r?n             wildcards on the indexed (lower-case, stemmed) words
  kremlim~1  krenlim~2   fuzzy: 1 or 2 edits (~ alone means 1)
  /summ[a-z]+/           regular expression on the indexed words
  summit^3               boost a clause's weight in the relevance score

Combining
  putin paris            either word (OR is the default); articles with both rank first
  putin AND paris        both; "putin OR paris" is the same as "putin paris"
  +putin +paris          + requires a clause, - (or NOT) excludes it
  putin -paris           putin, but not paris;  -summit alone: every article without it
  (kremlin OR memo) AND syria      parentheses group clauses

Fields (field:value; a phrase or a group works as the value: title:(summit OR memo))
  title: body: captions: text:   one text field (text: = all three)
  outlet:"Fox News"      the outlet, whole value, any case; outlet:fox* works
  author:smith           a word of an author's name
  lang:fr  format:html   the detected language, the file format
  url:*reuters*  path:Wire/*   keywords (exact, case-sensitive; use wildcards)
  id:ID                  one article
  entity:"barack obama"  a named entity (canonical name, any case)
  entity.per: entity.org: entity.loc: entity.misc:   an entity of one type (exact name)
  meta.NAME:value        custom metadata from JSON/CSV fields or manifest columns
                         (exact value), e.g. meta.topic:"foreign policy"

Dates (UTC)
  published:2015-11-03   that day; published:2015-11 that month; published:2015 that year
  published:>="2015-11-01" published:<"2015-12-01"   ranges: > >= < <=  (date: works too)
  year:2016  month:>=2016-01  day:2015-11-03         keyword forms
  Combine with AND or +:  +published:>=2015-11-01 +published:<2015-12-01

Special characters ( ) " : ^ ~ * ? \ are escaped with a backslash. A malformed
query is reported with the column where it goes wrong.`

// strList is a repeatable string flag.
type strList []string

func (s *strList) String() string     { return strings.Join(*s, ",") }
func (s *strList) Set(v string) error { *s = append(*s, v); return nil }

// queryFlags are the flags every query-taking command shares.
type queryFlags struct {
	dir              *string
	sort             *string
	filters, exclude strList
}

func addQueryFlags(fs *flag.FlagSet, defaultSort string) *queryFlags {
	qf := &queryFlags{dir: corpusFlag(fs)}
	qf.sort = fs.String("sort", defaultSort, "order: `relevance`, date, -date (newest first) or outlet")
	fs.Var(&qf.filters, "filter", "keep only FACET=VALUE, e.g. outlet=CNN, year=2016, week=2016-03-14 (the 7 days from that date), entity.PER=Barack Obama (repeatable)")
	fs.Var(&qf.exclude, "exclude", "drop FACET=VALUE (repeatable)")
	return qf
}

// query builds the Query from the arguments and flags.
// run parses the query, opens the corpus for reading and calls fn with
// them and a context that Ctrl-C cancels; the corpus is closed after.
func (qf *queryFlags) run(e *Env, args []string, fn func(ctx context.Context, c *index.Corpus, q index.Query) error) error {
	q, err := qf.query(args)
	if err != nil {
		return err
	}
	c, err := openReading(e, *qf.dir)
	if err != nil {
		return err
	}
	defer c.Close()
	ctx, stop := interruptible()
	defer stop()
	return fn(ctx, c, q)
}

func (qf *queryFlags) query(args []string) (index.Query, error) {
	q := index.Query{Text: strings.Join(args, " "), Sort: *qf.sort}
	for _, spec := range []struct {
		list    strList
		exclude bool
	}{{qf.filters, false}, {qf.exclude, true}} {
		for _, f := range spec.list {
			k, v, ok := strings.Cut(f, "=")
			if !ok || k == "" {
				return q, usagef("--filter and --exclude take FACET=VALUE, not %q", f)
			}
			q.Filters = append(q.Filters, index.Filter{Field: k, Value: v, Exclude: spec.exclude})
		}
	}
	return q, nil
}

// interruptible returns a context cancelled by Ctrl-C.
func interruptible() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt)
}

func init() {
	register(&command{
		name:  "search",
		args:  "[flags] QUERY",
		short: "search the corpus",
		brief: true,
		long: `Prints the hits, best first (see --sort), and how many there are. There is no
cap: --all prints every hit, --limit and --from page through them.

Text output: one hit per line: score, date, outlet, title, path; --snippets adds
the best fragment of each article with matches in «». --facet FACET (repeatable:
outlet, year, month, day, lang, format, entity.PER, entity.ORG, entity.LOC,
entity.MISC, meta.NAME) prints the counts of the matching articles per value.
--json: one JSON object per hit (id, path, title, outlet, published, score,
snippet, fragments), then one {"facets": ...} object when asked for.

Reading commands (search, kwic, timeline, export, check, saved list/run) open
the corpus read-only and may run side by side; while an import or the app has
the corpus open they report that it is in use.

` + querySyntax,
		setup: func(fs *flag.FlagSet) func(*Env, []string) error {
			qf := addQueryFlags(fs, "relevance")
			asJSON := fs.Bool("json", false, "one JSON object per hit")
			limit := fs.Int("limit", 20, "at most `N` hits")
			from := fs.Int("from", 0, "skip the first `N` hits")
			all := fs.Bool("all", false, "print every hit (ignores --limit and --from)")
			snippets := fs.Bool("snippets", false, "print the best fragment of each hit under it")
			var facets strList
			fs.Var(&facets, "facet", "count matches per value of `FACET` (repeatable)")
			return func(e *Env, args []string) error {
				if len(args) == 0 && len(qf.filters) == 0 {
					return usagef("no query")
				}
				if *limit <= 0 {
					return usagef("--limit must be positive")
				}
				return qf.run(e, args, func(ctx context.Context, c *index.Corpus, q index.Query) error {
					q.Size, q.From, q.Facets, q.Highlight = *limit, *from, facets, *snippets || *asJSON
					q.NoSnippets = !q.Highlight // the plain listing prints none
					if *all {
						q.Size, q.From = 1000, 0
					}
					out := bufio.NewWriter(e.Stdout) // flushed after every page
					enc := json.NewEncoder(out)
					enc.SetEscapeHTML(false)
					var total uint64
					var facetRes map[string][]index.FacetCount
					for page := 0; ; page++ {
						res, err := c.Search(ctx, q)
						if err != nil {
							return err
						}
						if page == 0 {
							total, facetRes = res.Total, res.Facets
							q.Facets = nil
						}
						for _, h := range res.Hits {
							if *asJSON {
								if err := enc.Encode(h); err != nil {
									return err
								}
								continue
							}
							fmt.Fprintf(out, "%6.3f  %-10s  %-24s  %s  %s\n", h.Score, dateOrDash(h.Published), clip(h.Outlet, 24), h.Title, h.Path)
							if *snippets && h.Snippet != "" {
								fmt.Fprintf(out, "        %s\n", h.Snippet)
							}
						}
						if err := out.Flush(); err != nil {
							return err
						}
						if !*all || len(res.Hits) < q.Size {
							break
						}
						q.After = res.Hits[len(res.Hits)-1].SortKey
					}
					if len(facetRes) > 0 {
						if *asJSON {
							enc.Encode(map[string]any{"facets": facetRes})
						} else {
							printFacets(out, facets, facetRes)
						}
					}
					if err := out.Flush(); err != nil {
						return err
					}
					fmt.Fprintf(e.Stderr, "%d hits\n", total)
					return nil
				})
			}
		},
	})
}

func printFacets(w io.Writer, order []string, f map[string][]index.FacetCount) {
	for _, name := range order {
		fmt.Fprintf(w, "\n%s:\n", name)
		for _, fc := range f[name] {
			v := fc.Value
			if v == "" {
				v = "(none)"
			}
			fmt.Fprintf(w, "  %7d  %s\n", fc.Count, v)
		}
	}
}

// openReading opens the corpus read-only, so several reading commands can
// share it (a writer, such as an import or the app, still excludes them).
func openReading(e *Env, flagDir string) (*index.Corpus, error) {
	dir := ResolveCorpusDir(flagDir, e.Getenv)
	if s := index.StoredSchema(dir); s > 0 && s < index.SchemaVersion {
		fmt.Fprintf(e.Stderr, "parallax: the corpus was written by an older Parallax (schema %d, now %d): rebuilding its index from the stored articles, once; this takes minutes on a large corpus\n", s, index.SchemaVersion)
	}
	return index.Open(dir, index.Options{ReadOnly: true})
}
