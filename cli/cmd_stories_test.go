package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// storiesSampleCorpus imports the sample corpus (without its README) with
// the CLI and returns the corpus directory.
func storiesSampleCorpus(t *testing.T) string {
	t.Helper()
	src := filepath.Join("..", "assets", "sample")
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if rel == "README.md" {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out := filepath.Join(dst, rel)
		os.MkdirAll(filepath.Dir(out), 0o755)
		return os.WriteFile(out, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "corpus")
	if code, _, errs := run(t, "import", "--corpus", dir, "--quiet", dst); code != 0 {
		t.Fatalf("import: %d %s", code, errs)
	}
	return dir
}

func TestSimilarStoriesCompareCommands(t *testing.T) {
	dir := storiesSampleCorpus(t)
	for _, c := range []string{"similar", "stories", "compare"} {
		if code, out, errs := run(t, c, "-h"); code != 0 || !strings.Contains(out+errs, "usage: parallax "+c) {
			t.Errorf("%s -h: %d %q %q", c, code, out, errs)
		}
	}
	// stories --json: the 8 events with blind spots and coverage shares.
	code, out, errs := run(t, "stories", "--corpus", dir, "--json")
	if code != 0 {
		t.Fatalf("stories: %d %s", code, errs)
	}
	var res struct {
		Stories []struct {
			ID       string              `json:"id"`
			Label    string              `json:"label"`
			Articles map[string][]string `json:"articles"`
			Missing  []string            `json:"missing"`
		} `json:"stories"`
		Coverage []struct {
			Outlet string  `json:"outlet"`
			Share  float64 `json:"share"`
		} `json:"coverage"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("stories --json: %v\n%s", err, out)
	}
	if len(res.Stories) != 8 || len(res.Coverage) != 5 {
		t.Fatalf("stories: %d stories, %d outlets in coverage", len(res.Stories), len(res.Coverage))
	}
	// The flood story: 4 outlets, LL missing.
	var flood []string
	for _, s := range res.Stories {
		if _, ok := s.Articles["The Velmora Gazette"]; ok && len(s.Articles) == 4 {
			for _, ids := range s.Articles {
				flood = append(flood, ids...)
			}
			if strings.Join(s.Missing, ",") != "The Liberty Ledger" {
				t.Errorf("flood story misses %v", s.Missing)
			}
		}
	}
	if len(flood) != 4 {
		t.Fatalf("flood story not found: %+v", res.Stories)
	}
	// stories text output.
	if code, out, _ := run(t, "stories", "--corpus", dir, "--limit", "2"); code != 0 || !strings.Contains(out, "not covered by:") || !strings.Contains(out, "coverage share") {
		t.Errorf("stories text: %d\n%s", code, out)
	}
	// similar by id, text and JSON.
	code, out, errs = run(t, "similar", "--corpus", dir, "--k", "3", "--other-outlets", flood[0])
	if code != 0 || strings.Count(out, "shared terms:") != 3 {
		t.Errorf("similar: %d %s\n%s", code, errs, out)
	}
	code, out, _ = run(t, "similar", "--corpus", dir, "--k", "3", "--json", flood[0])
	dec := json.NewDecoder(bytes.NewReader([]byte(out)))
	n := 0
	for dec.More() {
		var h struct {
			ID      string   `json:"id"`
			Score   float64  `json:"score"`
			Reasons []string `json:"reasons"`
		}
		if err := dec.Decode(&h); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(strings.Join(flood, " "), h.ID) {
			t.Errorf("similar hit %s is not in the flood story", h.ID)
		}
		n++
	}
	if code != 0 || n != 3 {
		t.Errorf("similar --json: %d, %d hits", code, n)
	}
	// similar with a file that is not in the corpus.
	f := filepath.Join(t.TempDir(), "flood.txt")
	os.WriteFile(f, []byte("Velmora under water\n\nThe Dresna River flooded the Old Harbour district of Velmora. Rescuers in boats evacuated thousands as the river peaked at 7.4 metres.\n"), 0o644)
	if code, out, errs := run(t, "similar", "--corpus", dir, "--days", "-1", "--k", "2", f); code != 0 || strings.Count(out, "\n") < 3 {
		t.Errorf("similar FILE: %d %s\n%s", code, errs, out)
	}
	if code, _, _ := run(t, "similar", "--corpus", dir, "no-such-id"); code != 1 {
		t.Errorf("similar with a bad id: exit %d", code)
	}
	// compare: text and JSON.
	code, out, errs = run(t, "compare", "--corpus", dir, flood[0], flood[1], flood[2])
	if code != 0 || !strings.Contains(out, "overall similarity") || !strings.Contains(out, "== entities") || !strings.Contains(out, "== quotes") {
		t.Errorf("compare: %d %s\n%s", code, errs, out)
	}
	code, out, _ = run(t, "compare", "--corpus", dir, "--json", flood[0], flood[1])
	var cmp struct {
		Articles []struct {
			Sentences []struct {
				Label string `json:"label"`
			} `json:"sentences"`
		} `json:"articles"`
		Similarity float64 `json:"similarity"`
	}
	if err := json.Unmarshal([]byte(out), &cmp); err != nil || code != 0 || len(cmp.Articles) != 2 || cmp.Similarity <= 0 {
		t.Errorf("compare --json: %d %v %+v", code, err, cmp)
	}
	if code, _, _ := run(t, "compare", "--corpus", dir, flood[0]); code != 2 {
		t.Errorf("compare with one id: exit %d, want 2", code)
	}
	// Outlet-level comparisons.
	if code, out, errs := run(t, "compare", "--corpus", dir, "--story", res.Stories[0].ID); code != 0 || !strings.Contains(out, "framing:") {
		t.Errorf("compare --story: %d %s\n%s", code, errs, out)
	}
	if code, out, errs := run(t, "compare", "--corpus", dir, "--query", "pipeline", "--by", "outlet"); code != 0 || !strings.Contains(out, "framing:") {
		t.Errorf("compare --query: %d %s\n%s", code, errs, out)
	}
	if code, _, _ := run(t, "compare", "--corpus", dir, "--query", "pipeline", "--by", "author"); code != 2 {
		t.Errorf("compare --by author: exit %d, want 2", code)
	}
}
