package index

import (
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/parallax-research/parallax/corpus"
)

// doc is what Bleve indexes for one article. Nothing is stored in Bleve: the
// side store holds the articles, so the index stays small.
type doc struct {
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	Captions  string    `json:"captions"`
	Outlet    string    `json:"outlet"`
	Author    []string  `json:"author"`
	Lang      string    `json:"lang"`
	Format    string    `json:"format"`
	URL       string    `json:"url"`
	Path      string    `json:"path"`
	Published time.Time `json:"published,omitzero"`
}

func toDoc(a *corpus.Article) doc {
	caps := ""
	for i, c := range a.Captions {
		if i > 0 {
			caps += "\n\n"
		}
		caps += c
	}
	return doc{Title: a.Title, Body: a.Body, Captions: caps, Outlet: a.Outlet, Author: a.Authors,
		Lang: a.Lang, Format: a.Format, URL: a.URL, Path: a.Path, Published: a.Published}
}

// newMapping is the explicit, lean mapping: analysed text fields without
// stored values or term vectors (title, body and captions also feed _all,
// which unfielded query terms search), keyword fields for facets.
func newMapping() mapping.IndexMapping {
	text := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = en.AnalyzerName
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = true
		f.DocValues = false
		return f
	}
	kw := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = true
		return f
	}
	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt("title", text())
	dm.AddFieldMappingsAt("body", text())
	dm.AddFieldMappingsAt("captions", text())
	dm.AddFieldMappingsAt("outlet", kw())
	dm.AddFieldMappingsAt("author", kw())
	dm.AddFieldMappingsAt("lang", kw())
	dm.AddFieldMappingsAt("format", kw())
	dm.AddFieldMappingsAt("url", kw())
	dm.AddFieldMappingsAt("path", kw())
	dt := bleve.NewDateTimeFieldMapping()
	dt.Store = false
	dt.IncludeInAll = false
	dm.AddFieldMappingsAt("published", dt)

	im := bleve.NewIndexMapping()
	im.DefaultMapping = dm
	im.DefaultAnalyzer = en.AnalyzerName
	im.DefaultField = "_all"
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	return im
}
