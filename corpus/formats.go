package corpus

import (
	"bytes"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"
)

// Formats lists the article formats Sniff can return, each with its reader.
var Formats = []string{"txt", "md", "html", "json", "jsonl", "csv", "tsv", "eml", "pdf", "docx"}

// extFormats maps lower-case file extensions to formats.
var extFormats = map[string]string{
	".txt": "txt", ".text": "txt",
	".md": "md", ".markdown": "md", ".mdown": "md", ".mkd": "md", ".mkdn": "md",
	".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
	".json":  "json",
	".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonlines": "jsonl",
	".csv": "csv",
	".tsv": "tsv", ".tab": "tsv",
	".eml": "eml", ".mht": "eml", ".mhtml": "eml",
	".pdf":  "pdf",
	".docx": "docx",
}

// webExts are extensions of pages saved straight from a server; they are
// HTML when their content says so.
var webExts = map[string]bool{".php": true, ".asp": true, ".aspx": true, ".jsp": true, ".cfm": true, ".cgi": true}

// Sniff picks the reader for a file by extension and, when the extension is
// missing or lies, by content (head is the start of the file; 4 KiB is
// plenty). format is one of Formats; ok is false for files that are not
// articles (images, binaries, unknown extensions without telling content,
// hidden files). Zip archives are not handled here.
//
// Content wins over the extension where it is unambiguous: a PDF or Word
// signature, an HTML document start, and binary data (rejected) are believed
// whatever the name says; a ".csv" whose header row is tab-separated is TSV
// and a ".json" holding one object per line is JSON Lines.
func Sniff(name string, head []byte) (format string, ok bool) {
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	if strings.HasPrefix(base, ".") || strings.HasPrefix(base, "~$") {
		return "", false // hidden files, AppleDouble "._x", Office lock files
	}
	ext := strings.ToLower(path.Ext(base))
	byExt, known := extFormats[ext]
	byContent := sniffContent(head)

	switch byContent {
	case "pdf", "docx":
		return byContent, true
	case "zip":
		if byExt == "docx" {
			return "docx", true // word/ entries beyond the head
		}
		return "", false // another zip container: not handled here
	case "binary":
		return "", false
	}
	if !known {
		switch {
		case ext == "" || webExts[ext]:
			if byContent != "" {
				return byContent, true
			}
			if ext == "" && looksLikeText(head) {
				t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
				switch {
				case looksLikeJSONLines(head):
					return "jsonl", true
				case bytes.HasPrefix(t, []byte("{\"")) || bytes.HasPrefix(t, []byte("[{")) || bytes.HasPrefix(t, []byte("[\n")):
					return "json", true
				case bytes.HasPrefix(t, []byte("---\n")) || bytes.HasPrefix(t, []byte("# ")):
					return "md", true
				}
				return "txt", true
			}
		case byContent == "html" || byContent == "eml":
			return byContent, true
		}
		return "", false
	}
	switch byExt {
	case "pdf", "docx":
		// The signature is missing: a page saved under the wrong name?
		if byContent == "html" {
			return "html", true
		}
		return byExt, true
	case "txt":
		if byContent == "html" || byContent == "eml" {
			return byContent, true
		}
	case "json":
		if looksLikeJSONLines(head) {
			return "jsonl", true
		}
		if byContent == "html" {
			return "html", true
		}
	case "csv":
		if firstLineDelimiter(head) == '\t' {
			return "tsv", true
		}
	case "md", "jsonl", "tsv":
		if byContent == "html" {
			return "html", true
		}
	}
	return byExt, true
}

// ReaderFor returns the reader for a format returned by Sniff, nil for an
// unknown format. The reader turns a panic inside a parsing library into an
// error for that file and guarantees valid UTF-8 in every text field.
func ReaderFor(format string) Reader {
	var read ReaderFunc
	switch format {
	case "txt":
		read = readText
	case "md":
		read = readMarkdown
	case "html":
		read = readHTML
	case "json":
		read = readJSON
	case "jsonl":
		read = readJSONL
	case "csv":
		read = readCSV
	case "tsv":
		read = readTSV
	case "eml":
		read = readEML
	case "pdf":
		read = readPDF
	case "docx":
		read = readDOCX
	default:
		return nil
	}
	return ReaderFunc(func(name string, data []byte) (arts []Article, err error) {
		defer func() {
			if r := recover(); r != nil {
				arts, err = nil, fmt.Errorf("cannot read %s file: internal error: %v", format, r)
			}
		}()
		arts, err = read(name, data)
		for i := range arts {
			validArticleText(&arts[i])
		}
		return arts, err
	})
}

// validArticleText replaces invalid UTF-8 in the text fields a reader fills.
func validArticleText(a *Article) {
	fix := func(s *string) {
		if !utf8.ValidString(*s) {
			*s = strings.ToValidUTF8(*s, "\uFFFD")
		}
	}
	for _, p := range []*string{&a.Title, &a.Body, &a.Outlet, &a.URL, &a.Lang} {
		fix(p)
	}
	for i := range a.Authors {
		fix(&a.Authors[i])
	}
	for i := range a.Captions {
		fix(&a.Captions[i])
	}
	for k, v := range a.Meta {
		if !utf8.ValidString(k) || !utf8.ValidString(v) {
			delete(a.Meta, k)
			a.Meta[strings.ToValidUTF8(k, "_")] = strings.ToValidUTF8(v, "\uFFFD")
		}
	}
}

// binaryMagic are signatures of common non-article files.
// binaryMagic are signatures of common non-article files (those starting
// with plain letters are left to the NUL / control-character test, so that
// a text beginning "BMW" or "MZ" is not taken for a bitmap or a program).
var binaryMagic = [][]byte{
	[]byte("\x89PNG"), []byte("\xff\xd8\xff"), []byte("GIF87a"), []byte("GIF89a"),
	[]byte("\x00\x00\x01\x00"), []byte("II*\x00"), []byte("MM\x00*"),
	[]byte("\x1f\x8b"), []byte("7z\xbc\xaf\x27\x1c"), []byte("\xfd7zXZ"),
	[]byte("\x7fELF"), []byte("\xca\xfe\xba\xbe"), []byte("\xd0\xcf\x11\xe0"),
	[]byte("\x00\x05\x16\x07"), []byte("SQLite format 3\x00"), []byte("%!PS-Adobe"),
}

// sniffContent names what head unambiguously is: "pdf", "docx", "zip" (any
// other zip container), "html", "eml", "binary", or "" when it cannot tell.
func sniffContent(head []byte) string {
	if bytes.HasPrefix(head, []byte("%PDF-")) {
		return "pdf"
	}
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		if bytes.Contains(head, []byte("word/")) {
			return "docx"
		}
		return "zip"
	}
	// BOM-marked or BOM-less UTF-16 is text.
	if bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}) {
		if s, err := DecodeText(head[:len(head)&^1]); err == nil {
			return sniffText([]byte(s))
		}
		return ""
	}
	if _, ok := sniffUTF16(head); ok {
		if s, err := DecodeText(head); err == nil {
			return sniffText([]byte(s))
		}
	}
	for _, m := range binaryMagic {
		if bytes.HasPrefix(head, m) {
			return "binary"
		}
	}
	if checkBinary(head) != nil {
		return "binary"
	}
	return sniffText(head)
}

// sniffText recognises HTML documents and e-mail messages by their start.
func sniffText(head []byte) string {
	h := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	lower := bytes.ToLower(h[:min(len(h), 512)])
	for _, p := range []string{"<!doctype html", "<html", "<head>", "<head ", "<body", "<meta ", "<title>"} {
		if bytes.HasPrefix(lower, []byte(p)) {
			return "html"
		}
	}
	if bytes.HasPrefix(lower, []byte("<?xml")) && bytes.Contains(lower, []byte("<html")) {
		return "html"
	}
	if bytes.HasPrefix(lower, []byte("<!--")) && bytes.Contains(lower, []byte("<html")) {
		return "html"
	}
	if looksLikeEmail(h) {
		return "eml"
	}
	return ""
}

// emailHeaders are header names that open e-mail and MHTML files.
var emailHeaders = []string{"from:", "received:", "return-path:", "mime-version:", "subject:", "date:", "message-id:", "delivered-to:", "to:", "x-", "content-type:", "snapshot-content-location:", "dkim-signature:", "reply-to:", "arc-"}

// looksLikeEmail wants at least two header lines at the start, one of them
// From, Received, Return-Path, MIME-Version or Message-ID.
func looksLikeEmail(h []byte) bool {
	lines := bytes.SplitN(h[:min(len(h), 2048)], []byte("\n"), 12)
	headers, strong := 0, false
	for _, l := range lines {
		l = bytes.TrimRight(l, "\r")
		if len(l) == 0 {
			break
		}
		if l[0] == ' ' || l[0] == '\t' {
			continue // folded header
		}
		lower := bytes.ToLower(l)
		matched := false
		for _, p := range emailHeaders {
			if bytes.HasPrefix(lower, []byte(p)) {
				matched = true
				switch p {
				case "from:", "received:", "return-path:", "mime-version:", "message-id:", "delivered-to:", "snapshot-content-location:", "dkim-signature:":
					strong = true
				}
				break
			}
		}
		if !matched {
			break
		}
		headers++
	}
	return headers >= 2 && strong
}

// looksLikeText accepts head as text when it decodes without binary signs.
func looksLikeText(head []byte) bool {
	if len(head) == 0 {
		return false
	}
	_, err := DecodeText(head)
	return err == nil
}

// firstLineDelimiter returns the most frequent of ',', ';' and '\t' in the
// first line of head.
func firstLineDelimiter(head []byte) rune {
	return sniffDelimiter(string(head[:min(len(head), 4096)]))
}
