package cli

import (
	"flag"
	"fmt"
	"strings"

	"github.com/parallax-research/parallax/index"
)

func init() {
	register(&command{
		name:  "saved",
		args:  "add NAME QUERY | list | run NAME [search flags] | rm NAME",
		short: "named searches kept in the corpus (shared with the app)",
		long: `add NAME QUERY   saves (or replaces) a query under NAME; the query must parse
list             lists the saved searches
run NAME [flags] runs it like parallax search, with search's flags after the name
rm NAME          deletes it`,
		setup: func(fs *flag.FlagSet) func(*Env, []string) error {
			dir := corpusFlag(fs)
			return func(e *Env, args []string) error {
				if len(args) == 0 {
					return usagef("add, list, run or rm?")
				}
				sub, rest := args[0], args[1:]
				switch sub {
				case "add", "list", "rm", "run":
				default:
					return usagef("unknown saved-search command %q (add, list, run, rm)", sub)
				}
				if (sub == "add" && len(rest) < 2) || ((sub == "rm" || sub == "run") && len(rest) < 1) {
					return usagef("%s needs a name%s", sub, map[bool]string{true: " and a query"}[sub == "add"])
				}
				var c *index.Corpus
				var err error
				if sub == "add" || sub == "rm" {
					c, err = openCorpus(e, *dir, false)
				} else {
					c, err = openReading(e, *dir)
				}
				if err != nil {
					return err
				}
				switch sub {
				case "add":
					defer c.Close()
					if err := c.SaveSearch(rest[0], strings.Join(rest[1:], " ")); err != nil {
						return err
					}
					fmt.Fprintf(e.Stdout, "saved %q\n", strings.TrimSpace(rest[0]))
				case "list":
					defer c.Close()
					list, err := c.SavedSearches()
					if err != nil {
						return err
					}
					for _, s := range list {
						fmt.Fprintf(e.Stdout, "%-24s  %s  %s\n", s.Name, s.Created.Format("2006-01-02"), s.Query)
					}
				case "rm":
					defer c.Close()
					if err := c.DeleteSearch(rest[0]); err != nil {
						return err
					}
					fmt.Fprintf(e.Stdout, "deleted %q\n", rest[0])
				case "run":
					s, err := c.SavedSearch(rest[0])
					c.Close()
					if err != nil {
						return err
					}
					sargs := []string{"search"}
					if *dir != "" {
						sargs = append(sargs, "--corpus", *dir)
					}
					sargs = append(append(sargs, rest[1:]...), "--", s.Query)
					if code := Run(e, sargs); code != 0 {
						return fmt.Errorf("saved search %q failed", s.Name)
					}
				}
				return nil
			}
		},
	})
}
