package cli

import (
	"encoding/json"
	"flag"
	"fmt"
)

func init() {
	register(&command{
		name:  "import-log",
		args:  "[flags]",
		short: "list the files that failed to import, with the reason",
		setup: func(fs *flag.FlagSet) func(*Env, []string) error {
			dir := corpusFlag(fs)
			asJSON := fs.Bool("json", false, "one JSON object per entry")
			return func(e *Env, args []string) error {
				if len(args) != 0 {
					return usagef("takes no arguments")
				}
				c, err := openCorpus(e, *dir, false)
				if err != nil {
					return err
				}
				defer c.Close()
				log, err := c.ImportLog()
				if err != nil {
					return err
				}
				for _, l := range log {
					if *asJSON {
						if err := json.NewEncoder(e.Stdout).Encode(l); err != nil {
							return err
						}
						continue
					}
					fmt.Fprintf(e.Stdout, "%s  %s: %s\n", l.Time.Local().Format("2006-01-02 15:04:05"), l.Path, l.Err)
				}
				if len(log) == 0 && !*asJSON {
					fmt.Fprintln(e.Stderr, "no failed imports recorded")
				}
				return nil
			}
		},
	})
}
