package cli

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func entityFixture(t *testing.T) string {
	t.Helper()
	src := t.TempDir()
	for name, text := range map[string]string{
		"Wire/a.txt":  "Merkel meets Macron in Berlin\n\nGerman Chancellor Angela Merkel met French President Emmanuel Macron in Berlin on Tuesday. Merkel said the European Union would act.",
		"Wire/b.txt":  "Macron visits London\n\nFrench President Emmanuel Macron travelled to London on Friday. Angela Merkel stayed in Berlin.",
		"Paper/c.txt": "Berlin talks\n\nAngela Merkel and Emmanuel Macron spoke in Berlin about the United Nations.",
	} {
		p := filepath.Join(src, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dir := filepath.Join(t.TempDir(), "corpus")
	if code, _, errs := run(t, "import", "--quiet", "--corpus", dir, src); code != 0 {
		t.Fatalf("import: %d %s", code, errs)
	}
	return dir
}

func TestEntitiesCooccurEvidenceAliasesCLI(t *testing.T) {
	dir := entityFixture(t)
	code, out, errs := run(t, "entities", "--corpus", dir, "--format", "json")
	if code != 0 {
		t.Fatalf("entities: %d %s", code, errs)
	}
	names := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var x struct {
			Name     string         `json:"name"`
			Count    int            `json:"count"`
			ByOutlet map[string]int `json:"by_outlet"`
		}
		if err := json.Unmarshal([]byte(line), &x); err != nil {
			t.Fatalf("entities json %q: %v", line, err)
		}
		names[x.Name] = x.Count
	}
	if names["Angela Merkel"] < 3 || names["Berlin"] < 3 {
		t.Errorf("entities = %v", names)
	}
	if _, ok := names["Merkel"]; ok {
		t.Errorf("short form listed separately: %v", names)
	}
	if code, out, _ := run(t, "entities", "--corpus", dir, "--type", "PER", "--top", "2"); code != 0 || !strings.Contains(out, "Angela Merkel") {
		t.Errorf("entities --type PER: %d %q", code, out)
	}

	code, out, errs = run(t, "cooccur", "--corpus", dir, "--format", "csv")
	if code != 0 || !strings.Contains(out, "a,a_type") || !strings.Contains(out, "Angela Merkel") {
		t.Errorf("cooccur csv: %d %q %s", code, out, errs)
	}
	gexf := filepath.Join(t.TempDir(), "net.gexf")
	if code, _, errs := run(t, "cooccur", "--corpus", dir, "--query", "Berlin", "--format", "gexf", "-o", gexf); code != 0 {
		t.Fatalf("cooccur gexf: %d %s", code, errs)
	}
	data, err := os.ReadFile(gexf)
	if err != nil {
		t.Fatal(err)
	}
	var g struct {
		Meta struct {
			Keywords    string `xml:"keywords"`
			Description string `xml:"description"`
		} `xml:"meta"`
		Edges []struct {
			Weight string `xml:"weight,attr"`
		} `xml:"graph>edges>edge"`
	}
	if err := xml.Unmarshal(data, &g); err != nil {
		t.Fatalf("gexf: %v", err)
	}
	if g.Meta.Keywords != "Berlin" || !strings.Contains(g.Meta.Description, "corpus: ") || len(g.Edges) == 0 {
		t.Errorf("gexf meta %+v, %d edges", g.Meta, len(g.Edges))
	}
	if code, _, errs := run(t, "cooccur", "--corpus", dir, "--measure", "bogus"); code != 2 || !strings.Contains(errs, "unknown measure") {
		t.Errorf("bad measure: %d %s", code, errs)
	}

	code, out, errs = run(t, "evidence", "--corpus", dir, "Merkel", "Macron")
	if code != 0 || !strings.Contains(out, "Angela Merkel met French President Emmanuel Macron in Berlin") {
		t.Errorf("evidence: %d %q %s", code, out, errs)
	}
	if code, _, errs := run(t, "evidence", "--corpus", dir, "Nobody Atall", "Berlin"); code != 1 || !strings.Contains(errs, "no entity named") {
		t.Errorf("evidence unknown: %d %s", code, errs)
	}

	// Aliases: ignore Berlin, export, import into the same corpus after clearing.
	if code, _, errs := run(t, "aliases", "--corpus", dir, "ignore", "Berlin"); code != 0 {
		t.Fatalf("aliases ignore: %d %s", code, errs)
	}
	if code, _, errs := run(t, "aliases", "--corpus", dir, "merge", "Merkel Angela", "Angela Merkel"); code != 0 {
		t.Fatalf("aliases merge: %d %s", code, errs)
	}
	_, out, _ = run(t, "entities", "--corpus", dir)
	if strings.Contains(out, "Berlin") || !strings.Contains(out, "Merkel Angela") {
		t.Errorf("aliases not applied: %q", out)
	}
	tsv := filepath.Join(t.TempDir(), "aliases.tsv")
	if code, _, errs := run(t, "aliases", "--corpus", dir, "export", tsv); code != 0 {
		t.Fatalf("export: %d %s", code, errs)
	}
	data, _ = os.ReadFile(tsv)
	if !strings.Contains(string(data), "ignore\tBerlin\n") || !strings.Contains(string(data), "merge\tAngela Merkel\tMerkel Angela\n") {
		t.Errorf("exported table %q", data)
	}
	run(t, "aliases", "--corpus", dir, "unignore", "Berlin")
	if _, out, _ := run(t, "aliases", "--corpus", dir, "list"); strings.Contains(out, "Berlin") {
		t.Errorf("unignore: %q", out)
	}
	if code, _, errs := run(t, "aliases", "--corpus", dir, "--replace", "import", tsv); code != 0 {
		t.Fatalf("import: %d %s", code, errs)
	}
	if _, out, _ := run(t, "aliases", "--corpus", dir, "list"); !strings.Contains(out, "ignore   Berlin") {
		t.Errorf("after import: %q", out)
	}
	if code, _, errs := run(t, "aliases", "--corpus", dir, "suggest"); code != 0 {
		t.Errorf("suggest: %d %s", code, errs)
	}
	if code, _, _ := run(t, "aliases", "--corpus", dir, "explode"); code != 2 {
		t.Errorf("unknown action: %d", code)
	}
	for _, c := range []string{"entities", "cooccur", "evidence", "aliases"} {
		if code, out, errs := run(t, c, "-h"); code != 0 || !strings.Contains(out+errs, "usage: parallax "+c) {
			t.Errorf("%s -h: %d", c, code)
		}
	}
}
