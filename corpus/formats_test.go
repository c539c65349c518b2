package corpus

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSniff(t *testing.T) {
	docx := makeDOCX(t, "", "Title", "Body")
	pdfData := makePDF(t, "Title", []string{"Body text."}, true)
	tests := []struct {
		name   string
		head   []byte
		format string // "" = not an article
	}{
		{"a.txt", []byte("Title\n\nBody"), "txt"},
		{"a.TXT", []byte("Title\n\nBody"), "txt"},
		{"notes", []byte("Title\n\nBody"), "txt"},
		{"export", []byte("[{\"title\":\"x\"}]"), "json"},
		{"export", []byte("{\"title\":\"x\"}\n{\"title\":\"y\"}\n"), "jsonl"},
		{"README", []byte("# Heading\n\ntext"), "md"},
		{"a.md", []byte("# Title"), "md"},
		{"a.markdown", []byte("# Title"), "md"},
		{"a.html", []byte("<!DOCTYPE html><html>"), "html"},
		{"a.htm", []byte("<p>x"), "html"},
		{"page.php", []byte("\n  <!doctype html><html>"), "html"},
		{"page.php", []byte("<?php echo 1; ?>"), ""},
		{"a.json", []byte(`[{"title":"x"}]`), "json"},
		{"a.json", []byte("{\"title\":\"x\"}\n{\"title\":\"y\"}\n"), "jsonl"},
		{"a.jsonl", []byte(`{"title":"x"}`), "jsonl"},
		{"a.ndjson", []byte(`{"title":"x"}`), "jsonl"},
		{"a.csv", []byte("title,text\nx,y"), "csv"},
		{"a.csv", []byte("title\ttext\nx\ty"), "tsv"},
		{"a.tsv", []byte("title\ttext"), "tsv"},
		{"a.eml", []byte("From: x@y.z\nSubject: hi\n\nbody"), "eml"},
		{"page.mhtml", []byte("From: <Saved by Blink>\nSnapshot-Content-Location: https://x.y\n"), "eml"},
		{"message", []byte("Return-Path: <x@y.z>\nFrom: x@y.z\nSubject: hi\n\nbody"), "eml"},
		{"a.pdf", pdfData, "pdf"},
		{"a.docx", docx, "docx"},
		{"a.txt", pdfData, "pdf"},    // extension lies
		{"download", pdfData, "pdf"}, // no extension
		{"a.doc.x", docx, "docx"},    // unknown extension
		{"a.txt", []byte("<!DOCTYPE html>\n<html><body>x"), "html"},
		{"a.pdf", []byte("<html><body>Access denied</body></html>"), "html"},
		{"a.txt", []byte("From: someone\nSubject: x\n\nbody"), "eml"},
		{"a.txt", []byte("Subject: x\nTo: y\n\nbody"), "txt"}, // no From/Received/MIME-Version...: not mail
		{"a.txt", []byte("Received: by x\nFrom: someone\nSubject: x\n\nbody"), "eml"},
		{"image.jpg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF"), ""},
		{"photo.txt", []byte("\x89PNG\r\n\x1a\n\x00\x00"), ""},
		{"data.bin", []byte("anything"), ""},
		{"archive.zip", []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"), ""},
		{"sheet.xlsx", []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00xl/workbook.xml"), ""},
		{".DS_Store", []byte("\x00\x00\x00\x01Bud1"), ""},
		{"._article.txt", []byte("\x00\x05\x16\x07\x00\x02"), ""},
		{"~$report.docx", []byte("xx"), ""},
		{"dir/sub/x.txt", []byte("BMW recalls cars\n\nBody"), "txt"},
		{"noext", []byte("\x00\x01\x02\x03binary"), ""},
		{"u16.txt", utf16LE("\ufeff<!DOCTYPE html><html>"), "html"},
		{"u16", utf16LE("\ufeffPlain UTF-16 text"), "txt"},
		{"C:\\docs\\a.TXT", []byte("x"), "txt"},
	}
	for _, tt := range tests {
		head := tt.head[:min(len(tt.head), 4096)]
		format, ok := Sniff(tt.name, head)
		if format != tt.format || ok != (tt.format != "") {
			t.Errorf("Sniff(%q, %.20q) = %q, %v; want %q", tt.name, tt.head, format, ok, tt.format)
		}
	}
}

func TestDecodeText(t *testing.T) {
	tests := []struct {
		name    string
		in      []byte
		want    string
		wantErr string
	}{
		{"utf8", []byte("héllo"), "héllo", ""},
		{"utf8 bom", []byte("\xef\xbb\xbfhéllo"), "héllo", ""},
		{"utf16le bom", utf16LE("\ufeffhé€llo"), "hé€llo", ""},
		{"utf16be bom", []byte{0xFE, 0xFF, 0, 'h', 0, 0xE9, 0x20, 0xAC}, "hé€", ""},
		{"utf16le no bom", utf16LE("Plain text without a byte-order mark"), "Plain text without a byte-order mark", ""},
		{"utf16 odd length", append(utf16LE("\ufeffab"), 'c'), "ab", ""},
		{"cp1252", []byte("\x93Caf\xe9\x94 \x80 \x85"), "“Café” € …", ""},
		{"latin1 meta", []byte(`<meta charset="iso-8859-1"><p>caf` + "\xe9"), `<meta charset="iso-8859-1"><p>café`, ""},
		{"koi8 meta", []byte(`<meta http-equiv="Content-Type" content="text/html; charset=koi8-r"><p>` + "\xf0\xd2\xc9\xd7\xc5\xd4"), `<meta http-equiv="Content-Type" content="text/html; charset=koi8-r"><p>Привет`, ""},
		{"xml decl", []byte(`<?xml version="1.0" encoding="ISO-8859-15"?><a>` + "\xa4"), `<?xml version="1.0" encoding="ISO-8859-15"?><a>€`, ""},
		{"utf8 despite meta", []byte(`<meta charset="windows-1252">café`), `<meta charset="windows-1252">café`, ""},
		{"nul", []byte("abc\x00def"), "", "NUL"},
		{"controls", []byte("\x01\x02\x03\x04\x05abcdef"), "", "control characters"},
		{"empty", nil, "", ""},
	}
	for _, tt := range tests {
		got, err := DecodeText(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), "binary") {
				t.Errorf("%s: err %v, want %q", tt.name, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%s: DecodeText = %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
}

func FuzzDecodeText(f *testing.F) {
	f.Add([]byte("héllo"))
	f.Add([]byte("\xff\xfeh\x00i\x00"))
	f.Add([]byte("\x93x\x94"))
	f.Add([]byte(`<meta charset="shift_jis">` + "\x82\xa0"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := DecodeText(data)
		if err == nil && !utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8 from %q", data)
		}
	})
}

func FuzzSniff(f *testing.F) {
	f.Add("a.txt", []byte("x"))
	f.Add("b", []byte("From: a\nReceived: b\n"))
	f.Fuzz(func(t *testing.T, name string, head []byte) {
		format, ok := Sniff(name, head)
		if ok != (format != "") || (ok && ReaderFor(format) == nil) {
			t.Fatalf("Sniff(%q) = %q, %v", name, format, ok)
		}
	})
}

func BenchmarkDecodeText(b *testing.B) {
	utf := []byte(strings.Repeat("Le café est fermé aujourd'hui. ", 2000))
	legacy := []byte(strings.Repeat("Le caf\xe9 est ferm\xe9 aujourd'hui. ", 2000))
	b.Run("utf8", func(b *testing.B) {
		b.SetBytes(int64(len(utf)))
		for b.Loop() {
			DecodeText(utf)
		}
	})
	b.Run("cp1252", func(b *testing.B) {
		b.SetBytes(int64(len(legacy)))
		for b.Loop() {
			DecodeText(legacy)
		}
	})
}
