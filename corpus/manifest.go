package corpus

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
)

var manifestNames = []string{"manifest.tsv", "manifest.csv", "metadata.tsv", "metadata.csv"}

func isManifestName(base string) bool {
	for _, n := range manifestNames {
		if strings.EqualFold(base, n) {
			return true
		}
	}
	return false
}

// loadManifest reads the sidecar manifest for a root: im.Manifest when set,
// else (when auto) a manifest file at the root. Rows are keyed by their
// slash-separated path relative to the root. A manifest that cannot be read
// is reported through OnError and ignored.
func (im *Importer) loadManifest(dir string, auto bool) map[string]map[string]string {
	file := im.Manifest
	if file == "" && auto {
		for _, n := range manifestNames {
			if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
				file = filepath.Join(dir, n)
				break
			}
		}
	}
	if file == "" {
		return nil
	}
	m, err := ReadManifest(file)
	if err != nil && im.OnError != nil {
		im.OnError(file, err)
	}
	return m
}

// ReadManifest reads a CSV or TSV file with a header row and a "path"
// column into rows keyed by path. Column names are lower-cased.
func ReadManifest(file string) (map[string]map[string]string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, cleanOSError(err)
	}
	return parseManifest(data)
}

func parseManifest(data []byte) (map[string]map[string]string, error) {
	text, err := DecodeText(data)
	if err != nil {
		return nil, err
	}
	first, _, _ := strings.Cut(text, "\n")
	var next func() ([]string, error)
	if strings.Count(first, "\t") > strings.Count(first, ",") {
		// TSV has no quoting: a field that merely starts with a quote (a
		// title such as "Lock her up" chant...) must not swallow the rows
		// after it, as encoding/csv with LazyQuotes does.
		lines := strings.Split(text, "\n")
		next = func() ([]string, error) {
			for len(lines) > 0 {
				l := strings.TrimSuffix(lines[0], "\r")
				lines = lines[1:]
				if l == "" {
					continue
				}
				return tsvFields(l), nil
			}
			return nil, io.EOF
		}
	} else {
		r := csv.NewReader(strings.NewReader(text))
		r.FieldsPerRecord = -1
		next = r.Read
	}
	header, err := next()
	if err != nil {
		return nil, fmt.Errorf("manifest header: %w", err)
	}
	col := -1
	for i, h := range header {
		header[i] = strings.ToLower(strings.TrimSpace(string(bytes.TrimPrefix([]byte(h), []byte("\ufeff")))))
		if header[i] == "path" || header[i] == "file" || header[i] == "filename" {
			if col < 0 {
				col = i
			}
		}
	}
	if col < 0 {
		return nil, fmt.Errorf("manifest has no path column (columns: %s)", strings.Join(header, ", "))
	}
	rows := map[string]map[string]string{}
	for {
		rec, err := next()
		if err != nil {
			if err == io.EOF {
				break
			}
			if pe, ok := err.(*csv.ParseError); ok && pe.Err != nil {
				continue
			}
			break
		}
		if col >= len(rec) {
			continue
		}
		row := map[string]string{}
		for i, v := range rec {
			if i < len(header) && i != col && strings.TrimSpace(v) != "" {
				row[header[i]] = strings.TrimSpace(v)
			}
		}
		p := path.Clean(strings.TrimPrefix(filepath.ToSlash(strings.TrimSpace(rec[col])), "./"))
		rows[p] = row
	}
	return rows, nil
}

// tsvFields splits one TSV line; a field wrapped in double quotes (as
// spreadsheet exports write fields holding quotes) is unwrapped.
func tsvFields(line string) []string {
	fs := strings.Split(line, "\t")
	for i, f := range fs {
		if len(f) >= 2 && f[0] == '"' && f[len(f)-1] == '"' {
			fs[i] = strings.ReplaceAll(f[1:len(f)-1], `""`, `"`)
		}
	}
	return fs
}

// applyManifest fills the fields the file itself did not give.
func applyManifest(a *Article, row map[string]string) {
	for k, v := range row {
		switch k {
		case "title", "headline":
			if a.Title == "" {
				a.Title = v
			}
		case "outlet", "source", "publisher", "site":
			if a.Outlet == "" {
				a.Outlet = v
			}
		case "date", "published", "publish_date", "datepublished":
			if !a.Dated() {
				if t, ok := ParseDate(v); ok {
					a.Published, a.DateSource = t, "manifest"
				}
			}
		case "url", "link":
			if a.URL == "" {
				a.URL = v
			}
		case "author", "authors", "byline":
			if len(a.Authors) == 0 {
				for _, au := range strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == '|' }) {
					if au = strings.TrimSpace(au); au != "" {
						a.Authors = append(a.Authors, au)
					}
				}
			}
		case "lang", "language":
			if a.Lang == "" {
				a.Lang = v
			}
		default:
			if a.Meta == nil {
				a.Meta = map[string]string{}
			}
			if _, ok := a.Meta[k]; !ok {
				a.Meta[k] = v
			}
		}
	}
}
