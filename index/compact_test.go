package index

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

func TestShouldCompact(t *testing.T) {
	for _, tc := range []struct {
		added, total int
		want         bool
	}{
		{0, 0, false},
		{10, 10, false},                // a small first import: scorch's own merging is enough
		{compactMin, compactMin, true}, // a first import of a real corpus
		{37554, 37554, true},           // the 37k corpus
		{5000, 100000, false},          // a modest addition to a big corpus
		{30000, 100000, true},          // a large addition
		{compactMin - 1, compactMin - 1, false},
	} {
		if got := shouldCompact(tc.added, tc.total); got != tc.want {
			t.Errorf("shouldCompact(%d, %d) = %v, want %v", tc.added, tc.total, got, tc.want)
		}
	}
}

func TestCompactLeavesOneSegment(t *testing.T) {
	src, dir := t.TempDir(), filepath.Join(t.TempDir(), "corpus")
	files := map[string]string{}
	days := []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"}
	topics := []string{"cranes", "tariffs", "dredging", "pilots", "ferries", "berths", "tugs", "silos"}
	for i := 0; i < 40; i++ {
		files[fmt.Sprintf("Wire/%d.txt", i)] = fmt.Sprintf("Story %d about the harbour\n\nOn %s the harbour board argued about %s and %s.",
			i, days[i%5], topics[i%8], topics[(i/8+i+1)%8])
	}
	writeFiles(t, src, files)
	c, err := Open(dir, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	im := c.NewImporter(nil, nil)
	im.BatchSize = 1 // a batch, and so a segment, per article
	if _, err := im.Import(context.Background(), c, src); err != nil {
		t.Fatal(err)
	}
	if err := c.Compact(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Scorch deletes the merged-away files in the background.
	var zaps []string
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		zaps, _ = filepath.Glob(filepath.Join(dir, indexDir, "store", "*.zap"))
		if len(zaps) == 1 || time.Now().After(deadline) {
			break
		}
	}
	if len(zaps) != 1 {
		t.Errorf("%d segment files 10 s after Compact, want 1", len(zaps))
	}
	mustCheck(t, c, "after compact")
	for q, want := range map[string]uint64{`"harbour board"`: 40, `"board argued"~1`: 40, `"Monday the harbour"`: 8} {
		if res, err := c.Search(context.Background(), Query{Text: q}); err != nil || res.Total != want {
			t.Errorf("%s after compact: %d hits, %v, want %d", q, res.Total, err, want)
		}
	}
}
