package corpus

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ParseDate parses a date as found in article metadata, datelines and file
// names. It accepts RFC 3339 / ISO 8601 ("2024-03-05", "2024-03-05T14:30Z",
// "2024-03-05 14:30:00.123+01:00"), RFC 1123 / RFC 822 e-mail dates ("Tue, 05
// Mar 2024 14:30:00 GMT"), written dates in English, French, German, Spanish,
// Italian, Portuguese and Dutch ("March 5, 2024", "5th March 2024", "5 mars
// 2024", "5. März 2024", "5 de marzo de 2024"), numeric dates ("2024/03/05",
// "05.03.2024" day first, "03/05/2024" month first unless the first number is
// over 12), compact "20240305", "20240305143000" and PDF dates
// ("D:20240305143000+01'00'"), with an optional time ("2:30 PM", "14:30:05")
// and zone ("Z", "+0100", "GMT", "EST", ...). A leading weekday and labels
// such as "Published:" or "Updated on" are ignored.
//
// Dates without a zone are taken as UTC; dates without a time are at
// midnight. The year must lie between 1800 and 2200. ok is false for anything
// else, including relative dates ("yesterday") and month-only dates.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 6 || len(s) > 120 {
		return time.Time{}, false
	}
	// Fast path for the overwhelmingly common RFC 3339 form.
	if len(s) >= 20 && s[4] == '-' && s[10] == 'T' {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t, validYear(t.Year())
		}
	}
	var p dateParser
	return p.parse(s)
}

func validYear(y int) bool { return y >= 1800 && y <= 2200 }

type dateTok struct {
	kind byte // 'n' number, 'w' word, 's' separator
	num  int
	ndig int
	word string
	sep  byte
}

type dateParser struct {
	toks [48]dateTok
	n    int
}

// tokenize splits s into numbers, lower-case words and single-byte separators.
func (p *dateParser) tokenize(s string) bool {
	for i := 0; i < len(s); {
		if p.n == len(p.toks) {
			return false
		}
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			j, v := i, 0
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				if j-i < 15 {
					v = v*10 + int(s[j]-'0')
				}
				j++
			}
			p.toks[p.n] = dateTok{kind: 'n', num: v, ndig: j - i}
			p.n++
			i = j
		case c < utf8.RuneSelf && !isASCIILetter(c):
			if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
				p.toks[p.n] = dateTok{kind: 's', sep: c}
				p.n++
			} else if p.n > 0 && p.toks[p.n-1].kind != 's' {
				p.toks[p.n] = dateTok{kind: 's', sep: ' '}
				p.n++
			}
			i++
		default:
			j := i
			for j < len(s) {
				r, size := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsLetter(r) {
					break
				}
				j += size
			}
			if j == i { // a non-letter non-ASCII rune: treat as a separator
				_, size := utf8.DecodeRuneInString(s[i:])
				if p.n > 0 && p.toks[p.n-1].kind != 's' {
					p.toks[p.n] = dateTok{kind: 's', sep: ' '}
					p.n++
				}
				i += size
				continue
			}
			p.toks[p.n] = dateTok{kind: 'w', word: strings.ToLower(s[i:j])}
			p.n++
			i = j
		}
	}
	return true
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func (p *dateParser) parse(s string) (time.Time, bool) {
	if !p.tokenize(s) {
		return time.Time{}, false
	}
	var (
		nums    [6]int
		ndigs   [6]int
		seps    [6]byte // separator before each date number
		nn      int
		month   int
		hour    = -1
		min, ss int
		nsec    int
		pm, am  bool
		zone    *time.Location
		zoneSet bool
		sawTime bool
	)
	toks := p.toks[:p.n]
	// A PDF date: D:YYYYMMDDHHmmSS+HH'mm'
	if len(toks) >= 3 && toks[0].kind == 'w' && toks[0].word == "d" && toks[1].kind == 's' && toks[1].sep == ':' {
		toks = toks[2:]
	}
	lastSep := byte(0)
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch t.kind {
		case 's':
			lastSep = t.sep
			// A zone offset right after the time: +01:00, -0500, +01'00'
			if (t.sep == '+' || t.sep == '-') && sawTime && !zoneSet && i+1 < len(toks) && toks[i+1].kind == 'n' {
				n := toks[i+1]
				var off int
				switch {
				case n.ndig == 4:
					off = (n.num/100)*3600 + (n.num%100)*60
					i++
				case n.ndig <= 2:
					off = n.num * 3600
					i++
					if i+2 < len(toks) && toks[i+1].kind == 's' && (toks[i+1].sep == ':' || toks[i+1].sep == '\'') && toks[i+2].kind == 'n' && toks[i+2].ndig == 2 {
						off += toks[i+2].num * 60
						i += 2
					}
				default:
					return time.Time{}, false
				}
				if off > 18*3600 {
					return time.Time{}, false
				}
				if t.sep == '-' {
					off = -off
				}
				zone, zoneSet = fixedZone(off), true
				continue
			}
		case 'n':
			// A time: H:MM[:SS[.fff]]
			if i+2 < len(toks) && toks[i+1].kind == 's' && toks[i+1].sep == ':' && toks[i+2].kind == 'n' && t.ndig <= 2 && !sawTime {
				hour, min = t.num, toks[i+2].num
				if toks[i+2].ndig != 2 {
					return time.Time{}, false
				}
				i += 2
				if i+2 < len(toks) && toks[i+1].kind == 's' && toks[i+1].sep == ':' && toks[i+2].kind == 'n' && toks[i+2].ndig == 2 {
					ss = toks[i+2].num
					i += 2
					if i+2 < len(toks) && toks[i+1].kind == 's' && (toks[i+1].sep == '.' || toks[i+1].sep == ',') && toks[i+2].kind == 'n' {
						f := toks[i+2]
						if f.ndig <= 9 {
							nsec = f.num
							for d := f.ndig; d < 9; d++ {
								nsec *= 10
							}
						}
						i += 2
					}
				}
				sawTime = true
				lastSep = 0
				continue
			}
			// "14h30" (French), "10.30 pm" and, after a full date, "06.00"
			// (British) times.
			if !sawTime && t.ndig <= 2 && i+2 < len(toks) && toks[i+2].kind == 'n' && toks[i+2].ndig == 2 {
				mid := toks[i+1]
				frenchH := mid.kind == 'w' && mid.word == "h"
				dateDone := (month > 0 && nn >= 2) || nn >= 3
				dotAMPM := mid.kind == 's' && mid.sep == '.' && (dateDone || followedByAMPM(toks[i+3:]))
				if frenchH || dotAMPM {
					hour, min = t.num, toks[i+2].num
					sawTime = true
					lastSep = 0
					i += 2
					continue
				}
			}
			// Compact forms.
			if nn == 0 && (t.ndig == 8 || t.ndig == 12 || t.ndig == 14) {
				v := t.num
				digits := t.ndig
				if digits == 14 {
					ss = v % 100
					v /= 100
					digits = 12
				}
				if digits == 12 {
					min = v % 100
					hour = (v / 100) % 100
					v /= 10000
					sawTime = true
				}
				nums[0], nums[1], nums[2] = v/10000, (v/100)%100, v%100
				ndigs[0], ndigs[1], ndigs[2] = 4, 2, 2
				nn = 3
				lastSep = 0
				continue
			}
			if nn == len(nums) || t.ndig > 4 {
				return time.Time{}, false
			}
			nums[nn], ndigs[nn], seps[nn] = t.num, t.ndig, lastSep
			nn++
			lastSep = 0
		case 'w':
			w := t.word
			if m := monthNumber(w); m > 0 && month == 0 {
				month = m
				continue
			}
			switch w {
			case "am", "a":
				if sawTime {
					am = true
					// "a.m."
					if i+3 < len(toks) && toks[i+1].kind == 's' && toks[i+2].kind == 'w' && toks[i+2].word == "m" {
						i += 2
					}
				}
				continue
			case "pm", "p":
				if sawTime {
					pm = true
					if i+3 < len(toks) && toks[i+1].kind == 's' && toks[i+2].kind == 'w' && toks[i+2].word == "m" {
						i += 2
					}
				}
				continue
			case "t":
				continue
			case "z":
				if sawTime || nn > 0 {
					zone, zoneSet = time.UTC, true
				}
				continue
			case "st", "nd", "rd", "th", "er", "e", "o", "º":
				continue
			}
			if off, ok := zoneAbbrev[w]; ok {
				if !zoneSet {
					zone, zoneSet = fixedZoneNamed(off, strings.ToUpper(w)), true
				}
				continue
			}
			if isWeekday(w) || dateFiller[w] {
				continue
			}
			return time.Time{}, false
		}
	}
	if hour >= 0 {
		if pm || am {
			if hour < 1 || hour > 12 {
				return time.Time{}, false
			}
			if pm && hour < 12 {
				hour += 12
			} else if am && hour == 12 {
				hour = 0
			}
		}
	} else {
		hour = 0
	}
	var y, m, d int
	switch {
	case month > 0:
		m = month
		switch nn {
		case 2:
			// "5 March 2024", "March 5, 2024", "2024 March 5"
			if ndigs[0] == 4 {
				y, d = nums[0], nums[1]
			} else if ndigs[1] == 4 || nums[1] > 31 {
				d, y = nums[0], nums[1]
			} else if ndigs[1] == 2 && ndigs[0] <= 2 {
				d, y = nums[0], nums[1] // "5 Mar 24"
			} else {
				return time.Time{}, false
			}
		default:
			return time.Time{}, false
		}
	case nn == 3:
		a, b, c := nums[0], nums[1], nums[2]
		switch {
		case ndigs[0] == 4: // Y-M-D
			y, m, d = a, b, c
		case ndigs[2] == 4 || ndigs[2] == 2:
			y = c
			if seps[1] == '/' && a <= 12 {
				m, d = a, b // US month first
			} else {
				d, m = a, b
			}
			if m > 12 && d <= 12 {
				m, d = d, m
			}
		default:
			return time.Time{}, false
		}
	default:
		return time.Time{}, false
	}
	if y < 100 {
		if ndigs[0] == 4 && month == 0 {
			return time.Time{}, false
		}
		if y < 70 {
			y += 2000
		} else {
			y += 1900
		}
	}
	if !validYear(y) || m < 1 || m > 12 || d < 1 || d > daysIn(m, y) {
		return time.Time{}, false
	}
	if hour > 24 || min > 59 || ss > 60 || (hour == 24 && (min > 0 || ss > 0)) {
		return time.Time{}, false
	}
	if zone == nil {
		zone = time.UTC
	}
	return time.Date(y, time.Month(m), d, hour, min, ss, nsec, zone), true
}

// followedByAMPM reports whether the next word (after spaces) is am or pm.
func followedByAMPM(toks []dateTok) bool {
	for _, t := range toks {
		switch t.kind {
		case 's':
			if t.sep != ' ' {
				return false
			}
		case 'w':
			return t.word == "am" || t.word == "pm" || t.word == "a" || t.word == "p"
		default:
			return false
		}
	}
	return false
}

func daysIn(m, y int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

var zoneCache = map[int]*time.Location{0: time.UTC}

func fixedZone(off int) *time.Location {
	if l, ok := zoneCache[off]; ok {
		return l
	}
	return time.FixedZone("", off)
}

func fixedZoneNamed(off int, name string) *time.Location {
	if off == 0 {
		return time.UTC
	}
	return time.FixedZone(name, off)
}

// zoneAbbrev maps common zone abbreviations to their UTC offsets in seconds.
var zoneAbbrev = map[string]int{
	"utc": 0, "gmt": 0, "ut": 0, "wet": 0,
	"bst": 3600, "cet": 3600, "west": 3600, "met": 3600,
	"cest": 7200, "eet": 7200, "mest": 7200, "sast": 7200,
	"eest": 10800, "msk": 10800,
	"ist": 19800, "jst": 32400, "kst": 32400, "hkt": 28800, "sgt": 28800,
	"aest": 36000, "aedt": 39600, "awst": 28800, "nzst": 43200, "nzdt": 46800,
	"est": -5 * 3600, "edt": -4 * 3600, "cst": -6 * 3600, "cdt": -5 * 3600,
	"mst": -7 * 3600, "mdt": -6 * 3600, "pst": -8 * 3600, "pdt": -7 * 3600,
	"akst": -9 * 3600, "akdt": -8 * 3600, "hst": -10 * 3600,
}

// dateFiller are words that may surround a date without changing it.
var dateFiller = map[string]bool{
	"on": true, "of": true, "the": true, "at": true, "de": true, "del": true, "du": true,
	"le": true, "la": true, "den": true, "am": true, "um": true, "à": true, "às": true, "h": true,
	"published": true, "updated": true, "posted": true, "date": true, "dated": true,
	"modified": true, "last": true, "first": true, "created": true, "publié": true,
	"veröffentlicht": true, "aktualisiert": true, "publicado": true, "pubblicato": true,
	"mis": true, "jour": true, "uhr": true, "y": true, "et": true,
}

var weekdays = []string{
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
	"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
	"montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
	"mo", "di", "mi", "do", "fr", "sa", "so",
	"lunes", "martes", "miércoles", "miercoles", "jueves", "viernes", "sábado", "sabado", "domingo",
	"lunedì", "lunedi", "martedì", "martedi", "mercoledì", "mercoledi", "giovedì", "giovedi",
	"venerdì", "venerdi", "sabato", "domenica",
	"segunda", "terça", "quarta", "quinta", "sexta", "feira",
	"maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
}

var weekdaySet = func() map[string]bool {
	m := make(map[string]bool, len(weekdays))
	for _, w := range weekdays {
		m[w] = true
	}
	return m
}()

func isWeekday(w string) bool { return weekdaySet[w] }

// monthNames lists month names and abbreviations per month, in English,
// French, German, Spanish, Italian, Portuguese and Dutch.
var monthNames = [12][]string{
	{"january", "jan", "janvier", "janv", "januar", "jänner", "enero", "ene", "gennaio", "gen", "janeiro", "januari"},
	{"february", "feb", "févr", "fevr", "février", "fevrier", "februar", "febrero", "febbraio", "fevereiro", "fev", "februari"},
	{"march", "mar", "mars", "märz", "marz", "mrz", "marzo", "março", "marco", "maart", "mrt"},
	{"april", "apr", "avril", "avr", "abril", "abr", "aprile"},
	{"may", "mai", "mayo", "maggio", "mag", "maio", "mei"},
	{"june", "jun", "juin", "juni", "junio", "giugno", "giu", "junho"},
	{"july", "jul", "juillet", "juil", "juli", "julio", "luglio", "lug", "julho"},
	{"august", "aug", "août", "aout", "agosto", "ago", "augustus"},
	{"september", "sep", "sept", "septembre", "septiembre", "settembre", "set", "setembro"},
	{"october", "oct", "octobre", "oktober", "okt", "octubre", "ottobre", "ott", "outubro", "out"},
	{"november", "nov", "novembre", "noviembre", "novembro"},
	{"december", "dec", "décembre", "decembre", "déc", "dezember", "dez", "diciembre", "dic", "dicembre", "dezembro"},
}

var monthSet = func() map[string]int {
	m := make(map[string]int, 128)
	for i, names := range monthNames {
		for _, n := range names {
			m[n] = i + 1
		}
	}
	return m
}()

func monthNumber(w string) int { return monthSet[w] }
