package corpus

import (
	"strings"
)

// readText reads a plain-text article: the first non-empty line is the
// title (Markdown "#" marks stripped), the rest the body.
func readText(name string, data []byte) ([]Article, error) {
	text, err := DecodeText(data)
	if err != nil {
		return nil, err
	}
	text = normalizeNewlines(text)
	title, body := splitTitle(text)
	title = squashSpace(stripHeadingMarks(title))
	return []Article{{Title: title, Body: textToParagraphs(body)}}, nil
}

// readMarkdown reads a Markdown article. YAML ("---") or TOML ("+++") front
// matter fills the metadata; the title is the front matter's title or the
// first heading / non-empty line; Markdown syntax is reduced to plain text.
func readMarkdown(name string, data []byte) ([]Article, error) {
	text, err := DecodeText(data)
	if err != nil {
		return nil, err
	}
	text = normalizeNewlines(text)
	b := newRecordBuilder()
	text = frontMatter(text, b)
	plain := markdownToText(text)
	a := b.a
	firstTitle, body := splitTitle(plain)
	if a.Title == "" {
		a.Title = squashSpace(firstTitle)
	} else if squashSpace(firstTitle) != a.Title {
		body = plain
	}
	a.Body = textToParagraphs(body)
	if a.Body == "" && b.a.Body != "" {
		a.Body = b.a.Body
	}
	return []Article{a}, nil
}

// stripHeadingMarks removes ATX heading marks ("## Title ##") from a line.
func stripHeadingMarks(line string) string {
	if m := mdHeading.FindStringSubmatch(line); m != nil {
		return strings.TrimSpace(m[1])
	}
	return strings.TrimSpace(line)
}

func normalizeNewlines(s string) string {
	if strings.IndexByte(s, '\r') < 0 {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// splitTitle returns the first non-empty line and the text after it. A
// Setext underline ("=====" or "-----") right after the title is dropped.
func splitTitle(text string) (title, rest string) {
	text = strings.TrimLeft(text, " \t\n\u00a0\ufeff")
	title, rest, _ = strings.Cut(text, "\n")
	r := strings.TrimLeft(rest, " \t")
	if nl := strings.IndexByte(r, '\n'); nl > 0 || (nl < 0 && r != "") {
		under := r
		if nl > 0 {
			under = r[:nl]
		}
		under = strings.TrimSpace(under)
		if len(under) >= 3 && (strings.Trim(under, "=") == "" || strings.Trim(under, "-") == "") {
			if nl > 0 {
				rest = r[nl+1:]
			} else {
				rest = ""
			}
		}
	}
	return strings.TrimSpace(title), rest
}

// frontMatter parses a leading YAML or TOML front-matter block into b and
// returns the text after it. Only flat "key: value" pairs and lists ("[a, b]"
// or "- a" lines) are understood, which is what article front matter uses.
func frontMatter(text string, b *recordBuilder) string {
	var fence, sep string
	switch {
	case strings.HasPrefix(text, "---\n"):
		fence, sep = "---", ":"
	case strings.HasPrefix(text, "+++\n"):
		fence, sep = "+++", "="
	default:
		return text
	}
	body := text[4:]
	end := -1
	for off := 0; off < len(body); {
		nl := strings.IndexByte(body[off:], '\n')
		line := body[off:]
		if nl >= 0 {
			line = body[off : off+nl]
		}
		if t := strings.TrimRight(line, " \t"); t == fence || (fence == "---" && t == "...") {
			end = off
			break
		}
		if nl < 0 {
			break
		}
		off += nl + 1
	}
	if end < 0 {
		return text
	}
	block := body[:end]
	after := body[end:]
	if nl := strings.IndexByte(after, '\n'); nl >= 0 {
		after = after[nl+1:]
	} else {
		after = ""
	}
	var (
		listKey string
		list    []any
	)
	flush := func() {
		if listKey != "" && len(list) > 0 {
			b.setValue(listKey, list)
		}
		listKey, list = "", nil
	}
	for _, line := range strings.Split(block, "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		if t := strings.TrimSpace(line); listKey != "" && strings.HasPrefix(t, "- ") {
			list = append(list, unquoteScalar(strings.TrimSpace(t[2:])))
			continue
		}
		if line[0] == ' ' || line[0] == '\t' {
			continue // nested structure: not supported, ignored
		}
		flush()
		k, v, ok := strings.Cut(line, sep)
		if !ok {
			continue
		}
		k, v = strings.TrimSpace(unquoteScalar(strings.TrimSpace(k))), strings.TrimSpace(v)
		if i := strings.Index(v, " #"); i >= 0 && !strings.HasPrefix(v, "\"") && !strings.HasPrefix(v, "'") {
			v = strings.TrimSpace(v[:i])
		}
		switch {
		case v == "":
			listKey = k
		case strings.HasPrefix(v, "[") && strings.HasSuffix(v, "]"):
			var items []any
			for _, it := range strings.Split(v[1:len(v)-1], ",") {
				if it = unquoteScalar(strings.TrimSpace(it)); it != "" {
					items = append(items, it)
				}
			}
			b.setValue(k, items)
		default:
			b.setString(k, unquoteScalar(v))
		}
	}
	flush()
	b.keys = nil
	return after
}

func unquoteScalar(s string) string {
	if len(s) >= 2 && (s[0] == '"' && s[len(s)-1] == '"' || s[0] == '\'' && s[len(s)-1] == '\'') {
		inner := s[1 : len(s)-1]
		if s[0] == '"' {
			inner = strings.NewReplacer(`\"`, `"`, `\\`, `\`, `\n`, "\n", `\t`, "\t").Replace(inner)
		} else {
			inner = strings.ReplaceAll(inner, "''", "'")
		}
		return inner
	}
	return s
}

var (
	mdImage      = lazyRE(`!\[([^\]\n]*)\]\([^)\n]*\)`)
	mdLink       = lazyRE(`\[([^\]\n]+)\]\([^)\n]*\)`)
	mdRefLink    = lazyRE(`\[([^\]\n]+)\]\[[^\]\n]*\]`)
	mdRefDef     = lazyRE(`(?m)^ {0,3}\[[^\]\n]+\]:\s+\S+.*$`)
	mdAutoLink   = lazyRE(`<((?:https?|mailto):[^>\s]+)>`)
	mdBoldStar   = lazyRE(`\*\*([^*\n]+)\*\*`)
	mdBoldUnder  = lazyRE(`(^|[^\p{L}\p{N}_])__([^_\n]+)__`)
	mdItalStar   = lazyRE(`(^|[^*\\])\*([^*\s](?:[^*\n]*[^*\s])?)\*`)
	mdItalUnder  = lazyRE(`(^|[^\p{L}\p{N}_\\])_([^_\s](?:[^_\n]*[^_\s])?)_`)
	mdStrike     = lazyRE(`~~([^~\n]+)~~`)
	mdCode       = lazyRE("`+([^`\n]+)`+")
	mdHTMLTag    = lazyRE(`</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>`)
	mdHeading    = lazyRE(`(?m)^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$`)
	mdQuote      = lazyRE(`(?m)^ {0,3}(?:>[ \t]?)+`)
	mdRule       = lazyRE(`(?m)^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$`)
	mdFence      = lazyRE("(?m)^ {0,3}(?:```|~~~).*$")
	mdBullet     = lazyRE(`(?m)^[ \t]*[*+][ \t]+`)
	mdEscape     = lazyRE(`\\([\\` + "`" + `*_{}\[\]()#+\-.!>~|])`)
	mdTableRule  = lazyRE(`(?m)^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$`)
	mdEmptyLinks = lazyRE(`\[\]\([^)\n]*\)`)
)

// markdownToText reduces Markdown to plain text: headings, emphasis, code
// marks, links (their text is kept), images (dropped), block quotes, rules,
// code fences, reference definitions and inline HTML tags are removed.
func markdownToText(s string) string {
	s = mdFence.ReplaceAllString(s, "")
	s = mdRefDef.ReplaceAllString(s, "")
	s = mdRule.ReplaceAllString(s, "")
	s = mdTableRule.ReplaceAllString(s, "")
	s = mdHeading.ReplaceAllString(s, "$1")
	s = mdQuote.ReplaceAllString(s, "")
	s = mdBullet.ReplaceAllString(s, "- ")
	s = mdImage.ReplaceAllString(s, "")
	s = mdEmptyLinks.ReplaceAllString(s, "")
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdRefLink.ReplaceAllString(s, "$1")
	s = mdAutoLink.ReplaceAllString(s, "$1")
	s = mdCode.ReplaceAllString(s, "$1")
	s = mdBoldStar.ReplaceAllString(s, "$1")
	s = mdBoldUnder.ReplaceAllString(s, "$1$2")
	s = mdItalStar.ReplaceAllString(s, "$1$2")
	s = mdItalUnder.ReplaceAllString(s, "$1$2")
	s = mdStrike.ReplaceAllString(s, "$1")
	s = mdHTMLTag.ReplaceAllString(s, "")
	s = mdEscape.ReplaceAllString(s, "$1")
	return s
}
