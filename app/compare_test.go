package app

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

func TestCompareColumnsLabelsAndCounterparts(t *testing.T) {
	u, w := part2UI(t, 1200, 720)
	f := newFakePart2()
	s := newCompareScreen(u, f)
	onUI(func() {
		w.SetContent(s.build())
		s.compareIDs([]string{"a1", "a2", "a3"})
	})
	waitPart2(t, "the comparison", func() bool { return s.view != nil && s.export != nil && !s.export.Disabled() })

	var labels [][]string
	onUI(func() {
		for _, col := range s.cols {
			var l []string
			for _, b := range col.sentences {
				l = append(l, b.sen.Label)
			}
			labels = append(labels, l)
		}
	})
	want := [][]string{{"shared", "unique"}, {"shared", "paraphrased"}, {"paraphrased", "paraphrased"}}
	if !reflect.DeepEqual(labels, want) {
		t.Fatalf("column labels %v, want %v", labels, want)
	}
	onUI(func() {
		// Backgrounds follow the labels; sentences in a shared passage get a stripe.
		if got := s.cols[0].sentences[0].bg.FillColor; got != sharedColour {
			t.Errorf("shared sentence background %v", got)
		}
		if got := s.cols[1].sentences[1].bg.FillColor; got != paraphrasedColour {
			t.Errorf("paraphrased sentence background %v", got)
		}
		if !s.cols[0].sentences[0].passage || !s.cols[1].sentences[0].passage || s.cols[2].sentences[0].passage {
			t.Error("passage stripes on the wrong sentences")
		}
		if !strings.Contains(s.status.Text, "3 articles") || !strings.Contains(s.status.Text, "1 shared passages") {
			t.Errorf("status %q", s.status.Text)
		}
	})
	test.AssertRendersToMarkup(t, "part2/compare.xml", w.Canvas())

	// Hovering a sentence previews its counterparts; leaving clears them.
	onUI(func() {
		s.cols[1].sentences[1].MouseIn(&desktop.MouseEvent{})
		if got, want := s.highlighted(), []cmpRef{{1, 1, 0}, {2, 1, 0}}; !reflect.DeepEqual(got, want) {
			t.Errorf("hover highlighted %v, want %v", got, want)
		}
		s.cols[1].sentences[1].MouseOut()
		if got := s.highlighted(); len(got) != 0 {
			t.Errorf("hover left %v highlighted", got)
		}
	})
	// Tapping the first sentence highlights its counterparts in the other columns.
	onUI(func() { test.Tap(s.cols[0].sentences[0]) })
	onUI(func() {
		got := s.highlighted()
		want := []cmpRef{{0, 0, 0}, {1, 0, 0}, {2, 0, 0}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("highlighted %v, want %v", got, want)
		}
		if s.cols[1].sentences[0].bg.FillColor != focusColour {
			t.Error("counterpart not drawn in the focus colour")
		}
	})
	// Tapping a paraphrased sentence in column 3 highlights its match in column 2.
	onUI(func() { test.Tap(s.cols[2].sentences[1]) })
	onUI(func() {
		if got, want := s.highlighted(), []cmpRef{{1, 1, 0}, {2, 1, 0}}; !reflect.DeepEqual(got, want) {
			t.Errorf("highlighted %v, want %v", got, want)
		}
	})
	// Tapping it again clears.
	onUI(func() { test.Tap(s.cols[2].sentences[1]) })
	onUI(func() {
		if got := s.highlighted(); len(got) != 0 {
			t.Errorf("still highlighted: %v", got)
		}
	})

	// Tapping an entity highlights its mentions in every column.
	onUI(func() { s.onTapEntity("Brennik") })
	onUI(func() {
		if got, want := s.entityMentions(), []int{0, 1, 1}; !reflect.DeepEqual(got, want) {
			t.Errorf("Brennik mentions per column %v, want %v", got, want)
		}
		segs := s.cols[1].sentences[1].text.Segments
		if len(segs) < 2 {
			t.Errorf("entity not split out of the sentence: %d segments", len(segs))
		}
	})

	// Export the report.
	path := filepath.Join(t.TempDir(), "report.html")
	var err error
	onUI(func() { err = s.exportTo(path) })
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	html := string(b)
	for _, want := range []string{"Wire Service", "The Paper", "Harbour Times", `class="s shared passage"`, `class="s paraphrased"`, "Brennik", "gamble (z 3.1)", "These talks are a beginning", "rgba(34,197,94"} {
		if !strings.Contains(html, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	for _, bad := range []string{"<script", "src=", "href="} {
		if strings.Contains(html, bad) {
			t.Errorf("report is not self-contained: has %q", bad)
		}
	}
}

func TestCompareFindSameEventAndSyncScroll(t *testing.T) {
	u, w := part2UI(t, 900, 300)
	f := newFakePart2()
	// Long articles so the columns scroll.
	for ai := range f.cmp.Articles {
		a := &f.cmp.Articles[ai]
		for k := 0; k < 30; k++ {
			a.Sentences = append(a.Sentences, cmpSentence{Text: strings.Repeat("Filler words for scrolling. ", 3), Label: labelUnique})
		}
	}
	s := newCompareScreen(u, f)
	onUI(func() {
		w.SetContent(s.build())
		s.onFindSameEvent("a1")
	})
	waitPart2(t, "same-event comparison", func() bool { return s.view != nil && len(s.cols) == 3 })
	if want := []string{"a1", "a2", "a3"}; !reflect.DeepEqual(s.ids, want) {
		t.Errorf("compared %v, want %v", s.ids, want)
	}
	onUI(func() {
		s.cols[0].scroll.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.Delta{DY: -120}})
	})
	onUI(func() {
		if y := s.cols[0].scroll.Offset.Y; y != 120 {
			t.Fatalf("column 1 offset %v", y)
		}
		for i := 1; i < 3; i++ {
			if y := s.cols[i].scroll.Offset.Y; y != 120 {
				t.Errorf("column %d offset %v, want 120 (synchronised)", i+1, y)
			}
		}
	})
}

func TestSentenceSegments(t *testing.T) {
	tests := []struct {
		text, entity string
		want         []string
	}{
		{"Varga met Brennik.", "", []string{"Varga met Brennik."}},
		{"Varga met Brennik.", "brennik", []string{"Varga met ", "Brennik", "."}},
		{"Varga and varga", "Varga", []string{"Varga", " and ", "varga"}},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range sentenceSegments(tt.text, tt.entity, false) {
			got = append(got, s.Textual())
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("segments(%q, %q) = %q, want %q", tt.text, tt.entity, got, tt.want)
		}
	}
}
