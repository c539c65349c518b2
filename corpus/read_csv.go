package corpus

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// readCSV reads a comma-separated file (or semicolon-separated, as some
// spreadsheet programs write, detected from the header row): a header row,
// then one article per row.
func readCSV(name string, data []byte) ([]Article, error) {
	return readDelimited(data, 0)
}

// readTSV reads a tab-separated file with a header row.
func readTSV(name string, data []byte) ([]Article, error) {
	return readDelimited(data, '\t')
}

// readDelimited reads a header row and one article per record. Bad rows are
// reported as "row N", N counting the header as row 1 the way spreadsheets
// do (for rows without embedded line breaks).
func readDelimited(data []byte, comma rune) ([]Article, error) {
	text, err := DecodeText(data)
	if err != nil {
		return nil, err
	}
	if comma == 0 {
		comma = sniffDelimiter(text)
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = comma
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	header, err := r.Read()
	if err != nil {
		if err == io.EOF {
			return nil, errors.New("empty table")
		}
		return nil, fmt.Errorf("bad header row: %w", err)
	}
	known := false
	for i, h := range header {
		header[i] = strings.TrimSpace(h)
		if al, ok := aliasIndex[normKey(h)]; ok && (al.role == roleTitle || al.role == roleBody) {
			known = true
		}
	}
	if !known {
		return nil, fmt.Errorf("no title or text column in the header row (columns: %s)", listKeys(header))
	}
	var (
		arts []Article
		bad  ItemErrors
	)
	row := 1
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		row++
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				bad = append(bad, ItemError{Item: fmt.Sprintf("row %d", row), Err: fmt.Errorf("line %d: %w", pe.Line, pe.Err)})
				continue
			}
			bad = append(bad, ItemError{Item: fmt.Sprintf("row %d", row), Err: err})
			break
		}
		if emptyRecord(rec) {
			continue
		}
		if len(rec) > len(header) && !emptyRecord(rec[len(header):]) {
			bad = append(bad, ItemError{Item: fmt.Sprintf("row %d", row), Err: fmt.Errorf("%d fields but the header has %d (unquoted %q in a value?)", len(rec), len(header), comma)})
			continue
		}
		b := newRecordBuilder()
		for i, v := range rec {
			if i < len(header) && header[i] != "" {
				b.setString(header[i], v)
			}
		}
		a, err := b.finish()
		if err != nil {
			bad = append(bad, ItemError{Item: fmt.Sprintf("row %d", row), Err: err})
			continue
		}
		arts = append(arts, a)
	}
	if len(arts) == 0 && len(bad) == 0 {
		return nil, errors.New("no rows after the header row")
	}
	if len(bad) > 0 {
		return arts, bad
	}
	return arts, nil
}

func emptyRecord(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// sniffDelimiter picks ',', ';' or '\t' by counting them, outside quotes, in
// the first line.
func sniffDelimiter(text string) rune {
	counts := map[rune]int{}
	quoted := false
	for _, c := range text {
		if c == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if c == '\n' {
			break
		}
		if c == ',' || c == ';' || c == '\t' {
			counts[c]++
		}
	}
	best := ','
	for _, c := range []rune{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}
