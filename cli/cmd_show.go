package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/parallax-research/parallax/corpus"
)

func init() {
	register(&command{
		name:  "show",
		args:  "[flags] ID",
		short: "print a stored article",
		setup: func(fs *flag.FlagSet) func(*Env, []string) error {
			dir := corpusFlag(fs)
			asJSON := fs.Bool("json", false, "print the article as JSON")
			return func(e *Env, args []string) error {
				if len(args) != 1 {
					return usagef("want exactly one article id")
				}
				c, err := openCorpus(e, *dir, false)
				if err != nil {
					return err
				}
				defer c.Close()
				a, err := c.Article(args[0])
				if err != nil {
					return err
				}
				if *asJSON {
					return writeJSON(e.Stdout, a)
				}
				PrintArticle(e.Stdout, a)
				return nil
			}
		},
	})
	register(&command{
		name:  "version",
		args:  "",
		short: "print the version",
		setup: func(fs *flag.FlagSet) func(*Env, []string) error {
			return func(e *Env, args []string) error {
				if len(args) != 0 {
					return usagef("takes no arguments")
				}
				fmt.Fprintf(e.Stdout, "parallax %s\n", Version)
				return nil
			}
		},
	})
}

// PrintArticle writes an article as readable text.
func PrintArticle(w io.Writer, a *corpus.Article) {
	fmt.Fprintf(w, "%s\n%s\n", a.Title, strings.Repeat("=", min(len(a.Title), 78)))
	field := func(k, v string) {
		if v != "" {
			fmt.Fprintf(w, "%-10s %s\n", k+":", v)
		}
	}
	field("id", a.ID)
	field("outlet", a.Outlet)
	if a.Dated() {
		field("published", a.Published.Format("2006-01-02")+" ("+a.DateSource+")")
	}
	field("authors", strings.Join(a.Authors, "; "))
	field("language", a.Lang)
	field("url", a.URL)
	field("format", a.Format)
	field("path", a.Path)
	for _, c := range a.Copies {
		field("copy", c)
	}
	for _, k := range sortedKeys(a.Meta) {
		field(k, a.Meta[k])
	}
	fmt.Fprintf(w, "\n%s\n", a.Body)
	if len(a.Captions) > 0 {
		fmt.Fprintln(w, "\n-- captions --")
		for _, c := range a.Captions {
			fmt.Fprintln(w, c)
		}
	}
	if len(a.Removed) > 0 {
		fmt.Fprintln(w, "\n-- removed as boilerplate --")
		for _, c := range a.Removed {
			fmt.Fprintln(w, c)
		}
	}
}

func dateOrDash(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format("2006-01-02")
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
