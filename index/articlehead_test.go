package index

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/parallax-research/parallax/corpus"
)

// decodeHead returns every field of a record that precedes the body, the
// same as the full decoding; a hit's fields (id, path, title, outlet,
// published) must be among them.
func TestDecodeHead(t *testing.T) {
	a := corpus.Article{ID: "id1", Path: "a/b.txt", Copies: []string{"c.txt"}, Format: "txt", Outlet: "The \"Outlet\"",
		Title: "Title, with {braces} and \"quotes\"", Authors: []string{"A B"}, Published: time.Date(2016, 3, 4, 5, 6, 7, 0, time.UTC),
		DateSource: "manifest", URL: "http://x", Lang: "en", Body: `body "with" quotes}`, Captions: []string{"cap"},
		Meta: map[string]string{"topic": "x"}}
	data, err := json.Marshal(&a)
	if err != nil {
		t.Fatal(err)
	}
	h, err := decodeHead(data)
	if err != nil {
		t.Fatal(err)
	}
	want := a
	want.Body, want.Captions, want.Meta = "", nil, nil
	if !reflect.DeepEqual(*h, want) {
		t.Errorf("head\n got %+v\nwant %+v", *h, want)
	}
	// An undated article.
	a.Published = time.Time{}
	data, _ = json.Marshal(&a)
	if h, err = decodeHead(data); err != nil || !h.Published.IsZero() || h.Title != a.Title {
		t.Errorf("undated: %v %+v", err, h)
	}
	if _, err := decodeHead([]byte(`{"id":`)); err == nil {
		t.Error("a damaged record decoded")
	}
}
