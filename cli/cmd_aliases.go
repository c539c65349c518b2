package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/parallax-research/parallax/corpus"
)

func init() {
	register(&command{
		name:  "aliases",
		args:  "[flags] list | suggest | merge INTO NAME... | rename OLD NEW | split NAME | ignore NAME | unignore NAME | export [FILE] | import FILE",
		short: "merge, rename, split and ignore entities (the corpus's alias table)",
		long: `The alias table changes how entities are counted, listed and linked in
co-occurrence, at once and without re-importing:

  list                 print the table
  suggest              propose merges across articles: bare surnames into the
                       full name that dominates the corpus ("Trump" → "Donald
                       Trump"), acronyms into the organisation whose initials
                       they spell (--top N shows the N most mentioned;
                       --apply merges the ones shown)
  merge INTO NAME...   count every NAME as the entity INTO
  rename OLD NEW       show the entity OLD as NEW
  split NAME           undo merges and renames into or out of NAME; when there
                       are none, undo the automatic folding into NAME (built-in
                       aliases like "U.S." → "United States", and short forms
                       like "Obama" → "Barack Obama")
  ignore NAME          a stop-entity: left out of lists and networks
  unignore NAME        lift that
  export [FILE]        write the table as a plain tab-separated file (stdout
                       without FILE), to share with a team
  import FILE          read such a file and add its rules (--replace: replace
                       the whole table)

Names with spaces need quotes: parallax aliases merge "Barack Obama" Obama.`,
		setup: func(fs *flag.FlagSet) func(*Env, []string) error {
			dir := corpusFlag(fs)
			replace := fs.Bool("replace", false, "import: replace the table instead of adding to it")
			apply := fs.Bool("apply", false, "suggest: merge the suggestions shown")
			top := fs.Int("top", 50, "suggest: show the `N` most mentioned suggestions (0: all)")
			return func(e *Env, args []string) error {
				if len(args) == 0 {
					return usagef("want an action: list, merge, rename, split, ignore, unignore, export or import")
				}
				act, rest := args[0], args[1:]
				want := func(n int, what string) error {
					if len(rest) != n {
						return usagef("%s wants %s", act, what)
					}
					return nil
				}
				var err error
				switch act {
				case "list", "export", "suggest":
					if act != "export" {
						err = want(0, "no arguments")
					} else if len(rest) > 1 {
						err = usagef("export wants at most one file")
					}
				case "merge":
					if len(rest) < 2 {
						err = usagef("merge wants INTO and at least one NAME")
					}
				case "rename":
					err = want(2, "OLD and NEW")
				case "split", "ignore", "unignore":
					err = want(1, "one NAME")
				case "import":
					err = want(1, "one FILE")
				default:
					err = usagef("unknown action %q", act)
				}
				if err != nil {
					return err
				}
				var table corpus.AliasTable
				if act == "import" {
					data, err := os.ReadFile(rest[0])
					if err != nil {
						return err
					}
					if table, err = corpus.ReadAliasTSV(bytes.NewReader(data)); err != nil {
						return fmt.Errorf("%s: %w", rest[0], err)
					}
				}
				c, err := openCorpus(e, *dir, false)
				if err != nil {
					return err
				}
				defer c.Close()
				switch act {
				case "list":
					t, err := c.Aliases()
					if err != nil {
						return err
					}
					if len(t.Rules) == 0 {
						fmt.Fprintln(e.Stdout, "the alias table is empty")
						return nil
					}
					return printAliases(e, t)
				case "export":
					t, err := c.Aliases()
					if err != nil {
						return err
					}
					if len(rest) == 0 {
						return corpus.WriteAliasTSV(e.Stdout, t)
					}
					var buf bytes.Buffer
					if err := corpus.WriteAliasTSV(&buf, t); err != nil {
						return err
					}
					if err := os.WriteFile(rest[0], buf.Bytes(), 0o644); err != nil {
						return err
					}
					fmt.Fprintf(e.Stderr, "%d rules written to %s\n", len(t.Rules), rest[0])
					return nil
				case "import":
					if !*replace {
						old, err := c.Aliases()
						if err != nil {
							return err
						}
						for _, r := range table.Rules {
							old.Set(r)
						}
						table = old
					}
					if err := c.SetAliases(table); err != nil {
						return err
					}
					fmt.Fprintf(e.Stderr, "the alias table has %d rules\n", len(table.Rules))
					return nil
				case "suggest":
					sug, err := c.AliasSuggestions(context.Background(), max(0, *top))
					if err != nil {
						return err
					}
					if len(sug) == 0 {
						fmt.Fprintln(e.Stdout, "no suggestions")
						return nil
					}
					for _, x := range sug {
						fmt.Fprintf(e.Stdout, "merge %-28s → %-28s (%d and %d mentions; %s)\n", x.Name, x.Into, x.Count, x.IntoCount, x.Reason)
						if *apply {
							if err := c.MergeEntities(x.Into, x.Name); err != nil {
								return err
							}
						}
					}
					if *apply {
						fmt.Fprintf(e.Stderr, "%d merges added to the alias table\n", len(sug))
					}
					return nil
				case "merge":
					return c.MergeEntities(rest[0], rest[1:]...)
				case "rename":
					return c.RenameEntity(rest[0], rest[1])
				case "split":
					return c.SplitEntity(rest[0])
				case "ignore":
					return c.IgnoreEntity(rest[0], true)
				case "unignore":
					return c.IgnoreEntity(rest[0], false)
				}
				return nil
			}
		},
	})
}

func printAliases(e *Env, t corpus.AliasTable) error {
	for _, r := range t.Rules {
		switch r.Action {
		case corpus.AliasMerge:
			fmt.Fprintf(e.Stdout, "merge    %s → %s\n", r.Name, r.Target)
		case corpus.AliasRename:
			fmt.Fprintf(e.Stdout, "rename   %s → %s\n", r.Name, r.Target)
		default:
			fmt.Fprintf(e.Stdout, "%-8s %s\n", r.Action, r.Name)
		}
	}
	return nil
}
