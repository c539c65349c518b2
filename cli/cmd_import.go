package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/parallax-research/parallax/corpus"
	"github.com/parallax-research/parallax/index"
)

func init() {
	register(&command{
		name:  "import",
		args:  "[flags] PATH...",
		short: "import folders, archives and files into the corpus",
		long: `Folders are read recursively; .zip archives are read like folders. A file that
cannot be read is reported on stderr as "path: reason" and skipped; the rest of
the import goes on. Files imported before and unchanged are skipped. Ctrl-C
stops cleanly after the current batch.`,
		setup: func(fs *flag.FlagSet) func(*Env, []string) error {
			dir := corpusFlag(fs)
			quiet := fs.Bool("quiet", false, "no progress line")
			force := fs.Bool("force", false, "re-import files even when unchanged since the last import")
			metadata := fs.String("metadata", "", "sidecar manifest `FILE` (CSV/TSV with a path column); default: manifest.tsv/.csv or metadata.tsv/.csv at an import root")
			folder := fs.String("outlet-from-folder", "auto", "outlet = first folder level below the import root: `auto` (when the root holds folders), on, off")
			return func(e *Env, args []string) error {
				if len(args) == 0 {
					return usagef("no path to import")
				}
				c, err := openCorpus(e, *dir, true)
				if err != nil {
					return err
				}
				defer c.Close()
				opts := importOptions{force: *force, manifest: *metadata}
				switch *folder {
				case "auto":
				case "on", "yes", "true":
					opts.folderOutlet = corpus.FolderOutletOn
				case "off", "no", "false":
					opts.folderOutlet = corpus.FolderOutletOff
				default:
					return usagef("--outlet-from-folder takes auto, on or off")
				}
				ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
				defer stop()
				p, err := runImport(ctx, e, c, args, !*quiet, opts)
				fmt.Fprintf(e.Stdout, "imported %d files (%d articles), skipped %d, failed %d in %s; corpus has %d articles\n",
					p.Imported, p.Articles, p.Skipped, p.Failed, p.Elapsed.Round(time.Millisecond), c.Count())
				if errors.Is(err, context.Canceled) {
					return errors.New("interrupted: what was stored is kept; run the same import again to finish it")
				}
				return err
			}
		},
	})
}

// runImport imports paths into c, printing failures as they happen and a
// progress line on stderr (about ten times a second when it is a terminal).
type importOptions struct {
	force        bool
	manifest     string
	folderOutlet corpus.FolderOutlet
}

func runImport(ctx context.Context, e *Env, c *index.Corpus, paths []string, progress bool, opts importOptions) (corpus.Progress, error) {
	counters := new(corpus.Counters)
	im := c.NewImporter(counters, func(path string, err error) {
		fmt.Fprintf(e.Stderr, "%s: %s\n", path, err)
	})
	if opts.force {
		im.Unchanged = nil
	}
	im.Manifest = opts.manifest
	im.FolderOutlet = opts.folderOutlet
	stop := func() {}
	if progress && isTerminal(e.Stderr) {
		stop = corpus.Updater(ctx, counters, 100*time.Millisecond, func(p corpus.Progress) {
			fmt.Fprintf(e.Stderr, "\r%-80s", progressLine(p))
			if p.Finished {
				fmt.Fprint(e.Stderr, "\r\033[K")
			}
		})
	}
	p, err := im.Import(ctx, c, paths...)
	stop()
	return p, err
}

func progressLine(p corpus.Progress) string {
	if p.Finishing {
		return fmt.Sprintf("%d files, %d imported, %d skipped, %d failed; finishing: links, boilerplate, merging the index…", p.Done, p.Imported, p.Skipped, p.Failed)
	}
	s := fmt.Sprintf("%d/%d files, %d imported, %d skipped, %d failed, %.0f files/s", p.Done, p.Total, p.Imported, p.Skipped, p.Failed, p.Rate())
	if eta := p.ETA(); eta > 0 {
		s += ", ETA " + eta.String()
	}
	return s
}

func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
