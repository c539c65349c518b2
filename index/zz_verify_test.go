package index

import (
	"context"
	"os"
	"testing"

	"github.com/parallax-research/parallax/corpus"
)

func TestZZVerify(t *testing.T) {
	dir := os.Getenv("PX_OPEN_DIR")
	if dir == "" {
		t.Skip()
	}
	c, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	an := c.idx.Mapping().AnalyzerNamed(textEN)
	n := 0
	outlets := map[string]bool{}
	c.ForEach(func(a *corpus.Article) error {
		outlets[a.Outlet] = true
		for _, f := range []string{a.Title, a.Body, captionsText(a)} {
			found := false
			for _, tk := range an.Analyze([]byte(f)) {
				if string(tk.Term) == "refuge" {
					found = true
					break
				}
			}
			if found {
				n++
				break
			}
		}
		return nil
	})
	res, _ := c.Search(context.Background(), Query{Text: "refugees"})
	t.Logf("store: %d articles mention refugees, %d outlets; index: %d hits, stats %+v", n, len(outlets), res.Total, c.Stats())
}
