package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

// pdfMaxPages bounds the pages read from one PDF.
const pdfMaxPages = 2000

// errNoTextLayer is returned for PDFs whose pages carry no text (scans).
var errNoTextLayer = errors.New("no text layer (scanned PDF?)")

// readPDF reads the text layer of a PDF with github.com/ledongthuc/pdf (pure
// Go). Glyphs are put back into lines by their positions, lines into
// paragraphs by vertical gaps (hyphenated line ends are rejoined). The title
// is the large-font line opening page 1, else the document info Title (unless
// it is a program's stand-in title), else the first line. Info Author fills
// Authors; CreationDate, Subject, Keywords, Producer and Creator go to Meta
// (a PDF's creation date is not its publication date).
func readPDF(name string, data []byte) (arts []Article, err error) {
	defer func() {
		if r := recover(); r != nil {
			arts, err = nil, fmt.Errorf("malformed PDF: %v", r)
		}
	}()
	data = pdfCompat(data)
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		if errors.Is(err, pdf.ErrInvalidPassword) {
			return nil, errors.New("encrypted PDF (password required)")
		}
		return nil, fmt.Errorf("cannot open PDF: %w", err)
	}
	var a Article
	info := r.Trailer().Key("Info")
	infoTitle := squashSpace(strings.ToValidUTF8(info.Key("Title").Text(), ""))
	if au := squashSpace(strings.ToValidUTF8(info.Key("Author").Text(), "")); au != "" && !genericCreators[strings.ToLower(au)] {
		a.Authors = splitAuthors(au)
	}
	a.Meta = map[string]string{}
	// CreationDate is when the PDF was written, which for a page printed
	// from a browser is the day it was saved, not published: it is kept
	// as metadata, not as the publication date.
	if d := info.Key("CreationDate").Text(); d != "" {
		if t, ok := ParseDate(d); ok {
			a.Meta["pdf_created"] = t.Format(time.RFC3339)
		}
	}
	for key, field := range map[string]string{"Subject": "subject", "Keywords": "keywords", "Producer": "pdf_producer", "Creator": "pdf_creator"} {
		if s := squashSpace(strings.ToValidUTF8(info.Key(key).Text(), "")); s != "" {
			a.Meta[field] = s
		}
	}
	if len(a.Meta) == 0 {
		a.Meta = nil
	}

	var (
		paras     []string
		titleLine string
		firstLine string
		letters   int
	)
	n := min(r.NumPage(), pdfMaxPages)
	for i := 1; i <= n; i++ {
		texts, err := pdfPageTexts(r, i)
		if err != nil {
			continue // one bad page does not lose the others
		}
		lines := pdfLines(texts)
		for _, l := range lines {
			letters += countLetters(l.text)
		}
		if i == 1 {
			titleLine = pdfTitleLine(lines)
		}
		if firstLine == "" && len(lines) > 0 {
			firstLine = lines[0].text
		}
		pp := pdfParagraphs(lines)
		if len(paras) > 0 && len(pp) > 0 && !clEndsSentence(paras[len(paras)-1]) && clStartsLower(pp[0]) {
			// A paragraph running over the page break.
			paras[len(paras)-1] = joinPDFLine(paras[len(paras)-1], pp[0])
			pp = pp[1:]
		}
		paras = append(paras, pp...)
	}
	if letters < 10 {
		return nil, errNoTextLayer
	}
	switch {
	case titleLine != "":
		a.Title = titleLine
	case infoTitle != "" && !junkDocTitle(infoTitle):
		a.Title = infoTitle
	default:
		a.Title = firstLine
	}
	for len(paras) > 0 && (strings.TrimSpace(paras[0]) == "" || squashSpace(paras[0]) == a.Title) {
		paras = paras[1:]
	}
	if len(paras) > 0 && a.Title != "" && strings.HasPrefix(paras[0], a.Title+" ") {
		paras[0] = strings.TrimSpace(paras[0][len(a.Title):])
	}
	var body []string
	for _, p := range paras {
		if p = strings.TrimSpace(p); p != "" {
			body = append(body, strings.ReplaceAll(p, "\n", " "))
		}
	}
	a.Body = strings.Join(body, "\n\n")
	return []Article{a}, nil
}

// pdfCompat lets the library open PDF 2.0 files (same syntax, newer header)
// and files with bytes after the final %%EOF.
func pdfCompat(data []byte) []byte {
	fix := false
	if bytes.HasPrefix(data, []byte("%PDF-2.")) || (len(data) > 8 && bytes.HasPrefix(data, []byte("%PDF-1.")) && data[8] != '\r' && data[8] != '\n') {
		fix = true
	}
	end := bytes.LastIndex(data, []byte("%%EOF"))
	tail := end >= 0 && len(bytes.TrimRight(data[end+5:], "\r\n\t \x00")) > 0
	if !fix && !tail {
		return data
	}
	out := data
	if tail {
		out = out[:end+5]
	}
	if fix {
		out = append([]byte(nil), out...)
		if bytes.HasPrefix(out, []byte("%PDF-2.")) {
			copy(out, "%PDF-1.7")
		}
		if len(out) > 8 && out[8] != '\r' && out[8] != '\n' && (out[8] == ' ' || out[8] == '\t') {
			out[8] = '\n'
		}
	}
	return out
}

func pdfPageTexts(r *pdf.Reader, i int) (texts []pdf.Text, err error) {
	defer func() {
		if x := recover(); x != nil {
			texts, err = nil, fmt.Errorf("page %d: %v", i, x)
		}
	}()
	p := r.Page(i)
	if p.V.IsNull() {
		return nil, nil
	}
	return p.Content().Text, nil
}

type pdfLine struct {
	text string
	y    float64
	size float64
}

// pdfLines groups positioned glyphs, in content-stream order, into lines:
// a change of baseline or a jump back to the left starts a new line, a
// horizontal gap wider than a fraction of the font size becomes a space.
func pdfLines(texts []pdf.Text) []pdfLine {
	var (
		lines   []pdfLine
		b       strings.Builder
		cur     pdfLine
		lastEnd float64
		open    bool
	)
	finish := func() {
		if open {
			cur.text = squashSpace(b.String())
			if cur.text != "" {
				lines = append(lines, cur)
			}
		}
		b.Reset()
		open = false
	}
	for _, t := range texts {
		if t.S == "" {
			continue
		}
		size := t.FontSize
		if size <= 0 || math.IsNaN(size) || math.IsInf(size, 0) {
			size = 10
		}
		w := t.W
		if w <= 0 || math.IsNaN(w) {
			w = float64(utf8.RuneCountInString(t.S)) * size * 0.5
		}
		if open && (math.Abs(t.Y-cur.y) > size*0.5 || t.X < lastEnd-size*3) {
			finish()
		}
		if !open {
			cur = pdfLine{y: t.Y, size: size}
			open = true
		} else if gap := t.X - lastEnd; gap > size*0.15 && !strings.HasPrefix(t.S, " ") {
			b.WriteByte(' ')
		}
		b.WriteString(t.S)
		if size > cur.size {
			cur.size = size
		}
		lastEnd = t.X + w
	}
	finish()
	return lines
}

// pdfTitleLine returns the line(s) in the largest font among the first lines
// of a page when that font is clearly larger than the body text.
func pdfTitleLine(lines []pdfLine) string {
	if len(lines) < 2 {
		return ""
	}
	sizes := make([]float64, len(lines))
	for i, l := range lines {
		sizes[i] = l.size
	}
	sort.Float64s(sizes)
	body := sizes[len(sizes)/2]
	best := -1
	for i, l := range lines[:min(len(lines), 8)] {
		if l.size > body*1.2 && (best < 0 || l.size > lines[best].size) && countLetters(l.text) >= 3 {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	title := lines[best].text
	for j := best + 1; j < len(lines) && j < best+3; j++ { // a title over two lines
		if math.Abs(lines[j].size-lines[best].size) < 0.01 {
			title = joinPDFLine(title, lines[j].text)
		} else {
			break
		}
	}
	return squashSpace(title)
}

// pdfParagraphs joins lines into paragraphs: a vertical gap clearly wider
// than the usual line spacing, a move up (new column) or a change of font
// size starts a new paragraph.
func pdfParagraphs(lines []pdfLine) []string {
	if len(lines) == 0 {
		return nil
	}
	// The usual line spacing: a low percentile of the gaps between lines
	// of the same font size (paragraph gaps are the larger ones).
	var gaps []float64
	for i := 1; i < len(lines); i++ {
		if g := lines[i-1].y - lines[i].y; g > 0 && math.Abs(lines[i-1].size-lines[i].size) < 0.5 {
			gaps = append(gaps, g)
		}
	}
	typical := 0.0
	if len(gaps) > 0 {
		sort.Float64s(gaps)
		typical = gaps[len(gaps)/4]
	}
	// A full line's length in characters (glyph widths are often missing).
	var lens []int
	for _, l := range lines {
		lens = append(lens, utf8.RuneCountInString(l.text))
	}
	sort.Ints(lens)
	full := lens[len(lens)*3/4]

	var paras []string
	cur := lines[0].text
	for i := 1; i < len(lines); i++ {
		prev, l := lines[i-1], lines[i]
		gap := prev.y - l.y
		brk := gap <= 0 || (typical > 0 && gap > typical*1.4) ||
			math.Abs(prev.size-l.size) > 0.5 ||
			(clEndsSentence(prev.text) && utf8.RuneCountInString(prev.text)*4 < full*3)
		if brk {
			paras = append(paras, cur)
			cur = l.text
			continue
		}
		cur = joinPDFLine(cur, l.text)
	}
	return append(paras, cur)
}

// joinPDFLine joins two lines of a paragraph, undoing an end-of-line
// hyphenation ("exam-" + "ple").
func joinPDFLine(a, b string) string {
	if strings.HasSuffix(a, "-") && len(a) > 1 {
		r, _ := utf8.DecodeLastRuneInString(a[:len(a)-1])
		if unicode.IsLetter(r) && clStartsLower(b) {
			return a[:len(a)-1] + b
		}
	}
	return a + " " + b
}

func countLetters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n
}
