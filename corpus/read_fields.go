package corpus

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// fieldRole is the article field a structured-record key (JSON, CSV, front
// matter) maps to.
type fieldRole int

const (
	roleNone fieldRole = iota
	roleTitle
	roleBody
	roleDate
	roleOutlet
	roleURL
	roleAuthors
	roleLang
	numRoles
)

// fieldAliases lists, per role, the recognised keys (normalised: lower case,
// letters and digits only) from most to least preferred. When a record has
// several keys for one role, the most preferred non-empty one wins.
var fieldAliases = [numRoles][]string{
	roleTitle:   {"title", "headline", "articletitle", "heading", "titlepage", "titlerss", "subject"},
	roleBody:    {"text", "content", "body", "article", "maintext", "articlebody", "fulltext", "bodytext", "story", "articletext", "contenttext"},
	roleDate:    {"date", "published", "publishdate", "datepublished", "pubdate", "datepublish", "publisheddate", "publishedat", "publicationdate", "publishedtime", "publishedon", "datetime", "timestamp", "created", "createdat", "datecreated"},
	roleOutlet:  {"source", "outlet", "publisher", "site", "sitename", "publication", "newspaper", "sourcename", "media", "mediaoutlet", "domain", "sourcedomain"},
	roleURL:     {"url", "link", "canonicalurl", "articleurl", "sourceurl", "permalink", "uri", "href"},
	roleAuthors: {"author", "authors", "byline", "creator", "creators", "writer", "writers"},
	roleLang:    {"lang", "language", "languagecode", "inlanguage", "locale"},
}

type fieldAlias struct {
	role fieldRole
	rank int
}

var aliasIndex = func() map[string]fieldAlias {
	m := make(map[string]fieldAlias, 96)
	for role, keys := range fieldAliases {
		for rank, k := range keys {
			m[k] = fieldAlias{fieldRole(role), rank}
		}
	}
	return m
}()

// normKey lower-cases k and keeps letters and digits only, so that
// "date_published", "datePublished" and "Date Published" compare equal.
func normKey(k string) string {
	var b strings.Builder
	b.Grow(len(k))
	for _, r := range k {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// metaKey turns a field name into a lower-case identifier for Article.Meta:
// runs of other characters become one underscore ("Image URL" → "image_url").
func metaKey(k string) string {
	var b strings.Builder
	b.Grow(len(k))
	under := false
	for _, r := range k {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			under = false
			b.WriteRune(unicode.ToLower(r))
		} else {
			under = true
		}
	}
	return b.String()
}

// recordBuilder fills an Article from the key/value pairs of one record.
type recordBuilder struct {
	a     Article
	rank  [numRoles]int
	keys  []string
	dated bool
}

func newRecordBuilder() *recordBuilder {
	b := &recordBuilder{}
	for i := range b.rank {
		b.rank[i] = math.MaxInt
	}
	return b
}

// take reports whether a value for role with rank should replace the current one.
func (b *recordBuilder) take(role fieldRole, rank int) bool {
	if rank < b.rank[role] {
		b.rank[role] = rank
		return true
	}
	return false
}

func (b *recordBuilder) setMeta(key, v string) {
	k := metaKey(key)
	v = strings.TrimSpace(v)
	if k == "" || v == "" {
		return
	}
	if b.a.Meta == nil {
		b.a.Meta = make(map[string]string)
	}
	if _, dup := b.a.Meta[k]; !dup {
		b.a.Meta[k] = v
	}
}

// setString assigns a textual value to the field key names.
func (b *recordBuilder) setString(key, v string) {
	b.keys = append(b.keys, key)
	v = strings.TrimSpace(v)
	if v == "" {
		return
	}
	al, ok := aliasIndex[normKey(key)]
	if !ok {
		b.setMeta(key, v)
		return
	}
	switch al.role {
	case roleTitle:
		if b.take(roleTitle, al.rank) {
			b.a.Title = squashSpace(v)
		}
	case roleBody:
		if b.take(roleBody, al.rank) {
			b.a.Body = textToParagraphs(v)
		}
	case roleDate:
		t, ok := ParseDate(v)
		if !ok {
			if n, err := strconv.ParseFloat(v, 64); err == nil {
				t, ok = epochTime(n)
			}
		}
		if !ok {
			b.setMeta(key, v)
			return
		}
		if b.take(roleDate, al.rank) {
			b.a.Published, b.a.DateSource = t, "metadata"
			b.dated = true
		}
	case roleOutlet:
		if b.take(roleOutlet, al.rank) {
			b.a.Outlet = squashSpace(v)
		}
	case roleURL:
		if b.take(roleURL, al.rank) {
			b.a.URL = v
		}
	case roleAuthors:
		if b.take(roleAuthors, al.rank) {
			b.a.Authors = splitAuthors(v)
		}
	case roleLang:
		if l := normLang(v); l != "" && b.take(roleLang, al.rank) {
			b.a.Lang = l
		} else if l == "" {
			b.setMeta(key, v)
		}
	}
}

// setValue assigns a decoded JSON value (string, json.Number, bool, nil,
// []any, map[string]any) to the field key names.
func (b *recordBuilder) setValue(key string, v any) {
	al, known := aliasIndex[normKey(key)]
	switch x := v.(type) {
	case nil:
		b.keys = append(b.keys, key)
	case string:
		b.setString(key, x)
	case json.Number:
		if known && al.role == roleDate {
			if f, err := x.Float64(); err == nil {
				if t, ok := epochTime(f); ok {
					b.keys = append(b.keys, key)
					if b.take(roleDate, al.rank) {
						b.a.Published, b.a.DateSource = t, "metadata"
						b.dated = true
					}
					return
				}
			}
		}
		b.setString(key, x.String())
	case bool:
		b.setString(key, strconv.FormatBool(x))
	case []any:
		if !known {
			b.keys = append(b.keys, key)
			if s := joinScalars(x, "; "); s != "" {
				b.setMeta(key, s)
			}
			return
		}
		switch al.role {
		case roleAuthors:
			var names []string
			for _, e := range x {
				for _, n := range splitAuthors(nameOf(e)) {
					names = addUniqueFold(names, n)
				}
			}
			b.keys = append(b.keys, key)
			if len(names) > 0 && b.take(roleAuthors, al.rank) {
				b.a.Authors = names
			}
		case roleBody:
			// Paragraphs given as an array of strings.
			var parts []string
			for _, e := range x {
				if s := strings.TrimSpace(nameOf(e)); s != "" {
					parts = append(parts, s)
				}
			}
			b.setString(key, strings.Join(parts, "\n\n"))
		default:
			for _, e := range x {
				if s := nameOf(e); strings.TrimSpace(s) != "" {
					b.setString(key, s)
					return
				}
			}
			b.keys = append(b.keys, key)
		}
	case map[string]any:
		if known {
			if al.role == roleAuthors {
				b.setValue(key, []any{x})
				return
			}
			if s := nameOf(x); s != "" {
				b.setString(key, s)
				return
			}
		}
		// Flatten one level of an unrecognised object into Meta.
		b.keys = append(b.keys, key)
		for _, k := range sortedAnyKeys(x) {
			switch y := x[k].(type) {
			case string:
				b.setMeta(key+"_"+k, y)
			case json.Number:
				b.setMeta(key+"_"+k, y.String())
			case bool:
				b.setMeta(key+"_"+k, strconv.FormatBool(y))
			}
		}
	}
}

// finish returns the article, or an error when the record has neither a
// title nor a text.
func (b *recordBuilder) finish() (Article, error) {
	if strings.TrimSpace(b.a.Title) == "" && strings.TrimSpace(b.a.Body) == "" {
		if len(b.keys) == 0 {
			return Article{}, errors.New("empty record")
		}
		return Article{}, fmt.Errorf("no title or text field (fields: %s)", listKeys(b.keys))
	}
	return b.a, nil
}

func listKeys(keys []string) string {
	ks := append([]string(nil), keys...)
	sort.Strings(ks)
	ks = compactStrings(ks)
	if len(ks) > 12 {
		return strings.Join(ks[:12], ", ") + ", ..."
	}
	return strings.Join(ks, ", ")
}

func compactStrings(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// nameOf returns the text of a scalar, or the name-like member of an object
// ({"name": ...}, {"@value": ...}, MongoDB {"$date": ...}).
func nameOf(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case map[string]any:
		for _, k := range []string{"name", "title", "text", "@value", "value", "$date", "date", "url", "href", "@id", "id"} {
			if s := nameOf(x[k]); strings.TrimSpace(s) != "" {
				return s
			}
		}
	case []any:
		for _, e := range x {
			if s := nameOf(e); s != "" {
				return s
			}
		}
	}
	return ""
}

func joinScalars(xs []any, sep string) string {
	var parts []string
	for _, e := range xs {
		switch y := e.(type) {
		case string:
			if y = strings.TrimSpace(y); y != "" {
				parts = append(parts, y)
			}
		case json.Number:
			parts = append(parts, y.String())
		case bool:
			parts = append(parts, strconv.FormatBool(y))
		}
	}
	return strings.Join(parts, sep)
}

func sortedAnyKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// epochTime reads a Unix time in seconds or milliseconds (between 1970 and 2200).
func epochTime(f float64) (time.Time, bool) {
	if math.IsNaN(f) || f <= 0 {
		return time.Time{}, false
	}
	const maxSec = 7258118400 // 2200-01-01
	switch {
	case f < 1e8:
		return time.Time{}, false // too small to be a plausible timestamp
	case f <= maxSec:
		return time.Unix(int64(f), 0).UTC(), true
	case f <= maxSec*1000:
		return time.UnixMilli(int64(f)).UTC(), true
	}
	return time.Time{}, false
}

// splitAuthors splits a byline into names: "By Jane Doe and John Roe" →
// ["Jane Doe", "John Roe"]. Commas split only when every part has several
// words, so "Doe, Jane" stays one name. URLs and e-mail addresses are dropped.
func splitAuthors(s string) []string {
	s = squashSpace(s)
	if s == "" {
		return nil
	}
	if len(s) > 3 && strings.EqualFold(s[:3], "by ") {
		s = strings.TrimSpace(s[3:])
	}
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '|' || r == '\n' }) {
		for _, p := range splitOnWords(part, " and ", " & ", " und ", " et ") {
			commas := strings.Split(p, ",")
			multi := len(commas) > 1
			for _, c := range commas {
				if !strings.Contains(strings.TrimSpace(c), " ") {
					multi = false
				}
			}
			if !multi {
				commas = []string{p}
			}
			for _, c := range commas {
				c = strings.Trim(strings.TrimSpace(c), ",.")
				if c == "" || strings.Contains(c, "://") || strings.HasPrefix(c, "www.") || (strings.Contains(c, "@") && !strings.Contains(c, " ")) {
					continue
				}
				out = addUniqueFold(out, c)
			}
		}
	}
	return out
}

func splitOnWords(s string, seps ...string) []string {
	parts := []string{s}
	for _, sep := range seps {
		var next []string
		for _, p := range parts {
			low := strings.ToLower(p)
			for {
				i := strings.Index(low, sep)
				if i < 0 {
					break
				}
				next = append(next, p[:i])
				p, low = p[i+len(sep):], low[i+len(sep):]
			}
			next = append(next, p)
		}
		parts = next
	}
	return parts
}

func addUniqueFold(list []string, s string) []string {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return list
		}
	}
	return append(list, s)
}

// langNames maps language names and ISO 639-2 codes to ISO 639-1.
var langNames = map[string]string{
	"english": "en", "eng": "en", "french": "fr", "français": "fr", "francais": "fr", "fra": "fr", "fre": "fr",
	"german": "de", "deutsch": "de", "deu": "de", "ger": "de", "spanish": "es", "español": "es", "espanol": "es", "spa": "es",
	"italian": "it", "italiano": "it", "ita": "it", "portuguese": "pt", "português": "pt", "portugues": "pt", "por": "pt",
	"dutch": "nl", "nederlands": "nl", "nld": "nl", "dut": "nl", "russian": "ru", "русский": "ru", "rus": "ru",
	"arabic": "ar", "ara": "ar", "chinese": "zh", "zho": "zh", "chi": "zh", "japanese": "ja", "jpn": "ja",
	"polish": "pl", "pol": "pl", "turkish": "tr", "tur": "tr", "ukrainian": "uk", "ukr": "uk",
	"swedish": "sv", "swe": "sv", "danish": "da", "dan": "da", "norwegian": "no", "nor": "no",
	"finnish": "fi", "fin": "fi", "greek": "el", "ell": "el", "gre": "el", "hebrew": "he", "heb": "he",
	"hindi": "hi", "hin": "hi", "korean": "ko", "kor": "ko", "czech": "cs", "ces": "cs", "cze": "cs",
	"romanian": "ro", "ron": "ro", "rum": "ro", "hungarian": "hu", "hun": "hu", "catalan": "ca", "cat": "ca",
}

// normLang turns "en", "en-US", "en_GB", "English" or "eng" into an ISO 639-1
// code, or "" when it does not recognise the value.
func normLang(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return ""
	}
	if l, ok := langNames[s]; ok {
		return l
	}
	base := s
	if i := strings.IndexAny(s, "-_"); i > 0 {
		base = s[:i]
	}
	if l, ok := langNames[base]; ok {
		return l
	}
	if len(base) == 2 && isASCIILetter(base[0]) && isASCIILetter(base[1]) {
		return base
	}
	return ""
}

// squashSpace trims s and turns every run of white space into one space.
func squashSpace(s string) string {
	if s == "" {
		return s
	}
	simple := true
	prevSpace := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			simple = false
			break
		}
		sp := c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
		if sp && (prevSpace || c != ' ') {
			simple = false
			break
		}
		prevSpace = sp
	}
	if simple && !prevSpace {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// textToParagraphs normalises plain text into paragraphs separated by "\n\n".
//
// When the text has blank lines, they separate paragraphs and the lines of a
// paragraph are joined with spaces (undoing hard wrapping; lines starting
// with a list marker stay on their own line). Without blank lines each line is
// a paragraph, except that a line not ending a sentence is joined to a next
// line starting in lower case.
func textToParagraphs(s string) string {
	if s == "" {
		return ""
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.ReplaceAll(s, "\u2029", "\n\n")
	s = strings.ReplaceAll(s, "\u2028", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRightFunc(strings.TrimLeft(l, " \t\u00a0\u3000"), unicode.IsSpace)
		if strings.TrimSpace(lines[i]) == "" {
			lines[i] = ""
		}
	}
	for len(lines) > 0 && lines[0] == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	blank := false
	for _, l := range lines {
		if l == "" {
			blank = true
			break
		}
	}
	var b strings.Builder
	b.Grow(len(s))
	para := false // inside a paragraph
	for i, l := range lines {
		if l == "" {
			para = false
			continue
		}
		l = squashInnerSpace(l)
		if !para {
			if b.Len() > 0 {
				b.WriteString("\n\n")
			}
			b.WriteString(l)
			para = true
		} else {
			switch {
			case isListItemLine(l):
				b.WriteByte('\n')
			default:
				b.WriteByte(' ')
			}
			b.WriteString(l)
		}
		if !blank {
			// One paragraph per line unless the sentence continues.
			next := ""
			if i+1 < len(lines) {
				next = lines[i+1]
			}
			para = next != "" && !clEndsSentence(l) && clStartsLower(next)
		}
	}
	return b.String()
}

// squashInnerSpace turns runs of spaces and tabs inside a line into one space.
func squashInnerSpace(l string) string {
	if !strings.Contains(l, "  ") && !strings.ContainsAny(l, "\t\f\v") {
		return l
	}
	return strings.Join(strings.Fields(l), " ")
}

func isListItemLine(l string) bool {
	switch {
	case strings.HasPrefix(l, "- "), strings.HasPrefix(l, "* "), strings.HasPrefix(l, "• "), strings.HasPrefix(l, "+ "):
		return true
	}
	i := 0
	for i < len(l) && i < 4 && l[i] >= '0' && l[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(l) && (l[i] == '.' || l[i] == ')') && l[i+1] == ' '
}
