package corpus

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"

	"golang.org/x/text/encoding/htmlindex"
)

// emlMaxParts bounds the MIME parts visited in one message.
const emlMaxParts = 500

// readEML reads an e-mail message (a newsletter, a forwarded article) or an
// MHTML web archive: Subject is the title (RFC 2047 decoded), the From
// display name the outlet, Date the publication date; the body comes from the
// first text/plain part, else the first text/html part through the HTML
// extraction. multipart/*, quoted-printable and base64 are handled.
func readEML(name string, data []byte) ([]Article, error) {
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	msg, err := mail.ReadMessage(bufio.NewReader(bytes.NewReader(data)))
	if err != nil {
		return nil, fmt.Errorf("not a valid e-mail message: %w", err)
	}
	var a Article
	hdr := func(key string) string { return strings.TrimSpace(decodeHeader(msg.Header.Get(key))) }
	a.Title = squashSpace(hdr("Subject"))
	rawFrom := msg.Header.Get("From")
	from := decodeHeader(rawFrom)
	if addr, err := (&mail.AddressParser{WordDecoder: wordDecoder}).Parse(rawFrom); err == nil {
		a.Outlet = squashSpace(strings.ToValidUTF8(addr.Name, "\uFFFD"))
		if a.Outlet == "" {
			if _, domain, ok := strings.Cut(addr.Address, "@"); ok {
				a.Outlet = strings.ToLower(domain)
			}
		}
		a.Meta = map[string]string{"from": strings.ToValidUTF8(addr.Address, "\uFFFD")}
	} else if from = squashSpace(strings.Trim(from, "<> ")); from != "" && !strings.HasPrefix(strings.ToLower(from), "saved by") {
		a.Outlet = from
	}
	if strings.HasPrefix(strings.ToLower(a.Outlet), "saved by") {
		a.Outlet = "" // MHTML written by a browser
	}
	if d := msg.Header.Get("Date"); d != "" {
		if t, err := mail.ParseDate(d); err == nil && validYear(t.Year()) {
			a.Published, a.DateSource = t, "metadata"
		} else if t, ok := ParseDate(d); ok {
			a.Published, a.DateSource = t, "metadata"
		}
	}
	a.URL = firstNonEmpty(hdr("Snapshot-Content-Location"), hdr("Content-Location"), hdr("X-Url"))
	a.Lang = normLang(hdr("Content-Language"))
	if id := strings.Trim(hdr("Message-Id"), "<> "); id != "" {
		if a.Meta == nil {
			a.Meta = map[string]string{}
		}
		a.Meta["message_id"] = id
	}

	var parts emlParts
	if err := parts.walk(textproto.MIMEHeader(msg.Header), msg.Body, 0); err != nil && parts.plain == "" && parts.html == "" {
		return nil, err
	}
	switch {
	case strings.TrimSpace(parts.plain) != "" && !plainIsStub(parts.plain, parts.html):
		a.Body = textToParagraphs(parts.plain)
	case strings.TrimSpace(parts.html) != "":
		h, err := htmlArticle(parts.html)
		if err == nil {
			a.Body = h.Body
			a.Captions = h.Captions
			if a.Title == "" {
				a.Title = h.Title
			}
			if a.URL == "" {
				a.URL = h.URL
			}
			if len(h.Authors) > 0 {
				a.Authors = h.Authors
			}
			if a.Lang == "" {
				a.Lang = h.Lang
			}
			if a.Outlet == "" {
				a.Outlet = h.Outlet
			}
		}
	}
	a.Title = stripSiteSuffix(a.Title, a.Outlet)
	if a.Title == "" && a.Body == "" {
		return nil, errors.New("e-mail has no subject and no text part")
	}
	return []Article{a}, nil
}

// plainIsStub reports a text/plain alternative that only says to view the
// HTML version.
func plainIsStub(plain, htmlPart string) bool {
	if htmlPart == "" {
		return false
	}
	p := strings.TrimSpace(plain)
	return len(p) < 200 && len(htmlPart) > 20*len(p)
}

var wordDecoder = &mime.WordDecoder{CharsetReader: func(charset string, input io.Reader) (io.Reader, error) {
	enc, err := htmlindex.Get(charset)
	if err != nil {
		return nil, fmt.Errorf("unknown charset %q", charset)
	}
	return enc.NewDecoder().Reader(input), nil
}}

// decodeHeader decodes RFC 2047 encoded words; undecodable input is returned
// as valid UTF-8.
func decodeHeader(s string) string {
	if d, err := wordDecoder.DecodeHeader(s); err == nil {
		s = d
	}
	if t, err := DecodeText([]byte(s)); err == nil {
		return t
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

type emlParts struct {
	plain, html string
	n           int
}

// walk visits a MIME entity, recording the first text/plain and text/html
// parts that are not attachments.
func (p *emlParts) walk(h textproto.MIMEHeader, body io.Reader, depth int) error {
	p.n++
	if p.n > emlMaxParts || depth > 20 {
		return errors.New("too many MIME parts")
	}
	ct := h.Get("Content-Type")
	if ct == "" {
		ct = "text/plain"
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		// A broken Content-Type: take the text as plain.
		mt, params = "text/plain", map[string]string{}
		if i := strings.IndexByte(ct, ';'); i > 0 {
			mt = strings.ToLower(strings.TrimSpace(ct[:i]))
		}
	}
	if disp, _, _ := mime.ParseMediaType(h.Get("Content-Disposition")); disp == "attachment" && !strings.HasPrefix(mt, "multipart/") {
		return nil
	}
	if strings.HasPrefix(mt, "multipart/") {
		boundary := params["boundary"]
		if boundary == "" {
			return errors.New("multipart message without a boundary")
		}
		mr := multipart.NewReader(body, boundary)
		var firstErr error
		for {
			part, err := mr.NextRawPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				if firstErr == nil {
					firstErr = fmt.Errorf("broken MIME structure: %w", err)
				}
				break
			}
			if err := p.walk(part.Header, part, depth+1); err != nil && firstErr == nil {
				firstErr = err
			}
			if p.n > emlMaxParts {
				break
			}
		}
		return firstErr
	}
	if mt == "message/rfc822" && p.plain == "" && p.html == "" {
		msg, err := mail.ReadMessage(bufio.NewReader(transferDecoder(h, body)))
		if err != nil {
			return nil
		}
		return p.walk(textproto.MIMEHeader(msg.Header), msg.Body, depth+1)
	}
	if mt != "text/plain" && mt != "text/html" {
		return nil
	}
	if (mt == "text/plain" && p.plain != "") || (mt == "text/html" && p.html != "") {
		return nil
	}
	raw, err := io.ReadAll(io.LimitReader(transferDecoder(h, body), 64<<20))
	if err != nil && len(raw) == 0 {
		return fmt.Errorf("cannot decode %s part: %w", mt, err)
	}
	text, derr := decodeCharset(raw, params["charset"])
	if derr != nil {
		return fmt.Errorf("%s part: %w", mt, derr)
	}
	if mt == "text/plain" {
		if strings.EqualFold(params["format"], "flowed") {
			text = unflow(text, strings.EqualFold(params["delsp"], "yes"))
		}
		p.plain = text
	} else {
		p.html = text
	}
	return nil
}

// transferDecoder undoes a Content-Transfer-Encoding.
func transferDecoder(h textproto.MIMEHeader, body io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(h.Get("Content-Transfer-Encoding"))) {
	case "quoted-printable":
		return quotedprintable.NewReader(body)
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, &base64Cleaner{r: body})
	}
	return body
}

// base64Cleaner drops bytes that are not base64 (spaces, stray characters),
// as mail clients are lenient there.
type base64Cleaner struct{ r io.Reader }

func (c *base64Cleaner) Read(p []byte) (int, error) {
	for {
		n, err := c.r.Read(p)
		j := 0
		for _, b := range p[:n] {
			if b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '+' || b == '/' || b == '=' {
				p[j] = b
				j++
			}
		}
		if j > 0 || err != nil {
			return j, err
		}
	}
}

// unflow joins the soft line breaks of format=flowed text (RFC 3676).
func unflow(s string, delsp bool) string {
	s = normalizeNewlines(s)
	lines := strings.Split(s, "\n")
	var b strings.Builder
	for i, l := range lines {
		if l != "-- " && strings.HasSuffix(l, " ") && i+1 < len(lines) {
			if delsp {
				l = l[:len(l)-1]
			}
			b.WriteString(l)
			continue
		}
		b.WriteString(l)
		if i+1 < len(lines) {
			b.WriteByte('\n')
		}
	}
	return b.String()
}
