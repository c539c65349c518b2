package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/parallax-research/parallax/index"
)

func init() {
	register(&command{
		name:  "kwic",
		args:  "[flags] QUERY",
		short: "concordance: every occurrence of the query with its context",
		long: `Lists every occurrence of the query's words, phrases, wildcards and exact
strings in every matching article (title, body and captions) as aligned
left context / keyword / right context, with the article's date, outlet and
id. Articles come in date order (see --sort); --order left or right sorts the
lines by the words before or after the keyword instead, as concordancers do.

--json: one object per line (id, outlet, title, published, field, left,
keyword, right, start, end: byte offsets of the keyword in the field).

The query syntax is the one of parallax search (parallax help search).`,
		setup: func(fs *flag.FlagSet) func(*Env, []string) error {
			qf := addQueryFlags(fs, "date")
			width := fs.Int("width", 40, "`N` characters of context on each side")
			order := fs.String("order", "doc", "line order: `doc` (article order), left or right context")
			limit := fs.Int("limit", 0, "stop after `N` lines (0: all)")
			asJSON := fs.Bool("json", false, "one JSON object per line")
			return func(e *Env, args []string) error {
				if len(args) == 0 {
					return usagef("no query")
				}
				if *width <= 0 || *width > 1000 {
					return usagef("--width must be between 1 and 1000")
				}
				if *order != "doc" && *order != "left" && *order != "right" {
					return usagef("--order is doc, left or right")
				}
				return qf.run(e, args, func(ctx context.Context, c *index.Corpus, q index.Query) error {
					enc := json.NewEncoder(e.Stdout)
					enc.SetEscapeHTML(false)
					n := 0
					var kept []index.KWICLine
					errStop := fmt.Errorf("limit reached")
					emit := func(l index.KWICLine) error {
						if *asJSON {
							return enc.Encode(kwicJSON(l))
						}
						fmt.Fprintln(e.Stdout, kwicText(l, *width))
						return nil
					}
					err := c.KWIC(ctx, q, *width, func(l index.KWICLine) error {
						n++
						if *order != "doc" {
							kept = append(kept, l)
						} else if err := emit(l); err != nil {
							return err
						}
						if *limit > 0 && n >= *limit {
							return errStop
						}
						return nil
					})
					if err != nil && err != errStop {
						return err
					}
					if *order != "doc" {
						sortKWIC(kept, *order)
						for _, l := range kept {
							if err := emit(l); err != nil {
								return err
							}
						}
					}
					fmt.Fprintf(e.Stderr, "%d lines\n", n)
					return nil
				})
			}
		},
	})
}

// kwicText is one aligned concordance line: the left context is right-aligned
// in width columns, so the keywords line up.
func kwicText(l index.KWICLine, width int) string {
	left := []rune(l.Left)
	pad := strings.Repeat(" ", max(0, width-len(left)))
	return fmt.Sprintf("%-10s  %-20s  %s%s  %s  %s   %s", dateOrDash(l.Published), clip(l.Outlet, 20), pad, l.Left, l.Keyword, l.Right, l.ID)
}

func kwicJSON(l index.KWICLine) any {
	type line struct {
		ID        string `json:"id"`
		Outlet    string `json:"outlet"`
		Title     string `json:"title"`
		Published string `json:"published,omitempty"`
		Field     string `json:"field"`
		Left      string `json:"left"`
		Keyword   string `json:"keyword"`
		Right     string `json:"right"`
		Start     int    `json:"start"`
		End       int    `json:"end"`
	}
	out := line{ID: l.ID, Outlet: l.Outlet, Title: l.Title, Field: l.Field, Left: l.Left, Keyword: l.Keyword,
		Right: l.Right, Start: l.Start, End: l.End}
	if !l.Published.IsZero() {
		out.Published = l.Published.UTC().Format("2006-01-02T15:04:05Z")
	}
	return out
}

// sortKWIC orders lines by their right context (words after the keyword)
// or their left context read backwards from the keyword, ignoring case.
func sortKWIC(ls []index.KWICLine, by string) {
	key := func(l index.KWICLine) string {
		if by == "right" {
			return strings.ToLower(strings.TrimLeftFunc(l.Right, unicode.IsSpace))
		}
		words := strings.Fields(strings.ToLower(l.Left))
		slices.Reverse(words)
		return strings.Join(words, " ")
	}
	slices.SortStableFunc(ls, func(a, b index.KWICLine) int { return strings.Compare(key(a), key(b)) })
}
