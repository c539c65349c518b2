package index

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
	"github.com/parallax-research/parallax/corpus"
)

// docBuildArticles is the sample corpus as imported (entities, dates,
// outlets), plus articles that exercise the rest of the mapping: other
// languages, captions, custom metadata, authors, undated, odd tokens.
func docBuildArticles(t *testing.T) []*corpus.Article {
	t.Helper()
	c := simSampleCorpus(t)
	var arts []*corpus.Article
	if err := c.ForEach(func(a *corpus.Article) error {
		arts = append(arts, a)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	when := time.Date(2021, 3, 4, 23, 30, 0, 0, time.FixedZone("X", -5*3600))
	extra := []corpus.Article{
		{ID: "x-de", Path: "de/a.txt", Format: "txt", Outlet: "Die Zeitung", Lang: "de", Title: "Über die Straße",
			Body:      "Die Bundesregierung hat am Montag beschlossen, die Straßenbahn zu verlängern. Der Bürgermeister äußerte sich erfreut.",
			Published: when, Authors: []string{"Jörg Müller", "Anna Schmidt"}, Captions: []string{"Ein Foto der Straßenbahn."},
			Entities: []corpus.Entity{{Text: "Bundesregierung", Type: "ORG", Canonical: "Bundesregierung"}}},
		{ID: "x-fr", Path: "fr/b.md", Format: "md", Outlet: "Le Journal", Lang: "fr", Title: "L'été à Paris",
			Body: "Les élèves de l'école sont partis en vacances. C'était très agréable, disent-ils.",
			Meta: map[string]string{"Section": "Société", "page-no": "12", "empty": "", "!!": "dropped"}},
		{ID: "x-ru", Path: "ru/c.txt", Format: "txt", Outlet: "Газета", Lang: "ru", Title: "Новости дня",
			Body: "Президент встретился с министрами в Москве.", Published: when.AddDate(-30, 0, 0)},
		{ID: "x-xx", Path: "xx/d.txt", Format: "txt", Outlet: "Unknown Lang Weekly", Lang: "xx",
			Body: "An undetected language falls back to English analysis: the summit's outcome."},
		{ID: "x-en", Path: "en/e.json#3", Format: "jsonl", Outlet: "", Title: "The_Underscore _ and __ tokens",
			Body: "The the of a _ _ b __ c. It's the summit's end—café naïve CAFÉ. Climate change, climate change and climate; change! " +
				"To be or not to be: that is the question. 1,000 people; 2.5% rise; e-mail x_y _z z_ snake_case_name.",
			URL: "https://example.org/a?b=c", Captions: []string{"First caption about climate change.", "", "Third caption."},
			Authors:  []string{"Mary O'Neil", "", "José Álvarez"},
			Meta:     map[string]string{"desk": "Climate", "word_count": "2,345", "date": "2020-01-02"},
			Entities: []corpus.Entity{{Text: "X", Type: "per", Canonical: "Mary"}, {Text: "Mary", Type: "PER"}, {Text: "Mary", Type: "LOC", Canonical: "Mary"}, {Text: "", Type: "ORG"}, {Text: "Foo", Type: "EVENT", Canonical: "Foo Summit"}}},
		{ID: "x-stop", Path: "en/f.txt", Format: "txt", Outlet: "Stops", Lang: "en", Title: "a", Body: "the"},
		{ID: "x-caponly", Path: "en/g.txt", Format: "txt", Outlet: "Caps", Lang: "en", Captions: []string{"Only a caption here."}, Published: time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC)},
	}
	for i := range extra {
		arts = append(arts, &extra[i])
	}
	return arts
}

// TestDocBuilderMatchesMapping checks that building documents directly
// gives exactly what the mapping's walk of toDoc gives: the same fields,
// analysed the same way, and the same index.
func TestDocBuilderMatchesMapping(t *testing.T) {
	arts := docBuildArticles(t)
	im := newMapping()
	b := docBuilderFor(im)
	if b == nil {
		t.Fatal("no document builder for this build's mapping")
	}
	if docBuilderFor(bleve.NewIndexMapping()) != nil {
		t.Fatal("a document builder for another mapping")
	}

	// Document by document: every field's options, value, length, terms,
	// frequencies and locations, and the _all composite.
	for _, a := range arts {
		want := document.NewDocument(a.ID)
		if err := im.MapDocument(want, toDoc(a)); err != nil {
			t.Fatal(err)
		}
		got := b.build(a)
		if w, g := dumpDoc(want), dumpDoc(got); w != g {
			t.Errorf("article %s: built document differs from the mapping's\n%s", a.ID, firstDiff(w, g))
		}
	}

	// Whole indexes: term dictionaries, postings with locations, stored
	// fields and doc values of every field.
	mk := func(name string, add func(batch *bleve.Batch, a *corpus.Article) error) string {
		idx, err := bleve.New(filepath.Join(t.TempDir(), name), newMapping())
		if err != nil {
			t.Fatal(err)
		}
		defer idx.Close()
		// Two batches, so the index has more than one segment.
		for _, part := range [][]*corpus.Article{arts[:len(arts)/2], arts[len(arts)/2:]} {
			batch := idx.NewBatch()
			for _, a := range part {
				if err := add(batch, a); err != nil {
					t.Fatal(err)
				}
			}
			if err := idx.Batch(batch); err != nil {
				t.Fatal(err)
			}
		}
		return dumpIndex(t, idx)
	}
	want := mk("mapped", func(batch *bleve.Batch, a *corpus.Article) error { return batch.Index(a.ID, toDoc(a)) })
	got := mk("built", func(batch *bleve.Batch, a *corpus.Article) error { return indexArticle(batch, b, a) })
	if want != got {
		t.Errorf("indexes differ\n%s", firstDiff(want, got))
	}
	for _, field := range []string{"body", "body_pairs", "_all", "meta.desk", "entity_per", "published", "author", "captions"} {
		if !strings.Contains(want, "\nfield "+field+"\n") {
			t.Errorf("the index has no field %s: the comparison misses it", field)
		}
	}
}

// dumpDoc analyses d as scorch does and lists its fields canonically.
func dumpDoc(d *document.Document) string {
	d.AddIDField()
	d.VisitFields(func(f index.Field) {
		if f.Options().IsIndexed() {
			f.Analyze()
			if d.HasComposite() && f.Name() != "_id" {
				d.VisitComposite(func(cf index.CompositeField) {
					cf.Compose(f.Name(), f.AnalyzedLength(), f.AnalyzedTokenFrequencies())
				})
			}
		}
	})
	var lines []string
	dump := func(f index.Field, value []byte) {
		var terms []string
		for term, tf := range f.AnalyzedTokenFrequencies() {
			s := fmt.Sprintf("  %q freq=%d", term, tf.Frequency())
			for _, l := range tf.Locations {
				s += fmt.Sprintf(" [%s %v %d %d-%d]", l.Field, l.ArrayPositions, l.Position, l.Start, l.End)
			}
			terms = append(terms, s)
		}
		sort.Strings(terms)
		lines = append(lines, fmt.Sprintf("%s %v type=%c opts=%d len=%d value=%q\n%s", f.Name(), f.ArrayPositions(),
			f.EncodedFieldType(), f.Options(), f.AnalyzedLength(), value, strings.Join(terms, "\n")))
	}
	for _, f := range d.Fields {
		value := f.Value()
		if f.Name() == "body" || f.Name() == "body_pairs" {
			// Analysis lower-cases the value in place: compare the length.
			value = []byte(fmt.Sprint(len(value)))
		}
		dump(f, value)
	}
	for _, f := range d.CompositeFields {
		dump(f, nil)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// dumpIndex lists every field's term dictionary with postings (frequency,
// norm, term vectors), then every document's stored fields and doc values.
func dumpIndex(t *testing.T, idx bleve.Index) string {
	t.Helper()
	ai, err := idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := ai.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	fields, err := r.Fields()
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(fields)
	ext := func(id index.IndexInternalID) string {
		s, err := r.ExternalID(id)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	var sb strings.Builder
	n, _ := r.DocCount()
	fmt.Fprintf(&sb, "docs %d\nfields %v\n", n, fields)
	for _, field := range fields {
		fmt.Fprintf(&sb, "field %s\n", field)
		dict, err := r.FieldDict(field)
		if err != nil {
			t.Fatal(err)
		}
		var terms []string
		for e, err := dict.Next(); e != nil || err != nil; e, err = dict.Next() {
			if err != nil {
				t.Fatal(err)
			}
			terms = append(terms, e.Term)
			fmt.Fprintf(&sb, " term %q count %d\n", e.Term, e.Count)
		}
		dict.Close()
		for _, term := range terms {
			tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, true, true, true)
			if err != nil {
				t.Fatal(err)
			}
			var posts []string
			for d, err := tfr.Next(nil); d != nil || err != nil; d, err = tfr.Next(nil) {
				if err != nil {
					t.Fatal(err)
				}
				s := fmt.Sprintf("  %q %s freq=%d norm=%g", term, ext(d.ID), d.Freq, d.Norm)
				for _, v := range d.Vectors {
					s += fmt.Sprintf(" [%s %v %d %d-%d]", v.Field, v.ArrayPositions, v.Pos, v.Start, v.End)
				}
				posts = append(posts, s)
			}
			tfr.Close()
			sort.Strings(posts)
			sb.WriteString(strings.Join(posts, "\n") + "\n")
		}
	}
	dr, err := r.DocIDReaderAll()
	if err != nil {
		t.Fatal(err)
	}
	defer dr.Close()
	dvr, err := r.DocValueReader(fields)
	if err != nil {
		t.Fatal(err)
	}
	var docs []string
	for id, err := dr.Next(); id != nil || err != nil; id, err = dr.Next() {
		if err != nil {
			t.Fatal(err)
		}
		var parts []string
		doc, err := r.Document(ext(id))
		if err != nil {
			t.Fatal(err)
		}
		doc.VisitFields(func(f index.Field) {
			parts = append(parts, fmt.Sprintf(" stored %s %v %q", f.Name(), f.ArrayPositions(), f.Value()))
		})
		if err := dvr.VisitDocValues(id, func(field string, term []byte) {
			parts = append(parts, fmt.Sprintf(" docvalue %s %q", field, term))
		}); err != nil {
			t.Fatal(err)
		}
		sort.Strings(parts)
		docs = append(docs, "doc "+ext(id)+"\n"+strings.Join(parts, "\n"))
	}
	sort.Strings(docs)
	sb.WriteString(strings.Join(docs, "\n"))
	return sb.String()
}

// firstDiff shows the first differing lines of two dumps.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n want %s\n  got %s", i+1, wl, gl)
		}
	}
	return "(no difference)"
}

// The pair derivation matches the px_en_pairs analyzer on its own, token
// stream by token stream, including stop-word gaps and filler-like tokens.
func TestPairFrequenciesMatchAnalyzer(t *testing.T) {
	im := newMapping().(*mapping.IndexMappingImpl)
	text, pairs := im.AnalyzerNamed(textEN), im.AnalyzerNamed(pairsEN)
	opts := index.IndexField | index.SkipFreqNorm
	for _, s := range []string{
		"", "the", "climate", "the climate", "climate change", "The climate of the change is a change in climate.",
		"_ a _ b __ c _d e_ f", "a _", "_ a", "It's the summit's summit-level café CAFÉ naïve",
		"to be or not to be", "one two three four five six seven eight nine ten one two three",
	} {
		want := pairs.Analyze([]byte(s))
		wn, wf := len(want), analysis2Freq(want, opts)
		gn, gf := pairFrequencies(text.Analyze([]byte(s)), opts)
		if wn != gn || !slices.Equal(freqKeys(wf), freqKeys(gf)) {
			t.Errorf("%q: pairs %d %v, want %d %v", s, gn, freqKeys(gf), wn, freqKeys(wf))
		}
	}
}

func analysis2Freq(ts analysis.TokenStream, opts index.FieldIndexingOptions) index.TokenFrequencies {
	return analysis.TokenFrequency(ts, nil, opts)
}

func freqKeys(f index.TokenFrequencies) []string {
	var keys []string
	for k, tf := range f {
		keys = append(keys, fmt.Sprintf("%s:%d", k, tf.Frequency()))
	}
	sort.Strings(keys)
	return keys
}
