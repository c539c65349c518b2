package corpus

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// docxMaxPart bounds the decompressed size of one part of a .docx.
const docxMaxPart = 64 << 20

// readDOCX reads a Word document: the paragraphs of word/document.xml (runs'
// w:t text; deleted text and field codes left out) and the title, creator,
// creation date and language of docProps/core.xml. The title is the first
// paragraph styled Title or Heading 1, else core.xml's title (unless it is a
// program's stand-in title), else the first paragraph.
func readDOCX(name string, data []byte) ([]Article, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("not a valid .docx (zip): %w", err)
	}
	docXML, err := zipPart(zr, "word/document.xml")
	if err != nil {
		return nil, err
	}
	if docXML == nil {
		return nil, errors.New("not a Word document: no word/document.xml")
	}
	paras, err := docxParagraphs(docXML)
	if err != nil {
		return nil, err
	}
	var a Article
	if coreXML, err := zipPart(zr, "docProps/core.xml"); err == nil && coreXML != nil {
		docxCore(coreXML, &a)
	}
	titleIdx := -1
	for i, p := range paras {
		if p.title {
			titleIdx = i
			break
		}
	}
	coreTitle := a.Title
	if junkDocTitle(coreTitle) {
		coreTitle = ""
	}
	switch {
	case titleIdx >= 0:
		a.Title = paras[titleIdx].text
	case coreTitle != "":
		a.Title = coreTitle
		if len(paras) > 0 && squashSpace(paras[0].text) == coreTitle {
			titleIdx = 0
		}
	case len(paras) > 0:
		a.Title, titleIdx = paras[0].text, 0
	default:
		a.Title = ""
	}
	var body []string
	for i, p := range paras {
		if i != titleIdx {
			body = append(body, p.text)
		}
	}
	a.Body = strings.Join(body, "\n\n")
	if a.Title == "" && a.Body == "" {
		return nil, errors.New("Word document has no text")
	}
	return []Article{a}, nil
}

// zipPart returns the decompressed bytes of the named zip entry, nil when
// it is absent.
func zipPart(zr *zip.Reader, name string) ([]byte, error) {
	for _, f := range zr.File {
		if !strings.EqualFold(strings.TrimPrefix(f.Name, "/"), name) {
			continue
		}
		if f.UncompressedSize64 > docxMaxPart {
			return nil, fmt.Errorf("%s is too large (%d MiB)", name, f.UncompressedSize64>>20)
		}
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		defer rc.Close()
		b, err := io.ReadAll(io.LimitReader(rc, docxMaxPart+1))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if len(b) > docxMaxPart {
			return nil, fmt.Errorf("%s expands beyond %d MiB", name, docxMaxPart>>20)
		}
		return b, nil
	}
	return nil, nil
}

type docxPara struct {
	text  string
	title bool
}

// docxParagraphs extracts the non-empty paragraphs of document.xml.
func docxParagraphs(docXML []byte) ([]docxPara, error) {
	d := xml.NewDecoder(bytes.NewReader(docXML))
	d.Strict = false
	type open struct {
		b     strings.Builder
		style string
	}
	var (
		out   []docxPara
		stack []*open
		inT   bool
	)
	cur := func() *open {
		if len(stack) == 0 {
			return nil
		}
		return stack[len(stack)-1]
	}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if len(out) > 0 || len(stack) > 0 {
				break // truncated XML: keep what was read
			}
			return nil, fmt.Errorf("word/document.xml: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "p":
				stack = append(stack, &open{})
			case "pStyle":
				if p := cur(); p != nil {
					p.style = xmlAttr(t, "val")
				}
			case "t":
				inT = true
			case "tab", "ptab":
				if p := cur(); p != nil {
					p.b.WriteByte(' ')
				}
			case "br", "cr":
				if p := cur(); p != nil {
					p.b.WriteByte('\n')
				}
			case "noBreakHyphen":
				if p := cur(); p != nil {
					p.b.WriteByte('-')
				}
			case "del", "delText", "instrText", "moveFrom", "footnoteReference", "commentReference":
				_ = d.Skip() // a syntax error resurfaces at the next Token

			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inT = false
			case "p":
				if p := cur(); p != nil {
					stack = stack[:len(stack)-1]
					text := squashDocxText(p.b.String())
					if text != "" {
						out = append(out, docxPara{text: text, title: isTitleStyle(p.style)})
					}
				}
			}
		case xml.CharData:
			if p := cur(); p != nil && inT {
				p.b.Write(t)
			}
		}
	}
	for i := len(stack) - 1; i >= 0; i-- { // unterminated paragraphs of a truncated file
		if text := squashDocxText(stack[i].b.String()); text != "" {
			out = append(out, docxPara{text: text})
		}
	}
	return out, nil
}

func squashDocxText(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = squashSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func xmlAttr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

func isTitleStyle(style string) bool {
	s := strings.ToLower(strings.ReplaceAll(style, " ", ""))
	return s == "title" || s == "heading1" || s == "titre" || s == "titel" || s == "título" || s == "titolo" || s == "berschrift1" || s == "überschrift1" || s == "titre1"
}

// junkDocTitle reports stand-in titles written by office programs ("Document1", "Untitled").
func junkDocTitle(t string) bool {
	l := strings.ToLower(strings.TrimSpace(t))
	return l == "" || strings.HasPrefix(l, "microsoft word") || strings.HasSuffix(l, ".doc") || strings.HasSuffix(l, ".docx") || l == "untitled" || l == "document"
}

// genericCreators are default user names that say nothing about the author.
var genericCreators = map[string]bool{
	"microsoft office user": true, "user": true, "admin": true, "administrator": true,
	"windows user": true, "owner": true, "unknown": true, "author": true, "python-docx": true,
	"apache poi": true, "pandoc": true,
}

// docxCore reads docProps/core.xml into a.
func docxCore(coreXML []byte, a *Article) {
	d := xml.NewDecoder(bytes.NewReader(coreXML))
	d.Strict = false
	var field string
	var text strings.Builder
	for {
		tok, err := d.Token()
		if err != nil {
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			field = t.Name.Local
			text.Reset()
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			v := squashSpace(text.String())
			text.Reset()
			if v == "" || t.Name.Local != field {
				continue
			}
			switch field {
			case "title":
				a.Title = v
			case "creator":
				if !genericCreators[strings.ToLower(v)] {
					a.Authors = splitAuthors(v)
				}
			case "created":
				if tm, ok := ParseDate(v); ok {
					a.Published, a.DateSource = tm, "metadata"
				}
			case "language":
				a.Lang = normLang(v)
			case "subject", "description", "keywords", "category":
				if a.Meta == nil {
					a.Meta = map[string]string{}
				}
				a.Meta[field] = v
			}
			field = ""
		}
	}
}
