package app

import (
	"reflect"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

func TestStoriesListMatrixAndCompareSelected(t *testing.T) {
	u, w := part2UI(t, 1100, 700)
	f := newFakePart2()
	s := newStoriesScreen(u, f)
	var compared []string
	s.openCompare = func(ids []string) { compared = ids }
	onUI(func() {
		w.SetContent(s.build())
		s.load()
	})
	waitPart2(t, "three stories", func() bool { return len(s.rows) == 3 && s.status.Text == "3 stories" })

	onUI(func() {
		// Newest first.
		if got := s.rows[0].Label; got != "Dresna flood relief" {
			t.Errorf("first story %q, want the newest", got)
		}
		if s.status.Text != "3 stories" {
			t.Errorf("status %q", s.status.Text)
		}
		// Blind spots: the matrix cells of outlets that ran nothing.
		blind := 0
		cell := s.createCell()
		for r := range s.rows {
			for c := 1; c <= len(s.outlets); c++ {
				s.updateCell(widgetCell(r, c), cell)
				if cell.(*fyne.Container).Objects[0].(*canvas.Rectangle).FillColor == blindSpotColour {
					blind++
				}
			}
		}
		if blind != 3 {
			t.Errorf("%d blind spots, want 3", blind)
		}
	})
	test.AssertRendersToMarkup(t, "part2/stories.xml", w.Canvas())

	// Sorting and filtering.
	onUI(func() { s.sortBy.SetSelected(storySortArticles) })
	onUI(func() {
		if s.rows[0].Label != "Korvana border summit" {
			t.Errorf("most articles first: got %q", s.rows[0].Label)
		}
	})
	tests := []struct {
		name, query, outlet, from string
		want                      []string
	}{
		{"label", "strike", "", "", []string{"Velsport port strike"}},
		{"query text", "dockers", "", "", []string{"Velsport port strike"}},
		{"outlet", "", "Harbour Times", "", []string{"Korvana border summit", "Dresna flood relief"}},
		{"from date", "", "", "2026-03-20", []string{"Velsport port strike", "Dresna flood relief"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			onUI(func() {
				s.query.SetText(tt.query)
				s.from.SetText(tt.from)
				s.sortBy.SetSelected(storySortOldest)
				o := tt.outlet
				if o == "" {
					o = storyAllOutlets
				}
				s.outlet.SetSelected(o)
				s.onFilter()
			})
			var got []string
			waitPart2(t, "the filter", func() bool {
				got = nil
				for _, r := range s.rows {
					got = append(got, r.Label)
				}
				return reflect.DeepEqual(got, tt.want)
			})
		})
	}

	// Select the summit story: its articles are listed by outlet and
	// "Compare selected" sends the ticked ones.
	onUI(func() {
		s.query.SetText("")
		s.from.SetText("")
		s.outlet.SetSelected(storyAllOutlets)
		s.applyFilter(nil)
		s.list.Select(0) // oldest first: the summit
	})
	onUI(func() {
		if s.title.Text != "Korvana border summit" {
			t.Fatalf("detail title %q", s.title.Text)
		}
		if s.compare.Disabled() {
			t.Fatal("compare button disabled with three ticked articles")
		}
		test.Tap(s.compare)
	})
	if want := []string{"a3", "a2", "a1"}; !reflect.DeepEqual(compared, want) {
		t.Errorf("compared %v, want %v", compared, want)
	}
	// Unticking down to one disables the button.
	onUI(func() {
		s.onCheck("a3", false)
		s.onCheck("a2", false)
		if !s.compare.Disabled() {
			t.Error("compare enabled with one article")
		}
	})
}

func TestStoryDateSpan(t *testing.T) {
	tests := []struct {
		first, last int
		want        string
	}{
		{14, 14, "14 Mar 2026"},
		{14, 17, "14–17 Mar 2026"},
	}
	for _, tt := range tests {
		if got := storyDateSpan(marchDay(tt.first), marchDay(tt.last)); got != tt.want {
			t.Errorf("span %d–%d = %q, want %q", tt.first, tt.last, got, tt.want)
		}
	}
	if got := storyDateSpan(marchDay(28), marchDay(28).AddDate(0, 1, 3)); got != "28 Mar – 31 Apr 2026" && got != "28 Mar – 1 May 2026" {
		t.Errorf("cross-month span %q", got)
	}
}
