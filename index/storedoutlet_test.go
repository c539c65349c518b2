package index

import (
	"testing"

	"github.com/golang/snappy"
	"github.com/parallax-research/parallax/corpus"
)

func TestStoredOutlet(t *testing.T) {
	for _, a := range []corpus.Article{
		{ID: "1", Path: `a/"outlet":"x".txt`, Outlet: `Fox "News" \ <&>`, Meta: map[string]string{"outlet": "y"}},
		{ID: "2", Path: "b", Copies: []string{`"outlet":"z"`}, Outlet: "Reuters"},
		{ID: "3", Outlet: "Le Monde — é"},
	} {
		v, err := encodeArticle(&a)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := snappy.Decode(nil, v)
		if o, ok := storedOutlet(data); !ok || o != a.Outlet {
			t.Errorf("storedOutlet(%s) = %q, %v; want %q", data, o, ok, a.Outlet)
		}
	}
}
