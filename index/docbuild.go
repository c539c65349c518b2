package index

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/util"
	index "github.com/blevesearch/bleve_index_api"
	"github.com/parallax-research/parallax/corpus"
)

// Building Bleve documents without the mapping's reflection walk.
//
// batch.Index(id, toDoc(a)) makes Bleve walk the doc map by reflection and
// then analyse every field, the English body twice: once for body and once
// more, through the same filters plus shingles, for body_pairs. docBuilder
// makes the same fields directly (same names, values, analyzers, indexing
// options, array positions and _all composite) and analyses an English
// body once: the body_pairs terms are derived from body's token stream.
// TestDocBuilderMatchesMapping compares both ways, field by field and as
// whole indexes.

// docBuilder builds the documents of the mapping newMapping returns; it is
// only used for an index whose mapping has the checksum mappingSum.
type docBuilder struct {
	text    map[string]analysis.Analyzer // doc type → title/body/captions analyzer
	simple  analysis.Analyzer            // author
	lower   analysis.Analyzer            // outlet, entity
	keyword analysis.Analyzer            // exact keywords and meta.*
	opt     map[string]index.FieldIndexingOptions
	metaOpt index.FieldIndexingOptions
}

// explicitFields are the fields of every document mapping: all of them are
// left out of _all, as the mapping's walk does (IncludeInAll is false).
var explicitFields = []string{"title", "body", "captions", "body_pairs", "outlet", "entity", "author",
	"outlet_kw", "lang", "format", "year", "month", "day", "outlet_day",
	"entity_per", "entity_org", "entity_loc", "entity_misc", "url", "path", "published"}

// lastBuilder caches the builder of the last mapping asked for, so that a
// corpus checks its mapping once, not on every batch.
var lastBuilder atomic.Pointer[builderFor]

type builderFor struct {
	im mapping.IndexMapping
	b  *docBuilder // nil: not this build's mapping
}

// builderFor returns the document builder for an index with mapping im, or
// nil when im is not exactly this build's mapping (then the caller indexes
// toDoc's map through the mapping).
func docBuilderFor(im mapping.IndexMapping) *docBuilder {
	if c := lastBuilder.Load(); c != nil && c.im == im {
		return c.b
	}
	c := &builderFor{im: im}
	if impl, ok := im.(*mapping.IndexMappingImpl); ok {
		if data, err := util.MarshalJSON(impl); err == nil {
			if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) == mappingSum {
				c.b = newDocBuilder(impl)
			}
		}
	}
	lastBuilder.Store(c)
	return c.b
}

// newDocBuilder resolves the analyzers and indexing options of im, which
// must be newMapping's; it returns nil if anything is missing.
func newDocBuilder(im *mapping.IndexMappingImpl) *docBuilder {
	b := &docBuilder{
		text:    map[string]analysis.Analyzer{},
		simple:  im.AnalyzerNamed(simpleAnalyzer),
		lower:   im.AnalyzerNamed(lowerKeyword),
		keyword: im.AnalyzerNamed(keyword.Name),
		opt:     map[string]index.FieldIndexingOptions{},
	}
	if b.simple == nil || b.lower == nil || b.keyword == nil {
		return nil
	}
	types := []string{"lang_en"}
	for lang := range langAnalyzers {
		types = append(types, "lang_"+lang)
	}
	for _, typ := range types {
		dm := im.TypeMapping[typ]
		if dm == nil || dm.Properties["body"] == nil || len(dm.Properties["body"].Fields) != 1 {
			return nil
		}
		a := im.AnalyzerNamed(dm.Properties["body"].Fields[0].Analyzer)
		if a == nil {
			return nil
		}
		b.text[typ] = a
	}
	// Every document mapping has the same options per field (only the
	// text analyzer differs): take them from the English one.
	en := im.TypeMapping["lang_en"]
	for _, name := range explicitFields {
		p := en.Properties[name]
		if p == nil || len(p.Fields) != 1 {
			return nil
		}
		b.opt[name] = p.Fields[0].Options()
	}
	// meta.* is dynamic: the mapping's dynamic text field.
	var dyn mapping.FieldMapping = *mapping.NewTextFieldMapping()
	dyn.Store, dyn.Index, dyn.DocValues = im.StoreDynamic, im.IndexDynamic, im.DocValuesDynamic
	b.metaOpt = dyn.Options()
	return b
}

// build makes the Bleve document of article a, as batch.Index(a.ID,
// toDoc(a)) would through the mapping.
func (b *docBuilder) build(a *corpus.Article) *document.Document {
	d := document.NewDocument(a.ID)
	typ := docType(a.Lang)
	text := b.text[typ]
	str := func(name, v string, an analysis.Analyzer) {
		d.AddField(document.NewTextFieldCustom(name, nil, []byte(v), b.opt[name], an))
	}
	nonEmpty := func(name, v string, an analysis.Analyzer) {
		if v != "" {
			str(name, v, an)
		}
	}
	str("outlet", a.Outlet, b.lower)
	str("outlet_kw", a.Outlet, b.keyword)
	nonEmpty("title", a.Title, text)
	if a.Body != "" {
		if typ == "lang_en" {
			eb := &englishBody{analyzer: text}
			eb.body = preField{name: "body", value: []byte(a.Body), options: b.opt["body"], shared: eb}
			// body_pairs holds the same text (nothing reads it back: the
			// field is not stored).
			eb.pairs = preField{name: "body_pairs", value: eb.body.value, options: b.opt["body_pairs"], shared: eb}
			d.AddField(&eb.body)
			d.AddField(&eb.pairs)
		} else {
			str("body", a.Body, text)
		}
	}
	if len(a.Captions) > 0 {
		nonEmpty("captions", captionsText(a), text)
	}
	nonEmpty("lang", a.Lang, b.keyword)
	nonEmpty("format", a.Format, b.keyword)
	nonEmpty("url", a.URL, b.keyword)
	nonEmpty("path", a.Path, b.keyword)
	for i, au := range a.Authors {
		d.AddField(document.NewTextFieldCustom("author", []uint64{uint64(i)}, []byte(au), b.opt["author"], b.simple))
	}
	if a.Dated() {
		p := a.Published.UTC()
		if f, err := document.NewDateTimeFieldWithIndexingOptions("published", nil, p, time.RFC3339, b.opt["published"]); err == nil {
			d.AddField(f)
		}
		day := p.Format(dayLayout)
		str("year", p.Format("2006"), b.keyword)
		str("month", p.Format(monthLayout), b.keyword)
		str("day", day, b.keyword)
		str("outlet_day", a.Outlet+"\x1f"+day, b.keyword)
	}
	if len(a.Entities) > 0 {
		b.entities(d, a.Entities)
	}
	for k, v := range metaFields(a.Meta) {
		d.AddField(document.NewTextFieldCustom("meta."+k, nil, []byte(v), b.metaOpt, b.keyword))
	}
	d.AddField(document.NewCompositeFieldWithIndexingOptions("_all", true, nil, explicitFields, index.IndexField|index.IncludeTermVectors))
	d.SetIndexed()
	return d
}

// indexArticle adds article a to batch: built by b, or through the
// mapping when b is nil.
func indexArticle(batch *bleve.Batch, b *docBuilder, a *corpus.Article) error {
	if b == nil {
		return batch.Index(a.ID, toDoc(a))
	}
	return batch.IndexAdvanced(b.build(a))
}

// entities adds entity and entity_per/org/loc/misc as toDoc lists them.
func (b *docBuilder) entities(d *document.Document, ents []corpus.Entity) {
	var all []string
	var per [4][]string // per, org, loc, misc
	typeNames := [4]string{"entity_per", "entity_org", "entity_loc", "entity_misc"}
	seen := map[string]bool{}
	for _, e := range ents {
		name := e.Canonical
		if name == "" {
			name = e.Text
		}
		t := 3
		switch strings.ToLower(e.Type) {
		case "per":
			t = 0
		case "org":
			t = 1
		case "loc":
			t = 2
		}
		if name == "" {
			continue
		}
		key := typeNames[t] + "\x00" + name
		if seen[key] {
			continue
		}
		seen[key] = true
		per[t] = append(per[t], name)
		if !slices.Contains(all, name) {
			all = append(all, name)
		}
	}
	for i, name := range all {
		d.AddField(document.NewTextFieldCustom("entity", []uint64{uint64(i)}, []byte(name), b.opt["entity"], b.lower))
	}
	for t, names := range per {
		for i, name := range names {
			d.AddField(document.NewTextFieldCustom(typeNames[t], []uint64{uint64(i)}, []byte(name), b.opt[typeNames[t]], b.keyword))
		}
	}
}

// metaFields is the custom metadata as toDoc indexes it: usable keys,
// non-empty values.
func metaFields(meta map[string]string) map[string]string {
	if len(meta) == 0 {
		return nil
	}
	m := make(map[string]string, len(meta))
	for k, v := range meta {
		if k = metaKey(k); k != "" && v != "" {
			m[k] = v
		}
	}
	return m
}

// englishBody analyses an English body once for two fields: body (the
// text analyzer's tokens, with term vectors) and body_pairs (the hashed
// adjacent pairs of the same tokens, which the px_en_pairs analyzer would
// make from a second analysis).
type englishBody struct {
	analyzer    analysis.Analyzer
	body, pairs preField
	done        bool
}

func (e *englishBody) analyze() {
	if e.done {
		return
	}
	e.done = true
	tokens := e.analyzer.Analyze(e.body.value)
	e.body.length = len(tokens)
	e.body.freqs = tokenFrequencies(tokens, e.body.options)
	e.pairs.length, e.pairs.freqs = pairFrequencies(tokens, e.pairs.options)
}

// pairFrequencies is what the rest of px_en_pairs (px_pairs, px_nogaps,
// px_pairhash) and analysis.TokenFrequency make of the text analyzer's
// tokens: the shingle filter pairs each token with the one before it,
// putting a "_" filler in each position gap; px_nogaps drops the pairs
// holding a filler (and any pair whose text starts with "_ " or ends with
// " _"); the rest become their pairCode. It returns the number of pairs
// and their frequencies (term vectors are never indexed for body_pairs).
func pairFrequencies(tokens analysis.TokenStream, options index.FieldIndexingOptions) (int, index.TokenFrequencies) {
	freqs := make(index.TokenFrequencies, len(tokens)/2)
	n := 0
	// One allocation for all the terms and one for all the TokenFreqs.
	codes := make([]byte, 0, max(len(tokens)-1, 0)*pairCodeLen)
	tfs := make([]index.TokenFreq, 0, max(len(tokens)-1, 0))
	for i := 1; i < len(tokens); i++ {
		prev, cur := tokens[i-1], tokens[i]
		if cur.Position-prev.Position > 1 {
			continue // a gap: the shingle filter pairs cur with a filler
		}
		if gapPair(prev.Term, cur.Term) {
			continue
		}
		n++
		start := len(codes)
		codes = appendPairCode(codes, pairHashOf(prev.Term, cur.Term))
		term := codes[start:len(codes):len(codes)]
		tf, ok := freqs[string(term)]
		if !ok {
			tfs = append(tfs, index.TokenFreq{Term: term})
			tf = &tfs[len(tfs)-1]
			freqs[string(term)] = tf
		} else {
			codes = codes[:start] // known term: its code is already stored
		}
		if !options.SkipFreqNorm() {
			tf.SetFrequency(tf.Frequency() + 1)
		}
	}
	return n, freqs
}

// tokenFrequencies is analysis.TokenFrequency(tokens, nil, options) with
// fewer allocations: the TokenFreqs and their location lists are carved
// from a few slices instead of being allocated one by one.
func tokenFrequencies(tokens analysis.TokenStream, options index.FieldIndexingOptions) index.TokenFrequencies {
	if !options.IncludeTermVectors() {
		return analysis.TokenFrequency(tokens, nil, options)
	}
	// First pass: each token's term index and each term's count.
	idx := make(map[string]int32, len(tokens)/2)
	termOf := make([]int32, len(tokens))
	var counts []int32
	for i, t := range tokens {
		k, ok := idx[string(t.Term)]
		if !ok {
			k = int32(len(counts))
			idx[string(t.Term)] = k
			counts = append(counts, 0)
		}
		counts[k]++
		termOf[i] = k
	}
	// Second pass: locations in token order, each term's list a window of
	// one shared slice of pointers.
	tls := make([]index.TokenLocation, len(tokens))
	ptrs := make([]*index.TokenLocation, len(tokens))
	tfs := make([]index.TokenFreq, len(counts))
	off := make([]int32, len(counts))
	var o int32
	for k, c := range counts {
		off[k] = o
		o += c
	}
	freqs := make(index.TokenFrequencies, len(counts))
	for i, t := range tokens {
		k := termOf[i]
		tls[i] = index.TokenLocation{Start: t.Start, End: t.End, Position: t.Position}
		tf := &tfs[k]
		if tf.Locations == nil {
			tf.Term = t.Term
			start := off[k]
			tf.Locations = ptrs[start : start : start+counts[k]]
			freqs[string(t.Term)] = tf
		}
		tf.Locations = append(tf.Locations, &tls[i])
		if !options.SkipFreqNorm() {
			tf.SetFrequency(tf.Frequency() + 1)
		}
	}
	return freqs
}

// gapPair says whether prev+" "+cur starts with "_ " or ends with " _"
// (noGaps drops such pairs), without building the pair.
func gapPair(prev, cur []byte) bool {
	switch {
	case len(prev) == 1 && prev[0] == '_', len(prev) > 1 && bytes.HasPrefix(prev, []byte("_ ")):
		return true
	case len(cur) == 1 && cur[0] == '_', len(cur) > 1 && bytes.HasSuffix(cur, []byte(" _")):
		return true
	}
	return false
}

// pairCodeLen is the length of a pairCode.
const pairCodeLen = (pairBits + 4) / 5

// pairHashOf is pairCode's bucket of the pair prev+" "+cur.
func pairHashOf(prev, cur []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, b := range prev {
		h ^= uint64(b)
		h *= 1099511628211
	}
	h ^= ' '
	h *= 1099511628211
	for _, b := range cur {
		h ^= uint64(b)
		h *= 1099511628211
	}
	return h >> (64 - pairBits)
}

// appendPairCode appends the code of bucket h, as pairCode spells it.
func appendPairCode(dst []byte, h uint64) []byte {
	var code [pairCodeLen]byte
	for i := len(code) - 1; i >= 0; i-- {
		code[i] = pairCodeAlphabet[h&31]
		h >>= 5
	}
	return append(dst, code[:]...)
}

// preField is a text field analysed together with another one (see
// englishBody): a document.TextField, except for Analyze.
type preField struct {
	name    string
	value   []byte
	options index.FieldIndexingOptions
	length  int
	freqs   index.TokenFrequencies
	shared  *englishBody
}

func (f *preField) Name() string                        { return f.name }
func (f *preField) ArrayPositions() []uint64            { return nil }
func (f *preField) Options() index.FieldIndexingOptions { return f.options }
func (f *preField) Analyze()                            { f.shared.analyze() }
func (f *preField) Value() []byte                       { return f.value }
func (f *preField) NumPlainTextBytes() uint64           { return uint64(len(f.value)) }
func (f *preField) EncodedFieldType() byte              { return 't' }
func (f *preField) AnalyzedLength() int                 { return f.length }
func (f *preField) AnalyzedTokenFrequencies() index.TokenFrequencies {
	return f.freqs
}

func (f *preField) Size() int {
	n := 64 + len(f.name) + len(f.value)
	if f.freqs != nil {
		n += f.freqs.Size()
	}
	return n
}
