package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
)

// binarySample is how many leading bytes the binary test looks at.
const binarySample = 8 << 10

// DecodeText turns raw bytes into valid UTF-8.
//
// In order it honours a byte-order mark (UTF-8, UTF-16 LE/BE), recognises
// BOM-less UTF-16 by its zero bytes, keeps bytes that are already valid UTF-8,
// then follows an HTML <meta charset> / http-equiv or XML encoding
// declaration, and finally falls back to Windows-1252 (a superset of
// ISO-8859-1 that every byte sequence decodes in). It returns an error naming
// the reason for binary data: NUL bytes or too many control characters.
func DecodeText(data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return decodeUTF16(data, unicode.LittleEndian)
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return decodeUTF16(data, unicode.BigEndian)
	default:
		if order, ok := sniffUTF16(data); ok {
			return decodeUTF16(data, order)
		}
	}
	if err := checkBinary(data); err != nil {
		return "", err
	}
	if utf8.Valid(data) {
		return string(data), nil
	}
	if enc := declaredEncoding(data); enc != nil {
		if s, err := enc.NewDecoder().Bytes(data); err == nil {
			return finishDecoded(string(s))
		}
	}
	s, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return "", fmt.Errorf("cannot decode text: %w", err)
	}
	return finishDecoded(string(s))
}

// decodeCharset decodes data declared (by a MIME header, say) to be in
// charset; an unknown or empty charset falls back to DecodeText.
func decodeCharset(data []byte, charset string) (string, error) {
	charset = strings.ToLower(strings.TrimSpace(charset))
	switch charset {
	case "", "us-ascii", "ascii", "utf-8", "utf8", "unicode-1-1-utf-8":
		return DecodeText(data)
	}
	if utf8.Valid(data) && !bytes.HasPrefix(data, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		// Legacy charsets rarely form valid multi-byte UTF-8 by accident; a
		// valid UTF-8 body is far more often a mislabelled one.
		if !strings.HasPrefix(charset, "utf-16") {
			return DecodeText(data)
		}
	}
	enc, err := htmlindex.Get(charset)
	if err != nil || enc == nil {
		return DecodeText(data)
	}
	s, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return DecodeText(data)
	}
	return finishDecoded(string(s))
}

func decodeUTF16(data []byte, order unicode.Endianness) (string, error) {
	dec := unicode.UTF16(order, unicode.ExpectBOM).NewDecoder()
	if !bytes.HasPrefix(data, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		dec = unicode.UTF16(order, unicode.IgnoreBOM).NewDecoder()
	}
	if len(data)%2 == 1 {
		data = data[:len(data)-1] // a truncated final code unit
	}
	s, err := dec.Bytes(data)
	if err != nil {
		return "", fmt.Errorf("cannot decode UTF-16: %w", err)
	}
	return finishDecoded(string(s))
}

// finishDecoded checks decoded text for binary content and makes sure it is
// valid UTF-8.
func finishDecoded(s string) (string, error) {
	if err := checkBinary([]byte(s[:min(len(s), binarySample)])); err != nil {
		return "", err
	}
	if strings.IndexByte(s, 0) >= 0 {
		return "", errors.New("binary data (contains NUL bytes)")
	}
	return strings.ToValidUTF8(s, "\uFFFD"), nil
}

// sniffUTF16 recognises BOM-less UTF-16 text: in mostly-Latin text every
// other byte is zero.
func sniffUTF16(data []byte) (unicode.Endianness, bool) {
	n := min(len(data), 1024) &^ 1
	if n < 8 {
		return unicode.LittleEndian, false
	}
	evenZero, oddZero := 0, 0
	for i := 0; i < n; i += 2 {
		if data[i] == 0 {
			evenZero++
		}
		if data[i+1] == 0 {
			oddZero++
		}
	}
	half := n / 2
	switch {
	case oddZero*10 >= half*7 && evenZero*20 <= half:
		return unicode.LittleEndian, true
	case evenZero*10 >= half*7 && oddZero*20 <= half:
		return unicode.BigEndian, true
	}
	return unicode.LittleEndian, false
}

// checkBinary rejects data with NUL bytes or more than 10% control
// characters (other than tab, newlines, form feed and escape) in its first
// binarySample bytes.
func checkBinary(data []byte) error {
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return fmt.Errorf("binary data (NUL byte at offset %d)", i)
	}
	sample := data[:min(len(data), binarySample)]
	ctrl := 0
	for _, c := range sample {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b {
			ctrl++
		} else if c == 0x7f {
			ctrl++
		}
	}
	if len(sample) > 0 && ctrl*10 > len(sample) {
		return fmt.Errorf("binary data (%d%% control characters)", ctrl*100/len(sample))
	}
	return nil
}

// declaredEncoding finds an HTML <meta charset>, <meta http-equiv> or XML
// encoding declaration in the first 4 KiB of data.
func declaredEncoding(data []byte) encoding.Encoding {
	name := declaredCharset(data[:min(len(data), 4096)])
	if name == "" {
		return nil
	}
	enc, err := htmlindex.Get(name)
	if err != nil || enc == nil {
		return nil
	}
	if enc == unicode.UTF8 {
		return nil
	}
	// An 8-bit page cannot really be UTF-16 (the HTML standard says to treat
	// such a declaration as UTF-8).
	if n, _ := htmlindex.Name(enc); strings.HasPrefix(n, "utf-16") {
		return nil
	}
	return enc
}

// declaredCharset returns the charset name declared in head, lower-cased.
func declaredCharset(head []byte) string {
	lower := bytes.ToLower(head)
	if bytes.HasPrefix(bytes.TrimLeft(lower, " \t\r\n"), []byte("<?xml")) {
		end := bytes.Index(lower, []byte("?>"))
		if end > 0 {
			if v := attrValue(lower[:end], "encoding"); v != "" {
				return v
			}
		}
	}
	for off := 0; ; {
		i := bytes.Index(lower[off:], []byte("<meta"))
		if i < 0 {
			return ""
		}
		start := off + i
		end := bytes.IndexByte(lower[start:], '>')
		if end < 0 {
			return ""
		}
		tag := lower[start : start+end]
		if v := attrValue(tag, "charset"); v != "" {
			return v
		}
		if content := attrValue(tag, "content"); content != "" {
			if j := strings.Index(content, "charset="); j >= 0 {
				v := content[j+len("charset="):]
				v = strings.Trim(v, "\"' ")
				if k := strings.IndexAny(v, "; \"'"); k >= 0 {
					v = v[:k]
				}
				if v != "" {
					return v
				}
			}
		}
		off = start + end
	}
}

// attrValue extracts name=value (quoted or not) from a lower-cased tag.
func attrValue(tag []byte, name string) string {
	for off := 0; off < len(tag); {
		i := bytes.Index(tag[off:], []byte(name))
		if i < 0 {
			return ""
		}
		p := off + i
		off = p + len(name)
		if p > 0 {
			if c := tag[p-1]; c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '"' && c != '\'' && c != '/' {
				continue
			}
		}
		rest := bytes.TrimLeft(tag[off:], " \t\r\n")
		if len(rest) == 0 || rest[0] != '=' {
			continue
		}
		rest = bytes.TrimLeft(rest[1:], " \t\r\n")
		if len(rest) == 0 {
			return ""
		}
		if q := rest[0]; q == '"' || q == '\'' {
			if j := bytes.IndexByte(rest[1:], q); j >= 0 {
				return strings.TrimSpace(string(rest[1 : 1+j]))
			}
			return strings.TrimSpace(string(rest[1:]))
		}
		j := bytes.IndexAny(rest, " \t\r\n>/;\"'")
		if j < 0 {
			j = len(rest)
		}
		return string(rest[:j])
	}
	return ""
}
