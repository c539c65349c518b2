package cli

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/parallax-research/parallax/index"
)

func init() {
	register(&command{
		name:  "export",
		args:  "[flags] [QUERY]",
		short: "export every matching article as CSV or JSONL",
		long: `Streams every article matching the query (all of them: no cap) with the chosen
fields. The output starts with a record of how it was made, for
reproducibility: the Parallax version, the corpus (name, directory, article
count), the query, filters and sort, and the time. In JSONL it is the first
line, {"_parallax_export": {...}}; in CSV it is two "# " comment lines before
the header row (pandas: read_csv(..., comment="#")). With no query every
article is exported. In CSV, list fields are joined with " | ".

Fields: ` + strings.Join(index.ExportFields, ", ") + `, meta.NAME.
Default: ` + strings.Join(index.DefaultExportFields, ",") + `.

The query syntax is the one of parallax search (parallax help search).`,
		setup: func(fs *flag.FlagSet) func(*Env, []string) error {
			qf := addQueryFlags(fs, "date")
			format := fs.String("format", "csv", "output `format`: csv or jsonl")
			fields := fs.String("fields", "", "comma-separated `fields` (default "+strings.Join(index.DefaultExportFields, ",")+")")
			out := fs.String("o", "", "write to `file` instead of standard output")
			return func(e *Env, args []string) error {
				if *format != "csv" && *format != "jsonl" {
					return usagef("--format is csv or jsonl")
				}
				var fl []string
				for _, f := range strings.Split(*fields, ",") {
					if f = strings.TrimSpace(f); f != "" {
						fl = append(fl, f)
					}
				}
				return qf.run(e, args, func(ctx context.Context, c *index.Corpus, q index.Query) error {
					index.ProgramVersion = Version
					w := e.Stdout
					if *out != "" {
						f, err := os.Create(*out)
						if err != nil {
							return err
						}
						defer f.Close()
						bw := bufio.NewWriter(f)
						defer bw.Flush()
						w = bw
					}
					n, err := c.Export(ctx, q, *format, fl, w)
					if err != nil {
						return err
					}
					fmt.Fprintf(e.Stderr, "exported %d articles\n", n)
					return nil
				})
			}
		},
	})
}
