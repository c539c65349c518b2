package index

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/parallax-research/parallax/corpus"
)

// The crash test: an import runs in a child process (this test binary,
// re-executed into TestCrashChild) and is killed with SIGKILL at random
// moments. After every kill the corpus must open and pass Check; a final
// import must reach exactly the articles of an uninterrupted import.

const crashEnv = "PARALLAX_CRASH_CHILD"

// TestCrashChild is the child's body: it imports $PARALLAX_CRASH_SRC into
// $PARALLAX_CRASH_DIR in small batches. It does nothing in a normal run.
func TestCrashChild(t *testing.T) {
	if os.Getenv(crashEnv) == "" {
		t.Skip("run by TestCrashImport as its child process")
	}
	c, err := Open(os.Getenv("PARALLAX_CRASH_DIR"), Options{Create: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, "child open:", err)
		os.Exit(3)
	}
	im := c.NewImporter(nil, nil)
	im.BatchSize = 7
	im.Workers = 1
	if _, err := im.Import(context.Background(), tellingSink{c}, os.Getenv("PARALLAX_CRASH_SRC")); err != nil {
		fmt.Fprintln(os.Stderr, "child import:", err)
		os.Exit(4)
	}
	if os.Getenv("PARALLAX_CRASH_REBUILD") != "" {
		fmt.Println("rebuild")
		if err := c.Rebuild(context.Background(), nil); err != nil {
			fmt.Fprintln(os.Stderr, "child rebuild:", err)
			os.Exit(5)
		}
	}
	c.Close()
	os.Exit(0)
}

// tellingSink tells the parent on stdout when a batch is stored, so it can
// kill the child at a random point of the import.
type tellingSink struct{ c *Corpus }

func (s tellingSink) Put(ctx context.Context, b corpus.Batch) error {
	fmt.Println("put")
	err := s.c.Put(ctx, b)
	fmt.Println("stored")
	return err
}

// crashSource writes n articles (and a few exact duplicates) into outlet folders.
func crashSource(t *testing.T, dir string, n int) {
	t.Helper()
	words := strings.Fields("summit border port strike leaders minister election vote court ruling market oil refugee crisis climate talks treaty army budget")
	r := rand.New(rand.NewSource(1))
	for i := 0; i < n; i++ {
		var sb strings.Builder
		fmt.Fprintf(&sb, "Story %d about the %s\n\n", i, words[i%len(words)])
		for p := 0; p < 3; p++ {
			for w := 0; w < 40; w++ {
				sb.WriteString(words[r.Intn(len(words))])
				sb.WriteByte(' ')
			}
			fmt.Fprintf(&sb, "number %d paragraph %d.\n\n", i, p)
		}
		outlet := []string{"Wire", "Paper", "Radio"}[i%3]
		p := filepath.Join(dir, outlet, fmt.Sprintf("s%04d.txt", i))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(sb.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		if i%25 == 0 { // an exact copy under another outlet folder
			os.MkdirAll(filepath.Join(dir, "Copies"), 0o755)
			os.WriteFile(filepath.Join(dir, "Copies", fmt.Sprintf("c%04d.txt", i)), []byte(sb.String()), 0o644)
		}
	}
}

func storedIDs(t *testing.T, c *Corpus) []string {
	t.Helper()
	var ids []string
	if err := c.ForEach(func(a *corpus.Article) error { ids = append(ids, a.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	slices.Sort(ids)
	return ids
}

func mustCheck(t *testing.T, c *Corpus, when string) {
	t.Helper()
	r, err := c.Check()
	if err != nil {
		t.Fatalf("%s: check: %v", when, err)
	}
	if !r.OK() {
		b, _ := json.Marshal(r)
		t.Fatalf("%s: check failed: %s", when, b)
	}
}

func TestCrashImport(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	src := t.TempDir()
	crashSource(t, src, 240)

	child := func(dir string, rebuild bool) (*exec.Cmd, *strings.Builder) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashEnv+"=1", "PARALLAX_CRASH_DIR="+dir, "PARALLAX_CRASH_SRC="+src)
		if rebuild {
			cmd.Env = append(cmd.Env, "PARALLAX_CRASH_REBUILD=1")
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		return cmd, &stderr
	}

	// The reference: an uninterrupted import by a child, which also times it.
	refDir := filepath.Join(t.TempDir(), "ref")
	cmd, stderr := child(refDir, false)
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("reference child: %v: %s", err, stderr)
	}
	full := time.Since(start)
	ref, err := Open(refDir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := storedIDs(t, ref)
	mustCheck(t, ref, "reference")
	ref.Close()
	if len(want) != 240 {
		t.Fatalf("reference import stored %d articles, want 240", len(want))
	}
	t.Logf("an uninterrupted child import takes %s", full.Round(time.Millisecond))

	for seed := int64(1); seed <= 4; seed++ {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			r := rand.New(rand.NewSource(seed))
			dir := filepath.Join(t.TempDir(), "corpus")
			kills := 0
			for round := 0; round < 3; round++ {
				// The last round of seed 4 rebuilds after importing and is killed in the rebuild.
				rebuild := seed == 4 && round == 2
				cmd, stderr := child(dir, rebuild)
				out, err := cmd.StdoutPipe()
				if err != nil {
					t.Fatal(err)
				}
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				// Kill at a random batch, a random moment after it starts:
				// while it is being stored or while the next one is read.
				skip := r.Intn(12)
				delay := time.Duration(r.Int63n(int64(40 * time.Millisecond)))
				sc := bufio.NewScanner(out)
				killed := false
				for sc.Scan() {
					line := sc.Text()
					if (!rebuild && line == "put" && skip == 0) || (rebuild && line == "rebuild") {
						time.Sleep(delay)
						cmd.Process.Signal(syscall.SIGKILL)
						killed = true
						break
					}
					if line == "put" {
						skip--
					}
				}
				go io.Copy(io.Discard, out)
				err = cmd.Wait()
				if !killed && err != nil {
					t.Fatalf("child failed: %v: %s", err, stderr.String())
				}
				c, err := Open(dir, Options{Create: true})
				if err != nil {
					t.Fatalf("round %d: open after the kill: %v", round, err)
				}
				mustCheck(t, c, fmt.Sprintf("round %d, after the kill", round))
				if killed {
					kills++
					t.Logf("round %d: killed %s into a batch, %d articles stored", round, delay.Round(time.Millisecond), c.Count())
				} else {
					t.Logf("round %d: the import finished before the kill", round)
				}
				c.Close()
			}
			c, err := Open(dir, Options{Create: true})
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			importDir(t, c, src)
			mustCheck(t, c, "after the resumed import")
			if got := storedIDs(t, c); !slices.Equal(got, want) {
				t.Fatalf("resumed import has %d articles, want %d (same ids: %v)", len(got), len(want), slices.Equal(got, want))
			}
			if res, err := c.Search(context.Background(), Query{Text: "summit"}); err != nil || res.Total == 0 {
				t.Errorf("search after recovery: %v, %v", res, err)
			}
			n, _ := c.idx.DocCount()
			if int(n) != len(want) {
				t.Errorf("index holds %d documents, want %d", n, len(want))
			}
			t.Logf("%d kills", kills)
		})
	}
}
