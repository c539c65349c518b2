package index

import "testing"

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
