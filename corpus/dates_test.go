package corpus

import (
	"strings"
	"testing"
	"time"
)

func TestDateFromFilename(t *testing.T) {
	tests := []struct {
		name string
		want string // "" for no date
	}{
		{"2015-11-15.txt", "2015-11-15"},
		{"2015_11_15_iran-talks.txt", "2015-11-15"},
		{"iran-talks-20151115.txt", "2015-11-15"},
		{"20151115", "2015-11-15"},
		{"reuters.2015.11.15.story.html", "2015-11-15"},
		{"news/2015-11-15/article.txt", "2015-11-15"},
		{"2014-01-01/2015-11-15-story.txt", "2015-11-15"}, // the file name wins over the folder
		{"archive/2015/11/15/story.txt", "2015-11-15"},
		{"columnists/2019/11/11/20960103/story.txt", "2019-11-11"}, // folder date beats an 8-digit id
		{`C:\news\2015_11_15\a.txt`, "2015-11-15"},
		{"2015-1-5 notes.txt", "2015-01-05"},
		{"1999-12-31.md", "1999-12-31"},
		{"2016-02-29.txt", "2016-02-29"},
		// rejected
		{"2015-02-30.txt", ""},
		{"2015-13-01.txt", ""},
		{"2015-00-10.txt", ""},
		{"2015-11_15.txt", ""}, // mixed separators
		{"1850-11-15.txt", ""},
		{"2150-11-15.txt", ""},
		{"12345678.txt", ""},
		{"20151315.txt", ""},
		{"id_201511151234.txt", ""}, // part of a longer number
		{"H7IKWT9MEd8qqekk.txt", ""},
		{"Hx20151115Kq.txt", ""}, // digits inside a random id
		{"news20151115.txt", "2015-11-15"},
		{"story-42.txt", ""},
		{"2015.txt", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, ok := DateFromFilename(tt.name)
		if tt.want == "" {
			if ok {
				t.Errorf("DateFromFilename(%q) = %v, want none", tt.name, got)
			}
			continue
		}
		if !ok || got.Format(time.DateOnly) != tt.want || got.Location() != time.UTC {
			t.Errorf("DateFromFilename(%q) = %v, %v, want %s", tt.name, got, ok, tt.want)
		}
	}
}

func TestDateFromDateline(t *testing.T) {
	tests := []struct {
		name, body string
		want       string
	}{
		{"city month day year", "WASHINGTON, Nov. 15, 2015 \u2014 The Senate voted on Sunday.", "2015-11-15"},
		{"city and state", "ORLANDO, Fla., June 18, 2019 (Reuters) - Trump launched his campaign.", "2019-06-18"},
		{"day month year dateline", "LONDON, 15 November 2015 - Britain said.", "2015-11-15"},
		{"no year", "KORVANA, March 14 (CPA) - The council met.", ""},
		{"published label", "Published: 15 November 2015\n\nThe council met on Monday.", "2015-11-15"},
		{"updated ISO", "Updated 2015-11-15T10:30:00Z\nThe council met.", "2015-11-15"},
		{"posted on", "By Jane Doe | Posted on Nov. 15, 2015 | 3 min read\nText.", "2015-11-15"},
		{"date-only line", "Sunday, November 15, 2015 10:30 GMT\n\nThe council met.", "2015-11-15"},
		{"date-only line ISO", "2015-11-15\nText.", "2015-11-15"},
		{"abbrev Sept", "BERLIN, Sept. 3, 2020 \u2014 Germany said.", "2020-09-03"},
		{"label other language", "Publié le 15 novembre 2015\nTexte.", "2015-11-15"},
		// no date
		{"history in lead", "On March 14, 2003, the United States began preparing for war, officials recalled.", ""},
		{"sentence with posted", "The minister posted on March 3, 2019 that talks had failed.", ""},
		{"beyond window", strings.Repeat("Words and more words. ", 20) + "\nPublished: 15 November 2015", ""},
		{"impossible date", "WASHINGTON, Feb. 30, 2015 \u2014 Text.", ""},
		{"empty", "", ""},
		{"plain text", "The council met on Monday to discuss the budget.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := DateFromDateline(tt.body)
			if tt.want == "" {
				if ok {
					t.Errorf("DateFromDateline(%q) = %v, want none", tt.body, got)
				}
				return
			}
			if !ok || got.Format(time.DateOnly) != tt.want {
				t.Errorf("DateFromDateline(%q) = %v, %v, want %s", tt.body, got, ok, tt.want)
			}
		})
	}
}

func checkDate(t *testing.T, got time.Time, ok bool) {
	t.Helper()
	if !ok {
		if !got.IsZero() {
			t.Fatalf("false with non-zero time %v", got)
		}
		return
	}
	if y := got.Year(); y < 1900 || y > 2100 {
		t.Fatalf("year %d out of range", y)
	}
	if got.Hour() != 0 || got.Minute() != 0 || got.Location() != time.UTC {
		t.Fatalf("not a UTC date: %v", got)
	}
}

func FuzzDateFromFilename(f *testing.F) {
	for _, s := range []string{"2015-11-15.txt", "a/20151115_b", "2015/11/15/x", "2015-02-30", "9999-99-99", "201511151"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got, ok := DateFromFilename(name)
		checkDate(t, got, ok)
	})
}

func FuzzDateFromDateline(f *testing.F) {
	for _, s := range []string{"WASHINGTON, Nov. 15, 2015 \u2014 x", "Published: 15 November 2015", "KORVANA, March 14 (CPA) -", "Updated 2015-11-15", "Sunday, November 15, 2015"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		got, ok := DateFromDateline(body)
		if ok && (got.Year() < 1900 || got.Year() > 2100) {
			t.Fatalf("year out of range: %v", got)
		}
		if !ok && !got.IsZero() {
			t.Fatalf("false with non-zero time %v", got)
		}
	})
}
