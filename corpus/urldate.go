package corpus

import (
	"cmp"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Dates from article addresses, for event similarity only. Many undated
// articles carry their date in their URL, in one of two ways:
//
//   - written out: Al Jazeera's /news/2019/11/slug-191130072320596.html
//     (year, month and day in front of the time), the Wall Street
//     Journal's /articles/slug-11557151417 (1 and Unix seconds), a path
//     /2019/11/12/;
//   - as an outlet's serial number, which grows with time (BBC's
//     /news/world-us-canada-48275795, ABC's story?id=55611418): the dated
//     articles of the same site in the corpus tell how serials map to days
//     (URLDayModel).
//
// Such a day is an estimate: it places an article in the date window of
// similarity and stories, and is never its published date.

// URLDay returns the day (see DayNumber) written out in a URL, or NoDay.
func URLDay(raw string) int32 {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return NoDay
	}
	host := urlHost(u)
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	// /yyyy/mm/dd/ anywhere in the path.
	for i := 0; i+2 < len(segs); i++ {
		y, m, d := atoiN(segs[i], 4), atoiN(segs[i+1], 2), atoiDay(segs[i+2])
		if y >= 1990 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 {
			if day, ok := civilDay(y, m, d); ok {
				return day
			}
		}
	}
	last := ""
	if len(segs) > 0 {
		last = segs[len(segs)-1]
	}
	switch {
	case host == "aljazeera.com" || strings.HasSuffix(host, ".aljazeera.com"):
		// /yyyy/mm/slug-yymmddhhmmssxxx.html: the stamp's year and month
		// must agree with the path's.
		stamp := trailingDigits(strings.TrimSuffix(last, ".html"))
		if len(stamp) < 12 {
			return NoDay
		}
		for i := 0; i+1 < len(segs); i++ {
			y, m := atoiN(segs[i], 4), atoiN(segs[i+1], 2)
			if y < 2000 || m < 1 || m > 12 {
				continue
			}
			if atoiN(stamp[:2], 2) != y%100 || atoiN(stamp[2:4], 2) != m {
				return NoDay
			}
			if day, ok := civilDay(y, m, atoiN(stamp[4:6], 2)); ok {
				return day
			}
			return NoDay
		}
	case host == "wsj.com" || strings.HasSuffix(host, ".wsj.com"):
		// /articles/slug-1ssssssssss: "1" and the Unix time in seconds.
		stamp := trailingDigits(last)
		if len(stamp) != 11 || stamp[0] != '1' || !strings.HasSuffix(last, "-"+stamp) {
			return NoDay
		}
		sec, err := strconv.ParseInt(stamp[1:], 10, 64)
		if err != nil {
			return NoDay
		}
		t := time.Unix(sec, 0).UTC()
		if t.Year() < 2000 || t.Year() > 2100 {
			return NoDay
		}
		return DayNumber(t)
	}
	return NoDay
}

// URLSerial returns the serial number in a URL and the sequence it belongs
// to: the site (host without "www.") and the number's place, the longest
// run of 5 to 12 digits of the path and query (the last one when two are
// as long). ok is false when there is none.
func URLSerial(raw string) (seq string, serial uint64, ok bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return "", 0, false
	}
	s := u.EscapedPath()
	if u.RawQuery != "" {
		s += "?" + u.RawQuery
	}
	best, bestAt := "", -1
	for i := 0; i < len(s); {
		if s[i] < '0' || s[i] > '9' {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if n := j - i; n >= 5 && n <= 12 && n >= len(best) {
			best, bestAt = s[i:j], i
		}
		i = j
	}
	if best == "" {
		return "", 0, false
	}
	serial, err = strconv.ParseUint(best, 10, 64)
	if err != nil {
		return "", 0, false
	}
	// The sequence: the site and what comes before the number, with digit
	// runs and words reduced to their shape, so /news/world-… and
	// /news/uk-politics-… share BBC's sequence but a differently built
	// address does not.
	return urlHost(u) + "|" + urlShape(s[:bestAt]) + "|" + strconv.Itoa(len(best)), serial, true
}

// urlShape reduces a URL prefix to its structure: the first path segment
// kept, every other segment's letters and digits dropped.
func urlShape(p string) string {
	segs := strings.Split(strings.TrimPrefix(p, "/"), "/")
	var b strings.Builder
	for i, sg := range segs {
		if i > 0 {
			b.WriteByte('/')
		}
		if i == 0 && i < len(segs)-1 {
			b.WriteString(strings.ToLower(sg))
			continue
		}
		for _, c := range sg {
			if c == '?' || c == '=' || c == '&' || c == '_' || c == '.' {
				b.WriteRune(c)
			}
		}
	}
	return b.String()
}

// URLDaySpan is the widest gap, in days, between the dated articles either
// side of a serial number for its day to be estimated.
var URLDaySpan = 2

// URLDayModel estimates the days of undated articles from their URLs: a
// date written in the URL (URLDay), else interpolation of the serial number
// (URLSerial) between the nearest dated articles of the same sequence,
// only when the dated articles on both sides (the nearest two each side)
// lie within URLDaySpan days of each other.
type URLDayModel struct {
	seqs  map[string][]urlPoint
	built bool
}

type urlPoint struct {
	serial uint64
	day    int32
}

// Add records a dated article's URL.
func (m *URLDayModel) Add(raw string, day int32) {
	if seq, serial, ok := URLSerial(raw); ok {
		m.AddSerial(seq, serial, day)
	}
}

// AddSerial records a dated article's serial number (see URLSerial).
func (m *URLDayModel) AddSerial(seq string, serial uint64, day int32) {
	if day == NoDay {
		return
	}
	if m.seqs == nil {
		m.seqs = map[string][]urlPoint{}
	}
	m.seqs[seq] = append(m.seqs[seq], urlPoint{serial, day})
	m.built = false
}

// Build prepares the model for estimates; Estimate calls it when needed,
// but concurrent callers must call it first.
func (m *URLDayModel) Build() {
	for _, ps := range m.seqs {
		slices.SortFunc(ps, func(a, b urlPoint) int {
			return cmp.Or(cmp.Compare(a.serial, b.serial), int(a.day-b.day))
		})
	}
	m.built = true
}

// Estimate returns the estimated day of an article with this URL, or NoDay.
func (m *URLDayModel) Estimate(raw string) int32 {
	if d := URLDay(raw); d != NoDay {
		return d
	}
	if m == nil {
		return NoDay
	}
	seq, x, ok := URLSerial(raw)
	if !ok {
		return NoDay
	}
	return m.EstimateSerial(seq, x)
}

// EstimateSerial estimates the day of a serial number of a sequence (see
// URLSerial) from the dated articles' serials, or returns NoDay.
func (m *URLDayModel) EstimateSerial(seq string, x uint64) int32 {
	if m == nil {
		return NoDay
	}
	if !m.built {
		m.Build()
	}
	ps := m.seqs[seq]
	hi, _ := slices.BinarySearchFunc(ps, x, func(p urlPoint, x uint64) int {
		switch {
		case p.serial < x:
			return -1
		case p.serial > x:
			return 1
		}
		return 0
	})
	// ps[hi] is the first point with serial >= x; two dated neighbours are
	// needed on each side.
	if hi < 2 || hi+1 >= len(ps) {
		return NoDay
	}
	lo2, lo, up, up2 := ps[hi-2], ps[hi-1], ps[hi], ps[hi+1]
	dmin, dmax := min(lo2.day, lo.day, up.day, up2.day), max(lo2.day, lo.day, up.day, up2.day)
	if int(dmax-dmin) > URLDaySpan || lo2.day > up2.day {
		return NoDay
	}
	if up.serial == lo.serial {
		return lo.day
	}
	f := float64(x-lo.serial) / float64(up.serial-lo.serial)
	d := float64(lo.day) + f*float64(up.day-lo.day)
	return int32(d + 0.5)
}

func urlHost(u *url.URL) string {
	h := strings.ToLower(u.Hostname())
	return strings.TrimPrefix(h, "www.")
}

// atoiN parses s as a number of exactly n digits, -1 otherwise.
func atoiN(s string, n int) int {
	if len(s) != n {
		return -1
	}
	v := 0
	for i := 0; i < n; i++ {
		if s[i] < '0' || s[i] > '9' {
			return -1
		}
		v = v*10 + int(s[i]-'0')
	}
	return v
}

// atoiDay parses a day of the month: one or two digits, alone or followed
// by an extension ("12.html").
func atoiDay(s string) int {
	if i := strings.IndexByte(s, '.'); i > 0 {
		s = s[:i]
	}
	switch len(s) {
	case 1:
		return atoiN(s, 1)
	case 2:
		return atoiN(s, 2)
	}
	return -1
}

func trailingDigits(s string) string {
	i := len(s)
	for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		i--
	}
	return s[i:]
}

// civilDay is the day number of a calendar date, ok false when the date
// does not exist.
func civilDay(y, m, d int) (int32, bool) {
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return NoDay, false
	}
	return DayNumber(t), true
}
