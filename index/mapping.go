package index

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/token/shingle"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/util"
	"github.com/parallax-research/parallax/corpus"

	// Language analyzers used for articles whose detected language is not English.
	_ "github.com/blevesearch/bleve/v2/analysis/lang/da"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/de"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/es"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/fi"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/fr"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/hu"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/it"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/nl"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/no"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/pt"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ro"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ru"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/sv"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/tr"
)

// Analyzer and filter names registered by this package.
const (
	foldFilter     = "px_fold"     // token filter: diacritic folding (é → e), offsets kept
	textEN         = "px_en"       // English text: possessives, lower case, folding, stop words, Porter stemming
	pairsEN        = "px_en_pairs" // textEN, then hashed adjacent word pairs: the body_pairs phrase accelerator
	pairsFilter    = "px_pairs"    // shingles of two words, "_" for a stop-word gap
	noGapsFilter   = "px_nogaps"   // drops the pairs that hold a stop-word gap
	pairHashFilter = "px_pairhash" // replaces each pair by its bucket code (pairCode)
	simpleAnalyzer = "px_simple"   // names: unicode words, lower case, folding, no stemming
	lowerKeyword   = "px_lkeyword" // whole value, lower case, folding: outlet, entity
	noDateParser   = "px_nodate"   // refuses every string, so dynamic meta values stay text
)

// langAnalyzers maps a detected language to the Bleve analyzer used for its
// title, body and captions. Languages not listed (and undetected ones) use
// English analysis.
var langAnalyzers = map[string]string{
	"da": "da", "de": "de", "es": "es", "fi": "fi", "fr": "fr", "hu": "hu", "it": "it",
	"nl": "nl", "no": "no", "pt": "pt", "ro": "ro", "ru": "ru", "sv": "sv", "tr": "tr",
}

// analyzerForLang is the text analyzer for an article in language lang.
func analyzerForLang(lang string) string {
	if a, ok := langAnalyzers[lang]; ok {
		return a
	}
	return textEN
}

var foldFilterInstance = asciifolding.New()

func init() {
	err := registry.RegisterTokenFilter(foldFilter, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return foldTokens{foldFilterInstance}, nil
	})
	if err == nil {
		err = registry.RegisterTokenFilter(noGapsFilter, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return noGaps{}, nil
		})
	}
	if err == nil {
		err = registry.RegisterTokenFilter(pairHashFilter, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return pairHash{}, nil
		})
	}
	if err == nil {
		err = registry.RegisterDateTimeParser(noDateParser, func(map[string]interface{}, *registry.Cache) (analysis.DateTimeParser, error) {
			return noDates{}, nil
		})
	}
	if err != nil {
		panic(err)
	}
	util.UnmarshalJSON = unmarshalJSON
}

// mappingSum is the SHA-256 of this build's mapping as Bleve stores it
// in an index (the JSON of newMapping). TestMappingSum checks it: when the
// mapping changes, bump SchemaVersion if old indexes cannot serve it, and
// update the sum.
const mappingSum = "c75148995c078882645e204a4932e0448c37803419117ee5eee81ca34bf2f92e"

// unmarshalJSON is Bleve's JSON decoder (bleve/util), except that the
// index mapping this build writes is not parsed but built again:
// decoding its 40 kB of JSON (sixteen language mappings) costs several
// milliseconds on every open, the largest part of opening a corpus. The
// stored bytes are recognised by their checksum. Any other mapping, and
// every other value, is decoded as usual.
func unmarshalJSON(data []byte, v any) error {
	if im, ok := v.(**mapping.IndexMappingImpl); ok && len(data) > 1000 {
		if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) == mappingSum {
			*im = newMapping().(*mapping.IndexMappingImpl)
			return deferLanguageAnalyzers(*im) // lazyanalysis.go
		}
	}
	return json.Unmarshal(data, v)
}

// foldTokens folds diacritics inside each token's term, leaving the byte
// offsets pointing into the original text (a char filter would shift them).
type foldTokens struct {
	f *asciifolding.AsciiFoldingFilter
}

func (f foldTokens) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		for _, b := range t.Term {
			if b >= utf8.RuneSelf {
				t.Term = f.f.Filter(t.Term)
				break
			}
		}
	}
	return in
}

// noGaps drops word pairs that span a stop-word gap ("summit _"): phrase
// queries never look them up, and they would double the pairs field.
type noGaps struct{}

func (noGaps) Filter(in analysis.TokenStream) analysis.TokenStream {
	out := in[:0]
	for _, t := range in {
		if bytes.HasPrefix(t.Term, []byte("_ ")) || bytes.HasSuffix(t.Term, []byte(" _")) {
			continue
		}
		out = append(out, t)
	}
	return out
}

// pairBits is the size of the word-pair hash: pairs fall into 2^pairBits
// buckets. Bigger means fewer false candidates for a phrase, smaller a
// smaller term dictionary; at 2^20 a 100k-article corpus puts about 25
// stray articles beside the true candidates of a two-word phrase, which
// the position check drops.
const pairBits = 20

// pairCodeAlphabet spells a bucket number, five bits a character.
const pairCodeAlphabet = "0123456789abcdefghijklmnopqrstuv"

// pairCode is the body_pairs term of a stemmed word pair ("climat chang"):
// a fixed-width code of its bucket. Many pairs share a code, so a
// body_pairs match only makes an article a candidate; the phrase query
// checks positions in body (compile.go: pairPhraseQuery). The hash is
// FNV-1a, fixed forever: the codes are on disk.
func pairCode(pair []byte) []byte {
	h := uint64(14695981039346656037)
	for _, b := range pair {
		h ^= uint64(b)
		h *= 1099511628211
	}
	h >>= 64 - pairBits
	code := make([]byte, (pairBits+4)/5)
	for i := len(code) - 1; i >= 0; i-- {
		code[i] = pairCodeAlphabet[h&31]
		h >>= 5
	}
	return code
}

// pairHash replaces each word pair by its pairCode.
type pairHash struct{}

func (pairHash) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		t.Term = pairCode(t.Term)
	}
	return in
}

type noDates struct{}

func (noDates) ParseDateTime(string) (time.Time, string, error) {
	return time.Time{}, "", errors.New("not a date")
}

// doc is what Bleve indexes for one article, with only the fields the
// article has. Nothing is stored in Bleve: the side store holds the
// articles, so the index stays small. Fields:
//
//	title, body, captions   analysed text (per-language analyzer)
//	outlet                  lower-cased keyword, for outlet:"fox news"
//	outlet_kw               exact outlet: facets, sort, filters
//	author, lang, format, url, path, published (datetime)
//	year, month, day        "2015", "2015-11", "2015-11-03" (UTC)
//	outlet_day              outlet + "\x1f" + day, for split timelines
//	entity                  canonical entity names, all types, case-insensitive
//	entity_per/org/loc/misc canonical names per type (facets)
//	meta.KEY                custom metadata (exact keywords)
//	_type                   "lang_xx": picks the per-language document mapping
type doc map[string]any

// captionsText joins captions the way entity offsets expect them.
func captionsText(a *corpus.Article) string { return strings.Join(a.Captions, "\n\n") }

const (
	dayLayout   = "2006-01-02"
	monthLayout = "2006-01"
)

// docType is the document mapping for an article's language.
func docType(lang string) string {
	if _, ok := langAnalyzers[lang]; ok {
		return "lang_" + lang
	}
	return "lang_en"
}

func toDoc(a *corpus.Article) doc {
	d := doc{"_type": docType(a.Lang), "outlet": a.Outlet, "outlet_kw": a.Outlet}
	set := func(k, v string) {
		if v != "" {
			d[k] = v
		}
	}
	set("title", a.Title)
	set("body", a.Body)
	if d["_type"] == "lang_en" {
		set("body_pairs", a.Body)
	}
	set("captions", captionsText(a))
	set("lang", a.Lang)
	set("format", a.Format)
	set("url", a.URL)
	set("path", a.Path)
	if len(a.Authors) > 0 {
		d["author"] = a.Authors
	}
	if a.Dated() {
		p := a.Published.UTC()
		d["published"] = p
		d["year"] = p.Format("2006")
		d["month"] = p.Format(monthLayout)
		d["day"] = p.Format(dayLayout)
		d["outlet_day"] = a.Outlet + "\x1f" + p.Format(dayLayout)
	}
	var all []string
	per := map[string][]string{}
	seen := map[string]bool{}
	for _, e := range a.Entities {
		name := e.Canonical
		if name == "" {
			name = e.Text
		}
		typ := strings.ToLower(e.Type)
		switch typ {
		case "per", "org", "loc":
		default:
			typ = "misc"
		}
		if name == "" || seen[typ+"\x00"+name] {
			continue
		}
		seen[typ+"\x00"+name] = true
		per[typ] = append(per[typ], name)
		if !slices.Contains(all, name) {
			all = append(all, name)
		}
	}
	if len(all) > 0 {
		d["entity"] = all
	}
	for typ, names := range per {
		d["entity_"+typ] = names
	}
	if len(a.Meta) > 0 {
		m := make(map[string]any, len(a.Meta))
		for k, v := range a.Meta {
			if k = metaKey(k); k != "" && v != "" {
				m[k] = v
			}
		}
		if len(m) > 0 {
			d["meta"] = m
		}
	}
	return d
}

// metaKey makes a metadata key usable as a field name: lower case, letters,
// digits and underscores.
func metaKey(k string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			return unicode.ToLower(r)
		case r == '_' || r == '-' || r == ' ':
			return '_'
		}
		return -1
	}, k)
}

// newMapping is the explicit, lean mapping (schema version 5):
//   - body_pairs: adjacent word pairs of English bodies, hashed into 2^20
//     bucket codes, indexed without positions, frequencies or norms: the
//     candidates of a phrase, so that positions are checked only there.
//   - title, body, captions: analysed per language (English: stemming, case
//     and diacritic folding, stop words), with positions for phrases and
//     proximity, nothing stored; no _all field.
//   - outlet, entity: lower-cased keywords for case-insensitive queries;
//     outlet_kw, entity_per/org/loc/misc, lang, format, year, month, day,
//     outlet_day, meta.*: exact keywords with doc values for facets and sort.
//   - author: words, lower case, no stemming; url, path: keywords.
func newMapping() mapping.IndexMapping {
	im := bleve.NewIndexMapping()
	mustAdd := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	mustAdd(im.AddCustomAnalyzer(textEN, map[string]interface{}{
		"type":          custom.Name,
		"tokenizer":     unicodetok.Name,
		"token_filters": []string{en.PossessiveName, lowercase.Name, foldFilter, en.StopName, porter.Name},
	}))
	mustAdd(im.AddCustomTokenFilter(pairsFilter, map[string]interface{}{
		"type": shingle.Name, "min": 2.0, "max": 2.0, "output_original": false, "separator": " ", "filler": "_",
	}))
	mustAdd(im.AddCustomAnalyzer(pairsEN, map[string]interface{}{
		"type":          custom.Name,
		"tokenizer":     unicodetok.Name,
		"token_filters": []string{en.PossessiveName, lowercase.Name, foldFilter, en.StopName, porter.Name, pairsFilter, noGapsFilter, pairHashFilter},
	}))
	mustAdd(im.AddCustomAnalyzer(simpleAnalyzer, map[string]interface{}{
		"type":          custom.Name,
		"tokenizer":     unicodetok.Name,
		"token_filters": []string{lowercase.Name, foldFilter},
	}))
	mustAdd(im.AddCustomAnalyzer(lowerKeyword, map[string]interface{}{
		"type":          custom.Name,
		"tokenizer":     single.Name,
		"token_filters": []string{lowercase.Name, foldFilter},
	}))

	field := func(analyzer string, vectors, docValues bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = false
		f.IncludeTermVectors = vectors
		f.IncludeInAll = false
		f.DocValues = docValues
		return f
	}
	docMapping := func(text string) *mapping.DocumentMapping {
		dm := bleve.NewDocumentStaticMapping()
		dm.DefaultAnalyzer = text
		dm.AddFieldMappingsAt("title", field(text, true, false))
		dm.AddFieldMappingsAt("body", field(text, true, false))
		dm.AddFieldMappingsAt("captions", field(text, true, false))
		if text == textEN {
			// Hashed word pairs of English bodies: the candidates of a
			// phrase before the position check (compile.go:
			// pairPhraseQuery). Only membership counts: no frequencies,
			// norms or positions; the phrase's score comes from body.
			pairs := field(pairsEN, false, false)
			pairs.SkipFreqNorm = true
			dm.AddFieldMappingsAt("body_pairs", pairs)
		}
		dm.AddFieldMappingsAt("outlet", field(lowerKeyword, false, false))
		dm.AddFieldMappingsAt("entity", field(lowerKeyword, false, false))
		dm.AddFieldMappingsAt("author", field(simpleAnalyzer, true, false))
		for _, kw := range []string{"outlet_kw", "lang", "format", "year", "month", "day", "outlet_day",
			"entity_per", "entity_org", "entity_loc", "entity_misc"} {
			dm.AddFieldMappingsAt(kw, field(keyword.Name, false, true))
		}
		for _, kw := range []string{"url", "path"} {
			dm.AddFieldMappingsAt(kw, field(keyword.Name, false, false))
		}
		dt := bleve.NewDateTimeFieldMapping()
		dt.Store = false
		dt.IncludeInAll = false
		dt.DocValues = true
		dm.AddFieldMappingsAt("published", dt)
		meta := bleve.NewDocumentMapping() // dynamic: every key becomes meta.KEY
		meta.DefaultAnalyzer = keyword.Name
		dm.AddSubDocumentMapping("meta", meta)
		return dm
	}
	im.DefaultMapping = docMapping(textEN)
	im.AddDocumentMapping("lang_en", docMapping(textEN))
	for lang, an := range langAnalyzers {
		im.AddDocumentMapping("lang_"+lang, docMapping(an))
	}
	im.DefaultAnalyzer = textEN
	im.DefaultField = "body"
	im.DefaultDateTimeParser = noDateParser
	// Only meta.* is dynamic: indexed keywords with doc values, not stored.
	im.StoreDynamic = false
	im.IndexDynamic = true
	im.DocValuesDynamic = true
	return im
}
