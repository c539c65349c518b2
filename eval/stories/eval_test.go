package main

import (
	"os"
	"testing"

	"github.com/parallax-research/parallax/corpus"
	"github.com/parallax-research/parallax/eval/stories/dataset"
)

// TestEvalStoriesDev runs the evaluation on the stories-dev articles alone.
// It takes about a minute (the first run imports 2,039 articles), so it
// runs only with PARALLAX_EVAL=1; the full 37k evaluation is make
// eval-stories.
func TestEvalStoriesDev(t *testing.T) {
	if os.Getenv("PARALLAX_EVAL") != "1" {
		t.Skip("evaluation: set PARALLAX_EVAL=1 to run it (or run make eval-stories for the 37k corpus)")
	}
	shared, err := dataset.SharedDir()
	if err != nil {
		t.Skipf("evaluation skipped: %v", err)
	}
	res, err := run(shared, true, corpus.DefaultDays, corpus.StoryDays, false, false, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", res)
	if res.Recall5 < 0.9 || res.F1 < 0.85 {
		t.Errorf("quality dropped on stories-dev: %+v", res)
	}
}
