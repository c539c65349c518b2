package index

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/parallax-research/parallax/corpus"
)

// ProgramVersion is the Parallax version written into export headers; the
// CLI and the GUI set it from their build version.
var ProgramVersion = buildVersion()

func buildVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// ExportFields are the fields Export knows; meta.NAME selects one custom
// metadata field.
var ExportFields = []string{"id", "path", "title", "outlet", "published", "date_source", "authors", "url",
	"lang", "format", "score", "snippet", "body", "captions", "copies", "entities", "near_dups", "meta"}

// DefaultExportFields are exported when no fields are asked for.
var DefaultExportFields = []string{"id", "published", "outlet", "title", "url", "path"}

// ExportHeader is the reproducibility record at the top of an export: the
// first JSON line of JSONL (under "_parallax_export"), "# " comment lines
// before the CSV header row.
type ExportHeader struct {
	Parallax string    `json:"parallax"`
	Schema   int       `json:"schema"`
	Corpus   string    `json:"corpus"`
	Dir      string    `json:"corpus_dir"`
	Articles int       `json:"corpus_articles"`
	Query    string    `json:"query"`
	Filters  []Filter  `json:"filters,omitempty"`
	Sort     string    `json:"sort"`
	Fields   []string  `json:"fields"`
	Exported time.Time `json:"exported"`
}

// Export writes every article matching q (all hits, in q.Sort order,
// streamed with search-after) as CSV or JSONL with the given fields
// (DefaultExportFields when empty), after a reproducibility header. It
// returns the number of articles written.
func (c *Corpus) Export(ctx context.Context, q Query, format string, fields []string, w io.Writer) (int, error) {
	if len(fields) == 0 {
		fields = DefaultExportFields
	}
	for _, f := range fields {
		if !validExportField(f) {
			return 0, fmt.Errorf("export: unknown field %q (fields: %s, meta.NAME)", f, strings.Join(ExportFields, ", "))
		}
	}
	if format != "csv" && format != "jsonl" {
		return 0, fmt.Errorf("export: unknown format %q (csv or jsonl)", format)
	}
	cq, err := c.compileQuery(q)
	if err != nil {
		return 0, err
	}
	if _, err := sortFields(q.Sort); err != nil {
		return 0, &QueryError{Query: q.Text, Err: err}
	}
	sortName := q.Sort
	if sortName == "" {
		sortName = "relevance"
	}
	h := ExportHeader{Parallax: ProgramVersion, Schema: SchemaVersion, Corpus: c.name, Dir: c.dir, Articles: c.Count(),
		Query: q.Text, Filters: q.Filters, Sort: sortName, Fields: fields, Exported: time.Now().UTC().Truncate(time.Second)}
	bw := bufio.NewWriterSize(w, 64<<10)
	var cw *csv.Writer
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	if format == "csv" {
		hq, _ := json.Marshal(h.Query)
		fmt.Fprintf(bw, "# parallax export: parallax %s, schema %d, corpus %q (%s, %d articles), exported %s\n",
			h.Parallax, h.Schema, h.Corpus, h.Dir, h.Articles, h.Exported.Format(time.RFC3339))
		fmt.Fprintf(bw, "# query: %s sort: %s", hq, h.Sort)
		if len(h.Filters) > 0 {
			hf, _ := json.Marshal(h.Filters)
			fmt.Fprintf(bw, " filters: %s", hf)
		}
		fmt.Fprintln(bw)
		cw = csv.NewWriter(bw)
		if err := cw.Write(fields); err != nil {
			return 0, err
		}
	} else if err := enc.Encode(map[string]ExportHeader{"_parallax_export": h}); err != nil {
		return 0, err
	}
	n := 0
	err = c.eachHit(ctx, cq, q, func(hit *search.DocumentMatch) error {
		a, err := c.Article(hit.ID)
		if err != nil {
			return nil
		}
		if cw != nil {
			row := make([]string, len(fields))
			for i, f := range fields {
				row[i] = exportText(c.exportValue(a, f, hit.Score, cq))
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		} else {
			// Keep the asked field order: write the object by hand.
			bw.WriteByte('{')
			for i, f := range fields {
				if i > 0 {
					bw.WriteByte(',')
				}
				k, _ := json.Marshal(f)
				v, err := json.Marshal(c.exportValue(a, f, hit.Score, cq))
				if err != nil {
					return err
				}
				bw.Write(k)
				bw.WriteByte(':')
				bw.Write(v)
			}
			bw.WriteString("}\n")
		}
		n++
		return nil
	})
	if cw != nil {
		cw.Flush()
		if err == nil {
			err = cw.Error()
		}
	}
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	return n, err
}

func validExportField(f string) bool {
	for _, e := range ExportFields {
		if f == e {
			return true
		}
	}
	k, ok := strings.CutPrefix(f, "meta.")
	return ok && k != ""
}

func (c *Corpus) exportValue(a *corpus.Article, f string, score float64, cq *compiled) any {
	switch f {
	case "id":
		return a.ID
	case "path":
		return a.Path
	case "title":
		return a.Title
	case "outlet":
		return a.Outlet
	case "published":
		if !a.Dated() {
			return ""
		}
		return a.Published.UTC().Format(time.RFC3339)
	case "date_source":
		return a.DateSource
	case "authors":
		return nonNil(a.Authors)
	case "url":
		return a.URL
	case "lang":
		return a.Lang
	case "format":
		return a.Format
	case "score":
		return score
	case "snippet":
		if fr := c.articleFragments(a, cq.marks, false); len(fr) > 0 {
			return fr[0]
		}
		return leadSnippet(a.Body, fragmentSize)
	case "body":
		return a.Body
	case "captions":
		return nonNil(a.Captions)
	case "copies":
		return nonNil(a.Copies)
	case "near_dups":
		return nonNil(a.NearDups)
	case "entities":
		var names []string
		seen := map[string]bool{}
		for _, e := range a.Entities {
			n := e.Canonical
			if n == "" {
				n = e.Text
			}
			if !seen[e.Type+n] {
				seen[e.Type+n] = true
				names = append(names, e.Type+":"+n)
			}
		}
		return nonNil(names)
	case "meta":
		if a.Meta == nil {
			return map[string]string{}
		}
		return a.Meta
	}
	if k, ok := strings.CutPrefix(f, "meta."); ok {
		return a.Meta[k]
	}
	return ""
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// exportText renders a value for a CSV cell: lists joined with " | ".
func exportText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []string:
		return strings.Join(v, " | ")
	case float64:
		return strconv.FormatFloat(v, 'f', 4, 64)
	case map[string]string:
		b, _ := json.Marshal(v)
		return string(b)
	}
	return fmt.Sprint(v)
}
