package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"time"
)

func init() {
	register(&command{
		name:  "check",
		args:  "[flags]",
		short: "verify that the corpus's index and store agree",
		long: `Reads every stored article and every indexed document and reports counts and
problems: damaged records, articles missing from the index or indexed but not
stored, pending index work, import records naming unstored articles. Exits
with status 1 when it finds a problem; parallax rebuild fixes index problems.`,
		setup: func(fs *flag.FlagSet) func(*Env, []string) error {
			dir := corpusFlag(fs)
			asJSON := fs.Bool("json", false, "print the report as JSON")
			return func(e *Env, args []string) error {
				if len(args) > 0 {
					return usagef("check takes no arguments")
				}
				c, err := openReading(e, *dir)
				if err != nil {
					return err
				}
				defer c.Close()
				r, err := c.Check()
				if err != nil {
					return err
				}
				if *asJSON {
					json.NewEncoder(e.Stdout).Encode(r)
				} else {
					fmt.Fprintf(e.Stdout, "corpus %s (schema %d)\n", c.Dir(), r.Schema)
					fmt.Fprintf(e.Stdout, "  %d articles stored, %d indexed, %d import records, %d saved searches\n", r.Articles, r.Indexed, r.Files, r.Saved)
					for _, p := range r.Problems {
						fmt.Fprintf(e.Stdout, "  problem: %s\n", p)
					}
					for _, x := range r.Examples {
						fmt.Fprintf(e.Stdout, "    e.g. %s\n", x)
					}
					if r.OK() {
						fmt.Fprintln(e.Stdout, "  ok")
					}
				}
				if !r.OK() {
					return errors.New("the corpus has problems (see above)")
				}
				return nil
			}
		},
	})
	register(&command{
		name:  "rebuild",
		args:  "[flags]",
		short: "re-create the search index from the stored articles",
		long: `Builds a new index from the articles in the corpus's store and swaps it in;
the old index stays in use until the new one is complete, so an interrupted
rebuild changes nothing. The new index is merged into one segment;
--compact does only that merge on the current index.`,
		setup: func(fs *flag.FlagSet) func(*Env, []string) error {
			dir := corpusFlag(fs)
			quiet := fs.Bool("quiet", false, "no progress line")
			compact := fs.Bool("compact", false, "only merge the index's segments into one (faster phrase queries after big imports)")
			return func(e *Env, args []string) error {
				if len(args) > 0 {
					return usagef("rebuild takes no arguments")
				}
				c, err := openCorpus(e, *dir, false)
				if err != nil {
					return err
				}
				defer c.Close()
				ctx, stop := interruptible()
				defer stop()
				start := time.Now()
				if *compact {
					if err := c.Compact(ctx); err != nil {
						return err
					}
					fmt.Fprintf(e.Stdout, "compacted the index in %s\n", time.Since(start).Round(time.Millisecond))
					return nil
				}
				tty := !*quiet && isTerminal(e.Stderr)
				err = c.Rebuild(ctx, func(done, total int) {
					if tty {
						fmt.Fprintf(e.Stderr, "\r%d/%d articles", done, total)
					}
				})
				if tty {
					fmt.Fprint(e.Stderr, "\r\033[K")
				}
				if err != nil {
					return err
				}
				fmt.Fprintf(e.Stdout, "rebuilt the index of %d articles in %s\n", c.Count(), time.Since(start).Round(time.Millisecond))
				return nil
			}
		},
	})
}
