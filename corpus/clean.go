package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// CleanArticle cleans a freshly read article in place:
//
//   - normalises whitespace: CR/LF variants, NBSP and other space
//     characters become plain spaces, zero-width characters and soft
//     hyphens go, runs of spaces collapse, lines are trimmed, hard-wrapped
//     lines are joined, and paragraphs are separated by exactly "\n\n";
//   - moves image-caption paragraphs (see IsCaption) from Body to Captions;
//     credit-only lines ("Image copyright AP", "Enlarge this image toggle
//     caption X/AP X/AP") go to Removed instead;
//   - removes universal boilerplate (share/subscribe/follow-us lines,
//     copyright footers, advertisement markers, "can also be accessed at
//     the following alternate addresses:" footers together with the address
//     lines that follow them) into Removed;
//   - strips a leading byline ("By Jane Doe", "By Jane Doe and John Roe")
//     into Authors when Authors is empty (or drops it when it names exactly
//     the authors already known).
//
// A leading dateline is left in the body (DateFromDateline reads it). The
// title is trimmed and its spaces collapsed. CleanArticle is idempotent:
// cleaning a cleaned article changes nothing.
func CleanArticle(a *Article) {
	if a == nil {
		return
	}
	a.Title = clCollapse(clNormSpaces(a.Title))
	paras := clParagraphs(a.Body)

	captions := a.Captions
	removed := a.Removed
	var body, movedCaptions []string
	footer := false // inside an "alternate addresses" style footer
	for _, p := range paras {
		if footer {
			if clAddressLine(p) {
				removed = clAppendUnique(removed, p)
				continue
			}
			footer = false
		}
		if clFooterIntro(p) {
			footer = true
			removed = clAppendUnique(removed, p)
			continue
		}
		if IsUniversalBoilerplate(p) {
			removed = clAppendUnique(removed, p)
			continue
		}
		if IsCaption(p) {
			if c := clCaptionText(p); c != "" {
				movedCaptions = append(movedCaptions, c)
				captions = clAppendUnique(captions, c)
			} else {
				removed = clAppendUnique(removed, p)
			}
			continue
		}
		body = append(body, p)
	}
	// An article made only of captions (a photo story) keeps them as body:
	// an empty body would make it unsearchable.
	if len(body) == 0 && len(movedCaptions) > 0 {
		body = movedCaptions
		captions = clRemoveAll(captions, movedCaptions)
	}

	if len(body) > 0 {
		if names, ok := clParseByline(body[0]); ok {
			switch {
			case len(a.Authors) == 0:
				a.Authors = names
				body = body[1:]
			case clSameNames(a.Authors, names):
				body = body[1:]
			}
		}
	}

	a.Body = strings.Join(body, "\n\n")
	a.Captions = clNilIfEmpty(captions)
	a.Removed = clNilIfEmpty(removed)
}

// clNormSpaces maps every kind of line break to "\n", every kind of
// horizontal space to ' ', and drops zero-width characters (except the
// joiners ZWJ/ZWNJ, which Persian and Indic scripts need) and soft hyphens.
func clNormSpaces(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\r' || c == '\t' || c == '\v' || c == '\f' || c >= utf8.RuneSelf {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\r':
			b.WriteByte('\n')
			if i < len(s) && s[i] == '\n' {
				i++
			}
		case r == '\u2028':
			b.WriteByte('\n')
		case r == '\u2029':
			b.WriteString("\n\n")
		case r == '\u200b' || r == '\ufeff' || r == '\u2060' || r == '\u00ad':
			// zero-width space, BOM, word joiner, soft hyphen
		case r == utf8.RuneError && size == 1:
			b.WriteRune(unicode.ReplacementChar)
		case r == '\n':
			b.WriteByte('\n')
		case r == '\t' || r == '\v' || r == '\f' || r == '\u00a0' || r == '\u1680' ||
			(r >= '\u2000' && r <= '\u200a') || r == '\u202f' || r == '\u205f' || r == '\u3000':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// clCollapse trims s and collapses runs of spaces (and any newline) to
// one space.
func clCollapse(s string) string {
	// Most lines are already collapsed: check before building a copy.
	prevSpace := true // a leading space is not collapsed either
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch c {
			case ' ':
				if prevSpace {
					return strings.Join(strings.Fields(s), " ")
				}
				prevSpace = true
			case '\t', '\n', '\v', '\f', '\r':
				return strings.Join(strings.Fields(s), " ")
			default:
				prevSpace = false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return strings.Join(strings.Fields(s), " ")
		}
		prevSpace = false
		i += size
	}
	if prevSpace && s != "" {
		return strings.Join(strings.Fields(s), " ") // a trailing space
	}
	return s
}

// clParagraphs normalises whitespace and returns the paragraphs of s.
// Blank lines separate blocks; inside a block, a line becomes its own
// paragraph unless it looks hard-wrapped (see clJoinLines).
func clParagraphs(s string) []string {
	s = clNormSpaces(s)
	var paras, block []string
	flush := func() {
		paras = append(paras, clJoinLines(block)...)
		block = block[:0]
	}
	for line := range strings.SplitSeq(s, "\n") {
		line = clCollapse(line)
		if line == "" {
			if len(block) > 0 {
				flush()
			}
			continue
		}
		block = append(block, line)
	}
	if len(block) > 0 {
		flush()
	}
	return paras
}

// wrapMin is the length (in runes) from which a line that does not end a
// sentence is taken as hard-wrapped prose and joined with the next line.
const wrapMin = 40

// clJoinLines turns the lines of one block into paragraphs. A block whose
// lines are mostly long and do not end sentences is hard-wrapped prose and
// is joined whole; otherwise a line is joined with the next only when it is
// long and unfinished, or when the next line starts in lower case. Short
// lines (headings, bylines, address lists) stay separate.
func clJoinLines(lines []string) []string {
	if len(lines) == 1 {
		return []string{lines[0]}
	}
	wrapped := 0
	for _, l := range lines[:len(lines)-1] {
		if utf8.RuneCountInString(l) >= wrapMin && !clEndsSentence(l) {
			wrapped++
		}
	}
	if len(lines) >= 3 && wrapped*3 >= (len(lines)-1)*2 {
		return []string{clJoinWrapped(lines)}
	}
	var out []string
	cur := []string{lines[0]}
	for _, next := range lines[1:] {
		prev := cur[len(cur)-1]
		if (utf8.RuneCountInString(prev) >= wrapMin && !clEndsSentence(prev) && !clAddressLine(next)) ||
			(clStartsLower(next) && !clEndsSentence(prev) && !clAddressLine(next)) {
			cur = append(cur, next)
			continue
		}
		out = append(out, clJoinWrapped(cur))
		cur = []string{next}
	}
	return append(out, clJoinWrapped(cur))
}

// clJoinWrapped joins wrapped lines with spaces, and without one after a
// hyphenated word break ("recon-" + "struction").
func clJoinWrapped(lines []string) string {
	if len(lines) == 1 {
		return lines[0]
	}
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			prev := lines[i-1]
			if !(strings.HasSuffix(prev, "-") && len(prev) > 1 && clLetterBefore(prev) && clStartsLower(l)) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(l)
	}
	return b.String()
}

func clLetterBefore(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:len(s)-1])
	return unicode.IsLetter(r)
}

// clEndsSentence reports whether a line ends like a sentence (or a list
// item, or a quote); readers and the cleaner use it to rejoin hard-wrapped
// lines.
func clEndsSentence(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	switch r {
	case '.', '!', '?', ':', ';', '"', '\'', '\u201d', '\u2019', ')', ']', '\u00bb', '\u2026', '\u3002', '\uff01', '\uff1f', '\u061f', '|':
		return true
	}
	return false
}

func clStartsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

var (
	// footerIntroRe matches footers that announce a list of addresses or
	// links on the following lines.
	footerIntroRe = lazyRE(`(?i)(?:can (?:also )?be accessed at the following (?:alternate |alternative )?addresses|(?:alternate|alternative|mirror) (?:addresses|domains|sites)\s*:|^(?:follow|find|connect with) us (?:on|at)\b.{0,60}:$|^(?:share|share this(?: article| story)?)\s*:$)`)
	// addressLineRe matches a line that is only a web or e-mail address or a
	// social-media handle.
	addressLineRe = lazyRE(`(?i)^(?:(?:https?://)?(?:www\d?\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/\S*)?|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|@\w{2,30}|t\.me/\S+)[.,;]?$`)
)

func clFooterIntro(p string) bool {
	return len(p) < 300 && (strings.HasSuffix(p, ":") || strings.Contains(p, "ccessed")) && footerIntroRe.MatchString(p)
}

func clAddressLine(p string) bool {
	return len(p) < 200 && addressLineRe.MatchString(p)
}

// universalBoilerplate lists paragraph patterns that are boilerplate in any
// outlet. They are anchored and only tried on short paragraphs, so a body
// sentence that merely mentions subscribing or copyright is never cut.
var universalBoilerplate = []*lazyRegexp{
	// share and social widgets
	lazyRE(`(?i)^(?:(?:share|tweet|email|e-mail|print|pin|pin it|whatsapp|reddit|linkedin|facebook|twitter|telegram|copy link|comments?|save|flipboard)(?: (?:this|article|story|on|via|to|the|page))*[\s|•·,/]*)+$`),
	lazyRE(`(?i)^share (?:this|the) (?:article|story|page|post)\b.*$`),
	lazyRE(`(?i)^(?:click to )?share on (?:facebook|twitter|whatsapp|linkedin|telegram|reddit|email)\b.*$`),
	// subscribe / sign up / newsletters
	lazyRE(`(?i)^(?:subscribe|sign up|signup)\b.*\b(?:newsletters?|inbox|updates|alerts|channel|here|today|now|free)\b.*$`),
	lazyRE(`(?i)^(?:get|receive) (?:the|our|all the)\b.*\b(?:newsletter|inbox|delivered)\b.*$`),
	lazyRE(`(?i)^(?:subscribe|sign up)(?: (?:here|now|today))?[.!:]?$`),
	lazyRE(`(?i)^(?:manage newsletters|sign up for daily newsletters(?: manage newsletters)?)$`),
	// follow us
	lazyRE(`(?i)^(?:follow|like|find|connect with|join) us on (?:facebook|twitter|instagram|telegram|youtube|linkedin|tiktok|social media|x)\b.*$`),
	lazyRE(`(?i)^follow (?:@\w+|\w+(?: \w+){0,3}) on (?:facebook|twitter|instagram|telegram|youtube|x)\b.*$`),
	// copyright and rights footers
	lazyRE(`(?i)^(?:©|\(c\)|copyright\s*(?:©|\(c\))).*$`),
	lazyRE(`(?i)^copyright\s+(?:19|20)\d{2}\b.*$`),
	lazyRE(`(?i)^this (?:material|article|story|content) may not be (?:published|reproduced|copied),? broadcast\b.*$`),
	lazyRE(`(?i)^click here for reprint permission\.?$`),
	// advertisement and page-furniture markers
	lazyRE(`(?i)^(?:advertisement|advertising|ad|sponsored(?: content)?|story continues below(?: advertisement)?|story continued below|continue reading(?: below| the main story)?|article continues (?:below|after advertisement)|skip advertisement|loading\.*|scroll to continue with content|skip to (?:main )?content)[:.…]?$`),
	lazyRE(`(?i)^click (?:here )?to (?:get|download) the .+ app\.?$`),
	lazyRE(`(?i)^(?:click|tap) here\b.*$`),
	lazyRE(`(?i)^slideshow \(\d+ images?\)$`),
	lazyRE(`(?i)^(?:read more|related|more|see also|watch|listen|recommended|most read|trending|also read)\s*:?$`),
	lazyRE(`(?i)^this article is more than \w+ (?:days?|weeks?|months?|years?) old$`),
	lazyRE(`(?i)^you (?:can|may) also (?:follow|like|read|watch) .*\b(?:on|at) (?:facebook|twitter|telegram|instagram|youtube|www\.\S+)\.?$`),
	// wire credit and link lines: "(Reporting by X; Editing by Y)", "(GRAPHIC: ... here)"
	lazyRE(`(?i)^\((?:additional )?(?:reporting|writing|editing|compiled|reporting and writing) by\b[^()]*\)$`),
	lazyRE(`(?i)^\((?:graphic|for (?:a )?graphic|for more|get all)\b[^()]*\)$`),
	lazyRE(`(?i)^media playback is unsupported on your device$`),
	// lines made only of punctuation or rules: "___", "* * *", "---"
	lazyRE(`^[\p{P}\p{S}\s]+$`),
}

// boilerplateFirstWords are the first words the universalBoilerplate
// patterns can start with.
var boilerplateFirstWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`share tweet email e-mail print pin whatsapp reddit linkedin facebook twitter
		telegram copy comments comment save flipboard click subscribe sign signup get receive manage follow like
		find connect join copyright this advertisement advertising ad sponsored story continue article skip
		loading scroll tap slideshow read related more see watch listen recommended most trending also you media`) {
		m[w] = true
	}
	return m
}()

// universalMaxLen bounds the paragraphs IsUniversalBoilerplate considers:
// no pattern accepts more, and body paragraphs are mostly longer.
const universalMaxLen = 300

// IsUniversalBoilerplate reports whether a paragraph is boilerplate in any
// outlet: share, subscribe and follow-us lines, copyright footers,
// advertisement markers, rules made of punctuation.
func IsUniversalBoilerplate(p string) bool {
	p = strings.TrimSpace(p)
	if p == "" || len(p) > universalMaxLen {
		return false
	}
	low := strings.ToLower(p)
	if strings.Contains(low, "all rights reserved") || strings.HasSuffix(strings.TrimRight(low, ". "), "by clicking here") {
		return true
	}
	// Every pattern starts with one of a few words or with a non-letter;
	// checking the first word first skips the regexps for body text.
	r, _ := utf8.DecodeRuneInString(low)
	if unicode.IsLetter(r) {
		end := strings.IndexFunc(low, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' })
		if end < 0 {
			end = len(low)
		}
		if !boilerplateFirstWords[low[:end]] {
			return false
		}
	}
	for _, re := range universalBoilerplate {
		if re.MatchString(p) {
			return true
		}
	}
	return false
}

// Caption recognition.
const (
	// captionMaxLen bounds a caption: AP "FILE - In this ..." captions run to
	// about 450 bytes; body paragraphs ending in a credit are far rarer than
	// captions of that length.
	captionMaxLen = 600
	// agencyOnlyMaxLen bounds a paragraph whose only caption evidence is a
	// bare agency name in parentheses, "(Reuters)", which is weaker.
	agencyOnlyMaxLen = 320
)

// agencies are photo agencies and outlets seen in photo credits.
const agencies = `AFP|AP|EPA|Reuters|REUTERS|Getty Images|Getty|Xinhua|IRNA|ISNA|Tasnim|Mehr|Fars|Anadolu|AA|UPI|dpa|DPA|SIPA|Sipa|ANSA|TASS|Sputnik|Press TV|PressTV|WANA|Bloomberg|NurPhoto|Shutterstock|Alamy|PA|AAP|Kyodo|Yonhap|KCNA|SANA|IRIB|MST|ZUMA|Zuma|Pool|POOL|SPA|WAM|MENA|Tass|Ria Novosti|RIA Novosti|Imago|Abaca|Polaris|Redux|SWNS|Rex|REX|Shutterstock|NYT|The New York Times|Washington Post|Getty Images Plus|iStock|iStockphoto|Bloomberg via Getty Images`

var (
	captionPrefixRe = lazyRE(`^(?:\((?:L|R|C|L-R|R-L|L to R|R to L|From L|From R|From L to R|From left|From right|Left|Right|Centre|Center|Top|Bottom|Above|Below|Inset|Front|Back|Main|File|FILE|File photo|FILE PHOTO)\)|(?i:from left|from right|left to right|right to left|l-r|l to r|clockwise from (?:top )?left)\s*[:,\-–—]|FILE\s*[-–—:_]|(?i:file photo)\s*[:\-–—]|(?i:image copyright|image caption|media playback is unsupported|media caption|enlarge this image|toggle caption|photo gallery)\b|(?i:photo|photograph|picture|image|caption)\s*:)`)

	// AP-style leads: "In this Nov. 5, 2019, file photo, ...", "This photo
	// provided by X shows ...", "This undated image released by ..."; and
	// "Cover image: ...".
	captionPhotoLeadRe = lazyRE(`^(?:(?i:in this)\b.{0,60}\b(?:photo|image|picture|frame grab|handout)(?: made available| provided| released| taken| from video)?\b[^.]{0,60},|(?i:this)\b.{0,60}\b(?:photo|image|picture|frame grab|handout)s? (?:made available|provided|released|taken|distributed|obtained|shows|from video)\b|(?i:cover|top|header|lead|featured|main) (?i:image|photo|picture)\s*:)`)

	captionSuffixRes = []*lazyRegexp{
		// "(AFP photo)", "(Photo by X/Getty Images)", "(AP Photo/Evan Vucci)", "(File photo)"
		lazyRE(`(?i)\((?:[^()]{0,80}\b)?(?:photos?|photograph|pictures?|file|photo credit)\b[^()]{0,100}\)$`),
		// "— AP Photo/Evan Vucci", "AFP Photo", "REUTERS Photo"
		lazyRE(`(?:^|[\s—–|\-])(?:` + agencies + `) (?i:photo)(?:\s*/\s*[^/]{1,60})?$`),
		// "REUTERS/Carlo Allegri", "AFP/Getty Images", "EPA/STR"
		lazyRE(`(?:^|[\s(—–|])(?:REUTERS|AFP|EPA|AP|XINHUA|ANADOLU|IRNA|SPUTNIK|UPI|SIPA|DPA)\s?/\s?\p{Lu}[\p{L}'.\-]*(?:,? [\p{L}'.\-]+){0,5}(?:\s?/\s?[\p{L} ]{1,30}){0,2}$`),
		// "Jim Watson/AFP/Getty Images", "Evan Vucci/AP", "Alex Brandon/AP Photo",
		// "Josh Edelson/AFP via Getty Images"
		lazyRE(`(?:^|\s)\p{Lu}[\p{L}'.\-]*(?: \p{Lu}[\p{L}'.\-]*){0,3}\s?/\s?(?:` + agencies + `)(?:\s?/\s?(?:` + agencies + `)|\s+via\s+(?:` + agencies + `))*(?: Photo)?$`),
		// "(Mario Tama/Getty Images)", "(Saul Loeb/AFP via Getty Images)", "(REUTERS/Jonathan Ernst)",
		// "[File: Andrew Harnik/AP]"
		lazyRE(`[(\[](?:File:\s*)?[^()\[\]]{0,80}(?:/\s?|\bvia\s)(?:` + agencies + `)[)\]]$`),
		lazyRE(`\((?:REUTERS|Reuters|AFP|EPA|AP|XINHUA|Xinhua|ANADOLU|IRNA|SPUTNIK|UPI|SIPA|DPA)\s?/[^()]{1,80}\)$`),
		// "Front row, left to right: ..." group photos
		lazyRE(`(?i)\b(?:front|back|top|bottom|middle) row,? (?:from )?(?:left|right)(?: to (?:right|left))?:`),
		// "Photo: Jane Doe/Reuters", "Photograph: X", "Image credit: X"
		lazyRE(`(?i)(?:^|[\s(.—–|])(?:photo|photograph|picture|image|credit|photo credit|image credit|photos)s?\s*:\s*[^:]{2,80}$`),
		// "... Getty Images" after a sentence end, a slash, "via" or a dash
		lazyRE(`(?:^|[.;|—–]\s*|\s-\s|/\s?|\bvia\s)(?:Getty Images|Shutterstock|Alamy(?: Stock Photo)?)$`),
		// "Photo by Jane Doe/Getty Images", "Photograph by X"
		lazyRE(`(?:^|[.;—–]\s*|\s)(?:Photo|Photograph|Picture|Image)s? (?:by|courtesy of|courtesy) \p{Lu}[^.]{1,80}$`),
	}
	// captionSuffixNeeds[i] is a cheap necessary condition for
	// captionSuffixRes[i], checked first: most paragraphs fail it.
	captionSuffixNeeds = []func(tail, low string) bool{
		func(tail, low string) bool {
			return strings.HasSuffix(tail, ")") && (strings.Contains(low, "photo") || strings.Contains(low, "picture") || strings.Contains(low, "image") || strings.Contains(low, "file"))
		},
		func(tail, low string) bool { return strings.Contains(low, " photo") },
		func(tail, low string) bool { return strings.Contains(tail, "/") },
		func(tail, low string) bool { return strings.Contains(tail, "/") },
		func(tail, low string) bool { return strings.Contains(tail, ")") || strings.Contains(tail, "]") },
		func(tail, low string) bool { return strings.Contains(tail, ")") },
		func(tail, low string) bool { return strings.Contains(low, " row") },
		func(tail, low string) bool { return strings.Contains(tail, ":") },
		func(tail, low string) bool {
			return strings.HasSuffix(tail, "Images") || strings.HasSuffix(tail, "Shutterstock") || strings.HasSuffix(tail, "Photo") || strings.HasSuffix(tail, "Alamy")
		},
		func(tail, low string) bool {
			return strings.Contains(tail, " by ") || strings.Contains(tail, " courtesy")
		},
	}
	// "(Reuters)", "(AFP/Getty Images)", "(AFP via Getty Images)"
	captionAgencyRe = lazyRE(`\((?:` + agencies + `)(?:\s*(?:/|via)\s*[^()]{1,60})?\)$`)
)

// IsCaption reports whether a paragraph is an image caption (or a photo
// credit line): it ends with a photo credit — "(AFP photo)", "(Reuters)",
// "(Photo by X/Getty Images)", "— AP Photo/X", "REUTERS/Name",
// "Photo: ...", "X/Getty Images" — or starts like a caption — "(L) ...",
// "(L-R)", "From left:", "FILE -", "Image copyright", "Enlarge this image".
//
// It does not fire on body paragraphs that merely cite an agency ("..., the
// minister told Reuters.", "Reuters reported ..."): credits must sit at the
// very end (or start) in credit form, paragraphs longer than 600 bytes are
// never captions, and a bare "(Agency)" ending counts only on short
// paragraphs of at most two sentences.
func IsCaption(p string) bool {
	p = strings.TrimSpace(p)
	if p == "" || len(p) > captionMaxLen {
		return false
	}
	if captionLeadPossible(p) && (captionPrefixRe.MatchString(p) || captionPhotoLeadRe.MatchString(p)) {
		return true
	}
	end := clTrimCreditTags(p)
	if end == "" {
		return false
	}
	tail := clTail(end, captionTail)
	if !strings.ContainsAny(tail, ")/:") && !clHasCaptionWord(tail) {
		return false // no credit-like token near the end: the common case
	}
	low := strings.ToLower(tail)
	for i, re := range captionSuffixRes {
		if captionSuffixNeeds[i](tail, low) && re.MatchString(tail) {
			return true
		}
	}
	if len(p) <= agencyOnlyMaxLen && strings.HasSuffix(end, ")") && captionAgencyRe.MatchString(tail) && clSentences(end) <= 2 {
		return true
	}
	return false
}

// captionLeads are the lower-cased openings (up to four bytes) that
// captionPrefixRe and captionPhotoLeadRe can match.
var captionLeads = []string{"(", "from", "left", "righ", "l-r", "l to", "cloc", "file", "imag", "medi", "enla",
	"togg", "phot", "pict", "capt", "in t", "this", "cove", "top ", "head", "lead", "feat", "main"}

// captionLeadPossible is a quick test that a paragraph may match
// captionPrefixRe or captionPhotoLeadRe: both start with one of a few
// words, matched without regard to case. Openings with a non-ASCII byte
// (where case folding reaches beyond ASCII, e.g. ſ for s) always go on to
// the expressions.
func captionLeadPossible(p string) bool {
	var b [4]byte
	n := min(len(p), 4)
	for i := range n {
		c := p[i]
		if c >= utf8.RuneSelf {
			return true
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	lead := string(b[:n])
	for _, l := range captionLeads {
		if strings.HasPrefix(lead, l) {
			return true
		}
	}
	return false
}

// creditTagRe matches tags that follow a photo credit: ", FILE",
// "/File Photo", "/Files", "TPX IMAGES OF THE DAY".
var creditTagRe = lazyRE(`(?:,?\s*\b(?:FILE|File)|\s*TPX IMAGES OF THE DAY|/\s?File Photo|/\s?Files?)$`)

// clTrimCreditTags trims trailing punctuation and credit tags.
func clTrimCreditTags(p string) string {
	for range 3 {
		p = strings.TrimRight(p, " .,;")
		off := max(0, len(p)-40)
		if t := p[off:]; !strings.Contains(t, "File") && !strings.Contains(t, "FILE") && !strings.Contains(t, "TPX") {
			break
		}
		loc := creditTagRe.FindStringIndex(p[off:])
		if loc == nil || off+loc[0] == 0 {
			break
		}
		p = p[:off+loc[0]]
	}
	return p
}

// captionTail is how much of a paragraph's end the credit patterns look
// at; the longest credit they accept is well under it.
const captionTail = 240

// clHasCaptionWord reports whether s holds a word typical of photo credits
// (ASCII case-insensitive).
func clHasCaptionWord(s string) bool {
	var buf [captionTail + 8]byte
	b := buf[:0]
	for i := 0; i < len(s) && len(b) < len(buf); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	low := string(b)
	for _, w := range []string{"photo", "getty", "image", "picture", "shutterstock", "alamy"} {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}

// clTail returns about the last n bytes of s, starting at a word boundary.
func clTail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	t := s[len(s)-n:]
	if i := strings.IndexByte(t, ' '); i >= 0 {
		return t[i:]
	}
	return t
}

// clSentences estimates the number of sentences by counting sentence
// ends followed by a space and a capital letter.
func clSentences(s string) int {
	n := 1
	for i := 0; i+2 < len(s); i++ {
		if (s[i] == '.' || s[i] == '!' || s[i] == '?') && s[i+1] == ' ' {
			r, _ := utf8.DecodeRuneInString(s[i+2:])
			if unicode.IsUpper(r) {
				// "Nov. 15", "U.S. President", "Mr. X" are not sentence ends.
				if i > 0 && clAbbrevBefore(s[:i]) {
					continue
				}
				n++
			}
		}
	}
	return n
}

func clAbbrevBefore(s string) bool {
	j := strings.LastIndexAny(s, " (.")
	w := s[j+1:]
	if len(w) <= 1 {
		return true
	}
	switch w {
	case "Mr", "Mrs", "Ms", "Dr", "St", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept",
		"Oct", "Nov", "Dec", "Gen", "Gov", "Sen", "Rep", "Lt", "Col", "Capt", "Sgt", "Prof", "Jr", "Sr", "No", "Vol":
		return true
	}
	return false
}

var (
	creditOnlyRe = lazyRE(`(?i)^(?:image copyright|enlarge this image(?: toggle caption)?|toggle caption|photo|photograph|picture|image|credit|photo credit)\b[:\s]*[^.!?]{0,100}$`)
	imageCaption = lazyRE(`(?i)\b(?:image|media) caption\s*`)
)

// clCaptionText returns the text to keep as the caption of a caption
// paragraph: BBC-style "Image copyright X Image caption Y" keeps Y; a
// credit-only line ("Image copyright AP", "Enlarge this image toggle caption
// X/AP X/AP", "Getty Images") gives "".
func clCaptionText(p string) string {
	low := strings.ToLower(p)
	if strings.Contains(low, "image caption") || strings.Contains(low, "media caption") {
		if loc := imageCaption.FindStringIndex(p); loc != nil {
			return strings.TrimSpace(p[loc[1]:])
		}
	}
	if len(p) <= 140 && creditOnlyRe.MatchString(p) {
		return ""
	}
	if clCreditOnly(p) {
		return "" // "AFP/Getty Images", "REUTERS/Carlo Allegri", "Noah Berger/AP, FILE"
	}
	return clShareWidgetRe.ReplaceAllString(p, "")
}

// clShareWidgetRe matches share-button text glued before a caption
// ("Facebook Twitter Pinterest The Trumps and ...").
var clShareWidgetRe = lazyRE(`^(?:(?:Facebook|Twitter|Pinterest|Email|WhatsApp|LinkedIn|Share)\s+){2,}`)

// clCreditOnly reports whether p is a bare photo credit: a few capitalised
// words with a slash or an agency name, and nothing else.
func clCreditOnly(p string) bool {
	words := strings.Fields(clTrimCreditTags(p))
	if len(words) == 0 || len(words) > 8 {
		return false
	}
	credit := false
	for _, w := range words {
		if strings.Contains(w, "/") || w == "Getty" {
			credit = true
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) && w != "via" && w != "for" && w != "and" && !strings.HasPrefix(w, "/") && r != '(' {
			return false
		}
	}
	return credit
}

// Bylines.
var (
	bylineRe    = lazyRE(`^(?:By|BY|by)[:\s]\s*(.{3,140})$`)
	nameSplitRe = lazyRE(`\s*(?:,|;|\band\b|\bAND\b|&|\|)\s*`)
	roleRe      = lazyRE(`(?i)\b(?:press|news|reuters|afp|ap|staff|writer|writers|correspondent|correspondents|editor|editors|reporter|reporters|agency|agencies|times|post|service|bureau|cnn|bbc|contributor|contributors|associated|desk|online|digital|team|journal|tribune|herald|magazine|daily|network|tv|radio|fellow|columnist|analyst|in|at|for|of|from|with)\b`)
)

// nameParticles may be lower-case inside a personal name.
var nameParticles = map[string]bool{
	"de": true, "da": true, "di": true, "du": true, "del": true, "della": true, "der": true, "den": true,
	"van": true, "von": true, "la": true, "le": true, "al": true, "el": true, "bin": true, "ibn": true,
	"dos": true, "das": true, "do": true, "ter": true, "y": true, "zu": true,
}

// clParseByline parses a byline paragraph ("By Jane Doe", "By Jane Doe and
// John Roe", "By Harry Low, BBC News, Lincoln Memorial", "By Tara X, White
// House reporter") into the authors' names. Affiliations and roles after a
// name end the list. It reports false for sentences that merely start with
// "By" ("By contrast, ...", "By the time ...").
func clParseByline(p string) ([]string, bool) {
	m := bylineRe.FindStringSubmatch(p)
	if m == nil {
		return nil, false
	}
	rest := strings.TrimSpace(m[1])
	if strings.ContainsAny(rest, "\"“”!?:") || strings.HasSuffix(rest, ".") && !clEndsInitial(rest) {
		return nil, false
	}
	var names []string
	for i, part := range nameSplitRe.Split(rest, -1) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if name, ok := clPersonName(part); ok && !roleRe.MatchString(part) {
			names = append(names, name)
			continue
		}
		if i == 0 {
			return nil, false
		}
		// an affiliation or role ends the names, if it looks like one
		if !clAffiliation(part) {
			return nil, false
		}
		break
	}
	if len(names) == 0 {
		return nil, false
	}
	return names, true
}

func clEndsInitial(s string) bool {
	f := strings.Fields(s)
	last := f[len(f)-1]
	return utf8.RuneCountInString(last) == 2 && unicode.IsUpper([]rune(last)[0])
}

// clPersonName checks that part is a 2–5 word name of capitalised words
// (allowing particles and initials) and returns it with all-caps words
// title-cased.
func clPersonName(part string) (string, bool) {
	words := strings.Fields(part)
	if len(words) < 2 || len(words) > 5 {
		return "", false
	}
	caps := 0
	for i, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		switch {
		case unicode.IsUpper(r):
			caps++
			if clAllUpper(w) && utf8.RuneCountInString(strings.Trim(w, ".")) > 1 {
				words[i] = clTitleWord(w)
			}
		case nameParticles[strings.ToLower(w)] && i > 0 && i < len(words)-1:
		default:
			return "", false
		}
		for _, c := range w {
			if !unicode.IsLetter(c) && c != '.' && c != '-' && c != '\'' && c != '\u2019' {
				return "", false
			}
		}
	}
	if caps < 2 {
		return "", false
	}
	return strings.Join(words, " "), true
}

func clAffiliation(part string) bool {
	if roleRe.MatchString(part) {
		return true
	}
	// a place or organisation name: capitalised words only
	for _, w := range strings.Fields(part) {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

func clAllUpper(w string) bool {
	letters := false
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters = true
		}
	}
	return letters
}

// clTitleWord turns "DOE" into "Doe" and "O'NEIL" into "O'Neil".
func clTitleWord(w string) string {
	var b strings.Builder
	up := true
	for _, r := range w {
		if up {
			b.WriteRune(unicode.ToUpper(r))
		} else {
			b.WriteRune(unicode.ToLower(r))
		}
		up = r == '-' || r == '\'' || r == '\u2019' || r == ' '
	}
	return b.String()
}

func clSameNames(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !strings.EqualFold(clCollapse(a[i]), clCollapse(b[i])) {
			return false
		}
	}
	return true
}

func clAppendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

func clRemoveAll(list, drop []string) []string {
	out := list[:0:0]
	for _, x := range list {
		keep := true
		for _, d := range drop {
			if x == d {
				keep = false
				break
			}
		}
		if keep {
			out = append(out, x)
		}
	}
	return out
}

func clNilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}
