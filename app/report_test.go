package app

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestReportGolden checks the HTML report of the fake comparison against
// testdata/part2/report.html (PARALLAX_UPDATE_GOLDEN=1 rewrites it).
func TestReportGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := writeCompareHTMLAt(&buf, newFakePart2().cmp, time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "part2", "report.html")
	if os.Getenv("PARALLAX_UPDATE_GOLDEN") != "" {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with PARALLAX_UPDATE_GOLDEN=1 to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("report differs from %s; got:\n%s", golden, buf.String())
	}
}

func TestReportEscapesAndHandlesEmpty(t *testing.T) {
	tests := []struct {
		name string
		v    *cmpView
		want []string
		bad  []string
	}{
		{"empty", &cmpView{}, []string{"<!DOCTYPE html>", "None of 8 or more words."}, nil},
		{"escaping", &cmpView{Articles: []cmpArticle{
			{Outlet: "A&B <News>", Title: `<script>alert("x")</script>`, Sentences: []cmpSentence{{Text: "1 < 2 & \"q\"", Label: "weird"}}},
		}}, []string{"A&amp;B &lt;News&gt;", "&lt;script&gt;", `class="s unique"`}, []string{"<script>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := writeCompareHTML(&buf, tt.v); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("missing %q", w)
				}
			}
			for _, b := range tt.bad {
				if strings.Contains(out, b) {
					t.Errorf("contains %q", b)
				}
			}
		})
	}
}
