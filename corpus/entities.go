package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parallax-research/parallax/corpus/ner"
)

// Entity fields: where a mention sits.
const (
	FieldTitle    = "title"
	FieldBody     = "body"
	FieldCaptions = "captions"
)

// EntityTypes are the entity types, in display order.
var EntityTypes = []string{"PER", "ORG", "LOC", "MISC"}

// MentionTagger finds entity mentions in a text; *ner.Tagger is one.
type MentionTagger interface {
	Extract(text string) []ner.Mention
}

// ExtractEntities runs the embedded tagger on the article's title, body and
// captions (joined by "\n\n") and replaces a.Entities with the mentions it
// trusts, linked and normalised: see ExtractEntitiesWith.
func ExtractEntities(a *Article) {
	ExtractEntitiesWith(a, ner.Default())
}

// ExtractEntitiesWith is ExtractEntities with another tagger. It
//   - drops pronouns, common words, and single-word mentions that are only
//     capitalised because they start a sentence (the word occurs in lower
//     case elsewhere in the article) or sit in a title-case headline;
//   - cleans each mention into a name (no possessive "'s", no leading
//     "the", no personal titles such as "Mr." or "President" for people);
//   - links later short forms to the full form the article introduced:
//     a surname ("Obama") to the person ("Barack Obama"), an acronym
//     introduced in brackets ("the United Nations (UN)") to its expansion,
//     and tags the acronym's other occurrences;
//   - applies the built-in aliases (U.S., US, USA, America → United
//     States; UK, Britain → United Kingdom; UN → United Nations; ...).
//
// Each Entity's Canonical is the resulting display name; Start and End are
// byte offsets into its Field; Sentence indexes ner.Sentences(field text).
func ExtractEntitiesWith(a *Article, t MentionTagger) {
	a.Entities = nil
	fields := []struct{ name, text string }{
		{FieldTitle, a.Title},
		{FieldBody, a.Body},
		{FieldCaptions, strings.Join(a.Captions, "\n\n")},
	}
	// The lower-case word set is built only when a mention needs it.
	var lowerSet map[string]bool
	lower := func(w string) bool {
		if lowerSet == nil {
			lowerSet = lowerWordSet(a.Title, a.Body, fields[2].text)
		}
		return lowerSet[w]
	}
	type raw struct {
		field, text string
		titleCase   bool
		ms          []ner.Mention
	}
	var raws []raw
	surnames := map[string]bool{}
	for _, f := range fields {
		if strings.TrimSpace(f.text) == "" {
			continue
		}
		r := raw{field: f.name, text: f.text, titleCase: f.name == FieldTitle && isTitleCase(f.text), ms: t.Extract(f.text)}
		for _, m := range r.ms {
			if m.Type == "PER" && m.Start >= 0 && m.End <= len(f.text) {
				if w := personWords(CleanEntityName(m.Text, m.Type)); len(w) > 1 {
					surnames[strings.ToLower(w[len(w)-1])] = true
				}
			}
		}
		raws = append(raws, r)
	}
	var ms []mention
	for _, r := range raws {
		for _, m := range r.ms {
			if m.Start < 0 || m.End > len(r.text) || m.Start >= m.End || r.text[m.Start:m.End] != m.Text {
				continue
			}
			if !trustMention(r.text, m, lower, r.titleCase, surnames) {
				continue
			}
			name := CleanEntityName(m.Text, m.Type)
			if name == "" {
				continue
			}
			ms = append(ms, mention{field: r.field, text: r.text, m: m, name: name, typ: m.Type})
		}
		if r.field == FieldBody {
			ms = append(ms, acronymMentions(r.field, r.text, ms)...)
		}
	}
	linkMentions(ms)
	for _, x := range ms {
		canon, typ := x.canon, x.typ
		if canon == "" {
			canon = x.name
		}
		if al, ok := builtinAlias(canon, typ); ok {
			canon, typ = al.name, al.typ
		}
		a.Entities = append(a.Entities, Entity{
			Text: x.m.Text, Type: typ, Start: x.m.Start, End: x.m.End,
			Field: x.field, Canonical: canon, Sentence: x.m.Sentence,
		})
	}
}

// mention is a trusted mention while the article is being linked.
type mention struct {
	field, text string // the field and its text
	m           ner.Mention
	name        string // cleaned name
	typ         string // type after linking
	canon       string // full form it was linked to ("" = itself)
	acronym     string // acronym introduced right after it, in brackets
}

// trustMention rejects pronouns, common words and sentence-initial or
// headline capitalisation of ordinary words.
func trustMention(text string, m ner.Mention, lower func(string) bool, titleCase bool, surnames map[string]bool) bool {
	words := strings.Fields(m.Text)
	if len(words) == 0 {
		return false
	}
	if len(words) > maxEntityWords || len(words) >= 3 && repeatsWord(words) {
		// Scraping debris: country pickers, hover cards ("Paul Ryan Paul Davis Ryan").
		return false
	}
	if len(words) > 1 {
		// A multi-word mention made only of common words ("The End") is noise.
		for _, w := range words {
			if !commonWords[strings.ToLower(trimPunct(w))] {
				return true
			}
		}
		return false
	}
	w := strings.ToLower(trimPunct(words[0]))
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
	if w == "" {
		return false
	}
	upper := isAllUpperWord(words[0])
	if pronouns[w] || pronounLike[w] {
		return upper && !pronounLike[w]
	}
	if surnames[w] {
		return true // "May" after "Theresa May"
	}
	if commonWords[w] && !upper {
		return false
	}
	if (titleCase || sentenceInitial(text, m.Start)) && lower(w) {
		return false
	}
	return true
}

// maxEntityWords is the longest name trusted ("United Nations Educational,
// Scientific and Cultural Organization" has 7 words).
const maxEntityWords = 8

func repeatsWord(words []string) bool {
	seen := map[string]bool{}
	for _, w := range words {
		w = strings.ToLower(trimPunct(w))
		if len(w) > 2 && seen[w] {
			return true
		}
		seen[w] = true
	}
	return false
}

// sentenceInitial reports whether the byte offset starts a sentence: only
// quotes or brackets between it and the text start or a sentence end.
func sentenceInitial(text string, at int) bool {
	i := at
	for i > 0 {
		r, sz := utf8.DecodeLastRuneInString(text[:i])
		switch {
		case r == '"' || r == '\'' || r == '“' || r == '‘' || r == '(' || r == '[' || r == '«' || r == '—' || r == '-' || r == '•' || r == '*':
			i -= sz
		case unicode.IsSpace(r):
			if r == '\n' {
				return true
			}
			i -= sz
		case r == '.' || r == '!' || r == '?' || r == ':' || r == '…':
			return true
		default:
			return false
		}
	}
	return true
}

// lowerWordSet returns the words that occur in lower case in the texts:
// the runs of letters and apostrophes (as strings.FieldsFunc would split
// them) that start with a lower-case letter, trimmed of apostrophes.
func lowerWordSet(texts ...string) map[string]bool {
	set := map[string]bool{}
	add := func(w string) {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLower(r) {
			set[strings.Trim(w, "'’")] = true
		}
	}
	for _, text := range texts {
		start := -1
		for i, r := range text {
			if r < utf8.RuneSelf {
				// ASCII fast path: letters and the apostrophe continue a word.
				if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || r == '\'' {
					if start < 0 {
						start = i
					}
					continue
				}
			} else if unicode.IsLetter(r) || r == '’' {
				if start < 0 {
					start = i
				}
				continue
			}
			if start >= 0 {
				add(text[start:i])
				start = -1
			}
		}
		if start >= 0 {
			add(text[start:])
		}
	}
	return set
}

// isTitleCase reports whether most words of a headline are capitalised.
func isTitleCase(s string) bool {
	caps, n := 0, 0
	for _, w := range strings.Fields(s) {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLetter(r) {
			continue
		}
		n++
		if unicode.IsUpper(r) {
			caps++
		}
	}
	return n >= 3 && caps*4 >= n*3
}

func isAllUpperWord(w string) bool {
	letters := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters >= 2
}

func trimPunct(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// personTitles are words dropped in front of a person's name.
var personTitles = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`mr mr. mrs mrs. ms ms. miss dr dr. prof prof. professor sir dame lord lady
	president vice sen sen. senator rep rep. representative gov gov. governor mayor secretary minister
	premier chancellor king queen prince princess pope rev rev. reverend father sister brother
	gen gen. general lt lt. col col. colonel capt capt. captain sgt sgt. sergeant adm adm. admiral maj maj. major
	judge justice chief officer agent detective coach speaker leader chairman chairwoman chair ceo
	former late candidate nominee attorney ambassador commissioner director st st. saint`) {
		personTitles[w] = true
	}
}

// CleanEntityName turns a mention's text into a name: one space between
// words, no surrounding quotes or brackets, no possessive, no leading
// "the", no personal titles in front of people ("President Barack Obama's"
// → "Barack Obama"), and headline capitals softened ("BARACK OBAMA" →
// "Barack Obama"; acronyms stay). It returns "" when nothing is left.
func CleanEntityName(text, typ string) string {
	s := strings.Join(strings.Fields(text), " ")
	s = strings.ReplaceAll(s, "’", "'")
	s = strings.TrimFunc(s, func(r rune) bool {
		return strings.ContainsRune("\"'“”‘«»()[]{},;:!?*•—–-", r)
	})
	s = strings.TrimSuffix(s, "'s")
	s = strings.TrimSuffix(s, "'")
	s = strings.TrimSpace(s)
	words := strings.Fields(s)
	for len(words) > 1 && strings.EqualFold(words[0], "the") {
		words = words[1:]
	}
	if typ == "PER" {
		for len(words) > 1 && personTitles[strings.ToLower(words[0])] {
			words = words[1:]
		}
	}
	if len(words) == 0 {
		return ""
	}
	allUpper := true
	for _, w := range words {
		for _, r := range w {
			if unicode.IsLower(r) {
				allUpper = false
			}
		}
	}
	if allUpper && (len(words) > 1 || utf8.RuneCountInString(words[0]) > 5) {
		for i, w := range words {
			if utf8.RuneCountInString(w) > 3 && !strings.ContainsRune(w, '.') {
				words[i] = titleWord(w)
			}
		}
	}
	return strings.Join(words, " ")
}

func titleWord(w string) string {
	var b strings.Builder
	first := true
	for _, r := range w {
		if first {
			b.WriteRune(unicode.ToUpper(r))
		} else {
			b.WriteRune(unicode.ToLower(r))
		}
		first = !unicode.IsLetter(r) && r != '\''
	}
	return b.String()
}

// EntityKey is the identity of a name: lower case, no dots or apostrophes,
// hyphens as spaces, one space between words ("U.S." → "us",
// "Barack  Obama" → "barack obama").
func EntityKey(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	space := true
	for _, r := range name {
		switch {
		case r == '.' || r == '\'' || r == '’':
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '&':
			b.WriteRune(unicode.ToLower(r))
			space = false
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimSpace(b.String())
}

// linkMentions attaches short forms to the full forms of the same article.
func linkMentions(ms []mention) {
	// People: surname (and first+last of longer names) → full names.
	type cand struct {
		name  string
		count int
		first int
	}
	per := map[string][]*cand{}
	full := map[string]*cand{}
	for i, x := range ms {
		if x.typ != "PER" {
			continue
		}
		words := personWords(x.name)
		if len(words) < 2 {
			continue
		}
		k := EntityKey(x.name)
		c := full[k]
		if c == nil {
			c = &cand{name: x.name, first: i}
			full[k] = c
			keys := []string{EntityKey(words[len(words)-1])}
			if len(words) > 2 {
				keys = append(keys, EntityKey(words[0]+" "+words[len(words)-1]))
			}
			for _, sk := range keys {
				per[sk] = append(per[sk], c)
			}
		}
		c.count++
	}
	// Acronyms introduced in brackets right after a full form.
	acr := map[string]*mention{}
	for i := range ms {
		x := &ms[i]
		if x.typ == "PER" {
			continue
		}
		if a := bracketAcronym(x.text, x.m.End); a != "" && len(strings.Fields(x.name)) > 1 {
			x.acronym = a
			if _, ok := acr[EntityKey(a)]; !ok {
				acr[EntityKey(a)] = x
			}
		}
	}
	for i := range ms {
		x := &ms[i]
		k := EntityKey(x.name)
		if x.typ != "PER" || len(strings.Fields(x.name)) > 1 {
			if f := acr[k]; f != nil && f != x && x.typ != "PER" && len(strings.Fields(x.name)) == 1 {
				x.canon, x.typ = f.name, f.typ
				continue
			}
		}
		// Taggers often mistype a bare surname; trust the person only for
		// MISC, or in a headline, where surnames stand alone most.
		if x.typ != "PER" && x.typ != "MISC" && (x.field != FieldTitle || len(strings.Fields(x.name)) > 1) {
			continue
		}
		if full[k] != nil {
			continue // a full form itself
		}
		cs := per[k]
		if len(cs) == 0 {
			continue
		}
		best := cs[0]
		for _, c := range cs[1:] {
			if c.count > best.count || c.count == best.count && c.first < best.first {
				best = c
			}
		}
		x.canon, x.typ = best.name, "PER"
	}
}

// personWords are the words of a person's name without suffixes (Jr., III).
func personWords(name string) []string {
	words := strings.Fields(name)
	for len(words) > 2 {
		switch strings.ToLower(strings.TrimSuffix(words[len(words)-1], ".")) {
		case "jr", "sr", "ii", "iii", "iv":
			words = words[:len(words)-1]
			continue
		}
		break
	}
	if len(words) > 1 {
		last := words[len(words)-1]
		if strings.HasSuffix(last, ".") && len(last) <= 3 { // an initial
			return words[:1]
		}
	}
	return words
}

// bracketAcronym returns ACR when text[end:] starts with " (ACR)".
func bracketAcronym(text string, end int) string {
	rest := text[end:]
	rest = strings.TrimLeft(rest, " ")
	if !strings.HasPrefix(rest, "(") {
		return ""
	}
	close := strings.IndexByte(rest, ')')
	if close < 3 || close > 14 {
		return ""
	}
	a := rest[1:close]
	letters := 0
	for _, r := range a {
		switch {
		case r >= 'A' && r <= 'Z':
			letters++
		case r == '.' || r == '&' || r == '-':
		case r >= 'a' && r <= 'z' && letters > 0:
		default:
			return ""
		}
	}
	if letters < 2 {
		return ""
	}
	return a
}

// acronymMentions adds the occurrences of bracket-introduced acronyms the
// tagger missed (the full form is already a trusted mention in ms).
func acronymMentions(field, text string, ms []mention) []mention {
	intro := map[string]ner.Mention{}
	for _, x := range ms {
		if x.field != field || x.typ == "PER" || len(strings.Fields(x.name)) < 2 {
			continue
		}
		if a := bracketAcronym(text, x.m.End); a != "" {
			if _, ok := intro[a]; !ok {
				intro[a] = ner.Mention{Type: x.typ, Start: x.m.End}
			}
		}
	}
	if len(intro) == 0 {
		return nil
	}
	taken := func(s, e int) bool {
		for _, x := range ms {
			if x.field == field && x.m.Start < e && s < x.m.End {
				return true
			}
		}
		return false
	}
	sents := ner.Sentences(text)
	var out []mention
	for _, tk := range ner.Tokenize(text) {
		in, ok := intro[tk.Text]
		if !ok || tk.Start < in.Start || taken(tk.Start, tk.End) {
			continue
		}
		sent := 0
		for k, s := range sents {
			if tk.Start >= s[0] {
				sent = k
			}
		}
		m := ner.Mention{Text: tk.Text, Type: in.Type, Start: tk.Start, End: tk.End, Sentence: sent}
		out = append(out, mention{field: field, text: text, m: m, name: tk.Text, typ: in.Type})
	}
	return out
}

// pronouns are never entities.
var pronouns = map[string]bool{}

// pronounLike are common words that an all-capital spelling does not rescue.
var pronounLike = map[string]bool{}

// commonWords are English function words and frequent sentence starters
// that are not entities on their own.
var commonWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`i me my mine myself you your yours yourself yourselves he him his himself
	she her hers herself it its itself we us our ours ourselves they them their theirs themselves
	one someone somebody something anyone anybody anything everyone everybody everything nobody nothing
	who whom whose which what whatever whoever this that these those y'all ya`) {
		pronouns[w] = true
	}
	for _, w := range strings.Fields(`the a an and or but nor so yet if as because although though while after
	before since until unless whether also still even just only now then here there where when why how than
	in on at by for with from of to into onto over under about against between among through during without
	within across behind beyond despite except inside outside near off out up down around along toward towards
	upon via per amid
	some any all each every both either neither no not another other others such same many most more much few
	several little less least lot lots enough own
	is are was were be been being am has have had do does did will would shall should can could may might must
	said says say saying told tells asked asks added adds noted wrote writes according reported reports
	however meanwhile moreover furthermore instead indeed perhaps maybe therefore thus hence otherwise
	yes ok okay oh well please thanks thank hello hi hey wow
	today yesterday tomorrow tonight morning afternoon evening night week weekend month year day days
	first second third last next new old former latest later earlier recent recently early late
	breaking update updated exclusive watch read photo photos video videos editor note advertisement related
	click subscribe sign share follow listen image images getty file caption credit source sources hide show expand
	opinion analysis commentary report news story live
	mr mrs ms dr sir madam
	like unlike whereas why whom let lets let's let’s don't doesn't didn't isn't aren't wasn't weren't won't can't
	it's that's there's here's what's who's he's she's we're they're i'm you're
	again already always never often sometimes usually ever soon once twice almost about nearly
	very too quite rather really actually certainly clearly obviously simply
	good bad big small high low long short great best worst better worse
	make makes made take takes took get gets got go goes went come comes came see sees saw know knows knew
	think thinks thought want wants wanted need needs needed use used look looks looked find found give gave
	people officials critics supporters experts analysts residents voters lawmakers leaders members
	government police state city country world nation public group party company companies
	president senator governor mayor minister secretary director chief judge court
	north south east west northern southern eastern western
	january february march april may june july august september october november december
	monday tuesday wednesday thursday friday saturday sunday`) {
		commonWords[w] = true
	}
	for _, w := range strings.Fields(`i me my you your he him his she her it its we our they them their this that
	the a an and or but if as is are was were be`) {
		pronounLike[w] = true
	}
	// Words that are common but are also regular entities when capitalised
	// mid-sentence are kept out of the list above; these months and days are
	// MISC in CoNLL but useless for co-occurrence.
}
