package corpus

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
)

const (
	bpFooter = "Get the Daily Planet app for breaking news alerts, 24 hours a day."
	bpRare   = "Officials did not respond to requests for comment."
)

// bpArticle returns article i of an outlet: unique content plus, when
// footer is set, the outlet's footer line (with a varying number, which
// normalisation must ignore).
func bpArticle(outlet string, i int, footer, rare bool) *Article {
	w := bpWord(i)
	paras := []string{
		fmt.Sprintf("%s story %d: the council met in %s to discuss the %s plan.", outlet, i, w, w),
		fmt.Sprintf("Residents of %sville raised concerns about %s.", w, w),
	}
	if rare {
		paras = append(paras, bpRare)
	}
	if footer {
		paras = append(paras, strings.Replace(bpFooter, "24", fmt.Sprint(20+i%5), 1))
	}
	return &Article{ID: fmt.Sprintf("%s-%d", outlet, i), Title: fmt.Sprintf("Story %d", i), Body: strings.Join(paras, "\n\n")}
}

// bpWord spells i in letters, so normalisation (which folds digits) keeps
// articles apart.
func bpWord(i int) string {
	return string([]byte{byte('a' + i%26), byte('a' + i/26%26), byte('k' + i/676%10)})
}

func TestBoilerplateThresholds(t *testing.T) {
	b := NewBoilerplate()
	for i := range 12 {
		b.Observe("Daily Planet", bpArticle("Daily Planet", i, i < 10, i < 2))
	}
	for i := range 12 {
		b.Observe("Other Outlet", bpArticle("Other Outlet", i, false, false))
	}
	if !b.IsBoilerplate("Daily Planet", bpFooter) {
		t.Errorf("footer in 10 of 12 articles not learned")
	}
	if !b.IsBoilerplate("daily_planet", strings.ToUpper(bpFooter)) {
		t.Errorf("outlet key / case normalisation not applied")
	}
	if b.IsBoilerplate("Daily Planet", bpRare) {
		t.Errorf("line in 2 of 12 articles learned")
	}
	if b.IsBoilerplate("Other Outlet", bpFooter) {
		t.Errorf("outlet B affected by outlet A")
	}
	if b.IsBoilerplate("Never Seen", bpFooter) {
		t.Errorf("unknown outlet has boilerplate")
	}

	a := bpArticle("Daily Planet", 3, true, true)
	before := a.Body
	if !b.Apply("Daily Planet", a) {
		t.Fatalf("Apply did not change the article")
	}
	if strings.Contains(a.Body, "Daily Planet app") || !strings.Contains(a.Body, bpRare) || !strings.Contains(a.Body, "story 3") {
		t.Errorf("Apply body = %q", a.Body)
	}
	if len(a.Removed) != 1 || !strings.HasPrefix(a.Removed[0], "Get the Daily Planet app") {
		t.Errorf("Removed = %q", a.Removed)
	}
	if b.Apply("Daily Planet", a) {
		t.Errorf("second Apply reported a change")
	}
	o := bpArticle("Other Outlet", 3, true, false)
	if b.Apply("Other Outlet", o) {
		t.Errorf("Apply changed outlet B")
	}
	_ = before

	got := b.Outlets()
	if len(got) != 1 || len(got["Daily Planet"]) != 1 || !strings.HasPrefix(got["Daily Planet"][0], "Get the Daily Planet app") {
		t.Errorf("Outlets() = %q", got)
	}
}

func TestBoilerplateMinCountAndShare(t *testing.T) {
	tests := []struct {
		name          string
		articles, hit int
		text          string
		want          bool
	}{
		{"below min count", 4, 4, bpFooter, false},
		{"min count", 5, 5, bpFooter, true},
		{"short line 25%", 40, 10, bpFooter, true},
		{"short line 22%", 40, 9, bpFooter, false},
		{"long line needs half", 40, 15, strings.Repeat("Some longer paragraph text about the outlet licence terms. ", 3), false},
		{"long line majority", 40, 21, strings.Repeat("Some longer paragraph text about the outlet licence terms. ", 3), true},
		{"too long never", 10, 10, strings.Repeat("x", BoilerplateMaxLen+1), false},
		{"no letters never", 10, 10, "2019 — 2020", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewBoilerplate()
			for i := range tt.articles {
				body := fmt.Sprintf("Unique paragraph %s for this test.", bpWord(i))
				if i < tt.hit {
					body += "\n\n" + tt.text
				}
				b.Observe("X", &Article{ID: fmt.Sprint(i), Body: body})
			}
			if got := b.IsBoilerplate("X", tt.text); got != tt.want {
				t.Errorf("IsBoilerplate = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestBoilerplateNeverTitle(t *testing.T) {
	b := NewBoilerplate()
	for i := range 10 {
		b.Observe("X", &Article{ID: fmt.Sprint(i), Title: "Weekly roundup", Body: fmt.Sprintf("Weekly roundup\n\nItem %c.", 'a'+i)})
	}
	if b.IsBoilerplate("X", "Weekly roundup") {
		t.Errorf("the title was learned")
	}
	a := &Article{Title: "Weekly roundup", Body: "Weekly roundup\n\nText."}
	if b.Apply("X", a) {
		t.Errorf("Apply removed the title paragraph")
	}
}

func TestBoilerplateObserveOnceAndLines(t *testing.T) {
	b := NewBoilerplate()
	a := &Article{ID: "same", Body: "Para one.\n\nFooter line\nwith two lines"}
	for range 10 {
		b.Observe("X", a) // re-import of the same article counts once
	}
	if n := b.Articles("X"); n != 1 {
		t.Errorf("Articles = %d, want 1", n)
	}
	for i := range 9 {
		b.Observe("X", &Article{ID: fmt.Sprint(i), Body: fmt.Sprintf("Text %c.\nFooter line\n\nMore.", 'a'+i)})
	}
	if !b.IsBoilerplate("X", "footer line") {
		t.Errorf("line of a multi-line paragraph not learned")
	}
	c := &Article{Body: "Body text here.\nFooter line\n\nEnd."}
	if !b.Apply("X", c) || c.Body != "Body text here.\n\nEnd." {
		t.Errorf("Apply on lines: changed body %q", c.Body)
	}
}

func TestBoilerplateMarshal(t *testing.T) {
	b := NewBoilerplate()
	for i := range 12 {
		b.Observe("Daily Planet", bpArticle("Daily Planet", i, i < 10, i < 2))
		b.Observe("Other", bpArticle("Other", i, false, false))
	}
	data, err := b.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	c := NewBoilerplate()
	if err := c.UnmarshalBinary(data); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(b.Outlets(), c.Outlets()) || !c.IsBoilerplate("Daily Planet", bpFooter) || c.Articles("Other") != 12 {
		t.Errorf("round trip lost state")
	}
	again, _ := c.MarshalBinary()
	if string(again) != string(data) {
		t.Errorf("encoding is not deterministic")
	}
	// Observing an already seen article after a reload does not count it.
	c.Observe("Other", bpArticle("Other", 0, false, false))
	if c.Articles("Other") != 12 {
		t.Errorf("seen ids not persisted")
	}
	for _, bad := range [][]byte{nil, []byte("PXBP"), []byte("XXXX\x01"), data[:len(data)-1], append(append([]byte{}, data...), 0)} {
		if err := NewBoilerplate().UnmarshalBinary(bad); err == nil {
			t.Errorf("UnmarshalBinary(%q...) accepted bad data", bad[:min(len(bad), 8)])
		}
	}
}

func TestBoilerplateConcurrent(t *testing.T) {
	b := NewBoilerplate()
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				a := bpArticle("Daily Planet", w*100+i, true, false)
				b.Observe("Daily Planet", a)
				b.IsBoilerplate("Daily Planet", bpFooter)
				b.Apply("Daily Planet", a)
			}
		}()
	}
	wg.Wait()
	if b.Articles("Daily Planet") != 200 || !b.IsBoilerplate("Daily Planet", bpFooter) {
		t.Errorf("concurrent observe lost counts: %d", b.Articles("Daily Planet"))
	}
}

func FuzzBoilerplateUnmarshal(f *testing.F) {
	b := NewBoilerplate()
	for i := range 6 {
		b.Observe("A", bpArticle("A", i, true, false))
	}
	data, _ := b.MarshalBinary()
	f.Add(data)
	f.Add([]byte("PXBP\x01\x01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b := NewBoilerplate()
		if err := b.UnmarshalBinary(data); err != nil {
			return
		}
		out, err := b.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		c := NewBoilerplate()
		if err := c.UnmarshalBinary(out); err != nil {
			t.Fatalf("re-encoded data rejected: %v", err)
		}
	})
}

func TestBoilerplatePrune(t *testing.T) {
	b := NewBoilerplate()
	for i := range 3000 {
		body := fmt.Sprintf("First %s line.\n\nSecond %s line.\n\nThird %s line.\n\nFourth %s line.\n\nFifth %s line.\n\nSixth %s line.\n\nSeventh %s line.\n\nEighth %s line.\n\nNinth %s line.\n\nTenth %s line.\n\nEleventh %s line.\n\nTwelfth %s line.",
			bpWord(i), bpWord(i+1), bpWord(i+2), bpWord(i+3), bpWord(i+4), bpWord(i+5), bpWord(i+6), bpWord(i+7), bpWord(i+8), bpWord(i+9), bpWord(i+10), bpWord(i+11))
		if i%3 == 0 {
			body += "\n\n" + bpFooter
		}
		b.Observe("X", &Article{ID: fmt.Sprint(i), Body: body})
	}
	b.mu.RLock()
	n := len(b.outlets["x"].counts)
	b.mu.RUnlock()
	if n > boilerplatePruneAt+200 {
		t.Errorf("%d distinct lines kept, want about %d at most", n, boilerplatePruneAt)
	}
	if !b.IsBoilerplate("X", bpFooter) {
		t.Errorf("footer lost by pruning")
	}
}
