package app

import (
	"strings"
	"testing"
	"time"

	"github.com/parallax-research/parallax/corpus"
)

func TestProgressLine(t *testing.T) {
	for _, tc := range []struct {
		p    corpus.Progress
		want []string
	}{
		{corpus.Progress{Total: 1200, Done: 412, Walking: true}, []string{"412 of 1,200 files", "(still counting)"}},
		{corpus.Progress{Total: 1200, Done: 600, TotalBytes: 1000, Bytes: 500, Elapsed: 10 * time.Second}, []string{"600 of 1,200 files", "files/s", "left"}},
		{corpus.Progress{Total: 1200, Done: 1200, Finishing: true, Elapsed: 10 * time.Second}, []string{"1,200 of 1,200 files", "merging the index"}},
		{corpus.Progress{Total: 1200, Done: 1200, Finishing: true, Finished: true, Elapsed: 10 * time.Second}, []string{"1,200 of 1,200 files"}},
	} {
		got := progressLine(tc.p)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("progressLine(%+v) = %q, want it to contain %q", tc.p, got, w)
			}
		}
		if tc.p.Finished && strings.Contains(got, "merging") {
			t.Errorf("final line %q still says it is finishing", got)
		}
	}
}
