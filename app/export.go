package app

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"fyne.io/fyne/v2/dialog"

	"github.com/parallax-research/parallax/index"
)

// exportFields are the columns of an export, in order.
var exportFields = []string{"id", "published", "outlet", "title", "authors", "url", "lang", "format", "path", "body"}

// exportController writes the current query's results to a CSV or JSON
// Lines file (File ▸ Export Results, Ctrl+E).
type exportController struct {
	u       *UI
	running bool
}

func newExportController(u *UI) *exportController { return &exportController{u: u} }

func (e *exportController) onExport(format string) {
	if e.running {
		dialog.ShowInformation("Export", "An export is running already.", e.u.win)
		return
	}
	name := "parallax-results." + format
	e.u.pick(func(p Picker, done func(string, error)) {
		p.SaveFile(e.u.win, "Export results as "+strings.ToUpper(format), name, done)
	}, func(path string) { e.exportTo(path, format, nil) })
}

// exportTo writes the results in the background; done (tests) runs on the
// UI goroutine at the end.
func (e *exportController) exportTo(path, format string, done func(int, error)) {
	q := e.u.query
	q.Filters = append([]index.Filter(nil), q.Filters...)
	c := e.u.corpus
	e.running = true
	e.u.jobs.label.SetText("Exporting to " + path + "…")
	go func() {
		n, err := writeExport(context.Background(), c, q, format, path)
		e.u.do(func() {
			e.running = false
			e.u.jobs.label.SetText("")
			if done != nil {
				done(n, err)
				return
			}
			if err != nil {
				dialog.ShowError(err, e.u.win)
				return
			}
			dialog.ShowInformation("Export finished", fmt.Sprintf("Wrote %s to\n%s", countLabel(n, "article", "articles"), path), e.u.win)
		})
	}()
}

// writeExport writes every article matching q to path.
func writeExport(ctx context.Context, c Corpus, q index.Query, format, path string) (int, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriter(f)
	n, err := exportArticles(ctx, c, q, format, bw)
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return n, err
}

// exportArticles writes the articles matching q with exportFields.
func exportArticles(ctx context.Context, c Corpus, q index.Query, format string, w io.Writer) (int, error) {
	q.Size, q.From, q.After, q.Facets, q.Highlight = 0, 0, nil, nil, false
	return c.Export(ctx, q, format, exportFields, w)
}
