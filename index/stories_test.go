package index

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/parallax-research/parallax/corpus"
)

// TestStoriesSample: the sample's eight events come out as the eight
// stories with 2+ outlets, with their blind spots.
func TestStoriesSample(t *testing.T) {
	c := simSampleCorpus(t)
	ctx := context.Background()
	ev, members := simEvents(t, c)
	stories, err := c.Stories(ctx, corpus.StoryDays, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(stories) != 8 {
		for _, s := range stories {
			t.Logf("%s %q %v", s.ID, s.Label, s.Articles)
		}
		t.Fatalf("%d stories with 2+ outlets, want the 8 events", len(stories))
	}
	seen := map[string]bool{}
	for _, s := range stories {
		e := ev[s.IDs()[0]]
		seen[e] = true
		if s.Size() != len(members[e]) {
			t.Errorf("story %s (%s) has %d articles, the event %d", s.ID, e, s.Size(), len(members[e]))
		}
		for _, id := range s.IDs() {
			if ev[id] != e {
				t.Errorf("story %s mixes %s and %s", s.ID, e, ev[id])
			}
		}
		if s.Label == "" || s.First.IsZero() || s.Last.Before(s.First) || s.Last.Sub(s.First).Hours() > 48 {
			t.Errorf("story %s: label %q, %v..%v", s.ID, s.Label, s.First, s.Last)
		}
		switch e {
		case "e04-rate-decision", "e06-corruption-trial":
			if !slices.Contains(s.Missing, "Meridian State Television") {
				t.Errorf("%s: blind spots %v lack the state broadcaster", e, s.Missing)
			}
		case "e08-measles-campaign":
			if !slices.Contains(s.Missing, "Continental Press Agency") {
				t.Errorf("%s: blind spots %v lack CPA", e, s.Missing)
			}
		}
		for _, m := range s.Missing {
			if _, ok := s.Articles[m]; ok {
				t.Errorf("%s: %s both covers and misses", s.ID, m)
			}
		}
	}
	if len(seen) != 8 {
		t.Errorf("events found: %v", seen)
	}
	// Coverage shares: CPA covers 7 of 8, VG 3.
	cov := map[string]OutletCoverage{}
	for _, o := range Coverage(stories) {
		cov[o.Outlet] = o
	}
	if o := cov["Continental Press Agency"]; o.Stories != 7 || o.Share < 0.87 || o.Share > 0.88 {
		t.Errorf("CPA coverage = %+v", o)
	}
	if o := cov["The Velmora Gazette"]; o.Stories != 3 {
		t.Errorf("VG coverage = %+v", o)
	}
	// All stories, singletons included: the 3 distractors stand alone.
	all, err := c.Stories(ctx, corpus.StoryDays, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 11 {
		t.Errorf("%d stories in all, want 11", len(all))
	}
	// One story by id and by article.
	s0 := stories[0]
	got, err := c.StoryByID(ctx, s0.ID, corpus.StoryDays)
	if err != nil || got.ID != s0.ID || got.Size() != s0.Size() {
		t.Errorf("StoryByID(%s) = %+v, %v", s0.ID, got, err)
	}
	of, err := c.StoryOf(ctx, s0.IDs()[0], corpus.StoryDays)
	if err != nil || of.ID != s0.ID {
		t.Errorf("StoryOf = %+v, %v", of, err)
	}
	if _, err := c.StoryByID(ctx, "s99999", corpus.StoryDays); err == nil {
		t.Error("unknown story found")
	}
}

// TestStoriesIncremental: articles imported later join the existing
// stories, whose ids stay the same, also after reopening the corpus.
func TestStoriesIncremental(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "corpus")
	c, err := Open(dir, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	first := func(rel string) bool {
		return strings.Contains(rel, "Continental") || strings.Contains(rel, "Meridian")
	}
	simImport(t, c, simCopySample(t, first))
	before, err := c.Stories(ctx, corpus.StoryDays, 1)
	if err != nil {
		t.Fatal(err)
	}
	storyOf := map[string]string{}
	for _, s := range before {
		for _, id := range s.IDs() {
			storyOf[id] = s.ID
		}
	}
	c.Close()
	c, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	simImport(t, c, simCopySample(t, func(rel string) bool { return !first(rel) }))
	after, err := c.Stories(ctx, corpus.StoryDays, 2)
	if err != nil {
		t.Fatal(err)
	}
	ev, _ := simEvents(t, c)
	if len(after) != 8 {
		t.Errorf("%d stories after the second import, want 8", len(after))
	}
	for _, s := range after {
		for _, id := range s.IDs() {
			if old, ok := storyOf[id]; ok && old != s.ID {
				t.Errorf("article %s moved from story %s to %s", id, old, s.ID)
			}
			if ev[id] != ev[s.IDs()[0]] {
				t.Errorf("story %s mixes events", s.ID)
			}
		}
	}
	// A different window clusters again from scratch.
	wide, err := c.Stories(ctx, -1, 2)
	if err != nil || len(wide) == 0 {
		t.Errorf("no window: %d stories, %v", len(wide), err)
	}
}
