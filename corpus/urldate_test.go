package corpus

import (
	"testing"
	"time"
)

func dayNum(s string) int32 {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return DayNumber(t)
}

func TestURLDay(t *testing.T) {
	for _, c := range []struct{ url, want string }{
		{"https://www.salon.com/2017/12/15/a-trump-judicial-nominee/", "2017-12-15"},
		{"https://townhall.com/tipsheet/x/2017/12/15/dem-senator-n2423054", "2017-12-15"},
		{"http://example.com/2019/02/03.html", "2019-02-03"},
		{"https://www.aljazeera.com/news/2019/11/shadow-strife-looms-iraq-political-crisis-191130072320596.html", "2019-11-30"},
		{"https://www.aljazeera.com/news/2020/01/x-200102044649934.html", "2020-01-02"},
		{"https://www.wsj.com/articles/house-committee-to-vote-on-holding-barr-in-contempt-11557151417?mod=hp_lead_pos4", "2019-05-06"},
		{"http://www.vanityfair.com/news/2016/12/there-is-no-good-answer", ""},
		{"https://www.aljazeera.com/news/2019/12/x-191130072320596.html", ""}, // stamp and path disagree
		{"https://www.bbc.com/news/world-us-canada-48275795", ""},
		{"http://example.com/2019/02/30/", ""},
		{"not a url", ""},
		{"", ""},
	} {
		want := int32(NoDay)
		if c.want != "" {
			want = dayNum(c.want)
		}
		if got := URLDay(c.url); got != want {
			t.Errorf("URLDay(%q) = %d, want %d (%s)", c.url, got, want, c.want)
		}
	}
}

func TestURLSerial(t *testing.T) {
	a, n, ok := URLSerial("https://www.bbc.com/news/world-us-canada-48275795")
	b, m, ok2 := URLSerial("http://bbc.com/news/uk-politics-48275800")
	if !ok || !ok2 || a != b || n != 48275795 || m != 48275800 {
		t.Errorf("BBC serials: %q %d %v, %q %d %v", a, n, ok, b, m, ok2)
	}
	c, k, ok := URLSerial("http://abcnews.go.com/Politics/x/story?id=55611418")
	if !ok || k != 55611418 || c == a {
		t.Errorf("ABC serial: %q %d %v", c, k, ok)
	}
	if _, _, ok := URLSerial("https://www.foxnews.com/politics/trump-rally"); ok {
		t.Error("a URL without a number has no serial")
	}
}

func TestURLDayModel(t *testing.T) {
	var m URLDayModel
	base := dayNum("2019-05-01")
	// Serial 1000 a day, two dated articles a day.
	for i := int32(0); i < 40; i++ {
		m.Add("https://www.bbc.com/news/world-"+itoa(int(10000000+500*i)), base+i/2)
	}
	if got := m.Estimate("https://www.bbc.com/news/world-10005200"); got != base+5 {
		t.Errorf("interpolated day %d, want %d", got, base+5)
	}
	// Outside the dated range, or in another sequence: no estimate.
	for _, u := range []string{"https://www.bbc.com/news/world-10000500", "https://www.bbc.com/news/world-20000000", "https://abcnews.go.com/story?id=10005000"} {
		if got := m.Estimate(u); got != NoDay {
			t.Errorf("Estimate(%q) = %d, want none", u, got)
		}
	}
	// Dated neighbours far apart in time: no estimate.
	var far URLDayModel
	for i, d := range []int32{0, 1, 2, 30, 31, 32} {
		far.Add("https://www.bbc.com/news/world-"+itoa(10000000+1000*i), base+d)
	}
	if got := far.Estimate("https://www.bbc.com/news/world-10002500"); got != NoDay {
		t.Errorf("estimate across a gap of weeks: %d", got)
	}
	// A written-out date wins.
	if got := m.Estimate("https://www.salon.com/2017/12/15/x/"); got != dayNum("2017-12-15") {
		t.Errorf("written-out date: %d", got)
	}
}
