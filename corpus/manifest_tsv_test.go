package corpus

import "testing"

// A TSV title that starts with a quote must not swallow the rows after it
// (encoding/csv with LazyQuotes reads to the next quote, across lines).
func TestParseManifestTSVQuotes(t *testing.T) {
	data := "path\toutlet\tdate\ttitle\n" +
		"a/1.txt\tA\t2019-10-29\t\"Lock her up\" chant returns\n" +
		"b/2.txt\tB\t2019-10-30\tPlain title\n" +
		"c/3.txt\tC\t2019-10-31\t\"quoted, \"\"inner\"\" field\"\n"
	rows, err := parseManifest([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows, want 3: %v", len(rows), rows)
	}
	if got := rows["a/1.txt"]["title"]; got != `"Lock her up" chant returns` {
		t.Errorf("title a = %q", got)
	}
	if got := rows["b/2.txt"]["date"]; got != "2019-10-30" {
		t.Errorf("date b = %q", got)
	}
	if got := rows["c/3.txt"]["title"]; got != `quoted, "inner" field` {
		t.Errorf("title c = %q", got)
	}
}
