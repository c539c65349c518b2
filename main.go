// Command parallax is the Parallax desktop app and its command line.
//
// With no arguments (or only --corpus DIR) it opens the window; with a
// subcommand (parallax help lists them) it runs headless. This file is the
// composition root: the only place that imports Fyne's app package and the
// native dialog, and wires the corpus, the UI and the CLI together.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/parallax-research/parallax/app"
	"github.com/parallax-research/parallax/app/native"
	"github.com/parallax-research/parallax/assets"
	"github.com/parallax-research/parallax/cli"
	"github.com/parallax-research/parallax/index"
	"github.com/parallax-research/parallax/internal/gcinit"    // no collection while the packages initialise
	_ "github.com/parallax-research/parallax/internal/ldorder" // link flags: the loader's library order
	"github.com/parallax-research/parallax/internal/locale"    // first: the environment the toolkits' initialisers read
)

const appID = "io.github.parallax_research.parallax"

// memoryLimit is the soft heap limit (unless GOMEMLIMIT says otherwise): a
// large import then collects garbage a little more often instead of
// growing past a gigabyte.
const memoryLimit = 768 << 20

func main() {
	args := os.Args[1:]
	if len(args) > 0 && cli.Brief(args[0]) {
		gcinit.RestoreLazy() // a search is over before its garbage matters
	} else {
		gcinit.Restore()
	}
	locale.RestoreDisplay() // hidden from GTK's initialisation on command-line runs
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	if len(args) > 0 && cli.IsCommand(args[0]) {
		os.Exit(cli.Run(&cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Stdin: os.Stdin}, args))
	}
	fs := flag.NewFlagSet("parallax", flag.ContinueOnError)
	dirFlag := fs.String("corpus", "", "open the corpus in `directory` (default $PARALLAX_CORPUS or the per-user default corpus)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: parallax [--corpus DIR]        open the desktop app\n       parallax <command> [flags]     run a command (parallax help)")
	}
	if err := fs.Parse(args); err != nil {
		os.Exit(2)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "parallax: unknown command %q (parallax help lists the commands)\n", fs.Arg(0))
		os.Exit(2)
	}
	os.Exit(runGUI(cli.ResolveCorpusDir(*dirFlag, os.Getenv), *dirFlag != "" || os.Getenv("PARALLAX_CORPUS") != ""))
}

func runGUI(dir string, chosen bool) int {
	a := fyneapp.NewWithID(appID)
	a.SetIcon(assets.Icon)
	w := a.NewWindow("Parallax")
	if !chosen {
		// No --corpus and no $PARALLAX_CORPUS: reopen the last session's corpus.
		if last := app.LastCorpus(a); last != "" {
			dir = last
		}
	}
	index.ProgramVersion = cli.Version // written into export headers
	var ui *app.UI
	failed := false
	start := func(c *index.Corpus, err error) {
		if err != nil {
			// Say why in the terminal and in the window, then exit on close: never hang.
			failed = true
			fmt.Fprintf(os.Stderr, "parallax: %v\n", err)
			msg := widget.NewLabel("Parallax cannot open the corpus:\n\n" + err.Error())
			msg.Wrapping = fyne.TextWrapWord
			w.SetContent(msg)
			w.Resize(w.Content().MinSize().Max(fyne.NewSize(520, 160)))
			return
		}
		w.Resize(fyne.NewSize(1180, 760))
		ui = app.New(a, w, app.Deps{
			Corpus: c,
			Open: func(dir string, create bool) (app.Corpus, error) {
				return index.Open(dir, index.Options{Create: create})
			},
			CorporaDir: filepath.Join(index.DataDir(), "corpora"),
			Picker:     native.Picker{},
			Sample:     assets.Sample(),
			LoadSample: dir == index.DefaultDir(), // first start: fill the default corpus with the sample
		})
	}
	if s := index.StoredSchema(dir); s > 0 && s < index.SchemaVersion {
		// A corpus from an older Parallax gets its search index rebuilt from
		// the stored articles, minutes on a large corpus: say so in the
		// window while it runs instead of showing nothing. Closing the
		// window stops it safely (the old index stays until the new one is
		// complete), and the next start begins again.
		note := widget.NewLabel(fmt.Sprintf("Upgrading the corpus %s for this version of Parallax "+
			"(schema %d to %d): its search index is being rebuilt from the stored articles. "+
			"This happens once, and can take a few minutes for a large corpus.", dir, s, index.SchemaVersion))
		note.Wrapping = fyne.TextWrapWord
		w.SetContent(container.NewVBox(note, widget.NewProgressBarInfinite()))
		w.Resize(fyne.NewSize(560, 180))
		go func() {
			c, err := index.Open(dir, index.Options{Create: true})
			fyne.Do(func() { start(c, err) })
		}()
	} else {
		start(index.Open(dir, index.Options{Create: true}))
	}
	w.ShowAndRun()
	if ui == nil {
		if failed {
			return 1
		}
		return 0 // closed during an upgrade
	}
	ui.Shutdown()
	if err := ui.Corpus().Close(); err != nil {
		fmt.Fprintf(os.Stderr, "parallax: closing the corpus: %v\n", err)
		return 1
	}
	return 0
}
