package corpus

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "formats", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// readOne runs the reader Sniff picks and wants exactly one article.
func readOne(t *testing.T, name string, data []byte) Article {
	t.Helper()
	format, ok := Sniff(name, data[:min(len(data), 4096)])
	if !ok {
		t.Fatalf("Sniff(%q) = not an article", name)
	}
	arts, err := ReaderFor(format).Read(name, data)
	if err != nil {
		t.Fatalf("read %s (%s): %v", name, format, err)
	}
	if len(arts) != 1 {
		t.Fatalf("read %s: %d articles, want 1", name, len(arts))
	}
	checkArticleText(t, arts[0])
	return arts[0]
}

func checkArticleText(t testing.TB, a Article) {
	t.Helper()
	fields := []string{a.Title, a.Body, a.Outlet, a.URL, a.Lang}
	fields = append(fields, a.Authors...)
	fields = append(fields, a.Captions...)
	for k, v := range a.Meta {
		fields = append(fields, k, v)
	}
	for _, f := range fields {
		if !utf8.ValidString(f) {
			t.Fatalf("invalid UTF-8 in %q", f)
		}
	}
	if strings.Contains(a.Body, "\n\n\n") {
		t.Errorf("body has more than one blank line between paragraphs: %q", a.Body)
	}
	if a.Dated() != (a.DateSource != "") {
		t.Errorf("Published %v with DateSource %q", a.Published, a.DateSource)
	}
}

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func TestReadText(t *testing.T) {
	a := readOne(t, "a/article.txt", fixture(t, "article.txt"))
	if a.Title != "Flood waters rise in the valley" {
		t.Errorf("title %q", a.Title)
	}
	want := "Heavy rain overnight pushed the river above its banks, officials said on Tuesday, forcing hundreds of residents to leave their homes.\n\n\"We have never seen it this high,\" said the mayor, Anna Berg."
	if a.Body != want {
		t.Errorf("body\n%q\nwant\n%q", a.Body, want)
	}
}

func TestReadTextParagraphs(t *testing.T) {
	tests := []struct{ in, title, body string }{
		{"Title\nOne line.\nAnother line.", "Title", "One line.\n\nAnother line."},
		{"Title\nA sentence that is\nwrapped here.", "Title", "A sentence that is wrapped here."},
		{"\n\n  Title  \r\n\r\nPara one\r\nwrapped.\r\n\r\n\r\n\r\nPara two.", "Title", "Para one wrapped.\n\nPara two."},
		{"## Heading ##\n\nBody.", "Heading", "Body."},
		{"#MeToo grows\n\nBody.", "#MeToo grows", "Body."},
		{"Only a title", "Only a title", ""},
		{"Title\n\nList:\n- one\n- two", "Title", "List:\n\n- one\n\n- two"},
		{"Title\n\nPara with list:\n- one\n- two\n\nEnd.", "Title", "Para with list:\n- one\n- two\n\nEnd."},
	}
	for _, tt := range tests {
		arts, err := readText("x.txt", []byte(tt.in))
		if err != nil {
			t.Fatal(err)
		}
		if arts[0].Title != tt.title || arts[0].Body != tt.body {
			t.Errorf("readText(%q) = %q / %q, want %q / %q", tt.in, arts[0].Title, arts[0].Body, tt.title, tt.body)
		}
	}
}

func TestReadMarkdown(t *testing.T) {
	a := readOne(t, "article.md", fixture(t, "article.md"))
	if a.Title != "Council approves new budget" {
		t.Errorf("title %q", a.Title)
	}
	want := time.Date(2024, 3, 5, 9, 30, 0, 0, time.FixedZone("", 3600))
	if !a.Published.Equal(want) || a.DateSource != "metadata" {
		t.Errorf("published %v %q", a.Published, a.DateSource)
	}
	if strings.Join(a.Authors, "|") != "Jane Doe|John Roe" {
		t.Errorf("authors %q", a.Authors)
	}
	if a.Outlet != "The Daily Example" || a.URL != "https://example.com/news/budget" || a.Lang != "en" {
		t.Errorf("outlet %q url %q lang %q", a.Outlet, a.URL, a.Lang)
	}
	if a.Meta["tags"] != "budget; council" {
		t.Errorf("meta %v", a.Meta)
	}
	for _, bad := range []string{"**", "](", "![", "`", "> ", "photo.jpg", "---"} {
		if strings.Contains(a.Body, bad) {
			t.Errorf("body keeps markdown %q: %q", bad, a.Body)
		}
	}
	for _, good := range []string{"The city council approved the new budget on Monday after a long debate that lasted into the night.", "\"This is a good day for the city,\" said the council leader.", "- Schools get 5% more\n- Roads get 10 million", "snake_case_names"} {
		if !strings.Contains(a.Body, good) {
			t.Errorf("body lacks %q:\n%s", good, a.Body)
		}
	}
	if strings.HasPrefix(a.Body, "Council approves") {
		t.Errorf("title repeated in body: %q", a.Body)
	}
}

func TestMarkdownToText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"**bold** and __strong__", "bold and strong"},
		{"*it* and _em_ but snake_case_word", "it and em but snake_case_word"},
		{"a [link](http://x.y) here", "a link here"},
		{"a [ref][1] here\n[1]: http://x.y", "a ref here\n"},
		{"see <https://x.y/z>", "see https://x.y/z"},
		{"~~gone~~ `code`", "gone code"},
		{"2 * 3 * 4", "2 * 3 * 4"},
		{"a <span class=\"x\">tag</span>", "a tag"},
		{"\\*not em\\*", "*not em*"},
	}
	for _, tt := range tests {
		if got := markdownToText(tt.in); got != tt.want {
			t.Errorf("markdownToText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestReadHTML(t *testing.T) {
	a := readOne(t, "site/page.html", fixture(t, "page.html"))
	if a.Title != "Storm hits the coast" {
		t.Errorf("title %q", a.Title)
	}
	if a.Outlet != "Example Times Group" {
		t.Errorf("outlet %q", a.Outlet)
	}
	if !a.Published.Equal(time.Date(2024, 2, 10, 8, 15, 0, 0, time.UTC)) || a.DateSource != "metadata" {
		t.Errorf("published %v", a.Published)
	}
	if strings.Join(a.Authors, "|") != "Maria Lopez|Tom Hale" {
		t.Errorf("authors %q", a.Authors)
	}
	if a.URL != "https://example.com/storm" || a.Lang != "en" {
		t.Errorf("url %q lang %q", a.URL, a.Lang)
	}
	if a.Meta["description"] != "A storm hit the coast on Friday." {
		t.Errorf("meta %v", a.Meta)
	}
	for _, bad := range []string{"SCRIPT TEXT", "HIDDEN TEXT", "color: red", "Copyright", "Please enable", "Home World Sport", "Read more"} {
		if strings.Contains(a.Body, bad) {
			t.Errorf("body has %q:\n%s", bad, a.Body)
		}
	}
	if !strings.HasPrefix(a.Body, "By Maria Lopez") && !strings.HasPrefix(a.Body, "A powerful storm") {
		t.Errorf("body starts wrong:\n%s", a.Body)
	}
	if !strings.Contains(a.Body, "A powerful storm struck the northern coast on Friday, bringing winds") ||
		!strings.Contains(a.Body, "said Peter Olsen, a fisherman") {
		t.Errorf("body lacks text:\n%s", a.Body)
	}
	if n := strings.Count(a.Body, "\n\n"); n < 3 {
		t.Errorf("body has %d paragraph breaks:\n%s", n, a.Body)
	}
	if len(a.Captions) != 1 || a.Captions[0] != "Waves crash over the harbour wall in Northport." || strings.Contains(a.Body, "Waves crash") {
		t.Errorf("captions %q", a.Captions)
	}
}

func TestReadHTMLBroken(t *testing.T) {
	a := readOne(t, "truncated.html", fixture(t, "truncated.html"))
	if a.Title != "Market falls sharply" {
		t.Errorf("title %q", a.Title)
	}
	for _, want := range []string{"Shares fell sharply on Wednesday", "technology companies hit har"} {
		if !strings.Contains(a.Body, want) {
			t.Errorf("body lacks %q:\n%s", want, a.Body)
		}
	}
	tests := []struct {
		name, in string
		want     []string
		not      []string
	}{
		{"no body tag", "<p>Just a paragraph of text.<p>And another one", []string{"Just a paragraph of text.", "And another one"}, nil},
		{"unclosed script", "<p>Visible text here.</p><script>var x = 'never shown", []string{"Visible text here."}, []string{"never shown"}},
		{"br paragraphs", "<body>First line<br>second line<br><br>New paragraph</body>", []string{"First line\nsecond line\n\nNew paragraph"}, nil},
		{"entities", "<p>Caf&eacute; &amp; bar &#8212; open</p>", []string{"Café & bar — open"}, nil},
		{"inline join", "<p>in<b>line</b> <i>words</i></p>", []string{"inline words"}, nil},
		{"deep nesting", "<title>Deep</title>" + strings.Repeat("<div>", 2000) + "Deep text<script>no()</script><p>More", []string{"Deep\n\nDeep text\n\nMore"}, []string{"no()"}},
	}
	for _, tt := range tests {
		arts, err := readHTML("x.html", []byte(tt.in))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		got := arts[0].Title + "\n\n" + arts[0].Body
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q", tt.name, got, w)
			}
		}
		for _, w := range tt.not {
			if strings.Contains(got, w) {
				t.Errorf("%s: %q has %q", tt.name, got, w)
			}
		}
	}
	if _, err := readHTML("empty.html", []byte("<html><head><script>x()</script></head><body></body></html>")); err == nil {
		t.Error("page without text: no error")
	}
}

func TestReadHTMLMetaFallbacks(t *testing.T) {
	page := `<html><head><meta http-equiv="content-type" content="text/html; charset=windows-1252">
<title>Plain title - Site Name</title><meta property="og:site_name" content="Site Name">
<meta name="author" content="https://facebook.com/someone"><meta name="author" content="Kim Park"><meta name="author" content="Lee Chan">
</head><body><article><h1>Plain title</h1><time datetime="2023-12-24">Dec 24</time>
<p>Le caf` + "\xe9" + ` est ferm` + "\xe9" + ` ` + "\x93" + `today` + "\x94" + `.</p></article></body></html>`
	arts, err := readHTML("x.htm", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	a := arts[0]
	if a.Title != "Plain title" || a.Outlet != "Site Name" || !a.Published.Equal(day(2023, 12, 24)) {
		t.Errorf("got %q %q %v", a.Title, a.Outlet, a.Published)
	}
	if strings.Join(a.Authors, "|") != "Kim Park|Lee Chan" {
		t.Errorf("authors %q", a.Authors)
	}
	if !strings.Contains(a.Body, "Le café est fermé “today”.") {
		t.Errorf("body %q", a.Body)
	}
}

func TestReadJSONL(t *testing.T) {
	arts, err := readJSONL("items.jsonl", fixture(t, "items.jsonl"))
	var items ItemErrors
	if !errors.As(err, &items) {
		t.Fatalf("err = %v, want ItemErrors", err)
	}
	if len(items) != 1 || items[0].Item != "line 3" || !strings.Contains(items[0].Err.Error(), "invalid JSON") {
		t.Errorf("items %v", items)
	}
	if len(arts) != 3 {
		t.Fatalf("%d articles, want 3", len(arts))
	}
	for _, a := range arts {
		checkArticleText(t, a)
	}
	if a := arts[0]; a.Title != "First story" || a.Body != "Body one." || a.Outlet != "Wire A" || !a.Published.Equal(day(2024, 1, 1)) {
		t.Errorf("line 1: %+v", a)
	}
	if a := arts[1]; a.Title != "Second story" || a.Body != "Body two.\n\nSecond paragraph." || strings.Join(a.Authors, "|") != "A. One|B. Two" || a.Lang != "fr" || !a.Published.Equal(day(2024, 1, 2)) {
		t.Errorf("line 2: %+v", a)
	}
	if a := arts[2]; a.Title != "Fourth story" || a.Outlet != "Wire B" || a.URL != "https://example.com/4" || a.Meta["section"] != "World" || a.Meta["views"] != "42" {
		t.Errorf("line 4: %+v", a)
	}
}

func TestReadJSON(t *testing.T) {
	arts, err := readJSON("articles.json", fixture(t, "articles.json"))
	var items ItemErrors
	if !errors.As(err, &items) || len(items) != 2 || items[0].Item != "item 3" || items[1].Item != "item 4" {
		t.Fatalf("err = %v", err)
	}
	if len(arts) != 2 {
		t.Fatalf("%d articles", len(arts))
	}
	a, b := arts[0], arts[1]
	if a.Title != "Alpha" || a.Outlet != "Alpha News" || a.Meta["custom_field"] != "x1" || !a.Published.Equal(time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("alpha %+v", a)
	}
	if b.Body != "Para one.\n\nPara two." || strings.Join(b.Authors, "|") != "Jane Doe|John Roe" || b.URL != "https://b.example/beta" || !b.Published.Equal(day(2024, 5, 2)) {
		t.Errorf("beta %+v", b)
	}

	arts, err = readJSON("newsapi.json", fixture(t, "newsapi.json"))
	if err != nil || len(arts) != 2 {
		t.Fatalf("newsapi: %d, %v", len(arts), err)
	}
	if arts[0].Outlet != "Example Wire" || strings.Join(arts[0].Authors, "|") != "Sam Smith" || arts[1].Outlet != "Other Wire" || arts[0].Meta["description"] != "d1" {
		t.Errorf("newsapi %+v", arts)
	}

	tests := []struct {
		in      string
		n       int
		wantErr string
	}{
		{`{"headline":"One","articleBody":"B","datePublished":1709648400}`, 1, ""},
		{`{"title":"T","text":"B"} {"title":"T2","text":"B2"}`, 2, ""},
		{`{"title":"T","text":"B", "date": {"$date": "2024-03-05T00:00:00Z"}}`, 1, ""},
		{`{"title": "T", "text": "unterminated`, 0, "invalid JSON"},
		{`{"foo": "bar"}`, 0, "no title or text field (fields: foo)"},
		{`[1, 2]`, 0, "not an object"},
		{`"just a string"`, 0, "not an object"},
		{`{"title": "x"}` + "\n" + `{"title": `, 1, "invalid JSON"},
	}
	for _, tt := range tests {
		arts, err := readJSON("x.json", []byte(tt.in))
		if len(arts) != tt.n {
			t.Errorf("readJSON(%s): %d articles, want %d (err %v)", tt.in, len(arts), tt.n, err)
		}
		if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("readJSON(%s): err %v, want %q", tt.in, err, tt.wantErr)
		}
	}
	arts, _ = readJSON("x.json", []byte(`{"headline":"One","articleBody":"B","datePublished":1709648400}`))
	if !arts[0].Published.Equal(time.Unix(1709648400, 0)) {
		t.Errorf("epoch date %v", arts[0].Published)
	}
}

func TestReadCSV(t *testing.T) {
	arts, err := readCSV("articles.csv", fixture(t, "articles.csv"))
	var items ItemErrors
	if !errors.As(err, &items) || len(items) != 1 || items[0].Item != "row 4" {
		t.Fatalf("err = %v", err)
	}
	if len(arts) != 3 {
		t.Fatalf("%d articles", len(arts))
	}
	a := arts[0]
	if a.Title != "Rates rise" || a.Body != "The central bank raised rates.\n\nMarkets reacted calmly." || a.Outlet != "Money Daily" || a.Meta["section"] != "Economy" || !a.Published.Equal(day(2024, 3, 1)) {
		t.Errorf("row 2: %+v", a)
	}
	if strings.Join(arts[1].Authors, "|") != "Bob Stone|Cy Young" || !arts[1].Published.Equal(day(2024, 3, 2)) {
		t.Errorf("row 3: %+v", arts[1])
	}
	if !arts[2].Published.Equal(day(2024, 3, 2)) {
		t.Errorf("row 6 date (day first): %v", arts[2].Published)
	}

	arts, err = readTSV("articles.tsv", fixture(t, "articles.tsv"))
	if err != nil || len(arts) != 2 || arts[1].Title != "Tab two" || arts[1].Outlet != "Tab Times" || !arts[1].Published.Equal(day(2024, 4, 1)) {
		t.Fatalf("tsv: %v %+v", err, arts)
	}

	semi := "titre;title;text\nx;Semicolon title;Semicolon body\n"
	arts, err = readCSV("semi.csv", []byte(semi))
	if err != nil || len(arts) != 1 || arts[0].Title != "Semicolon title" || arts[0].Meta["titre"] != "x" {
		t.Errorf("semicolon csv: %v %+v", err, arts)
	}
	if _, err := readCSV("x.csv", []byte("a,b,c\n1,2,3\n")); err == nil || !strings.Contains(err.Error(), "no title or text column") {
		t.Errorf("no known column: %v", err)
	}
}

func TestReadEML(t *testing.T) {
	a := readOne(t, "newsletter.eml", fixture(t, "newsletter.eml"))
	if a.Title != "La crise de l'énergie s'aggrave" {
		t.Errorf("title %q", a.Title)
	}
	if a.Outlet != "Le Journal Économique" {
		t.Errorf("outlet %q", a.Outlet)
	}
	if !a.Published.Equal(time.Date(2024, 3, 5, 6, 45, 0, 0, time.UTC)) {
		t.Errorf("published %v", a.Published)
	}
	want := "Les prix de l'énergie ont encore augmenté en février, selon les chiffres publiés mardi.\n\nLe gouvernement promet des mesures d'aide d'ici l'été."
	if a.Body != want {
		t.Errorf("body\n%q\nwant\n%q", a.Body, want)
	}
	if a.Meta["message_id"] != "abc123@journal.example" {
		t.Errorf("meta %v", a.Meta)
	}

	b := readOne(t, "htmlonly.eml", fixture(t, "htmlonly.eml"))
	if b.Title != "Today's top story" || b.Outlet != "Morning Brief" || b.Body != "The cafés opened early today.\n\nSecond paragraph." {
		t.Errorf("html-only eml: %q %q %q", b.Title, b.Outlet, b.Body)
	}
	m := readOne(t, "page.mhtml", fixture(t, "page.mhtml"))
	if m.Title != "Quake shakes the city" || m.Outlet != "News Example" || m.URL != "https://news.example/2024/quake" || m.Lang != "en" ||
		m.Body != "A magnitude 5.1 earthquake shook the city early on Thursday, rattling windows but causing no serious damage, officials said.\n\nResidents reported a sharp jolt that lasted several seconds." {
		t.Errorf("mhtml: %q %q %q %q\n%q", m.Title, m.Outlet, m.URL, m.Lang, m.Body)
	}
	if _, err := readEML("x.eml", []byte("not an email at all")); err == nil {
		t.Error("garbage: no error")
	}
}

// makePDF builds a PDF with a large-font title and body paragraphs, or with
// only drawings (no text layer) when paras is nil.
func makePDF(t testing.TB, title string, paras []string, compress bool) []byte {
	t.Helper()
	p := fpdf.New("P", "mm", "A4", "")
	p.SetCompression(compress)
	p.SetTitle("Microsoft Word - draft.docx", false)
	p.SetAuthor("Lena Fischer", false)
	p.SetCreationDate(time.Date(2024, 7, 1, 9, 0, 0, 0, time.UTC))
	p.AddPage()
	if paras == nil {
		p.SetFillColor(120, 120, 120)
		p.Rect(20, 20, 170, 250, "F")
	} else {
		p.SetFont("Helvetica", "B", 22)
		p.MultiCell(0, 10, title, "", "", false)
		p.Ln(4)
		p.SetFont("Helvetica", "", 11)
		for _, para := range paras {
			p.MultiCell(0, 5, para, "", "", false)
			p.Ln(5)
		}
	}
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var pdfParas = []string{
	"The harbour authority confirmed on Monday that the new container terminal will open next spring, two years later than planned, after a long dispute over environmental permits.",
	"Local businesses welcomed the decision. \"Finally we know where we stand,\" said the head of the chamber of commerce.",
}

func TestReadPDF(t *testing.T) {
	for _, compress := range []bool{false, true} {
		data := makePDF(t, "Terminal opening delayed", pdfParas, compress)
		a := readOne(t, "doc.pdf", data)
		if a.Title != "Terminal opening delayed" {
			t.Errorf("compress=%v title %q", compress, a.Title)
		}
		if a.Body != strings.Join(pdfParas, "\n\n") {
			t.Errorf("compress=%v body\n%q\nwant\n%q", compress, a.Body, strings.Join(pdfParas, "\n\n"))
		}
		if strings.Join(a.Authors, "|") != "Lena Fischer" || a.Dated() || a.Meta["pdf_created"] != "2024-07-01T09:00:00Z" {
			t.Errorf("compress=%v meta %q %v %v", compress, a.Authors, a.Published, a.Meta)
		}
	}
	_, err := readPDF("scan.pdf", makePDF(t, "", nil, true))
	if err == nil || err.Error() != "no text layer (scanned PDF?)" {
		t.Errorf("scan: %v", err)
	}
	if _, err := readPDF("bad.pdf", []byte("%PDF-1.4\n garbage garbage")); err == nil {
		t.Error("garbage PDF: no error")
	}
	data := makePDF(t, "Terminal opening delayed", pdfParas, true)
	if _, err := readPDF("cut.pdf", data[:len(data)/2]); err == nil {
		t.Error("truncated PDF: no error")
	}
}

// makeDOCX builds a minimal Word document.
func makeDOCX(t testing.TB, core string, paras ...string) []byte {
	t.Helper()
	var doc strings.Builder
	doc.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	for i, p := range paras {
		style := ""
		if i == 0 {
			style = `<w:pPr><w:pStyle w:val="Title"/></w:pPr>`
		}
		doc.WriteString(`<w:p>` + style)
		for j, run := range strings.Split(p, "|") {
			if j > 0 {
				doc.WriteString(`<w:r><w:tab/></w:r>`)
			}
			doc.WriteString(`<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">` + run + `</w:t></w:r>`)
		}
		doc.WriteString(`<w:del><w:r><w:delText>DELETED</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>`)
	}
	doc.WriteString(`<w:sectPr/></w:body></w:document>`)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	files := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types/>`,
		"word/document.xml":   doc.String(),
	}
	if core != "" {
		files["docProps/core.xml"] = core
	}
	for _, name := range []string{"[Content_Types].xml", "word/document.xml", "docProps/core.xml"} {
		body, ok := files[name]
		if !ok {
			continue
		}
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const docxCoreXML = `<?xml version="1.0" encoding="UTF-8"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>Microsoft Word - notes.docx</dc:title><dc:creator>Ola Nordmann</dc:creator>
<dcterms:created xsi:type="dcterms:W3CDTF">2024-08-15T10:20:00Z</dcterms:created><dc:language>nb-NO</dc:language>
<cp:keywords>ferry, strike</cp:keywords></cp:coreProperties>`

func TestReadDOCX(t *testing.T) {
	data := makeDOCX(t, docxCoreXML, "Ferry strike ends", "Ferry workers returned to work on Thursday &amp; services resumed.", "Left|Right")
	a := readOne(t, "report.docx", data)
	if a.Title != "Ferry strike ends" {
		t.Errorf("title %q", a.Title)
	}
	if a.Body != "Ferry workers returned to work on Thursday & services resumed.\n\nLeft Right" {
		t.Errorf("body %q", a.Body)
	}
	if strings.Join(a.Authors, "|") != "Ola Nordmann" || a.Lang != "nb" || !a.Published.Equal(time.Date(2024, 8, 15, 10, 20, 0, 0, time.UTC)) || a.Meta["keywords"] != "ferry, strike" {
		t.Errorf("meta: %q %q %v %v", a.Authors, a.Lang, a.Published, a.Meta)
	}
	if _, err := readDOCX("x.docx", []byte("PK\x03\x04 not really")); err == nil {
		t.Error("broken docx: no error")
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("xl/workbook.xml")
	w.Write([]byte("<workbook/>"))
	zw.Close()
	if _, err := readDOCX("x.docx", buf.Bytes()); err == nil || !strings.Contains(err.Error(), "word/document.xml") {
		t.Errorf("xlsx as docx: %v", err)
	}
}

func TestReadEncodings(t *testing.T) {
	cp1252 := []byte("Caf\xe9 prices \x80 rise\n\n\x93Quoted\x94 text, na\xefve caf\xe9s pay 5\x80.")
	a := readOne(t, "old.txt", cp1252)
	if a.Title != "Café prices € rise" || a.Body != "“Quoted” text, naïve cafés pay 5€." {
		t.Errorf("cp1252: %q %q", a.Title, a.Body)
	}
	u16 := utf16LE("\ufeffÜberschrift\r\n\r\nDer Text geht weiter – mit Umlauten: äöü.")
	a = readOne(t, "u16.txt", u16)
	if a.Title != "Überschrift" || a.Body != "Der Text geht weiter – mit Umlauten: äöü." {
		t.Errorf("utf-16: %q %q", a.Title, a.Body)
	}
	csv16 := utf16LE("\ufefftitle\ttext\nUnicode TSV\tExported from a spreadsheet.\n")
	arts, err := ReaderFor("tsv").Read("u.tsv", csv16)
	if err != nil || len(arts) != 1 || arts[0].Title != "Unicode TSV" {
		t.Errorf("utf-16 tsv: %v %+v", err, arts)
	}
}

func utf16LE(s string) []byte {
	var b []byte
	for _, r := range s {
		if r >= 0x10000 {
			r -= 0x10000
			hi, lo := 0xD800+(r>>10), 0xDC00+(r&0x3FF)
			b = append(b, byte(hi), byte(hi>>8), byte(lo), byte(lo>>8))
			continue
		}
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

func TestReaderForAll(t *testing.T) {
	for _, f := range Formats {
		if ReaderFor(f) == nil {
			t.Errorf("no reader for %s", f)
		}
	}
	if ReaderFor("zip") != nil || ReaderFor("") != nil {
		t.Error("reader for unknown format")
	}
}

func fuzzReader(f *testing.F, read ReaderFunc, seeds ...[]byte) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		arts, err := read("fuzz", data)
		var items ItemErrors
		if err != nil && !errors.As(err, &items) && len(arts) > 0 {
			t.Fatalf("articles returned with a fatal error: %v", err)
		}
		for _, a := range arts {
			checkArticleText(t, a)
		}
	})
}

func FuzzReadText(f *testing.F) {
	fuzzReader(f, readText, fixture(f, "article.txt"), []byte("\xff\xfeT\x00i\x00"), []byte("a\r\rb"))
}

func FuzzReadMarkdown(f *testing.F) {
	fuzzReader(f, readMarkdown, fixture(f, "article.md"), []byte("---\ntitle: x\n---\n"), []byte("+++\ntitle = 'x'\n+++\nbody"))
}

func FuzzReadHTML(f *testing.F) {
	fuzzReader(f, readHTML, fixture(f, "page.html"), fixture(f, "truncated.html"), []byte("<p>a<br>b"))
}

func FuzzReadJSON(f *testing.F) {
	fuzzReader(f, readJSON, fixture(f, "articles.json"), fixture(f, "newsapi.json"), []byte(`{"title":1}`))
}

func FuzzReadJSONL(f *testing.F) {
	fuzzReader(f, readJSONL, fixture(f, "items.jsonl"), []byte("{}\n[]\n"))
}

func FuzzReadCSV(f *testing.F) {
	fuzzReader(f, readCSV, fixture(f, "articles.csv"), []byte("title\n\"a"))
}

func FuzzReadEML(f *testing.F) {
	fuzzReader(f, readEML, fixture(f, "newsletter.eml"), fixture(f, "htmlonly.eml"))
}

func BenchmarkReadHTML(b *testing.B) {
	data := fixture(b, "page.html")
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := readHTML("page.html", data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadJSONL(b *testing.B) {
	line := `{"title":"A title","text":"Some body text that goes on for a while.","date":"2024-01-01T10:00:00Z","source":"Wire","author":["A","B"],"extra":"x"}` + "\n"
	data := []byte(strings.Repeat(line, 1000))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := readJSONL("x.jsonl", data); err != nil {
			b.Fatal(err)
		}
	}
}

// sharedData returns the shared research data folder, or skips the test.
func sharedData(t testing.TB, sub string) string {
	t.Helper()
	dir := os.Getenv("PARALLAX_SHARED")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared")
	}
	p := filepath.Join(dir, "data", sub)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("shared data %s absent (set PARALLAX_SHARED): %v", sub, err)
	}
	return p
}

// TestReadStoriesDev reads the 2,039 real articles of shared/data/stories-dev
// through Sniff and the text reader.
func TestReadStoriesDev(t *testing.T) {
	dir := sharedData(t, "stories-dev")
	n := 0
	start := time.Now()
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".txt") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		format, ok := Sniff(p, data[:min(len(data), 4096)])
		if !ok || format != "txt" {
			t.Errorf("%s: sniffed %q", p, format)
			return nil
		}
		arts, err := ReaderFor(format).Read(p, data)
		if err != nil || len(arts) != 1 {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		a := arts[0]
		checkArticleText(t, a)
		if a.Title == "" || len(a.Body) < 100 {
			t.Errorf("%s: title %q, %d bytes of body", p, a.Title, len(a.Body))
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("read %d articles in %v", n, time.Since(start))
}
