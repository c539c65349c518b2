package index

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/parallax-research/parallax/corpus"
)

// headEnd finds the top-level "body" member only: a "body" key nested in
// a value, or the text "body" inside a string, is not it.
func TestHeadEnd(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{`{"id":"x","body":"b"}`, 9},
		{`{"body":"b"}`, 1},
		{` { "id" : "x" , "body" : "b" }`, 13},
		{`{"id":"x"}`, -1},
		{`{}`, -1},
		{`{"t":"say \"body\": no","body":"b"}`, 23},
		{`{"t":"a\\","body":"b"}`, 10},
		{`{"m":{"body":"x"},"a":["body",{"body":1}],"n":12,"z":null,"body":"b"}`, 57},
	} {
		got, err := headEnd([]byte(tc.in))
		if err != nil || got != tc.want {
			t.Errorf("headEnd(%s) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{``, `[]`, `{"id":`, `{"id":"x"`, `{"id" "x"}`, `{"id":"x" "y":1}`, `{"a":{"b":1}`, `{"a":"x`} {
		if _, err := headEnd([]byte(bad)); err == nil {
			t.Errorf("headEnd(%s) accepted a damaged record", bad)
		}
	}
}

// recordHead reads a stored record's head from the start of the
// compressed record, and from all of it when the head is longer than the
// first decoded part.
func TestRecordHead(t *testing.T) {
	short := corpus.Article{ID: "a1", Path: "x/a1.txt", Format: "txt", Outlet: "Daily", Title: "Climate \"talks\"",
		Authors: []string{"A B"}, Published: time.Date(2016, 1, 2, 0, 0, 0, 0, time.UTC), Lang: "en",
		Body: strings.Repeat("body text ", 2000), Captions: []string{"c"}}
	long := short
	long.ID, long.Copies = "a2", nil
	for i := 0; i < 300; i++ {
		long.Copies = append(long.Copies, fmt.Sprintf("copies/of/the/article/%d.txt", i)) // a head of ~9 kB
	}
	for _, a := range []corpus.Article{short, long} {
		v, err := encodeArticle(&a)
		if err != nil {
			t.Fatal(err)
		}
		got, err := recordHead(v)
		if err != nil {
			t.Fatal(err)
		}
		want := a
		want.Body, want.Captions = "", nil
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("%s: head\n got %+v\nwant %+v", a.ID, *got, want)
		}
	}
	if _, err := recordHead([]byte{0xff, 0xff}); err == nil {
		t.Error("a damaged record decoded")
	}
}
