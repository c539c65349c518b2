package dataset

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/parallax-research/parallax/corpus"
	"github.com/parallax-research/parallax/index"
)

// SharedDir finds ../shared/data: $PARALLAX_SHARED, else "shared/data"
// next to the repository (searched upwards from the working directory).
func SharedDir() (string, error) {
	if d := os.Getenv("PARALLAX_SHARED"); d != "" {
		return d, nil
	}
	wd, _ := os.Getwd()
	for d := wd; ; d = filepath.Dir(d) {
		cand := filepath.Join(d, "..", "shared", "data")
		if st, err := os.Stat(filepath.Join(cand, "stories-dev", "manifest.tsv")); err == nil && !st.IsDir() {
			return filepath.Clean(cand), nil
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	return "", errors.New("shared data not found: put it at ../shared/data next to the repository or set PARALLAX_SHARED")
}

// Label is one labelled article of stories-dev.
type Label struct {
	Path   string // relative, slash-separated
	Outlet string
	Date   string
	Event  string
}

// Labels reads stories-dev/manifest.tsv.
func Labels(shared string) ([]Label, error) {
	f, err := os.Open(filepath.Join(shared, "stories-dev", "manifest.tsv"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Label
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var cols map[string]int
	for sc.Scan() {
		fs := strings.Split(sc.Text(), "\t")
		if cols == nil {
			cols = map[string]int{}
			for i, c := range fs {
				cols[c] = i
			}
			for _, need := range []string{"path", "event_id"} {
				if _, ok := cols[need]; !ok {
					return nil, fmt.Errorf("stories-dev manifest has no %s column", need)
				}
			}
			continue
		}
		get := func(c string) string {
			if i, ok := cols[c]; ok && i < len(fs) {
				return fs[i]
			}
			return ""
		}
		out = append(out, Label{Path: get("path"), Outlet: get("outlet"), Date: get("date"), Event: get("event_id")})
	}
	return out, sc.Err()
}

// CacheDir is the cache root: $PARALLAX_EVAL_CACHE or <tmp>/parallax-eval.
func CacheDir() string {
	if d := os.Getenv("PARALLAX_EVAL_CACHE"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "parallax-eval")
}

// Unpack extracts allsides-37k.tar.xz once into the cache and returns the
// folder holding manifest.tsv.
func Unpack(shared string, log func(string, ...any)) (string, error) {
	archive := filepath.Join(shared, "allsides-37k.tar.xz")
	if _, err := os.Stat(archive); err != nil {
		return "", fmt.Errorf("%s: %w", archive, err)
	}
	dir := filepath.Join(CacheDir(), "allsides-37k")
	done := filepath.Join(dir, ".unpacked")
	if _, err := os.Stat(done); err == nil {
		return findManifestRoot(dir)
	}
	log("unpacking %s into %s (once)...", archive, dir)
	os.RemoveAll(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	cmd := exec.Command("tar", "-xJf", archive, "-C", dir)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("tar -xJf %s: %w", archive, err)
	}
	if err := os.WriteFile(done, nil, 0o644); err != nil {
		return "", err
	}
	return findManifestRoot(dir)
}

func findManifestRoot(dir string) (string, error) {
	if _, err := os.Stat(filepath.Join(dir, "manifest.tsv")); err == nil {
		return dir, nil
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.IsDir() {
			if _, err := os.Stat(filepath.Join(dir, e.Name(), "manifest.tsv")); err == nil {
				return filepath.Join(dir, e.Name()), nil
			}
		}
	}
	return "", fmt.Errorf("no manifest.tsv in %s", dir)
}

// cacheVersion names the cached corpora: it changes when the importer
// changes what an import stores (2: TSV manifests no longer lose rows
// after a title starting with a quote, which left 8,700 of the 37k
// articles without their manifest date), so stale caches are not reused.
const cacheVersion = 2

// Open opens (creating and importing when needed) the cached corpus named
// name built from the folder src. An import that did not finish is resumed
// (unchanged files are skipped). Entities are extracted as at a normal
// import.
func Open(ctx context.Context, name, src string, log func(string, ...any)) (*index.Corpus, error) {
	base := fmt.Sprintf("corpus-%s.v%d", name, cacheVersion)
	dir := filepath.Join(CacheDir(), base)
	done := filepath.Join(CacheDir(), base+".imported")
	c, err := index.Open(dir, index.Options{Create: true})
	if err != nil {
		return nil, err
	}
	if st, err := os.Stat(done); err == nil && !st.IsDir() {
		return c, nil
	}
	log("importing %s into %s (once; minutes for 37k articles)...", src, dir)
	start := time.Now()
	im := c.NewImporter(nil, nil)
	if im.Analyze == nil {
		im.Analyze = corpus.ExtractEntities
	}
	p, err := im.Import(ctx, c, src)
	if err != nil {
		c.Close()
		return nil, err
	}
	log("imported %d articles (%d failed) in %s", p.Articles, p.Failed, time.Since(start).Round(time.Second))
	if err := os.WriteFile(done, nil, 0o644); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// IDs maps relative paths (as in the manifests) to article ids, copies
// included, for the articles imported from root.
func IDs(c *index.Corpus, root string) (map[string]string, error) {
	// The stored paths may name root through a symbolic link or not.
	roots := []string{filepath.ToSlash(filepath.Clean(root)) + "/"}
	if r, err := filepath.EvalSymlinks(root); err == nil {
		roots = append(roots, filepath.ToSlash(filepath.Clean(r))+"/")
	}
	out := map[string]string{}
	err := c.ForEach(func(a *corpus.Article) error {
		for _, p := range append([]string{a.Path}, a.Copies...) {
			p = filepath.ToSlash(p)
			for _, root := range roots {
				if rel, ok := strings.CutPrefix(p, root); ok {
					out[rel] = a.ID
					break
				}
			}
		}
		return nil
	})
	return out, err
}
