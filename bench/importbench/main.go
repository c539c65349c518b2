// Command importbench measures import speed, side by side in one run:
// (a) a baseline of plain Bleve with its default mapping indexing title and
// body only, and (b) Parallax's full import (readers, cleaning, boilerplate
// learning, near-duplicates, entities, lean mapping, article store).
//
// It imports the first N articles (default 10,000, in manifest order) of
// ../shared/data/allsides-37k.tar.xz, extracted once into a cache folder.
// Each run is a separate child process so that peak RSS is measured per
// run. Run from the repository root: make bench-import.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/parallax-research/parallax/index"
)

type result struct {
	Mode     string  `json:"mode"`
	Articles int     `json:"articles"`
	Bytes    int64   `json:"bytes"`
	Seconds  float64 `json:"seconds"`
	RSSMB    float64 `json:"rss_mb"`
	CPU      float64 `json:"cpu_seconds"` // user + system time of the run's process
	IndexMB  float64 `json:"index_mb"`
}

func main() {
	data := flag.String("data", filepath.Join("..", "shared", "data", "allsides-37k.tar.xz"), "the AllSides archive")
	cache := flag.String("cache", filepath.Join(os.TempDir(), "parallax-bench", "allsides-37k"), "where to extract it (kept between runs)")
	n := flag.Int("n", 10000, "articles to import")
	runs := flag.Int("runs", 3, "runs of each mode (medians are reported)")
	child := flag.String("child", "", "internal: run one mode in this process")
	cpuprofile := flag.String("cpuprofile", "", "with -child: write a CPU profile to `file`")
	memprofile := flag.String("memprofile", "", "with -child: write an allocation profile to `file` at the end")
	keep := flag.Bool("keep", false, "with -child: keep the imported index and print where it is")
	flag.Parse()

	if *child != "" {
		if os.Getenv("GOMEMLIMIT") == "" {
			debug.SetMemoryLimit(768 << 20) // as the parallax binary does (main.go)
		}
		if *cpuprofile != "" {
			f, err := os.Create(*cpuprofile)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			pprof.StartCPUProfile(f)
			defer pprof.StopCPUProfile()
		}
		if *memprofile != "" {
			runtime.MemProfileRate = 64 << 10
		}
		r, err := runMode(*child, *cache, *n, *keep)
		if *memprofile != "" {
			if f, ferr := os.Create(*memprofile); ferr == nil {
				pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
		}
		json.NewEncoder(os.Stdout).Encode(r)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
		return
	}
	if err := extract(*data, *cache); err != nil {
		fmt.Fprintln(os.Stderr, "importbench:", err)
		os.Exit(1)
	}
	if err := prepareSubset(*cache, *n); err != nil {
		fmt.Fprintln(os.Stderr, "importbench:", err)
		os.Exit(1)
	}
	fmt.Printf("import of %d articles from %s, %d runs each, GOMAXPROCS=%d\n\n", *n, *data, *runs, runtime.GOMAXPROCS(0))
	all := map[string][]result{}
	for i := 0; i < *runs; i++ {
		for _, mode := range []string{"bleve-baseline", "parallax"} {
			r, err := child1(mode, *cache, *n)
			if err != nil {
				fmt.Fprintf(os.Stderr, "importbench: %s: %v\n", mode, err)
				os.Exit(1)
			}
			all[mode] = append(all[mode], r)
			fmt.Printf("  run %d %-15s %6.1f s (CPU %6.1f s)  %7.0f articles/s  %5.2f MB/s  peak RSS %4.0f MB  index %5.0f MB\n",
				i+1, mode, r.Seconds, r.CPU, float64(r.Articles)/r.Seconds, float64(r.Bytes)/1e6/r.Seconds, r.RSSMB, r.IndexMB)
		}
	}
	base, par := median(all["bleve-baseline"]), median(all["parallax"])
	fmt.Printf("\n%-16s %12s %8s %14s %10s %10s\n", "median", "articles/s", "MB/s", "CPU articles/s", "peak RSS", "index")
	for _, r := range []result{base, par} {
		fmt.Printf("%-16s %12.0f %8.2f %14.0f %7.0f MB %7.0f MB\n", r.Mode, float64(r.Articles)/r.Seconds, float64(r.Bytes)/1e6/r.Seconds,
			float64(r.Articles)/r.CPU, r.RSSMB, r.IndexMB)
	}
	fmt.Printf("\nparallax / baseline speed: %.2fx wall clock, %.2fx CPU time (target ≥ 1.00x); parallax peak RSS %.0f MB (target < 1024 MB)\n",
		base.Seconds/par.Seconds, (base.CPU/float64(base.Articles))/(par.CPU/float64(par.Articles)), par.RSSMB)
	fmt.Println("(CPU time is the fairer figure on a busy machine: wall clock includes waiting for other processes.)")
}

func median(rs []result) result {
	sort.Slice(rs, func(i, j int) bool { return rs[i].Seconds < rs[j].Seconds })
	return rs[len(rs)/2]
}

func child1(mode, cache string, n int) (result, error) {
	cmd := exec.Command(os.Args[0], "-child", mode, "-cache", cache, "-n", fmt.Sprint(n))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return result{}, err
	}
	var r result
	if err := json.Unmarshal(out, &r); err != nil {
		return result{}, fmt.Errorf("child output %q: %w", out, err)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.RSSMB = float64(ru.Maxrss) / 1024
		r.CPU = time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
	}
	return r, nil
}

func extract(archive, cache string) error {
	if _, err := os.Stat(filepath.Join(cache, "manifest.tsv")); err == nil {
		return nil
	}
	if _, err := os.Stat(archive); err != nil {
		return fmt.Errorf("%s is absent (the bench needs ../shared/data): %w", archive, err)
	}
	tmp := cache + ".tmp"
	os.RemoveAll(tmp)
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "extracting %s into %s (once)…\n", archive, cache)
	cmd := exec.Command("tar", "-xJf", archive, "-C", tmp)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return err
	}
	// The archive may hold one top folder; use the folder with manifest.tsv.
	root := tmp
	if _, err := os.Stat(filepath.Join(tmp, "manifest.tsv")); err != nil {
		matches, _ := filepath.Glob(filepath.Join(tmp, "*", "manifest.tsv"))
		if len(matches) == 0 {
			return fmt.Errorf("no manifest.tsv in %s", archive)
		}
		root = filepath.Dir(matches[0])
	}
	os.RemoveAll(cache)
	return os.Rename(root, cache)
}

// prepareSubset links the first n articles of the manifest into a folder
// of their own, with a manifest of just those rows.
func prepareSubset(cache string, n int) error {
	dir := subsetDir(cache, n)
	if _, err := os.Stat(filepath.Join(dir, "manifest.tsv")); err == nil {
		return nil
	}
	f, err := os.Open(filepath.Join(cache, "manifest.tsv"))
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var lines []string
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if len(lines) > n {
			break
		}
	}
	os.RemoveAll(dir)
	for _, l := range lines[1:] {
		p, _, _ := strings.Cut(l, "\t")
		dst := filepath.Join(dir, p)
		os.MkdirAll(filepath.Dir(dst), 0o755)
		if err := os.Link(filepath.Join(cache, p), dst); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(dir, "manifest.tsv"), []byte(strings.Join(lines, "\n")+"\n"), 0o644)
}

func subsetDir(cache string, n int) string { return fmt.Sprintf("%s-first%d", cache, n) }

func runMode(mode, cache string, n int, keep bool) (result, error) {
	src := subsetDir(cache, n)
	out, err := os.MkdirTemp("", "importbench-")
	if err != nil {
		return result{}, err
	}
	if keep {
		defer fmt.Fprintln(os.Stderr, "kept", out)
	} else {
		defer os.RemoveAll(out)
	}
	r := result{Mode: mode}
	start := time.Now()
	switch mode {
	case "bleve-baseline":
		r.Articles, r.Bytes, err = baseline(src, filepath.Join(out, "idx"))
	case "parallax":
		r.Articles, r.Bytes, err = full(src, filepath.Join(out, "corpus"))
	default:
		err = fmt.Errorf("unknown mode %q", mode)
	}
	r.Seconds = time.Since(start).Seconds()
	r.IndexMB = float64(dirSize(out)) / 1e6
	return r, err
}

// baseline indexes title and body with Bleve's default mapping, in batches
// of 1,000, reading files one by one: what a plain Bleve program does.
func baseline(src, dst string) (int, int64, error) {
	idx, err := bleve.New(dst, bleve.NewIndexMapping())
	if err != nil {
		return 0, 0, err
	}
	defer idx.Close()
	batch := idx.NewBatch()
	n, bytes := 0, int64(0)
	err = filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".txt") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		bytes += int64(len(data))
		title, body, _ := strings.Cut(string(data), "\n")
		if err := batch.Index(p, map[string]string{"title": title, "body": body}); err != nil {
			return err
		}
		n++
		if batch.Size() >= 1000 {
			if err := idx.Batch(batch); err != nil {
				return err
			}
			batch = idx.NewBatch()
		}
		return nil
	})
	if err == nil && batch.Size() > 0 {
		err = idx.Batch(batch)
	}
	return n, bytes, err
}

func full(src, dst string) (int, int64, error) {
	c, err := index.Open(dst, index.Options{Create: true})
	if err != nil {
		return 0, 0, err
	}
	defer c.Close()
	im := c.NewImporter(nil, func(p string, err error) { fmt.Fprintf(os.Stderr, "%s: %v\n", p, err) })
	p, err := im.Import(context.Background(), c, src)
	return int(p.Articles), p.Bytes, err
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}
