package corpus

import "testing"

func TestNormalizeOutlet(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "unknown"},
		{"   ", "unknown"},
		{"Fox News", "Fox News"},
		{"  Fox   News ", "Fox News"},
		{"Fox_News", "Fox News"},
		{"fox news", "Fox News"},
		{"FOX NEWS", "Fox News"},
		{"www.foxnews.com", "Fox News"},
		{"https://www.foxnews.com/politics/story", "Fox News"},
		{"http://www.example-news.org/2015/11/a.html", "example-news.org"},
		{"news.bbc.co.uk", "BBC News"},
		{"bbc news", "BBC News"},
		{"USA TODAY", "USA Today"},
		{"THE HILL", "The Hill"},
		{"NEW YORK POST", "New York Post"},
		{"PRESS TV", "Press TV"},
		{"press tv", "Press TV"},
		{"the wall street journal", "The Wall Street Journal"},
		{"CNN", "CNN"},
		{"CNN (Web News)", "CNN (Web News)"},
		{"iNews", "iNews"},
		{"New York Times - News", "New York Times - News"},
		{"Le Monde", "Le Monde"},
		{"Fox\u00a0News", "Fox News"},
		{"Deadline_com", "deadline.com"},
		{"Deadline com", "deadline.com"},
		{"Fox Com", "Fox Com"},
		{"www.amp.dailycaller.com", "dailycaller.com"},
	}
	for _, tt := range tests {
		if got := NormalizeOutlet(tt.in); got != tt.want {
			t.Errorf("NormalizeOutlet(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestOutletKey(t *testing.T) {
	same := [][]string{
		{"Fox News", "fox-news", "FOX NEWS", "Fox_News", "www.foxnews.com", "https://foxnews.com/x", "foxnews"},
		{"The Hill", "Hill", "thehill.com", "THE HILL"},
		{"Press TV", "PressTV", "www.presstv.ir", "presstv.tv", "press_tv"},
		{"The Guardian", "Guardian", "theguardian.com"},
		{"Example News", "example-news.org", "http://www.example-news.org/a"},
		{"Deadline.com", "Deadline_com", "Deadline com", "www.deadline.com", "deadline"},
		{"CNS News", "CNSNews.com", "CNSNews_com", "www.cnsnews.com"},
		{"", "unknown", "  "},
	}
	for _, group := range same {
		k := OutletKey(group[0])
		for _, s := range group[1:] {
			if got := OutletKey(s); got != k {
				t.Errorf("OutletKey(%q) = %q, want %q (as %q)", s, got, k, group[0])
			}
		}
	}
	if OutletKey("Fox News") != "foxnews" {
		t.Errorf("OutletKey(Fox News) = %q", OutletKey("Fox News"))
	}
	different := [][2]string{{"Fox News", "Fox Business"}, {"CNN", "CNBC"}, {"The Times", "Times of India"}}
	for _, d := range different {
		if OutletKey(d[0]) == OutletKey(d[1]) {
			t.Errorf("OutletKey(%q) == OutletKey(%q)", d[0], d[1])
		}
	}
	// NormalizeOutlet keeps the key.
	for _, s := range []string{"fox_news", "FOX NEWS", "www.presstv.ir", "THE HILL", "bbc news"} {
		if OutletKey(NormalizeOutlet(s)) != OutletKey(s) {
			t.Errorf("key of NormalizeOutlet(%q) = %q, key = %q", s, OutletKey(NormalizeOutlet(s)), OutletKey(s))
		}
	}
}
