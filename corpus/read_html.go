package corpus

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// readHTML reads a saved web page: the main text is found with
// go-readability (falling back to the page's <article>, <main> or <body>
// text), metadata comes from <title>, Open Graph / article meta tags,
// JSON-LD NewsArticle data, <time datetime>, the canonical link and
// <html lang>. Scripts, styles and hidden elements are never read. Figure
// captions go to Captions.
func readHTML(name string, data []byte) ([]Article, error) {
	text, err := DecodeText(data)
	if err != nil {
		return nil, err
	}
	a, err := htmlArticle(text)
	if err != nil {
		return nil, err
	}
	return []Article{a}, nil
}

// htmlArticle extracts the article in an HTML document.
func htmlArticle(src string) (Article, error) {
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		// The tree builder gives up on absurd nesting (over 512 open
		// elements); the tokenizer still reads the text.
		return htmlTokenText(src)
	}
	var m htmlMeta
	m.collect(doc)

	var a Article
	a.URL = firstNonEmpty(m.canonical, m.ogURL, m.ldURL)
	pageURL, _ := url.Parse(a.URL)
	if pageURL == nil || pageURL.Scheme == "" || pageURL.Host == "" {
		pageURL = &url.URL{Scheme: "file", Path: "/"}
	}
	ra, raErr := runReadability(doc, pageURL)

	// Body: readability's pick, unless it lost most of a structural container.
	var best textWalker
	if raErr == nil && ra.Node != nil {
		best.walk(ra.Node, false)
		best.flush()
	}
	var fb textWalker
	container, structural := mainContainer(doc)
	fb.walk(container, true)
	fb.flush()
	bestLen, fbLen := best.letters(), fb.letters()
	if bestLen == 0 || (structural && bestLen*5 < fbLen) || bestLen*20 < fbLen {
		best = fb
	}
	if best.letters() == 0 && m.ldBody != "" {
		best = textWalker{paras: strings.Split(textToParagraphs(m.ldBody), "\n\n")}
	}

	outlet := firstNonEmpty(m.ldPublisher, m.siteName, m.appName)
	if outlet == "" && raErr == nil {
		outlet = ra.SiteName()
	}
	a.Outlet = squashSpace(outlet)

	title := firstNonEmpty(m.ldHeadline, m.ogTitle, m.twTitle, m.dcTitle, m.h1)
	if title == "" && raErr == nil {
		title = ra.Title()
	}
	if title == "" {
		title = m.title
	}
	a.Title = stripSiteSuffix(squashSpace(title), a.Outlet)

	paras := best.paras
	for len(paras) > 0 && squashSpace(paras[0]) == a.Title {
		paras = paras[1:]
	}
	a.Body = strings.Join(paras, "\n\n")
	a.Captions = best.captions

	if !m.published.IsZero() {
		a.Published, a.DateSource = m.published, "metadata"
	} else if raErr == nil {
		if t, err := ra.PublishedTime(); err == nil && !t.IsZero() && validYear(t.Year()) {
			a.Published, a.DateSource = t, "metadata"
		}
	}
	a.Authors = m.authors
	if len(a.Authors) == 0 && raErr == nil {
		// The byline readability finds in the text often carries dates or
		// counters glued on: keep only names without digits.
		for _, n := range splitAuthors(ra.Byline()) {
			if !strings.ContainsAny(n, "0123456789") && utf8.RuneCountInString(n) <= 60 {
				a.Authors = append(a.Authors, n)
			}
		}
	}
	a.Lang = normLang(firstNonEmpty(m.lang, m.ldLang, m.metaLang))
	if a.Lang == "" && raErr == nil {
		a.Lang = normLang(ra.Language())
	}
	a.Meta = m.meta
	if a.Title == "" && a.Body == "" {
		return Article{}, errors.New("no text found in HTML")
	}
	return a, nil
}

// runReadability runs the extractor on a copy of doc, turning a panic in the
// library into an error.
func runReadability(doc *html.Node, pageURL *url.URL) (a readability.Article, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("readability: %v", r)
		}
	}()
	p := readability.NewParser()
	p.DisableJSONLD = true
	// Beyond this many elements the simpler fallback extraction is used:
	// readability's scoring grows faster than linearly.
	p.MaxElemsToParse = 100000
	return p.ParseDocument(doc, pageURL)
}

// mainContainer returns the element holding the page's main text for the
// fallback extraction: the <article> (or role=main / <main>) with the most
// text, else <body>. structural says whether one was found.
func mainContainer(doc *html.Node) (*html.Node, bool) {
	var body, best *html.Node
	bestLen := 0
	var stack []*html.Node
	stack = append(stack, doc)
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type == html.ElementNode {
			switch {
			case n.DataAtom == atom.Body && body == nil:
				body = n
			case n.DataAtom == atom.Article || n.DataAtom == atom.Main || attr(n, "role") == "main" || attr(n, "itemprop") == "articleBody":
				if l := textLetters(n); l > bestLen {
					best, bestLen = n, l
				}
			case skipElement(n, true):
				continue
			}
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
	if best != nil && bestLen >= 200 {
		return best, true
	}
	if body != nil {
		return body, false
	}
	return doc, false
}

// textLetters counts the letters of the visible text under n.
func textLetters(n *html.Node) int {
	var w textWalker
	w.walk(n, true)
	w.flush()
	return w.letters()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return strings.TrimSpace(a.Val)
		}
	}
	return ""
}

// skipElement reports elements whose text is never article text. With
// boilerplate, navigation, asides and footers are skipped too.
func skipElement(n *html.Node, boilerplate bool) bool {
	switch nodeAtom(n) {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Iframe,
		atom.Object, atom.Embed, atom.Canvas, atom.Button, atom.Select, atom.Textarea,
		atom.Input, atom.Head, atom.Title, atom.Meta, atom.Link, atom.Audio, atom.Video, atom.Map:
		return true
	case atom.Nav, atom.Aside, atom.Footer:
		if boilerplate {
			return true
		}
	}
	if n.Data == "math" {
		return false
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "aria-hidden":
			if strings.EqualFold(strings.TrimSpace(a.Val), "true") {
				return true
			}
		case "style":
			v := strings.ToLower(strings.ReplaceAll(a.Val, " ", ""))
			if strings.Contains(v, "display:none") || strings.Contains(v, "visibility:hidden") {
				return true
			}
		}
	}
	return false
}

// textWalker turns an HTML subtree into paragraphs.
type textWalker struct {
	paras    []string
	captions []string
	cur      strings.Builder
	space    bool // a space is pending before the next word
}

func (w *textWalker) letters() int {
	n := 0
	for _, p := range w.paras {
		n += utf8.RuneCountInString(p)
	}
	return n
}

// walk visits n iteratively (deeply nested broken HTML must not exhaust the
// stack).
func (w *textWalker) walk(root *html.Node, boilerplate bool) {
	type frame struct {
		n     *html.Node
		after bool // closing visit of a block element
		pre   bool
	}
	stack := []frame{{n: root}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := f.n
		if f.after {
			w.flush()
			continue
		}
		switch n.Type {
		case html.TextNode:
			w.text(n.Data, f.pre)
			continue
		case html.ElementNode:
			if n != root && skipElement(n, boilerplate) {
				continue
			}
			a := nodeAtom(n)
			switch a {
			case atom.Br:
				w.cur.WriteByte('\n')
				w.space = false
				continue
			case atom.Figcaption:
				var sub textWalker
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					sub.walk(c, boilerplate)
				}
				sub.flush()
				if t := squashSpace(strings.Join(sub.paras, " ")); t != "" {
					w.captions = append(w.captions, t)
				}
				continue
			case atom.Header:
				if boilerplate && n != root && !insideArticle(n) {
					continue
				}
			case atom.Td, atom.Th:
				w.space = true
			case atom.Img:
				continue
			}
			if isBlock(a) {
				w.flush()
				stack = append(stack, frame{n: n, after: true})
			}
		case html.CommentNode, html.DoctypeNode:
			continue
		}
		pre := f.pre || (n.Type == html.ElementNode && nodeAtom(n) == atom.Pre)
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, frame{n: c, pre: pre})
		}
	}
}

// nodeAtom returns n's tag atom; nodes created by go-readability carry only
// the tag name.
func nodeAtom(n *html.Node) atom.Atom {
	if n.DataAtom != 0 || n.Type != html.ElementNode {
		return n.DataAtom
	}
	return atom.Lookup([]byte(strings.ToLower(n.Data)))
}

func insideArticle(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Article || p.DataAtom == atom.Main {
			return true
		}
	}
	return false
}

func (w *textWalker) text(s string, pre bool) {
	if pre {
		w.cur.WriteString(s)
		return
	}
	fields := strings.Fields(s)
	if len(fields) == 0 {
		if s != "" {
			w.space = true
		}
		return
	}
	if startsWithSpace(s) {
		w.space = true
	}
	for i, f := range fields {
		if (i > 0 || w.space) && w.cur.Len() > 0 && !endsWithSpace(w.cur.String()) {
			w.cur.WriteByte(' ')
		}
		w.cur.WriteString(f)
	}
	w.space = endsWithSpace(s)
}

func startsWithSpace(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\f' || r == '\u00a0'
}

func endsWithSpace(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\f' || r == '\u00a0'
}

// flush ends the current block: its lines become one paragraph, or several
// where a blank line (<br><br>) separates them.
func (w *textWalker) flush() {
	s := w.cur.String()
	w.cur.Reset()
	w.space = false
	if strings.TrimSpace(s) == "" {
		return
	}
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		l = squashSpace(l)
		if l == "" {
			if len(lines) > 0 {
				w.paras = append(w.paras, strings.Join(lines, "\n"))
				lines = lines[:0]
			}
			continue
		}
		lines = append(lines, l)
	}
	if len(lines) > 0 {
		w.paras = append(w.paras, strings.Join(lines, "\n"))
	}
}

func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Main, atom.Header, atom.Footer,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Li, atom.Ul, atom.Ol, atom.Dl,
		atom.Dt, atom.Dd, atom.Blockquote, atom.Pre, atom.Table, atom.Tr, atom.Figure, atom.Address,
		atom.Hr, atom.Center, atom.Details, atom.Summary, atom.Form, atom.Fieldset, atom.Caption,
		atom.Body, atom.Nav, atom.Aside, atom.Hgroup, atom.Tbody, atom.Thead, atom.Tfoot:
		return true
	}
	return false
}

// htmlMeta collects metadata from the whole document.
type htmlMeta struct {
	title, ogTitle, twTitle, dcTitle, h1   string
	siteName, appName                      string
	canonical, ogURL                       string
	lang, metaLang                         string
	ldHeadline, ldPublisher, ldURL, ldLang string
	ldBody                                 string
	ldDone                                 bool
	published                              time.Time
	dateRank                               int
	authors                                []string
	authorRank                             int
	firstTime                              time.Time
	meta                                   map[string]string
}

func (m *htmlMeta) setMeta(k, v string) {
	v = squashSpace(v)
	if v == "" {
		return
	}
	if m.meta == nil {
		m.meta = make(map[string]string)
	}
	if _, ok := m.meta[k]; !ok {
		m.meta[k] = v
	}
}

// setDate keeps the date with the best (lowest) rank.
func (m *htmlMeta) setDate(v string, rank int) {
	if !m.published.IsZero() && rank >= m.dateRank {
		return
	}
	if t, ok := ParseDate(v); ok {
		m.published, m.dateRank = t, rank
	}
}

// setAuthors keeps the names from the best (lowest) ranked source; names
// from several tags of the same rank (one <meta name="author"> per author)
// add up.
func (m *htmlMeta) setAuthors(names []string, rank int) {
	switch {
	case len(names) == 0:
	case len(m.authors) == 0 || rank < m.authorRank:
		m.authors, m.authorRank = names, rank
	case rank == m.authorRank && rank > 0:
		for _, n := range names {
			m.authors = addUniqueFold(m.authors, n)
		}
	}
}

func (m *htmlMeta) collect(doc *html.Node) {
	stack := []*html.Node{doc}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type == html.ElementNode {
			m.element(n)
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
	if m.published.IsZero() && !m.firstTime.IsZero() {
		m.published = m.firstTime
	}
}

func (m *htmlMeta) element(n *html.Node) {
	switch n.DataAtom {
	case atom.Html:
		m.lang = firstNonEmpty(attr(n, "lang"), attr(n, "xml:lang"))
	case atom.Title:
		if m.title == "" {
			m.title = squashSpace(nodeText(n))
		}
	case atom.H1:
		if m.h1 == "" {
			m.h1 = squashSpace(nodeText(n))
		}
	case atom.Link:
		rel := strings.ToLower(attr(n, "rel"))
		if rel == "canonical" && m.canonical == "" {
			m.canonical = attr(n, "href")
		}
	case atom.Time:
		if dt := attr(n, "datetime"); dt != "" {
			if strings.EqualFold(attr(n, "itemprop"), "datePublished") || hasAttr(n, "pubdate") {
				m.setDate(dt, 3)
			} else if m.firstTime.IsZero() {
				if t, ok := ParseDate(dt); ok {
					m.firstTime = t
				}
			}
		}
	case atom.Script:
		if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") && n.FirstChild != nil {
			m.jsonLD(nodeText(n))
		}
	case atom.Meta:
		m.metaTag(n)
	}
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func (m *htmlMeta) metaTag(n *html.Node) {
	key := strings.ToLower(firstNonEmpty(attr(n, "property"), attr(n, "name"), attr(n, "itemprop"), attr(n, "http-equiv")))
	content := attr(n, "content")
	if key == "" || content == "" {
		return
	}
	switch key {
	case "og:title":
		m.ogTitle = firstNonEmpty(m.ogTitle, squashSpace(content))
	case "twitter:title":
		m.twTitle = firstNonEmpty(m.twTitle, squashSpace(content))
	case "dc.title", "dcterms.title", "citation_title", "headline":
		m.dcTitle = firstNonEmpty(m.dcTitle, squashSpace(content))
	case "og:site_name":
		m.siteName = firstNonEmpty(m.siteName, content)
	case "application-name", "publisher", "dc.publisher", "citation_publisher":
		m.appName = firstNonEmpty(m.appName, content)
	case "og:url":
		m.ogURL = firstNonEmpty(m.ogURL, content)
	case "article:published_time", "og:article:published_time":
		m.setDate(content, 1)
	case "datepublished", "published_time", "publish_date", "publish-date", "publishdate", "pubdate",
		"date", "dc.date", "dc.date.issued", "dcterms.date", "dcterms.issued", "dcterms.created",
		"sailthru.date", "parsely-pub-date", "citation_publication_date", "citation_date",
		"article.published", "og:published_time", "release_date", "originalpublicationdate":
		m.setDate(content, 2)
	case "article:modified_time", "og:updated_time", "datemodified", "last-modified":
		m.setMeta("modified", content)
	case "author", "article:author", "dc.creator", "dcterms.creator", "citation_author", "parsely-author", "sailthru.author", "byl", "byline":
		m.setAuthors(splitAuthors(content), 2)
	case "content-language", "language", "dc.language", "dcterms.language":
		m.metaLang = firstNonEmpty(m.metaLang, content)
	case "og:locale":
		m.metaLang = firstNonEmpty(m.metaLang, content)
	case "description", "og:description":
		m.setMeta("description", content)
	case "keywords", "news_keywords":
		m.setMeta("keywords", content)
	case "article:section":
		m.setMeta("section", content)
	case "article:tag":
		if old, ok := m.meta["tags"]; ok {
			m.meta["tags"] = old + "; " + squashSpace(content)
		} else {
			m.setMeta("tags", content)
		}
	}
}

// jsonLD reads the first NewsArticle-like object of a JSON-LD block.
func (m *htmlMeta) jsonLD(src string) {
	if m.ldDone {
		return
	}
	dec := json.NewDecoder(strings.NewReader(strings.TrimSpace(src)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return
	}
	obj := findLDArticle(v, 0)
	if obj == nil {
		return
	}
	m.ldDone = true
	m.ldHeadline = squashSpace(firstNonEmpty(nameOf(obj["headline"]), nameOf(obj["name"])))
	if d := firstNonEmpty(nameOf(obj["datePublished"]), nameOf(obj["dateCreated"])); d != "" {
		m.setDate(d, 0)
	}
	if d := nameOf(obj["dateModified"]); d != "" {
		m.setMeta("modified", d)
	}
	var names []string
	switch x := obj["author"].(type) {
	case []any:
		for _, e := range x {
			for _, nm := range splitAuthors(nameOf(e)) {
				names = addUniqueFold(names, nm)
			}
		}
	case nil:
	default:
		names = splitAuthors(nameOf(x))
	}
	m.setAuthors(names, 0)
	m.ldPublisher = squashSpace(nameOf(obj["publisher"]))
	m.ldURL = firstNonEmpty(nameOf(obj["url"]), nameOf(obj["mainEntityOfPage"]))
	if !strings.Contains(m.ldURL, "://") {
		m.ldURL = ""
	}
	m.ldLang = nameOf(obj["inLanguage"])
	m.ldBody = nameOf(obj["articleBody"])
	if s := nameOf(obj["articleSection"]); s != "" {
		m.setMeta("section", s)
	}
	switch k := obj["keywords"].(type) {
	case string:
		m.setMeta("keywords", k)
	case []any:
		m.setMeta("keywords", joinScalars(k, ", "))
	}
	if d := nameOf(obj["description"]); d != "" {
		m.setMeta("description", d)
	}
}

// findLDArticle finds an object whose @type is an article type in a JSON-LD
// value (top level, @graph, arrays, mainEntity).
func findLDArticle(v any, depth int) map[string]any {
	if depth > 4 {
		return nil
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			if o := findLDArticle(e, depth+1); o != nil {
				return o
			}
		}
	case map[string]any:
		if isLDArticleType(x["@type"]) {
			return x
		}
		for _, k := range []string{"@graph", "mainEntity", "mainEntityOfPage", "itemListElement", "item"} {
			if o := findLDArticle(x[k], depth+1); o != nil {
				return o
			}
		}
	}
	return nil
}

func isLDArticleType(t any) bool {
	switch x := t.(type) {
	case string:
		x = strings.TrimPrefix(strings.TrimPrefix(x, "http://schema.org/"), "https://schema.org/")
		return strings.HasSuffix(x, "Article") || x == "BlogPosting" || x == "LiveBlogPosting" || x == "Report" || x == "SocialMediaPosting"
	case []any:
		for _, e := range x {
			if isLDArticleType(e) {
				return true
			}
		}
	}
	return false
}

// nodeText returns the concatenated text under n (scripts included: used for
// <title>, <h1> and JSON-LD script bodies).
func nodeText(n *html.Node) string {
	var b strings.Builder
	stack := []*html.Node{n}
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
			continue
		}
		if c != n && c.Type == html.ElementNode && (c.DataAtom == atom.Style || (c.DataAtom == atom.Script && n.DataAtom != atom.Script)) {
			continue
		}
		for k := c.LastChild; k != nil; k = k.PrevSibling {
			stack = append(stack, k)
		}
	}
	return b.String()
}

// stripSiteSuffix removes a " | Site" or " - Site" suffix (or prefix) naming
// the outlet from a page title.
func stripSiteSuffix(title, site string) string {
	if site == "" || title == "" {
		return title
	}
	for _, sep := range []string{" | ", " - ", " — ", " – ", " :: ", " · ", " • "} {
		if i := strings.LastIndex(title, sep); i > 0 && strings.EqualFold(strings.TrimSpace(title[i+len(sep):]), site) {
			return strings.TrimSpace(title[:i])
		}
		if i := strings.Index(title, sep); i > 0 && strings.EqualFold(strings.TrimSpace(title[:i]), site) {
			return strings.TrimSpace(title[i+len(sep):])
		}
	}
	return title
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// htmlTokenText extracts title and paragraphs with the HTML tokenizer alone,
// for documents the tree builder refuses.
func htmlTokenText(src string) (Article, error) {
	z := html.NewTokenizer(strings.NewReader(src))
	var (
		w      textWalker
		title  strings.Builder
		skip   int // inside script, style, ...
		inTitl bool
	)
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			w.flush()
			a := Article{Title: squashSpace(title.String()), Body: strings.Join(w.paras, "\n\n")}
			if len(w.paras) > 0 && squashSpace(w.paras[0]) == a.Title {
				a.Body = strings.Join(w.paras[1:], "\n\n")
			}
			if a.Title == "" && a.Body == "" {
				return Article{}, errors.New("no text found in HTML")
			}
			return a, nil
		case html.TextToken:
			switch {
			case inTitl:
				title.Write(z.Text())
			case skip == 0:
				w.text(string(z.Text()), false)
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch a {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Textarea:
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			case atom.Title:
				inTitl = tt == html.StartTagToken
			case atom.Br:
				w.cur.WriteByte('\n')
				w.space = false
			default:
				if isBlock(a) {
					w.flush()
				}
			}
		}
	}
}
