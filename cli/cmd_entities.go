package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/parallax-research/parallax/index"
)

// entFlags are the selection flags shared by entities, cooccur and evidence.
type entFlags struct {
	corpus, query, outlets, types, from, to *string
	minCount, top                           *int
	captions                                *bool
}

func declareEntFlags(fs *flag.FlagSet, top int, withTypes bool) *entFlags {
	f := &entFlags{corpus: corpusFlag(fs)}
	f.query = fs.String("query", "", "only articles matching this `query` (parallax help search)")
	f.outlets = fs.String("outlet", "", "only these `outlets` (comma-separated)")
	f.from = fs.String("from", "", "only articles published on or after `DATE` (YYYY-MM-DD)")
	f.to = fs.String("to", "", "only articles published before `DATE` (YYYY-MM-DD)")
	if withTypes {
		f.types = fs.String("type", "", "only entities of these `types` (PER, ORG, LOC, MISC; comma-separated)")
		f.minCount = fs.Int("min-count", 0, "drop results seen fewer than `N` times (0: automatic)")
		f.top = fs.Int("top", top, "show the first `N` results")
		f.captions = fs.Bool("captions", false, "also count mentions in image captions")
	}
	return f
}

func entList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

func entDay(s, flagName string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, usagef("--%s wants a date like 2024-03-01, not %q", flagName, s)
	}
	return t, nil
}

func (f *entFlags) query_() (index.EntityQuery, error) {
	q := index.EntityQuery{Query: index.Query{Text: *f.query}, Outlets: entList(*f.outlets)}
	var err error
	if q.From, err = entDay(*f.from, "from"); err != nil {
		return q, err
	}
	if q.To, err = entDay(*f.to, "to"); err != nil {
		return q, err
	}
	if f.types != nil {
		q.Types = entList(*f.types)
		q.MinCount = *f.minCount
		q.Top = *f.top
		q.Captions = *f.captions
		if *f.top <= 0 {
			return q, usagef("--top must be positive")
		}
	}
	return q, nil
}

// openEntities opens the corpus for an entity command.
func openEntities(e *Env, dir string) (*index.Corpus, error) {
	return openCorpus(e, dir, false)
}

// hintNoEntities explains an empty result when the corpus has articles but
// no entity at all (imported before entities were recognised).
func hintNoEntities(e *Env, c *index.Corpus) {
	if c.Count() == 0 {
		return
	}
	if ents, err := c.Entities(context.Background(), index.EntityQuery{Top: 1}); err == nil && len(ents) == 0 {
		fmt.Fprintln(e.Stderr, "parallax: no entity is recorded in this corpus; if it was imported by an older Parallax, run: parallax entities --reextract")
	}
}

func init() {
	register(&command{
		name:  "entities",
		args:  "[flags]",
		short: "list the people, organisations, places and other names in the corpus",
		long: `Lists entities, most mentioned first: count (mentions), docs (articles) and
the mentions per outlet. Name variants are already merged ("U.S.", "US" and
"United States"; "Obama" after "Barack Obama" in the same article), and your
alias table (parallax aliases) applies. Mentions in image captions are left
out unless --captions is given.

--reextract runs the entity recogniser again over every stored article (for
a corpus imported before entities existed, or after an upgrade).

Output: a table, or --format json (one object per line) or csv.`,
		setup: func(fs *flag.FlagSet) func(*Env, []string) error {
			f := declareEntFlags(fs, 50, true)
			format := fs.String("format", "table", "output `format`: table, json or csv")
			reextract := fs.Bool("reextract", false, "run the entity recogniser again on every stored article first")
			return func(e *Env, args []string) error {
				if len(args) > 0 {
					return usagef("unexpected argument %q (the query goes in --query)", args[0])
				}
				q, err := f.query_()
				if err != nil {
					return err
				}
				switch *format {
				case "table", "json", "csv":
				default:
					return usagef("--format must be table, json or csv")
				}
				var c *index.Corpus
				if *reextract {
					if c, err = openCorpus(e, *f.corpus, false); err != nil {
						return err
					}
					n, err := c.ReextractEntities(context.Background(), func(done, total int) {
						fmt.Fprintf(e.Stderr, "\rre-extracting entities: %d / %d articles", done, total)
					})
					fmt.Fprintln(e.Stderr)
					if err != nil {
						c.Close()
						return err
					}
					fmt.Fprintf(e.Stderr, "%d articles updated\n", n)
				} else if c, err = openEntities(e, *f.corpus); err != nil {
					return err
				}
				defer c.Close()
				ents, err := c.Entities(context.Background(), q)
				if err != nil {
					return err
				}
				if len(ents) == 0 {
					hintNoEntities(e, c)
				}
				return writeEntities(e.Stdout, *format, ents)
			}
		},
	})
}

func entOutletList(m map[string]int, max int) string {
	type oc struct {
		o string
		n int
	}
	var l []oc
	for o, n := range m {
		l = append(l, oc{o, n})
	}
	sort.Slice(l, func(i, j int) bool { return l[i].n > l[j].n || l[i].n == l[j].n && l[i].o < l[j].o })
	var parts []string
	for i, x := range l {
		if max > 0 && i == max {
			parts = append(parts, fmt.Sprintf("+%d more", len(l)-max))
			break
		}
		parts = append(parts, fmt.Sprintf("%s %d", x.o, x.n))
	}
	return strings.Join(parts, ", ")
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeJSONLines writes one JSON object per line.
func writeJSONLines[T any](w io.Writer, xs []T) error {
	enc := json.NewEncoder(w)
	for _, x := range xs {
		if err := enc.Encode(x); err != nil {
			return err
		}
	}
	return nil
}

func writeEntities(w io.Writer, format string, ents []index.EntityStat) error {
	switch format {
	case "json":
		return writeJSONLines(w, ents)
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write([]string{"id", "name", "type", "count", "docs", "sentences", "by_outlet"})
		for _, x := range ents {
			var outs []string
			for _, o := range entSortedKeys(x.ByOutlet) {
				outs = append(outs, o+"="+strconv.Itoa(x.ByOutlet[o]))
			}
			cw.Write([]string{strconv.Itoa(x.ID), x.Name, x.Type, strconv.Itoa(x.Count), strconv.Itoa(x.Docs), strconv.Itoa(x.Sentences), strings.Join(outs, ";")})
		}
		cw.Flush()
		return cw.Error()
	}
	if len(ents) == 0 {
		fmt.Fprintln(w, "no entities")
		return nil
	}
	fmt.Fprintf(w, "%4s  %-32s %-4s %7s %6s  %s\n", "#", "entity", "type", "count", "docs", "per outlet")
	for i, x := range ents {
		fmt.Fprintf(w, "%4d  %-32s %-4s %7d %6d  %s\n", i+1, clip(x.Name, 32), x.Type, x.Count, x.Docs, entOutletList(x.ByOutlet, 6))
	}
	return nil
}

func entSortedKeys(m map[string]int) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
