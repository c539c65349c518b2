package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parallax-research/parallax/corpus"
)

// TestSearchCommands runs search, kwic, timeline, export, saved, check and
// rebuild against an imported fixture.
func TestSearchCommands(t *testing.T) {
	src, dir := fixtureDir(t), filepath.Join(t.TempDir(), "corpus")
	if code, _, errs := run(t, "import", "--corpus", dir, "--quiet", src); code != 0 {
		t.Fatalf("import: %d %s", code, errs)
	}
	cases := []struct {
		args     []string
		code     int
		out, err string // substrings
	}{
		{[]string{"search", "--corpus", dir, "--snippets", "summit"}, 0, "«summit»", "2 hits"},
		{[]string{"search", "--corpus", dir, "--facet", "outlet", "--facet", "month", "summit"}, 0, "outlet:\n        1  Paper", ""},
		{[]string{"search", "--corpus", dir, "--filter", "outlet=Wire", "summit"}, 0, "Wire", "1 hits"},
		{[]string{"search", "--corpus", dir, "--all", "--sort", "-date", "--limit", "1", "summit OR strike"}, 0, "Port strike", "3 hits"},
		{[]string{"search", "--corpus", dir, `title:"summit`}, 1, "", "bad query at column 7: unterminated phrase"},
		{[]string{"search", "--corpus", dir, "--filter", "outlet", "x"}, 2, "", "FACET=VALUE"},
		{[]string{"kwic", "--corpus", dir, "--width", "12", "border summit"}, 0, "met at the   border   summit on T", "6 lines"},
		{[]string{"kwic", "--corpus", dir, "--order", "right", "--json", `"border summit"`}, 0, `"keyword":"border summit"`, "2 lines"},
		{[]string{"timeline", "--corpus", dir, "--by", "month", "summit OR strike"}, 0, "month,count\n2026-03,2\n2026-04,1\n", ""},
		{[]string{"timeline", "--corpus", dir, "--by", "week", "--split", "outlet", "--format", "json"}, 0, `"name":"Wire","counts":[1,0,0,0,1]`, ""},
		{[]string{"export", "--corpus", dir, "--format", "csv", "--fields", "id,outlet,title,meta.x", "summit"}, 0, "# query: \"summit\" sort: date\nid,outlet,title,meta.x\n", "exported 2 articles"},
		{[]string{"export", "--corpus", dir, "--format", "jsonl", "--fields", "title,body"}, 0, `{"title":"Summit opens in Korvana","body":`, "exported 3 articles"},
		{[]string{"export", "--corpus", dir, "--fields", "nope"}, 1, "", "unknown field"},
		{[]string{"saved", "--corpus", dir, "add", "summits", "summit -strike"}, 0, `saved "summits"`, ""},
		{[]string{"saved", "--corpus", dir, "add", "broken", `"oops`}, 1, "", "unterminated phrase"},
		{[]string{"saved", "--corpus", dir, "list"}, 0, "summits", ""},
		{[]string{"saved", "--corpus", dir, "run", "summits"}, 0, "Summit opens", "2 hits"},
		{[]string{"saved", "--corpus", dir, "rm", "summits"}, 0, "deleted", ""},
		{[]string{"saved", "--corpus", dir, "rm", "summits"}, 1, "", "no saved search"},
		{[]string{"check", "--corpus", dir}, 0, "3 articles stored, 3 indexed", ""},
		{[]string{"rebuild", "--corpus", dir}, 0, "rebuilt the index of 3 articles", ""},
		{[]string{"rebuild", "--corpus", dir, "--compact"}, 0, "compacted the index", ""},
		{[]string{"check", "--corpus", dir, "--json"}, 0, `"indexed":3`, ""},
	}
	for _, tc := range cases {
		code, out, errs := run(t, tc.args...)
		if code != tc.code || !strings.Contains(out, tc.out) || !strings.Contains(errs, tc.err) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit %d with %q / %q", tc.args, code, out, errs, tc.code, tc.out, tc.err)
		}
	}
	// The JSON export header records the query.
	_, out, _ := run(t, "export", "--corpus", dir, "--format", "jsonl", "summit")
	var head map[string]map[string]any
	if err := json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &head); err != nil || head["_parallax_export"]["query"] != "summit" {
		t.Errorf("export header: %v %v", head, err)
	}
	if code, out, _ := run(t, "help", "search"); code != 0 || !strings.Contains(out, `"obama putin"~10`) || !strings.Contains(out, "exact:") {
		t.Errorf("help search lacks the syntax: %q", out)
	}
}

// A corpus of an older schema is upgraded by the first reading command,
// which says so.
func TestSearchUpgradesOlderSchema(t *testing.T) {
	src, dir := fixtureDir(t), filepath.Join(t.TempDir(), "corpus")
	if code, _, errs := run(t, "import", "--corpus", dir, "--quiet", src); code != 0 {
		t.Fatalf("import: %d %s", code, errs)
	}
	marker := filepath.Join(dir, "parallax-corpus.json")
	data, err := os.ReadFile(marker)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	m["schema"] = 4
	data, _ = json.Marshal(m)
	if err := os.WriteFile(marker, data, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(t, "search", "--corpus", dir, `"border summit"`)
	if code != 0 || !strings.Contains(errs, "older Parallax (schema 4") || !strings.Contains(out, "ummit") {
		t.Fatalf("search on a schema 4 corpus: %d\n%s\n%s", code, out, errs)
	}
	if code, _, errs = run(t, "search", "--corpus", dir, "summit"); code != 0 || strings.Contains(errs, "older Parallax") {
		t.Errorf("second search: %d %s", code, errs)
	}
}

func TestImportProgressLineFinishing(t *testing.T) {
	got := progressLine(corpus.Progress{Total: 10, Done: 10, Imported: 9, Failed: 1, Finishing: true})
	if !strings.Contains(got, "merging the index") || strings.Contains(got, "ETA") {
		t.Errorf("finishing line %q", got)
	}
}
