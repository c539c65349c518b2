package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run runs the CLI in-process and returns the exit code and outputs.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(&Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}, args)
	return code, out.String(), errb.String()
}

func fixtureDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range map[string]string{
		"Wire/2026-03-14-summit.txt":  "Summit opens in Korvana\n\nKORVANA, March 14 (CPA) - Leaders met at the border summit on Tuesday.",
		"Wire/2026-04-06-strike.txt":  "Port strike enters second week\n\nDockers in Velsport stayed out.",
		"Paper/2026-03-15-summit.txt": "What the summit means\n\nThe border summit was a gamble.\n\n(AFP photo)",
		"Paper/bad.txt":               "\x00\x00\x00\x00\x01\x02\x03\x04\x00\x00",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestUsageAndHelp(t *testing.T) {
	if code, out, _ := run(t, "help"); code != 0 || !strings.Contains(out, "import") || !strings.Contains(out, "search") {
		t.Errorf("help: %d %q", code, out)
	}
	if code, _, errs := run(t, "frobnicate"); code != 2 || !strings.Contains(errs, "unknown command") {
		t.Errorf("unknown command: %d %q", code, errs)
	}
	for _, c := range []string{"import", "search", "show", "extract", "import-log", "version"} {
		if code, out, errs := run(t, c, "-h"); code != 0 || !strings.Contains(out+errs, "usage: parallax "+c) {
			t.Errorf("%s -h: %d %q %q", c, code, out, errs)
		}
		if code, out, _ := run(t, "help", c); code != 0 || !strings.Contains(out, "usage: parallax "+c) {
			t.Errorf("help %s: %d %q", c, code, out)
		}
	}
	if code, _, errs := run(t, "search"); code != 2 || !strings.Contains(errs, "usage: parallax search") {
		t.Errorf("search without a query: %d %q", code, errs)
	}
	if code, _, _ := run(t, "search", "--nosuchflag", "x"); code != 2 {
		t.Errorf("bad flag: %d", code)
	}
	if code, out, _ := run(t, "version"); code != 0 || !strings.HasPrefix(out, "parallax ") {
		t.Errorf("version: %d %q", code, out)
	}
}

func TestImportSearchShow(t *testing.T) {
	src, dir := fixtureDir(t), filepath.Join(t.TempDir(), "c")
	code, out, errs := run(t, "import", "--corpus", dir, src)
	if code != 0 || !strings.Contains(out, "corpus has 3 articles") || !strings.Contains(errs, "bad.txt: ") {
		t.Fatalf("import: %d\n%s\n%s", code, out, errs)
	}
	code, out, errs = run(t, "search", "--corpus", dir, "--json", "title:summit")
	if code != 0 {
		t.Fatalf("search: %d %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 JSON hits, got %q", out)
	}
	var hit map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &hit); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "path", "title", "outlet", "published", "score", "snippet"} {
		if _, ok := hit[k]; !ok {
			t.Errorf("hit lacks %q: %v", k, hit)
		}
	}
	code, out, _ = run(t, "show", "--corpus", dir, hit["id"].(string))
	if code != 0 || !strings.Contains(out, "summit") || !strings.Contains(out, "outlet:") {
		t.Errorf("show: %d %q", code, out)
	}
	if code, _, errs := run(t, "show", "--corpus", dir, "nosuchid"); code != 1 || strings.Count(errs, "\n") != 1 {
		t.Errorf("show of a missing id: %d %q", code, errs)
	}
	if code, out, _ := run(t, "import-log", "--corpus", dir); code != 0 || !strings.Contains(out, "bad.txt") {
		t.Errorf("import-log: %d %q", code, out)
	}
	// Re-import: nothing new.
	if code, out, _ := run(t, "import", "--corpus", dir, src); code != 0 || !strings.Contains(out, "imported 0 files") {
		t.Errorf("re-import: %d %q", code, out)
	}
	if code, _, errs := run(t, "search", "--corpus", filepath.Join(t.TempDir(), "none"), "x"); code != 1 || !strings.Contains(errs, "no corpus") {
		t.Errorf("missing corpus: %d %q", code, errs)
	}
}

func TestExtract(t *testing.T) {
	src := fixtureDir(t)
	file := filepath.Join(src, "Wire", "2026-03-14-summit.txt")
	code, out, errs := run(t, "extract", "--json", file)
	if code != 0 {
		t.Fatalf("extract: %d %s", code, errs)
	}
	var a map[string]any
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatalf("extract --json: %v\n%s", err, out)
	}
	if a["title"] != "Summit opens in Korvana" || a["date_source"] != "filename" || a["lang"] != "en" {
		t.Errorf("extract: %v", a)
	}
	code, out, _ = run(t, "extract", "--plain", "--json", file)
	if code != 0 || !strings.Contains(out, `"body": "Summit opens in Korvana`) {
		t.Errorf("extract --plain: %d %s", code, out)
	}
	if code, _, errs := run(t, "extract", filepath.Join(src, "Paper", "bad.txt")); code != 1 || !strings.Contains(errs, "bad.txt") {
		t.Errorf("extract of a binary: %d %q", code, errs)
	}
}
