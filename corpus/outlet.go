package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// knownDomains maps the registrable part of well-known news domains to
// their display names. Other domains are displayed without scheme, "www."
// and path ("example-news.org").
var knownDomains = map[string]string{
	"foxnews.com": "Fox News", "nytimes.com": "New York Times", "washingtonpost.com": "Washington Post",
	"wsj.com": "Wall Street Journal", "reuters.com": "Reuters", "apnews.com": "Associated Press",
	"bbc.com": "BBC News", "bbc.co.uk": "BBC News", "cnn.com": "CNN", "theguardian.com": "The Guardian",
	"aljazeera.com": "Al Jazeera", "aljazeera.net": "Al Jazeera", "presstv.ir": "Press TV",
	"presstv.com": "Press TV", "presstv.tv": "Press TV", "presstv.co.uk": "Press TV", "rt.com": "RT",
	"npr.org": "NPR", "nbcnews.com": "NBC News", "cbsnews.com": "CBS News", "abcnews.go.com": "ABC News",
	"usatoday.com": "USA Today", "politico.com": "Politico", "thehill.com": "The Hill",
	"washingtontimes.com": "Washington Times", "breitbart.com": "Breitbart News", "nypost.com": "New York Post",
	"dailymail.co.uk": "Daily Mail", "ft.com": "Financial Times", "bloomberg.com": "Bloomberg",
	"france24.com": "France 24", "dw.com": "DW", "tass.com": "TASS", "xinhuanet.com": "Xinhua",
	"irna.ir": "IRNA", "tasnimnews.com": "Tasnim", "lemonde.fr": "Le Monde", "spiegel.de": "Der Spiegel",
	"elpais.com": "El País", "afp.com": "AFP", "vox.com": "Vox", "axios.com": "Axios",
}

// outletAcronyms are written in capitals when a name is given all in lower
// case ("bbc news" → "BBC News").
var outletAcronyms = map[string]bool{
	"bbc": true, "cnn": true, "npr": true, "abc": true, "cbs": true, "nbc": true, "msnbc": true, "ap": true,
	"afp": true, "rt": true, "tv": true, "usa": true, "uk": true, "us": true, "upi": true, "pbs": true,
	"wsj": true, "cnbc": true, "irna": true, "isna": true, "ndtv": true, "nhk": true, "dw": true, "ft": true,
	"tass": true, "epa": true, "dpa": true, "cbc": true, "abc7": true, "nyt": true, "wnd": true, "cbn": true,
	"pj": true, "hbo": true, "mtv": true, "kcna": true, "sana": true, "cgtn": true, "cctv": true, "ria": true,
	"ansa": true, "efe": true, "itv": true, "sky": false, "rfe": true, "rl": true, "voa": true, "ktla": true,
}

// outletSmallWords stay lower case inside a title-cased name, and are not
// taken for acronyms when a name is given all in capitals.
var outletSmallWords = map[string]bool{
	"the": true, "of": true, "and": true, "for": true, "in": true, "on": true, "at": true, "to": true,
	"a": true, "an": true, "by": true, "de": true, "du": true, "la": true, "le": true, "el": true, "del": true,
	"der": true, "die": true, "das": true, "et": true, "y": true, "al": true,
}

// outletShortWords are short English words that are not acronyms when a
// name is given all in capitals ("NEW YORK POST" → "New York Post").
var outletShortWords = map[string]bool{
	"new": true, "sun": true, "day": true, "bay": true, "war": true, "our": true, "one": true, "two": true,
	"big": true, "red": true, "old": true, "now": true, "top": true, "hot": true, "my": true, "net": true,
	"web": true, "hub": true, "box": true, "way": true, "age": true, "eye": true, "post": true, "news": true,
	"hill": true, "star": true, "mail": true, "live": true, "daily": true, "times": true, "today": true,
	"world": true, "press": true, "fox": true, "vox": true, "sky": true, "all": true, "out": true, "off": true,
	"is": true, "it": true, "its": true, "we": true, "you": true,
}

var (
	outletSchemeRe = lazyRE(`(?i)^[a-z][a-z0-9+.-]*://`)
	// outletDomainRe matches a bare host name with a letter-only top-level
	// domain, optionally followed by a port or path.
	outletDomainRe = lazyRE(`(?i)^(?:www\d?\.)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,12}(?::\d+)?(?:[/?#].*)?$`)
)

// second-level labels of country domains ("co.uk", "com.au").
var outletSecondLevel = map[string]bool{"co": true, "com": true, "org": true, "net": true, "ac": true, "gov": true, "go": false}

// outletFolderDomainRe matches a domain whose dots became underscores in a
// folder name ("Deadline_com", "CNSNews_com", "bbc_co_uk").
// The importer turns folder underscores into spaces, so "Deadline com" is
// accepted too; the suffix must be lower case, as folder names keep it.
var outletFolderDomainRe = lazyRE(`^[A-Za-z0-9-]+(?:[_ ][A-Za-z0-9-]+)*[_ ](?:com|org|net|gov|edu|co[_ ]uk)$`)

// outletHost returns the lower-cased host of s without scheme, "www.",
// port and path when s is a URL or a bare domain, else "".
func outletHost(s string) string {
	if outletFolderDomainRe.MatchString(s) {
		s = strings.NewReplacer("_", ".", " ", ".").Replace(s)
	}
	hasScheme := outletSchemeRe.MatchString(s)
	if !hasScheme && !outletDomainRe.MatchString(s) {
		return ""
	}
	h := outletSchemeRe.ReplaceAllString(s, "")
	if i := strings.IndexAny(h, "/?#"); i >= 0 {
		h = h[:i]
	}
	if i := strings.LastIndexByte(h, '@'); i >= 0 {
		h = h[i+1:]
	}
	if i := strings.IndexByte(h, ':'); i >= 0 {
		h = h[:i]
	}
	h = strings.ToLower(strings.Trim(h, "."))
	for _, p := range []string{"www.", "www1.", "www2.", "m.", "mobile.", "amp.", "edition."} {
		if strings.HasPrefix(h, p) && strings.Count(h, ".") > 1 {
			h = h[len(p):]
		}
	}
	if !strings.Contains(h, ".") {
		return ""
	}
	return h
}

// hostName returns the registrable name of a host without its public
// suffix: "foxnews.com" → "foxnews", "news.bbc.co.uk" → "bbc".
func hostName(host string) string {
	labels := strings.Split(host, ".")
	n := len(labels) - 1 // drop the TLD
	if n >= 2 && len(labels[n]) == 2 && outletSecondLevel[labels[n-1]] {
		n-- // "co.uk"
	}
	if n <= 0 {
		return host
	}
	return labels[n-1]
}

// knownHost looks host and its parent domains up in knownDomains.
func knownHost(host string) (string, bool) {
	for h := host; h != ""; {
		if name, ok := knownDomains[h]; ok {
			return name, true
		}
		i := strings.IndexByte(h, '.')
		if i < 0 || !strings.Contains(h[i+1:], ".") {
			break
		}
		h = h[i+1:]
	}
	return "", false
}

// NormalizeOutlet returns the display form of an outlet name: trimmed,
// underscores turned into spaces ("Fox_News" → "Fox News"), spaces
// collapsed, and names written all in lower or all in upper case
// re-cased ("fox news" → "Fox News", "FOX NEWS" → "Fox News", "bbc" →
// "BBC", "USA TODAY" → "USA Today"). A URL or domain is shown as its host
// without scheme, "www." and path ("https://www.example-news.org/a" →
// "example-news.org"), or by name for well-known news domains
// ("www.foxnews.com" → "Fox News"). Empty input gives "unknown".
func NormalizeOutlet(s string) string {
	s = strings.TrimSpace(clNormSpaces(s))
	if host := outletHost(s); host != "" {
		if name, ok := knownHost(host); ok {
			return name
		}
		return host
	}
	s = strings.ReplaceAll(s, "_", " ")
	s = clCollapse(s)
	if s == "" {
		return "unknown"
	}
	hasLower, hasUpper := false, false
	for _, r := range s {
		hasLower = hasLower || unicode.IsLower(r)
		hasUpper = hasUpper || unicode.IsUpper(r)
	}
	switch {
	case hasLower && !hasUpper:
		return recaseOutlet(s, false)
	case hasUpper && !hasLower && utf8.RuneCountInString(s) > 4 && strings.Contains(s, " "):
		return recaseOutlet(s, true)
	}
	return s
}

// recaseOutlet title-cases the words of an all-lower or all-upper name,
// keeping acronyms in capitals.
func recaseOutlet(s string, fromUpper bool) string {
	words := strings.Split(s, " ")
	for i, w := range words {
		lw := strings.ToLower(w)
		core := strings.TrimFunc(lw, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		switch {
		case outletAcronyms[core]:
			words[i] = strings.ToUpper(w)
		case fromUpper && utf8.RuneCountInString(core) <= 3 && !outletSmallWords[core] && !outletShortWords[core]:
			words[i] = w // "USA", "ABC" given in capitals stay acronyms
		case i > 0 && outletSmallWords[core]:
			words[i] = lw
		default:
			words[i] = clTitleWord(lw)
		}
	}
	return strings.Join(words, " ")
}

// OutletKey returns the comparison key of an outlet name: lower-case
// letters and digits only, without a leading "the", and for URLs and
// domains the registrable name without "www." and suffix — so "Fox News",
// "fox-news", "FOX NEWS", "Fox_News" and "www.foxnews.com" share the key
// "foxnews". Empty input gives the key of "unknown".
func OutletKey(s string) string {
	s = strings.TrimSpace(s)
	if host := outletHost(s); host != "" {
		if name, ok := knownHost(host); ok {
			s = name
		} else {
			s = hostName(host)
		}
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	k := b.String()
	lower := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), "_", " "))
	if strings.HasPrefix(lower, "the ") && len(k) > 3 {
		k = k[3:]
	}
	if k == "" {
		return "unknown"
	}
	return k
}
