package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/parallax-research/parallax/index"
)

// Version is set by main (and by -ldflags at release time).
var Version = "0.1.0-dev"

// Env is what a command runs with.
type Env struct {
	Stdout, Stderr io.Writer
	Stdin          io.Reader
	// Getenv reads the environment (os.Getenv by default).
	Getenv func(string) string
}

// command is one CLI subcommand. Each lives in its own file and registers
// itself in init, so adding one touches no shared file.
type command struct {
	name  string
	args  string // usage after the flags, e.g. "[flags] QUERY"
	short string // one line for the command list
	long  string // the help text after the usage line
	// setup declares the command's flags on fs and returns the function
	// that runs the command with the remaining arguments.
	setup func(fs *flag.FlagSet) func(e *Env, args []string) error
	// brief commands read a bounded amount and exit at once (search):
	// main runs them with a lazier garbage collector.
	brief bool
}

var commands = map[string]*command{}

func register(c *command) { commands[c.name] = c }

// usageError makes the command print its usage and exit with code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// IsCommand reports whether name is a CLI subcommand.
func IsCommand(name string) bool {
	_, ok := commands[name]
	return ok || name == "help" || name == "-h" || name == "--help" || name == "-help"
}

// Brief reports whether name is a brief command (see command.brief) or
// the help.
func Brief(name string) bool {
	if c, ok := commands[name]; ok {
		return c.brief
	}
	return IsCommand(name)
}

// Run runs the subcommand in args[0] and returns the process exit code:
// 0 success, 1 failure, 2 wrong call.
func Run(e *Env, args []string) int {
	if e.Getenv == nil {
		e.Getenv = os.Getenv
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		if len(args) > 1 {
			if c, ok := commands[args[1]]; ok {
				fs := newFlagSet(e, c)
				c.setup(fs)
				fs.SetOutput(e.Stdout)
				fs.Usage()
				return 0
			}
		}
		printMain(e.Stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(e.Stderr, "parallax: unknown command %q\n", args[0])
		fmt.Fprintln(e.Stderr, "usage: parallax <command> [flags] [args]   (parallax help lists the commands)")
		return 2
	}
	fs := newFlagSet(e, c)
	run := c.setup(fs)
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	err := run(e, fs.Args())
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(e.Stderr, "parallax %s: %s\n", c.name, ue.msg)
		fmt.Fprintf(e.Stderr, "usage: parallax %s %s\n", c.name, c.args)
		return 2
	default:
		fmt.Fprintf(e.Stderr, "parallax %s: %s\n", c.name, oneLine(err.Error()))
		return 1
	}
}

func newFlagSet(e *Env, c *command) *flag.FlagSet {
	fs := flag.NewFlagSet("parallax "+c.name, flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	fs.Usage = func() {
		out := fs.Output()
		fmt.Fprintf(out, "usage: parallax %s %s\n\n%s\n", c.name, c.args, strings.TrimSpace(c.short))
		if c.long != "" {
			fmt.Fprintf(out, "\n%s\n", strings.TrimRight(c.long, "\n"))
		}
		hasFlags := false
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprintln(out, "\nflags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

func printMain(w io.Writer) {
	fmt.Fprintln(w, `Parallax: search, compare and map news coverage, offline.

usage: parallax                      open the desktop app
       parallax <command> [flags]    run a command headless

commands:`)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, commands[n].short)
	}
	fmt.Fprintln(w, `
Every command takes -h. The corpus is --corpus DIR, else $PARALLAX_CORPUS,
else the per-user default corpus.`)
}

func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// corpusFlag declares --corpus on fs.
func corpusFlag(fs *flag.FlagSet) *string {
	return fs.String("corpus", "", "corpus `directory` (default $PARALLAX_CORPUS or the per-user default corpus)")
}

// openCorpus opens the corpus named by the flag, the environment or the
// default location.
func openCorpus(e *Env, flagDir string, create bool) (*index.Corpus, error) {
	dir := ResolveCorpusDir(flagDir, e.Getenv)
	return index.Open(dir, index.Options{Create: create})
}

// ResolveCorpusDir picks the corpus directory: the flag, else
// $PARALLAX_CORPUS, else the per-user default.
func ResolveCorpusDir(flagDir string, getenv func(string) string) string {
	if flagDir != "" {
		return flagDir
	}
	if d := getenv("PARALLAX_CORPUS"); d != "" {
		return d
	}
	return index.DefaultDir()
}

func sortedKeys(m map[string]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
