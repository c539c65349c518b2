package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/parallax-research/parallax/corpus"
	"github.com/parallax-research/parallax/index"
)

func main() {
	data := flag.String("data", "", "the extracted allsides-37k folder (with manifest.tsv)")
	work := flag.String("work", filepath.Join(os.TempDir(), "parallax-bench"), "`dir` for corpora and the synthetic folder")
	size := flag.Int("n", 0, "articles: 0 = the real corpus; more = synthetic: the corpus duplicated with light perturbation")
	bin := flag.String("parallax", "", "parallax binary for the whole-process CLI measurement (skipped when empty)")
	runs := flag.Int("runs", 40, "runs per in-process query type")
	compact := flag.Bool("compact", true, "merge the index into one segment before measuring (as parallax rebuild does)")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the in-process queries to `file`")
	flag.Parse()
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			fail(err)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	if *data == "" {
		fail(fmt.Errorf("-data is required: extract ../shared/data/allsides-37k.tar.xz and pass the folder"))
	}
	if err := run(*data, *work, *size, *bin, *runs, *compact); err != nil {
		pprof.StopCPUProfile()
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "search-bench:", err)
	os.Exit(1)
}

type row struct {
	path, outlet, date, title, topic, bias, url, authors string
}

// readManifest reads manifest.tsv: tab-separated, no quoting (titles hold
// quote marks), one header line.
func readManifest(dir string) ([]row, error) {
	f, err := os.Open(filepath.Join(dir, "manifest.tsv"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	if !sc.Scan() {
		return nil, fmt.Errorf("manifest.tsv is empty")
	}
	col := map[string]int{}
	for i, h := range strings.Split(sc.Text(), "\t") {
		col[h] = i
	}
	var rows []row
	for sc.Scan() {
		rec := strings.Split(sc.Text(), "\t")
		get := func(k string) string {
			if i, ok := col[k]; ok && i < len(rec) {
				return rec[i]
			}
			return ""
		}
		rows = append(rows, row{get("path"), get("outlet"), get("date"), get("title"),
			get("topic"), get("bias"), get("url"), get("authors")})
	}
	return rows, sc.Err()
}

// article reads one file as the importer's txt reader does: line 1 the
// title, the rest the body; the manifest supplies outlet, date and metadata.
func article(path string, r row, text string) corpus.Article {
	title, body, _ := strings.Cut(text, "\n")
	if r.title != "" {
		title = r.title
	}
	body = strings.TrimSpace(body)
	a := corpus.Article{Path: path, Format: "txt", Outlet: strings.ReplaceAll(r.outlet, "_", " "), Title: strings.TrimSpace(title),
		Body: body, URL: r.url, Lang: "en", Meta: map[string]string{}}
	if r.topic != "" {
		a.Meta["topic"] = r.topic
	}
	if r.bias != "" {
		a.Meta["bias"] = r.bias
	}
	if r.authors != "" {
		a.Authors = strings.Split(r.authors, ", ")
	}
	if t, err := time.Parse("2006-01-02", r.date); err == nil {
		a.Published, a.DateSource = t, "manifest"
	}
	a.ID = corpus.MakeID(a.Title, a.Body)
	return a
}

// perturb makes a light variant of a text: a few words swapped with
// their neighbours, so the copy is not an exact duplicate.
func perturb(s string, r *rand.Rand) string {
	w := strings.Split(s, " ")
	for k := 0; k < len(w)/50+1; k++ {
		i := r.Intn(len(w))
		if i+1 < len(w) {
			w[i], w[i+1] = w[i+1], w[i]
		}
	}
	return strings.Join(w, " ")
}

func run(data, work string, n int, bin string, runs int, compact bool) error {
	rows, err := readManifest(data)
	if err != nil {
		return err
	}
	label := fmt.Sprintf("AllSides %d (real)", len(rows))
	folder := data
	name := "real"
	if n > len(rows) {
		label = fmt.Sprintf("SYNTHETIC %d (AllSides %d + %d perturbed copies)", n, len(rows), n-len(rows))
		folder = filepath.Join(work, fmt.Sprintf("synthetic-%d", n))
		name = fmt.Sprintf("synthetic-%d", n)
	}
	cdir := filepath.Join(work, "corpus-"+name)
	fmt.Printf("== Parallax search benchmark: %s ==\n", label)

	var inputBytes int64
	if _, err := os.Stat(filepath.Join(cdir, "parallax-corpus.json")); err != nil {
		os.RemoveAll(cdir)
		c, err := index.Open(cdir, index.Options{Create: true})
		if err != nil {
			return err
		}
		start := time.Now()
		var batch []corpus.Article
		put := func() error {
			if len(batch) == 0 {
				return nil
			}
			err := c.Put(context.Background(), corpus.Batch{Articles: batch})
			batch = nil
			return err
		}
		rnd := rand.New(rand.NewSource(1))
		total := len(rows)
		if n > total {
			total = n
		}
		for i := 0; i < total; i++ {
			r := rows[i%len(rows)]
			raw, err := os.ReadFile(filepath.Join(data, filepath.FromSlash(r.path)))
			if err != nil {
				continue
			}
			text, path := string(raw), r.path
			if i >= len(rows) {
				// Synthetic copy: perturbed text, a shifted date, its own file.
				text = perturb(text, rnd)
				path = fmt.Sprintf("synthetic/%d/%s", i/len(rows), r.path)
				if t, err := time.Parse("2006-01-02", r.date); err == nil {
					r.date = t.AddDate(0, 0, 1+rnd.Intn(60)).Format("2006-01-02")
				}
			}
			if folder != data {
				p := filepath.Join(folder, filepath.FromSlash(path))
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
					return err
				}
			}
			batch = append(batch, article(path, r, text))
			if len(batch) == 1000 {
				if err := put(); err != nil {
					return err
				}
				fmt.Fprintf(os.Stderr, "\rindexed %d/%d", i+1, total)
			}
		}
		if err := put(); err != nil {
			return err
		}
		fmt.Fprintln(os.Stderr)
		fmt.Printf("import (store + index, no entity extraction): %d articles in %s\n", c.Count(), time.Since(start).Round(time.Second))
		c.Close()
	}
	filepath.WalkDir(folder, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".txt") {
			if fi, err := d.Info(); err == nil {
				inputBytes += fi.Size()
			}
		}
		return nil
	})
	if compact {
		c, err := index.Open(cdir, index.Options{})
		if err != nil {
			return err
		}
		start := time.Now()
		if err := c.Compact(context.Background()); err != nil {
			return err
		}
		c.Close()
		fmt.Printf("index compacted to one segment in %s\n", time.Since(start).Round(time.Second))
	}
	// Measure as the CLI reads: read-only, no background merging.
	c, err := index.Open(cdir, index.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	st := c.Stats()
	fmt.Printf("corpus: %d articles, %d outlets, %s to %s\n\n", st.Articles, st.Outlets, st.First.Format("2006-01-02"), st.Last.Format("2006-01-02"))

	terms := []string{"refugees", "immigration", "vaccine", "senate", "tariffs", "police", "economy", "climate", "impeachment", "abortion"}
	phrases := []string{`"climate change"`, `"health care"`, `"supreme court"`, `"white house"`, `"border wall"`, `"tax cuts"`, `"gun control"`, `"north korea"`, `"minimum wage"`, `"social security"`}
	types := []struct {
		name string
		q    func(i int) index.Query
		rg   []string // rg arguments for the same question
		note string
	}{
		{"term", func(i int) index.Query { return index.Query{Text: terms[i%len(terms)], Size: 20} },
			[]string{"-l", "-i", "-w", "refugees"}, ""},
		{"phrase", func(i int) index.Query { return index.Query{Text: phrases[i%len(phrases)], Size: 20} },
			[]string{"-l", "-i", "climate change"}, ""},
		{"boolean + date range", func(i int) index.Query {
			return index.Query{Text: fmt.Sprintf(`+(%s OR %s) -%s +published:>="2016-01-01" +published:<"2017-01-01"`,
				terms[i%len(terms)], terms[(i+3)%len(terms)], terms[(i+5)%len(terms)]), Size: 20}
		}, []string{"-l", "-i", "-w", "-e", "refugees", "-e", "vaccine"}, "rg: no date filter, no exclusion"},
		{"facets outlet+month", func(i int) index.Query {
			return index.Query{Text: terms[i%len(terms)], Size: 20, Facets: []string{"outlet", "month"}}
		}, []string{"-c", "-i", "-w", "refugees"}, "rg: per-file counts only"},
		{"highlighted top-20", func(i int) index.Query {
			return index.Query{Text: phrases[i%len(phrases)] + " " + terms[i%len(terms)], Size: 20, Highlight: true}
		}, []string{"-i", "-m", "3", "-e", "climate change", "-e", "refugees"}, "rg: matching lines"},
	}
	ctx := context.Background()
	rg, rgErr := exec.LookPath("rg")
	fmt.Printf("%-22s %9s %9s %9s  %10s %9s  %s\n", "query type", "p50", "p95", "hits", "rg p50", "ratio", "")
	for _, ty := range types {
		// Warm up once, then measure.
		c.Search(ctx, ty.q(0))
		var lat []time.Duration
		var hits uint64
		for i := 0; i < runs; i++ {
			start := time.Now()
			res, err := c.Search(ctx, ty.q(i))
			if err != nil {
				return fmt.Errorf("%s: %w", ty.name, err)
			}
			lat = append(lat, time.Since(start))
			if i == 0 {
				hits = res.Total
			}
		}
		p50, p95 := pct(lat, 50), pct(lat, 95)
		rgCol := "-"
		ratio := "-"
		if rgErr == nil {
			var rl []time.Duration
			for i := 0; i < 3; i++ {
				start := time.Now()
				cmd := exec.Command(rg, append(ty.rg, folder)...)
				cmd.Stdout = io.Discard
				cmd.Run()
				rl = append(rl, time.Since(start))
			}
			r50 := pct(rl, 50)
			rgCol = ms(r50)
			ratio = fmt.Sprintf("%.0f×", float64(r50)/float64(p50))
		}
		fmt.Printf("%-22s %9s %9s %9d  %10s %9s  %s\n", ty.name, ms(p50), ms(p95), hits, rgCol, ratio, ty.note)
	}
	c.Close()
	// Sizes once the corpus is closed (merged-away segment files are gone).
	idxBytes, storeBytes := dirSize(filepath.Join(cdir, "index.bleve")), dirSize(filepath.Join(cdir, "store.db"))
	fmt.Printf("input text %.0f MB; Bleve index %.0f MB (%.2f× input); store (articles, snappy) %.0f MB; whole corpus %.2f× input\n",
		mb(inputBytes), mb(idxBytes), float64(idxBytes)/float64(inputBytes), mb(storeBytes), float64(idxBytes+storeBytes)/float64(inputBytes))

	if rgErr != nil {
		fmt.Println("(rg not found: install ripgrep for the comparison)")
	}

	if bin != "" {
		fmt.Println()
		var cl []time.Duration
		for i := 0; i < 7; i++ {
			start := time.Now()
			cmd := exec.Command(bin, "search", "--corpus", cdir, "--limit", "20", `"climate change"`)
			cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
			if err := cmd.Run(); err != nil {
				return fmt.Errorf("parallax search: %w", err)
			}
			cl = append(cl, time.Since(start))
		}
		line := fmt.Sprintf("CLI phrase query, whole process (open included): p50 %s", ms(pct(cl, 50)))
		if rgErr == nil {
			var rl []time.Duration
			for i := 0; i < 5; i++ {
				start := time.Now()
				cmd := exec.Command(rg, "-l", "-i", "climate change", folder)
				cmd.Stdout = io.Discard
				cmd.Run()
				rl = append(rl, time.Since(start))
			}
			line += fmt.Sprintf("; rg -l -i \"climate change\" p50 %s; Parallax %.1f× faster", ms(pct(rl, 50)), float64(pct(rl, 50))/float64(pct(cl, 50)))
		}
		fmt.Println(line)
	}
	return nil
}

func pct(d []time.Duration, p int) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	if i > 0 {
		i--
	}
	return s[min(i, len(s)-1)]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }

func mb(b int64) float64 { return float64(b) / (1 << 20) }

func dirSize(p string) int64 {
	var n int64
	filepath.WalkDir(p, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}
