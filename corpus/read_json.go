package corpus

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// readJSON reads a .json file: one article object, an array of them, an
// object wrapping such an array ({"articles": [...]}), or several top-level
// values one after the other. Bad items of an array are reported as "item N".
func readJSON(name string, data []byte) ([]Article, error) {
	text, err := DecodeText(data)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var (
		arts []Article
		bad  ItemErrors
		item int
	)
	for {
		var v any
		err := dec.Decode(&v)
		if err == io.EOF {
			break
		}
		if err != nil {
			if len(arts) == 0 && len(bad) == 0 {
				return nil, jsonSyntaxError(text, err)
			}
			bad = append(bad, ItemError{Item: "rest of file", Err: jsonSyntaxError(text, err)})
			break
		}
		a, b := articlesFromJSONValue(v, &item, "item")
		arts = append(arts, a...)
		bad = append(bad, b...)
	}
	if len(arts) == 0 && len(bad) == 1 && item <= 1 {
		return nil, bad[0].Err // a single object that is not an article
	}
	if len(arts) == 0 && len(bad) == 0 {
		return nil, errors.New("no article in JSON")
	}
	if len(bad) > 0 {
		return arts, bad
	}
	return arts, nil
}

// readJSONL reads JSON Lines / NDJSON: one article object per line. A bad line
// is reported as "line N" and the other lines still import.
func readJSONL(name string, data []byte) ([]Article, error) {
	text, err := DecodeText(data)
	if err != nil {
		return nil, err
	}
	var (
		arts []Article
		bad  ItemErrors
	)
	lineNo := 0
	for len(text) > 0 {
		line := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		lineNo++
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		item := fmt.Sprintf("line %d", lineNo)
		dec := json.NewDecoder(strings.NewReader(line))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			bad = append(bad, ItemError{Item: item, Err: jsonLineError(line, err)})
			continue
		}
		if _, err := dec.Token(); err != io.EOF {
			bad = append(bad, ItemError{Item: item, Err: errors.New("invalid JSON: more than one value on the line")})
			continue
		}
		n := 0
		a, b := articlesFromJSONValue(v, &n, item+" item")
		if _, isObj := v.(map[string]any); isObj {
			for i := range b {
				b[i].Item = item
			}
		}
		arts = append(arts, a...)
		bad = append(bad, b...)
	}
	if len(arts) == 0 && len(bad) == 0 {
		return nil, errors.New("no article in JSON Lines file")
	}
	if len(bad) > 0 {
		if len(arts) == 0 && len(bad) == 1 {
			return nil, bad[0]
		}
		return arts, bad
	}
	return arts, nil
}

// articlesFromJSONValue turns a decoded top-level value into articles. item
// counts the objects seen, for naming bad ones "<label> N".
func articlesFromJSONValue(v any, item *int, label string) ([]Article, ItemErrors) {
	switch x := v.(type) {
	case map[string]any:
		*item++
		a, err := articleFromJSON(x)
		if err == nil {
			return []Article{a}, nil
		}
		// A wrapper object: {"articles": [...]}, {"data": {"items": [...]}}.
		if list := articleList(x, 0); list != nil {
			*item--
			return articlesFromJSONValue(list, item, label)
		}
		return nil, ItemErrors{{Item: fmt.Sprintf("%s %d", label, *item), Err: err}}
	case []any:
		var (
			arts []Article
			bad  ItemErrors
		)
		for _, e := range x {
			obj, ok := e.(map[string]any)
			if !ok {
				*item++
				bad = append(bad, ItemError{Item: fmt.Sprintf("%s %d", label, *item), Err: fmt.Errorf("not an object but %s", jsonKind(e))})
				continue
			}
			a, b := articlesFromJSONValue(obj, item, label)
			arts = append(arts, a...)
			bad = append(bad, b...)
		}
		return arts, bad
	default:
		*item++
		return nil, ItemErrors{{Item: fmt.Sprintf("%s %d", label, *item), Err: fmt.Errorf("not an object but %s", jsonKind(v))}}
	}
}

// articleList finds the largest array of objects among m's members (two
// levels deep at most).
func articleList(m map[string]any, depth int) []any {
	var best []any
	for _, k := range sortedAnyKeys(m) {
		switch x := m[k].(type) {
		case []any:
			objs := 0
			for _, e := range x {
				if _, ok := e.(map[string]any); ok {
					objs++
				}
			}
			if objs > 0 && objs*2 >= len(x) && len(x) > len(best) {
				best = x
			}
		case map[string]any:
			if depth < 1 {
				if l := articleList(x, depth+1); len(l) > len(best) {
					best = l
				}
			}
		}
	}
	return best
}

// articleFromJSON maps one JSON object onto an article.
func articleFromJSON(m map[string]any) (Article, error) {
	b := newRecordBuilder()
	for _, k := range sortedAnyKeys(m) {
		b.setValue(k, m[k])
	}
	return b.finish()
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	}
	return "a value"
}

// jsonSyntaxError names the line and column of a syntax error in text.
func jsonSyntaxError(text string, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off := int(min(se.Offset, int64(len(text))))
		line := 1 + strings.Count(text[:off], "\n")
		col := off - strings.LastIndexByte(text[:off], '\n')
		return fmt.Errorf("invalid JSON at line %d, column %d: %s", line, col, se.Error())
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("invalid JSON: unexpected end of file (truncated?)")
	}
	return fmt.Errorf("invalid JSON: %w", err)
}

// jsonLineError describes a syntax error inside one JSON line.
func jsonLineError(line string, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("invalid JSON at column %d: %s", se.Offset, se.Error())
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("invalid JSON: line ends inside a value (truncated?)")
	}
	return fmt.Errorf("invalid JSON: %w", err)
}

// looksLikeJSONLines reports whether text holds one JSON object per line.
func looksLikeJSONLines(head []byte) bool {
	head = bytes.TrimLeft(head, " \t\r\n\xef\xbb\xbf")
	if len(head) == 0 || head[0] != '{' {
		return false
	}
	i := bytes.IndexByte(head, '\n')
	if i < 0 {
		return false
	}
	first := bytes.TrimSpace(head[:i])
	rest := bytes.TrimLeft(head[i:], " \t\r\n")
	return len(first) > 1 && first[len(first)-1] == '}' && json.Valid(first) && len(rest) > 0 && rest[0] == '{'
}
