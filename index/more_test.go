package index

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestTimelineExportStatsSaved(t *testing.T) {
	c := loadTestCorpus(t, filepath.Join(t.TempDir(), "c"))
	defer c.Close()
	ctx := context.Background()

	tl, err := c.Timeline(ctx, Query{Text: "summit OR putin"}, "month", false)
	if err != nil {
		t.Fatal(err)
	}
	if len(tl.Buckets) != 1 || tl.Buckets[0] != time.Date(2015, 11, 1, 0, 0, 0, 0, time.UTC) ||
		len(tl.Series) != 1 || tl.Series[0].Name != "all" || tl.Series[0].Counts[0] != 5 || tl.Undated != 1 {
		t.Errorf("month timeline: %+v", tl)
	}
	tl, err = c.Timeline(ctx, Query{}, "week", true)
	if err != nil {
		t.Fatal(err)
	}
	if tl.Series[0].Name != "CNN" && tl.Series[0].Name != "Fox News" && tl.Series[0].Name != "Reuters" {
		t.Errorf("split series not by size: %v", tl.Series[0].Name)
	}
	sum := 0
	for _, s := range tl.Series {
		for _, n := range s.Counts {
			sum += n
		}
	}
	if sum != 11 || tl.Buckets[0].Weekday() != time.Monday {
		t.Errorf("week timeline sums to %d (want 11 dated), first bucket %v", sum, tl.Buckets[0])
	}
	if _, err := c.Timeline(ctx, Query{}, "year", false); err == nil {
		t.Error("timeline by year accepted")
	}

	// Export streams every hit across search-after pages.
	defer func(n int) { pageSize = n }(pageSize)
	pageSize = 5
	var buf bytes.Buffer
	n, err := c.Export(ctx, Query{Sort: "date"}, "csv", []string{"id", "published", "outlet", "meta.topic", "authors"}, &buf)
	if err != nil || n != 12 {
		t.Fatalf("csv export: %d, %v", n, err)
	}
	lines := strings.SplitN(buf.String(), "\n", 3)
	if !strings.HasPrefix(lines[0], "# parallax export: parallax ") || !strings.HasPrefix(lines[1], `# query: "" sort: date`) {
		t.Errorf("csv header: %q", lines[:2])
	}
	recs, err := csv.NewReader(strings.NewReader(lines[2])).ReadAll()
	if err != nil || len(recs) != 13 || recs[1][0] != "a01" || recs[1][3] != "climate" || recs[1][4] != "John Doe" || recs[12][0] != "a07" || recs[12][1] != "" {
		t.Errorf("csv rows: %v %v", recs, err)
	}
	buf.Reset()
	n, err = c.Export(ctx, Query{Text: "summit", Filters: []Filter{{Field: "outlet", Value: "NPR"}}}, "jsonl", []string{"id", "snippet", "entities"}, &buf)
	if err != nil || n != 1 {
		t.Fatalf("jsonl export: %d, %v", n, err)
	}
	jl := strings.Split(strings.TrimSpace(buf.String()), "\n")
	var head map[string]ExportHeader
	json.Unmarshal([]byte(jl[0]), &head)
	if h := head["_parallax_export"]; h.Query != "summit" || h.Articles != 12 || len(h.Filters) != 1 || h.Schema != SchemaVersion {
		t.Errorf("jsonl header: %s", jl[0])
	}
	if !strings.HasPrefix(jl[1], `{"id":"a09","snippet":"The climate summit`) || !strings.Contains(jl[1], `"entities":["LOC:Paris"]`) {
		t.Errorf("jsonl row: %s", jl[1])
	}
	if _, err := c.Export(ctx, Query{}, "xml", nil, &buf); err == nil {
		t.Error("xml export accepted")
	}

	st := c.Stats()
	if st.Articles != 12 || st.Outlets != 9 || st.First.Format("2006-01-02") != "2015-11-03" || st.Last.Format("2006-01-02") != "2017-06-01" {
		t.Errorf("stats: %+v", st)
	}

	if err := c.SaveSearch("climate", `"climate summit" -memo`); err != nil {
		t.Fatal(err)
	}
	if err := c.SaveSearch("bad", `"climate`); err == nil {
		t.Error("unparsable saved search accepted")
	}
	if list, _ := c.SavedSearches(); len(list) != 1 || list[0].Query != `"climate summit" -memo` {
		t.Errorf("saved: %+v", list)
	}
	if err := c.DeleteSearch("climate"); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteSearch("climate"); err == nil {
		t.Error("deleting a missing saved search succeeded")
	}
}

func TestCheckRebuildUpgrade(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "c")
	c := loadTestCorpus(t, dir)
	mustCheck(t, c, "fresh")
	// The index loses a document behind the store's back: Check sees it, Rebuild fixes it.
	c.idx.Delete("a03")
	r, err := c.Check()
	if err != nil || r.OK() || r.Missing != 1 || r.Indexed != 11 {
		t.Fatalf("check after losing a03: %+v %v", r, err)
	}
	var calls int
	if err := c.Rebuild(context.Background(), func(done, total int) { calls++ }); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, c, "after rebuild")
	if res, _ := c.Search(context.Background(), Query{Text: "id:a03"}); res.Total != 1 || calls == 0 {
		t.Errorf("a03 not back after rebuild (progress calls %d)", calls)
	}
	c.Close()

	// An older schema is upgraded by rebuilding the index.
	m, _ := readMarker(dir)
	m.Schema = 1
	writeMarker(dir, m)
	os.RemoveAll(filepath.Join(dir, indexDir, "index_meta.json"))
	c, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	mustCheck(t, c, "after upgrade")
	if m, _ := readMarker(dir); m.Schema != SchemaVersion {
		t.Errorf("marker schema %d after upgrade", m.Schema)
	}
	c.Close()

	// A damaged index (its metadata gone) is rebuilt from the store.
	os.Remove(filepath.Join(dir, indexDir, "index_meta.json"))
	c, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	mustCheck(t, c, "after repairing a damaged index")
	if res, _ := c.Search(context.Background(), Query{Text: "putin"}); res.Total != 2 {
		t.Errorf("putin after repair: %d", res.Total)
	}
	c.Close()

	// A newer schema is refused.
	m, _ = readMarker(dir)
	m.Schema = SchemaVersion + 1
	writeMarker(dir, m)
	if _, err := Open(dir, Options{}); err == nil || !strings.Contains(err.Error(), "upgrade Parallax") {
		t.Errorf("newer schema: %v", err)
	}
}
