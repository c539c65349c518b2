package corpus

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Dates from file names and datelines. The matchers here are deliberately
// small and strict (English month names, ISO and compact numeric dates):
// a wrong date is worse than none. Years must lie in 1900–2100 and the
// day must exist in its month.

const (
	dlMinYear = 1900
	dlMaxYear = 2100
	// datelineWindow is how far into the body a dateline is looked for.
	datelineWindow = 300
)

// dlDate builds a UTC date after checking the year range and that the day
// exists ("2015-02-30" is rejected).
func dlDate(y, m, d int) (time.Time, bool) {
	if y < dlMinYear || y > dlMaxYear || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || int(t.Month()) != m {
		return time.Time{}, false
	}
	return t, true
}

var (
	// fnSepDateRe: 2015-11-15, 2015_11_15, 2015.11.15, 2015/11/15 (folders)
	fnSepDateRe = lazyRE(`(?:^|[^0-9])((?:19|20|21)\d{2})([-_./])(\d{1,2})([-_./])(\d{1,2})(?:[^0-9]|$)`)
	// fnCompactRe: 20151115 standing alone (not part of a longer number)
	fnCompactRe = lazyRE(`(?:^|[^0-9])((?:19|20|21)\d{2})(\d{2})(\d{2})(?:[^0-9]|$)`)
)

// DateFromFilename finds a date written in a file or folder name:
// 2015-11-15, 2015_11_15, 2015.11.15, 20151115, or year/month/day folders
// ("2015/11/15/story.txt"). The last path element is searched first, then
// the folders from the innermost out. Impossible dates ("2015-02-30") and
// 8-digit numbers that are not plausible dates (outside 1900–2100, invalid
// month or day, or part of a longer number) are rejected.
func DateFromFilename(name string) (time.Time, bool) {
	name = strings.ReplaceAll(name, "\\", "/")
	if t, ok := dlFindFilenameDate(name); ok {
		return t, true
	}
	return time.Time{}, false
}

// dlFindFilenameDate searches the path elements right to left for a
// separated date (2015-11-15), then a year/month/day folder chain, and only
// then compact dates (20151115), which are the most often mistaken ids.
func dlFindFilenameDate(name string) (time.Time, bool) {
	elems := strings.Split(name, "/")
	for i := len(elems) - 1; i >= 0; i-- {
		if t, ok := dlSeparatedDate(elems[i]); ok {
			return t, true
		}
	}
	// "2015/11/15/" folders: the separators are slashes; keep the innermost.
	var best time.Time
	found := false
	for _, m := range dlAllSubmatches(fnSepDateRe, name) {
		if m[2] != "/" || m[4] != "/" {
			continue
		}
		if t, ok := dlDateStrings(m[1], m[3], m[5]); ok {
			best, found = t, true
		}
	}
	if found {
		return best, true
	}
	for i := len(elems) - 1; i >= 0; i-- {
		if t, ok := dlCompactDate(elems[i]); ok {
			return t, true
		}
	}
	return time.Time{}, false
}

// dlSeparatedDate finds a 2015-11-15 / 2015_11_15 / 2015.11.15 date in one
// path element; the last valid match wins.
func dlSeparatedDate(e string) (time.Time, bool) {
	var best time.Time
	found := false
	for _, m := range dlAllSubmatches(fnSepDateRe, e) {
		if m[2] != m[4] || m[2] == "/" {
			continue // "2015-11_15" mixes separators: not a date
		}
		if t, ok := dlDateStrings(m[1], m[3], m[5]); ok {
			best, found = t, true
		}
	}
	return best, found
}

// dlCompactDate finds a 20151115 date standing alone in one path element;
// the last valid match wins.
func dlCompactDate(e string) (time.Time, bool) {
	var best time.Time
	found := false
	for _, m := range dlAllSubmatches(fnCompactRe, e) {
		if dlLetter(m[0][0]) && dlLetter(m[0][len(m[0])-1]) {
			continue // "ab20151115cd": digits inside a random id
		}
		if t, ok := dlDateStrings(m[1], m[2], m[3]); ok {
			best, found = t, true
		}
	}
	return best, found
}

// dlAllSubmatches is FindAllStringSubmatch that also finds matches sharing
// a boundary character ("2015-11-15_2016-01-02"), which the leading and
// trailing non-digit groups would otherwise consume.
func dlAllSubmatches(re *lazyRegexp, s string) [][]string {
	var out [][]string
	for start := 0; start < len(s); {
		loc := re.FindStringSubmatchIndex(s[start:])
		if loc == nil {
			break
		}
		m := make([]string, len(loc)/2)
		for i := range m {
			if loc[2*i] >= 0 {
				m[i] = s[start+loc[2*i] : start+loc[2*i+1]]
			}
		}
		out = append(out, m)
		// continue just after the first digit group's start
		next := start + loc[2] + 1
		if next <= start {
			next = start + 1
		}
		start = next
	}
	return out
}

func dlLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func dlDateStrings(ys, ms, ds string) (time.Time, bool) {
	y, err1 := strconv.Atoi(ys)
	m, err2 := strconv.Atoi(ms)
	d, err3 := strconv.Atoi(ds)
	if err1 != nil || err2 != nil || err3 != nil {
		return time.Time{}, false
	}
	return dlDate(y, m, d)
}

// English month names and abbreviations ("Sept." included).
var dlMonths = map[string]int{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
	"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
	"sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

const dlMonthPat = `(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?:\.|\b)`

var (
	// "Nov. 15, 2015", "November 15 2015", "March 14" (no year)
	dlMDYRe = lazyRE(`(?i)\b` + dlMonthPat + `\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+((?:19|20|21)\d{2})\b)?`)
	// "15 November 2015", "15th of November, 2015"
	dlDMYRe = lazyRE(`(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?` + dlMonthPat + `(?:,?\s+((?:19|20|21)\d{2})\b)?`)
	// "2015-11-15", "2015/11/15", "2015.11.15", with an optional time after
	dlISORe = lazyRE(`\b((?:19|20|21)\d{2})([-/.])(\d{1,2})([-/.])(\d{1,2})(?:\b|T)`)
	// a label announcing a date
	dlLabelRe = lazyRE(`(?i)\b(?:published|updated|posted|last updated|last modified|first published|date|dated|created|publié|mis à jour|veröffentlicht|aktualisiert|publicado|actualizado|atualizado|pubblicato|aggiornato|gepubliceerd|bijgewerkt)(?:\s+(?:on|le|am|el|em|il|op))?\s*[:\-–—]?\s*`)
	// a dateline opening a line: "WASHINGTON, ", "KORVANA, ", "LONDON (Reuters) - ",
	// "Tehran, Iran, "
	dlPlaceRe = lazyRE(`^\p{Lu}[\p{L}.'’\- ]{1,40}(?:,\s*\p{Lu}[\p{L}.'’\- ]{1,30})?(?:\s*\([^)]{1,30}\))?\s*[,:\-–—]\s*`)
)

// dlMatch is one date found in text.
type dlMatch struct {
	start, end int
	t          time.Time
	hasYear    bool
}

// dlDatesIn returns the English and ISO dates in s, in order of position.
func dlDatesIn(s string) []dlMatch {
	var out []dlMatch
	for _, m := range dlISORe.FindAllStringSubmatchIndex(s, -1) {
		if s[m[4]:m[5]] != s[m[8]:m[9]] {
			continue
		}
		if t, ok := dlDateStrings(s[m[2]:m[3]], s[m[6]:m[7]], s[m[10]:m[11]]); ok {
			out = append(out, dlMatch{m[0], m[1], t, true})
		}
	}
	add := func(m []int, dayGroup, monthGroup, yearGroup int) {
		mon := dlMonths[strings.ToLower(s[m[2*monthGroup]:m[2*monthGroup+1]])]
		day, _ := strconv.Atoi(s[m[2*dayGroup]:m[2*dayGroup+1]])
		if m[2*yearGroup] < 0 {
			// Month and day without a year: a date, but not a usable one.
			if day >= 1 && day <= 31 {
				out = append(out, dlMatch{start: m[0], end: m[1]})
			}
			return
		}
		year, _ := strconv.Atoi(s[m[2*yearGroup]:m[2*yearGroup+1]])
		if t, ok := dlDate(year, mon, day); ok {
			out = append(out, dlMatch{m[0], m[1], t, true})
		}
	}
	for _, m := range dlMDYRe.FindAllStringSubmatchIndex(s, -1) {
		add(m, 2, 1, 3)
	}
	for _, m := range dlDMYRe.FindAllStringSubmatchIndex(s, -1) {
		add(m, 1, 2, 3)
	}
	// order by position; on overlap keep the longer match
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].start < out[j-1].start; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	var merged []dlMatch
	for _, m := range out {
		if n := len(merged); n > 0 && m.start < merged[n-1].end {
			if m.end-m.start > merged[n-1].end-merged[n-1].start {
				merged[n-1] = m
			}
			continue
		}
		merged = append(merged, m)
	}
	return merged
}

// DateFromDateline reads a publication date from the opening of a body
// (its first ~300 bytes only):
//
//   - a labelled date anywhere there: "Published: 15 November 2015",
//     "Updated 2015-11-15", "Posted on Nov. 15, 2015";
//   - a dateline opening a line: "WASHINGTON, Nov. 15, 2015 —",
//     "LONDON, 15 November 2015 (Reuters) -";
//   - a line holding nothing but a date ("Sunday, November 15, 2015 10:30 GMT").
//
// A dateline without a year ("KORVANA, March 14 (CPA) -") needs a reference
// date and gives false, as do dates elsewhere in the opening sentences
// ("On March 14, 2003, the ..." is history, not the publication date).
func DateFromDateline(body string) (time.Time, bool) {
	head := body
	if len(head) > datelineWindow {
		cut := datelineWindow
		for cut > 0 && !utf8.RuneStart(head[cut]) {
			cut--
		}
		head = head[:cut]
	}
	head = clNormSpaces(head)

	// 1. labelled dates
	for _, loc := range dlLabelRe.FindAllStringIndex(head, -1) {
		if !dlLabelStartsLine(head[:loc[0]]) {
			continue // "He posted on March 3 ..." is a sentence, not a label
		}
		rest := head[loc[1]:]
		ds := dlDatesIn(rest)
		if len(ds) > 0 && ds[0].start <= 12 {
			if ds[0].hasYear {
				return ds[0].t, true
			}
			continue
		}
		// other languages and forms: let ParseDate read the rest of the line
		if t, ok := dlParseSegment(rest); ok {
			return t, true
		}
	}

	// 2. datelines and date-only lines
	for line := range strings.SplitSeq(head, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		ds := dlDatesIn(line)
		if len(ds) == 0 {
			continue
		}
		d := ds[0]
		prefix := line[:d.start]
		after := strings.TrimSpace(line[d.end:])
		switch {
		case dlOnlyWeekday(prefix) && dlDateEnds(after):
			// "November 15, 2015", "Sunday, 15 November 2015 10:30 GMT"
		case dlPlaceRe.MatchString(prefix) && dlPlaceRe.FindString(prefix) == prefix && dlDatelineAfter(after):
			// "WASHINGTON, Nov. 15, 2015 —"
		default:
			continue
		}
		if d.hasYear {
			return d.t, true
		}
		return time.Time{}, false // a dateline without its year
	}
	return time.Time{}, false
}

// dlParseSegment tries ParseDate on the start of s, cut at the usual
// separators of a "Published ..." line.
func dlParseSegment(s string) (time.Time, bool) {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	for _, sep := range []string{" | ", " — ", " – ", " - ", " by ", " By ", "|", "•"} {
		if i := strings.Index(s, sep); i > 0 {
			s = s[:i]
		}
	}
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 60 {
		return time.Time{}, false
	}
	t, ok := ParseDate(s)
	if !ok || t.Year() < dlMinYear || t.Year() > dlMaxYear {
		return time.Time{}, false
	}
	return t, true
}

var (
	dlWeekdayRe = lazyRE(`(?i)^(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?,?\s*)?$`)
	// what may follow a date on a date-only line: a time and zone
	dlTimeRe = lazyRE(`(?i)^(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:[a-z]{2,5}|[+-]\d{2}:?\d{2}|z)?)?\s*[|,.]?$`)
	// what may follow a dateline date: a dash, an agency, a colon
	dlAfterRe = lazyRE(`^(?:\([^)]{1,30}\)\s*)?(?:[-–—:]|/\p{L}+/)`)
)

func dlOnlyWeekday(prefix string) bool { return dlWeekdayRe.MatchString(strings.TrimSpace(prefix)) }
func dlDateEnds(after string) bool     { return dlTimeRe.MatchString(after) }
func dlDatelineAfter(after string) bool {
	return after == "" || dlAfterRe.MatchString(after) || dlTimeRe.MatchString(after)
}

// dlLabelStartsLine reports whether a label preceded by before starts its
// line or follows a separator ("By Jane Doe | Published ...").
func dlLabelStartsLine(before string) bool {
	if i := strings.LastIndexByte(before, '\n'); i >= 0 {
		before = before[i+1:]
	}
	before = strings.TrimSpace(before)
	if before == "" {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(before)
	return strings.ContainsRune("|•·—–-/", r)
}
