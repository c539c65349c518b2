package corpus

import (
	"bufio"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// cleanSharedData returns the shared research data directory, or skips.
func cleanSharedData(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("PARALLAX_SHARED")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "data")
	} else {
		dir = filepath.Join(dir, "data")
		if _, err := os.Stat(dir); err != nil {
			dir = os.Getenv("PARALLAX_SHARED")
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "stories-dev", "manifest.tsv")); err != nil {
		t.Skipf("shared research data not found at %s (set PARALLAX_SHARED): %v", dir, err)
	}
	return dir
}

// TestCleanStoriesDev runs the cleaning and analysis over the 2,039 real
// articles of stories-dev and checks corpus-level properties: nothing is
// emptied, little is cut, cleaning is idempotent, language is English,
// the learned boilerplate is footer-like, and exact copies are near-dups.
func TestCleanStoriesDev(t *testing.T) {
	if testing.Short() {
		t.Skip("real-data test skipped in -short mode")
	}
	root := filepath.Join(cleanSharedData(t), "stories-dev")
	f, err := os.Open(filepath.Join(root, "manifest.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	sc.Scan() // header

	var (
		arts                                []*Article
		rawBytes, bodyBytes                 int
		captions, removed, english, emptied int
		cleanTime, hashTime                 time.Duration
	)
	bp := NewBoilerplate()
	nd := NewNearDupIndex(0.8)
	dupPairs := 0
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		raw, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(cols[0])))
		if err != nil {
			t.Fatal(err)
		}
		title, body := clTestSplitTitle(string(raw))
		a := &Article{ID: cols[0], Title: title, Body: body, Outlet: NormalizeOutlet(cols[1])}
		start := time.Now()
		CleanArticle(a)
		cleanTime += time.Since(start)

		rawBytes += len(body)
		bodyBytes += len(a.Body)
		captions += len(a.Captions)
		removed += len(a.Removed)
		if strings.TrimSpace(body) != "" && a.Body == "" {
			emptied++
			t.Errorf("%s: body emptied", cols[0])
		}
		if DetectLanguage(a.Title+"\n\n"+a.Body) == "en" {
			english++
		}
		again := *a
		again.Authors = slices.Clone(a.Authors)
		again.Captions = slices.Clone(a.Captions)
		again.Removed = slices.Clone(a.Removed)
		CleanArticle(&again)
		if !reflect.DeepEqual(&again, a) {
			t.Errorf("%s: CleanArticle not idempotent", cols[0])
		}
		start = time.Now()
		sig := MinHash(a.Body)
		hashTime += time.Since(start)
		dupPairs += len(nd.Add(a.ID, sig))
		bp.Observe(a.Outlet, a)
		arts = append(arts, a)
	}
	if len(arts) < 2000 {
		t.Fatalf("read %d articles", len(arts))
	}
	changed := 0
	for _, a := range arts {
		if bp.Apply(a.Outlet, a) {
			changed++
		}
	}
	learned := bp.Outlets()
	state, err := bp.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("boilerplate state: %d bytes", len(state))
	n := len(arts)
	t.Logf("%d articles: kept %.1f%% of body bytes, %d captions, %d removed lines, %d learned-boilerplate articles, %d near-dup pairs, %.1f%% English",
		n, 100*float64(bodyBytes)/float64(rawBytes), captions, removed, changed, dupPairs, 100*float64(english)/float64(n))
	t.Logf("CleanArticle %v/article, MinHash %v/article", cleanTime/time.Duration(n), hashTime/time.Duration(n))
	for outlet, lines := range learned {
		t.Logf("learned %s: %q", outlet, lines)
	}

	if float64(bodyBytes) < 0.95*float64(rawBytes) {
		t.Errorf("cleaning cut %.1f%% of the text", 100-100*float64(bodyBytes)/float64(rawBytes))
	}
	if english*100 < n*99 {
		t.Errorf("only %d of %d articles detected as English", english, n)
	}
	if captions < 300 || removed < 500 {
		t.Errorf("too few captions (%d) or removed lines (%d)", captions, removed)
	}
	for outlet, lines := range learned {
		for _, l := range lines {
			if len(l) > BoilerplateMaxLen {
				t.Errorf("%s: long paragraph learned: %q", outlet, l)
			}
		}
	}
	if dupPairs == 0 {
		t.Errorf("no near-duplicate pairs found (the data holds repeated articles)")
	}
}
